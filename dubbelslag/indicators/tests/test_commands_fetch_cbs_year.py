"""``manage.py fetch_cbs_year``: every catalogue table of a boundary year in one go, resumable, on captured responses.

The seeded catalogue names the KWB tables and, with key stems, one other CBS table (50120NED, on CBS's portal for
third-party data). A ``Router`` serves each table from its own ``CbsStub``; the conftest's ``no_network``
fixture fails any test that would open a socket.
"""

from __future__ import annotations

from io import StringIO
from urllib.parse import urlsplit

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from dubbelslag.indicators.fetch_year import catalogue_tables, fetch_boundary_year
from dubbelslag.indicators.models import ImportRun, Observation
from dubbelslag.indicators.selectors import THIRD_PARTY_BASE_URL
from dubbelslag.indicators.sources.cbs_odata import CbsODataClient, CbsODataError
from testing.base import BaseTestCase

from .test_odata_import import CbsStub, kwb_2024_stub


def geo_only(map_year):
    """The DataProperties of a table whose region dimension states ``map_year``."""
    return {"value": [{"Type": "GeoDimension", "Key": "RegioS", "Title": "Regio's", "MapYear": map_year}]}


class Router:
    """A ``fetch_json`` that hands each request to the stub of its table; an unknown table fails like a network
    error. Records the base URL each table was asked at."""

    def __init__(self, stubs):
        self.stubs = stubs
        self.bases: dict[str, set[str]] = {}

    def __call__(self, url):
        path = urlsplit(url).path.rstrip("/").split("/")
        table = path[-2]
        self.bases.setdefault(table, set()).add(url.split(table)[0])
        if table not in self.stubs:
            raise CbsODataError(f"CBS answered HTTP 404 for {url}")
        return self.stubs[table](url)


def router(kwb=None, **others):
    stubs = {"85984NED": kwb or kwb_2024_stub(), "50120NED": CbsStub("50120NED", properties=geo_only(2023))}
    stubs.update(others)
    return Router(stubs)


class FetchCbsYearTests(BaseTestCase):
    def run_command(self, fetch, *args):
        stdout, stderr = StringIO(), StringIO()
        with translation.override("en"):
            try:
                call_command("fetch_cbs_year", "2024", *args, client=CbsODataClient(fetch_json=fetch), stdout=stdout,
                             stderr=stderr)
            finally:
                self.stdout, self.stderr = stdout.getvalue(), stderr.getvalue()

    def test_the_tables_of_a_year_are_its_kwb_table_and_the_other_catalogue_tables(self):
        self.assertEqual([(table.table_id, table.is_kwb, table.base_url) for table in catalogue_tables(2024)],
                         [("85984NED", True, None), ("50120NED", False, THIRD_PARTY_BASE_URL)])
        # No KWB table of 2030 exists, so only the others remain to be asked.
        self.assertEqual([table.table_id for table in catalogue_tables(2030)], ["50120NED"])

    def test_imports_the_kwb_table_skips_tables_of_other_years_and_prints_progress(self):
        fetch = router()
        self.run_command(fetch)

        runs = list(ImportRun.objects.values_list("table_id", "boundary_year", "source"))
        self.assertEqual(runs, [("85984NED", 2024, "cbs_odata")])
        self.assertEqual(Observation.objects.filter(area__boundary_year=2024).count(), 15)
        lines = self.stdout.splitlines()
        self.assertEqual([line for line in lines if line.startswith("[")][:1], ["[1/2] table 85984NED …"])
        self.assertIn("[2/2] table 50120NED …", lines)
        self.assertIn("TypedDataSet: page 2 fetched, 5 rows", lines)
        self.assertIn("50120NED: skipped (its regions are of 2023)", lines)
        self.assertEqual(lines[-1], "Boundary year 2024: 1 imported, 0 done before, 1 of another year, 0 failed.")
        # The third-party table is read at its own portal.
        self.assertEqual(fetch.bases["50120NED"], {THIRD_PARTY_BASE_URL})

    def test_a_second_run_skips_what_is_done_and_fetches_nothing_of_it(self):
        self.run_command(router())
        again = router()
        self.run_command(again)

        self.assertEqual(ImportRun.objects.count(), 1)
        self.assertNotIn("85984NED", again.bases)
        self.assertIn("85984NED: done before (already imported in 2024)", self.stdout.splitlines())

    def test_an_interrupted_run_is_resumed_with_only_the_failed_table_retried(self):
        broken = CbsStub("85984NED", fail="CBS answered HTTP 503")
        with self.assertRaisesMessage(CommandError, "1 table(s) failed"):
            self.run_command(router(kwb=broken))
        self.assertFalse(ImportRun.objects.exists())
        self.assertIn("85984NED: failed (", self.stderr)

        self.run_command(router())
        self.assertEqual(list(ImportRun.objects.values_list("table_id", flat=True)), ["85984NED"])
        self.assertEqual(Observation.objects.count(), 15)

    def test_a_table_of_the_year_itself_is_imported_in_that_year_and_a_refusal_stops_no_other(self):
        # 50120NED now states 2024 regions, so it is imported in 2024; its (stub) dictionary has no column the
        # catalogue maps, so the importer refuses it, and the failure does not stop the KWB table.
        fetch = router(**{"50120NED": CbsStub("50120NED", properties=geo_only(2024))})
        with self.assertRaises(CommandError):
            self.run_command(fetch)
        self.assertIn("50120NED: failed (", self.stderr)
        self.assertIn("No column of 50120NED matches", self.stderr)
        self.assertEqual(list(ImportRun.objects.values_list("table_id", flat=True)), ["85984NED"])

    def test_again_fetches_the_done_tables_too(self):
        fetch_boundary_year(2024, by=None, client=CbsODataClient(fetch_json=router()))
        again = router()
        outcomes = fetch_boundary_year(2024, by=None, client=CbsODataClient(fetch_json=again), again=True)
        self.assertEqual([(outcome.table.table_id, outcome.state) for outcome in outcomes],
                         [("85984NED", "imported"), ("50120NED", "skipped")])
        self.assertIn("85984NED", again.bases)
