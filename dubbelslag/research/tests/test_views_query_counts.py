"""The research pages whose lists are read through selectors (a code's codings, a log entry's excerpts, records and
attachments, the memo list) run the same number of queries for one item as for three. Each item comes with the
related rows its page shows (entry, experiment, coder, codes, author, target), so a query per item (N+1) would show
as a difference."""

from itertools import count

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dubbelslag.research.enums import Confidentiality, RecordKind, RecordStatus
from dubbelslag.research.models import Attachment, Code, Memo
from testing.base import BaseTestCase, make_user
from testing.factories.research import make_entry, make_excerpt, make_record

_serial = count(1)


class ResearchQueryCountTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.client.cookies["django_language"] = "en"
        self.login(self.coordinator)

    def assert_constant_queries(self, url: str, make_item, expect) -> None:
        """One item, then three: the page runs the same queries; `expect(response, n)` checks what it shows."""
        make_item()
        self.client.get(url)  # warm-up: per-process caches (content types) fill here
        with CaptureQueriesContext(connection) as one:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        expect(response, 1)
        make_item()
        make_item()
        with self.assertNumQueries(len(one.captured_queries)):
            response = self.client.get(url)
        expect(response, 3)


class CodeDetailQueryTests(ResearchQueryCountTestCase):
    def setUp(self):
        super().setUp()
        self.code = Code.objects.create(name=f"Ontmoeting {next(_serial)}")
        self.sub = Code.objects.create(name=f"Koffie {next(_serial)}", parent=self.code)
        self.experiments = [self.experiment, self.other_experiment]

    def coding(self, code) -> None:
        """A coding on an excerpt of a new entry, alternating between the experiments, by a new coder."""
        number = next(_serial)
        entry = make_entry(self.experiments[number % 2], title=f"Gesprek {number}", text=f"Fragment {number} hier.",
                           author=self.editor)
        make_excerpt(entry, f"Fragment {number}", codes=[code], coder=make_user(f"coder{number}@example.org"))

    def expect_codings(self, response, n: int) -> None:
        self.assertEqual(len(response.context["page"].object_list), n)
        # The codings alternate between the two experiments: one item is in one, three are in both.
        self.assertEqual(len(response.context["experiments"]), min(n, 2))

    def test_the_codings_of_a_code(self):
        url = reverse("research:code-detail", args=[self.code.pk])
        self.assert_constant_queries(url, lambda: self.coding(self.code), self.expect_codings)

    def test_the_codings_of_a_code_and_its_sub_codes(self):
        url = reverse("research:code-detail", args=[self.code.pk]) + "?sub=1"
        self.assert_constant_queries(url, lambda: self.coding(self.sub), self.expect_codings)

    def test_the_codings_in_one_experiment(self):
        url = reverse("research:code-detail", args=[self.code.pk]) + f"?experiment={self.experiment.pk}"

        def in_experiment():
            number = next(_serial)
            entry = make_entry(self.experiment, title=f"Gesprek {number}", text=f"Fragment {number} hier.")
            make_excerpt(entry, f"Fragment {number}", codes=[self.code], coder=make_user(f"c{number}@example.org"))

        def expect(response, n):
            self.assertEqual(response.context["experiment"], self.experiment)
            self.assertEqual(len(response.context["page"].object_list), n)

        self.assert_constant_queries(url, in_experiment, expect)


class EntryDetailQueryTests(ResearchQueryCountTestCase):
    def setUp(self):
        super().setUp()
        self.text = " ".join(f"Zin {number}." for number in range(1, 10))
        self.entry = make_entry(self.experiment, title="Lang gesprek", text=self.text, author=self.editor)
        self.codes = [Code.objects.create(name=f"Code {next(_serial)}") for _ in range(2)]
        self.made = 0

    def excerpt_with_what_cites_it(self) -> None:
        """An excerpt with two codes by a new coder, a harvest record citing it, and an attachment."""
        self.made += 1
        number = next(_serial)
        excerpt = make_excerpt(self.entry, f"Zin {self.made}.", codes=self.codes,
                               coder=make_user(f"coder{number}@example.org"))
        make_record(programme=self.programme, kind=RecordKind.INSIGHT, title=f"Inzicht {number}",
                    status=RecordStatus.VALIDATED, confidentiality=Confidentiality.PROGRAMME,
                    experiments=[self.experiment], evidence_excerpts=[excerpt])
        Attachment.objects.create(entry=self.entry, title=f"Bijlage {number}", file=f"research/{number}.pdf",
                                  content_type="application/pdf", size=10,
                                  uploaded_by=make_user(f"uploader{number}@example.org"))

    def test_excerpts_records_and_attachments_of_an_entry(self):
        def expect(response, n):
            self.assertEqual(len(response.context["excerpts"]), n)
            self.assertEqual(response.context["marked_text"].count('class="excerpt depth-'), n)
            self.assertEqual(len(response.context["records"]), n)
            self.assertEqual(len(response.context["attachments"]), n)
            self.assertEqual({tuple(excerpt.code_labels) for excerpt in response.context["excerpts"]},
                             {tuple(sorted(code.label for code in self.codes))})

        url = reverse("research:entry-detail", args=[self.entry.pk])
        self.assert_constant_queries(url, self.excerpt_with_what_cites_it, expect)


class MemoListQueryTests(ResearchQueryCountTestCase):
    def memo_on_an_excerpt(self) -> None:
        """A memo by a new author on an excerpt of a new entry (the list links an excerpt through its entry)."""
        number = next(_serial)
        entry = make_entry(self.experiment, title=f"Gesprek {number}", text=f"Fragment {number} hier.")
        excerpt = make_excerpt(entry, f"Fragment {number}")
        author = make_user(f"author{number}@example.org")
        Memo.objects.create(target=excerpt, author=author, text=f"Memo {number}")

    def test_memos_on_excerpts(self):
        def expect(response, n):
            memos = response.context["memos"]
            self.assertEqual(len(memos), n)
            self.assertEqual({memo.target_link for memo in memos},
                             {reverse("research:entry-code", args=[memo.target_object.entry_id])
                              + f"#excerpt-{memo.target_object.pk}" for memo in memos})

        self.assert_constant_queries(reverse("research:memo-list") + "?kind=excerpt", self.memo_on_an_excerpt,
                                     expect)
