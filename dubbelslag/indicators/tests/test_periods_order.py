"""Periods in time order: one sort key for every place that orders periods or picks the latest one."""

import pytest

from dubbelslag.indicators.periods import latest_period, period_sort_key, period_span

# Side by side as they could be stored; a legacy period in full-width digits (stored before the importers refused
# them) is text, not a time, and must never count as the latest.
STORED = ["2024KW04", "2024", "2023", "2024MM12", "2024MM02", "２０２４"]
IN_TIME = ["２０２４", "2023", "2024MM02", "2024", "2024KW04", "2024MM12"]


def test_periods_sort_as_time_not_as_text():
    assert sorted(STORED, key=period_sort_key) == IN_TIME
    # As text, February would come after the fourth quarter and the full-width year after everything.
    assert sorted(STORED) == ["2023", "2024", "2024KW04", "2024MM02", "2024MM12", "２０２４"]


def test_latest_period_is_the_latest_in_time():
    assert latest_period(STORED) == "2024MM12"
    assert latest_period(["2024MM02", "2024KW04"]) == "2024KW04"
    assert latest_period(["2024MM11", "2023"]) == "2024MM11"
    assert latest_period(["２０２５", "2019"]) == "2019"
    assert latest_period([]) is None


@pytest.mark.parametrize(("period", "span"), [
    ("2024", (2024, 1, 12)), ("2024JJ00", (2024, 1, 12)), ("2024KW01", (2024, 1, 3)), ("2024KW04", (2024, 10, 12)),
    ("2024MM01", (2024, 1, 1)), ("2024MM12", (2024, 12, 12)), ("1900", (1900, 1, 12)), ("2100", (2100, 1, 12)),
])
def test_period_span(period, span):
    assert period_span(period) == span


@pytest.mark.parametrize("period", ["1899", "2101", "2024KW00", "2024KW05", "2024MM00", "2024MM13", "2024JJ01",
                                    "2024XX01", "２０２４", "٢٠٢٤", "2024kw01", "24", ""])
def test_period_span_of_what_is_not_a_stored_period(period):
    assert period_span(period) is None
