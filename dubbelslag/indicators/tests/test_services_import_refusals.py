"""What the import service writes, and refuses, for input that used to be stored wrongly or refused for the wrong
reason: a split value, other digits, a header-only file, national rows, another encoding; with plural messages."""

from django.utils import translation

from dubbelslag.indicators.models import ImportRun, Observation
from dubbelslag.indicators.services import ImportRefused, import_cbs_csv, import_long_format
from testing.base import BaseTestCase

HEADER = b"area_code,indicator_code,period,value\n"
GOOD_ROW = b"GM0599,INK_LAAG,2024,12\n"


class RefusalTestCase(BaseTestCase):
    def stored(self):
        return {(o.area.code, o.indicator.code, o.period): (o.value, o.status)
                for o in Observation.objects.select_related("area", "indicator")}

    def refused(self, data: bytes, **options) -> ImportRefused:
        with self.assertRaises(ImportRefused) as caught, translation.override("en"):
            import_long_format(data, file_name="upload.csv", by=None, boundary_year=2025, **options)
        self.assertEqual((Observation.objects.count(), ImportRun.objects.count()), (0, 0))
        return caught.exception


class SplitValueTests(RefusalTestCase):
    DATA = HEADER + GOOD_ROW + b"GM0637,INK_LAAG,2024,5,5\n"

    def test_a_decimal_comma_in_a_comma_file_refuses_the_file(self):
        refusal = self.refused(self.DATA)

        self.assertEqual(refusal.report, [
            "line 3: the row has 5 fields where the header has 4: a decimal comma in a comma-separated file? "
            "Separate the columns with ; or write a decimal point (12.5)"])
        self.assertTrue(refusal.skippable)
        self.assertEqual(refusal.messages[0], "The file was not imported: 1 problem found.")

    def test_skipping_imports_the_other_rows_and_never_the_split_value(self):
        run = import_long_format(self.DATA, file_name="upload.csv", by=None, boundary_year=2025, skip_invalid=True)

        self.assertEqual(self.stored(), {("GM0599", "INK_LAAG", "2024"): (12.0, "ok")})
        self.assertEqual((run.rows_read, run.rows_created, run.rows_rejected), (2, 1, 1))


class OtherDigitTests(RefusalTestCase):
    def test_full_width_and_arabic_indic_digits_are_refused_not_stored(self):
        refusal = self.refused(HEADER + "GM0599,INK_LAAG,２０２４,12\nGM0637,INK_LAAG,2024,٥\n".encode())

        self.assertEqual(refusal.report, [
            "line 2: period '２０２４' contains '２' (U+FF12), a digit of another script; type the digits 0-9",
            "line 3: value '٥' contains '٥' (U+0665), a digit of another script; type the digits 0-9"])
        self.assertEqual(refusal.messages[0], "The file was not imported: 2 problems found.")

    def test_skipping_leaves_them_out(self):
        data = HEADER + GOOD_ROW + "GM0637,INK_LAAG,２０２４,12\n".encode()

        run = import_long_format(data, file_name="upload.csv", by=None, boundary_year=2025, skip_invalid=True)

        self.assertEqual(self.stored(), {("GM0599", "INK_LAAG", "2024"): (12.0, "ok")})
        self.assertEqual(run.rows_rejected, 1)


class FileLevelTests(RefusalTestCase):
    def test_a_header_only_file_writes_no_import_run(self):
        for options in ({}, {"skip_invalid": True}):
            with self.subTest(**options):
                refusal = self.refused(HEADER + b"\n", **options)
                self.assertEqual(refusal.report, [
                    "The file has no rows to import: it has a header but no data rows, or every row was skipped."])
                self.assertFalse(refusal.skippable)

    def test_a_file_of_national_rows_only_says_so(self):
        refusal = self.refused(HEADER + b"NL,INK_LAAG,2024,12\nNL00,INK_LAAG,2023,11\n")

        self.assertEqual(refusal.report, [
            "The file has no rows to import: it has a header but no data rows, or every row was skipped.",
            "2 rows not imported: the Netherlands as a whole (NL00)"])

    def test_skipping_every_row_still_says_why_each_went(self):
        refusal = self.refused(HEADER + b"GM0599,INK_LAAG,2024,5,5\nNL,INK_LAAG,2024,1\n", skip_invalid=True)

        self.assertEqual(refusal.report, [
            "The file has no rows to import: it has a header but no data rows, or every row was skipped.",
            "line 2: the row has 5 fields where the header has 4: a decimal comma in a comma-separated file? "
            "Separate the columns with ; or write a decimal point (12.5)",
            "1 row not imported: the Netherlands as a whole (NL00)"])

    def test_another_encoding_is_refused_even_when_skipping(self):
        data = HEADER + GOOD_ROW + "GM0637,INK_LAAG,2024,12 €\n".encode("cp1252")

        refusal = self.refused(data, skip_invalid=True)

        self.assertEqual(len(refusal.report), 1)
        self.assertTrue(refusal.report[0].startswith("line 3: the file is not UTF-8 text: this line has a byte "
                                                     "(0x80)"))
        self.assertFalse(refusal.skippable)

    def test_broken_quoting_is_refused_even_when_skipping(self):
        refusal = self.refused(HEADER + GOOD_ROW + b'GM0637,INK_LAAG,2024,"12\n', skip_invalid=True)

        self.assertEqual([line.split(":")[0] for line in refusal.report], ["line 3"])
        self.assertFalse(refusal.skippable)

    def test_a_header_problem_is_refused_even_when_skipping(self):
        refusal = self.refused(b"area_code,indicator,period,value\n" + GOOD_ROW, skip_invalid=True)

        self.assertEqual(refusal.report[:2], ["line 1: unknown column 'indicator'; did you mean indicatorcode?",
                                              "line 1: missing column: indicator_code"])
        self.assertFalse(refusal.skippable)


class NationalRowTests(RefusalTestCase):
    def test_national_rows_are_skipped_and_counted_in_the_run(self):
        data = HEADER + b"NL,INK_LAAG,2024,12\n" + GOOD_ROW + b"NL00,INK_LAAG,2023,11\nnl,INK_LAAG,2022,10\n"

        with translation.override("en"):
            run = import_long_format(data, file_name="upload.csv", by=None, boundary_year=2025)

        self.assertEqual(self.stored(), {("GM0599", "INK_LAAG", "2024"): (12.0, "ok")})
        self.assertEqual((run.rows_read, run.rows_created, run.rows_rejected), (4, 1, 0))
        run.refresh_from_db()
        self.assertEqual(run.note, "3 rows not imported: the Netherlands as a whole (NL00)")

    def test_the_cbs_csv_national_row_is_skipped_too(self):
        csv = (b'"ID";"WijkenEnBuurten";"AantalInwoners_5"\n'
               b'"1";"NL00      ";"17942942"\n'
               b'"2";"GM0599    ";"670610"\n')

        with translation.override("en"):
            run = import_cbs_csv(csv, file_name="kwb.csv", by=None, boundary_year=2025, table_id="85984NED",
                                 period=2024)

        self.assertEqual(self.stored(), {("GM0599", "BEV_INWONERS", "2024"): (670610.0, "ok")})
        self.assertEqual((run.rows_read, run.rows_rejected, run.skipped),
                         (2, 0, {"the Netherlands as a whole (NL00)": 1}))


class DutchMessageTests(RefusalTestCase):
    def test_the_refusal_counts_problems_in_dutch_plurals(self):
        for data, first in ((HEADER + b"GM0637,INK_LAAG,2024,5,5\n",
                             "Het bestand is niet geïmporteerd: 1 probleem gevonden."),
                            (HEADER + b"GM0637,INK_LAAG,2024,5,5\nGM0599,INK_LAAG,2024,5,5\n",
                             "Het bestand is niet geïmporteerd: 2 problemen gevonden.")):
            with self.subTest(first=first), self.assertRaises(ImportRefused) as caught:
                import_long_format(data, file_name="upload.csv", by=None, boundary_year=2025)
            self.assertEqual(caught.exception.messages[0], first)
        self.assertEqual(caught.exception.report[0],
                         "regel 2: de rij heeft 5 velden waar de kopregel er 4 heeft: een decimale komma in een "
                         "bestand met komma's als scheidingsteken? Scheid de kolommen met ; of schrijf een decimale "
                         "punt (12.5)")
