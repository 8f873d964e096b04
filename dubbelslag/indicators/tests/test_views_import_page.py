"""The import page (Indicatoren → Importeren): upload, preview, mapping, dry run and confirm, for the programme team
only, each person seeing only their own uploads; nothing is written before the import is confirmed."""

import codecs
import io
import zipfile
from datetime import timedelta

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from dubbelslag.areas.models import Area
from dubbelslag.core.models import AuditEvent
from dubbelslag.indicators import imports
from dubbelslag.indicators.models import ImportRun, Indicator, IndicatorClass, Observation, StagedImport
from testing.base import BaseTestCase, make_area
from testing.factories.indicators import make_staged_import

CSV = (b"gemeentenaam,regionaam,soort_regio,regiocode,type_eigendom,huishoudens,comfort\n"
       b"Nederland,Nederland,Nederland,NL,Totaal,7929003,Midden\n"
       b"Rotterdam,Charlois,Wijk,WK059915,Totaal,5230,Hoog\n"
       b"Rotterdam,Charlois,Wijk,WK059915,Huurwoning,4000,Laag\n"
       b"Zoetermeer,Palenstein,Wijk,WK063703,Totaal,3100,.\n"
       b"Zoetermeer,Palenstein,Wijk,WK063703,Huurwoning,2000,Midden\n")
MAPPING = {
    "boundary_year": "2025", "period": "2021", "decimal": ",",
    "c1_role": "name", "c3_role": "area", "c4_role": "dimension", "c4_value": "Totaal",
    "c5_role": "indicator", "c5_indicator": "BEV_HUISHOUDENS",
    "c6_role": "new", "c6_code": "BE_COMFORT_TEST", "c6_name_nl": "Comfort", "c6_name_en": "Comfort",
    "c6_domain": "energie", "c6_value_type": "category", "c6_classes": "Laag, Midden, Hoog",
    "c6_source_note": "CBS maatwerk", "c6_licence": "CC BY 4.0",
}
for index in (0, 2):
    MAPPING[f"c{index}_role"] = "ignore"
for index in range(7):
    MAPPING.setdefault(f"c{index}_value_type", "number")


class ImportPageTestCase(BaseTestCase):
    def setUp(self):
        self.client.cookies["django_language"] = "en"

    def upload(self, content: bytes, name: str = "figures.csv"):
        return self.client.post(reverse("indicators:import-upload"), {"file": SimpleUploadedFile(name, content)})

    def staged_with_mapping(self, by=None):
        staged = make_staged_import(by=by or self.coordinator, content=CSV)
        self.login(by or self.coordinator)
        response = self.client.post(reverse("indicators:import-mapping", args=[staged.pk]), MAPPING)
        self.assertRedirects(response, reverse("indicators:import-dry-run", args=[staged.pk]))
        staged.refresh_from_db()
        return staged

    def counts(self):
        return (Observation.objects.count(), Area.objects.count(), Indicator.objects.count(),
                ImportRun.objects.count(), AuditEvent.objects.count())


class AccessTests(ImportPageTestCase):
    def test_anonymous_is_sent_to_the_login_page(self):
        response = self.client.get(reverse("indicators:import-upload"))
        self.assertRedirects(response, "/account/login/?next=/indicatoren/importeren/", fetch_redirect_response=False)

    def test_people_outside_the_programme_team_are_refused_every_step(self):
        staged = make_staged_import(by=self.coordinator, content=CSV)
        for persona in (self.outsider, self.reader, self.editor):
            self.login(persona)
            for name in ("import-preview", "import-mapping", "import-dry-run", "import-progress"):
                self.assertEqual(self.client.get(reverse(f"indicators:{name}", args=[staged.pk])).status_code, 403)
            self.assertEqual(self.client.get(reverse("indicators:import-upload")).status_code, 403)
            self.assertEqual(self.upload(CSV).status_code, 403)
            self.assertEqual(self.client.post(reverse("indicators:import-confirm", args=[staged.pk])).status_code,
                             403)
        self.assertEqual(StagedImport.objects.count(), 1)

    def test_another_team_member_cannot_open_or_import_someone_elses_upload(self):
        staged = self.staged_with_mapping(by=self.coordinator)
        self.login(self.researcher)
        for name in ("import-preview", "import-mapping", "import-dry-run", "import-progress"):
            self.assertEqual(self.client.get(reverse(f"indicators:{name}", args=[staged.pk])).status_code, 404)
        response = self.client.post(reverse("indicators:import-confirm", args=[staged.pk]))
        self.assertRedirects(response, reverse("indicators:import-run-list"))
        self.assertEqual(ImportRun.objects.count(), 0)
        self.assertTrue(StagedImport.objects.filter(pk=staged.pk).exists())

    def test_an_upload_older_than_a_day_is_gone_and_purged_by_the_next_upload(self):
        old = make_staged_import(by=self.coordinator, content=CSV)
        StagedImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=1, minutes=1))
        self.login(self.coordinator)
        self.assertEqual(self.client.get(reverse("indicators:import-preview", args=[old.pk])).status_code, 404)
        self.upload(CSV)
        self.assertFalse(StagedImport.objects.filter(pk=old.pk).exists())

    def test_confirm_takes_only_post(self):
        staged = self.staged_with_mapping()
        self.assertEqual(self.client.get(reverse("indicators:import-confirm", args=[staged.pk])).status_code, 405)

    def test_the_catalogue_and_the_import_list_link_to_the_page_for_the_team_only(self):
        url = reverse("indicators:import-upload")
        for page in ("indicators:indicator-list", "indicators:import-run-list"):
            self.login(self.coordinator)
            self.assertContains(self.client.get(reverse(page)), f'href="{url}"')
            self.login(self.outsider)
            self.assertNotContains(self.client.get(reverse(page)), f'href="{url}"')


class UploadTests(ImportPageTestCase):
    def setUp(self):
        super().setUp()
        self.login(self.coordinator)

    def test_a_csv_is_staged_for_its_uploader_and_previewed(self):
        response = self.upload(CSV)
        staged = StagedImport.objects.get()
        self.assertRedirects(response, reverse("indicators:import-preview", args=[staged.pk]))
        self.assertEqual((staged.owner, staged.file_name, bytes(staged.content), staged.encoding),
                         (self.coordinator, "figures.csv", CSV, "utf-8"))
        page = self.client.get(reverse("indicators:import-preview", args=[staged.pk])).content.decode()
        self.assertIn('<dd data-fact="encoding">UTF-8</dd>', page)
        self.assertIn('<dd data-fact="rows">5</dd>', page)
        self.assertIn("comma (,)", page)
        self.assertIn('<span class="code">.</span> 1 time', page)
        self.assertIn("<th scope=\"col\">type_eigendom</th>", page)
        self.assertIn("<td>WK063703</td>", page)

    def test_each_encoding_is_detected_and_staged_as_utf8(self):
        text = CSV.decode().replace("Nederland,Nederland", "Nederland,Nederländ")
        cases = [(codecs.BOM_UTF8 + text.encode(), "utf-8-sig", "UTF-8 (BOM)"),
                 (text.encode("cp1252"), "cp1252", "Windows-1252"),
                 (text.encode("utf-16"), "utf-16", "UTF-16")]
        for raw, encoding, label in cases:
            with self.subTest(encoding):
                response = self.upload(raw)
                staged = StagedImport.objects.latest("pk")
                self.assertRedirects(response, reverse("indicators:import-preview", args=[staged.pk]))
                self.assertEqual(staged.encoding, encoding)
                self.assertEqual(bytes(staged.content).decode("utf-8-sig"), text)
                self.assertContains(self.client.get(response.url), label)

    def test_a_semicolon_file_is_previewed_with_its_delimiter(self):
        self.upload(CSV.replace(b",", b";"))
        staged = StagedImport.objects.get()
        self.assertContains(self.client.get(reverse("indicators:import-preview", args=[staged.pk])),
                            "semicolon (;)")

    def test_hostile_files_are_refused_with_a_message_and_nothing_is_staged(self):
        bomb = io.BytesIO()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/workbook.xml", "<workbook/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (201 * 1024 * 1024))
        cases = [
            (b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "figures.csv", "Save it as CSV (UTF-8)"),
            (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)), "figures.csv", "Save it as CSV (UTF-8)"),
            (b"a,b\n\x01\x02\x03,4\n", "figures.csv", "binary data"),
            (b"", "figures.csv", "is empty."),
            (b"a,b\n1,2\n", "figures.pdf", "Upload a CSV file"),
            (bomb.getvalue(), "figures.xlsx", "unpacks to"),
            (b"PK\x03\x04 not really a zip", "figures.xlsx", "is not what its name says"),
            (b"\n\n", "figures.csv", "no header row"),
        ]
        for raw, name, message in cases:
            with self.subTest(message):
                response = self.upload(raw, name)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
                self.assertContains(response, 'role="alert"')
        self.assertEqual(StagedImport.objects.count(), 0)

    @override_settings(IMPORT_MAX_UPLOAD_BYTES=100)
    def test_a_file_over_the_limit_is_refused(self):
        response = self.upload(CSV)
        self.assertContains(response, "the limit is 0.0 MB")
        self.assertEqual(StagedImport.objects.count(), 0)

    def test_refusals_are_in_dutch_for_dutch_users(self):
        self.client.cookies["django_language"] = "nl"
        response = self.client.post(reverse("indicators:import-upload"), {"file": SimpleUploadedFile("a.csv", b"")})
        self.assertContains(response, "Het verstuurde bestand is leeg.")

    def test_an_xlsx_first_sheet_is_read_as_csv(self):
        import openpyxl

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for row in [["regiocode", "huishoudens"], ["WK059915", 5230], ["WK063703", 12.5]]:
            sheet.append(row)
        workbook.create_sheet("other").append(["ignored"])
        buffer = io.BytesIO()
        workbook.save(buffer)
        self.upload(buffer.getvalue(), "figures.xlsx")
        staged = StagedImport.objects.get()
        self.assertEqual((staged.encoding, bytes(staged.content)),
                         ("xlsx", b"regiocode,huishoudens\nWK059915,5230\nWK063703,12.5\n"))

    def test_a_long_format_file_skips_the_column_mapping(self):
        self.upload(b"area_code,indicator_code,period,value\nWK059915,BEV_HUISHOUDENS,2021,5230\n")
        staged = StagedImport.objects.get()
        self.assertTrue(staged.is_long_format)
        page = self.client.get(reverse("indicators:import-mapping", args=[staged.pk])).content.decode()
        self.assertIn('name="boundary_year"', page)
        self.assertNotIn('name="c0_role"', page)
        response = self.client.post(reverse("indicators:import-mapping", args=[staged.pk]), {"boundary_year": 2025})
        self.assertRedirects(response, reverse("indicators:import-dry-run", args=[staged.pk]))
        page = self.client.get(response.url).content.decode()
        self.assertIn('data-count="created">1</td>', page)
        self.assertEqual(Observation.objects.count(), 0)
        self.client.post(reverse("indicators:import-confirm", args=[staged.pk]))
        self.assertEqual(Observation.objects.get().value, 5230)


class MappingTests(ImportPageTestCase):
    def setUp(self):
        super().setUp()
        self.staged = make_staged_import(by=self.coordinator, content=CSV)
        self.url = reverse("indicators:import-mapping", args=[self.staged.pk])
        self.login(self.coordinator)

    def test_the_form_offers_the_columns_values_and_years_with_no_year_chosen(self):
        page = self.client.get(self.url).content.decode()
        self.assertIn('<option value="" selected>', page.split('name="boundary_year"')[1].split("</select>")[0])
        self.assertIn('<option value="2022">2022</option>', page)
        # The dimension's values, and the column's words proposed as classes, lowest first.
        self.assertIn('<option value="Huurwoning">Huurwoning</option>', page)
        self.assertIn('value="Laag, Midden, Hoog"', page)
        # The area code and name columns are guessed.
        self.assertIn('<option value="area" selected>', page.split('name="c3_role"')[1].split("</select>")[0])

    def test_the_choices_are_saved_and_shown_again_when_going_back(self):
        self.client.post(self.url, MAPPING)
        self.staged.refresh_from_db()
        self.assertEqual(self.staged.choices["columns"]["type_eigendom"], {"role": "dimension", "value": "Totaal"})
        self.assertEqual(self.staged.choices["columns"]["comfort"]["classes"], ["Laag", "Midden", "Hoog"])
        self.assertEqual(self.staged.choices["boundary_year"], 2025)
        page = self.client.get(self.url).content.decode()
        self.assertIn('<option value="2025" selected>', page)
        self.assertIn('<option value="dimension" selected>', page.split('name="c4_role"')[1].split("</select>")[0])
        self.assertIn('value="BE_COMFORT_TEST"', page)

    def test_every_error_is_next_to_its_field_and_in_the_summary(self):
        data = {**MAPPING, "boundary_year": "", "period": "twenty", "c4_value": "", "c6_code": "BEV_HUISHOUDENS",
                "c6_classes": "Laag"}
        response = self.client.post(self.url, data)
        page = response.content.decode()
        self.assertIn("error-summary", page)
        for anchor in ("id_boundary_year", "id_period", "id_c4_value", "id_c6_code", "id_c6_classes"):
            self.assertIn(f'href="#{anchor}"', page)
        self.assertIn("Choose the value whose rows are imported.", page)
        self.assertIn("already has an indicator BEV_HUISHOUDENS", page)
        self.assertIn("Give at least two classes", page)
        self.staged.refresh_from_db()
        self.assertEqual(self.staged.choices, {})

    def test_a_mapping_without_area_or_indicator_is_refused(self):
        data = {key: value for key, value in MAPPING.items() if not key.endswith("_role")}
        response = self.client.post(self.url, data)
        self.assertContains(response, "Choose the column that holds the area codes")
        self.assertContains(response, "Map at least one column to an indicator")

    def test_dry_run_without_a_mapping_goes_to_the_mapping(self):
        response = self.client.get(reverse("indicators:import-dry-run", args=[self.staged.pk]))
        self.assertRedirects(response, self.url)


class DryRunAndConfirmTests(ImportPageTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The 2025 areas of the file; Pendrecht and Palenstein are in testing.base.
        make_area("GM9999", "Elders")

    def test_the_dry_run_reports_per_row_and_writes_nothing(self):
        staged = self.staged_with_mapping()
        before = self.counts()
        page = self.client.get(reverse("indicators:import-dry-run", args=[staged.pk])).content.decode()
        self.assertEqual(self.counts(), before)
        self.assertFalse(Indicator.objects.filter(code="BE_COMFORT_TEST").exists())
        self.assertIn('data-count="read">5</td>', page)
        self.assertIn('data-count="created">4</td>', page)
        self.assertIn('data-count="suppressed">1</td>', page)
        self.assertIn("type_eigendom is not Totaal: 2", page)
        self.assertIn("the Netherlands as a whole (NL00): 1", page)
        self.assertEqual(page.count('data-outcome="new"'), 4)
        self.assertIn("BE_COMFORT_TEST", page)
        self.assertIn(f'action="/indicatoren/importeren/{staged.pk}/bevestigen/"', page)

    def test_changed_values_show_old_and_new(self):
        staged = self.staged_with_mapping()
        self.client.post(reverse("indicators:import-confirm", args=[staged.pk]))
        staged = make_staged_import(by=self.coordinator, content=CSV.replace(b"5230", b"5300"),
                                    choices={**staged.choices, "columns": {
                                        **staged.choices["columns"],
                                        "comfort": {"role": "indicator", "indicator": "BE_COMFORT_TEST"}}})
        page = self.client.get(reverse("indicators:import-dry-run", args=[staged.pk])).content.decode()
        self.assertIn('data-count="updated">1</td>', page)
        self.assertIn("5230 → 5300", page)
        self.assertIn('data-count="unchanged">3</td>', page)

    def test_a_refused_file_lists_its_lines_and_offers_no_confirm(self):
        extra = b"Elders,Nergens,Wijk,WK999999,Totaal,10,Hoog\n"
        staged = make_staged_import(by=self.coordinator, content=CSV + extra)
        self.login(self.coordinator)
        self.client.post(reverse("indicators:import-mapping", args=[staged.pk]), MAPPING)
        before = self.counts()
        page = self.client.get(reverse("indicators:import-dry-run", args=[staged.pk])).content.decode()
        self.assertIn("The file would be refused", page)
        self.assertIn("line 7", page.lower())
        self.assertIn("WK999999", page)
        self.assertNotIn("bevestigen", page)
        self.assertEqual(self.counts(), before)

    def test_confirm_imports_once_and_lands_on_the_provenance_page(self):
        staged = self.staged_with_mapping()
        response = self.client.post(reverse("indicators:import-confirm", args=[staged.pk]))
        run = ImportRun.objects.get()
        self.assertRedirects(response, reverse("indicators:import-run-detail", args=[run.pk]))
        comfort = Indicator.objects.get(code="BE_COMFORT_TEST")
        self.assertEqual(list(comfort.classes.values_list("code", flat=True)), ["Laag", "Midden", "Hoog"])
        self.assertEqual(
            set(Observation.objects.values_list("area__code", "indicator__code", "value", "value_class__code",
                                                "status")),
            {("WK059915", "BEV_HUISHOUDENS", 5230, None, "ok"), ("WK063703", "BEV_HUISHOUDENS", 3100, None, "ok"),
             ("WK059915", "BE_COMFORT_TEST", None, "Hoog", "ok"),
             ("WK063703", "BE_COMFORT_TEST", None, None, "suppressed")})
        self.assertEqual((run.source, run.file_name, run.boundary_year, run.by), ("upload", "figures.csv", 2025,
                                                                                  self.coordinator))
        self.assertFalse(StagedImport.objects.exists())
        page = self.client.get(response.url).content.decode()
        self.assertIn("How the file was read", page)
        self.assertIn("type_eigendom = Totaal", page)
        self.assertIn('huishoudens → <a class="code" href="/indicatoren/BEV_HUISHOUDENS/">', page)
        self.assertIn("the Netherlands as a whole (NL00): 1", page)
        # A second confirm (a double click, a reload) imports nothing more.
        again = self.client.post(reverse("indicators:import-confirm", args=[staged.pk]), follow=True)
        self.assertContains(again, "already been imported")
        self.assertEqual((ImportRun.objects.count(), Observation.objects.count(), IndicatorClass.objects.filter(
            indicator=comfort).count()), (1, 4, 3))

    def test_progress_is_reported_from_the_cache(self):
        staged = self.staged_with_mapping()
        url = reverse("indicators:import-progress", args=[staged.pk])
        self.assertEqual(self.client.get(url).json(), {"done": 0, "total": 0})
        cache.set(imports.progress_key(staged.pk), {"done": 10, "total": 40})
        self.assertEqual(self.client.get(url).json(), {"done": 10, "total": 40})
        page = self.client.get(reverse("indicators:import-dry-run", args=[staged.pk])).content.decode()
        self.assertIn(f'data-import-progress="{url}"', page)
        self.assertIn("<progress", page)

    def test_confirm_reports_progress_while_writing(self):
        staged = self.staged_with_mapping()
        seen = []
        original = cache.set

        def spy(key, value, *args, **kwargs):
            if key == imports.progress_key(staged.pk):
                seen.append(value)
            return original(key, value, *args, **kwargs)

        from unittest import mock
        with mock.patch.object(cache, "set", spy):
            self.client.post(reverse("indicators:import-confirm", args=[staged.pk]))
        self.assertEqual(seen[-1], {"done": 4, "total": 4})
        self.assertIsNone(cache.get(imports.progress_key(staged.pk)))
