"""Image files for the tests: a JPEG carrying the metadata an upload must lose (GPS position, camera serial,
orientation, a comment with the original name), a PNG, and an upload of either."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags
from PIL import Image as PillowImage


def jpeg_with_gps(size=(1600, 1200), *, orientation=None) -> bytes:
    image = PillowImage.new("RGB", size, (180, 90, 40))
    exif = PillowImage.Exif()
    exif[0x010F] = "Canon"
    exif[0xA431] = "CAMERA-SERIAL-4711"
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[1], gps[2], gps[3], gps[4] = "N", (51.0, 52.0, 33.0), "E", (4.0, 28.0, 12.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90, comment=b"IMG_0042 at Pendrecht")
    return out.getvalue()


def png(size=(800, 600), mode="RGB") -> bytes:
    out = io.BytesIO()
    PillowImage.new(mode, size, (10, 120, 200) if mode == "RGB" else (10, 120, 200, 128)).save(out, "PNG")
    return out.getvalue()


def upload(content: bytes, name="IMG_0042.jpg"):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")
