"""The scan reads each indicator on its latest period in time, not on the last period as text."""

from django.test import TestCase

from dubbelslag.scan.selectors import run_scan
from testing.factories.scan import add_figures, make_buurten, make_run


class LatestPeriodTests(TestCase):
    def test_the_latest_period_is_the_latest_in_time(self):
        areas = make_buurten(2021)
        buurten = [area for code, area in areas.items() if code.startswith("BU")]
        run = make_run()
        # Max("period") would pick ２０２４ (full-width digits, stored before the importers refused them) or,
        # without it, 2024MM02 over 2024KW04.
        for period, value in (("2024KW04", 40.0), ("2024", 30.0), ("2023", 10.0), ("2024MM02", 20.0),
                              ("２０２４", 99.0)):
            add_figures(run, "INK_SOCMIN", dict.fromkeys(buurten, value), period=period)

        result = run_scan(level="buurt", boundary_year=2021)

        use = next(use for use in result.indicators if use.code == "INK_SOCMIN")
        self.assertEqual((use.period, use.areas_with_value), ("2024KW04", 6))
        self.assertEqual({row.values["INK_SOCMIN"] for row in result.rows()}, {40.0})
