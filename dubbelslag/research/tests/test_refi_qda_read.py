"""Reading what real QDA programs wrote (ATLAS.ti 8.4, 23.2, 23.4; Taguette 1.5.2) and refusing broken files."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dubbelslag.research.refi_qda import (
    Code,
    CodeSet,
    read_any_codebook,
    read_codebook,
    read_project,
    read_project_codebook,
)


def _tree(codebook) -> list[tuple[int, str, str]]:
    return [(depth, code.name, code.guid) for depth, code in codebook.walk()]


def test_atlasti_23_4_codebook(refi_file):
    result = read_codebook(refi_file("atlasti_23_4_codebook.qdc"))
    assert result.ok, result.errors
    assert result.warnings == ()
    codebook = result.codebook
    assert codebook.origin == "ATLAS.ti Win 23.4.0"
    # Upper-case GUIDs in the file, canonical lower case here; schemaLocation says 0:4 and is ignored.
    assert codebook.codes == (
        Code(guid="1ff58b12-6f6f-4b0c-8be5-bbdc91f55294", name="code1", is_codable=True, color="#46AA00",
             description="description"),
    )
    assert codebook.sets == (
        CodeSet(guid="eca18d76-2b8b-4f26-bc1d-19eca19fb3f0", name="code group 1", description="kategorie 1",
                member_guids=("1ff58b12-6f6f-4b0c-8be5-bbdc91f55294",)),
    )


def test_taguette_1_5_2_codebook(refi_file):
    result = read_codebook(refi_file("taguette_1_5_2_codebook.qdc"))
    assert result.ok, result.errors
    assert result.codebook.origin == "Taguette 1.5.2"
    assert _tree(result.codebook) == [
        (0, "interesting", "0d62985d-b147-5d01-a9b5-cae5dcd98342"),
        (0, "people", "dfe5c38e-9449-5959-a1f7-e3d895cfa87f"),
        (0, "interesting\\places", "55bb6892-6f30-5129-8cb8-557a1b12137b"),
    ]
    assert all(code.is_codable and code.color == "" and code.description == "" for code in result.codebook.codes)
    assert result.codebook.sets == ()  # the empty <Sets/> (invalid per the schema) is tolerated


def test_truncated_atlasti_codebook_is_refused(refi_file):
    result = read_codebook(refi_file("atlasti_23_4_codebook_truncated.qdc"))
    assert not result.ok
    assert result.codebook is None
    assert len(result.errors) == 1
    message = result.errors[0]
    assert message.startswith("the codebook is not well-formed XML (it may be cut off, or not XML at all): line 19")
    assert "Couldn't find end of Start Tag Code" in message


@pytest.mark.parametrize("name", ["atlasti_23_2_target_project.qdpx", "atlasti_23_2_target_project.qde"])
def test_atlasti_23_2_project_codebook_nested(refi_file, name):
    result = read_project_codebook(refi_file(name))
    assert result.ok, result.errors
    assert result.codebook.origin == "ATLAS.ti for Windows 23.2.3.27778"
    assert _tree(result.codebook) == [
        (0, "Commits", "a182cd3a-d83c-4d8c-bc80-26d9103ec6d6"),
        (1, "2022-05-10T02:05:59Z 19e4dce", "2d2466f0-d77f-4f8c-bdf9-628966b6b74d"),
        (1, "2022-02-11T10:39:25Z cdbfd92", "086ac733-7b1c-4749-a138-d7182f63a5c9"),
    ]
    assert [child.name for child in result.codebook.codes[0].children] == [
        "2022-05-10T02:05:59Z 19e4dce", "2022-02-11T10:39:25Z cdbfd92"]


@pytest.mark.parametrize("name", ["atlasti_23_2_blank_project.qdpx", "atlasti_23_2_blank_project.qde"])
def test_atlasti_23_2_blank_project_has_no_codes(refi_file, name):
    result = read_project_codebook(refi_file(name))
    assert result.ok, result.errors
    assert result.codebook.codes == ()
    assert result.warnings == ("the file contains no codes",)


def test_atlasti_8_4_project_codebook(refi_file):
    result = read_project_codebook(refi_file("atlasti_8_4_standard_project.qde"))
    assert result.ok, result.errors
    codebook = result.codebook
    assert codebook.origin == "ATLAS.ti 8.4.0 573 , macOS Version 10.14.3 (Build 18D109)"
    names = [code.name for code in codebook.codes]
    assert len(names) == 14
    assert names[:4] == ["happiness", "Feelings", "disgust", "waste of time"]
    assert "Coke::diet Coke" in names and '"rushed"' in names  # ATLAS.ti 8's flat "parent::child" naming is kept
    by_guid = codebook.by_guid()
    assert by_guid["d299efae-5779-46dc-9827-a3d1a5d544bc"].name == "Coke::diet Coke"
    assert by_guid["d299efae-5779-46dc-9827-a3d1a5d544bc"].description == "non sucré"
    assert by_guid["c3c7d437-6932-4b14-a55d-30b7f811bbf3"].color == ""  # "milk" has no colour
    assert by_guid["ae6d04ce-d987-4fc8-af97-d72ca6ffd08f"].description == "breakfast cereal made by Kellogg’s"
    assert all(code.children == () for code in codebook.codes)
    # Project sets with code members become code groups; document groups (only MemberSource) are left out.
    assert [code_set.name for code_set in codebook.sets] == [
        "Feelings", "negative feelings", "Breakfast food", "positive feelings"]
    assert codebook.sets[0].member_guids[0] == "3dd1a2a6-3aef-4a4c-9138-718e9ce2386d"


def test_atlasti_8_4_full_project(refi_file):
    result = read_project(refi_file("atlasti_8_4_standard_project.qde"))
    assert result.ok, result.errors
    project = result.project
    assert project.name == "ATLAS.ti standard project"
    assert [user.name for user in project.users] == ["ATLAS.ti", "Friedrich Markgraf", "Sebastian Petrausch"]
    assert project.creating_user == "ad68fbe7-e1ee-4a82-a279-23cc698c89eb"
    assert project.created_at == datetime(2018, 3, 27, 17, 46, 39, tzinfo=UTC)
    assert [source.name for source in project.sources] == [
        "1960s Coca Cola commercial - Audio.docx", "1960s Coca Cola commercial - Visual.docx",
        "1994 Diet Coke-Diet Coke Break.docx", "Mabe\u0302l 2ie\u0300me.txt", "Mabel.txt", "Simon.docx"]
    # macOS wrote "Mabêl 2ième" decomposed (NFD); names are kept exactly as written.
    # The internal:// text files are not in a bare .qde: the text is None and each gets a warning.
    assert all(source.text is None for source in project.sources)
    assert sum("is not in the project; its text is not included" in w for w in result.warnings) == 6
    assert "sources other than plain text are left out: 1 × AudioSource, 2 × PDFSource, 1 × PictureSource, " \
           "2 × VideoSource" in result.warnings
    diet = project.sources[2].selections
    assert len(diet) == 1
    assert (diet[0].start, diet[0].end) == (139, 195)
    assert diet[0].name == "Oh, that was great. See you tomorrow? Eleven thirty. Mm."
    assert len(diet[0].name) == diet[0].end - diet[0].start  # end is exclusive
    assert [coding.code_guid for coding in diet[0].codings] == ["d299efae-5779-46dc-9827-a3d1a5d544bc"]
    assert diet[0].codings[0].guid == "445a6aec-1400-4502-919d-0867832ff211"
    mabel = project.sources[4].selections[0]
    assert [coding.code_guid for coding in mabel.codings] == [
        "f9c6eac0-8a66-4757-9d8a-9a6c8fea3c44", "ae6d04ce-d987-4fc8-af97-d72ca6ffd08f",
        "85d17f60-7bb0-481e-b742-b4861dd669df"]
    assert project.sources[5].selections[0].description == "why does Simon feel the need to do this?"


def test_read_any_codebook_dispatches_on_content(refi_file):
    assert [c.name for c in read_any_codebook(refi_file("taguette_1_5_2_codebook.qdc")).codebook.codes][0] == \
        "interesting"
    assert read_any_codebook(refi_file("atlasti_23_2_target_project.qdpx")).codebook.codes[0].name == "Commits"
    assert read_any_codebook(refi_file("atlasti_23_2_target_project.qde")).codebook.codes[0].name == "Commits"


def test_project_given_as_codebook_gets_a_pointer(refi_file):
    result = read_codebook(refi_file("atlasti_23_2_target_project.qde"))
    assert result.errors == ("this is a REFI-QDA project (.qde/.qdpx), not a codebook (.qdc); import it as a project",)
    result = read_project_codebook(refi_file("taguette_1_5_2_codebook.qdc"))
    assert result.errors == ("this is a REFI-QDA codebook (.qdc), not a project (.qdpx); import it as a codebook",)


# --- refusals on small hand-made documents ---------------------------------------------------------------------------

HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="test"><Codes>'
TAIL = "</Codes></CodeBook>"
G1 = "1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294"
G2 = "{B52FB733-B6AF-4B31-BB78-3E733135171A}"


def _codebook(codes: str) -> bytes:
    return (HEAD + codes + TAIL).encode()


def test_not_xml_is_refused():
    result = read_codebook(b"code1;code2\nthis is a CSV file\n")
    assert result.codebook is None
    assert result.errors[0].startswith("the codebook is not well-formed XML")


def test_empty_file_is_refused():
    assert read_codebook(b"  \n").errors == ("the codebook is empty",)


def test_wrong_root_and_wrong_namespace_are_refused():
    assert read_codebook(b'<Codes xmlns="urn:QDA-XML:codebook:1.0"/>').errors == (
        'the root element is <Codes>; a REFI-QDA codebook starts with <CodeBook xmlns="urn:QDA-XML:codebook:1.0">',)
    assert read_codebook(b'<CodeBook xmlns="urn:QDA-XML:codebook:0:4"><Codes/></CodeBook>').errors == (
        'the root element <CodeBook> is in namespace "urn:QDA-XML:codebook:0:4"; a REFI-QDA 1.0 file uses '
        '"urn:QDA-XML:codebook:1.0"',)
    assert read_codebook(b"<CodeBook><Codes/></CodeBook>").errors == (
        'the root element <CodeBook> is in namespace "(none)"; a REFI-QDA 1.0 file uses "urn:QDA-XML:codebook:1.0"',)


def test_code_without_name_or_guid_is_refused():
    result = read_codebook(_codebook(
        f'<Code guid="{G1}" isCodable="true"/>\n<Code name="orphan" isCodable="true"/>\n'
        f'<Code guid="{G2}" name="  " isCodable="true"/>'))
    assert result.codebook is None
    assert result.errors == (
        "code on line 2 has no name",
        'code "orphan" (line 3) has no GUID',
        "code on line 4 has no name",
    )


def test_malformed_guid_is_refused():
    result = read_codebook(_codebook('<Code guid="c001" name="a" isCodable="true"/>'))
    assert result.errors == ('code "a" (line 2) has a malformed GUID c001',)


def test_duplicate_guids_are_refused_even_in_other_case_and_nesting():
    result = read_codebook(_codebook(
        f'<Code guid="{G1}" name="a" isCodable="true">\n<Code guid="{G1.lower()}" name="b" isCodable="true"/>'
        f"</Code>"))
    assert result.codebook is None
    assert result.errors == (f'code "b" (line 3) has the same GUID {G1.lower()} as code "a" (line 2)',)


def test_tolerated_oddities_become_warnings():
    data = (HEAD + f'<Code guid="{G1}" name="no codable flag" color="red"/>'
            f'<Code guid="{G2}" name="odd flag" isCodable="0"/></Codes>'
            f'<Sets><Set guid="ECA18D76-2B8B-4F26-BC1D-19ECA19FB3F0" name="g">'
            f'<MemberCode guid="51191CEE-BF78-4E92-9DF8-3AE66721E038"/><MemberCode guid="{G1}"/></Set></Sets>'
            "</CodeBook>").encode()
    result = read_codebook(data)
    assert result.ok, result.errors
    first, second = result.codebook.codes
    assert (first.is_codable, first.color) == (True, "")
    assert second.is_codable is False
    assert second.guid == "b52fb733-b6af-4b31-bb78-3e733135171a"  # braces dropped
    assert result.codebook.sets[0].member_guids == ("1ff58b12-6f6f-4b0c-8be5-bbdc91f55294",)
    assert result.warnings == (
        'code "no codable flag" (line 2): colour red is not #RRGGBB; left out',
        'code group "g" (line 2) names a code that is not in the codebook (51191CEE-BF78-4E92-9DF8-3AE66721E038); '
        "that member is left out",
    )


def test_many_errors_are_capped():
    codes = "".join(f'<Code name="c{i}" isCodable="true"/>' for i in range(60))
    result = read_codebook(_codebook(codes))
    assert len(result.errors) == 51
    assert result.errors[-1] == "… and 10 more problems"
