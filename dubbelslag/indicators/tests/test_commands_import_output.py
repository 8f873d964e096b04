"""What the import commands say when they refuse a file or import one: plurals, advice that fits (no
"use --skip-invalid" when it was given or cannot help), line numbers, and the national rows counted with a plural."""

import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from dubbelslag.indicators.management.commands._output import refusal
from dubbelslag.indicators.models import ImportRun, Observation
from dubbelslag.indicators.services import ImportRefused
from testing.base import BaseTestCase

HEADER = b"area_code,indicator_code,period,value\n"


class ImportObservationsOutputTests(BaseTestCase):
    def run_command(self, content: bytes, *args) -> tuple[str, str, str]:
        """Run import_observations on ``content``; return (stdout, stderr, the CommandError's text or "")."""
        directory = tempfile.TemporaryDirectory()
        self.addCleanup(directory.cleanup)
        path = Path(directory.name) / "observations.csv"
        path.write_bytes(content)
        stdout, stderr, error = StringIO(), StringIO(), ""
        try:
            call_command("import_observations", str(path), "--boundary-year", "2025", *args, stdout=stdout,
                         stderr=stderr)
        except CommandError as exc:
            error = str(exc)
        return stdout.getvalue(), stderr.getvalue(), error

    def test_row_problems_advise_skip_invalid_with_a_dutch_plural(self):
        for rows, count in ((b"GM0599,INK_LAAG,2024,5,5\n", "1 probleem"),
                            (b"GM0599,INK_LAAG,2024,5,5\nGM0637,INK_LAAG,2024,hoog\n", "2 problemen")):
            with self.subTest(count=count):
                _stdout, stderr, error = self.run_command(HEADER + rows)
                self.assertEqual(error, f"Het bestand is niet geïmporteerd: {count}. Er is niets opgeslagen; verbeter "
                                        "het bestand en importeer het opnieuw, of gebruik --skip-invalid om alleen de "
                                        "geldige rijen te importeren.")
                self.assertTrue(stderr.startswith("regel 2: de rij heeft 5 velden waar de kopregel er 4 heeft"))
        self.assertEqual((Observation.objects.count(), ImportRun.objects.count()), (0, 0))

    def test_a_header_problem_with_skip_invalid_says_why_the_file_was_still_refused(self):
        _stdout, stderr, error = self.run_command(b"area_code,indicator,period,value\nGM0599,INK_LAAG,2024,5\n",
                                                  "--skip-invalid")

        self.assertEqual(error, "Het bestand is niet geïmporteerd: 3 problemen. Er is niets opgeslagen: een probleem "
                                "met de kopregel of met het bestand als geheel kan niet worden overgeslagen, ook niet "
                                "met --skip-invalid. Verbeter het bestand en importeer het opnieuw.")
        self.assertNotIn("gebruik --skip-invalid", error)
        self.assertEqual(stderr.splitlines(), [
            "regel 1: onbekende kolom 'indicator'; bedoel je indicatorcode?",
            "regel 1: ontbrekende kolom: indicator_code",
            "regel 1: de kopregel bevat area_code, indicator, period, value; verwacht: area_code, indicator_code, "
            "period, value (of in het Nederlands gebiedscode, indicatorcode, periode, waarde), in willekeurige "
            "volgorde",
        ])
        self.assertEqual((Observation.objects.count(), ImportRun.objects.count()), (0, 0))

    def test_a_latin1_file_is_explained_in_dutch_without_codec_text(self):
        _stdout, stderr, error = self.run_command(HEADER + "GM0599,INK_LAAG,2024,5 ë\n".encode("latin-1"))

        self.assertEqual(stderr.splitlines(), [
            "regel 2: het bestand is geen UTF-8-tekst: deze regel bevat een byte (0xEB) die in UTF-8 niet voorkomt, "
            "dus het is waarschijnlijk opgeslagen als Windows-1252 of Latin-1 (het gewone \"CSV\" van Excel). We "
            "lezen alleen UTF-8 (met of zonder byte-order mark): kies in Excel Opslaan als en het type \"CSV UTF-8 "
            "(door komma's gescheiden)\""])
        self.assertIn("1 probleem.", error)
        self.assertFalse(ImportRun.objects.exists())

    def test_a_header_only_file_writes_no_import_run(self):
        _stdout, stderr, error = self.run_command(HEADER, "--skip-invalid")

        self.assertEqual(stderr.splitlines(), [
            "Het bestand heeft geen rijen om te importeren: het heeft kolomkoppen maar geen gegevens, of elke rij is "
            "overgeslagen."])
        self.assertIn("ook niet met --skip-invalid", error)
        self.assertFalse(ImportRun.objects.exists())

    def test_the_output_counts_the_national_rows_skipped_with_a_plural(self):
        for national, counted in ((b"NL,INK_LAAG,2024,5\n", "1 rij niet geïmporteerd: Nederland als geheel (NL00)"),
                                  (b"NL,INK_LAAG,2024,5\nNL00,INK_LAAG,2023,4\n",
                                   "2 rijen niet geïmporteerd: Nederland als geheel (NL00)")):
            with self.subTest(counted=counted):
                stdout, stderr, error = self.run_command(HEADER + national + b"GM0599,INK_LAAG,2024,\"5,5\"\n")
                self.assertEqual((stderr, error), ("", ""))
                self.assertIn(f"{counted}\n", stdout)
                self.assertEqual(Observation.objects.get().value, 5.5)


class RefusalTextTests(BaseTestCase):
    def test_a_table_refusal_advises_skip_invalid_only_when_it_helps(self):
        with translation.override("en"):
            rows = refusal(ImportRefused(["line 2: x"], skippable=True), table="85984NED")
            whole = refusal(ImportRefused(["a", "b"]), table="85984NED")
        self.assertEqual(rows, "Table 85984NED was not imported: 1 problem. Nothing was written; use --skip-invalid "
                               "to import the valid rows only.")
        self.assertEqual(whole, "Table 85984NED was not imported: 2 problems. Nothing was written: a problem with the "
                                "table as a whole cannot be skipped, not even with --skip-invalid.")
