"""The write paths of the image library: uploading an image and editing its metadata.

Each service is one transaction that checks the actor's right (``PermissionDenied``), then the input
(``ValidationError`` with translated messages, per field), and writes one audit event under the programme. A refusal
writes nothing: no row, no file. ``by=None`` is the system (the demo): rights are not checked, the rules are.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dubbelslag.core import audit
from dubbelslag.core.locking import lock_row
from dubbelslag.core.models import AuditAction
from dubbelslag.programme.models import Programme

from . import processing, storage
from .access import may_use_library
from .models import Image

METADATA_FIELDS = ("alt_nl", "alt_en", "caption_nl", "caption_en", "credit", "licence", "recognisable_people",
                   "consent", "experiment", "on_experiment_page")
AUDIT_FIELDS = [*METADATA_FIELDS, "width", "height"]
COMPUTED_FIELDS = ["token", "extension", "width", "height", "variants", "uploaded_by", "programme"]


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _actor(by):
    return by if by is not None and by.is_authenticated else None


def _strip(fields: dict) -> dict:
    return {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}


def _release_experiment_picture(image: Image, *, by) -> None:
    """The experiment's previous picture stops being it (one picture per experiment page)."""
    if not image.on_experiment_page or image.experiment_id is None:
        return
    for previous in Image.objects.select_for_update().filter(experiment_id=image.experiment_id,
                                                             on_experiment_page=True).exclude(pk=image.pk):
        before = audit.snapshot(previous, ["on_experiment_page"])
        previous.on_experiment_page = False
        previous.edit_version += 1
        previous.save(update_fields=["on_experiment_page", "edit_version", "updated_at"])
        audit.record_change(previous, by=by, before=before, fields=["on_experiment_page"],
                            parent=previous.programme)


@transaction.atomic
def upload_image(programme: Programme, *, by, file, alt_nl: str, credit: str, licence: str, alt_en: str = "",
                 caption_nl: str = "", caption_en: str = "", recognisable_people: bool = False, consent: str = "",
                 experiment=None, on_experiment_page: bool = False, is_demo: bool = False) -> Image:
    """Add an image to the programme's library: checked by its content, size and pixel count, re-encoded without
    its metadata into the page and print variants (``processing``), stored under a random name. The original bytes
    and file name are not kept. Refused, with every problem at once and nothing stored, when the file or the
    metadata is not acceptable."""
    if by is not None:
        _require(may_use_library(by, programme))
    image = Image(programme=programme, uploaded_by=_actor(by), is_demo=is_demo, experiment=experiment,
                  **_strip({"alt_nl": alt_nl, "alt_en": alt_en, "caption_nl": caption_nl, "caption_en": caption_en,
                            "credit": credit, "licence": licence, "recognisable_people": recognisable_people,
                            "consent": consent, "on_experiment_page": on_experiment_page}))
    errors: dict[str, list] = {}
    try:
        image.full_clean(exclude=COMPUTED_FIELDS, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    processed = None
    if file is None:
        errors.setdefault("file", []).append(_("Choose an image to upload."))
    else:
        try:
            processed = processing.process(file, max_bytes=settings.IMAGE_MAX_BYTES,
                                           max_pixels=settings.IMAGE_MAX_PIXELS)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    image.token = storage.new_token()
    image.extension = processed.extension
    image.width, image.height = processed.width, processed.height
    image.variants = [{"name": variant.name, "width": variant.width, "height": variant.height,
                       "size": variant.size} for variant in processed.variants]
    storage.write_variants(image.token, processed)
    try:
        _release_experiment_picture(image, by=by)
        image.save()
        audit.record_create(image, by=by, fields=AUDIT_FIELDS, parent=programme)
    except BaseException:
        storage.remove_files(image.token)
        raise
    return image


@transaction.atomic
def update_image(image: Image, *, by, expected_edit_version: int, **fields) -> Image:
    """Change an image's metadata (its files stay as they are). Knowledge products already published keep the
    text they were published with; the consent applies at once everywhere (``Image.is_publishable``)."""
    unknown = set(fields) - set(METADATA_FIELDS)
    if unknown:
        raise TypeError(f"Unknown image fields: {', '.join(sorted(unknown))}")
    lock_row(image)
    if by is not None:
        _require(may_use_library(by, image.programme))
    if image.edit_version != expected_edit_version:
        raise ValidationError(_("Someone else changed this image while you were editing it. Your changes have not "
                                "been saved; reload the page and make them again."), code="stale")
    before = audit.snapshot(image, METADATA_FIELDS)
    for name, value in _strip(fields).items():
        setattr(image, name, value)
    if not image.experiment_id:
        image.on_experiment_page = False
    image.full_clean(exclude=COMPUTED_FIELDS, validate_unique=False, validate_constraints=False)
    changes = audit.diff(before, audit.snapshot(image, METADATA_FIELDS))
    if not changes:
        return image
    _release_experiment_picture(image, by=by)
    image.edit_version += 1
    image.save()
    audit.record(image, by=by, action=AuditAction.CHANGE, changes=changes, parent=image.programme)
    return image
