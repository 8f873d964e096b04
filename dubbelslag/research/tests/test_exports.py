"""The CSV and XLSX writer (``core.spreadsheets``) on the harvest register's rows: formula injection, encoding, types,
and the row of a record."""

import csv
import io
from datetime import datetime

import openpyxl
from django.test import SimpleTestCase, override_settings

from dubbelslag.core import spreadsheets
from dubbelslag.research import exports, selectors
from dubbelslag.research.enums import RecordKind
from testing.factories.research import make_record

from .test_services_harvest import HarvestFixtures


class SafeCellTests(SimpleTestCase):
    def test_text_a_spreadsheet_would_evaluate_gets_an_apostrophe(self):
        for value in ("=1+1", "+31 6 1234", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://evil","klik")'):
            with self.subTest(value=value):
                self.assertEqual(spreadsheets.safe_cell(value), "'" + value)

    def test_other_values_pass_unchanged(self):
        for value in ("Huiskamer", "", "a=b", 12, -3, 1.5, None, datetime(2024, 1, 2, 3, 4)):
            with self.subTest(value=value):
                self.assertEqual(spreadsheets.safe_cell(value), value)


class WriterTests(SimpleTestCase):
    table = [["id", "title", "created"], [1, "=cmd|' /C calc'!A0", datetime(2024, 5, 6, 7, 8)],
             [2, "Café «ĳs» \x07bel", None]]

    def test_csv_is_utf8_with_a_bom_and_neutralises_formulas(self):
        data = spreadsheets.csv_bytes(self.table)
        self.assertTrue(data.startswith("\ufeff".encode()))
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        self.assertEqual(rows, [["id", "title", "created"], ["1", "'=cmd|' /C calc'!A0", "2024-05-06 07:08"],
                                ["2", "Café «ĳs» \x07bel", ""]])

    def test_xlsx_holds_text_not_formulas_and_drops_control_characters(self):
        sheet = openpyxl.load_workbook(io.BytesIO(spreadsheets.xlsx_bytes(self.table, title="Harvest records"))).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[1], (1, "'=cmd|' /C calc'!A0", datetime(2024, 5, 6, 7, 8)))
        self.assertEqual(rows[2], (2, "Café «ĳs» bel", None))
        self.assertFalse(any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row))
        self.assertTrue(sheet["A1"].font.bold)


@override_settings(SITE_URL="https://dubbelslag.example/")
class RecordRowTests(HarvestFixtures):
    def test_a_record_row_names_only_what_the_user_may_see(self):
        record = make_record(programme=self.programme, kind=RecordKind.INSIGHT, title="-Kostenvrij werkt",
                             experiments=[self.experiment, self.other_experiment], themes=[self.theme],
                             evidence_entries=[self.entry, self.other_entry], evidence_excerpts=[self.excerpt])
        loaded = selectors.records_for(self.editor).get(pk=record.pk)
        table = exports.rows([loaded])
        self.assertEqual(len(table[0]), len(table[1]))
        row = dict(zip(table[0], table[1], strict=True))
        self.assertEqual(row["id"], record.pk)
        self.assertEqual(row["title"], "-Kostenvrij werkt")  # neutralised by the writers, not here
        self.assertEqual(row["experiments"], self.experiment.title)  # not the other, unlisted experiment
        self.assertEqual(row["themes"], self.theme.name)
        self.assertEqual((row["evidence: log entries"], row["evidence: excerpts"]), (2, 1))
        self.assertEqual(row["URL"], f"https://dubbelslag.example/onderzoek/oogst/{record.pk}/")
        self.assertIsNone(row["published at"])
        self.assertIsNone(row["created"].tzinfo)
        csv_rows = list(csv.reader(io.StringIO(spreadsheets.csv_bytes(table).decode("utf-8-sig"))))
        self.assertEqual(csv_rows[1][2], "'-Kostenvrij werkt")
