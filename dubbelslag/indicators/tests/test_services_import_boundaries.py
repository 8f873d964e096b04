"""Every figure on the area it was measured for: imports know their boundary year, check codes against that year's
code list (and names, where the file has them), read value classes, mapped columns and one value of a dimension, and
a dry run writes nothing. The held-out CBS file (willingness for energy measures, 2022 boundaries) is the real case.
"""

import csv
import tempfile
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from dubbelslag.areas.models import Area
from dubbelslag.core.models import AuditEvent
from dubbelslag.indicators.enums import ValueType
from dubbelslag.indicators.models import ImportRun, Indicator, IndicatorClass, Observation
from dubbelslag.indicators.services import ImportRefused, import_cbs_csv, import_long_format
from testing.base import BaseTestCase
from testing.shared_data import shared_file

WILLINGNESS = ("cbs_bereidheid_energietransitie_2021", "bereidheid_energietransitie_2021.csv")
MAPPING = {
    "huishoudens": "BEV_HUISHOUDENS",
    "ind1_comfort_geisoleerd": "BE_COMFORT_ISOLATIE",
    "ind2_milieu_bereid_te_betalen": "BE_MILIEU_BETALEN",
    "ind3_woning_al_energiezuinig": "BE_WONING_ZUINIG",
}
DIMENSIONS = {"type_eigendom": "Totaal"}


def willingness_rows() -> list[dict[str, str]]:
    with shared_file(*WILLINGNESS).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def import_willingness(year: int, **options):
    return import_cbs_csv(shared_file(*WILLINGNESS), by=None, boundary_year=year, period=2021, mapping=MAPPING,
                          dimensions=DIMENSIONS, **options)


def nothing_written(test: TestCase, *, areas_of_year: int) -> None:
    test.assertFalse(Observation.objects.exists())
    test.assertFalse(ImportRun.objects.exists())
    test.assertFalse(Area.objects.filter(boundary_year=areas_of_year).exists())
    test.assertFalse(AuditEvent.objects.filter(content_type__model="importrun").exists())


class HeldOutFileTests(TestCase):
    """The held-out file, imported once onto 2022, against the file read independently here."""

    @classmethod
    def setUpTestData(cls):
        cls.imported = import_willingness(2022)

    def test_every_total_row_lands_on_the_2022_area_it_names(self):
        expected = {}
        for row in willingness_rows():
            if row["type_eigendom"] != "Totaal" or row["soort_regio"] == "Nederland":
                continue
            expected[(row["regiocode"], "BEV_HUISHOUDENS")] = (float(row["huishoudens"]), "ok", None)
            for column, code in MAPPING.items():
                if code != "BEV_HUISHOUDENS":
                    word = row[column]
                    expected[(row["regiocode"], code)] = (None, "suppressed", None) if word == "." else (
                        None, "ok", word)
        stored = {(o.area.code, o.indicator.code): (o.value, o.status, o.value_class.code if o.value_class else None)
                  for o in Observation.objects.select_related("area", "indicator", "value_class")}
        self.assertEqual(stored, expected)
        self.assertEqual(set(Observation.objects.values_list("area__boundary_year", flat=True)), {2022})
        self.assertEqual(set(Observation.objects.values_list("period", flat=True)), {"2021"})

    def test_liessel_keeps_its_own_households(self):
        liessel = Area.objects.get(code="WK076202", boundary_year=2022)
        self.assertIn("Liessel", liessel.name)
        self.assertEqual(liessel.parent.code, "GM0762")
        households = Observation.objects.get(area=liessel, indicator__code="BEV_HUISHOUDENS")
        self.assertEqual(households.value, 1345.0)
        self.assertFalse(Observation.objects.filter(area__boundary_year=2025).exists())

    def test_the_run_counts_what_it_read_skipped_and_suppressed(self):
        rows = willingness_rows()
        areas = [row for row in rows if row["type_eigendom"] == "Totaal" and row["soort_regio"] != "Nederland"]
        suppressed = sum(row[column] == "." for row in areas for column in MAPPING if column != "huishoudens")
        run = self.imported
        self.assertEqual(run.rows_read, len(rows))
        self.assertEqual((run.rows_created, run.rows_suppressed, run.rows_rejected), (4 * len(areas), suppressed, 0))
        self.assertEqual(run.settings["skipped"], {
            "type_eigendom is niet Totaal": sum(row["type_eigendom"] != "Totaal" for row in rows),
            "Nederland als geheel (NL00)": 1})
        self.assertEqual(run.settings["mapping"], MAPPING)
        self.assertEqual(run.boundary_year, 2022)

    def test_importing_it_again_changes_nothing(self):
        again = import_willingness(2022)
        self.assertEqual((again.rows_created, again.rows_updated, again.rows_unchanged),
                         (0, 0, self.imported.rows_created))

    def test_classes_are_stored_as_classes_of_their_indicator(self):
        comfort = Indicator.objects.get(code="BE_COMFORT_ISOLATIE")
        self.assertEqual(comfort.value_type, ValueType.CATEGORY)
        used = set(Observation.objects.filter(indicator=comfort, value_class__isnull=False)
                   .values_list("value_class__indicator__code", "value_class__code"))
        self.assertEqual(used, {("BE_COMFORT_ISOLATIE", word) for word in ("Laag", "Midden", "Hoog")})
        self.assertFalse(Observation.objects.filter(indicator=comfort, value__isnull=False).exists())


class WrongYearTests(BaseTestCase):
    def test_the_file_imported_as_2025_is_refused_naming_the_year_and_nothing_is_written(self):
        with self.assertRaises(ImportRefused) as refused:
            import_willingness(2025)
        report = "\n".join(refused.exception.report)
        # A code that no longer exists, and one that exists but names another neighbourhood.
        self.assertIn("regel 3442: WK076202 heet “Heiakker” in de indeling van 2025, maar het bestand noemt het "
                      "“Wijk 02 Liessel”: is het bestand van een andere indeling?", report)
        self.assertIn("regel 5140: onbekende gebiedscode WK053010 in de indeling van 2025 (die bestaat wel in 2021, "
                      "2022: is het bestand van een andere indeling?)", report)
        self.assertFalse(Observation.objects.exists())
        self.assertFalse(ImportRun.objects.exists())
        self.assertFalse(Area.objects.filter(boundary_year=2022).exists())

    def test_skipping_invalid_rows_never_puts_a_renamed_wijk_onto_another_neighbourhood(self):
        import_willingness(2025, skip_invalid=True)
        self.assertFalse(Observation.objects.filter(area__code="WK076202").exists())
        self.assertFalse(Observation.objects.filter(area__code="WK001404").exists())

    def test_a_long_format_code_that_is_not_in_the_years_list_is_refused(self):
        file = b"area_code,indicator_code,period,value\nWK076202,INK_LAAG,2021,3\nBU07620299,INK_LAAG,2021,4\n"
        with self.assertRaises(ImportRefused) as refused:
            import_long_format(file, by=None, boundary_year=2022)
        self.assertEqual(refused.exception.report, [
            "regel 3: de codelijst van 2022 heeft geen codes van buurten, dus BU07620299 kan niet worden "
            "gecontroleerd; importeer een CBS-tabel van dat jaar die zijn eigen gebieden meebrengt "
            "(import_cbs_odata)"])
        nothing_written(self, areas_of_year=2022)

    def test_a_year_without_a_code_list_or_areas_says_how_to_get_them(self):
        with self.assertRaises(ImportRefused) as refused:
            import_long_format(b"area_code,indicator_code,period,value\nGM0599,INK_LAAG,2019,3\n", by=None,
                               boundary_year=2019)
        self.assertEqual(refused.exception.report, [
            "regel 2: er zijn geen gebieden van de indeling van 2019: er wordt geen CBS-codelijst van dat jaar "
            "meegeleverd, dus importeer een CBS-tabel van dat jaar die zijn eigen gebieden meebrengt "
            "(import_cbs_odata) (die bestaat wel in 2021, 2022, 2023, 2024, 2025: is het bestand van een andere "
            "indeling?)"])

    def test_an_import_without_a_boundary_year_is_refused(self):
        for year in (None, "2022", 22, True):
            with self.subTest(year=year), self.assertRaises(ImportRefused):
                import_long_format(b"area_code,indicator_code,period,value\nGM0599,INK_LAAG,2021,3\n", by=None,
                                   boundary_year=year)
        self.assertFalse(Observation.objects.exists())
        with self.assertRaises(CommandError):
            call_command("import_observations", "any.csv", stdout=StringIO(), stderr=StringIO())

    def test_the_areas_of_a_listed_year_are_created_from_its_code_list_when_first_needed(self):
        file = b"area_code,indicator_code,period,value\nBU16800000,INK_LAAG,2021,3\n"
        import_long_format(file, by=None, boundary_year=2021)
        annen = Area.objects.get(code="BU16800000", boundary_year=2021)
        self.assertEqual((annen.name, annen.parent.code, annen.parent.parent.code), ("Annen", "WK168000", "GM1680"))
        self.assertEqual(Area.objects.filter(boundary_year=2021).count(), 3)


class DryRunTests(BaseTestCase):
    def test_a_dry_run_reports_what_the_import_would_do_and_writes_nothing(self):
        preview = import_willingness(2022, dry_run=True)
        nothing_written(self, areas_of_year=2022)
        self.assertIsNone(preview.pk)
        run = import_willingness(2022)
        self.assertEqual((preview.rows_created, preview.rows_suppressed, preview.rows_read),
                         (run.rows_created, run.rows_suppressed, run.rows_read))
        first = preview.outcomes[0]
        self.assertEqual((first.line, first.area, first.outcome), (5, "GM0518", "new"))

    def test_a_dry_run_after_a_change_names_the_old_and_the_new_value(self):
        file = b"area_code,indicator_code,period,value\nGM0599,INK_LAAG,2021,3\nGM0637,INK_LAAG,2021,.\n"
        import_long_format(file, by=None, boundary_year=2025)
        changed = file.replace(b"2021,3", b"2021,4")
        preview = import_long_format(changed, by=None, boundary_year=2025, dry_run=True)
        self.assertEqual([(o.area, o.outcome, o.before, o.shown, o.suppressed) for o in preview.outcomes], [
            ("GM0599", "changed", "3", "4", False), ("GM0637", "unchanged", "", "geheimgehouden door de bron", True)])
        self.assertEqual(Observation.objects.get(area__code="GM0599").value, 3.0)

    def test_new_indicators_of_a_dry_run_are_not_kept(self):
        file = b"regiocode,tevredenheid\nGM0599,Hoog\nGM0637,Laag\n"
        spec = {"code": "BP_TEVREDEN", "name_nl": "Tevreden", "name_en": "Satisfied", "domain": "proces",
                "value_type": ValueType.CATEGORY, "classes": [("Laag", "Laag", "Low"), ("Hoog", "Hoog", "High")]}
        preview = import_cbs_csv(file, by=self.coordinator, boundary_year=2025, period=2024,
                                 mapping={"tevredenheid": "BP_TEVREDEN"}, new_indicators=(spec,), dry_run=True)
        self.assertEqual(preview.rows_created, 2)
        self.assertFalse(Indicator.objects.filter(code="BP_TEVREDEN").exists())
        import_cbs_csv(file, by=self.coordinator, boundary_year=2025, period=2024,
                       mapping={"tevredenheid": "BP_TEVREDEN"}, new_indicators=(spec,))
        stored = dict(Observation.objects.filter(indicator__code="BP_TEVREDEN")
                      .values_list("area__code", "value_class__code"))
        self.assertEqual(stored, {"GM0599": "Hoog", "GM0637": "Laag"})
        self.assertEqual(list(IndicatorClass.objects.filter(indicator__code="BP_TEVREDEN")
                              .values_list("position", "code", "label_en")), [(1, "Laag", "Low"), (2, "Hoog", "High")])


class MappingAndDimensionTests(BaseTestCase):
    FILE = (b"regiocode,regionaam,eigendom,huishoudens,comfort\n"
            b"GM0599,Rotterdam,Totaal,300000,Midden\n"
            b"GM0599,Rotterdam,Huur,200000,Laag\n"
            b"WK059915,Charlois,Totaal,5000,Gemiddeld\n"
            b"GM0637,Zoetermeer,Totaal,60000,12\n")

    def import_file(self, file=FILE, **options):
        options.setdefault("mapping", {"huishoudens": "BEV_HUISHOUDENS", "comfort": "BE_COMFORT_ISOLATIE"})
        options.setdefault("dimensions", {"eigendom": "Totaal"})
        return import_cbs_csv(file, by=None, boundary_year=2025, period=2021, **options)

    def test_a_word_that_is_no_class_and_a_number_for_a_class_indicator_are_refused_by_line(self):
        with self.assertRaises(ImportRefused) as refused:
            self.import_file()
        self.assertEqual(refused.exception.report, [
            "regel 4: “Gemiddeld” is geen klasse van BE_COMFORT_ISOLATIE (Laag, Midden, Hoog)",
            "regel 5: “12” is geen klasse van BE_COMFORT_ISOLATIE (Laag, Midden, Hoog)",
        ])
        self.assertFalse(Observation.objects.exists())

    def test_one_value_of_the_dimension_is_imported_and_the_others_counted(self):
        file = self.FILE.replace(b"Gemiddeld", b"Hoog").replace(b"60000,12", b"60000,.")
        run = self.import_file(file)
        self.assertEqual(dict(Observation.objects.filter(indicator__code="BEV_HUISHOUDENS")
                              .values_list("area__code", "value")),
                         {"GM0599": 300000.0, "WK059915": 5000.0, "GM0637": 60000.0})
        self.assertEqual(run.settings["skipped"], {"eigendom is niet Totaal": 1})

    def test_a_dimension_value_no_row_has_is_refused_with_the_values_found(self):
        with self.assertRaises(ImportRefused) as refused:
            self.import_file(dimensions={"eigendom": "Alle"})
        self.assertIn("geen rij heeft eigendom = Alle; het bestand heeft: Huur, Totaal",
                      "\n".join(refused.exception.report))
        self.assertFalse(ImportRun.objects.exists())

    def test_a_column_mapped_to_an_indicator_the_catalogue_lacks_is_refused(self):
        with self.assertRaises(ImportRefused) as refused:
            self.import_file(mapping={"huishoudens": "BEV_ONBEKEND"})
        self.assertIn("BEV_ONBEKEND", refused.exception.report[-1])
        self.assertIn("huishoudens", refused.exception.report[-1])

    def test_a_file_without_a_single_known_column_lists_its_columns(self):
        with self.assertRaises(ImportRefused) as refused:
            import_cbs_csv(b"regiocode,iets\nGM0599,3\n", by=None, boundary_year=2025, period=2021)
        self.assertIn("regiocode, iets", refused.exception.report[-1])


class AreaNameTests(TestCase):
    def test_the_same_name_written_differently_is_the_same(self):
        from dubbelslag.indicators.services import _same_name
        for listed, given in [("Beek (L.)", "Beek"), ("Wijk 02 Liessel", "Liessel"), ("Wijke 52 Fluitenberg",
                              "Wijk 52 Fluitenberg"), ("Verspreide huizen Nieuw- en Sint Joosland",
                              "Verspr.h. Nieuw- en Sint Joosland"), ("Wijk 06 Van Stolkpark en Scheveningse Bosjes",
                              "Wijk 06 Van Stolkpark en Scheveningse Bo"), ("Súdwest-Fryslân", "Sudwest Fryslan"),
                              ("Opmeer", "Wijk 01")]:
            with self.subTest(listed=listed, given=given):
                self.assertTrue(_same_name(listed, given))

    def test_another_neighbourhood_is_not(self):
        from dubbelslag.indicators.services import _same_name
        for listed, given in [("Heiakker", "Wijk 02 Liessel"), ("Oud-Oost", "Oosterparkwijk"),
                              ("Wijk 05 Kethel", "Wijk 05 Nieuw Mathenesse"), ("Bunders", "Bunders / Levenskerk")]:
            with self.subTest(listed=listed, given=given):
                self.assertFalse(_same_name(listed, given))


class CommandTests(BaseTestCase):
    def run_command(self, *arguments):
        stdout, stderr = StringIO(), StringIO()
        file = self.enterContext(tempfile.NamedTemporaryFile(suffix=".csv"))
        file.write(b"regiocode,tevreden\nGM0599,Hoog\nGM0637,Laag\n")
        file.flush()
        call_command("import_cbs_csv", file.name, "--boundary-year", "2025", "--period", "2024", *arguments,
                     stdout=stdout, stderr=stderr)
        return stdout.getvalue()

    def test_a_new_categorical_indicator_is_created_and_read_in_one_go(self):
        output = self.run_command(
            "--map", "tevreden=BP_TEVREDEN", "--new-indicator",
            "code=BP_TEVREDEN;name_nl=Tevreden;name_en=Satisfied;domain=proces;unit=klasse;value_type=category;"
            "classes=Laag|Midden|Hoog")
        self.assertIn("nieuw 2", output)
        self.assertEqual(dict(Observation.objects.values_list("area__code", "value_class__code")),
                         {"GM0599": "Hoog", "GM0637": "Laag"})
        self.assertEqual(list(Indicator.objects.get(code="BP_TEVREDEN").classes.values_list("code", flat=True)),
                         ["Laag", "Midden", "Hoog"])

    def test_a_new_indicator_with_a_problem_is_refused_by_field_and_nothing_is_written(self):
        with self.assertRaises(CommandError):
            self.run_command("--map", "tevreden=BP_TEVREDEN", "--new-indicator",
                             "code=BP_TEVREDEN;name_nl=Tevreden;domain=geen;value_type=category;classes=Laag")
        self.assertFalse(Indicator.objects.filter(code="BP_TEVREDEN").exists())
        self.assertFalse(Observation.objects.exists())

    def test_a_dry_run_says_so_and_writes_nothing(self):
        output = self.run_command("--map", "tevreden=BE_COMFORT_ISOLATIE", "--dry-run")
        self.assertIn("Proefimport, er is niets opgeslagen", output)
        self.assertIn("nieuw 2", output)
        self.assertFalse(Observation.objects.exists())
