"""REFI-QDA exchange wired to the models: the exported codebook and project validate against the standard's schemas
and read back; real codebooks written by ATLAS.ti and Taguette import; broken and hostile files are refused with the
reader's messages and nothing written; export → import round-trips the tree and GUIDs; the two commands."""

import io
import tempfile
import uuid
import zipfile
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation

from dubbelslag.core.models import AuditEvent
from dubbelslag.research import codebook, refi_qda
from dubbelslag.research.enums import AnchorStatus
from dubbelslag.research.models import Code, Excerpt, LogEntry
from dubbelslag.research.services import coding as services
from dubbelslag.research.services import exchange
from testing.base import BaseTestCase

from .conftest import LOCAL_DIR, REFI_DIR


def example(test, name: str) -> bytes:
    """A real REFI-QDA file from tests/data, else the shared folder (read where it lies); skip when absent."""
    path = LOCAL_DIR / name if (LOCAL_DIR / name).is_file() else REFI_DIR / name
    if not path.is_file():
        test.skipTest(f"REFI-QDA example file {path} is not available (the shared data folder is missing)")
    return path.read_bytes()


def tree() -> list[tuple[int, str, str, str | None]]:
    """The codebook as (depth, name, guid, parent guid), depth first in tree order."""
    return [(node.depth, node.code.name, str(node.code.guid),
             str(node.code.parent.guid) if node.code.parent_id else None)
            for node in codebook.flatten(codebook.codebook_tree())]


def empty_codebook() -> None:
    while Code.objects.exists():
        Code.objects.filter(children__isnull=True).delete()


def codebook_file(codes: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="test"><Codes>'
            + codes + "</Codes></CodeBook>").encode()


class ExportTests(BaseTestCase):
    def setUp(self):
        self.top = Code.objects.create(name="Vertrouwen", description="Als bewoners *vertrouwen* uiten.",
                                       color="#1f6feb")
        self.child = Code.objects.create(name="Wantrouwen", parent=self.top)
        self.group = Code.objects.create(name="Groep", is_codable=False)

    def test_codebook_export_validates_and_reads_back_with_every_code(self):
        data = exchange.export_codebook()
        self.assertEqual(refi_qda.validate_codebook(data), [])
        result = refi_qda.read_any_codebook(data)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.codebook.origin, "Dubbelslag")
        read = [(depth, code.name, code.guid) for depth, code in result.codebook.walk()]
        self.assertEqual(read, [(depth, name, guid) for depth, name, guid, _parent in tree()])
        by_guid = result.codebook.by_guid()
        self.assertEqual(len(by_guid), Code.objects.count())
        top = by_guid[str(self.top.guid)]
        self.assertEqual((top.color, top.description), ("#1f6feb", "Als bewoners *vertrouwen* uiten."))
        self.assertEqual([child.guid for child in top.children], [str(self.child.guid)])
        self.assertFalse(by_guid[str(self.group.guid)].is_codable)

    def test_an_empty_codebook_cannot_be_exported(self):
        empty_codebook()
        with self.assertRaises(ValidationError) as refused:
            exchange.export_codebook()
        self.assertIn("no codes", refused.exception.messages[0])

    def test_project_export_holds_what_the_user_may_see_and_validates(self):
        text = "Eerste regel.\r\nDe energiecoach 😀 sprak over isolatie.\r\nLaatste regel."
        entry = LogEntry.objects.create(experiment=self.experiment, title="Gesprek", text=text, author=self.editor)
        marked = services.mark_excerpt(entry, by=self.editor, quote="sprak over isolatie", codes=[self.top])
        services.apply_code(marked, code=self.child, by=self.researcher)
        lost = Excerpt.objects.create(entry=entry, start=0, end=5, quote="Weg is weg",
                                      anchor_status=AnchorStatus.LOST)
        other = LogEntry.objects.create(experiment=self.other_experiment, title="Elders", text="Geheim verslag.")
        services.mark_excerpt(other, by=self.researcher, quote="Geheim", codes=[self.top])

        export = exchange.project_for(self.editor)
        self.assertEqual([excerpt.pk for excerpt in export.lost], [lost.pk])
        data = exchange.export_project(self.editor)
        self.assertEqual(refi_qda.validate_project(data), [])
        result = refi_qda.read_project(data)
        self.assertTrue(result.ok, result.errors)
        project = result.project
        self.assertEqual([source.guid for source in project.sources], [exchange.derived_guid("logentry", entry.pk)])
        source = project.sources[0]
        self.assertEqual(source.text, text)
        self.assertEqual(len(source.selections), 1)  # the lost excerpt is left out …
        self.assertIn("1 excerpts are left out", project.description)  # … and said so
        selection = source.selections[0]
        self.assertEqual(selection.guid, str(marked.guid))
        self.assertEqual(source.text[selection.start:selection.end], "sprak over isolatie")
        users = {user.guid: user.name for user in project.users}
        self.assertEqual(
            {(coding.code_guid, users[coding.creating_user]) for coding in selection.codings},
            {(str(self.top.guid), self.editor.full_name), (str(self.child.guid), self.researcher.full_name)})
        self.assertEqual(len(project.codebook.by_guid()), Code.objects.count())

        # The programme team sees both experiments; filtered to one experiment, only that one.
        team = refi_qda.read_project(exchange.export_project(self.researcher)).project
        self.assertEqual(len(team.sources), 2)
        only_other = refi_qda.read_project(
            exchange.export_project(self.researcher, experiments=[self.other_experiment])).project
        self.assertEqual([source.text for source in only_other.sources], ["Geheim verslag."])

    def test_an_outsider_exports_no_sources(self):
        LogEntry.objects.create(experiment=self.experiment, title="Gesprek", text="Tekst.")
        project = refi_qda.read_project(exchange.export_project(self.outsider)).project
        self.assertEqual(project.sources, ())


class ImportTests(BaseTestCase):
    def test_taguette_codebook_imports_and_a_second_import_changes_nothing(self):
        before = Code.objects.count()
        summary = exchange.import_codebook(example(self, "taguette_1_5_2_codebook.qdc"), by=self.researcher)
        self.assertEqual(summary.origin, "Taguette 1.5.2")
        self.assertEqual(summary.created, ["interesting", "people", "interesting\\places"])
        self.assertEqual(Code.objects.count(), before + 3)
        code = Code.objects.get(guid=uuid.UUID("55bb6892-6f30-5129-8cb8-557a1b12137b"))
        self.assertEqual((code.name, code.parent, code.created_by), ("interesting\\places", None, self.researcher))
        self.assertEqual(AuditEvent.objects.filter(content_type__model="code", action="create").count(), 3)

        again = exchange.import_codebook(example(self, "taguette_1_5_2_codebook.qdc"), by=self.researcher)
        self.assertEqual((again.created, again.updated, len(again.unchanged)), ([], [], 3))
        self.assertEqual(Code.objects.count(), before + 3)

    def test_atlasti_23_4_codebook_with_colour_definition_and_a_code_group(self):
        summary = exchange.import_codebook(example(self, "atlasti_23_4_codebook.qdc"), by=self.coordinator)
        self.assertEqual(summary.created, ["code1"])
        code = Code.objects.get(guid=uuid.UUID("1ff58b12-6f6f-4b0c-8be5-bbdc91f55294"))
        self.assertEqual((code.color, code.description), ("#46aa00", "description"))
        self.assertTrue(any("Code groups (1)" in warning for warning in summary.warnings))

    def test_atlasti_8_4_project_codebook_imports(self):
        summary = exchange.import_codebook(example(self, "atlasti_8_4_standard_project.qde"), by=None)
        self.assertEqual(len(summary.created), 14)
        self.assertTrue(Code.objects.filter(name="Coke::diet Coke", description="non sucré").exists())

    def test_atlasti_23_2_project_archive_imports_its_nested_codebook(self):
        exchange.import_codebook(example(self, "atlasti_23_2_target_project.qdpx"), by=None)
        commits = Code.objects.get(guid=uuid.UUID("a182cd3a-d83c-4d8c-bc80-26d9103ec6d6"))
        self.assertEqual(sorted(commits.children.values_list("name", flat=True)),
                         ["2022-02-11T10:39:25Z cdbfd92", "2022-05-10T02:05:59Z 19e4dce"])

    def test_the_codebook_inside_a_qdpx_project_imports_with_its_hierarchy(self):
        child = refi_qda.Code(guid=str(uuid.uuid4()), name="Kind", color="#123456")
        top = refi_qda.Code(guid=str(uuid.uuid4()), name="Ouder", is_codable=False, children=(child,))
        source = refi_qda.TextSource(guid=str(uuid.uuid4()), name="Interview", text="Tekst van het interview.",
                                     selections=(refi_qda.TextSelection(guid=str(uuid.uuid4()), start=0, end=5,
                                                 codings=(refi_qda.Coding(guid=str(uuid.uuid4()),
                                                                          code_guid=child.guid),)),))
        data = refi_qda.write_project(refi_qda.Project(name="Elders", origin="MAXQDA 2024",
                                                       codebook=refi_qda.Codebook(codes=(top,)), sources=(source,)))
        summary = exchange.import_codebook(data, by=self.researcher)
        self.assertEqual((summary.origin, summary.created), ("MAXQDA 2024", ["Ouder", "Kind"]))
        imported = Code.objects.get(guid=uuid.UUID(child.guid))
        self.assertEqual((imported.parent.name, imported.parent.is_codable, imported.color), ("Ouder", False,
                                                                                              "#123456"))

    def test_a_hostile_qdpx_is_refused(self):
        count = Code.objects.count()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("project.qde", '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaa">]>'
                                            '<Project xmlns="urn:QDA-XML:project:1.0" name="&a;"/>')
        with translation.override("en"), self.assertRaises(ValidationError) as refused:
            exchange.import_codebook(buffer.getvalue(), by=self.researcher)
        self.assertIn("document type", refused.exception.messages[0])
        self.assertEqual(Code.objects.count(), count)

    def test_match_by_name_under_the_same_parent_keeps_our_guid(self):
        ours = Code.objects.create(name="Vertrouwen", description="Onze definitie.")
        elsewhere = Code.objects.create(name="Wantrouwen", parent=ours)
        theirs = str(uuid.uuid4())
        data = codebook_file(f'<Code guid="{theirs}" name="vertrouwen" isCodable="true">'
                             f'<Code guid="{uuid.uuid4()}" name="Wantrouwen" isCodable="true"/></Code>'
                             f'<Code guid="{uuid.uuid4()}" name="Wantrouwen" isCodable="true"/>')
        summary = exchange.import_codebook(data, by=self.researcher)
        ours.refresh_from_db()
        self.assertEqual(str(ours.guid) != theirs, True)
        self.assertEqual(ours.name, "vertrouwen")  # the file's spelling
        self.assertEqual(ours.description, "Onze definitie.")  # a file without a definition leaves ours
        self.assertEqual(summary.updated, ["vertrouwen"])
        self.assertEqual(summary.unchanged, ["Wantrouwen"])  # matched under the same parent
        self.assertEqual(summary.created, ["Wantrouwen"])  # the top-level one is another code
        self.assertEqual(Code.objects.filter(name="Wantrouwen").count(), 2)
        self.assertTrue(Code.objects.filter(pk=elsewhere.pk, parent=ours).exists())

    def test_match_by_guid_renames_and_moves(self):
        top = Code.objects.create(name="Top")
        moved = Code.objects.create(name="Oud", parent=top)
        data = codebook_file(f'<Code guid="{moved.guid}" name="Nieuw" isCodable="false" color="#ABC">'
                             f'<Description>Nu bovenaan.</Description></Code>')
        summary = exchange.import_codebook(data, by=self.researcher)
        moved.refresh_from_db()
        self.assertEqual((moved.name, moved.parent, moved.is_codable, moved.color, moved.description, moved.version),
                         ("Nieuw", None, False, "#aabbcc", "Nu bovenaan.", 2))
        self.assertEqual(summary.updated, ["Nieuw"])

    def test_broken_and_hostile_files_are_refused_and_nothing_is_written(self):
        count, events = Code.objects.count(), AuditEvent.objects.count()
        xxe = (b'<?xml version="1.0"?><!DOCTYPE CodeBook [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
               b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="' + str(uuid.uuid4()).encode()
               + b'" name="&x;" isCodable="true"/></Codes></CodeBook>')
        cases = {
            "truncated": (example(self, "atlasti_23_4_codebook_truncated.qdc"), "not well-formed XML"),
            "xxe": (xxe, "document type"),
            "garbage": (b"\x00\x01PK not a file", ""),
            "empty": (b"", "empty"),
            "no codes": (codebook_file(""), ""),
            "blank project": (b'<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="p"/>',
                              "no codes"),
        }
        for label, (data, expected) in cases.items():
            with self.subTest(label), translation.override("en"):
                with self.assertRaises(ValidationError) as refused:
                    exchange.import_codebook(data, by=self.researcher)
                self.assertTrue(refused.exception.messages)
                self.assertIn(expected, " ".join(refused.exception.messages))
        self.assertEqual((Code.objects.count(), AuditEvent.objects.count()), (count, events))

    @override_settings(REFI_QDA_MAX_UPLOAD_BYTES=100)
    def test_a_file_over_the_size_limit_is_refused(self):
        count = Code.objects.count()
        with self.assertRaises(ValidationError) as refused:
            exchange.import_codebook(example(self, "taguette_1_5_2_codebook.qdc"), by=self.researcher)
        self.assertEqual(refused.exception.code, "too_large")
        self.assertEqual(Code.objects.count(), count)

    def test_an_import_that_fails_half_way_writes_nothing(self):
        first = Code.objects.create(name="Eerste")
        Code.objects.create(name="Tweede")
        count = Code.objects.count()
        # A new code is created first; then the file renames "Eerste" to the name of its sibling "Tweede".
        data = codebook_file(f'<Code guid="{uuid.uuid4()}" name="Helemaal nieuw" isCodable="true"/>'
                             f'<Code guid="{first.guid}" name="Tweede" isCodable="true"/>')
        with translation.override("en"), self.assertRaises(ValidationError) as refused:
            exchange.import_codebook(data, by=self.researcher)
        self.assertIn("already has another code of that name", refused.exception.messages[0])
        self.assertEqual(Code.objects.count(), count)
        self.assertFalse(Code.objects.filter(name="Helemaal nieuw").exists())
        first.refresh_from_db()
        self.assertEqual(first.name, "Eerste")

    def test_only_the_programme_team_imports(self):
        count = Code.objects.count()
        for user in (self.editor, self.reader, self.outsider):
            with self.assertRaises(PermissionDenied):
                exchange.import_codebook(example(self, "taguette_1_5_2_codebook.qdc"), by=user)
        self.assertEqual(Code.objects.count(), count)

    def test_round_trip_export_then_import_into_a_fresh_codebook(self):
        top = Code.objects.create(name="Vertrouwen", color="#1f6feb", description="Definitie.")
        Code.objects.create(name="Wantrouwen", parent=top, is_codable=False)
        expected = tree()
        self.assertGreater(len(expected), 2)  # the seeded themes are in it too
        data = exchange.export_codebook()
        empty_codebook()
        summary = exchange.import_codebook(data, by=self.researcher)
        self.assertEqual(len(summary.created), len(expected))
        self.assertEqual(tree(), expected)
        copy = Code.objects.get(guid=top.guid)
        self.assertEqual((copy.color, copy.description), ("#1f6feb", "Definitie."))
        self.assertFalse(Code.objects.get(name="Wantrouwen").is_codable)
        # And exporting again gives the same codebook.
        self.assertEqual(refi_qda.read_codebook(exchange.export_codebook()).codebook,
                         refi_qda.read_codebook(data).codebook)


class CommandTests(BaseTestCase):
    def test_export_codebook_to_stdout_and_to_a_file(self):
        out = io.StringIO()
        call_command("export_codebook", stdout=out)
        self.assertEqual(refi_qda.validate_codebook(out.getvalue().encode()), [])

        with tempfile.TemporaryDirectory() as folder:
            target = Path(folder) / "codeboek.qdc"
            call_command("export_codebook", str(target), stdout=io.StringIO(), stderr=io.StringIO())
            self.assertEqual(refi_qda.read_codebook(target.read_bytes()).codebook,
                             refi_qda.read_codebook(out.getvalue().encode()).codebook)

    def test_import_codebook_reports_and_refuses(self):
        out = io.StringIO()
        with translation.override("en"):
            call_command("import_codebook", str(LOCAL_DIR / "taguette_1_5_2_codebook.qdc"), stdout=out,
                         stderr=io.StringIO())
        self.assertIn("3 codes added, 0 updated, 0 unchanged", out.getvalue())
        count = Code.objects.count()
        with translation.override("en"), self.assertRaises(CommandError) as refused:
            call_command("import_codebook", str(LOCAL_DIR / "atlasti_23_4_codebook_truncated.qdc"),
                         stdout=io.StringIO(), stderr=io.StringIO())
        self.assertIn("was refused; nothing has been imported", str(refused.exception))
        self.assertIn("not well-formed XML", str(refused.exception))
        self.assertEqual(Code.objects.count(), count)
        with self.assertRaises(CommandError):
            call_command("import_codebook", str(LOCAL_DIR / "does-not-exist.qdc"))
