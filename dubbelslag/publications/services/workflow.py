"""The editorial workflow of knowledge products: every write, and the status steps declared in ``workflows.VERSIONS``.

Each service is one transaction. It locks the rows it checks (``core.locking.lock_row``: a step is checked against
the product and version as they are now, not as they were when the page was loaded), checks the actor's right
(``PermissionDenied``), then the rules (``ValidationError`` with a specific, translated message), and writes exactly
one audit event, its parent being the product, so the product's page shows the history of all its versions. A
refusal writes nothing.

Who: the programme team writes (``access.may_write_products``); coordinators publish and unpublish
(``access.may_publish``); whoever may read a version internally comments on it in review (``access.may_review``).
``by=None`` is the system (commands): rights and readability are not checked, the other rules are.

The rules that protect the public: a version cites only validated or published records of its own programme that
its writer may read; it is published only while every record it cites is published (public), so the public never
meets a citation it cannot follow; publishing freezes its figures; the public keeps the published version while a
new one is written; unpublishing needs a reason. The search index follows publishing and unpublishing.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from dubbelslag.core import audit
from dubbelslag.core.locking import lock_row
from dubbelslag.core.models import AuditAction, AuditEvent
from dubbelslag.images.display import snapshot as image_snapshot
from dubbelslag.images.models import Image
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.models import Experiment, Programme
from dubbelslag.research.enums import RecordStatus
from dubbelslag.research.models import HarvestRecord

from ..access import may_publish, may_review, may_write_products
from ..enums import OPEN_STATUSES, TEMPLATES, ProductType, VersionStatus
from ..figures import snapshot_figure, take_monitoring_snapshot, take_snapshot
from ..models import Citation, Figure, KnowledgeProduct, ProductImage, ProductVersion, ReviewComment, Section
from ..rendering import extract_image_markers, extract_markers
from ..workflows import VERSIONS

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = KnowledgeProduct._meta.get_field("slug").max_length
# Path words of the editorial pages under /kennisproducten/ that a product's address would shadow.
RESERVED_SLUGS = {"nieuw", "commentaar"}

TEXT_FIELDS = ("title_nl", "title_en", "subtitle_nl", "subtitle_en", "lead_nl", "lead_en")
GLANCE_FIELDS = ("project_status", "period", "partners", "budget", "funding", "scale", "contact")
META_FIELDS = ("authors", "evidence_level", "licence", "change_note")
EDITABLE_FIELDS = (*TEXT_FIELDS, *GLANCE_FIELDS, *META_FIELDS)
LINK_FIELDS = ("themes", "koppelkansen", "knowledge_questions", "experiments", "areas")
VERSION_AUDIT_FIELDS = ["status", *EDITABLE_FIELDS, *LINK_FIELDS]
PRODUCT_AUDIT_FIELDS = ["programme", "slug", "product_type"]
FIGURE_AUDIT_FIELDS = ["number", "area", "indicator", "period", "result_indicator", "reporting_period", "caption_nl",
                       "caption_en"]


# --- Helpers ---------------------------------------------------------------------------------------------------

def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _actor(by):
    return by if by is not None and by.is_authenticated else None


def _status_label(status: str) -> str:
    return str(VersionStatus(status).label)


def _require_status(version: ProductVersion, *allowed: str, doing: str) -> None:
    if version.status not in allowed:
        raise ValidationError(
            _("Version %(number)s is “%(current)s”; only a “%(allowed)s” version can be %(doing)s.") % {
                "number": version.number, "current": _status_label(version.status),
                "allowed": " / ".join(_status_label(status) for status in allowed), "doing": doing},
            code="illegal_transition")


def _ids(values) -> set[int]:
    return {value if isinstance(value, int) else value.pk for value in values or ()}


def suggest_slug(title: str) -> str:
    """A free web address from a title: ``huiskamer-aardgasvrij``, else with ``-2``, ``-3``… appended."""
    base = slugify(title)[:SLUG_MAX_LENGTH - 4].strip("-") or "product"
    taken = set(KnowledgeProduct.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug, number = f"{base}-{number}", number + 1
    return slug


def check_slug(slug: str) -> None:
    """Refuse a web address that is malformed, reserved or taken, saying which and offering a free one."""
    if not SLUG_PATTERN.match(slug or "") or len(slug) > SLUG_MAX_LENGTH:
        raise ValidationError({"slug": _(
            "A web address consists of lower-case letters, digits and single hyphens (such as "
            "“huiskamer-aardgasvrij”), at most %(max)d characters.") % {"max": SLUG_MAX_LENGTH}}, code="slug_format")
    if slug in RESERVED_SLUGS or KnowledgeProduct.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _(
            "The web address “%(slug)s” is already in use; choose another, such as “%(free)s”.") % {
                "slug": slug, "free": suggest_slug(slug)}}, code="slug_taken")


def _stale_message(version: ProductVersion) -> str:
    event = AuditEvent.objects.about(version).first()
    if event is None:
        return _("Someone else changed this version while you were editing it. Your changes have not been saved; "
                 "reload the page to see the latest text and make them again.")
    when = formats.date_format(timezone.localtime(event.at), "DATETIME_FORMAT")
    return _("%(who)s changed this version on %(when)s, while you were editing it. Your changes have not been "
             "saved; reload the page to see the latest text and make them again.") % {
                 "who": event.actor_label or _("someone"), "when": when}


def _markers(version: ProductVersion, texts: dict[str, tuple[str, str]]) -> tuple[list[int], list[int]]:
    """The record ids and figure numbers the sections refer to, in order of first appearance: the sections in
    template order, in each the Dutch text, then the English."""
    records: dict[int, None] = {}
    figures: dict[int, None] = {}
    order = TEMPLATES.get(version.product.product_type, [])
    for key in sorted(texts, key=lambda k: order.index(k) if k in order else len(order)):
        for text in texts[key]:
            cited, embedded = extract_markers(text)
            records.update(dict.fromkeys(cited))
            figures.update(dict.fromkeys(embedded))
    return list(records), list(figures)


def _check_citations(version: ProductVersion, record_ids: list[int], *, by) -> list[HarvestRecord]:
    """The cited records in order; refuses markers naming a record that does not exist, is of another programme,
    is still a draft, or that ``by`` may not read."""
    records = HarvestRecord.objects.in_bulk(record_ids)
    readable = (set(records) if by is None
                else set(HarvestRecord.objects.visible_to(by).filter(pk__in=record_ids).values_list("pk", flat=True)))
    problems = []
    for record_id in record_ids:
        record = records.get(record_id)
        marker = f"[@R{record_id}]"
        if record is None or record_id not in readable:
            # Not saying more about a record the writer may not read than that it is not available to them.
            problems.append(_("%(marker)s: there is no harvest record %(id)s that you may read.")
                            % {"marker": marker, "id": record_id})
        elif record.programme_id != version.product.programme_id:
            problems.append(_("%(marker)s: “%(title)s” belongs to another programme.")
                            % {"marker": marker, "title": record.title})
        elif record.status not in (RecordStatus.VALIDATED, RecordStatus.PUBLISHED):
            problems.append(_("%(marker)s: “%(title)s” is still a draft; cite only validated or published "
                              "records.") % {"marker": marker, "title": record.title})
    if problems:
        raise ValidationError(problems, code="bad_citation")
    return [records[record_id] for record_id in record_ids]


def _check_links(version: ProductVersion, links: dict) -> dict[str, set[int]]:
    programme = version.product.programme
    errors = {}
    result = {name: _ids(values) for name, values in links.items() if values is not None}
    if "experiments" in result and (result["experiments"] - set(
            Experiment.objects.filter(programme=programme, pk__in=result["experiments"])
            .values_list("pk", flat=True))):
        errors["experiments"] = _("Choose experiments of the product's programme.")
    if "knowledge_questions" in result and (result["knowledge_questions"] - set(
            KnowledgeQuestion.objects.filter(programme=programme, pk__in=result["knowledge_questions"])
            .values_list("pk", flat=True))):
        errors["knowledge_questions"] = _("Choose knowledge questions of the product's programme.")
    for name in ("themes", "koppelkansen", "areas"):
        if name in result:
            model = ProductVersion._meta.get_field(name).related_model
            if result[name] - set(model.objects.filter(pk__in=result[name]).values_list("pk", flat=True)):
                errors[name] = _("Choose from the list.")
    if errors:
        raise ValidationError(errors)
    return result


def _section_summary(text: str) -> str:
    return _("(%(count)d characters)") % {"count": len(text)} if text else ""


# --- Creating and editing --------------------------------------------------------------------------------------

@transaction.atomic
def create_product(*, programme: Programme, product_type: str, slug: str, title_nl: str, authors: str, by,
                   **version_fields) -> KnowledgeProduct:
    """A new product with version 1 as a draft holding the empty sections of its type's template. An empty
    ``slug`` is made from the title."""
    unknown = set(version_fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown version fields: {', '.join(sorted(unknown))}")
    if by is not None:
        _require(may_write_products(by, programme))
    if product_type not in ProductType.values:
        raise ValidationError({"product_type": _("Choose a type of knowledge product.")}, code="product_type")
    slug = (slug or "").strip() or suggest_slug(title_nl)
    check_slug(slug)
    actor = _actor(by)
    product = KnowledgeProduct(programme=programme, slug=slug, product_type=product_type, created_by=actor)
    product.full_clean(exclude=["published_version", "created_by", "withdrawn_by"], validate_unique=False)
    version = ProductVersion(number=1, status=VersionStatus.DRAFT, title_nl=title_nl, authors=authors,
                             created_by=actor, **version_fields)
    version.full_clean(exclude=["product", "created_by", "submitted_by", "published_by"], validate_unique=False,
                       validate_constraints=False)
    product.save()
    version.product = product
    version.save()
    Section.objects.bulk_create(Section(version=version, key=key, position=position)
                                for position, key in enumerate(TEMPLATES[product_type]))
    with translation.override(settings.LANGUAGE_CODE):
        changes = {name: [None, value] for name, value in audit.snapshot(product, PRODUCT_AUDIT_FIELDS).items()}
        changes.update({name: [None, value] for name, value in audit.snapshot(
            version, ["title_nl", "authors", *version_fields]).items() if value not in (None, "", [])})
    changes["version"] = [None, 1]
    audit.record(product, by=by, action=AuditAction.CREATE, changes=changes)
    return product


@transaction.atomic
def update_version(version: ProductVersion, *, by, expected_edit_version: int,
                   sections: dict[str, tuple[str, str]] | None = None, themes=None, koppelkansen=None,
                   knowledge_questions=None, experiments=None, areas=None, **fields) -> ProductVersion:
    """Change a draft's fields, links (None: unchanged) and section texts ({key: (Dutch, English)}; keys not given
    are unchanged). The citations are read from the markers of all sections and stored in order of first
    appearance; figure snapshots are refreshed."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown version fields: {', '.join(sorted(unknown))}")
    lock_row(version)
    if by is not None:
        _require(may_write_products(by, version.product.programme))
    if version.edit_version != expected_edit_version:
        raise ValidationError(_stale_message(version), code="stale")
    _require_status(version, VersionStatus.DRAFT, doing=_("edited"))
    template = TEMPLATES[version.product.product_type]
    sections = dict(sections or {})
    wrong = [key for key in sections if key not in template]
    if wrong:
        raise ValidationError({"sections": _("A %(type)s has no section “%(key)s”.") % {
            "type": version.product.get_product_type_display(), "key": ", ".join(wrong)}}, code="section")
    rows = {section.key: section for section in version.sections.all()}
    texts = {key: (row.body_nl, row.body_en) for key, row in rows.items()}
    texts.update({key: (nl or "", en or "") for key, (nl, en) in sections.items()})
    record_ids, figure_numbers = _markers(version, texts)
    records = _check_citations(version, record_ids, by=by)
    known_figures = set(version.figures.values_list("number", flat=True))
    unknown_figures = [number for number in figure_numbers if number not in known_figures]
    if unknown_figures:
        raise ValidationError({"sections": _("The text shows figure %(numbers)s, which this version does not have; "
                                             "add the figure first or correct the number.") % {
            "numbers": ", ".join(str(number) for number in unknown_figures)}}, code="unknown_figure")
    image_numbers = {number for pair in texts.values() for text in pair for number in extract_image_markers(text)}
    unknown_images = sorted(image_numbers - set(version.images.values_list("number", flat=True)))
    if unknown_images:
        raise ValidationError({"sections": _("The text shows image %(numbers)s, which this version does not have; "
                                             "place the image first or correct the number.") % {
            "numbers": ", ".join(str(number) for number in unknown_images)}}, code="unknown_image")
    links = _check_links(version, {"themes": themes, "koppelkansen": koppelkansen,
                                   "knowledge_questions": knowledge_questions, "experiments": experiments,
                                   "areas": areas})
    before = audit.snapshot(version, VERSION_AUDIT_FIELDS)
    before_sections = {key: (row.body_nl, row.body_en) for key, row in rows.items()}
    before_citations = list(version.citations.order_by("number").values_list("record_id", flat=True))
    for name, value in fields.items():
        setattr(version, name, value)
    version.full_clean(exclude=["product", "created_by", "submitted_by", "published_by"], validate_unique=False,
                       validate_constraints=False)
    for name, ids in links.items():
        getattr(version, name).set(sorted(ids))
    changes = audit.diff(before, audit.snapshot(version, VERSION_AUDIT_FIELDS))
    for position, key in enumerate(template):
        nl, en = texts.get(key, ("", ""))
        row = rows.get(key)
        if row is None:
            row = Section.objects.create(version=version, key=key, position=position, body_nl=nl, body_en=en)
        elif (row.body_nl, row.body_en) != (nl, en):
            row.body_nl, row.body_en = nl, en
            row.save(update_fields=["body_nl", "body_en"])
        old_nl, old_en = before_sections.get(key, ("", ""))
        for language, old, new in (("nl", old_nl, nl), ("en", old_en, en)):
            if old != new:
                changes[f"section {key} ({language})"] = [_section_summary(old), _section_summary(new)]
    if before_citations != [record.pk for record in records]:
        version.citations.all().delete()
        Citation.objects.bulk_create(Citation(version=version, record=record, number=number)
                                     for number, record in enumerate(records, start=1))
        changes["citations"] = [[f"R{pk}" for pk in before_citations], [f"R{record.pk}" for record in records]]
    for figure in version.figures.select_related("area", "indicator", "result_indicator__experiment",
                                                 "result_indicator__programme", "reporting_period"):
        figure.snapshot = snapshot_figure(figure)
        figure.save(update_fields=["snapshot"])
    for placement in version.images.select_related("image"):
        placement.snapshot = image_snapshot(placement.image)
        placement.save(update_fields=["snapshot"])
    if not changes:
        return version
    version.edit_version += 1
    version.save()
    audit.record(version, by=by, action=AuditAction.CHANGE, changes=changes, parent=version.product)
    return version


def _open_draft(version: ProductVersion, *, by, doing: str) -> None:
    lock_row(version)
    if by is not None:
        _require(may_write_products(by, version.product.programme))
    _require_status(version, VersionStatus.DRAFT, doing=doing)


def _bump(version: ProductVersion) -> None:
    version.edit_version += 1
    version.save(update_fields=["edit_version", "updated_at"])


@transaction.atomic
def add_figure(version: ProductVersion, *, by, area, indicator, period: str = "", caption_nl: str = "",
               caption_en: str = "") -> Figure:
    """Embed one indicator for one area in a draft (shown where the text says ``[[figure N]]``), numbered next."""
    _open_draft(version, by=by, doing=_("edited"))
    period = (period or "").strip()
    number = max(version.figures.values_list("number", flat=True), default=0) + 1
    figure = Figure(version=version, number=number, area=area, indicator=indicator, period=period,
                    caption_nl=caption_nl, caption_en=caption_en,
                    snapshot=take_snapshot(area=area, indicator=indicator, period=period))
    figure.full_clean()
    figure.save()
    _bump(version)
    audit.record_create(figure, by=by, fields=FIGURE_AUDIT_FIELDS, parent=version.product)
    return figure


@transaction.atomic
def add_monitoring_figure(version: ProductVersion, *, by, result_indicator, reporting_period,
                          caption_nl: str = "", caption_en: str = "") -> Figure:
    """Embed a public monitoring result in a draft: an experiment's approved value of a public indicator, or a
    shared indicator's programme total, for one public period. Refused (``ValidationError`` naming the field) when
    the indicator or the period is not public; the value is frozen on publication like every figure's."""
    _open_draft(version, by=by, doing=_("edited"))
    number = max(version.figures.values_list("number", flat=True), default=0) + 1
    figure = Figure(version=version, number=number, result_indicator=result_indicator,
                    reporting_period=reporting_period, caption_nl=caption_nl, caption_en=caption_en)
    figure.full_clean()
    figure.snapshot = take_monitoring_snapshot(indicator=result_indicator, period=reporting_period)
    figure.save()
    _bump(version)
    audit.record_create(figure, by=by, fields=FIGURE_AUDIT_FIELDS, parent=version.product)
    return figure


@transaction.atomic
def remove_figure(figure: Figure, *, by) -> None:
    """Remove a figure from a draft; refused while the text still shows it."""
    version = figure.version
    _open_draft(version, by=by, doing=_("edited"))
    marker = re.compile(rf"\[\[(?:figure|figuur)\s*{figure.number}\]\]", re.IGNORECASE)
    if any(marker.search(section.body_nl) or marker.search(section.body_en) for section in version.sections.all()):
        raise ValidationError(_("The text still shows figure %(number)s; remove [[figure %(number)s]] from the text "
                                "first.") % {"number": figure.number}, code="figure_in_use")
    audit.record_delete(figure, by=by, fields=FIGURE_AUDIT_FIELDS, parent=version.product)
    figure.delete()
    _bump(version)


IMAGE_AUDIT_FIELDS = ["number", "image", "is_cover"]


def _clear_cover(version: ProductVersion, *, by) -> None:
    for placement in version.images.filter(is_cover=True):
        placement.is_cover = False
        placement.save(update_fields=["is_cover"])
        audit.record(placement, by=by, action=AuditAction.CHANGE, changes={"is_cover": [True, False]},
                     parent=version.product)


@transaction.atomic
def add_image(version: ProductVersion, *, by, image: Image, is_cover: bool = False) -> ProductImage:
    """Place an image of the programme's library in a draft, numbered next: shown where the text says
    ``[[image N]]`` and, with ``is_cover``, as the product's cover (replacing the cover it had)."""
    _open_draft(version, by=by, doing=_("edited"))
    if image.programme_id != version.product.programme_id:
        raise ValidationError({"image": _("Choose an image of the product's programme.")}, code="other_programme")
    if is_cover:
        _clear_cover(version, by=by)
    number = max(version.images.values_list("number", flat=True), default=0) + 1
    placement = ProductImage(version=version, number=number, image=image, is_cover=is_cover,
                             snapshot=image_snapshot(image))
    placement.full_clean(validate_constraints=False)
    placement.save()
    _bump(version)
    audit.record_create(placement, by=by, fields=IMAGE_AUDIT_FIELDS, parent=version.product)
    return placement


@transaction.atomic
def set_cover(placement: ProductImage, *, by) -> ProductImage:
    """Make a placed image the draft's cover."""
    version = placement.version
    _open_draft(version, by=by, doing=_("edited"))
    lock_row(placement)
    if not placement.is_cover:
        _clear_cover(version, by=by)
        placement.is_cover = True
        placement.save(update_fields=["is_cover"])
        audit.record(placement, by=by, action=AuditAction.CHANGE, changes={"is_cover": [False, True]},
                     parent=version.product)
        _bump(version)
    return placement


@transaction.atomic
def remove_image(placement: ProductImage, *, by) -> None:
    """Take an image out of a draft; refused while the text still shows it."""
    version = placement.version
    _open_draft(version, by=by, doing=_("edited"))
    if any(number == placement.number for section in version.sections.all()
           for text in (section.body_nl, section.body_en) for number in extract_image_markers(text)):
        raise ValidationError(_("The text still shows image %(number)s; remove [[image %(number)s]] from the text "
                                "first.") % {"number": placement.number}, code="image_in_use")
    audit.record_delete(placement, by=by, fields=IMAGE_AUDIT_FIELDS, parent=version.product)
    placement.delete()
    _bump(version)


# --- Review ----------------------------------------------------------------------------------------------------

def submit_for_review(version: ProductVersion, *, by) -> ProductVersion:
    """draft → in review: the programme team asks for review of a complete draft."""
    return VERSIONS.apply(version, "submit", by=by)


def request_changes(version: ProductVersion, *, by, reason: str) -> ProductVersion:
    """in review → draft: the programme team sends a version back for more work, giving a reason."""
    return VERSIONS.apply(version, "request_changes", by=by, reason=reason)


@transaction.atomic
def add_review_comment(version: ProductVersion, *, by, section_key: str, text: str) -> ReviewComment:
    """A reviewer's comment on one section of a version in review ("" for the whole version)."""
    lock_row(version)
    if by is None or not by.is_authenticated:
        raise PermissionDenied
    _require(may_review(by, version))
    _require_status(version, VersionStatus.IN_REVIEW, doing=_("commented on"))
    section_key = section_key or ""
    if section_key and section_key not in TEMPLATES[version.product.product_type]:
        raise ValidationError({"section_key": _("Choose a section of this product.")}, code="section")
    if not (text or "").strip():
        raise ValidationError({"text": _("Write a comment.")}, code="empty")
    comment = ReviewComment(version=version, section_key=section_key, author=by, text=text.strip())
    comment.full_clean()
    comment.save()
    audit.record_create(comment, by=by, fields=["section_key", "text"], parent=version.product)
    return comment


@transaction.atomic
def resolve_comment(comment: ReviewComment, *, by) -> ReviewComment:
    """Mark a comment as dealt with: its author or the programme team, while the version is being worked on."""
    lock_row(comment)
    version = comment.version
    if by is not None:
        _require(may_write_products(by, version.product.programme)
                 or (by.is_authenticated and comment.author_id == by.pk and may_review(by, version)))
    if version.status not in OPEN_STATUSES:
        raise ValidationError(_("Comments on a version that is no longer being worked on stay as they are."),
                              code="closed")
    if comment.resolved_at is not None:
        raise ValidationError(_("This comment has already been resolved."), code="resolved")
    before = audit.snapshot(comment, ["resolved_by", "resolved_at"])
    comment.resolved_by, comment.resolved_at = _actor(by), timezone.now()
    comment.save(update_fields=["resolved_by", "resolved_at"])
    audit.record(comment, by=by, action=AuditAction.CHANGE, parent=version.product,
                 changes=audit.diff(before, audit.snapshot(comment, ["resolved_by", "resolved_at"])))
    return comment


# --- Publishing ------------------------------------------------------------------------------------------------

def publish_version(version: ProductVersion, *, by) -> ProductVersion:
    """in review → published, for coordinators. The previous published version becomes superseded, the figures
    are frozen, the product points at this version and the search index follows. Refused while any cited record
    is not published."""
    return VERSIONS.apply(version, "publish", by=by)


@transaction.atomic
def start_new_version(product: KnowledgeProduct, *, by) -> ProductVersion:
    """A new draft, number + 1, copying the latest version: texts, sections, links, figures and citations. The
    public keeps reading the published version until this one is published."""
    lock_row(product)
    if by is not None:
        _require(may_write_products(by, product.programme))
    open_version = product.versions.filter(status__in=OPEN_STATUSES).first()
    if open_version is not None:
        raise ValidationError(_("Version %(number)s is still “%(status)s”; finish it before starting another.") % {
            "number": open_version.number, "status": _status_label(open_version.status)}, code="open_version")
    latest = product.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError(_("This product has no version to start from."), code="no_version")
    copy = ProductVersion.objects.create(
        product=product, number=latest.number + 1, status=VersionStatus.DRAFT, created_by=_actor(by),
        **{name: getattr(latest, name) for name in EDITABLE_FIELDS if name != "change_note"})
    for name in LINK_FIELDS:
        getattr(copy, name).set(getattr(latest, name).all())
    Section.objects.bulk_create(Section(version=copy, key=section.key, position=section.position,
                                        body_nl=section.body_nl, body_en=section.body_en)
                                for section in latest.sections.all())
    Figure.objects.bulk_create(Figure(version=copy, number=figure.number, area_id=figure.area_id,
                                      indicator_id=figure.indicator_id, period=figure.period,
                                      result_indicator_id=figure.result_indicator_id,
                                      reporting_period_id=figure.reporting_period_id,
                                      caption_nl=figure.caption_nl, caption_en=figure.caption_en,
                                      snapshot=figure.snapshot) for figure in latest.figures.all())
    Citation.objects.bulk_create(Citation(version=copy, record_id=citation.record_id, number=citation.number)
                                 for citation in latest.citations.all())
    ProductImage.objects.bulk_create(ProductImage(version=copy, number=placement.number, image_id=placement.image_id,
                                                  is_cover=placement.is_cover, snapshot=placement.snapshot)
                                     for placement in latest.images.all())
    audit.record(copy, by=by, action=AuditAction.CREATE, parent=product,
                 changes={"number": [None, copy.number], "copied from": [None, f"v{latest.number}"]})
    return copy


@transaction.atomic
def unpublish_product(product: KnowledgeProduct, *, by, reason: str) -> KnowledgeProduct:
    """Take a product off the public site, for coordinators, with a reason: its published version becomes
    withdrawn, the product has no published version and leaves the search index."""
    lock_row(product)
    if by is not None:
        _require(may_publish(by, product.programme))
    version = product.published_version
    if version is None:
        raise ValidationError(_("This product is not published."), code="not_published")
    version.product = product
    VERSIONS.apply(version, "unpublish", by=by, reason=reason)
    product.refresh_from_db()
    return product
