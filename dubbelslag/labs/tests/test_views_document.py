"""Documents: checked by size and content before anything is stored, served only through the session's gate."""

import io
import shutil
import tempfile
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from dubbelslag.core.uploads import DOCUMENT_TYPES
from dubbelslag.labs.models import Document, WorkingGroupMeeting
from dubbelslag.labs.services import sessions as services
from testing.base import BaseTestCase
from testing.factories.labs import in_days, make_deep_dive, make_lab, make_working_group

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


class SniffTests(BaseTestCase):
    def test_accepted_types(self):
        cases = {"a.pdf": PDF, "a.png": PNG, "a.jpg": JPEG, "a.JPEG": JPEG, "a.docx": DOCX, "a.xlsx": XLSX,
                 "a.odt": ODT, "a.txt": "Verslag – één".encode(), "a.csv": b"buurt;aantal\nBU1;3\n",
                 "a.md": b"# Kop\n"}
        for name, content in cases.items():
            with self.subTest(name=name):
                self.assertEqual(services.check_upload(upload(name, content)),
                                 DOCUMENT_TYPES[name.rsplit(".", 1)[1].lower()])

    def test_refusals(self):
        cases = {"a.pdf": PNG, "a.png": PDF, "a.docx": XLSX, "a.xlsx": b"PK\x03\x04 not a zip", "a.odt": DOCX,
                 "a.txt": b"\xff\xfe\x00b\x00i\x00n", "a.csv": PDF[:4] + b"\x00\x01", "a.exe": b"MZ\x90\x00",
                 "a": b"text", "a.pdf.exe": PDF, "a.docx ": DOCX, "leeg.pdf": b""}
        for name, content in cases.items():
            with self.subTest(name=name), self.assertRaises(ValidationError):
                services.check_upload(upload(name, content))


class DocumentTestCase(BaseTestCase):
    def setUp(self):
        self.media = tempfile.mkdtemp()
        override = override_settings(MEDIA_ROOT=self.media)
        override.enable()
        self.addCleanup(override.disable)
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        self.lab = make_lab(programme=self.programme)

    def stored_files(self) -> list[Path]:
        return [path for path in Path(self.media).rglob("*") if path.is_file()]


class UploadTests(DocumentTestCase):
    def setUp(self):
        super().setUp()
        self.url = reverse("labs:document-upload", args=["kennislab", self.lab.pk])

    def test_upload_stores_under_media_root(self):
        self.login(self.coordinator)
        response = self.client.post(self.url, {"title": "Verslag", "file": upload("verslag lab 1.pdf", PDF)})
        self.assertRedirects(response, self.lab.get_absolute_url() + "#documents")
        document = Document.objects.get()
        self.assertEqual((document.title, document.content_type, document.size, document.lab, document.uploaded_by),
                         ("Verslag", "application/pdf", len(PDF), self.lab, self.coordinator))
        files = self.stored_files()
        self.assertEqual(len(files), 1)
        self.assertEqual(files[0].read_bytes(), PDF)
        self.assertTrue(files[0].name.endswith(".pdf"))
        self.assertTrue(document.file.name.startswith("labs/"))
        response = self.client.get(self.lab.get_absolute_url())
        self.assertContains(response, reverse("labs:document-download", args=[document.pk]))

    @override_settings(LABS_MAX_UPLOAD_BYTES=50)
    def test_too_large_refused_nothing_stored(self):
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        response = self.client.post(self.url, {"title": "Groot", "file": upload("groot.pdf", PDF + b" " * 100)})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "the limit is")
        self.assertFalse(Document.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_wrong_content_under_good_name_refused_nothing_stored(self):
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        for name, content in [("verslag.pdf", b"<html><script>alert(1)</script></html>"), ("foto.png", PDF),
                              ("notulen.docx", ODT), ("data.csv", b"\x00\x01\x02binary")]:
            with self.subTest(name=name):
                response = self.client.post(self.url, {"title": "", "file": upload(name, content)})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "is not what its name says")
        response = self.client.post(self.url, {"title": "", "file": upload("setup.exe", b"MZ")})
        self.assertContains(response, "Files of this type are not accepted.")
        response = self.client.post(self.url, {"title": "Zonder bestand"})
        self.assertIn("file", response.context["form"].errors)
        self.assertFalse(Document.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_grid(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url, {"file": upload("a.pdf", PDF)}).status_code, 404)
        for person in (self.reader, self.researcher):
            self.login(person)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            self.assertEqual(self.client.post(self.url, {"file": upload("a.pdf", PDF)}).status_code, 403)
        self.login(self.coordinator)
        self.assertContains(self.client.get(self.url), 'enctype="multipart/form-data"')
        self.assertEqual(self.client.put(self.url).status_code, 405)
        self.assertEqual(self.client.get(reverse("labs:document-upload", args=["map", self.lab.pk])).status_code,
                         404)
        self.assertFalse(Document.objects.exists())
        self.assertEqual(self.stored_files(), [])

    def test_chair_uploads_to_meeting_reader_may_not(self):
        group = make_working_group(programme=self.programme, chair=self.editor)
        meeting = WorkingGroupMeeting.objects.create(group=group, starts_at=in_days(3))
        url = reverse("labs:document-upload", args=["overleg", meeting.pk])
        self.login(self.reader)
        self.assertEqual(self.client.post(url, {"file": upload("a.md", b"# Notulen")}).status_code, 403)
        self.login(self.editor)
        response = self.client.post(url, {"file": upload("notulen.md", b"# Notulen")})
        self.assertRedirects(response, reverse("labs:meeting-detail", args=[meeting.pk]) + "#documents")
        document = Document.objects.get()
        self.assertEqual((document.meeting, document.title, document.content_type),
                         (meeting, "notulen", "text/markdown; charset=utf-8"))


class DownloadTests(DocumentTestCase):
    def setUp(self):
        super().setUp()
        self.document = services.upload_document(by=None, title="Verslag", file=upload("verslag.pdf", PDF),
                                                 lab=self.lab)
        self.url = reverse("labs:document-download", args=[self.document.pk])

    def test_participant_downloads_as_attachment(self):
        self.login(self.reader)
        response = self.client.get(self.url)
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="verslag.pdf"')
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_gate(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.reader)
        self.assertEqual(self.client.post(self.url).status_code, 405)
        self.assertEqual(self.client.get(reverse("labs:document-download", args=[99999])).status_code, 404)

    def test_deep_dive_and_meeting_documents_follow_their_gate(self):
        deep_dive = make_deep_dive(programme=self.programme)
        document = services.upload_document(by=None, title="Slides", file=upload("s.pdf", PDF), deep_dive=deep_dive)
        group = make_working_group(programme=self.programme)
        meeting = WorkingGroupMeeting.objects.create(group=group, starts_at=in_days(3))
        minutes = services.upload_document(by=None, title="Notulen", file=upload("n.txt", b"ok"), meeting=meeting)
        for doc in (document, minutes):
            url = reverse("labs:document-download", args=[doc.pk])
            self.login(self.outsider)
            self.assertEqual(self.client.get(url).status_code, 404)
            self.login(self.reader)
            self.assertEqual(self.client.get(url).status_code, 200)

    def test_missing_file_is_404(self):
        for path in self.stored_files():
            path.unlink()
        self.login(self.reader)
        self.assertEqual(self.client.get(self.url).status_code, 404)
