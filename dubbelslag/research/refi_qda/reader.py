"""Read REFI-QDA codebooks (``.qdc``) and projects (``.qdpx`` archives or bare ``.qde`` documents).

The readers never raise for a bad file: they return a result whose ``errors`` say, in the active language, why the
file cannot be used, and whose ``warnings`` list what was tolerated or left out. They are lenient where real writers
differ from the schema (ATLAS.ti's upper-case GUIDs and a ``schemaLocation`` naming another version, Taguette's empty
``<Sets/>``, a missing ``isCodable``) and strict where a silent guess would corrupt the import (no name, no or a
malformed GUID, the same GUID twice, a document that is not a REFI-QDA codebook or project at all).
"""

from __future__ import annotations

import re
from datetime import datetime

from django.utils.translation import gettext as _
from lxml import etree

from .records import (
    Code,
    Codebook,
    CodeSet,
    Coding,
    Project,
    ProjectReadResult,
    ReadResult,
    TextSelection,
    TextSource,
    User,
    canonical_guid,
)
from .safe_xml import (
    MAX_CODEBOOK_BYTES,
    MAX_PROJECT_XML_BYTES,
    MAX_SOURCE_BYTES,
    MAX_SOURCES_TOTAL_BYTES,
    MAX_ZIP_MEMBERS,
    RefiQdaError,
    SafeZip,
    internal_source_name,
    is_zip,
    parse_xml,
)

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
PROJECT_MEMBER = "project.qde"
SOURCES_FOLDER = "Sources/"
_COLOR = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
_TRUE = frozenset({"true", "1"})
_FALSE = frozenset({"false", "0"})
# After this many errors the rest of the file is not worth listing one by one.
MAX_ERRORS = 50


class _Problems:
    """Collects errors and warnings while one document is read."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.dropped = 0

    def error(self, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(message)
        else:
            self.dropped += 1

    def warn(self, message: str) -> None:
        if len(self.warnings) < MAX_ERRORS:
            self.warnings.append(message)

    def final_errors(self) -> tuple[str, ...]:
        if self.dropped:
            return (*self.errors, _("… and %(count)s more problems") % {"count": self.dropped})
        return tuple(self.errors)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _namespace(element: etree._Element) -> str:
    return etree.QName(element).namespace or ""


def _children(element: etree._Element | None, ns: str, name: str) -> list[etree._Element]:
    if element is None:
        return []
    return element.findall(f"{{{ns}}}{name}")


def _text_of(element: etree._Element, ns: str, name: str) -> str:
    child = element.find(f"{{{ns}}}{name}")
    return (child.text or "") if child is not None else ""


def _label(element: etree._Element, kind: str) -> str:
    """``code "Feelings" (line 12)`` for messages; the name may be missing."""
    name = (element.get("name") or "").strip()
    if name:
        return _('%(kind)s "%(name)s" (line %(line)s)') % {"kind": kind, "name": name[:80], "line": element.sourceline}
    return _("%(kind)s on line %(line)s") % {"kind": kind, "line": element.sourceline}


def _guid(element: etree._Element, attribute: str, kind: str, problems: _Problems, *, required: bool = True) -> str:
    """The canonical GUID in ``attribute``; "" (and an error when ``required``) if it is missing or malformed."""
    raw = element.get(attribute)
    if raw is None or not raw.strip():
        if required:
            problems.error(_("%(what)s has no GUID") % {"what": _label(element, kind)})
        return ""
    try:
        return canonical_guid(raw)
    except ValueError:
        problems.error(_("%(what)s has a malformed GUID %(guid)s") % {"what": _label(element, kind), "guid": raw[:60]})
        return ""


def _datetime(raw: str | None) -> datetime | None:
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw.strip())
    except ValueError:
        return None


def _wrong_root(root: etree._Element, *, expected: str) -> str | None:
    """A message when ``root`` is not the ``expected`` kind of document (``"codebook"`` or ``"project"``)."""
    local, ns = _local(root), _namespace(root)
    if expected == "codebook" and (local, ns) == ("CodeBook", CODEBOOK_NS):
        return None
    if expected == "project" and (local, ns) == ("Project", PROJECT_NS):
        return None
    if (local, ns) == ("Project", PROJECT_NS):
        return _("this is a REFI-QDA project (.qde/.qdpx), not a codebook (.qdc); import it as a project")
    if (local, ns) == ("CodeBook", CODEBOOK_NS):
        return _("this is a REFI-QDA codebook (.qdc), not a project (.qdpx); import it as a codebook")
    wanted_local, wanted_ns = ("CodeBook", CODEBOOK_NS) if expected == "codebook" else ("Project", PROJECT_NS)
    if local == wanted_local:
        return _('the root element <%(root)s> is in namespace "%(found)s"; a REFI-QDA 1.0 file uses "%(ns)s"') % {
            "root": local, "found": ns or _("(none)"), "ns": wanted_ns}
    if expected == "codebook":
        message = _('the root element is <%(root)s>; a REFI-QDA codebook starts with <%(wanted)s xmlns="%(ns)s">')
    else:
        message = _('the root element is <%(root)s>; a REFI-QDA project starts with <%(wanted)s xmlns="%(ns)s">')
    return message % {"root": local, "wanted": wanted_local, "ns": wanted_ns}


# --- codes --------------------------------------------------------------------------------------------------------


def _code_fields(element: etree._Element, problems: _Problems, seen: dict[str, str]) -> dict | None:
    """A code element's own fields (its sub-codes are read by ``_read_codes``); None, with an error, when it has no
    usable GUID or name."""
    kind = _("code")
    guid = _guid(element, "guid", kind, problems)
    name = element.get("name")
    if name is None or not name.strip():
        problems.error(_("%(what)s has no name") % {"what": _label(element, kind)})
    if guid:
        if guid in seen:
            problems.error(_("%(what)s has the same GUID %(guid)s as %(other)s")
                           % {"what": _label(element, kind), "guid": element.get("guid"), "other": seen[guid]})
        else:
            seen[guid] = _label(element, kind)
    codable_raw = (element.get("isCodable") or "true").strip().lower()
    if codable_raw not in _TRUE | _FALSE:
        problems.warn(_("%(what)s: isCodable %(value)s is not true or false; taken as true")
                      % {"what": _label(element, kind), "value": element.get("isCodable")})
    color = (element.get("color") or "").strip()
    if color and not _COLOR.match(color):
        problems.warn(_("%(what)s: colour %(color)s is not #RRGGBB; left out")
                      % {"what": _label(element, kind), "color": color[:30]})
        color = ""
    if not guid or name is None or not name.strip():
        return None
    return {"guid": guid, "name": name, "is_codable": codable_raw not in _FALSE, "color": color}


def _read_codes(codes_element: etree._Element | None, ns: str, problems: _Problems) -> tuple[Code, ...]:
    """The nested ``Code`` elements as records, in document order; a code that cannot be read is left out with its
    sub-codes (and the read fails on its error). Walked with explicit stacks, never by recursion, so no depth of
    file can exhaust Python's stack: libxml2 refuses documents over 256 levels, the import anything over its limit."""
    seen: dict[str, str] = {}
    order: list[tuple[etree._Element, int | None]] = []  # document order: (element, index of its parent code)
    pending = [(element, None) for element in reversed(_children(codes_element, ns, "Code"))]
    while pending:
        element, parent = pending.pop()
        order.append((element, parent))
        pending.extend((child, len(order) - 1) for child in reversed(_children(element, ns, "Code")))
    fields = [_code_fields(element, problems, seen) for element, _parent in order]
    children: dict[int, list[int]] = {}
    for index, (_element, parent) in enumerate(order):
        if parent is not None:
            children.setdefault(parent, []).append(index)
    built: dict[int, Code] = {}
    for index in reversed(range(len(order))):  # sub-codes before the code they belong to
        if fields[index] is not None:
            built[index] = Code(**fields[index], description=_text_of(order[index][0], ns, "Description"),
                                children=tuple(built[child] for child in children.get(index, ()) if child in built))
    return tuple(built[index] for index, (_element, parent) in enumerate(order) if parent is None and index in built)


def _read_sets(sets_element: etree._Element | None, ns: str, member_attribute: str, known: set[str],
               problems: _Problems) -> tuple[CodeSet, ...]:
    """Code groups. In a project, sets may also group sources or notes: only their code members are kept, and a set
    without any code member is left out (it is a document group, not part of the codebook)."""
    sets = []
    kind = _("code group")
    for element in _children(sets_element, ns, "Set"):
        members_elements = _children(element, ns, "MemberCode")
        if not members_elements:
            continue
        local = _Problems()
        guid = _guid(element, "guid", kind, local)
        name = element.get("name") or ""
        if not name.strip():
            local.error(_("%(what)s has no name") % {"what": _label(element, kind)})
        members: list[str] = []
        for member in members_elements:
            target = _guid(member, member_attribute, _("code group member"), local)
            if target and target not in known:
                local.warn(_("%(what)s names a code that is not in the codebook (%(guid)s); that member is left out")
                           % {"what": _label(element, kind), "guid": member.get(member_attribute)})
            elif target and target not in members:
                members.append(target)
        # A broken code group is not worth refusing the codebook for: report it and leave it out.
        for message in local.errors:
            problems.warn(_("%(problem)s; the code group is left out") % {"problem": message})
        for message in local.warnings:
            problems.warn(message)
        if not local.errors:
            sets.append(CodeSet(guid=guid, name=name, description=_text_of(element, ns, "Description"),
                                member_guids=tuple(members)))
    return tuple(sets)


def _codebook_from(codebook_element: etree._Element | None, sets_element: etree._Element | None, *, ns: str,
                   member_attribute: str, origin: str, problems: _Problems) -> Codebook:
    codes_element = codebook_element.find(f"{{{ns}}}Codes") if codebook_element is not None else None
    codes = _read_codes(codes_element, ns, problems)
    known = set(Codebook(codes=codes).by_guid())
    sets = _read_sets(sets_element, ns, member_attribute, known, problems)
    if not problems.errors and not codes:
        problems.warn(_("the file contains no codes"))
    return Codebook(codes=codes, origin=origin, sets=sets)


# --- codebook (.qdc) ----------------------------------------------------------------------------------------------


def read_codebook(data: bytes) -> ReadResult:
    """Read a ``.qdc`` codebook (root ``CodeBook`` in ``urn:QDA-XML:codebook:1.0``)."""
    try:
        root = parse_xml(data, max_bytes=MAX_CODEBOOK_BYTES, what=_("codebook"))
    except RefiQdaError as exc:
        return ReadResult(codebook=None, errors=(exc.message,))
    return _codebook_document(root)


def _codebook_document(root: etree._Element) -> ReadResult:
    wrong = _wrong_root(root, expected="codebook")
    if wrong:
        return ReadResult(codebook=None, errors=(wrong,))
    problems = _Problems()
    if root.find(f"{{{CODEBOOK_NS}}}Codes") is None:
        problems.error(_("the codebook has no <Codes> element"))
    codebook = _codebook_from(root, root.find(f"{{{CODEBOOK_NS}}}Sets"), ns=CODEBOOK_NS, member_attribute="guid",
                              origin=root.get("origin") or "", problems=problems)
    return _codebook_result(codebook, problems)


def _codebook_result(codebook: Codebook, problems: _Problems) -> ReadResult:
    if problems.errors:
        return ReadResult(codebook=None, errors=problems.final_errors(), warnings=tuple(problems.warnings))
    return ReadResult(codebook=codebook, warnings=tuple(problems.warnings))


# --- project (.qdpx / .qde) ---------------------------------------------------------------------------------------


def _project_root(data: bytes, *, max_members: int, max_xml_bytes: int) -> tuple[etree._Element, SafeZip | None]:
    """Parse the project document from a ``.qdpx`` (its ``project.qde`` member only) or a bare ``.qde``.

    Returns the open archive too (the caller closes it) so text sources can be read from ``Sources/``.
    """
    if not is_zip(data):
        root = parse_xml(data, max_bytes=max_xml_bytes, what=_("project"))
        return root, None
    archive = SafeZip(data, max_members=max_members)
    try:
        member = archive.find(PROJECT_MEMBER)
        if member is None:
            raise RefiQdaError(_("the .qdpx archive has no project.qde"))
        root = parse_xml(archive.read(member, max_bytes=max_xml_bytes), max_bytes=max_xml_bytes,
                         what=PROJECT_MEMBER)
    except BaseException:
        archive.close()
        raise
    return root, archive


def read_project_codebook(data: bytes, *, max_members: int = MAX_ZIP_MEMBERS,
                          max_xml_bytes: int = MAX_PROJECT_XML_BYTES) -> ReadResult:
    """Read the codebook inside a ``.qdpx`` project archive or a bare ``.qde`` project document.

    Only ``project.qde`` is read from an archive; code groups come from the project's ``Sets`` that have code members.
    A project without a codebook gives an empty ``Codebook`` and a warning.
    """
    try:
        root, archive = _project_root(data, max_members=max_members, max_xml_bytes=max_xml_bytes)
    except RefiQdaError as exc:
        return ReadResult(codebook=None, errors=(exc.message,))
    if archive is not None:
        archive.close()
    return _project_codebook_document(root)


def _project_codebook_document(root: etree._Element) -> ReadResult:
    wrong = _wrong_root(root, expected="project")
    if wrong:
        return ReadResult(codebook=None, errors=(wrong,))
    problems = _Problems()
    codebook = _codebook_from(root.find(f"{{{PROJECT_NS}}}CodeBook"), root.find(f"{{{PROJECT_NS}}}Sets"),
                              ns=PROJECT_NS, member_attribute="targetGUID", origin=root.get("origin") or "",
                              problems=problems)
    return _codebook_result(codebook, problems)


def read_any_codebook(data: bytes) -> ReadResult:
    """Read a codebook from whatever REFI-QDA file was uploaded: a ``.qdpx`` archive, a ``.qde`` or a ``.qdc``."""
    if is_zip(data):
        return read_project_codebook(data)
    try:
        root = parse_xml(data, max_bytes=MAX_PROJECT_XML_BYTES, what=_("file"))
    except RefiQdaError as exc:
        return ReadResult(codebook=None, errors=(exc.message,))
    if (_local(root), _namespace(root)) == ("Project", PROJECT_NS):
        return _project_codebook_document(root)
    if len(data) > MAX_CODEBOOK_BYTES:
        return read_codebook(data)  # reports the size limit for codebooks
    return _codebook_document(root)


class _SourceBudget:
    def __init__(self, total: int) -> None:
        self.left = total


def _source_text(element: etree._Element, archive: SafeZip | None, budget: _SourceBudget,
                 problems: _Problems) -> str | None:
    content = element.find(f"{{{PROJECT_NS}}}PlainTextContent")
    if content is not None:
        return content.text or ""
    path = element.get("plainTextPath") or ""
    what = _label(element, _("text source"))
    name = internal_source_name(path)
    if name is None:
        problems.warn(_("%(what)s points to %(path)s outside the project; its text is not included")
                      % {"what": what, "path": path[:200] or _("(nothing)")})
        return None
    member = archive.find(SOURCES_FOLDER + name) if archive is not None else None
    if member is None:
        problems.warn(_("%(what)s: the file %(path)s is not in the project; its text is not included")
                      % {"what": what, "path": path[:200]})
        return None
    try:
        raw = archive.read(member, max_bytes=min(MAX_SOURCE_BYTES, budget.left))
    except RefiQdaError as exc:
        problems.error(exc.message)
        return None
    budget.left -= len(raw)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.warn(_("%(what)s: the file %(path)s is not UTF-8 text; its text is not included")
                      % {"what": what, "path": path[:200]})
        return None


def _read_selection(element: etree._Element, text: str | None, known_codes: set[str],
                    problems: _Problems) -> TextSelection | None:
    kind = _("selection")
    local = _Problems()
    guid = _guid(element, "guid", kind, local)
    try:
        start = int(element.get("startPosition", ""))
        end = int(element.get("endPosition", ""))
    except ValueError:
        local.error(_("%(what)s has no valid start and end position") % {"what": _label(element, kind)})
        start = end = 0
    if not local.errors and not (0 <= start <= end and (text is None or end <= len(text))):
        local.error(_("%(what)s runs from %(start)s to %(end)s, outside its text")
                    % {"what": _label(element, kind), "start": start, "end": end})
    codings = []
    for coding in _children(element, PROJECT_NS, "Coding"):
        coding_guid = _guid(coding, "guid", _("coding"), local)
        ref = coding.find(f"{{{PROJECT_NS}}}CodeRef")
        code_guid = _guid(ref, "targetGUID", _("coding"), local) if ref is not None else ""
        if ref is None:
            local.error(_("%(what)s has no code") % {"what": _label(coding, _("coding"))})
        elif code_guid and code_guid not in known_codes:
            problems.warn(_("%(what)s refers to a code that is not in the codebook; that coding is left out")
                          % {"what": _label(coding, _("coding"))})
            continue
        if coding_guid and code_guid:
            codings.append(Coding(guid=coding_guid, code_guid=code_guid,
                                  creating_user=_guid(coding, "creatingUser", "", _Problems(), required=False),
                                  created_at=_datetime(coding.get("creationDateTime"))))
    if local.errors:
        for message in local.errors:
            problems.warn(_("%(problem)s; the selection is left out") % {"problem": message})
        return None
    return TextSelection(
        guid=guid, start=start, end=end, name=element.get("name") or "",
        description=_text_of(element, PROJECT_NS, "Description"), codings=tuple(codings),
        creating_user=_guid(element, "creatingUser", "", _Problems(), required=False),
        created_at=_datetime(element.get("creationDateTime")),
    )


def read_project(data: bytes, *, max_members: int = MAX_ZIP_MEMBERS,
                 max_xml_bytes: int = MAX_PROJECT_XML_BYTES) -> ProjectReadResult:
    """Read a project: its users, codebook, and text sources with their selections and codings.

    Picture, PDF, audio and video sources, notes, cases, variables and links are not used by Dubbelslag; they are
    counted in a warning. Text comes from ``PlainTextContent`` or, in a ``.qdpx``, from the ``Sources/`` file that
    ``plainTextPath="internal://…"`` names; a source whose text is not in the file keeps ``text=None``.
    """
    try:
        root, archive = _project_root(data, max_members=max_members, max_xml_bytes=max_xml_bytes)
    except RefiQdaError as exc:
        return ProjectReadResult(project=None, errors=(exc.message,))
    try:
        wrong = _wrong_root(root, expected="project")
        if wrong:
            return ProjectReadResult(project=None, errors=(wrong,))
        return _read_project_root(root, archive)
    finally:
        if archive is not None:
            archive.close()


def _read_project_root(root: etree._Element, archive: SafeZip | None) -> ProjectReadResult:
    problems = _Problems()
    name = root.get("name") or ""
    if not name.strip():
        problems.error(_("the project has no name"))
    codebook = _codebook_from(root.find(f"{{{PROJECT_NS}}}CodeBook"), root.find(f"{{{PROJECT_NS}}}Sets"),
                              ns=PROJECT_NS, member_attribute="targetGUID", origin=root.get("origin") or "",
                              problems=problems)
    known_codes = set(codebook.by_guid())
    users = []
    for element in _children(root.find(f"{{{PROJECT_NS}}}Users"), PROJECT_NS, "User"):
        guid = _guid(element, "guid", _("user"), problems)
        if guid:
            users.append(User(guid=guid, name=element.get("name") or ""))
    sources = []
    skipped: dict[str, int] = {}
    budget = _SourceBudget(MAX_SOURCES_TOTAL_BYTES)
    sources_element = root.find(f"{{{PROJECT_NS}}}Sources")
    for element in sources_element if sources_element is not None else ():
        if _local(element) != "TextSource":
            skipped[_local(element)] = skipped.get(_local(element), 0) + 1
            continue
        guid = _guid(element, "guid", _("text source"), problems)
        text = _source_text(element, archive, budget, problems)
        if _children(element, PROJECT_NS, "Coding"):
            problems.warn(_("%(what)s: codings of the whole source are left out")
                          % {"what": _label(element, _("text source"))})
        selections = tuple(
            selection for child in _children(element, PROJECT_NS, "PlainTextSelection")
            if (selection := _read_selection(child, text, known_codes, problems)) is not None
        )
        if guid:
            sources.append(TextSource(
                guid=guid, name=element.get("name") or "", text=text,
                description=_text_of(element, PROJECT_NS, "Description"), selections=selections,
                creating_user=_guid(element, "creatingUser", "", _Problems(), required=False),
                created_at=_datetime(element.get("creationDateTime")),
            ))
    if skipped:
        problems.warn(_("sources other than plain text are left out: %(kinds)s")
                      % {"kinds": ", ".join(f"{count} × {kind}" for kind, count in sorted(skipped.items()))})
    if problems.errors:
        return ProjectReadResult(project=None, errors=problems.final_errors(), warnings=tuple(problems.warnings))
    project = Project(
        name=name, origin=root.get("origin") or "", codebook=codebook, users=tuple(users), sources=tuple(sources),
        description=_text_of(root, PROJECT_NS, "Description"),
        creating_user=_guid(root, "creatingUserGUID", "", _Problems(), required=False),
        created_at=_datetime(root.get("creationDateTime")), modified_at=_datetime(root.get("modifiedDateTime")),
    )
    return ProjectReadResult(project=project, warnings=tuple(problems.warnings))
