"""Decimal figures read in bulk: as the column's text, turned into a ``Decimal`` here.

The read models and the exports read thousands of figures (a programme's export some 90,000). The backend's own
decimal conversion costs more than the rest of such a read: SQLite's goes through a float and a quantize per value,
in Django's per-row converter loop. Cast to text in the query (``as_text``), a column has no converter, and
``DecimalReader`` gives each distinct text's ``Decimal`` once (figures repeat: counts, percentages, zeros). The text
is exact on PostgreSQL (numeric) and on SQLite the same 15 significant digits its own conversion keeps; the result
is quantized to the field's decimal places, as the field's own conversion does, so ``12.5`` reads as ``12.50``.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import TextField
from django.db.models.functions import Cast

QUANTUM = {places: Decimal(1).scaleb(-places) for places in range(7)}


def as_text(name: str) -> Cast:
    """The decimal column ``name`` as its text, for ``annotate`` or ``values``."""
    return Cast(name, output_field=TextField())


def to_decimal(text: str | None, places: int = 2) -> Decimal | None:
    """``text`` as the ``Decimal`` the field's own conversion gives: to its ``places`` decimal places."""
    return None if text is None else Decimal(text).quantize(QUANTUM[places])


class DecimalReader:
    """``to_decimal`` for one field's ``places``, remembering each text it has read (for one read: the texts of
    one query, so it holds no more than that query's distinct figures)."""

    def __init__(self, places: int):
        self.quantum = QUANTUM[places]
        self.seen: dict[str, Decimal] = {}

    def __call__(self, text: str | None) -> Decimal | None:
        if text is None:
            return None
        value = self.seen.get(text)
        if value is None:
            value = self.seen[text] = Decimal(text).quantize(self.quantum)
        return value
