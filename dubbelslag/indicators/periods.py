"""The periods observations are about, and their order in time.

A stored period is a year (``2024``) or a CBS period code for a quarter (``2024KW01`` to ``2024KW04``) or a month
(``2024MM01`` to ``2024MM12``); the importers store CBS's whole-year code ``2024JJ00`` as the bare year (see
``sources.common.normalise_period``, which checks these rules on the way in). Periods are text, and text sorts
wrongly: ``2024KW04`` sorts before ``2024MM02`` although April comes later, and a period typed in other digits
(``２０２４``) sorts after every real one. So every place that orders periods or picks the latest one uses
``period_sort_key`` (or ``latest_period``), never ``order_by("period")``, ``max()`` or ``Max("period")``.

Pure functions, no database and no translation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# ASCII digits only: re's \d matches every Unicode digit (٢٠٢٤, ２０２４), and so do int() and str.isdigit().
PERIOD_PATTERN = re.compile(r"([0-9]{4})(?:([A-Z]{2})([0-9]{2}))?", re.ASCII)
FIRST_YEAR, LAST_YEAR = 1900, 2100
# The CBS period kinds we store: the numbers each allows, and the months each number covers.
QUARTERS = range(1, 5)
MONTHS = range(1, 13)


def period_span(period: str) -> tuple[int, int, int] | None:
    """``(year, first month, last month)`` of a period (``2024`` → ``(2024, 1, 12)``, ``2024KW02`` → ``(2024, 4,
    6)``, ``2024MM03`` → ``(2024, 3, 3)``; ``2024JJ00`` is the year), or None when it is not a valid period."""
    match = PERIOD_PATTERN.fullmatch(period)
    if not match:
        return None
    year, kind, number = int(match[1]), match[2], int(match[3] or 0)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    if kind is None or (kind == "JJ" and number == 0):
        return year, 1, 12
    if kind == "KW" and number in QUARTERS:
        return year, 3 * number - 2, 3 * number
    if kind == "MM" and number in MONTHS:
        return year, number, number
    return None


def period_sort_key(period: str) -> tuple[int, int, int, int, str]:
    """Sort key that puts periods in time order.

    A period sorts by the month it ends, then by the month it starts, so of periods that end together the longer one
    comes first: ``2023 < 2024MM02 < 2024 < 2024KW04 < 2024MM12``. The latest period is thus the most recent and,
    among those ending together, the most detailed. Text that is not a valid period (stored before the importers
    checked periods) sorts before every valid one, by its text, so it is never taken for the latest.
    """
    span = period_span(period)
    if span is None:
        return 0, 0, 0, 0, period
    year, first, last = span
    return 1, year, last, first, ""


def latest_period(periods: Iterable[str]) -> str | None:
    """The latest of ``periods`` in time (see ``period_sort_key``), None when there are none."""
    return max(periods, key=period_sort_key, default=None)
