"""The indicator sheet's holdings list the newest period first, in time rather than text order."""

from dubbelslag.indicators.catalogue import holdings
from dubbelslag.indicators.models import Indicator
from testing.base import BaseTestCase
from testing.factories.atlas import make_run, observe


class HoldingsOrderTests(BaseTestCase):
    def test_newest_period_first_in_time(self):
        run = make_run(year=2025)
        for period in ("2024KW04", "2024", "2023", "2024MM12", "2024MM02"):
            observe(self.pendrecht, "INK_LAAG", 1.0, run=run, period=period)

        periods = [holding.period for holding in holdings(Indicator.objects.get(code="INK_LAAG"))]

        self.assertEqual(periods, ["2024MM12", "2024KW04", "2024", "2024MM02", "2023"])
