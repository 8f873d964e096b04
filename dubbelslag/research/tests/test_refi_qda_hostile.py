"""Hostile uploads are refused with a clear message, without crashing, expanding entities or reading files."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from lxml import etree

from dubbelslag.research.refi_qda import (
    read_any_codebook,
    read_codebook,
    read_project,
    read_project_codebook,
    validate_codebook,
    validate_project,
)
from dubbelslag.research.refi_qda.safe_xml import MAX_PROJECT_XML_BYTES, _parser

DOCTYPE_REFUSED = ("the file declares a document type (<!DOCTYPE>); REFI-QDA files have none, so it is refused "
                   "for safety")
GUID = "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"
PROJECT = (b'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="p"><CodeBook><Codes>'
           b'<Code guid="' + GUID.encode() + b'" name="c" isCodable="true"/></Codes></CodeBook></Project>')


def _xxe(path) -> bytes:
    return (f'<?xml version="1.0"?><!DOCTYPE CodeBook [<!ENTITY secret SYSTEM "file://{path}">]>'
            f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="{GUID}" name="c" isCodable="true">'
            f"<Description>&secret;</Description></Code></Codes></CodeBook>").encode()


def _billion_laughs() -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    return (f'<?xml version="1.0"?><!DOCTYPE CodeBook [{entities}]><CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
            f'<Codes><Code guid="{GUID}" name="&lol9;" isCodable="true"/></Codes></CodeBook>').encode()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("TOPSECRET-42")
    return path


def test_xxe_external_entity_is_refused_and_file_not_read(secret_file):
    for reader in (read_codebook, read_any_codebook):
        result = reader(_xxe(secret_file))
        assert result.codebook is None
        assert result.errors == (DOCTYPE_REFUSED,)
    assert validate_codebook(_xxe(secret_file)) == [DOCTYPE_REFUSED]


def test_hardened_parser_alone_does_not_resolve_external_entities(secret_file):
    """Second layer: even if the DOCTYPE scan were bypassed, lxml is set up not to load the file."""
    root = etree.fromstring(_xxe(secret_file), _parser())
    assert b"TOPSECRET" not in etree.tostring(root)


def test_external_dtd_is_refused():
    data = (b'<?xml version="1.0"?><!DOCTYPE CodeBook SYSTEM "http://127.0.0.1:9/evil.dtd">'
            b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes/></CodeBook>')
    assert read_codebook(data).errors == (DOCTYPE_REFUSED,)


def test_billion_laughs_is_refused():
    result = read_codebook(_billion_laughs())
    assert result.errors == (DOCTYPE_REFUSED,)
    assert read_project_codebook(_billion_laughs()).errors == (DOCTYPE_REFUSED,)


def test_billion_laughs_stopped_by_lxml_too():
    with pytest.raises(etree.XMLSyntaxError, match="amplification"):
        etree.fromstring(_billion_laughs(), _parser())


def test_doctype_in_utf16_is_refused():
    assert read_codebook(_billion_laughs().decode().replace('version="1.0"?>', 'version="1.0" encoding="utf-16"?>')
                         .encode("utf-16")).errors == (DOCTYPE_REFUSED,)


def test_doctype_inside_qdpx_is_refused():
    data = _zip({"project.qde": PROJECT.replace(b"<Project", b'<!DOCTYPE Project [<!ENTITY e "x">]><Project')})
    assert read_project_codebook(data).errors == (DOCTYPE_REFUSED,)
    assert read_project(data).errors == (DOCTYPE_REFUSED,)


def test_qdpx_with_parent_path_is_refused():
    data = _zip({"project.qde": PROJECT, "../../etc/cron.d/evil": b"* * * * * root rm -rf /"})
    message = "the archive contains an entry with an unsafe path (../../etc/cron.d/evil); it is refused"
    assert read_project_codebook(data).errors == (message,)
    assert read_project(data).errors == (message,)
    assert validate_project(data) == [message]
    for name in ("/etc/passwd", "Sources\\..\\..\\x.txt", "C:/Windows/x.txt"):
        assert "unsafe path" in read_project_codebook(_zip({"project.qde": PROJECT, name: b"x"})).errors[0]


def test_internal_path_cannot_leave_sources_folder():
    document = PROJECT.replace(b"</Project>", b'<Sources><TextSource guid="' + GUID.replace("1FF", "2FF").encode()
                               + b'" name="t" plainTextPath="internal://../project.qde"/></Sources></Project>')
    result = read_project(_zip({"project.qde": document}))
    assert result.ok
    assert result.project.sources[0].text is None
    assert result.warnings == ('text source "t" (line 1) points to internal://../project.qde outside the project; '
                               "its text is not included",)


def test_oversized_project_member_is_refused():
    # 51 MiB of spaces compresses to about 50 KiB: a small zip bomb that honestly declares its size.
    bomb = _zip({"project.qde": PROJECT[:-len(b"</Project>")] + b" " * (MAX_PROJECT_XML_BYTES + 1024 * 1024)
                 + b"</Project>"})
    assert len(bomb) < 200_000
    result = read_project_codebook(bomb)
    assert result.codebook is None
    assert result.errors == ("project.qde in the archive is 51 MiB, more than the 50 MiB allowed",)


def test_member_lying_about_its_size_is_refused():
    """A header that claims 200 bytes for a member that inflates to 1 MiB is caught while unpacking."""
    honest = _zip({"project.qde": PROJECT + b" " * 1024 * 1024})
    with zipfile.ZipFile(io.BytesIO(honest)) as archive:
        real_size = archive.getinfo("project.qde").file_size
    lying = honest.replace(struct.pack("<I", real_size), struct.pack("<I", 200))
    result = read_project_codebook(lying, max_xml_bytes=10_000)
    assert result.codebook is None
    # zipfile never inflates past the declared size; the checksum then gives the lie away.
    assert result.errors == ("project.qde in the archive could not be unpacked: Bad CRC-32 for file 'project.qde'",)


def test_member_over_a_small_limit_is_refused():
    data = _zip({"project.qde": PROJECT + b" " * 5000})
    assert read_project_codebook(data, max_xml_bytes=1024).errors == (
        "project.qde in the archive is 5.1 KiB, more than the 1 KiB allowed",)


def test_oversized_bare_document_is_refused():
    assert read_codebook(b"<" * (11 * 1024 * 1024)).errors == ("the codebook is 11 MiB, more than the 10 MiB allowed",)


def test_too_many_members_is_refused():
    data = _zip({"project.qde": PROJECT, **{f"Sources/{i}.txt": b"" for i in range(20)}})
    assert read_project_codebook(data, max_members=10).errors == (
        "the archive has 21 entries, more than the 10 allowed",)


def test_broken_or_empty_archives():
    assert read_project_codebook(b"PK\x03\x04 not really a zip").errors == (
        "the file is not a valid .qdpx archive (a .qdpx is a zip file)",)
    assert read_project_codebook(_zip({"other.xml": PROJECT})).errors == ("the .qdpx archive has no project.qde",)
    assert read_project_codebook(_zip({"project.qde": b""})).errors == ("the project.qde is empty",)


def test_duplicate_member_names_are_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", PROJECT)
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr("project.qde", PROJECT.replace(b'name="c"', b'name="evil"'))
    assert read_project_codebook(buffer.getvalue()).errors == (
        "the archive contains the entry project.qde twice",)


def test_binary_garbage_does_not_crash():
    for data in (b"\x00\xff\xfe" * 100, bytes(range(256)), b"<", b"<?xml version='1.0' encoding='klingon'?><a/>"):
        assert read_codebook(data).errors
        assert read_project_codebook(data).errors
        assert read_project(data).errors
        assert validate_codebook(data)
