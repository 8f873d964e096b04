"""A figure without a period shows the area's latest period in time, not the last one as text."""

from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from dubbelslag.publications.figures import take_snapshot
from testing.base import BaseTestCase


class LatestPeriodTests(BaseTestCase):
    def test_the_snapshot_takes_the_latest_period_in_time(self):
        indicator = Indicator.objects.create(code="FIG_PERIOD", name_nl="Proef", name_en="Test", domain="energie",
                                             unit="%")
        run = ImportRun.objects.create(source="long_format", file_name="periods.csv")
        # As text, ２０２４ (full-width digits, stored before the importers refused them) would be the latest,
        # and 2024MM02 would come after 2024KW04.
        for period, value in (("2024KW04", 4.0), ("2024", 3.0), ("2023", 1.0), ("2024MM02", 2.0),
                              ("２０２４", 99.0)):
            Observation.objects.create(area=self.pendrecht, indicator=indicator, period=period, value=value,
                                       import_run=run)

        snapshot = take_snapshot(area=self.pendrecht, indicator=indicator, with_median=False)

        self.assertEqual((snapshot["period"], snapshot["value"]), ("2024KW04", 4.0))
