"""How an image is shown: from a *snapshot* (a plain dict of the image's files and text, frozen in a published
knowledge product, or taken live from the library) to the values a template needs (``src``, ``srcset``, ``sizes``,
width and height, alternative text, caption, credit and licence) and to the file a view serves.

Addresses are made by the caller (``url(name)``): the same image is served by the library, by a version's
editorial page and by the public site, each behind its own gate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils import translation

from .enums import LICENCE_URLS, ImageLicence
from .models import Image
from .storage import variant_path

SNAPSHOT_FIELDS = ("alt_nl", "alt_en", "caption_nl", "caption_en", "credit", "licence")
# The width an image takes: the text column (about 44em) on a wide screen, the whole width on a phone.
COLUMN_SIZES = "(min-width: 48em) 44em, 100vw"
THUMBNAIL_SIZES = "(min-width: 48em) 16em, 100vw"


def snapshot(image: Image) -> dict:
    """What a placement of ``image`` shows, as a JSON-ready dict."""
    return {"token": image.token, "extension": image.extension, "width": image.width, "height": image.height,
            "variants": list(image.variants), **{name: getattr(image, name) for name in SNAPSHOT_FIELDS}}


def _english() -> bool:
    return (translation.get_language() or "nl").startswith("en")


@dataclass
class ImageView:
    snapshot: dict
    src: str
    srcset: str
    width: int
    height: int
    sizes: str = COLUMN_SIZES
    number: int | None = None
    variants: list[dict] = field(default_factory=list)
    print_name: str = ""
    is_cover: bool = False

    def _text(self, name: str) -> tuple[str, str]:
        english = self.snapshot.get(f"{name}_en", "")
        if _english() and english:
            return english, "en"
        return self.snapshot.get(f"{name}_nl", ""), "nl"

    @property
    def alt(self) -> str:
        return self._text("alt")[0]

    @property
    def alt_lang(self) -> str:
        return self._text("alt")[1]

    @property
    def caption(self) -> str:
        return self._text("caption")[0]

    @property
    def caption_lang(self) -> str:
        return self._text("caption")[1]

    @property
    def credit(self) -> str:
        return self.snapshot.get("credit", "")

    @property
    def licence_label(self) -> str:
        licence = self.snapshot.get("licence", "")
        return str(ImageLicence(licence).label) if licence in ImageLicence.values else licence

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.snapshot.get("licence", ""), "")

    @property
    def anchor(self) -> str:
        return f"afbeelding-{self.number}" if self.number else ""

    @property
    def token(self) -> str:
        return self.snapshot.get("token", "")

    @property
    def content_type(self) -> str:
        return "image/png" if self.snapshot.get("extension") == "png" else "image/jpeg"

    def variant(self, name: str) -> dict | None:
        return next((variant for variant in self.variants if variant["name"] == name), None)

    @property
    def print_path(self) -> Path | None:
        """The print variant's file, for the PDF."""
        return variant_path(self.token, self.print_name) if self.print_name else None


def image_view(data: dict, *, url: Callable[[str], str], number: int | None = None, sizes: str = COLUMN_SIZES,
               largest: int | None = None) -> ImageView:
    """The view of a snapshot ``data``; ``url(name)`` is the address of one variant file. ``largest`` leaves out
    the page variants wider than that (a thumbnail needs no 1280-pixel file)."""
    variants = list(data.get("variants", []))
    page = sorted((v for v in variants if v["name"].startswith("w")), key=lambda v: v["width"])
    if largest:
        page = [v for v in page if v["width"] <= largest] or page[:1]
    printed = next((v for v in variants if v["name"].startswith("print")), None)
    default = page[-1] if page else printed
    if default is None:
        raise ValueError("An image without variants")
    return ImageView(snapshot=data, src=url(default["name"]), width=default["width"], height=default["height"],
                     srcset=", ".join(f"{url(v['name'])} {v['width']}w" for v in page), sizes=sizes, number=number,
                     variants=variants, print_name=printed["name"] if printed else "")


def serve_variant(request, token: str, name: str, variants: list[dict], *, public: bool):
    """The response with one variant file of an image, after the caller's gate let it through; 404 for a name that
    is not one of the image's variants. Public answers are revalidated at every use (``no-cache`` with an ETag),
    so an image taken off the public site is gone at once; the others are not stored."""
    if name not in {variant["name"] for variant in variants}:
        raise Http404
    etag = f'"{token}-{name}"'
    cache_control = "public, no-cache" if public else "private, no-store"
    if public and etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        try:
            handle = variant_path(token, name).open("rb")
        except (FileNotFoundError, NotADirectoryError) as missing:
            raise Http404 from missing
        response = FileResponse(handle, content_type="image/png" if name.endswith(".png") else "image/jpeg")
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Disposition"] = "inline"
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response
