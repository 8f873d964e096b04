"""Checking and re-encoding uploaded images with Pillow: no ORM, no files written (``services`` stores the result).

An upload is accepted when its bytes are a JPEG, PNG or WebP image (its name is not looked at), within
``IMAGE_MAX_BYTES`` and ``IMAGE_MAX_PIXELS``. What is kept are the pixels only: the image is decoded once, turned
upright by its EXIF orientation, converted to sRGB and encoded anew into the variants below. EXIF (GPS position,
camera serial, the time taken), XMP, IPTC, comments and the embedded colour profile are not carried over, because
nothing of the original but its pixels is written; the original bytes are never kept.

Memory: the pixel count is read from the header before anything is decoded. A JPEG is decoded at a reduced scale
(``Image.draft``, through ``thumbnail``: 1/2, 1/4 or 1/8, still at least the largest variant's size), other formats
are shrunk with ``reduce`` as part of the same step, so a 20-megapixel photograph is never held decoded twice; the
smaller variants are made from the largest one.
"""

from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, UnidentifiedImageError

# The widths the pages use (srcset): a list thumbnail, the text column on a phone, the text column and cover on a
# wide screen. The print variant is for the PDF: about 17 cm at 300 dpi.
PAGE_WIDTHS = (320, 640, 1280)
PRINT_WIDTH = 2000
JPEG_QUALITY = 82
PRINT_QUALITY = 90

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# EXIF orientation → the transposition that makes the image upright.
ORIENTATION = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
               4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270,
               7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90}
SRGB = ImageCms.createProfile("sRGB")


@dataclass
class Variant:
    name: str  # the file name under the image's folder: "w640.jpg", "print.jpg"
    width: int
    height: int
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class Processed:
    width: int  # of the largest variant, upright
    height: int
    extension: str  # "jpg" or "png" (a PNG or WebP with transparency stays transparent, as PNG)
    variants: list[Variant]

    @property
    def content_type(self) -> str:
        return "image/png" if self.extension == "png" else "image/jpeg"


def sniff(head: bytes) -> str | None:
    """The format the first bytes say: JPEG, PNG or WEBP, else None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def _refuse(message: str, code: str):
    raise ValidationError({"file": message}, code=code)


def _megabytes(value: int) -> str:
    return f"{value / 1_048_576:.1f}"


def _megapixels(value: int) -> str:
    return f"{value / 1_000_000:.1f}"


def check_limits(file, *, max_bytes: int) -> str:
    """The format of ``file`` by its first bytes, else a ValidationError: empty, too large, not an image we take."""
    if file.size == 0:
        _refuse(_("The file is empty."), "empty")
    if file.size > max_bytes:
        _refuse(_("The image is %(size)s MB; the limit is %(limit)s MB. Nothing has been stored.") % {
            "size": _megabytes(file.size), "limit": _megabytes(max_bytes)}, "too_large")
    file.seek(0)
    kind = sniff(file.read(16))
    file.seek(0)
    if kind is None:
        _refuse(_("This file is not a JPEG, PNG or WebP image. Nothing has been stored."), "not_an_image")
    return kind


def _open(file, kind: str, *, max_pixels: int) -> Image.Image:
    unreadable = _("The image could not be read; it may be damaged. Nothing has been stored.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(file, formats=[kind])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        _refuse(_("The image has too many pixels; the limit is %(limit)s megapixels. Nothing has been stored.")
                % {"limit": _megapixels(max_pixels)}, "too_many_pixels")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        _refuse(unreadable, "unreadable")
    if image.format != kind:
        _refuse(unreadable, "unreadable")
    pixels = image.width * image.height
    if pixels > max_pixels:
        _refuse(_("The image has %(pixels)s megapixels; the limit is %(limit)s megapixels. Make it smaller and "
                  "upload it again. Nothing has been stored.") % {
            "pixels": _megapixels(pixels), "limit": _megapixels(max_pixels)}, "too_many_pixels")
    return image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (
        image.mode == "P" and "transparency" in image.info)


def _to_srgb(image: Image.Image, mode: str, icc: bytes | None) -> Image.Image:
    """``image`` in ``mode`` (RGB or RGBA), its colours converted from its embedded profile to sRGB."""
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: the pixels as they are
    return image if image.mode == mode else image.convert(mode)


def _encode(image: Image.Image, extension: str, *, quality: int) -> bytes:
    out = io.BytesIO()
    if extension == "png":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()


def process(file, *, max_bytes: int, max_pixels: int) -> Processed:
    """The checked, re-encoded variants of an uploaded image (see the module docstring); a ValidationError with a
    translated message on the ``file`` field when it is refused."""
    kind = check_limits(file, max_bytes=max_bytes)
    image = _open(file, kind, max_pixels=max_pixels)
    try:
        try:
            orientation = image.getexif().get(0x0112, 1)
        except Exception:  # noqa: BLE001 - a damaged EXIF block only loses the orientation
            orientation = 1
        transpose = ORIENTATION.get(orientation)
        upright_width = image.height if transpose in (Image.Transpose.TRANSPOSE, Image.Transpose.TRANSVERSE,
                                                       Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270) \
            else image.width
        icc = image.info.get("icc_profile")
        alpha = _has_alpha(image)
        mode = "RGBA" if alpha else "RGB"
        extension = "png" if alpha else "jpg"
        scale = min(1.0, PRINT_WIDTH / upright_width)
        box = (max(1, math.ceil(image.width * scale)), max(1, math.ceil(image.height * scale)))
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            if image.mode not in ("RGB", "RGBA", "L", "CMYK", "I;16", "I"):
                image = image.convert("RGBA" if alpha else "RGB")
            # Decodes once: a JPEG at a reduced scale (draft), anything else reduced, then resampled to the box.
            image.thumbnail(box, Image.Resampling.LANCZOS, reducing_gap=3.0)
        if image.mode in ("I;16", "I"):
            image = image.point(lambda value: value / 256).convert("L")
        image = _to_srgb(image, mode, icc)
        if transpose is not None:
            image = image.transpose(transpose)
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning,
            MemoryError):
        _refuse(_("The image could not be read; it may be damaged. Nothing has been stored."), "unreadable")
    # Pillow carries some of what it read over into what it writes (a JPEG comment, a colour profile, a PNG's
    # resolution): the pixels only.
    image.info = {}
    width, height = image.size
    variants = [Variant(f"print.{extension}", width, height, _encode(image, extension, quality=PRINT_QUALITY))]
    widths = sorted({w for w in PAGE_WIDTHS if w < width} | {min(width, PAGE_WIDTHS[-1])}, reverse=True)
    source = image
    for target in widths:
        if target != source.width:
            source = source.resize((target, max(1, round(height * target / width))), Image.Resampling.LANCZOS,
                                   reducing_gap=2.0)
        variants.append(Variant(f"w{target}.{extension}", source.width, source.height,
                                _encode(source, extension, quality=JPEG_QUALITY)))
    return Processed(width=width, height=height, extension=extension, variants=variants)
