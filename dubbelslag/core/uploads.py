"""Checking uploaded files: by size, and by what their bytes are rather than what their name says.

Shared by every app that takes attachments (Kennislab documents, research log attachments). Nothing here stores a
file: the caller does that after ``check_upload`` has accepted it.
"""

import os
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "txt": "text/plain",
    "csv": "text/csv",
    "md": "text/markdown",
}
TEXT_TYPES = {"text/plain", "text/csv", "text/markdown"}
# Where an Office Open XML package keeps its main part.
OOXML_PARTS = {"word/document.xml": DOCUMENT_TYPES["docx"], "xl/workbook.xml": DOCUMENT_TYPES["xlsx"],
               "ppt/presentation.xml": DOCUMENT_TYPES["pptx"]}


def _zip_type(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return mimetype if mimetype in DOCUMENT_TYPES.values() else None
            if "[Content_Types].xml" in names:
                return next((kind for part, kind in OOXML_PARTS.items() if part in names), None)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    return None


def _is_utf8_text(file) -> bool:
    data = file.read()
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sniff_content_type(file, *, extension: str) -> str | None:
    """What the file's bytes say it is, among the accepted types; None for anything else. A text file is plain
    UTF-8 without NUL bytes, typed by its extension (its content cannot tell CSV from Markdown)."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return DOCUMENT_TYPES["pdf"]
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return DOCUMENT_TYPES["png"]
        if head.startswith(b"\xff\xd8\xff"):
            return DOCUMENT_TYPES["jpg"]
        if head.startswith(b"PK\x03\x04"):
            return _zip_type(file)
        if _is_utf8_text(file):
            expected = DOCUMENT_TYPES.get(extension)
            return expected if expected in TEXT_TYPES else "text/plain"
        return None
    finally:
        file.seek(0)


def check_upload(file, *, max_bytes: int) -> str:
    """The content type of an upload we accept, else a ValidationError saying why: too large, a type we do not
    take, or content that is not what the name says."""
    limit = max_bytes
    if file.size > limit:
        raise ValidationError({"file": _("The file is %(size)s MB; the limit is %(limit)s MB.") % {
            "size": f"{file.size / 1_048_576:.1f}", "limit": f"{limit / 1_048_576:.1f}"}}, code="too_large")
    if file.size == 0:
        raise ValidationError({"file": _("The file is empty.")}, code="empty")
    extension = os.path.splitext(file.name or "")[1].lower().lstrip(".")
    expected = DOCUMENT_TYPES.get(extension)
    if expected is None:
        raise ValidationError({"file": _("Files of this type are not accepted. Upload a PDF, PNG, JPEG, Word, Excel, "
                                         "PowerPoint or OpenDocument file, or plain text, CSV or Markdown.")},
                              code="unknown_type")
    actual = sniff_content_type(file, extension=extension)
    if actual != expected:
        raise ValidationError({"file": _("The content of “%(name)s” is not what its name says (a .%(extension)s "
                                         "file). Nothing has been stored.") % {
            "name": os.path.basename(file.name), "extension": extension}}, code="mismatch")
    return expected
