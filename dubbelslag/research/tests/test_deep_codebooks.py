"""Deep codebooks: REFI-QDA imports (codebook and project) refuse a codebook nested deeper than MAX_CODE_LEVELS and
write nothing; the code forms refuse to create or move a code beyond it; and a deeper tree that is in the database
anyway (made directly here) renders on every page and in every tree function, in a bounded number of queries, since
nothing walks the tree by recursion (in Python or with a template including itself)."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dubbelslag.core.models import AuditEvent
from dubbelslag.research import codebook, refi_qda
from dubbelslag.research.codebook import MAX_CODE_LEVELS
from dubbelslag.research.models import Code, LogEntry
from dubbelslag.research.services import coding as services
from dubbelslag.research.services import exchange
from testing.base import BaseTestCase
from testing.factories.research import make_excerpt

# Pages run a fixed number of queries however deep the tree; this bound is far below one per level.
MAX_QUERIES = 25
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class TreeNesting(HTMLParser):
    """How many ``<ul class="code-tree">`` are open around the ``<li id=target>``, and at the end of the page."""

    def __init__(self, target: str):
        super().__init__()
        self.target, self.stack = target, []
        self.found_at: int | None = None

    def open_trees(self) -> int:
        return sum(1 for tag, css in self.stack if tag == "ul" and css == "code-tree")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li" and attrs.get("id") == self.target:
            self.found_at = self.open_trees()
        if tag not in VOID:
            self.stack.append((tag, attrs.get("class")))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    @property
    def open_at_end(self) -> int:
        return self.open_trees()


def make_chain(levels: int, *, name: str = "Niveau", parent: Code | None = None) -> list[Code]:
    """``levels`` codes, each the only sub-code of the one before, straight in the database (no service, no
    limit); the first under ``parent``."""
    pks = []
    for level in range(1, levels + 1):
        parent = Code.objects.create(name=f"{name} {level}", parent=parent)
        pks.append(parent.pk)
    # Fresh rows: each created one caches its parent, and TestCase deep-copies class data per test.
    fresh = Code.objects.in_bulk(pks)
    return [fresh[pk] for pk in pks]


def record_chain(levels: int, *, name: str = "Diep", guids: list[str] | None = None) -> refi_qda.Codebook:
    """A valid REFI-QDA codebook whose one top-level code has sub-codes ``levels`` deep (built bottom-up)."""
    code = None
    for level in range(levels, 0, -1):
        guid = guids[level - 1] if guids else refi_qda.new_guid()
        code = refi_qda.Code(guid=guid, name=f"{name} {level}", children=(code,) if code else ())
    return refi_qda.Codebook(codes=(code,), origin="Test")


class DeepTreeRenderingTests(BaseTestCase):
    """A 200-level tree put in the database directly, as it could be by an older version or by hand."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.chain = make_chain(200)
        cls.top, cls.deepest = cls.chain[0], cls.chain[-1]
        cls.entry = LogEntry.objects.create(experiment=cls.experiment, title="Gesprek", author=cls.editor,
                                            text="De huiskamer voelt als thuis.")
        make_excerpt(cls.entry, "huiskamer", codes=[cls.deepest], coder=cls.editor)

    def setUp(self):
        self.client.cookies["django_language"] = "en"
        self.login(self.coordinator)

    def get(self, url):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertLess(len(queries), MAX_QUERIES, url)
        return response

    def test_the_codebook_page_renders_every_level_nested(self):
        content = self.get(reverse("research:codebook")).content.decode()
        nesting = TreeNesting(f"code-{self.deepest.pk}")
        nesting.feed(content)
        nesting.close()
        # The deepest code's item sits inside 200 lists of the tree, and every list is closed again.
        self.assertEqual((nesting.found_at, nesting.open_at_end), (200, 0))
        for code in (self.top, self.chain[99], self.deepest):
            self.assertIn(f'<li id="code-{code.pk}">', content)
        tree = self.client.get(reverse("research:codebook")).context["tree"]
        top = next(node for node in tree if node.code == self.top)
        self.assertEqual((top.count, top.total), (0, 1))  # the excerpt 199 levels below

    def test_code_pages_render(self):
        detail = self.get(reverse("research:code-detail", args=[self.deepest.pk]) + "?sub=1")
        self.assertEqual(detail.context["ancestors"], self.chain[:-1])
        top = self.get(reverse("research:code-detail", args=[self.top.pk]) + "?sub=1")
        self.assertEqual(top.context["page"].paginator.count, 1)  # the excerpt 199 levels below
        for url in (reverse("research:code-create"), reverse("research:code-update", args=[self.deepest.pk]),
                    reverse("research:code-merge", args=[self.chain[150].pk]),
                    reverse("research:entry-code", args=[self.entry.pk])):
            with self.subTest(url=url):
                content = self.get(url).content.decode()
                # Every level is offered, indented by its depth (on the coding page below its top-level group).
                self.assertTrue(re.search(rf'value="{self.chain[50].pk}"[^>]*>\s*(— ){{49,50}}Niveau 51\s*<', content),
                                "Niveau 51 is not offered at its depth")

    def test_the_matrix_and_its_csv(self):
        matrix = self.get(reverse("research:code-matrix") + "?sub=1").context["matrix"]
        by_code = {row.code.pk: row for row in matrix.rows}
        self.assertEqual((by_code[self.top.pk].total, by_code[self.deepest.pk].depth), (1, 199))
        response = self.get(reverse("research:code-matrix-csv") + "?sub=1")
        rows = {row[0]: row for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")))}
        self.assertEqual((rows[str(self.top.pk)][3], rows[str(self.deepest.pk)][3]), ("0", "199"))

    def test_the_codebook_exports_as_a_valid_qdc_of_every_level(self):
        response = self.get(reverse("research:codebook-export"))
        self.assertEqual(refi_qda.validate_codebook(response.content), [])
        read = refi_qda.read_codebook(response.content)
        self.assertEqual(read.errors, ())
        deep = [code for code in read.codebook.codes if code.guid == str(self.top.guid)]
        self.assertEqual(len(deep), 1)
        self.assertEqual(max(depth for depth, _code in deep[0].walk()) + 1, 200)


class TreeFunctionsBeyondTheRecursionLimitTests(BaseTestCase):
    """A tree deeper than Python's recursion limit (1,000): any recursion would raise RecursionError."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.chain = make_chain(1100, name="Laag")

    def test_every_tree_function(self):
        roots = codebook.codebook_tree(self.coordinator)
        flat = codebook.flatten(roots)
        self.assertEqual(max(node.depth for node in flat), 1099)
        items = codebook.tree_items(roots)
        self.assertEqual(sum(1 for item in items if item.opens), sum(len(item.closes) for item in items))
        self.assertEqual(len(codebook.code_ancestors(self.chain[-1])), 1099)
        self.assertEqual(len(codebook.descendant_ids(self.chain[0])), 1099)
        self.assertEqual(codebook.subtree_levels(self.chain[0].pk), 1100)
        self.assertEqual(codebook.code_level(self.chain[-1].pk), 1100)
        self.assertEqual(len(codebook.code_matrix(self.coordinator, include_sub=True).rows), Code.objects.count())
        self.assertEqual(len(codebook.code_choices()), Code.objects.count())
        self.assertIn("Laag 1100", str(codebook.grouped_code_choices()))
        record = exchange.codebook_record()
        self.assertEqual(record.levels(), 1100)
        self.assertEqual(len(record.by_guid()), Code.objects.count())
        # The writer too; libxml2 (not Python) then refuses to read back more than 256 levels.
        self.assertIn(b"Laag 1100", refi_qda.write_codebook(record))


class ImportLimitTests(BaseTestCase):
    def setUp(self):
        self.codes, self.events = Code.objects.count(), AuditEvent.objects.count()

    def assert_nothing_written(self):
        self.assertEqual((Code.objects.count(), AuditEvent.objects.count()), (self.codes, self.events))

    def test_a_codebook_nested_200_levels_deep_is_refused_whole(self):
        data = refi_qda.write_codebook(record_chain(200))
        self.assertEqual(refi_qda.validate_codebook(data), [])  # a valid file: only too deep
        with self.assertRaises(ValidationError) as raised:
            exchange.import_codebook(data, by=self.coordinator)
        self.assertEqual(raised.exception.error_list[0].code, "too_deep")
        self.assertIn("nested 200 levels deep", raised.exception.messages[0])
        self.assert_nothing_written()

    def test_a_project_with_a_deep_codebook_is_refused_whole(self):
        project = refi_qda.Project(name="Diep project", origin="Test", codebook=record_chain(80))
        with self.assertRaises(ValidationError) as raised:
            exchange.import_codebook(refi_qda.write_project(project), by=self.coordinator)
        self.assertIn("nested 80 levels deep", raised.exception.messages[0])
        self.assert_nothing_written()

    def test_the_limit_itself_is_taken_and_one_more_is_not(self):
        self.assertEqual(MAX_CODE_LEVELS, 20)
        with self.assertRaises(ValidationError):
            exchange.import_codebook(refi_qda.write_codebook(record_chain(21)), by=self.coordinator)
        self.assert_nothing_written()
        summary = exchange.import_codebook(refi_qda.write_codebook(record_chain(20)), by=self.coordinator)
        self.assertEqual(len(summary.created), 20)
        self.assertEqual(codebook.code_level(Code.objects.get(name="Diep 20").pk), 20)

    def test_moving_an_existing_branch_beyond_the_limit_by_guid_is_refused(self):
        branch = make_chain(15, name="Tak")  # in the database: Tak 1 … Tak 15
        deep = make_chain(10, name="Stam")
        before = dict(Code.objects.values_list("pk", "parent_id"))
        events = AuditEvent.objects.count()
        # The file puts Tak 1 (matched by its GUID) under Stam 10: Tak 15 would be at level 25.
        file_codes = record_chain(10, name="Stam", guids=[str(code.guid) for code in deep])
        stam10 = file_codes.codes[0]
        for _level in range(9):
            stam10 = stam10.children[0]
        moved = refi_qda.Code(guid=str(branch[0].guid), name="Tak 1")
        codes = (_replace_deepest(file_codes.codes[0], moved),)
        with self.assertRaises(ValidationError) as raised:
            exchange.import_codebook(refi_qda.write_codebook(refi_qda.Codebook(codes=codes)), by=self.coordinator)
        self.assertIn("25 levels deep", raised.exception.messages[0])
        self.assertEqual(dict(Code.objects.values_list("pk", "parent_id")), before)
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_the_import_page_shows_the_refusal(self):
        self.client.cookies["django_language"] = "en"
        self.login(self.coordinator)
        upload = SimpleUploadedFile("diep.qdc", refi_qda.write_codebook(record_chain(200)))
        response = self.client.post(reverse("research:codebook-import"), {"file": upload})
        self.assertIsNone(response.context["summary"])
        self.assertIn("Dubbelslag takes codebooks of at most 20 levels", response.context["form"].errors["file"][0])
        self.assert_nothing_written()

    def test_the_refusal_is_translated(self):
        self.login(self.coordinator)
        upload = SimpleUploadedFile("diep.qdc", refi_qda.write_codebook(record_chain(30)))
        response = self.client.post(reverse("research:codebook-import"), {"file": upload})
        self.assertIn("30 niveaus diep", response.context["form"].errors["file"][0])


def _replace_deepest(code: refi_qda.Code, leaf_child: refi_qda.Code) -> refi_qda.Code:
    """``code``'s chain with ``leaf_child`` added under its deepest code (rebuilt bottom-up: records are frozen)."""
    chain = [code]
    while chain[-1].children:
        chain.append(chain[-1].children[0])
    rebuilt = refi_qda.Code(guid=chain[-1].guid, name=chain[-1].name, children=(leaf_child,))
    for above in reversed(chain[:-1]):
        rebuilt = refi_qda.Code(guid=above.guid, name=above.name, children=(rebuilt,))
    return rebuilt


class FormLimitTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.chain = make_chain(MAX_CODE_LEVELS, name="Laag")  # levels 1 … 20: full

    def setUp(self):
        self.codes, self.events = Code.objects.count(), AuditEvent.objects.count()

    def assert_nothing_written(self):
        self.assertEqual((Code.objects.count(), AuditEvent.objects.count()), (self.codes, self.events))

    def test_no_sub_code_under_the_deepest_level(self):
        with self.assertRaises(ValidationError) as raised:
            services.create_code(by=self.coordinator, name="Te diep", parent=self.chain[-1])
        self.assertEqual(list(raised.exception.message_dict), ["parent"])
        self.assert_nothing_written()
        created = services.create_code(by=self.coordinator, name="Past nog", parent=self.chain[-2])
        self.assertEqual(codebook.code_level(created.pk), 20)

    def test_moving_a_branch_that_would_end_too_deep_is_refused(self):
        branch = make_chain(3, name="Tak")
        self.codes = Code.objects.count()
        with self.assertRaises(ValidationError) as raised:
            services.update_code(branch[0], by=self.coordinator, version=branch[0].version, parent=self.chain[17])
        self.assertIn("would reach level 21", raised.exception.message_dict["parent"][0])
        branch[0].refresh_from_db()
        self.assertIsNone(branch[0].parent_id)
        self.assert_nothing_written()
        moved = services.update_code(branch[0], by=self.coordinator, version=branch[0].version,
                                     parent=self.chain[16])
        self.assertEqual(codebook.code_level(branch[-1].pk), 20)
        self.assertEqual(moved.parent, self.chain[16])

    def test_an_existing_too_deep_code_can_still_be_renamed(self):
        too_deep = Code.objects.create(name="Al te diep", parent=self.chain[-1])  # level 21, put in directly
        renamed = services.update_code(too_deep, by=self.coordinator, version=too_deep.version, name="Hernoemd")
        self.assertEqual(renamed.name, "Hernoemd")

    def test_merging_sub_codes_under_a_deep_code_is_refused(self):
        source = Code.objects.create(name="Bron")
        make_chain(2, name="Onder", parent=source)
        self.codes, self.events = Code.objects.count(), AuditEvent.objects.count()
        with self.assertRaises(ValidationError) as raised:
            services.merge_code(source, into=self.chain[18], by=self.coordinator)
        self.assertEqual(list(raised.exception.message_dict), ["into"])
        self.assert_nothing_written()

    def test_the_create_form_shows_the_refusal_and_writes_nothing(self):
        self.client.cookies["django_language"] = "en"
        self.login(self.coordinator)
        response = self.client.post(reverse("research:code-create"), {
            "name": "Te diep", "parent": self.chain[-1].pk, "is_codable": "on", "color": ""})
        self.assertEqual(response.status_code, 200)
        self.assertIn("deeper than the 20 levels a codebook may have", response.context["form"].errors["parent"][0])
        self.assert_nothing_written()


def nested_qdc(levels: int) -> bytes:
    """A hand-written .qdc with one code nested ``levels`` deep (no writer involved)."""
    opening = "".join(f'<Code guid="{refi_qda.new_guid()}" name="N{level}" isCodable="true">'
                      for level in range(1, levels + 1))
    return (f'<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="{refi_qda.CODEBOOK_NS}" origin="Test"><Codes>'
            f'{opening}{"</Code>" * levels}</Codes></CodeBook>').encode()


class ReaderDepthTests(BaseTestCase):
    def test_the_reader_reads_a_deep_file_without_recursion(self):
        read = refi_qda.read_codebook(nested_qdc(250))  # just under libxml2's own limit of 256 levels
        self.assertEqual(read.errors, ())
        self.assertEqual(read.codebook.levels(), 250)
        self.assertEqual([code.name for _depth, code in read.codebook.walk()][-2:], ["N249", "N250"])

    def test_a_file_deeper_than_libxml2_takes_is_refused_with_a_message(self):
        for levels in (300, 5000):
            with self.subTest(levels=levels):
                read = refi_qda.read_codebook(nested_qdc(levels))
                self.assertIsNone(read.codebook)
                self.assertIn("not well-formed XML", read.errors[0])
                with self.assertRaises(ValidationError):
                    exchange.import_codebook(nested_qdc(levels), by=self.coordinator)
