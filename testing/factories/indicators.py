"""Factories for the indicators app: staged imports of the import page."""

from django.core.files.uploadedfile import SimpleUploadedFile

from dubbelslag.indicators.imports import stage_upload
from dubbelslag.indicators.models import StagedImport


def make_staged_import(*, by, content: bytes, name: str = "figures.csv", choices: dict | None = None) -> StagedImport:
    """A file uploaded on the import page by ``by``, optionally with the mapping already chosen."""
    staged = stage_upload(SimpleUploadedFile(name, content), by=by)
    if choices is not None:
        staged.choices = choices
        staged.save(update_fields=["choices"])
    return staged
