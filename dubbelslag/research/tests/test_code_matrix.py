"""The code × experiment matrix (and its CSV): distinct excerpts per cell, the sub-codes option, only the excerpts
the user may see (no column, no count from another experiment), the permission grid and a fixed query count."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.research import codebook
from dubbelslag.research.models import Code, LogEntry
from dubbelslag.research.services import coding as services
from testing.base import BaseTestCase, make_area, make_experiment, make_user

TEXT = "De huiskamer ging open.\nBewoners kwamen koffie drinken en praten.\nDe energiecoach sprak over isolatie."


class MatrixFixtures(BaseTestCase):
    url = reverse("research:code-matrix")
    csv_url = reverse("research:code-matrix-csv")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.code = Code.objects.create(name="Ontmoeting", name_en="Meeting")
        cls.sub = Code.objects.create(name="Koffie", name_en="Coffee", parent=cls.code)
        cls.unused = Code.objects.create(name="Vertrouwen", name_en="Trust")
        cls.entry = LogEntry.objects.create(experiment=cls.experiment, title="Opening huiskamer", text=TEXT,
                                            author=cls.editor)
        cls.other_entry = LogEntry.objects.create(experiment=cls.other_experiment, title="Geheim verslag",
                                                  text="Vertrouwelijk: de wethouder twijfelt.")
        cls.other_editor = make_user("other-editor@example.org", name="Otto Elders")
        Membership.objects.create(user=cls.other_editor, programme=cls.programme, experiment=cls.other_experiment,
                                  role=MembershipRole.EDITOR)

    def setUp(self):
        self.client.cookies["django_language"] = "en"

    def code_everything(self):
        """experiment: huiskamer (code, by two coders), koffie (code + sub), isolatie (sub);
        other_experiment: wethouder (code)."""
        first = services.mark_excerpt(self.entry, by=self.editor, quote="huiskamer", codes=[self.code])
        services.apply_code(first, code=self.code, by=self.researcher)
        services.mark_excerpt(self.entry, by=self.editor, quote="koffie", codes=[self.code, self.sub])
        services.mark_excerpt(self.entry, by=self.editor, quote="isolatie", codes=[self.sub])
        services.mark_excerpt(self.other_entry, by=self.researcher, quote="wethouder", codes=[self.code])

    @staticmethod
    def counts(matrix, code):
        """{experiment title: count} and the row total of ``code``."""
        row = next(row for row in matrix.rows if row.code.pk == code.pk)
        return {cell.experiment.title: cell.count for cell in row.cells}, row.total


class CodeMatrixCountTests(MatrixFixtures):
    def test_distinct_excerpts_per_code_and_experiment(self):
        self.code_everything()
        matrix = codebook.code_matrix(self.editor)
        title = self.experiment.title
        self.assertEqual([column.experiment for column in matrix.columns], [self.experiment])
        # "huiskamer" has the code from two coders: counted once.
        self.assertEqual(self.counts(matrix, self.code), ({title: 2}, 2))
        self.assertEqual(self.counts(matrix, self.sub), ({title: 2}, 2))
        self.assertEqual(self.counts(matrix, self.unused), ({title: 0}, 0))
        self.assertEqual(matrix.columns[0].total, 3)  # three coded excerpts, each once
        self.assertEqual(matrix.total, 3)
        self.assertEqual(matrix.cells, {(self.code.pk, self.experiment.pk): 2, (self.sub.pk, self.experiment.pk): 2})

    def test_with_sub_codes_an_excerpt_with_code_and_sub_code_counts_once(self):
        self.code_everything()
        matrix = codebook.code_matrix(self.editor, include_sub=True)
        title = self.experiment.title
        self.assertEqual(self.counts(matrix, self.code), ({title: 3}, 3))  # huiskamer, koffie (once), isolatie
        self.assertEqual(self.counts(matrix, self.sub), ({title: 2}, 2))
        self.assertEqual(matrix.total, 3)

    def test_rows_follow_the_codebook_tree(self):
        matrix = codebook.code_matrix(self.reader)
        order = [row.code.pk for row in matrix.rows]
        self.assertLess(order.index(self.code.pk), order.index(self.sub.pk))
        depth = {row.code.pk: row.depth for row in matrix.rows}
        self.assertEqual((depth[self.code.pk], depth[self.sub.pk]), (0, 1))
        self.assertEqual(len(order), Code.objects.count())

    def test_researcher_sees_both_experiments(self):
        self.code_everything()
        matrix = codebook.code_matrix(self.researcher)
        # Columns in the order of the municipalities: Rotterdam, Zoetermeer.
        self.assertEqual([column.experiment for column in matrix.columns], [self.experiment, self.other_experiment])
        self.assertEqual(self.counts(matrix, self.code),
                         ({self.experiment.title: 2, self.other_experiment.title: 1}, 3))
        self.assertEqual([column.total for column in matrix.columns], [3, 1])
        self.assertEqual(matrix.total, 4)

    def test_other_experiments_editor_sees_only_their_column(self):
        self.code_everything()
        matrix = codebook.code_matrix(self.other_editor)
        self.assertEqual([column.experiment for column in matrix.columns], [self.other_experiment])
        self.assertEqual(self.counts(matrix, self.code), ({self.other_experiment.title: 1}, 1))
        self.assertEqual(self.counts(matrix, self.sub), ({self.other_experiment.title: 0}, 0))

    def test_nothing_coded_gives_an_empty_matrix(self):
        matrix = codebook.code_matrix(self.researcher)
        self.assertTrue(matrix.is_empty)
        self.assertEqual(matrix.total, 0)


class CodeMatrixViewTests(MatrixFixtures):
    def grid(self, url):
        self.client.logout()
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response.url)
        self.login(self.outsider)
        self.assertEqual(self.client.get(url).status_code, 404)
        for user in (self.reader, self.editor, self.researcher, self.coordinator, self.other_editor):
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, 200, f"{user} {url}")
        self.assertEqual(self.client.post(url).status_code, 405)

    def test_grid(self):
        self.code_everything()
        self.grid(self.url)
        self.grid(self.csv_url)

    def test_page_shows_counts_with_links_to_the_filtered_code_page(self):
        self.code_everything()
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "Excerpts per code and experiment")
        self.assertContains(response, "Meeting")
        self.assertContains(response, self.experiment.title)
        self.assertContains(response, "Rotterdam")
        detail = reverse("research:code-detail", args=[self.code.pk])
        link = f'{detail}?experiment={self.experiment.pk}'
        self.assertContains(response, f'<a href="{link}">2</a>', html=True)
        self.assertContains(response, self.csv_url)
        # No link for an empty cell.
        self.assertNotContains(response, f'{reverse("research:code-detail", args=[self.unused.pk])}?experiment=')
        # The link leads to the code page filtered on the experiment.
        page = self.client.get(link)
        self.assertEqual(page.context["experiment"], self.experiment)
        # The code page lists codings (huiskamer twice: two coders); they are the cell's two excerpts.
        self.assertEqual(len({coding.excerpt_id for coding in page.context["page"]}), 2)

    def test_sub_option_counts_sub_codes_and_keeps_it_in_the_links(self):
        self.code_everything()
        self.login(self.editor)
        response = self.client.get(self.url, {"sub": "1"})
        self.assertTrue(response.context["include_sub"])
        self.assertContains(response, "Excerpts per code (with its sub-codes) and experiment")
        detail = reverse("research:code-detail", args=[self.code.pk])
        self.assertContains(response, f'<a href="{detail}?experiment={self.experiment.pk}&amp;sub=1">3</a>',
                            html=True)
        self.assertContains(response, f"{self.csv_url}?sub=1")
        # A bad value is the default, not an error.
        self.assertFalse(self.client.get(self.url, {"sub": "ja"}).context["include_sub"])

    def test_leak_another_experiments_excerpt_never_shows_to_the_editor(self):
        self.code_everything()
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertEqual(response.context["matrix"].columns[0].experiment, self.experiment)
        self.assertEqual(len(response.context["matrix"].columns), 1)
        self.assertNotContains(response, self.other_experiment.title)
        self.assertNotContains(response, "Zoetermeer")
        self.assertNotContains(response, f"?experiment={self.other_experiment.pk}")
        body = self.client.get(self.csv_url).content.decode("utf-8")
        self.assertNotIn(self.other_experiment.title, body)
        self.assertNotIn("Zoetermeer", body)
        # The researcher sees both columns.
        self.login(self.researcher)
        response = self.client.get(self.url)
        self.assertContains(response, self.other_experiment.title)
        self.assertContains(response, f"?experiment={self.other_experiment.pk}")

    def test_empty_state(self):
        self.login(self.reader)
        response = self.client.get(self.url)
        self.assertContains(response, "Nothing has been coded yet")
        self.assertNotContains(response, "<table")
        self.assertNotContains(response, self.csv_url)

    def test_linked_from_the_codebook_and_the_research_home(self):
        self.login(self.reader)
        self.assertContains(self.client.get(reverse("research:codebook")), self.url)
        self.assertContains(self.client.get(reverse("research:home")), self.url)
        self.login(self.outsider)
        self.assertNotContains(self.client.get(reverse("research:home")), self.url)

    def test_csv_matches_the_matrix(self):
        self.code_everything()
        formula = Code.objects.create(name="=HYPERLINK(\"http://evil\")", parent=self.code)
        services.mark_excerpt(self.entry, by=self.editor, quote="praten", codes=[formula])
        self.login(self.researcher)
        response = self.client.get(self.csv_url)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn('filename="code-matrix.csv"', response["Content-Disposition"])
        self.assertTrue(response.content.startswith("\ufeff".encode()))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0], ["code id", "code", "parent code id", "level",
                                   "Huiskamer Aardgasvrij (Rotterdam)", "Verhalen ophalen in Palenstein (Zoetermeer)",
                                   "total"])
        by_id = {row[0]: row for row in rows[1:-1]}
        self.assertEqual(by_id[str(self.code.pk)], [str(self.code.pk), "Meeting", "", "0", "2", "1", "3"])
        self.assertEqual(by_id[str(self.sub.pk)], [str(self.sub.pk), "Coffee", str(self.code.pk), "1", "2", "0",
                                                   "2"])
        self.assertEqual(by_id[str(formula.pk)][1], "'=HYPERLINK(\"http://evil\")")
        self.assertEqual(rows[-1], ["", "total (distinct excerpts)", "", "", "4", "1", "5"])
        # The page shows the same numbers.
        matrix = self.client.get(self.url).context["matrix"]
        self.assertEqual(len(rows), len(matrix.rows) + 2)
        for row in matrix.rows:
            self.assertEqual([int(value) for value in by_id[str(row.code.pk)][4:]],
                             [cell.count for cell in row.cells] + [row.total])
        # With sub-codes: the parent counts its sub-codes' excerpts too (koffie once).
        response = self.client.get(self.csv_url, {"sub": "1"})
        self.assertIn('filename="code-matrix-with-sub-codes.csv"', response["Content-Disposition"])
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        by_id = {row[0]: row for row in rows[1:-1]}
        self.assertEqual(by_id[str(self.code.pk)][4:], ["4", "1", "5"])


class CodeMatrixQueryTests(MatrixFixtures):
    def test_query_count_does_not_grow(self):
        self.code_everything()
        self.login(self.researcher)

        def queries(**params):
            with CaptureQueriesContext(connection) as context:
                response = self.client.get(self.url, params)
            self.assertEqual(response.status_code, 200)
            return len(context)

        def function_queries():
            with CaptureQueriesContext(connection) as context:
                codebook.code_matrix(self.researcher, include_sub=True)
            return len(context)

        page, page_sub, direct = queries(), queries(sub="1"), function_queries()
        self.assertLessEqual(direct, 3)
        # More codes, experiments, entries and excerpts.
        extra = [Code.objects.create(name=f"Extra {n}", parent=self.sub if n % 2 else None) for n in range(5)]
        for n in range(3):
            gemeente = make_area(f"GM09{n:02d}", f"Gemeente {n}")
            experiment = make_experiment(programme=self.programme, gemeente=gemeente, title=f"Proef {n}")
            entry = LogEntry.objects.create(experiment=experiment, title=f"Verslag {n}", text=TEXT)
            services.mark_excerpt(entry, by=self.researcher, quote="huiskamer", codes=[extra[n], self.code])
            services.mark_excerpt(entry, by=self.researcher, quote="koffie", codes=[self.sub])
        self.assertEqual(len(codebook.code_matrix(self.researcher).columns), 5)
        self.assertEqual(queries(), page)
        self.assertEqual(queries(sub="1"), page_sub)
        self.assertEqual(function_queries(), direct)
