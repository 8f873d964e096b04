"""The write path shared by every import (``services.import_records``): first import, re-import, partial update,
refusal, skipping, batching and progress, on small hand-made tables."""

from unittest import mock

from django.utils import translation

from dubbelslag.areas.models import Area
from dubbelslag.core.models import AuditEvent
from dubbelslag.indicators import services
from dubbelslag.indicators.models import ImportRun, Observation
from dubbelslag.indicators.services import ImportRefused, import_records
from dubbelslag.indicators.sources import ObservationRecord, ParseResult
from testing.base import BaseTestCase, make_area


def table(*rows: tuple) -> ParseResult:
    """A parsed table from (area code, indicator code or key stem, period, value) rows; value None or a CBS symbol
    ("." suppressed, "-" unknown) gives that status. Line numbers start at 2, as under a CSV header."""
    records = []
    for line, (area, indicator, period, value) in enumerate(rows, start=2):
        status = {".": "suppressed", "-": "unknown"}.get(value, "ok") if isinstance(value, str) else "ok"
        records.append(ObservationRecord(area, indicator, indicator, period, None if status != "ok" else value,
                                         status, value if status != "ok" else "", line))
    return ParseResult(tuple(records), (), len(records), "f" * 64)


def run_import(result: ParseResult, **options) -> ImportRun:
    options.setdefault("boundary_year", 2025)
    return import_records(result, source="long_format", by=None, **options)


def counts(run: ImportRun) -> tuple[int, int, int, int, int]:
    return run.rows_created, run.rows_updated, run.rows_unchanged, run.rows_suppressed, run.rows_rejected


FIRST = table(
    ("GM0599", "INK_LAAG", "2024", 12.5),
    ("WK059915", "INK_LAAG", "2024", 18.25),
    ("BU05991577", "INK_LAAG", "2024", "."),
    ("GM0637", "INK_LAAG", "2024", 0.1 + 0.2),  # a float that is not a short decimal must compare equal when read back
    ("GM0599", "ARB_NETTO", "2024", 68.0),
)


class ImportRecordsTests(BaseTestCase):
    def setUp(self):
        # The reports are asserted in English, the source language; Dutch is the default.
        self.enterContext(translation.override("en"))

    def stored(self) -> dict[tuple[str, str, str], tuple[float | None, str, int]]:
        return {(o.area.code, o.indicator.code, o.period): (o.value, o.status, o.import_run_id)
                for o in Observation.objects.select_related("area", "indicator")}

    def test_first_import_stores_exact_values_and_counts(self):
        run = run_import(FIRST)
        self.assertEqual(counts(run), (5, 0, 0, 1, 0))
        self.assertEqual(self.stored(), {
            ("GM0599", "INK_LAAG", "2024"): (12.5, "ok", run.pk),
            ("WK059915", "INK_LAAG", "2024"): (18.25, "ok", run.pk),
            ("BU05991577", "INK_LAAG", "2024"): (None, "suppressed", run.pk),
            ("GM0637", "INK_LAAG", "2024"): (0.1 + 0.2, "ok", run.pk),
            ("GM0599", "ARB_NETTO", "2024"): (68.0, "ok", run.pk),
        })
        self.assertEqual(AuditEvent.objects.filter(object_id=str(run.pk), action="create").count(), 1)

    def test_reimport_counts_every_row_unchanged_and_rewrites_none(self):
        first = run_import(FIRST)
        before = self.stored()
        again = run_import(FIRST)
        self.assertEqual(counts(again), (0, 0, 5, 1, 0))
        self.assertEqual(self.stored(), before)
        self.assertFalse(Observation.objects.filter(import_run=again).exists())
        self.assertEqual(Observation.objects.filter(import_run=first).count(), 5)

    def test_partial_update_writes_only_what_changed(self):
        first = run_import(FIRST)
        second = run_import(table(
            ("GM0599", "INK_LAAG", "2024", 12.5),  # unchanged
            ("WK059915", "INK_LAAG", "2024", "."),  # value → suppressed
            ("BU05991577", "INK_LAAG", "2024", 7.0),  # suppressed → value
            ("GM0637", "INK_LAAG", "2024", 0.3),  # revised
            ("GM0599", "ARB_NETTO", "2024", 68.0),  # unchanged
            ("GM0599", "ARB_NETTO", "2023", 66.5),  # new period
            ("WK063703", "INK_LAAG", "2024", "-"),  # new area, unknown value
        ))
        self.assertEqual(counts(second), (2, 3, 2, 1, 0))
        self.assertEqual(self.stored(), {
            ("GM0599", "INK_LAAG", "2024"): (12.5, "ok", first.pk),
            ("WK059915", "INK_LAAG", "2024"): (None, "suppressed", second.pk),
            ("BU05991577", "INK_LAAG", "2024"): (7.0, "ok", second.pk),
            ("GM0637", "INK_LAAG", "2024"): (0.3, "ok", second.pk),
            ("GM0599", "ARB_NETTO", "2024"): (68.0, "ok", first.pk),
            ("GM0599", "ARB_NETTO", "2023"): (66.5, "ok", second.pk),
            ("WK063703", "INK_LAAG", "2024"): (None, "unknown", second.pk),
        })

    def test_a_refused_table_writes_nothing_into_an_empty_database(self):
        bad = table(*[(code, "INK_LAAG", "2024", 1.0) for code in ("GM0599", "WK059915", "GM0637")],
                    ("GM9999", "INK_LAAG", "2024", 2.0), ("GM0599", "NOT_AN_INDICATOR", "2024", 3.0))
        with self.assertRaises(ImportRefused) as caught:
            run_import(bad)
        self.assertEqual(caught.exception.report, [
            "line 5: unknown area code GM9999 in the 2025 boundaries",
            "line 6: unknown indicator NOT_AN_INDICATOR",
        ])
        self.assertFalse(Observation.objects.exists())
        self.assertFalse(ImportRun.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(content_type__model="importrun").exists())

    def test_a_refused_table_leaves_stored_rows_and_its_own_areas_alone(self):
        run_import(FIRST)
        before = self.stored()
        bad = table(("GM0599", "INK_LAAG", "2024", 99.0), ("GM0599", "INK_LAAG", "2024x", 1.0),
                    ("GM0014", "NOT_AN_INDICATOR", "2023", 1.0))
        with self.assertRaises(ImportRefused):
            run_import(bad, boundary_year=2023, area_names={"GM0599": "Rotterdam", "GM0014": "Groningen"})
        self.assertEqual(self.stored(), before)
        self.assertEqual(ImportRun.objects.count(), 1)
        # The areas the table would have brought are rolled back with the rest.
        self.assertFalse(Area.objects.filter(boundary_year=2023).exists())

    def test_skip_invalid_imports_the_good_rows_and_counts_the_bad_lines(self):
        run = run_import(table(("GM0599", "INK_LAAG", "2024", 1.0), ("GM9999", "NOT_AN_INDICATOR", "2024", 2.0),
                               ("GM0637", "INK_LAAG", "2024", "."), ("GM9998", "INK_LAAG", "2024", 3.0)),
                         skip_invalid=True)
        self.assertEqual(counts(run), (2, 0, 0, 1, 2))
        self.assertEqual(run.report, [
            "line 3: unknown area code GM9999 in the 2025 boundaries",
            "line 3: unknown indicator NOT_AN_INDICATOR",
            "line 5: unknown area code GM9998 in the 2025 boundaries",
        ])
        self.assertIn("line 5: unknown area code GM9998", run.note)
        self.assertEqual(set(self.stored()), {("GM0599", "INK_LAAG", "2024"), ("GM0637", "INK_LAAG", "2024")})

    def test_two_values_for_one_key_are_a_problem_of_the_second_line(self):
        # The indicator's code and its CBS key stem name the same indicator.
        doubled = table(("GM0599", "INK_LAAG", "2024", 1.0), ("GM0637", "INK_LAAG", "2024", 2.0),
                        ("GM0599", "HuishoudensMetEenLaagInkomen", "2024", 3.0))
        with self.assertRaises(ImportRefused) as caught:
            run_import(doubled)
        self.assertEqual(caught.exception.report, [
            "line 4: area GM0599, indicator HuishoudensMetEenLaagInkomen, period 2024 occurs more than once "
            "(first on line 2)"])
        self.assertFalse(Observation.objects.exists())
        run = run_import(doubled, skip_invalid=True)
        self.assertEqual(counts(run), (2, 0, 0, 0, 1))
        self.assertEqual(Observation.objects.get(area=self.rotterdam).value, 1.0)

    def test_figures_of_another_boundary_year_are_kept_apart(self):
        make_area("GM0599", "Rotterdam", year=2024)
        run_import(table(("GM0599", "INK_LAAG", "2024", 10.0)), boundary_year=2024)
        run = run_import(table(("GM0599", "INK_LAAG", "2024", 11.0)))
        self.assertEqual(counts(run), (1, 0, 0, 0, 0))
        self.assertEqual(sorted(Observation.objects.values_list("area__boundary_year", "value")),
                         [(2024, 10.0), (2025, 11.0)])

    def test_rows_are_written_in_batches_with_progress(self):
        run_import(table(("GM0599", "INK_LAAG", "2024", 1.0), ("GM0637", "INK_LAAG", "2024", 2.0)))
        calls = []
        with mock.patch.object(services, "WRITE_BATCH", 2):
            run = run_import(table(
                ("GM0599", "INK_LAAG", "2024", 1.5), ("GM0637", "INK_LAAG", "2024", 2.0),
                *[(code, "ARB_NETTO", "2024", 70.0) for code in ("GM0599", "WK059915", "BU05991577", "GM0637")],
            ), progress=lambda done, total: calls.append((done, total)))
        # Four new rows in two batches, then the one changed row.
        self.assertEqual(calls, [(2, 5), (4, 5), (5, 5)])
        self.assertEqual(counts(run), (4, 1, 1, 0, 0))
        self.assertEqual(Observation.objects.filter(indicator__code="ARB_NETTO", value=70.0).count(), 4)
        self.assertEqual(Observation.objects.get(area=self.rotterdam, indicator__code="INK_LAAG").value, 1.5)

    def test_nothing_to_write_reports_no_progress(self):
        run_import(FIRST)
        calls = []
        run_import(FIRST, progress=lambda done, total: calls.append((done, total)))
        self.assertEqual(calls, [])

    def test_the_indicator_is_asked_once_per_column(self):
        asked = []

        def indicator_for(record):
            asked.append(record.column_key)
            return services.Indicator.objects.get(code="INK_LAAG") if record.column_key == "INK_LAAG" else None

        run = run_import(table(*[(code, "INK_LAAG", "2024", 1.0) for code in ("GM0599", "WK059915", "GM0637")],
                               ("GM0599", "OTHER", "2024", 1.0), ("GM0637", "OTHER", "2024", 1.0)),
                         indicator_for=indicator_for, skip_invalid=True)
        self.assertEqual(sorted(asked), ["INK_LAAG", "OTHER"])
        self.assertEqual((run.rows_created, run.rows_rejected), (3, 2))

    def test_area_names_bring_the_areas_of_their_year_once(self):
        names = {"BU05991571": "Tarwewijk", "WK059915": "Charlois", "GM0599": "Rotterdam"}
        result = table(("BU05991571", "INK_LAAG", "2021", 30.0), ("GM0599", "INK_LAAG", "2021", 20.0))
        run_import(result, boundary_year=2021, area_names=names)
        tarwewijk = Area.objects.get(code="BU05991571", boundary_year=2021)
        self.assertEqual((tarwewijk.name, tarwewijk.parent.code, tarwewijk.parent.parent.code),
                         ("Tarwewijk", "WK059915", "GM0599"))
        Area.objects.filter(code="GM0599", boundary_year=2021).update(name="Eigen naam")
        again = run_import(result, boundary_year=2021, area_names=names)
        self.assertEqual((again.rows_unchanged, Area.objects.filter(boundary_year=2021).count()), (2, 3))
        self.assertEqual(Area.objects.get(code="GM0599", boundary_year=2021).name, "Eigen naam")
