"""Hardened XML parsing and zip reading for files uploaded by users.

Three layers keep a hostile file from doing harm:

1. Before lxml sees the document, expat reads its prolog (up to the root element) and the document is refused if it
   has a ``<!DOCTYPE``: REFI-QDA files never carry one, and the DOCTYPE is where entity bombs and external entities
   (XXE) live. This also gives the person a clear message instead of a libxml2 error.
2. lxml parses with entity resolution, DTD loading and network access off and ``huge_tree`` off (libxml2's own
   limits on depth, text size and entity amplification stay in force).
3. The parsed tree is checked again for a DOCTYPE, in case the prolog scan could not read the encoding.

Zip archives (``.qdpx``) are read member by member with a byte budget counted while decompressing, so a header that
lies about the size (a zip bomb) cannot make us inflate more than the limit. Nothing is ever extracted to disk.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.parsers import expat

from django.utils.translation import gettext as _
from lxml import etree

MiB = 1024 * 1024
# A codebook of a few thousand codes is well under 1 MiB; a project.qde with its selections a few MiB.
MAX_CODEBOOK_BYTES = 10 * MiB
MAX_PROJECT_XML_BYTES = 50 * MiB
MAX_SOURCE_BYTES = 20 * MiB
MAX_SOURCES_TOTAL_BYTES = 200 * MiB
MAX_ZIP_MEMBERS = 10_000
_CHUNK = 64 * 1024
# libxml2 appends ", line 19, column 1" to its messages; the position is reported separately.
_LIBXML_POSITION = re.compile(r",\s*line \d+, column \d+\s*$")


class RefiQdaError(Exception):
    """A file that cannot be used; ``message`` is translated and written for the person who uploaded it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _parser() -> etree.XMLParser:
    # A new parser per call: lxml parsers are not safe to share between threads.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


class _RootReached(Exception):
    pass


def _refuse_doctype(*_args: object) -> None:
    raise RefiQdaError(_("the file declares a document type (<!DOCTYPE>); REFI-QDA files have none, so it is refused "
                         "for safety"))


def _stop_at_root(*_args: object) -> None:
    raise _RootReached


def _scan_prolog(data: bytes) -> None:
    """Refuse a DOCTYPE before the root element; stop reading at the root. Errors other than ours are left to lxml."""
    scanner = expat.ParserCreate()
    scanner.StartDoctypeDeclHandler = _refuse_doctype
    scanner.EntityDeclHandler = _refuse_doctype
    scanner.StartElementHandler = _stop_at_root
    view = memoryview(data)
    try:
        for offset in range(0, len(data), _CHUNK):
            scanner.Parse(bytes(view[offset:offset + _CHUNK]), False)
        scanner.Parse(b"", True)
    except (_RootReached, expat.ExpatError, LookupError, ValueError):
        return


def parse_xml(data: bytes, *, max_bytes: int, what: str) -> etree._Element:
    """Parse ``data`` safely and return the root element; raise ``RefiQdaError`` with a clear message otherwise.

    ``what`` names the document in messages (``"codebook"``, ``"project.qde"``).
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError("parse_xml needs bytes")
    data = bytes(data)
    if len(data) > max_bytes:
        raise RefiQdaError(_("the %(what)s is %(size)s, more than the %(limit)s allowed")
                           % {"what": what, "size": _size(len(data)), "limit": _size(max_bytes)})
    if not data.strip():
        raise RefiQdaError(_("the %(what)s is empty") % {"what": what})
    _scan_prolog(data)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno or 0, 0)
        detail = _LIBXML_POSITION.sub("", exc.msg or "").strip()
        raise RefiQdaError(_("the %(what)s is not well-formed XML (it may be cut off, or not XML at all): line "
                             "%(line)s, column %(column)s: %(detail)s")
                           % {"what": what, "line": line, "column": column, "detail": detail}) from None
    except (ValueError, etree.LxmlError) as exc:  # e.g. an unknown encoding declaration
        raise RefiQdaError(_("the %(what)s could not be read as XML: %(detail)s")
                           % {"what": what, "detail": exc}) from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        _refuse_doctype()
    return root


def _size(size: int) -> str:
    """``53477376`` -> ``"51 MiB"``, ``5120`` -> ``"5 KiB"``; units are the same in every language."""
    if size >= MiB:
        return f"{size / MiB:.1f}".removesuffix(".0") + " MiB"
    return f"{size / 1024:.1f}".removesuffix(".0") + " KiB"


def _unsafe_member_name(name: str) -> bool:
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        return True
    return ".." in normalised.split("/") or "\x00" in normalised


class SafeZip:
    """A ``.qdpx`` archive opened for reading single members within limits. Use as a context manager.

    Opening refuses a file that is not a zip, has more than ``max_members`` entries, or has any entry whose name is
    absolute or climbs out of the archive (``../``): such an archive was not written by a QDA program. Duplicate
    names are refused too, so which copy is read can never depend on the zip library.
    """

    def __init__(self, data: bytes, *, max_members: int = MAX_ZIP_MEMBERS) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
            raise RefiQdaError(_("the file is not a valid .qdpx archive (a .qdpx is a zip file)")) from None
        infos = self._zip.infolist()
        if len(infos) > max_members:
            self._zip.close()
            raise RefiQdaError(_("the archive has %(count)s entries, more than the %(limit)s allowed")
                               % {"count": len(infos), "limit": max_members})
        names: set[str] = set()
        for info in infos:
            if _unsafe_member_name(info.filename):
                self._zip.close()
                raise RefiQdaError(_("the archive contains an entry with an unsafe path (%(name)s); it is refused")
                                   % {"name": info.filename[:200]})
            if info.filename in names:
                self._zip.close()
                raise RefiQdaError(_("the archive contains the entry %(name)s twice") % {"name": info.filename[:200]})
            names.add(info.filename)
        self._infos = {info.filename: info for info in infos if not info.is_dir()}

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def find(self, name: str) -> str | None:
        """The stored name of ``name`` (exact match first, then case-insensitive, as Windows tools may differ)."""
        if name in self._infos:
            return name
        matches = [stored for stored in self._infos if stored.replace("\\", "/").lower() == name.lower()]
        return matches[0] if len(matches) == 1 else None

    def read(self, name: str, *, max_bytes: int) -> bytes:
        """Read one member, refusing it as soon as more than ``max_bytes`` come out of the decompressor."""
        info = self._infos[name]
        if info.file_size > max_bytes:
            raise RefiQdaError(_("%(name)s in the archive is %(size)s, more than the %(limit)s allowed")
                               % {"name": name, "size": _size(info.file_size), "limit": _size(max_bytes)})
        out = bytearray()
        try:
            with self._zip.open(info) as member:
                while chunk := member.read(_CHUNK):
                    out += chunk
                    if len(out) > max_bytes:
                        raise RefiQdaError(_("%(name)s in the archive unpacks to more than the %(limit)s allowed")
                                           % {"name": name, "limit": _size(max_bytes)})
        except RefiQdaError:
            raise
        except RuntimeError:  # encrypted member
            raise RefiQdaError(_("%(name)s in the archive is password-protected") % {"name": name}) from None
        except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError) as exc:
            raise RefiQdaError(_("%(name)s in the archive could not be unpacked: %(detail)s")
                               % {"name": name, "detail": exc}) from None
        return bytes(out)


def internal_source_name(path: str) -> str | None:
    """``internal://ABC.txt`` -> ``ABC.txt``, the file's name in the archive's ``Sources/`` folder; ``None`` when the
    path is not internal or would leave that folder."""
    prefix = "internal://"
    if not path.lower().startswith(prefix):
        return None
    name = path[len(prefix):].replace("\\", "/")
    if not name or _unsafe_member_name(name):
        return None
    return posixpath.normpath(name)


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")
