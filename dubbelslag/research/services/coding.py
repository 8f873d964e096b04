"""The codebook, excerpts, codings and memos: the only way these rows are created, changed or deleted.

Each service is one transaction, checks the actor's right when there is one (``by=None`` is the system: commands and
demo data), refuses bad input with a ``ValidationError`` whose messages are translated and specific, and writes the
audit trail: codes have no parent (the codebook is the programme's, not an experiment's); excerpts, codings and memos
on an experiment's material have that experiment as parent, so they show in its history.

Offsets. An excerpt's ``start``/``end`` count characters (code points) in ``entry.text`` exactly as stored. A browser
never shows a carriage return: its HTML parser turns ``\\r\\n`` and a lone ``\\r`` into ``\\n`` before any script
counts characters. So offsets and quotes coming from a page are in the *normalised* text (``normalise_newlines``) and
are mapped back to the stored text here (``span_in_entry``), whatever line endings the entry was saved with.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dubbelslag.core import audit
from dubbelslag.core.locking import lock_row
from dubbelslag.core.models import AuditAction
from dubbelslag.programme.access import experiment_role, is_programme_team

from .. import anchoring
from ..access import get_memo_target_for_user, may_change_codebook, may_write_log
from ..anchoring import normalise_newlines
from ..codebook import MAX_CODE_LEVELS, MEMO_TARGET_MODELS, code_level, descendant_ids, subtree_levels
from ..enums import AnchorStatus
from ..models import Code, Coding, Cycle, Excerpt, HarvestRecord, LearningQuestion, LogEntry, Memo
from .excerpts import span_for

CODE_AUDIT_FIELDS = ["parent", "name", "name_en", "description", "color", "is_codable", "position"]
EXCERPT_AUDIT_FIELDS = ["entry", "start", "end", "quote", "anchor_status"]
CODING_AUDIT_FIELDS = ["excerpt", "code", "coder"]
MEMO_AUDIT_FIELDS = ["title", "text"]
CODE_FIELDS = ("name", "name_en", "description", "color", "parent", "is_codable", "position")
COLOR = re.compile(r"^#[0-9a-f]{6}$")


def _stale(message: str) -> ValidationError:
    return ValidationError(message, code="stale")


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- The codebook ------------------------------------------------------------------------------------------------


def _normalise_color(color: str) -> str:
    color = (color or "").strip()
    if len(color) == 4 and color.startswith("#"):  # #RGB, as the REFI-QDA standard also allows
        color = "#" + "".join(digit * 2 for digit in color[1:])
    return color.lower()


def _check_name_free(name: str, parent: Code | None, *, exclude: Code | None = None) -> None:
    siblings = Code.objects.filter(parent=parent, name__iexact=name)
    if exclude is not None:
        siblings = siblings.exclude(pk=exclude.pk)
    if siblings.exists():
        if parent is None:
            message = _("There is already a top-level code called “%(name)s”.") % {"name": name}
        else:
            message = _("“%(parent)s” already has a sub-code called “%(name)s”.") % {"name": name,
                                                                                     "parent": parent.name}
        raise ValidationError({"name": message}, code="duplicate")


def _check_parent(code: Code, parent: Code | None) -> None:
    """A code cannot sit under itself or under one of its own sub-codes."""
    if parent is None or code.pk is None:
        return
    if parent.pk == code.pk:
        raise ValidationError({"parent": _("A code cannot be its own parent.")}, code="cycle")
    if parent.pk in descendant_ids(code):
        raise ValidationError(
            {"parent": _("“%(parent)s” is a sub-code of “%(name)s”: a code cannot be placed under its own sub-code.")
             % {"parent": parent.name, "name": code.name}}, code="cycle")


def _check_levels(parent: Code | None, *, code: Code | None = None, field: str = "parent") -> None:
    """A code placed under ``parent`` (an existing one with all its sub-codes) must stay within the codebook's
    ``MAX_CODE_LEVELS``."""
    if parent is None:
        return
    reached = code_level(parent.pk) + (subtree_levels(code.pk) if code is not None and code.pk else 1)
    if reached <= MAX_CODE_LEVELS:
        return
    if code is None or not code.children.exists():
        message = _("“%(parent)s” is at level %(level)s of the codebook: a sub-code there would be deeper than the "
                    "%(limit)s levels a codebook may have.")
    else:
        message = _("Under “%(parent)s” the sub-codes of “%(name)s” would reach level %(reached)s, deeper than the "
                    "%(limit)s levels a codebook may have.")
    raise ValidationError({field: message % {"parent": parent.name, "level": reached - 1, "reached": reached,
                                             "limit": MAX_CODE_LEVELS, "name": code.name if code else ""}},
                          code="too_deep")


def _check_color(color: str) -> None:
    if color and not COLOR.match(color):
        raise ValidationError({"color": _("Give the colour as # and six hexadecimal digits, like #1f6feb.")},
                              code="color")


def _next_position(parent: Code | None) -> int:
    last = Code.objects.filter(parent=parent).order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else min(last + 1, 32767)


@transaction.atomic
def create_code(*, by, name: str, name_en: str = "", description: str = "", color: str = "",
                parent: Code | None = None, is_codable: bool = True, position: int | None = None,
                guid=None) -> Code:
    """Add a code to the codebook (programme team), at the end of its siblings unless ``position`` is given."""
    if by is not None:
        _require(may_change_codebook(by))
    name = name.strip()
    if name:
        _check_name_free(name, parent)
    _check_levels(parent)
    code = Code(name=name, name_en=name_en.strip(), description=description, color=_normalise_color(color),
                parent=parent, is_codable=is_codable,
                position=_next_position(parent) if position is None else position,
                created_by=by if by is not None and by.is_authenticated else None)
    if guid is not None:
        code.guid = guid
    _check_color(code.color)
    code.full_clean(exclude=["created_by", "theme"])
    code.save()
    audit.record_create(code, by=by, fields=CODE_AUDIT_FIELDS)
    return code


@transaction.atomic
def update_code(code: Code, *, by, version: int, **fields) -> Code:
    """Change a code's name, English name, definition, colour, parent, codability or position (programme team).
    ``version`` is the one the editor started from: if the code changed since, the edit is refused."""
    if by is not None:
        _require(may_change_codebook(by))
    unknown = set(fields) - set(CODE_FIELDS)
    if unknown:
        raise TypeError(f"update_code() got unexpected fields {sorted(unknown)}")
    lock_row(code)
    if code.version != version:
        raise _stale(_("Someone else changed this code while you were editing it. Your changes have not been "
                       "saved; reload the page to see the latest version and make them again."))
    before = audit.snapshot(code, CODE_AUDIT_FIELDS)
    if "color" in fields:
        fields["color"] = _normalise_color(fields["color"])
    for field in ("name", "name_en"):
        if field in fields:
            fields[field] = fields[field].strip()
    parent = fields.get("parent", code.parent)
    _check_parent(code, parent)
    if (parent.pk if parent else None) != code.parent_id:
        _check_levels(parent, code=code)
    name = fields.get("name", code.name)
    if name:
        _check_name_free(name, parent, exclude=code)
    if fields.get("is_codable") is False and code.is_codable and code.codings.exists():
        raise ValidationError(
            {"is_codable": ngettext(
                "This code has been applied %(count)d time, so it cannot become a code that only groups others. "
                "Merge its coding into another code first.",
                "This code has been applied %(count)d times, so it cannot become a code that only groups others. "
                "Merge its codings into another code first.", code.codings.count())
             % {"count": code.codings.count()}}, code="in_use")
    for field, value in fields.items():
        setattr(code, field, value)
    _check_color(code.color)
    code.full_clean(exclude=["created_by", "theme"])
    code.version += 1
    code.save()
    audit.record_change(code, by=by, before=before, fields=CODE_AUDIT_FIELDS)
    return code


def code_usage(code: Code) -> dict[str, int]:
    """What keeps a code from being deleted: its codings, sub-codes and memos."""
    return {
        "codings": code.codings.count(),
        "children": code.children.count(),
        "memos": Memo.objects.filter(content_type=ContentType.objects.get_for_model(Code), object_id=code.pk).count(),
    }


@transaction.atomic
def delete_code(code: Code, *, by) -> None:
    """Delete a code nobody uses (programme team): refused while it has codings, sub-codes or memos. Merging it into
    another code is the way to retire a code that is in use."""
    if by is not None:
        _require(may_change_codebook(by))
    lock_row(code)
    usage = code_usage(code)
    problems = []
    if usage["codings"]:
        problems.append(ngettext("it has been applied %(count)d time", "it has been applied %(count)d times",
                                 usage["codings"]) % {"count": usage["codings"]})
    if usage["children"]:
        problems.append(ngettext("it has %(count)d sub-code", "it has %(count)d sub-codes", usage["children"])
                        % {"count": usage["children"]})
    if usage["memos"]:
        problems.append(ngettext("it has %(count)d memo", "it has %(count)d memos", usage["memos"])
                        % {"count": usage["memos"]})
    if problems:
        raise ValidationError(
            _("“%(name)s” cannot be deleted: %(problems)s. Merge it into another code instead.")
            % {"name": code.name, "problems": "; ".join(problems)}, code="in_use")
    audit.record_delete(code, by=by, fields=CODE_AUDIT_FIELDS)
    code.delete()


@dataclass(frozen=True)
class MergeResult:
    into: Code
    moved_codings: int
    dropped_codings: int
    moved_children: int
    moved_memos: int


@transaction.atomic
def merge_code(source: Code, *, into: Code, by) -> MergeResult:
    """Merge ``source`` into ``into`` (programme team) and delete ``source``: its codings move to ``into`` (a coding
    that would repeat one the same coder already made on the same excerpt is dropped), its sub-codes and memos move
    to ``into``. Refused into itself or one of its own sub-codes, and when a sub-code's name is taken under ``into``.
    """
    if by is not None:
        _require(may_change_codebook(by))
    lock_row(source)
    lock_row(into)
    if source.pk == into.pk:
        raise ValidationError({"into": _("A code cannot be merged into itself.")}, code="same")
    if into.pk in descendant_ids(source):
        raise ValidationError({"into": _("“%(into)s” is a sub-code of “%(name)s”: merge the sub-code into its parent "
                                         "instead.") % {"into": into.name, "name": source.name}}, code="cycle")
    if not into.is_codable and source.codings.exists():
        raise ValidationError({"into": _("“%(into)s” only groups other codes and cannot take over codings. Choose a "
                                         "code that can be applied.") % {"into": into.name}}, code="not_codable")
    for child in source.children.all():
        _check_levels(into, code=child, field="into")
    taken = {name.lower() for name in into.children.values_list("name", flat=True)}
    clashes = sorted(child.name for child in source.children.all() if child.name.lower() in taken)
    if clashes:
        raise ValidationError(
            {"into": _("“%(into)s” already has sub-codes called %(names)s. Rename or merge those first.")
             % {"into": into.name, "names": ", ".join(f"“{name}”" for name in clashes)}}, code="clash")

    before_into = audit.snapshot(into, CODE_AUDIT_FIELDS)
    existing = set(into.codings.values_list("excerpt_id", "coder_id"))
    moved, dropped = [], []
    for coding in source.codings.select_related("excerpt__entry__experiment"):
        key = (coding.excerpt_id, coding.coder_id)
        if key in existing:
            dropped.append(coding)
        else:
            existing.add(key)
            moved.append(coding)
    for coding in dropped:
        audit.record(coding, by=by, action=AuditAction.DELETE, parent=coding.excerpt.entry.experiment,
                     changes={"code": [source.name, None]}, note=_merge_note(source, into))
    Coding.objects.filter(pk__in=[coding.pk for coding in dropped]).delete()
    for coding in moved:
        audit.record(coding, by=by, action=AuditAction.CHANGE, parent=coding.excerpt.entry.experiment,
                     changes={"code": [source.name, into.name]}, note=_merge_note(source, into))
    Coding.objects.filter(pk__in=[coding.pk for coding in moved]).update(code=into)

    code_type = ContentType.objects.get_for_model(Code)
    moved_memos = Memo.objects.filter(content_type=code_type, object_id=source.pk).update(object_id=into.pk)
    children = list(source.children.all())
    position = _next_position(into)
    for offset, child in enumerate(children):
        child_before = audit.snapshot(child, CODE_AUDIT_FIELDS)
        child.parent, child.position = into, min(position + offset, 32767)
        child.version += 1
        child.save(update_fields=["parent", "position", "version"])
        audit.record_change(child, by=by, before=child_before, fields=CODE_AUDIT_FIELDS)
    if not into.description and source.description:
        into.description = source.description
    if not into.color and source.color:
        into.color = source.color
    into.version += 1
    into.save()
    changes = audit.diff(before_into, audit.snapshot(into, CODE_AUDIT_FIELDS))
    audit.record(into, by=by, action=AuditAction.CHANGE, changes=changes, note=_merge_note(source, into))
    audit.record(source, by=by, action=AuditAction.DELETE, note=_merge_note(source, into),
                 changes={name: [value, None] for name, value in audit.snapshot(source, CODE_AUDIT_FIELDS).items()})
    source.delete()
    return MergeResult(into=into, moved_codings=len(moved), dropped_codings=len(dropped),
                       moved_children=len(children), moved_memos=moved_memos)


def _merge_note(source: Code, into: Code) -> str:
    # The audit note is data, read later in any language: keep it language-neutral.
    return f"merge: {source.name} → {into.name}"


# --- Excerpts and codings ----------------------------------------------------------------------------------------


def _raw_offsets(text: str) -> list[int] | None:
    """For a text with carriage returns, the offset in ``text`` of each character of its normalised form (plus the
    end); None when the text has none, so offsets are the same in both."""
    if "\r" not in text:
        return None
    positions, index = [], 0
    while index < len(text):
        positions.append(index)
        index += 2 if text.startswith("\r\n", index) else 1
    positions.append(len(text))
    return positions


def raw_to_normalised(text: str, offset: int) -> int:
    """An offset into stored ``text`` as an offset into its normalised form (for the page's highlights)."""
    positions = _raw_offsets(text)
    if positions is None:
        return offset
    return bisect.bisect_left(positions, offset)


def span_in_entry(entry: LogEntry, *, start: int | None = None, end: int | None = None,
                  quote: str = "") -> anchoring.Anchor:
    """The anchor, in ``entry.text`` as stored, of a span given in the normalised text: by offsets (a selection in
    the browser, with its quote as a check) or by a pasted quote alone. ValidationError says what is wrong."""
    text = entry.text
    normalised = normalise_newlines(text)
    quote = normalise_newlines(quote or "")
    if start is None or end is None:
        quote = quote.strip()
    found = span_for(SimpleNamespace(text=normalised), start=start, end=end, quote=quote)
    positions = _raw_offsets(text)
    if positions is None:
        return found
    return anchoring.anchor(text, positions[found.start], positions[found.end])


def _require_log_writer(by, entry: LogEntry) -> None:
    if by is not None:
        _require(may_write_log(experiment_role(by, entry.experiment)))


def _codable(codes) -> list[Code]:
    codes = list(codes)
    not_codable = [code.name for code in codes if not code.is_codable]
    if not_codable:
        raise ValidationError(
            {"codes": _("These codes only group others and cannot be applied: %(names)s.")
             % {"names": ", ".join(f"“{name}”" for name in not_codable)}}, code="not_codable")
    return codes


def _add_coding(excerpt: Excerpt, code: Code, by) -> tuple[Coding, bool]:
    coder = by if by is not None and by.is_authenticated else None
    coding = Coding.objects.filter(excerpt=excerpt, code=code, coder=coder).first()
    if coding is not None:
        return coding, False
    coding = Coding.objects.create(excerpt=excerpt, code=code, coder=coder)
    audit.record_create(coding, by=by, fields=CODING_AUDIT_FIELDS, parent=excerpt.entry.experiment)
    return coding, True


@transaction.atomic
def mark_excerpt(entry: LogEntry, *, by, start: int | None = None, end: int | None = None, quote: str = "",
                 codes=()) -> Excerpt:
    """Mark a span of ``entry`` (by offsets in the normalised text, or by its quoted text) and apply ``codes`` to it
    as ``by``. Marking a span that is already an excerpt adds the codes to that excerpt instead of a second one."""
    _require_log_writer(by, entry)
    codes = _codable(codes)
    lock_row(entry)
    found = span_in_entry(entry, start=start, end=end, quote=quote)
    excerpt = Excerpt.objects.filter(entry=entry, start=found.start, end=found.end).exclude(
        anchor_status=AnchorStatus.LOST).first()
    if excerpt is None:
        excerpt = Excerpt(entry=entry, start=found.start, end=found.end, quote=found.quote, prefix=found.prefix,
                          suffix=found.suffix, anchor_status=found.status,
                          created_by=by if by is not None and by.is_authenticated else None)
        excerpt.full_clean(exclude=["created_by"])
        excerpt.save()
        audit.record_create(excerpt, by=by, fields=EXCERPT_AUDIT_FIELDS, parent=entry.experiment)
    for code in codes:
        _add_coding(excerpt, code, by)
    return excerpt


@transaction.atomic
def delete_excerpt(excerpt: Excerpt, *, by) -> None:
    """Delete an excerpt with its codings and memos. Refused while a harvest record cites it as evidence."""
    entry = excerpt.entry
    _require_log_writer(by, entry)
    cited = list(excerpt.harvest_records.values_list("title", flat=True)[:5])
    if cited:
        raise ValidationError(
            _("This excerpt is evidence for %(records)s. Remove it from those records before deleting it.")
            % {"records": ", ".join(f"“{title}”" for title in cited)}, code="cited")
    memos = Memo.objects.filter(content_type=ContentType.objects.get_for_model(Excerpt), object_id=excerpt.pk)
    for memo in memos:
        audit.record_delete(memo, by=by, fields=MEMO_AUDIT_FIELDS, parent=entry.experiment)
    memos.delete()
    for coding in excerpt.codings.select_related("code", "coder"):
        audit.record_delete(coding, by=by, fields=CODING_AUDIT_FIELDS, parent=entry.experiment)
    audit.record_delete(excerpt, by=by, fields=EXCERPT_AUDIT_FIELDS, parent=entry.experiment)
    excerpt.delete()


@transaction.atomic
def apply_code(excerpt: Excerpt, *, code: Code, by) -> Coding:
    """``by`` applies ``code`` to ``excerpt``; applying it a second time changes nothing."""
    _require_log_writer(by, excerpt.entry)
    _codable([code])
    coding, _created = _add_coding(excerpt, code, by)
    return coding


def may_remove_coding(user, coding: Coding) -> bool:
    """A coder removes their own codings; the programme team anyone's."""
    return coding.coder_id == user.pk or is_programme_team(user, coding.excerpt.entry.experiment.programme)


@transaction.atomic
def remove_coding(coding: Coding, *, by) -> None:
    """Remove one coding (the excerpt stays, also without codes: it may be evidence)."""
    entry = coding.excerpt.entry
    _require_log_writer(by, entry)
    if by is not None:
        _require(may_remove_coding(by, coding))
    audit.record_delete(coding, by=by, fields=CODING_AUDIT_FIELDS, parent=entry.experiment)
    coding.delete()


# --- Memos -------------------------------------------------------------------------------------------------------


def memo_parent(target):
    """What a memo's audit rows hang on: the experiment of what it is about, the record for a record, else none."""
    if isinstance(target, LogEntry | Cycle | LearningQuestion):
        return target.experiment
    if isinstance(target, Excerpt):
        return target.entry.experiment
    if isinstance(target, HarvestRecord):
        return target
    return None


def may_write_memo_on(user, target) -> bool:
    if not isinstance(target, MEMO_TARGET_MODELS):
        return False
    try:
        get_memo_target_for_user(user, target._meta.model_name, target.pk, write=True)
    except (Http404, PermissionDenied):
        return False
    return True


def may_change_memo(user, memo: Memo) -> bool:
    """Its author, or the programme team."""
    return user.is_authenticated and (memo.author_id == user.pk or is_programme_team(user))


@transaction.atomic
def add_memo(target, *, by, title: str = "", text: str) -> Memo:
    """A memo by ``by`` on ``target`` (a log entry, excerpt, cycle, learning question, code or harvest record)."""
    if not isinstance(target, MEMO_TARGET_MODELS):
        raise ValidationError(_("Memos cannot be written on this kind of object."), code="target")
    if by is not None:
        _require(may_write_memo_on(by, target))
    memo = Memo(content_type=ContentType.objects.get_for_model(target), object_id=target.pk, title=title.strip(),
                text=text.strip(), author=by if by is not None and by.is_authenticated else None)
    if not memo.text:
        raise ValidationError({"text": _("Write the memo's text.")}, code="required")
    memo.full_clean(exclude=["author", "content_type"])
    memo.save()
    audit.record_create(memo, by=by, fields=MEMO_AUDIT_FIELDS, parent=memo_parent(target))
    return memo


@transaction.atomic
def update_memo(memo: Memo, *, by, version: int, title: str, text: str) -> Memo:
    """Change a memo's title and text (its author or the programme team), refused when it changed since
    ``version``."""
    if by is not None:
        _require(may_change_memo(by, memo))
    lock_row(memo)
    if memo.version != version:
        raise _stale(_("Someone else changed this memo while you were editing it. Your changes have not been "
                       "saved; reload the page to see the latest version and make them again."))
    before = audit.snapshot(memo, MEMO_AUDIT_FIELDS)
    memo.title, memo.text = title.strip(), text.strip()
    if not memo.text:
        raise ValidationError({"text": _("Write the memo's text.")}, code="required")
    memo.full_clean(exclude=["author", "content_type"])
    memo.version += 1
    memo.save()
    audit.record_change(memo, by=by, before=before, fields=MEMO_AUDIT_FIELDS, parent=memo_parent(memo.target))
    return memo


@transaction.atomic
def delete_memo(memo: Memo, *, by) -> None:
    if by is not None:
        _require(may_change_memo(by, memo))
    audit.record_delete(memo, by=by, fields=MEMO_AUDIT_FIELDS, parent=memo_parent(memo.target))
    memo.delete()
