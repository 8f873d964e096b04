"""Where an image's files live: ``MEDIA_ROOT/images/<token>/<variant name>``, outside the web root.

The token is random (``secrets.token_urlsafe``), so no file's address can be guessed from another's; the views that
serve them check their gate first and only then open a file of the image's own variant list.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

from .processing import Processed


def images_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "images"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def image_directory(token: str) -> Path:
    return images_root() / token


def variant_path(token: str, name: str) -> Path:
    return image_directory(token) / name


def write_variants(token: str, processed: Processed) -> Path:
    """Write the variants into the image's folder, all at once: into a temporary folder first, then renamed, so
    a reader never sees half an image and a failure leaves nothing behind."""
    root = images_root()
    root.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=root, prefix=".tmp-"))
    try:
        for variant in processed.variants:
            (temporary / variant.name).write_bytes(variant.data)
        target = image_directory(token)
        os.replace(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return target


def remove_files(token: str) -> None:
    shutil.rmtree(image_directory(token), ignore_errors=True)
