"""Writing codebooks and projects: the output validates against the shipped XSDs and reads back unchanged."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest

from dubbelslag.research.refi_qda import (
    Code,
    Codebook,
    CodeSet,
    Coding,
    Project,
    TextSelection,
    TextSource,
    User,
    WriteError,
    project_document,
    read_codebook,
    read_project,
    read_project_codebook,
    validate_codebook,
    validate_project,
    write_codebook,
    write_project,
)

REAL_CODEBOOKS = [
    ("atlasti_23_4_codebook.qdc", read_codebook),
    ("taguette_1_5_2_codebook.qdc", read_codebook),
    ("atlasti_23_2_target_project.qdpx", read_project_codebook),
    ("atlasti_8_4_standard_project.qde", read_project_codebook),
]

ANNA = "0b6f4c9e-2d0c-4a4e-9f39-6a1d2b0c1a01"
BERT = "0b6f4c9e-2d0c-4a4e-9f39-6a1d2b0c1a02"
ENERGY = "5a0e9d1c-8f3b-4c7e-a1d2-000000000001"
COST = "5a0e9d1c-8f3b-4c7e-a1d2-000000000002"
TRUST = "5a0e9d1c-8f3b-4c7e-a1d2-000000000003"
WHEN = datetime(2025, 3, 4, 10, 30, 0, tzinfo=UTC)

CODEBOOK = Codebook(
    origin="Dubbelslag",
    codes=(
        Code(guid=ENERGY, name="Energie", color="#1F77B4", description="Alles over warmte\nen isolatie",
             children=(Code(guid=COST, name="Kosten & <lasten>", description="Wat het bewoners kost"),)),
        Code(guid=TRUST, name="Vertrouwen \"in\" de gemeente", is_codable=False, color="#abc"),
    ),
    sets=(CodeSet(guid="5a0e9d1c-8f3b-4c7e-a1d2-0000000000aa", name="Bewoners", description="groep",
                  member_guids=(COST, TRUST)),),
)
LOG = "Bewonersavond 3 maart.\nMevrouw K. (72): ‘De rekening is te hoog 😟’.\r\nWethouder: we kijken naar isolatie."


def _project() -> Project:
    quote_start = LOG.index("De rekening")
    quote_end = LOG.index("’.")
    return Project(
        name="Experiment Wijk Noord",
        origin="Dubbelslag",
        codebook=CODEBOOK,
        users=(User(guid=ANNA, name="Anna de Vries"), User(guid=BERT, name="Bert")),
        sources=(
            TextSource(
                guid="7c1e0000-0000-4000-8000-000000000001", name="Logboek 2025-03-03", text=LOG,
                description="sessieverslag", creating_user=ANNA, created_at=WHEN,
                selections=(
                    TextSelection(
                        guid="7c1e0000-0000-4000-8000-0000000000a1", start=quote_start,
                        end=quote_end, name=LOG[quote_start:quote_end], description="kern van de klacht",
                        creating_user=ANNA, created_at=WHEN,
                        codings=(
                            Coding(guid="7c1e0000-0000-4000-8000-0000000000c1", code_guid=COST, creating_user=ANNA,
                                   created_at=WHEN),
                            Coding(guid="7c1e0000-0000-4000-8000-0000000000c2", code_guid=ENERGY,
                                   creating_user=BERT, created_at=WHEN),
                        ),
                    ),
                    TextSelection(guid="7c1e0000-0000-4000-8000-0000000000a2", start=0, end=len(LOG)),
                ),
            ),
            TextSource(guid="7c1e0000-0000-4000-8000-000000000002", name="Leeg verslag", text=""),
        ),
        description="Export uit Dubbelslag",
        creating_user=ANNA,
        created_at=WHEN,
        modified_at=WHEN,
    )


@pytest.mark.parametrize(("name", "reader"), REAL_CODEBOOKS)
def test_real_codebook_round_trip(refi_file, name, reader):
    original = reader(refi_file(name)).codebook
    written = write_codebook(original)
    assert validate_codebook(written) == []
    again = read_codebook(written)
    assert again.ok and again.warnings == ()
    assert again.codebook == original


def test_written_codebook_shape():
    written = write_codebook(CODEBOOK)
    assert validate_codebook(written) == []
    assert written.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"")
    assert b'<Code guid="5a0e9d1c-8f3b-4c7e-a1d2-000000000002" name="Kosten &amp; &lt;lasten&gt;" isCodable="true">' \
        in written
    assert read_codebook(written).codebook == CODEBOOK
    assert write_codebook(CODEBOOK) == written  # deterministic


def test_upper_case_and_braced_guids_are_written_canonically():
    codebook = Codebook(codes=(Code(guid="{1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294}", name="code1"),))
    written = write_codebook(codebook)
    assert validate_codebook(written) == []
    assert read_codebook(written).codebook.codes[0].guid == "1ff58b12-6f6f-4b0c-8be5-bbdc91f55294"


def test_control_characters_are_dropped_not_fatal():
    codebook = Codebook(codes=(Code(guid=ENERGY, name="Energie\x0b", description="a\x00b"),))
    written = write_codebook(codebook)
    assert validate_codebook(written) == []
    code = read_codebook(written).codebook.codes[0]
    assert (code.name, code.description) == ("Energie", "ab")


def test_codebook_that_cannot_be_written():
    with pytest.raises(WriteError) as caught:
        write_codebook(Codebook())
    assert caught.value.problems == ["the codebook has no codes to export"]
    bad = Codebook(
        codes=(Code(guid=ENERGY, name="a", color="blue"), Code(guid=ENERGY.upper(), name="b"),
               Code(guid="c001", name=" ")),
        sets=(CodeSet(guid=TRUST, name="g", member_guids=(COST,)),),
    )
    with pytest.raises(WriteError) as caught:
        write_codebook(bad)
    assert caught.value.problems == [
        "code \"a\" has colour 'blue', which is not #RRGGBB",
        'code "b" has the same GUID as code "a"',
        "a code without a name (GUID c001)",
        "code \" \" has a malformed GUID 'c001'",
        f'code group "g" names a code that is not in the codebook ({COST})',
    ]


def test_validation_reports_schema_problems(refi_file):
    problems = validate_codebook(refi_file("taguette_1_5_2_codebook.qdc"))
    assert len(problems) == 1 and "Sets" in problems[0] and "Missing child element" in problems[0]
    broken = write_codebook(CODEBOOK).replace(b'isCodable="true"', b'isCodable="yes"', 1)
    assert any("isCodable" in problem and "'yes'" in problem for problem in validate_codebook(broken))
    assert validate_codebook(b"<oops")[0].startswith("the codebook is not well-formed XML")
    assert validate_project(refi_file("atlasti_8_4_standard_project.qde")) == []
    assert validate_project(refi_file("atlasti_23_2_target_project.qdpx")) == []


def test_written_project_validates_and_reads_back():
    project = _project()
    written = write_project(project)
    assert validate_project(written) == []
    with zipfile.ZipFile(io.BytesIO(written)) as archive:
        assert archive.namelist() == [
            "project.qde",
            "Sources/7c1e0000-0000-4000-8000-000000000001.txt",
            "Sources/7c1e0000-0000-4000-8000-000000000002.txt",
        ]
        assert archive.read("Sources/7c1e0000-0000-4000-8000-000000000001.txt").decode("utf-8") == LOG
        document = archive.read("project.qde")
    assert b'plainTextPath="internal://7c1e0000-0000-4000-8000-000000000001.txt"' in document
    assert validate_project(document) == []
    result = read_project(written)
    assert result.ok, result.errors
    assert result.warnings == ()
    assert result.project == project
    selection = result.project.sources[0].selections[0]
    assert result.project.sources[0].text[selection.start:selection.end] == "De rekening is te hoog 😟"
    # The codebook inside the project is what an importer of the codebook alone sees.
    assert read_project_codebook(written).codebook == CODEBOOK
    assert write_project(project) == written  # deterministic


def test_project_document_alone_validates():
    document = project_document(_project())
    assert validate_project(document) == []
    # A bare .qde does not carry the Sources files: text comes back as None with a warning.
    result = read_project(document)
    assert result.ok
    assert result.project.sources[0].text is None
    assert result.project.sources[0].selections[0].codings[0].code_guid == COST


def test_project_without_codes_or_sources_validates():
    written = write_project(Project(name="Leeg", users=(User(guid=ANNA),)))
    assert validate_project(written) == []
    assert read_project(written).project == Project(name="Leeg", origin="Dubbelslag",
                                                    codebook=Codebook(origin="Dubbelslag"), users=(User(guid=ANNA),))


def test_project_that_cannot_be_written():
    project = _project()
    source = project.sources[0]
    broken_selection = TextSelection(guid="7c1e0000-0000-4000-8000-0000000000f1", start=5, end=len(LOG) + 1,
                                     codings=(Coding(guid="7c1e0000-0000-4000-8000-0000000000f2",
                                                     code_guid="7c1e0000-0000-4000-8000-0000000000f3"),))
    bad = Project(
        name=" ", codebook=project.codebook,
        sources=(TextSource(guid=source.guid, name="x", text=source.text, selections=(broken_selection,)),
                 TextSource(guid=source.guid, name="y", text=None)),
    )
    with pytest.raises(WriteError) as caught:
        write_project(bad)
    assert caught.value.problems == [
        "the project has no name",
        f'selection 5–{len(LOG) + 1} of text source "x" lies outside the text ({len(LOG)} characters)',
        f'a coding of selection 5–{len(LOG) + 1} of text source "x" refers to a code that is not in the codebook '
        "(7c1e0000-0000-4000-8000-0000000000f3)",
        'text source "y" has the same GUID as text source "x"',
        'text source "y" has no text',
    ]


def test_validate_project_spots_missing_source_file():
    written = write_project(_project())
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(written)) as source, zipfile.ZipFile(buffer, "w") as target:
        target.writestr("project.qde", source.read("project.qde"))
    problems = validate_project(buffer.getvalue())
    assert len(problems) == 2
    assert problems[0].endswith("internal://7c1e0000-0000-4000-8000-000000000001.txt is not in the archive's "
                                "Sources folder")
