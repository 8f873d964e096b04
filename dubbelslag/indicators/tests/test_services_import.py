import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from dubbelslag.core.models import AuditEvent
from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from dubbelslag.indicators.services import ImportRefused, import_cbs_csv, import_long_format
from testing.base import BaseTestCase

GOOD = (
    b"area_code,indicator_code,period,value\n"
    b"GM0599,INK_LAAG,2024,\"12,5\"\n"
    b"WK059915,INK_LAAG,2024,18.25\n"
    b"BU05991577,INK_LAAG,2024,.\n"
    b"GM0637,ARB_NETTO,2024,68\n"
)

BAD = (
    b"area_code,indicator_code,period,value\n"
    b"GM0599,INK_LAAG,2024,12.5\n"
    b"GM9999,INK_LAAG,2024,3\n"
    b"GM0637,NOT_AN_INDICATOR,2024,4\n"
    b"WK063703,INK_LAAG,2024,12a\n"
    b"WK059915,ARB_NETTO,2024,70\n"
)


class SeedTests(BaseTestCase):
    def test_catalogue_is_seeded(self):
        self.assertGreaterEqual(Indicator.objects.count(), 30)
        codes = set(Indicator.objects.values_list("code", flat=True))
        self.assertLessEqual({"EA_HEQ", "EA_LIHE", "EA_LILEK", "EA_LEKWI", "EA_LIHELEK"}, codes)
        self.assertTrue(Indicator.objects.get(code="BP_VERTROUWEN").is_own_measurement)
        self.assertEqual(Indicator.objects.get(code="WON_VOORRAAD").source_key_stem, "Woningvoorraad")


class LongFormatImportTests(BaseTestCase):
    def stored(self):
        return {(o.area.code, o.indicator.code, o.period): (o.value, o.status)
                for o in Observation.objects.select_related("area", "indicator")}

    def test_happy_path_stores_exact_values_and_statuses(self):
        run = import_long_format(GOOD, file_name="good.csv", by=self.researcher, boundary_year=2025)
        self.assertEqual(self.stored(), {
            ("GM0599", "INK_LAAG", "2024"): (12.5, "ok"),
            ("WK059915", "INK_LAAG", "2024"): (18.25, "ok"),
            ("BU05991577", "INK_LAAG", "2024"): (None, "suppressed"),
            ("GM0637", "ARB_NETTO", "2024"): (68.0, "ok"),
        })
        self.assertEqual((run.rows_read, run.rows_created, run.rows_updated, run.rows_unchanged,
                          run.rows_suppressed, run.rows_rejected), (4, 4, 0, 0, 1, 0))
        self.assertEqual(run.source, "long_format")
        self.assertEqual(len(run.checksum), 64)
        self.assertEqual(run.by, self.researcher)
        self.assertTrue(AuditEvent.objects.filter(object_id=str(run.pk), action="create").exists())

    def test_reimporting_the_same_file_changes_nothing(self):
        first = import_long_format(GOOD, file_name="good.csv", by=None, boundary_year=2025)
        second = import_long_format(GOOD, file_name="good.csv", by=None, boundary_year=2025)
        self.assertEqual((second.rows_created, second.rows_updated, second.rows_unchanged), (0, 0, 4))
        self.assertEqual(Observation.objects.count(), 4)
        self.assertFalse(Observation.objects.exclude(import_run=first).exists())

    def test_one_changed_value_is_updated(self):
        first = import_long_format(GOOD, file_name="good.csv", by=None, boundary_year=2025)
        changed = GOOD.replace(b"18.25", b"19")
        second = import_long_format(changed, file_name="changed.csv", by=None, boundary_year=2025)
        self.assertEqual((second.rows_created, second.rows_updated, second.rows_unchanged), (0, 1, 3))
        observation = Observation.objects.get(area=self.charlois)
        self.assertEqual((observation.value, observation.import_run), (19.0, second))
        self.assertEqual(Observation.objects.filter(import_run=first).count(), 3)

    def test_a_file_with_errors_is_refused_and_nothing_is_written(self):
        with self.assertRaises(ImportRefused) as caught, translation.override("en"):
            import_long_format(BAD, file_name="bad.csv", by=None, boundary_year=2025)
        self.assertEqual(caught.exception.report, [
            "line 3: unknown area code GM9999 in the 2025 boundaries",
            "line 4: unknown indicator NOT_AN_INDICATOR",
            "line 5: '12a' is not a number",
        ])
        self.assertEqual(Observation.objects.count(), 0)
        self.assertEqual(ImportRun.objects.count(), 0)

    def test_skip_invalid_imports_the_valid_rows(self):
        run = import_long_format(BAD, file_name="bad.csv", by=None, boundary_year=2025, skip_invalid=True)
        self.assertEqual(run.rows_rejected, 3)
        self.assertEqual(run.rows_created, 2)
        self.assertEqual(len(run.report), 3)
        self.assertEqual(self.stored(), {
            ("GM0599", "INK_LAAG", "2024"): (12.5, "ok"),
            ("WK059915", "ARB_NETTO", "2024"): (70.0, "ok"),
        })

    def test_command_exits_non_zero_on_refusal(self):
        path = self._write(BAD)
        stderr = StringIO()
        with self.assertRaises(CommandError):
            call_command("import_observations", path, "--boundary-year", "2025", stdout=StringIO(), stderr=stderr)
        # Commands speak the default language, Dutch: the parser's and the service's messages and the line prefix.
        self.assertEqual(stderr.getvalue().splitlines(), [
            "regel 3: onbekende gebiedscode GM9999 in de indeling van 2025",
            "regel 4: onbekende indicator NOT_AN_INDICATOR",
            "regel 5: '12a' is geen getal",
        ])
        self.assertEqual(ImportRun.objects.count(), 0)

    def test_command_prints_summary(self):
        stdout = StringIO()
        call_command("import_observations", self._write(GOOD), "--boundary-year", "2025", stdout=stdout,
                     stderr=StringIO())
        # Commands speak the default language, Dutch.
        self.assertIn("gelezen 4, nieuw 4, bijgewerkt 0, ongewijzigd 0, onderdrukt 1, geweigerd 0", stdout.getvalue())
        # A progress bar with the rows written; not a terminal here, so each step is its own line.
        self.assertIn("[##############################] 100% 4 van 4 gewijzigde rijen geschreven\n", stdout.getvalue())

    def test_progress_bar(self):
        from dubbelslag.indicators.management.commands._output import progress_bar

        self.assertEqual(progress_bar(0, 200, width=10), "[----------]   0%")
        self.assertEqual(progress_bar(50, 200, width=10), "[##--------]  25%")
        self.assertEqual(progress_bar(200, 200, width=10), "[##########] 100%")
        self.assertEqual(progress_bar(0, 0, width=10), "[##########] 100%")

    def _write(self, content: bytes) -> str:
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        path = Path(directory.name) / "observations.csv"
        path.write_bytes(content)
        return str(path)


class CbsCsvImportTests(BaseTestCase):
    CSV = (
        b'"ID";"WijkenEnBuurten";"AantalInwoners_5";"Woningvoorraad_35";"Gemeentenaam_1"\n'
        b'"1";"GM0599    ";"670610";"323456";"Rotterdam"\n'
        b'"2";"WK059915  ";"12345";".";"Rotterdam"\n'
    )

    def test_columns_are_mapped_by_key_stem(self):
        run = import_cbs_csv(self.CSV, file_name="kwb.csv", by=None, boundary_year=2025, table_id="85984NED",
                             period=2024)
        self.assertEqual((run.rows_created, run.rows_suppressed, run.rows_rejected), (4, 1, 0))
        inwoners = Observation.objects.get(area=self.rotterdam, indicator__code="BEV_INWONERS")
        self.assertEqual((inwoners.value, inwoners.period), (670610.0, "2024"))
        voorraad = Observation.objects.get(area=self.charlois, indicator__code="WON_VOORRAAD")
        self.assertEqual((voorraad.value, voorraad.status), (None, "suppressed"))
        again = import_cbs_csv(self.CSV, file_name="kwb.csv", by=None, boundary_year=2025, table_id="85984NED",
                             period=2024)
        self.assertEqual((again.rows_created, again.rows_updated, again.rows_unchanged), (0, 0, 4))

    def test_a_renamed_column_maps_through_the_indicators_alias(self):
        # KWB 2024 calls the electricity column "levering"; earlier years "verbruik". Both feed ET_ELEK_WON.
        csv = (b'"ID";"WijkenEnBuurten";"GemiddeldeElektriciteitsleveringTotaal_53"\n'
               b'"1";"GM0599    ";"2310"\n')
        run = import_cbs_csv(csv, file_name="kwb.csv", by=None, boundary_year=2025, table_id="85984NED",
                             period=2024)
        self.assertEqual(run.rows_created, 1)
        self.assertEqual(Observation.objects.get(area=self.rotterdam, indicator__code="ET_ELEK_WON").value, 2310.0)

    def test_unknown_area_refuses_the_file(self):
        csv = self.CSV + b'"3";"GM9999    ";"1";"2";"Nergens"\n'
        with self.assertRaises(ImportRefused) as caught, translation.override("en"):
            import_cbs_csv(csv, file_name="kwb.csv", by=None, boundary_year=2025, table_id="85984NED",
                             period=2024)
        self.assertEqual(caught.exception.report, ["line 4: unknown area code GM9999 in the 2025 boundaries"])
        self.assertEqual(ImportRun.objects.count(), 0)
