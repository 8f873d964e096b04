"""Validate REFI-QDA documents against the standard's XML Schemas shipped in ``schemas/``.

Used on what we write (the tests run every writer's output through it, and an export view can do the same before it
sends a file); the readers do not require schema validity, because real writers are not always valid (Taguette's
empty ``<Sets/>``). Both functions return a list of problems, empty when the document is valid.
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from lxml import etree

from .reader import PROJECT_MEMBER, PROJECT_NS, SOURCES_FOLDER
from .safe_xml import (
    MAX_CODEBOOK_BYTES,
    MAX_PROJECT_XML_BYTES,
    RefiQdaError,
    SafeZip,
    internal_source_name,
    is_zip,
    parse_xml,
)

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
CODEBOOK_XSD = SCHEMA_DIR / "Codebook.xsd"
PROJECT_XSD = SCHEMA_DIR / "Project.xsd"
# lxml's schema objects are not documented as safe to share between threads; validations are short, so serialise them.
_LOCK = threading.Lock()


@cache
def _schema(path: Path) -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.XMLSchema(etree.parse(str(path), parser))


def _validate(root: etree._Element, path: Path) -> list[str]:
    schema = _schema(path)
    with _LOCK:
        valid = schema.validate(root)
        log = list(schema.error_log)
    if valid:
        return []
    return [_("line %(line)s: %(message)s") % {"line": entry.line, "message": entry.message} for entry in log]


def validate_codebook(data: bytes) -> list[str]:
    """Problems that make ``data`` an invalid ``.qdc`` according to ``Codebook.xsd``; ``[]`` when valid."""
    try:
        root = parse_xml(data, max_bytes=MAX_CODEBOOK_BYTES, what=_("codebook"))
    except RefiQdaError as exc:
        return [exc.message]
    return _validate(root, CODEBOOK_XSD)


def validate_project(data: bytes) -> list[str]:
    """Problems that make ``data`` (a ``.qdpx`` archive or a bare ``.qde``) invalid according to ``Project.xsd``.

    For an archive, also every ``internal://`` text file a ``TextSource`` names must be in its ``Sources/`` folder,
    and each text source must have its text in exactly one place (``PlainTextContent`` or ``plainTextPath``), as the
    schema's comment requires.
    """
    archive = None
    try:
        if is_zip(data):
            archive = SafeZip(data)
            member = archive.find(PROJECT_MEMBER)
            if member is None:
                return [_("the .qdpx archive has no project.qde")]
            data = archive.read(member, max_bytes=MAX_PROJECT_XML_BYTES)
        root = parse_xml(data, max_bytes=MAX_PROJECT_XML_BYTES, what=PROJECT_MEMBER)
        problems = _validate(root, PROJECT_XSD)
        for source in root.iter(f"{{{PROJECT_NS}}}TextSource"):
            path = source.get("plainTextPath")
            has_content = source.find(f"{{{PROJECT_NS}}}PlainTextContent") is not None
            if bool(path) == has_content:
                problems.append(_("line %(line)s: a text source needs either PlainTextContent or plainTextPath, "
                                  "not both and not neither") % {"line": source.sourceline})
            name = internal_source_name(path or "")
            if archive is not None and name is not None and archive.find(SOURCES_FOLDER + name) is None:
                problems.append(_("line %(line)s: %(path)s is not in the archive's Sources folder")
                                % {"line": source.sourceline, "path": path})
        return problems
    except RefiQdaError as exc:
        return [exc.message]
    finally:
        if archive is not None:
            archive.close()
