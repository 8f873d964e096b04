"""A trigger rule reads the area's latest figure in time, not the last period as text."""

from django.test import TestCase
from django.utils import translation

from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.koppelkansen.selectors import suggestions_for
from testing.factories.koppelkansen import make_buurten, make_import_run, make_koppelkans, observe


class LatestFigureTests(TestCase):
    def test_the_rule_reads_the_latest_period_in_time(self):
        Koppelkans.objects.update(is_active=False)  # only the test's own koppelkans
        run = make_import_run()
        _gemeente, buurten = make_buurten("GM0001", [None])
        # As text 2024MM02 would be the latest, and ２０２４ (full-width digits, stored before the importers refused
        # them) later still; in time it is 2024KW04, whose value fires the rule.
        for period, value in (("2024KW04", 40.0), ("2023", 10.0), ("2024MM02", 20.0), ("２０２４", 99.0)):
            observe("INK_SOCMIN", buurten, [value], run=run, period=period)
        make_koppelkans(rules=[("INK_SOCMIN", "gte", "absolute", 30)])

        with translation.override("en"):
            suggestion, = suggestions_for(buurten[0])

        self.assertIn("(2024KW04)", suggestion.reasons[0])
