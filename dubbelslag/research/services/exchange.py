"""REFI-QDA exchange of the codebook and the coded log: what ATLAS.ti, NVivo, MAXQDA and Taguette users take along.

``export_codebook`` writes the whole codebook as a ``.qdc``; ``export_project`` a ``.qdpx`` of the log entries a user
may read (text sources, their excerpts as selections, codings with their coder); ``import_codebook`` takes the
codebook of a ``.qdc``, ``.qdpx`` or ``.qde`` into ours. The ``refi_qda`` package does the file work; this module maps
its records to our models and back.

Identity. Codes and excerpts carry their own GUIDs. Log entries and users have none, so their GUIDs in an export are
derived from their primary key (``uuid5``): the same entry has the same GUID in every export, and a program that
imports the project twice recognises its sources.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dubbelslag.core import audit

from .. import refi_qda
from ..access import may_change_codebook
from ..codebook import MAX_CODE_LEVELS, code_children, codebook_tree, flatten
from ..enums import AnchorStatus
from ..models import Code, Coding, Excerpt, LogEntry
from .coding import CODE_AUDIT_FIELDS, _check_color, _normalise_color

# The namespace of the GUIDs derived for rows that have none of their own (log entries, users).
DUBBELSLAG_NS = uuid.UUID("5d0b2c1e-7a43-4f0e-9a57-3c6f1d2b8e90")
ORIGIN = "Dubbelslag"


def derived_guid(kind: str, pk: int) -> str:
    return str(uuid.uuid5(DUBBELSLAG_NS, f"{kind}:{pk}"))


# --- Export ------------------------------------------------------------------------------------------------------


def _record_codes(roots) -> tuple[refi_qda.Code, ...]:
    """The tree of ``CodeNode`` as REFI-QDA records, built bottom-up (a record holds its finished children), so a
    tree of any depth is written without recursion."""
    records: dict[int, refi_qda.Code] = {}
    for node in reversed(flatten(roots)):  # children before their parent
        code = node.code
        records[code.pk] = refi_qda.Code(
            guid=str(code.guid), name=code.name, is_codable=code.is_codable, color=code.color,
            description=code.description, children=tuple(records.pop(child.code.pk) for child in node.children))
    return tuple(records[root.code.pk] for root in roots)


def codebook_record() -> refi_qda.Codebook:
    """The codebook as REFI-QDA records, in tree order. Names are the Dutch (main) names."""
    return refi_qda.Codebook(codes=_record_codes(codebook_tree()), origin=ORIGIN)


def _refuse(error: refi_qda.WriteError) -> ValidationError:
    return ValidationError([_("The export could not be written: %(problem)s") % {"problem": problem}
                            for problem in error.problems], code="write")


def export_codebook() -> bytes:
    """The whole codebook as a ``.qdc`` document. ValidationError when it cannot be written (no codes)."""
    try:
        return refi_qda.write_codebook(codebook_record())
    except refi_qda.WriteError as error:
        raise _refuse(error) from error


@dataclass
class ProjectExport:
    project: refi_qda.Project
    entries: int = 0
    selections: int = 0
    codings: int = 0
    lost: list[Excerpt] = field(default_factory=list)


def project_for(user, *, experiments=None) -> ProjectExport:
    """The records of a project of the entries ``user`` may read (of ``experiments`` when given): each entry a text
    source with its raw text, each excerpt still found in it a selection with its codings. Excerpts whose text is no
    longer in the entry (anchor lost) are left out, and said so in the project's description."""
    entries = LogEntry.objects.visible_to(user).select_related("experiment", "author").order_by(
        "experiment__title", "experiment_id", "occurred_on", "pk")
    if experiments is not None:
        entries = entries.filter(experiment__in=experiments)
    entries = list(entries)
    excerpts_of: dict[int, list[Excerpt]] = {}
    for excerpt in Excerpt.objects.filter(entry__in=[entry.pk for entry in entries]).order_by("entry", "start", "pk"):
        excerpts_of.setdefault(excerpt.entry_id, []).append(excerpt)
    codings_of: dict[int, list[Coding]] = {}
    for coding in Coding.objects.filter(excerpt__entry__in=[entry.pk for entry in entries]).select_related(
            "code", "coder").order_by("coded_at", "pk"):
        codings_of.setdefault(coding.excerpt_id, []).append(coding)

    users: dict[int, refi_qda.User] = {}

    def user_guid(person) -> str:
        if person is None:
            return ""
        if person.pk not in users:
            users[person.pk] = refi_qda.User(guid=derived_guid("user", person.pk),
                                             name=person.get_full_name() or person.email)
        return users[person.pk].guid

    result = ProjectExport(project=refi_qda.Project(name=ORIGIN))
    sources = []
    for entry in entries:
        selections = []
        for excerpt in excerpts_of.get(entry.pk, []):
            if excerpt.anchor_status == AnchorStatus.LOST or entry.text[excerpt.start:excerpt.end] != excerpt.quote:
                result.lost.append(excerpt)
                continue
            codings = tuple(
                refi_qda.Coding(guid=str(coding.guid), code_guid=str(coding.code.guid),
                                creating_user=user_guid(coding.coder), created_at=coding.coded_at)
                for coding in codings_of.get(excerpt.pk, []))
            result.codings += len(codings)
            selections.append(refi_qda.TextSelection(
                guid=str(excerpt.guid), start=excerpt.start, end=excerpt.end, name=str(excerpt)[:200],
                codings=codings, created_at=excerpt.created_at))
        result.selections += len(selections)
        sources.append(refi_qda.TextSource(
            guid=derived_guid("logentry", entry.pk),
            name=f"{entry.experiment.title} – {entry.occurred_on.isoformat()} – {entry.title}",
            text=entry.text, description=entry.get_kind_display(), selections=tuple(selections),
            creating_user=user_guid(entry.author), created_at=entry.created_at))
    result.entries = len(sources)
    description = _("Research log of the Dubbelslag programme: %(entries)d log entries, %(selections)d excerpts, "
                    "%(codings)d codings.") % {"entries": result.entries, "selections": result.selections,
                                               "codings": result.codings}
    if result.lost:
        description += " " + _("%(count)d excerpts are left out because their text is no longer in the entry.") % {
            "count": len(result.lost)}
    now = timezone.now()
    result.project = refi_qda.Project(
        name=_("Dubbelslag research log"), origin=ORIGIN, codebook=codebook_record(), users=tuple(users.values()),
        sources=tuple(sources), description=description, created_at=now, modified_at=now)
    return result


def export_project(user, *, experiments=None) -> bytes:
    """A ``.qdpx`` project of the entries ``user`` may read; see ``project_for``."""
    try:
        return refi_qda.write_project(project_for(user, experiments=experiments).project)
    except refi_qda.WriteError as error:
        raise _refuse(error) from error


# --- Import ------------------------------------------------------------------------------------------------------


@dataclass
class ImportSummary:
    """What an import did, by code name (the file's names)."""

    origin: str = ""
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _read(data: bytes) -> tuple[refi_qda.Codebook, list[str]]:
    limit = settings.REFI_QDA_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise ValidationError(_("The file is %(size)s MB; the limit is %(limit)s MB.") % {
            "size": f"{len(data) / 1_048_576:.1f}", "limit": f"{limit / 1_048_576:.1f}"}, code="too_large")
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    result = refi_qda.read_any_codebook(data)
    if result.errors:
        raise ValidationError(list(result.errors), code="unreadable")
    if not result.codebook.codes:
        raise ValidationError(_("The file holds no codes: nothing to import."), code="no_codes")
    levels = result.codebook.levels()
    if levels > MAX_CODE_LEVELS:
        raise ValidationError(
            _("The codebook in the file is nested %(levels)s levels deep; Dubbelslag takes codebooks of at most "
              "%(limit)s levels. Nothing has been imported.")
            % {"levels": levels, "limit": MAX_CODE_LEVELS}, code="too_deep")
    return result.codebook, list(result.warnings)


def _check_levels(placed: set[int]) -> None:
    """After an import: refuse it whole when a code it placed, or a sub-code already below one, now sits deeper
    than the limit (a matched code moved under another takes its own sub-codes along)."""
    children = code_children()
    levels: dict[int, int] = {}
    pending = [(pk, 1) for pk in children.get(None, ())]
    while pending:
        pk, level = pending.pop()
        if pk in levels:
            continue
        levels[pk] = level
        pending.extend((child, level + 1) for child in children.get(pk, ()))
    below, pending = set(placed), list(placed)
    while pending:
        for child in children.get(pending.pop(), ()):
            if child not in below:
                below.add(child)
                pending.append(child)
    deepest = max((levels.get(pk, 0) for pk in below), default=0)
    if deepest > MAX_CODE_LEVELS:
        raise ValidationError(
            _("With this file, existing sub-codes would sit %(levels)s levels deep; Dubbelslag takes codebooks of at "
              "most %(limit)s levels. Nothing has been imported.") % {"levels": deepest, "limit": MAX_CODE_LEVELS},
            code="too_deep")


def _apply(code: Code, record: refi_qda.Code, parent: Code | None, summary: ImportSummary, by) -> None:
    """Bring a matched code in line with the file: name, definition, colour, codability and place."""
    before = audit.snapshot(code, CODE_AUDIT_FIELDS)
    wanted = {"name": record.name.strip(), "is_codable": record.is_codable, "parent_id": parent.pk if parent else None}
    # A file without a definition or colour (Taguette writes neither) leaves ours alone.
    if record.description.strip():
        wanted["description"] = record.description
    color = _normalise_color(record.color)
    if color:
        wanted["color"] = color
    if all(getattr(code, name) == value for name, value in wanted.items()):
        summary.unchanged.append(record.name)
        return
    for name, value in wanted.items():
        setattr(code, name, value)
    _save(code, record)
    code.version += 1
    code.save()
    audit.record_change(code, by=by, before=before, fields=CODE_AUDIT_FIELDS)
    summary.updated.append(record.name)


def _save(code: Code, record: refi_qda.Code) -> None:
    """Check a code before it is saved; a problem names the code in the file."""
    try:
        _check_color(code.color)
        code.full_clean(exclude=["created_by", "theme"], validate_constraints=False)
    except ValidationError as error:
        raise ValidationError([_("Code “%(name)s”: %(problem)s") % {"name": record.name[:80], "problem": message}
                               for message in error.messages], code="invalid") from error


def _place_free(code: Code | None, name: str, parent: Code | None, record: refi_qda.Code) -> None:
    """Names are unique among siblings: refuse the whole import rather than guess which code was meant."""
    siblings = Code.objects.filter(parent=parent, name__iexact=name)
    if code is not None:
        siblings = siblings.exclude(pk=code.pk)
    if siblings.exists():
        raise ValidationError(
            _("Code “%(name)s” cannot be placed: %(where)s already has another code of that name. Nothing has been "
              "imported.") % {"name": record.name[:80],
                              "where": f"“{parent.name}”" if parent else _("the top level")}, code="clash")


@transaction.atomic
def import_codebook(data: bytes, *, by) -> ImportSummary:
    """Take the codebook of a ``.qdc``, ``.qdpx`` or ``.qde`` into ours (programme team).

    Each code in the file is matched to one of ours by GUID, else by name (case-insensitive) under the same parent;
    a matched code takes the file's name, definition, colour, codability and place in the tree; the rest are created
    with the file's GUIDs and hierarchy. A file that cannot be read, or that cannot be imported whole, is refused
    with the reader's messages and nothing is written.
    """
    if by is not None and not may_change_codebook(by):
        raise PermissionDenied
    codebook, warnings = _read(data)
    summary = ImportSummary(origin=codebook.origin, warnings=warnings)
    if codebook.sets:
        summary.warnings.append(_("Code groups (%(count)d) are not imported: Dubbelslag's codebook has no groups, "
                                  "only the hierarchy.") % {"count": len(codebook.sets)})
    list(Code.objects.select_for_update().values_list("pk", flat=True))
    claimed: set[int] = set()

    def take(record: refi_qda.Code, parent: Code | None, position: int) -> Code:
        name = record.name.strip()
        code = Code.objects.filter(guid=record.guid).first()
        if code is None:
            code = Code.objects.filter(parent=parent, name__iexact=name).exclude(pk__in=claimed).first()
        if code is not None and code.pk in claimed:
            code = None
        if code is None:
            _place_free(None, name, parent, record)
            code = Code(guid=uuid.UUID(record.guid), name=name, description=record.description,
                        color=_normalise_color(record.color), is_codable=record.is_codable, parent=parent,
                        position=position, created_by=by if by is not None and by.is_authenticated else None)
            _save(code, record)
            code.save()
            audit.record_create(code, by=by, fields=CODE_AUDIT_FIELDS)
            summary.created.append(record.name)
        else:
            _place_free(code, name, parent, record)
            _apply(code, record, parent, summary, by)
        claimed.add(code.pk)
        return code

    # Parents before their children, with an explicit stack (the file's depth is checked, but no recursion anyway).
    pending = [(record, None, index) for index, record in reversed(list(enumerate(codebook.codes)))]
    while pending:
        record, parent, position = pending.pop()
        code = take(record, parent, position)
        pending.extend((child, code, index) for index, child in reversed(list(enumerate(record.children))))
    _check_levels(claimed)
    return summary
