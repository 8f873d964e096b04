"""Write REFI-QDA codebooks (``.qdc``) and projects (``.qdpx``) that validate against the standard's schemas.

The writers check their input first and raise ``WriteError`` listing every problem (no codes, a malformed or repeated
GUID, a selection outside its text, a coding of a code that is not in the codebook); these reach the person who asked
for the export, so the messages are translated. Output is deterministic: the same input gives the same bytes.

A ``.qdpx`` is a zip holding ``project.qde`` and, for every text source, ``Sources/<guid>.txt`` (UTF-8) referred to as
``plainTextPath="internal://<guid>.txt"``, as the standard prescribes for files kept inside the project.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

from django.utils.translation import gettext as _
from lxml import etree

from .reader import CODEBOOK_NS, PROJECT_MEMBER, PROJECT_NS, SOURCES_FOLDER
from .records import Code, Codebook, Project, canonical_guid

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
CODEBOOK_SCHEMA_LOCATION = f"{CODEBOOK_NS} http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd"
PROJECT_SCHEMA_LOCATION = f"{PROJECT_NS} http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
DEFAULT_ORIGIN = "Dubbelslag"
_COLOR = re.compile(r"^#(?:[0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
# Characters XML 1.0 cannot carry at all (C0 controls except tab, newline, carriage return; lone surrogates; FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Zip entries get a fixed time when the project has none, so the same project always gives the same bytes.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


class WriteError(ValueError):
    """The codebook or project cannot be written; ``problems`` are translated messages."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _clean(text: str) -> str:
    """Drop characters XML cannot carry (a stray control character pasted into a log entry)."""
    return _NOT_XML.sub("", text)


def _datetime(value: datetime) -> str:
    """xsd:dateTime in UTC with a ``Z`` when the value knows its time zone, local without one otherwise."""
    value = value.replace(microsecond=0)
    if value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"
    return value.isoformat()


# --- checks -------------------------------------------------------------------------------------------------------


class _GuidRegistry:
    """Every GUID in one document must be unique; remembers what used each one for the message."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        self.used: dict[str, str] = {}

    def check(self, guid: str, what: str) -> bool:
        try:
            canonical = canonical_guid(guid)
        except (ValueError, AttributeError):
            self.problems.append(_("%(what)s has a malformed GUID %(guid)r") % {"what": what, "guid": guid})
            return False
        if canonical in self.used:
            self.problems.append(_("%(what)s has the same GUID as %(other)s") % {"what": what,
                                                                                  "other": self.used[canonical]})
            return False
        self.used[canonical] = what
        return True


def _check_codebook(codebook: Codebook, registry: _GuidRegistry) -> set[str]:
    """Append the codebook's problems; return the canonical GUIDs of its codes."""
    problems = registry.problems
    if not codebook.codes:
        problems.append(_("the codebook has no codes to export"))
    code_guids: set[str] = set()
    for _depth, code in codebook.walk():
        what = _('code "%(name)s"') % {"name": code.name}
        if not code.name.strip():
            problems.append(_("a code without a name (GUID %(guid)s)") % {"guid": code.guid})
        if registry.check(code.guid, what):
            code_guids.add(canonical_guid(code.guid))
        if code.color and not _COLOR.match(code.color):
            problems.append(_("%(what)s has colour %(color)r, which is not #RRGGBB") % {"what": what,
                                                                                       "color": code.color})
    for code_set in codebook.sets:
        what = _('code group "%(name)s"') % {"name": code_set.name}
        if not code_set.name.strip():
            problems.append(_("a code group without a name (GUID %(guid)s)") % {"guid": code_set.guid})
        registry.check(code_set.guid, what)
        for member in code_set.member_guids:
            try:
                known = canonical_guid(member) in code_guids
            except ValueError:
                known = False
            if not known:
                problems.append(_("%(what)s names a code that is not in the codebook (%(guid)s)")
                                % {"what": what, "guid": member})
    return code_guids


def _check_project(project: Project) -> None:
    problems: list[str] = []
    if not project.name.strip():
        problems.append(_("the project has no name"))
    registry = _GuidRegistry(problems)
    code_guids = _check_codebook(project.codebook, registry) if project.codebook.codes else set()
    if not project.codebook.codes and project.codebook.sets:
        problems.append(_("the project has code groups but no codes"))
    for user in project.users:
        registry.check(user.guid, _('user "%(name)s"') % {"name": user.name})
    for source in project.sources:
        what = _('text source "%(name)s"') % {"name": source.name}
        registry.check(source.guid, what)
        if source.text is None:
            problems.append(_("%(what)s has no text") % {"what": what})
        length = len(source.text or "")
        for selection in source.selections:
            selection_what = _("selection %(start)s–%(end)s of %(source)s") % {
                "start": selection.start, "end": selection.end, "source": what}
            registry.check(selection.guid, selection_what)
            if not 0 <= selection.start <= selection.end <= length:
                problems.append(_("%(what)s lies outside the text (%(length)s characters)")
                                % {"what": selection_what, "length": length})
            for coding in selection.codings:
                coding_what = _("a coding of %(what)s") % {"what": selection_what}
                registry.check(coding.guid, coding_what)
                try:
                    known = canonical_guid(coding.code_guid) in code_guids
                except ValueError:
                    known = False
                if not known:
                    problems.append(_("%(what)s refers to a code that is not in the codebook (%(guid)s)")
                                    % {"what": coding_what, "guid": coding.code_guid})
    if problems:
        raise WriteError(problems)


# --- elements -----------------------------------------------------------------------------------------------------


def _set_optional(element: etree._Element, attribute: str, value: str | datetime | None) -> None:
    if isinstance(value, datetime):
        element.set(attribute, _datetime(value))
    elif value:
        element.set(attribute, _clean(value))


def _add_description(parent: etree._Element, ns: str, text: str) -> None:
    if text:
        etree.SubElement(parent, f"{{{ns}}}Description").text = _clean(text)


def _add_code(parent: etree._Element, ns: str, code: Code) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}Code")
    element.set("guid", canonical_guid(code.guid))
    element.set("name", _clean(code.name))
    element.set("isCodable", "true" if code.is_codable else "false")
    _set_optional(element, "color", code.color)
    _add_description(element, ns, code.description)
    return element


def _add_codes(parent: etree._Element, ns: str, codebook: Codebook) -> None:
    """The codes, nested, in order: with an explicit stack rather than recursion, for a codebook of any depth."""
    codes = etree.SubElement(parent, f"{{{ns}}}Codes")
    pending = [(codes, code) for code in reversed(codebook.codes)]
    while pending:
        into, code = pending.pop()
        element = _add_code(into, ns, code)
        pending.extend((element, child) for child in reversed(code.children))


def _add_sets(parent: etree._Element, ns: str, codebook: Codebook, member_attribute: str) -> None:
    if not codebook.sets:
        return  # an empty <Sets/> does not validate
    sets = etree.SubElement(parent, f"{{{ns}}}Sets")
    for code_set in codebook.sets:
        element = etree.SubElement(sets, f"{{{ns}}}Set")
        element.set("guid", canonical_guid(code_set.guid))
        element.set("name", _clean(code_set.name))
        _add_description(element, ns, code_set.description)
        for member in code_set.member_guids:
            etree.SubElement(element, f"{{{ns}}}MemberCode").set(member_attribute, canonical_guid(member))


def _serialise(root: etree._Element) -> bytes:
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


# --- public -------------------------------------------------------------------------------------------------------


def write_codebook(codebook: Codebook) -> bytes:
    """The codebook as a ``.qdc`` document (UTF-8 bytes, namespace ``urn:QDA-XML:codebook:1.0``)."""
    problems: list[str] = []
    _check_codebook(codebook, _GuidRegistry(problems))
    if problems:
        raise WriteError(problems)
    root = etree.Element(f"{{{CODEBOOK_NS}}}CodeBook", nsmap={None: CODEBOOK_NS, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", CODEBOOK_SCHEMA_LOCATION)
    root.set("origin", _clean(codebook.origin or DEFAULT_ORIGIN))
    _add_codes(root, CODEBOOK_NS, codebook)
    _add_sets(root, CODEBOOK_NS, codebook, "guid")
    return _serialise(root)


def source_member_name(guid: str) -> str:
    """Where a text source's plain text is stored in the archive: ``Sources/<guid>.txt``."""
    return f"{SOURCES_FOLDER}{canonical_guid(guid)}.txt"


def project_document(project: Project) -> bytes:
    """The ``project.qde`` document of ``project`` (without the source files); see ``write_project``."""
    _check_project(project)
    ns = PROJECT_NS
    root = etree.Element(f"{{{ns}}}Project", nsmap={None: ns, "xsi": XSI_NS})
    root.set(f"{{{XSI_NS}}}schemaLocation", PROJECT_SCHEMA_LOCATION)
    root.set("name", _clean(project.name))
    root.set("origin", _clean(project.origin or DEFAULT_ORIGIN))
    if project.creating_user:
        root.set("creatingUserGUID", canonical_guid(project.creating_user))
    _set_optional(root, "creationDateTime", project.created_at)
    _set_optional(root, "modifiedDateTime", project.modified_at)
    if project.users:
        users = etree.SubElement(root, f"{{{ns}}}Users")
        for user in project.users:
            element = etree.SubElement(users, f"{{{ns}}}User")
            element.set("guid", canonical_guid(user.guid))
            _set_optional(element, "name", user.name)
    if project.codebook.codes:
        _add_codes(etree.SubElement(root, f"{{{ns}}}CodeBook"), ns, project.codebook)
    if project.sources:
        sources = etree.SubElement(root, f"{{{ns}}}Sources")
        for source in project.sources:
            element = etree.SubElement(sources, f"{{{ns}}}TextSource")
            element.set("guid", canonical_guid(source.guid))
            _set_optional(element, "name", source.name)
            element.set("plainTextPath", "internal://" + source_member_name(source.guid).removeprefix(SOURCES_FOLDER))
            _set_optional(element, "creatingUser", source.creating_user and canonical_guid(source.creating_user))
            _set_optional(element, "creationDateTime", source.created_at)
            _add_description(element, ns, source.description)
            for selection in source.selections:
                selected = etree.SubElement(element, f"{{{ns}}}PlainTextSelection")
                selected.set("guid", canonical_guid(selection.guid))
                _set_optional(selected, "name", selection.name)
                selected.set("startPosition", str(selection.start))
                selected.set("endPosition", str(selection.end))
                _set_optional(selected, "creatingUser",
                              selection.creating_user and canonical_guid(selection.creating_user))
                _set_optional(selected, "creationDateTime", selection.created_at)
                _add_description(selected, ns, selection.description)
                for coding in selection.codings:
                    coded = etree.SubElement(selected, f"{{{ns}}}Coding")
                    coded.set("guid", canonical_guid(coding.guid))
                    _set_optional(coded, "creatingUser", coding.creating_user and canonical_guid(coding.creating_user))
                    _set_optional(coded, "creationDateTime", coding.created_at)
                    etree.SubElement(coded, f"{{{ns}}}CodeRef").set("targetGUID", canonical_guid(coding.code_guid))
    _add_sets(root, ns, project.codebook, "targetGUID")
    _add_description(root, ns, project.description)
    return _serialise(root)


def write_project(project: Project) -> bytes:
    """The project as a ``.qdpx`` archive: ``project.qde`` plus ``Sources/<guid>.txt`` for every text source."""
    document = project_document(project)
    stamp = project.modified_at or project.created_at
    date_time = stamp.timetuple()[:6] if stamp and stamp.year >= 1980 else _ZIP_EPOCH
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(PROJECT_MEMBER, date_time=date_time), document,
                         compress_type=zipfile.ZIP_DEFLATED)
        for source in project.sources:
            archive.writestr(zipfile.ZipInfo(source_member_name(source.guid), date_time=date_time),
                             (source.text or "").encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
