"""Reading numbers and primary keys from text that users (and crawlers) can set to anything: paths, query and form
parameters, API filters, the environment.

This is the one number parser. Python's ``int()`` and ``float()``, ``str.isdigit()`` and the regex ``\\d`` all
accept digits of other scripts ("３" full-width, "٣" Arabic-Indic), and ``isdigit()`` even "²", so "/records/３"
would find record 3 while "²" fails somewhere else. Here only the ASCII digits 0-9 count, so a number means the
same on every path, page and API parameter, and anything else is refused the same way.
"""

from __future__ import annotations

import re

from django.core.paginator import Page, Paginator

# re.ASCII is belt and braces: [0-9] is ASCII already, but the flags keep a later "\d" in these patterns ASCII too.
_INTEGER = re.compile(r"[0-9]+", re.ASCII)
_SIGNED_INTEGER = re.compile(r"-?[0-9]+", re.ASCII)
_DECIMAL = re.compile(r"-?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)", re.ASCII)
MAX_PK_DIGITS = 12
MAX_DIGITS = 18


def parse_int(text: str | None, *, signed: bool = False, max_digits: int = MAX_DIGITS) -> int | None:
    """``text`` as a whole number written in ASCII digits (with a leading minus when ``signed``), at most
    ``max_digits`` digits; None for anything else: empty, letters, spaces, a plus sign, other scripts' digits."""
    if not isinstance(text, str):
        return None
    if not (_SIGNED_INTEGER if signed else _INTEGER).fullmatch(text) or len(text.lstrip("-")) > max_digits:
        return None
    return int(text)


def parse_decimal(text: str | None, *, max_length: int = 30) -> float | None:
    """``text`` as a number in ASCII digits with an optional minus and a decimal point or comma ("1,5", "1.5", ".5");
    None for anything else (also "1e3", "inf", "nan", other scripts' digits)."""
    if not isinstance(text, str) or len(text) > max_length or not _DECIMAL.fullmatch(text):
        return None
    return float(text.replace(",", "."))


def as_pk(value: str | None) -> int | None:
    """A primary key from a query or form parameter; None for anything else: letters, signs, "²" or "３", or a
    number too long for the database's integer."""
    return parse_int(value, max_digits=MAX_PK_DIGITS)


def paginate(object_list, per_page: int, number: str | None, **options) -> Page:
    """The page ``number`` (a query parameter) of ``object_list``, like ``Paginator.get_page``: the first page when
    the number is missing or not a number in ASCII digits (``get_page`` itself would read "２" as 2), the last when
    it is past the end."""
    value = parse_int((number or "").strip(), max_digits=MAX_PK_DIGITS)
    return Paginator(object_list, per_page, **options).get_page(1 if value is None else value)
