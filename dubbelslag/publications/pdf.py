"""The PDF of a knowledge product version: the same content as the public product page, typeset for A4 by WeasyPrint.

``render_version(version, public=True)`` and the include ``publications/includes/product_body.html`` go into a print
template (``publications/pdf/product.html``) with its own style sheet (``publications/pdf/print.css``): a cover block
(type, title, subtitle, authors, date, version, licence, lead), at a glance, the sections with their figures, the
numbered citations with each record's title and its absolute public address, and the metadata; page numbers and a
running header come from CSS ``@page`` rules. Fonts are the system's DejaVu (no web fonts). WeasyPrint fetches
nothing from the network: its URL fetcher refuses every address except the files in this module's ``pdf`` template
directory.

PDFs are cached on disk under ``MEDIA_ROOT/publications/pdf/``, one file per version, language and a hash of the
HTML it was made from: the HTML of a published version changes only when something around it changes (a cited record
is unpublished, a translation is fixed), and then the hash makes a new file. Writing goes through a temporary file
and ``os.replace``, so a reader never sees half a PDF; older files of the same version and language are removed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from dubbelslag.core.addresses import absolute_url, site_root

from .models import ProductVersion

logger = logging.getLogger(__name__)

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "publications" / "pdf"
STYLESHEET = TEMPLATE_DIR / "print.css"
LANGUAGES = ("nl", "en")


def pdf_directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "publications" / "pdf"


def _language(language: str | None) -> str:
    return "en" if (language or "").startswith("en") else "nl"


def _absolute(url: str) -> str:
    return absolute_url(None, url) if url.startswith("/") else url


def build_html(version: ProductVersion, *, language: str) -> str:
    """The print HTML of ``version`` in ``language`` (the public rendering: unavailable citations without title)."""
    from .rendering import render_version

    with translation.override(_language(language)):
        rendered = render_version(version, viewer=None, public=True)
        for citation in rendered.citations:
            # The PDF prints each source's address, so it must be complete.
            citation.public_url = _absolute(citation.public_url) if citation.available else ""
            citation.internal_url = ""
        meta = rendered.metadata
        html = render_to_string("publications/pdf/product.html", {
            "rendered": rendered, "version": version, "meta": meta,
            "product_url": meta.identifier or "",
            "keywords": ", ".join(meta.subjects),
            "site_url": site_root(),
        })
        return html


def print_images(version: ProductVersion) -> dict[str, Path]:
    """The print variant of each image the public rendering of ``version`` shows, by its token: the only image
    files WeasyPrint may read."""
    from .rendering import _image_views

    return {image.token: image.print_path for image in _image_views(version, public=True, frozen=True)
            if image.print_path is not None}


def _allowed_file(url: str) -> Path | None:
    """The local file behind a ``file://`` address inside the PDF template directory, else None."""
    if not url.startswith("file://"):
        return None
    try:
        path = Path(url[len("file://"):].split("?")[0].split("#")[0]).resolve()
    except (OSError, ValueError):
        return None
    return path if path.is_relative_to(TEMPLATE_DIR) and path.is_file() else None


def _image_file(url: str, images: dict[str, Path]) -> Path | None:
    """The print variant behind an image address of the page (``…/afbeeldingen/<token>/<name>``), when the token is
    one of the version's images."""
    parts = url.split("?")[0].split("/")
    if "afbeeldingen" not in parts:
        return None
    index = parts.index("afbeeldingen")
    token = parts[index + 1] if index + 1 < len(parts) else ""
    path = images.get(token)
    return path if path is not None and path.is_file() else None


def _url_fetcher(images: dict[str, Path] | None = None):
    """A fetcher that refuses the network and every file but our own print files and the print variants of the
    version's images (WeasyPrint then leaves the resource out with a warning)."""
    from weasyprint import urls

    images = images or {}

    def _allowed(url: str) -> Path | None:
        return _allowed_file(url) or _image_file(url, images)

    if hasattr(urls, "URLFetcher"):  # WeasyPrint 68 and later
        class LocalOnly(urls.URLFetcher):
            def fetch(self, url, headers=None):
                path = _allowed(url)
                if path is None:
                    raise ValueError(f"Not fetched for a PDF: {url[:200]}")
                return super().fetch(path.as_uri(), headers)

        return LocalOnly(allowed_protocols={"file", "http", "https"})

    def fetch(url, *args, **kwargs):  # pragma: no cover - older WeasyPrint
        path = _allowed(url)
        if path is None:
            raise ValueError(f"Not fetched for a PDF: {url[:200]}")
        return urls.default_url_fetcher(path.as_uri(), *args, **kwargs)

    return fetch


def write_pdf(html: str, target: Path, images: dict[str, Path] | None = None) -> None:
    """Typeset ``html`` into ``target`` (atomically); ``images``: the image files it may show, by token."""
    from weasyprint import CSS, HTML

    fetcher = _url_fetcher(images)
    document = HTML(string=html, base_url=site_root() + "/", url_fetcher=fetcher)
    stylesheet = CSS(filename=str(STYLESHEET), url_fetcher=fetcher)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as stream:
            document.write_pdf(stream, stylesheets=[stylesheet])
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cache_path(version: ProductVersion, language: str, html: str) -> Path:
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()[:20]
    return pdf_directory() / f"{version.pk}-{_language(language)}-{digest}.pdf"


def open_pdf(version: ProductVersion, *, language: str) -> BinaryIO:
    """The PDF of ``version`` in ``language``, opened for reading: the cached file for the same HTML, else typeset
    now. The caller decides whether the version may be shown (public: published, or superseded of a published
    product). An open file stays readable even if a concurrent request replaces or removes it."""
    language = _language(language)
    html = build_html(version, language=language)
    path = cache_path(version, language, html)
    try:
        return path.open("rb")
    except FileNotFoundError:
        pass
    started = time.perf_counter()
    write_pdf(html, path, print_images(version))
    handle = path.open("rb")
    logger.info("PDF of %s v%s (%s) built in %.2f s", version.product.slug, version.number, language,
                time.perf_counter() - started)
    for stale in path.parent.glob(f"{version.pk}-{language}-*.pdf"):
        if stale != path:
            stale.unlink(missing_ok=True)
    return handle


def pdf_for_version(version: ProductVersion, *, language: str) -> Path:
    """The path of the (cached or newly typeset) PDF of ``version`` in ``language``."""
    with open_pdf(version, language=language) as handle:
        return Path(handle.name)
