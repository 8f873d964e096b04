"""Factories for the update pages' tests (part U): files to attach and a temporary media folder."""

import shutil
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from testing.base import make_user

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def pdf_upload(name: str = "telling.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_other_editor(programme, experiment, *, email: str = "other-editor@example.org"):
    """An editor of ``experiment`` only (the personas' "editor of another experiment")."""
    user = make_user(email, name="Otto Andere")
    Membership.objects.create(user=user, programme=programme, experiment=experiment, role=MembershipRole.EDITOR)
    return user


def use_temporary_media(test_case, *, max_bytes: int = 1024) -> Path:
    """Point MEDIA_ROOT at a fresh folder (removed after the test) with a small upload limit; the folder."""
    media = tempfile.mkdtemp()
    override = override_settings(MEDIA_ROOT=media, RESEARCH_MAX_UPLOAD_BYTES=max_bytes)
    override.enable()
    test_case.addCleanup(override.disable)
    test_case.addCleanup(shutil.rmtree, media, ignore_errors=True)
    return Path(media)


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]
