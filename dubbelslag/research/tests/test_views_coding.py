"""The codebook and coding pages with the permission grid of every view: anonymous → login, outsider → 404, reader →
403 on writes (the codebook: only the programme team changes it), wrong method → 405; and the happy paths with the
database state or the rendered content."""

import html
import uuid
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.research import codebook, refi_qda
from dubbelslag.research.enums import RecordKind
from dubbelslag.research.models import Code, Coding, Excerpt, HarvestRecord, LogEntry
from dubbelslag.research.services import coding as services
from dubbelslag.research.views import codes as views
from testing.base import BaseTestCase, make_user

from .conftest import LOCAL_DIR

TEXT = "De huiskamer ging open.\r\nBewoners kwamen <koffie> drinken & praten.\r\nDe energiecoach sprak over isolatie."


class CodingViewFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.code = Code.objects.create(name="Ontmoeting", name_en="Meeting", color="#1f6feb")
        cls.sub = Code.objects.create(name="Koffie", parent=cls.code)
        cls.entry = LogEntry.objects.create(experiment=cls.experiment, title="Opening huiskamer", text=TEXT,
                                            author=cls.editor)
        cls.other_entry = LogEntry.objects.create(experiment=cls.other_experiment, title="Geheim verslag",
                                                  text="Vertrouwelijk: de wethouder twijfelt.")
        cls.other_editor = make_user("other-editor@example.org", name="Otto Elders")
        Membership.objects.create(user=cls.other_editor, programme=cls.programme, experiment=cls.other_experiment,
                                  role=MembershipRole.EDITOR)

    def setUp(self):
        self.client.cookies["django_language"] = "en"

    def assert_login_redirect(self, response):
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response.url)

    def grid(self, url, *, read_for=(), forbidden_for=(), hidden_for=(), method="get", data=None):
        """Anonymous → login; each user in ``hidden_for`` → 404, ``forbidden_for`` → 403, ``read_for`` → 200."""
        self.client.logout()
        self.client.cookies["django_language"] = "en"  # logging out clears the cookies
        self.assert_login_redirect(getattr(self.client, method)(url, data or {}))
        for user, expected in [(u, 404) for u in hidden_for] + [(u, 403) for u in forbidden_for] + [
                (u, 200) for u in read_for]:
            self.login(user)
            response = getattr(self.client, method)(url, data or {})
            self.assertEqual(response.status_code, expected, f"{user} {method} {url}")


class CodebookTests(CodingViewFixtures):
    url = reverse("research:codebook")

    def test_grid(self):
        self.grid(self.url, hidden_for=[self.outsider],
                  read_for=[self.reader, self.editor, self.researcher, self.coordinator])
        self.login(self.reader)
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def test_counts_only_the_excerpts_the_user_may_see(self):
        services.mark_excerpt(self.entry, by=self.editor, quote="huiskamer", codes=[self.code])
        services.mark_excerpt(self.entry, by=self.editor, quote="koffie", codes=[self.sub])
        services.mark_excerpt(self.other_entry, by=self.researcher, quote="wethouder", codes=[self.code])

        def counts(user):
            self.login(user)
            nodes = codebook.flatten(self.client.get(self.url).context["tree"])
            return {node.code.name: (node.count, node.total) for node in nodes if node.code.pk in
                    (self.code.pk, self.sub.pk)}

        self.assertEqual(counts(self.editor), {"Ontmoeting": (1, 2), "Koffie": (1, 1)})
        self.assertEqual(counts(self.reader), {"Ontmoeting": (1, 2), "Koffie": (1, 1)})
        self.assertEqual(counts(self.researcher), {"Ontmoeting": (2, 3), "Koffie": (1, 1)})

    def test_change_links_only_for_the_programme_team(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "Meeting")  # English names in English
        self.assertNotContains(response, reverse("research:code-create"))
        self.assertNotContains(response, reverse("research:codebook-import"))
        self.login(self.researcher)
        response = self.client.get(self.url)
        self.assertContains(response, reverse("research:code-create"))
        self.assertContains(response, reverse("research:codebook-import"))

    def test_query_count_does_not_grow_with_the_codebook(self):
        self.login(self.reader)

        def queries():
            with CaptureQueriesContext(connection) as context:
                self.client.get(self.url)
            return len(context)

        Code.objects.create(name="Eén")
        one = queries()
        Code.objects.create(name="Twee", parent=self.code)
        Code.objects.create(name="Drie", parent=self.sub)
        self.assertEqual(queries(), one)


class CodeCreateUpdateTests(CodingViewFixtures):
    def test_create_grid_and_happy_path(self):
        url = reverse("research:code-create")
        data = {"name": "Vertrouwen", "name_en": "Trust", "description": "Wanneer…", "color": "#AA0000",
                "parent": self.code.pk, "is_codable": "on"}
        self.grid(url, hidden_for=[self.outsider], forbidden_for=[self.reader, self.editor], method="post",
                  data=data)
        self.assertFalse(Code.objects.filter(name="Vertrouwen").exists())
        self.login(self.researcher)
        self.assertEqual(self.client.get(url, {"parent": self.code.pk}).context["form"].initial["parent"],
                         str(self.code.pk))
        response = self.client.post(url, data)
        code = Code.objects.get(name="Vertrouwen")
        self.assertRedirects(response, reverse("research:code-detail", args=[code.pk]))
        self.assertEqual((code.name_en, code.color, code.parent, code.is_codable, code.created_by),
                         ("Trust", "#aa0000", self.code, True, self.researcher))
        self.assertEqual(self.client.put(url).status_code, 405)

    def test_create_refuses_a_duplicate_name_and_a_bad_colour(self):
        self.login(self.coordinator)
        response = self.client.post(reverse("research:code-create"), {"name": "koffie", "parent": self.code.pk,
                                                                        "color": "rood"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("color", response.context["form"].errors)
        self.assertContains(response, "Give the colour as #")
        response = self.client.post(reverse("research:code-create"), {"name": "koffie", "parent": self.code.pk})
        self.assertIn("name", response.context["form"].errors)
        self.assertContains(response, "already has a sub-code called")
        self.assertEqual(Code.objects.filter(name__iexact="koffie").count(), 1)

    def test_update_grid_happy_path_cycle_and_stale_version(self):
        url = reverse("research:code-update", args=[self.code.pk])
        self.grid(url, hidden_for=[self.outsider], forbidden_for=[self.reader, self.editor])
        self.login(self.researcher)
        # Its own sub-code is not offered as parent, and posting it anyway is refused.
        choices = [value for value, _label in self.client.get(url).context["form"].fields["parent"].choices]
        self.assertNotIn(self.sub.pk, choices)
        self.assertNotIn(self.code.pk, choices)
        response = self.client.post(url, {"name": "Ontmoeting", "parent": self.sub.pk, "version": 1})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["parent"])
        response = self.client.post(url, {"name": "Ontmoeten", "name_en": "Meeting", "color": "", "version": 1})
        self.assertRedirects(response, reverse("research:code-detail", args=[self.code.pk]))
        self.code.refresh_from_db()
        self.assertEqual((self.code.name, self.code.color, self.code.is_codable, self.code.version),
                         ("Ontmoeten", "", False, 2))
        response = self.client.post(url, {"name": "Te laat", "version": 1})
        self.assertContains(response, "Someone else changed this code while you were editing it")
        self.code.refresh_from_db()
        self.assertEqual(self.code.name, "Ontmoeten")


class CodeDetailTests(CodingViewFixtures):
    def test_grid(self):
        url = reverse("research:code-detail", args=[self.code.pk])
        self.grid(url, hidden_for=[self.outsider], read_for=[self.reader, self.editor, self.researcher])
        self.login(self.reader)
        self.assertEqual(self.client.get(reverse("research:code-detail", args=[999999])).status_code, 404)

    def test_an_excerpt_of_another_experiment_does_not_show_to_an_editor_but_does_to_the_team(self):
        own = services.mark_excerpt(self.entry, by=self.editor, quote="huiskamer", codes=[self.code])
        foreign = services.mark_excerpt(self.other_entry, by=self.other_editor, quote="de wethouder twijfelt",
                                        codes=[self.code])
        url = reverse("research:code-detail", args=[self.code.pk])

        def excerpts(user, **params):
            self.login(user)
            response = self.client.get(url, params)
            return response, {coding.excerpt.pk for coding in response.context["page"]}

        response, shown = excerpts(self.editor)
        self.assertEqual(shown, {own.pk})
        self.assertNotContains(response, "wethouder")
        self.assertNotContains(response, self.other_experiment.title)
        self.assertContains(response, f"#excerpt-{own.pk}")
        self.assertContains(response, "Eva Editor")
        # Asking for the other experiment by its id shows nothing of it either.
        response, shown = excerpts(self.editor, experiment=self.other_experiment.pk)
        self.assertEqual(shown, {own.pk})
        self.assertNotContains(response, "wethouder")

        response, shown = excerpts(self.researcher)
        self.assertEqual(shown, {own.pk, foreign.pk})
        self.assertContains(response, "de wethouder twijfelt")
        _response, shown = excerpts(self.researcher, experiment=self.other_experiment.pk)
        self.assertEqual(shown, {foreign.pk})
        _response, shown = excerpts(self.other_editor)
        self.assertEqual(shown, {foreign.pk})

    def test_sub_codes_are_included_on_request_and_pages(self):
        for word in ("huiskamer", "Bewoners", "drinken", "praten", "energiecoach"):
            services.mark_excerpt(self.entry, by=self.editor, quote=word, codes=[self.sub])
        services.mark_excerpt(self.entry, by=self.editor, quote="isolatie", codes=[self.code])
        url = reverse("research:code-detail", args=[self.code.pk])
        self.login(self.reader)
        self.assertEqual(self.client.get(url).context["page"].paginator.count, 1)
        self.assertEqual(self.client.get(url, {"sub": "1"}).context["page"].paginator.count, 6)
        with mock.patch.object(views, "PAGE_SIZE", 4):
            response = self.client.get(url, {"sub": "1", "page": "2"})
            self.assertEqual(len(response.context["page"].object_list), 2)
            response = self.client.get(url, {"sub": "1", "page": "nonsense"})
            self.assertEqual(response.context["page"].number, 1)

    def test_non_ascii_digits_in_the_parameters_are_ignored(self):
        # QA: "?experiment=²" passed str.isdigit() and ended in a 500 (int() refuses it).
        services.mark_excerpt(self.entry, by=self.editor, quote="huiskamer", codes=[self.code])
        self.login(self.reader)
        response = self.client.get(reverse("research:code-detail", args=[self.code.pk]), {"experiment": "²"})
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.context["experiment"])
        self.assertEqual(response.context["page"].paginator.count, 1)
        self.login(self.researcher)
        response = self.client.get(reverse("research:code-create"), {"parent": "²"})
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("parent", response.context["form"].initial)

    def test_query_count_with_one_and_three_codings(self):
        url = reverse("research:code-detail", args=[self.code.pk])
        self.login(self.reader)
        services.mark_excerpt(self.entry, by=self.editor, quote="huiskamer", codes=[self.code])

        def queries():
            with CaptureQueriesContext(connection) as context:
                self.client.get(url)
            return len(context)

        one = queries()
        services.mark_excerpt(self.entry, by=self.researcher, quote="koffie", codes=[self.code])
        services.mark_excerpt(self.entry, by=self.coordinator, quote="isolatie", codes=[self.code])
        self.assertEqual(queries(), one)


class CodeMergeDeleteTests(CodingViewFixtures):
    def test_merge_grid_and_happy_path(self):
        into = Code.objects.create(name="Samenkomen")
        url = reverse("research:code-merge", args=[self.code.pk])
        self.grid(url, hidden_for=[self.outsider], forbidden_for=[self.reader, self.editor], method="post",
                  data={"into": into.pk})
        excerpt = services.mark_excerpt(self.entry, by=self.editor, quote="huiskamer", codes=[self.code])
        self.login(self.coordinator)
        choices = [value for value, _label in self.client.get(url).context["form"].fields["into"].choices]
        self.assertNotIn(self.sub.pk, choices)
        response = self.client.post(url, {"into": into.pk})
        self.assertRedirects(response, reverse("research:code-detail", args=[into.pk]))
        self.assertFalse(Code.objects.filter(pk=self.code.pk).exists())
        self.assertEqual(list(excerpt.codings.values_list("code", flat=True)), [into.pk])
        self.sub.refresh_from_db()
        self.assertEqual(self.sub.parent, into)

    def test_merge_into_own_sub_code_is_refused_on_the_form(self):
        self.login(self.researcher)
        response = self.client.post(reverse("research:code-merge", args=[self.code.pk]), {"into": self.sub.pk})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["into"])
        self.assertTrue(Code.objects.filter(pk=self.code.pk).exists())

    def test_delete_grid_unused_and_used(self):
        unused = Code.objects.create(name="Ongebruikt")
        url = reverse("research:code-delete", args=[unused.pk])
        self.grid(url, hidden_for=[self.outsider], forbidden_for=[self.reader, self.editor], method="post")
        self.login(self.researcher)
        self.assertFalse(self.client.get(url).context["in_use"])
        self.assertRedirects(self.client.post(url), reverse("research:codebook"))
        self.assertFalse(Code.objects.filter(pk=unused.pk).exists())

        url = reverse("research:code-delete", args=[self.code.pk])
        response = self.client.get(url)
        self.assertTrue(response.context["in_use"])
        self.assertContains(response, reverse("research:code-merge", args=[self.code.pk]))
        response = self.client.post(url, follow=True)
        self.assertContains(response, "cannot be deleted")
        self.assertTrue(Code.objects.filter(pk=self.code.pk).exists())


class ExchangeViewTests(CodingViewFixtures):
    def test_codebook_export_grid_and_download(self):
        url = reverse("research:codebook-export")
        self.grid(url, hidden_for=[self.outsider], read_for=[self.reader])
        response = self.client.get(url)
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertIn(".qdc", response["Content-Disposition"])
        self.assertEqual(refi_qda.validate_codebook(response.content), [])
        self.assertIn(str(self.code.guid), refi_qda.read_codebook(response.content).codebook.by_guid())
        self.assertEqual(self.client.post(url).status_code, 405)

    def test_project_export_only_holds_what_the_user_may_see(self):
        services.mark_excerpt(self.entry, by=self.editor, quote="huiskamer", codes=[self.code])
        url = reverse("research:project-export")
        self.grid(url, hidden_for=[self.outsider], read_for=[self.editor])
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "application/zip")
        self.assertEqual(refi_qda.validate_project(response.content), [])
        project = refi_qda.read_project(response.content).project
        self.assertEqual([source.text for source in project.sources], [TEXT])
        # The other experiment, asked for by id, is not found for this editor.
        self.assertEqual(self.client.get(url, {"experiment": self.other_experiment.pk}).status_code, 404)
        self.login(self.researcher)
        response = self.client.get(url, {"experiment": self.other_experiment.pk})
        self.assertEqual([source.text for source in refi_qda.read_project(response.content).project.sources],
                         [self.other_entry.text])

    def test_project_export_ignores_a_malformed_experiment(self):
        # QA: "?experiment=²" was a 500; now it exports everything the user may see.
        self.login(self.editor)
        response = self.client.get(reverse("research:project-export"), {"experiment": "²"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(refi_qda.validate_project(response.content), [])
        self.assertEqual([source.text for source in refi_qda.read_project(response.content).project.sources],
                         [TEXT])

    def test_import_grid_and_happy_path(self):
        url = reverse("research:codebook-import")
        self.grid(url, hidden_for=[self.outsider], forbidden_for=[self.reader, self.editor])
        self.login(self.researcher)
        data = (LOCAL_DIR / "taguette_1_5_2_codebook.qdc").read_bytes()
        response = self.client.post(url, {"file": SimpleUploadedFile("codebook.qdc", data)})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["summary"].created, ["interesting", "people", "interesting\\places"])
        self.assertContains(response, "3 codes added, 0 updated, 0 unchanged")
        self.assertTrue(Code.objects.filter(guid=uuid.UUID("0d62985d-b147-5d01-a9b5-cae5dcd98342")).exists())

    def test_a_broken_upload_is_refused_with_the_readers_message_and_nothing_written(self):
        count = Code.objects.count()
        self.login(self.coordinator)
        data = (LOCAL_DIR / "atlasti_23_4_codebook_truncated.qdc").read_bytes()
        response = self.client.post(reverse("research:codebook-import"),
                                    {"file": SimpleUploadedFile("codebook.qdc", data)})
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.context["summary"])
        self.assertIn("not well-formed XML", " ".join(response.context["form"].errors["file"]))
        self.assertEqual(Code.objects.count(), count)

    @override_settings(REFI_QDA_MAX_UPLOAD_BYTES=50)
    def test_an_upload_over_the_limit_is_refused(self):
        count = Code.objects.count()
        self.login(self.coordinator)
        data = (LOCAL_DIR / "taguette_1_5_2_codebook.qdc").read_bytes()
        response = self.client.post(reverse("research:codebook-import"),
                                    {"file": SimpleUploadedFile("codebook.qdc", data)})
        self.assertIn("the limit is", response.context["form"].errors["file"][0])
        self.assertEqual(Code.objects.count(), count)


class EntryCodeTests(CodingViewFixtures):
    def test_grid(self):
        url = reverse("research:entry-code", args=[self.entry.pk])
        self.grid(url, hidden_for=[self.outsider, self.other_editor],
                  read_for=[self.reader, self.editor, self.researcher])
        self.assertEqual(self.client.post(url).status_code, 405)

    def test_the_raw_text_is_shown_exactly_with_highlights(self):
        excerpt = services.mark_excerpt(self.entry, by=self.editor, quote="<koffie> drinken", codes=[self.sub])
        self.login(self.editor)
        response = self.client.get(reverse("research:entry-code", args=[self.entry.pk]))
        content = response.content.decode()
        block = content.split('data-coding-text tabindex="0" aria-labelledby="text-heading">', 1)[1].split("</div>",
                                                                                                              1)[0]
        self.assertIn(f'<mark class="excerpt-mark" data-excerpts="{excerpt.pk}">&lt;koffie&gt; drinken</mark>', block)
        # Without the tags the block is the text itself, escaped, character for character.
        plain = block.replace(f'<mark class="excerpt-mark" data-excerpts="{excerpt.pk}">', "").replace("</mark>", "")
        self.assertEqual(html.unescape(plain), TEXT)
        self.assertContains(response, 'id="excerpt-form"')
        self.assertContains(response, "research/coding.js")
        self.assertNotIn("<script>", content)
        self.assertNotIn("style=", content)

    def test_a_reader_sees_codings_but_no_forms(self):
        services.mark_excerpt(self.entry, by=self.editor, quote="huiskamer", codes=[self.code])
        self.login(self.reader)
        response = self.client.get(reverse("research:entry-code", args=[self.entry.pk]))
        self.assertContains(response, "Meeting")
        self.assertNotContains(response, 'id="excerpt-form"')
        self.assertNotContains(response, reverse("research:excerpt-create", args=[self.entry.pk]))
        self.assertNotContains(response, "coding.js")


    def test_query_count_does_not_grow_with_excerpts_and_their_memos(self):
        # QA: each excerpt's memo block ran its own gate, memo and role queries (6 per excerpt).
        url = reverse("research:entry-code", args=[self.entry.pk])
        first = services.mark_excerpt(self.entry, by=self.editor, quote="huiskamer", codes=[self.code])
        services.add_memo(first, by=self.editor, text="Eerste memo")

        for user in (self.coordinator, self.editor, self.reader):
            with self.subTest(user=user):
                self.login(user)
                with CaptureQueriesContext(connection) as one:
                    self.client.get(url)
                for word in ("Bewoners", "drinken", "energiecoach"):
                    excerpt = services.mark_excerpt(self.entry, by=self.researcher, quote=word, codes=[self.sub])
                    services.add_memo(excerpt, by=self.researcher, text=f"Memo over {word}")
                with CaptureQueriesContext(connection) as four:
                    response = self.client.get(url)
                self.assertEqual(len(four), len(one))
                Excerpt.objects.exclude(pk=first.pk).delete()
        # The memos still show, with edit links only where the user may change them.
        self.login(self.editor)
        for word in ("Bewoners", "drinken"):
            excerpt = services.mark_excerpt(self.entry, by=self.researcher, quote=word, codes=[self.sub])
            services.add_memo(excerpt, by=self.researcher, text=f"Memo over {word}")
        response = self.client.get(url)
        self.assertContains(response, "Eerste memo")
        self.assertContains(response, "Memo over drinken")
        self.assertContains(response, "/bewerken/?next=", count=1)
        self.assertContains(response, 'class="memo-add"', count=3)
        self.login(self.reader)
        response = self.client.get(url)
        self.assertContains(response, "Memo over Bewoners")
        self.assertNotContains(response, 'class="memo-add"')


class ExcerptViewTests(CodingViewFixtures):
    def test_create_grid(self):
        url = reverse("research:excerpt-create", args=[self.entry.pk])
        data = {"quote": "huiskamer", "codes": [self.code.pk]}
        self.grid(url, hidden_for=[self.outsider, self.other_editor], forbidden_for=[self.reader], method="post",
                  data=data)
        self.assertFalse(Excerpt.objects.exists())
        self.login(self.editor)
        self.assertEqual(self.client.get(url).status_code, 405)

    def test_without_javascript_the_pasted_passage_is_marked_and_coded(self):
        self.login(self.editor)
        # The browser submits a pasted line break as \r\n; the text was stored with \r\n too.
        response = self.client.post(reverse("research:excerpt-create", args=[self.entry.pk]),
                                    {"quote": "open.\r\nBewoners", "codes": [self.code.pk, self.sub.pk]})
        excerpt = Excerpt.objects.get()
        self.assertRedirects(response, reverse("research:entry-code", args=[self.entry.pk]) + f"#excerpt-{excerpt.pk}",
                             fetch_redirect_response=False)
        self.assertEqual(TEXT[excerpt.start:excerpt.end], "open.\r\nBewoners")
        self.assertEqual(set(excerpt.codings.values_list("code", "coder")),
                         {(self.code.pk, self.editor.pk), (self.sub.pk, self.editor.pk)})

    def test_with_javascript_offsets_in_the_page_text_are_marked(self):
        page_text = TEXT.replace("\r\n", "\n")
        start = page_text.index("energiecoach")
        self.login(self.researcher)
        self.client.post(reverse("research:excerpt-create", args=[self.entry.pk]),
                         {"start": start, "end": start + 12, "quote": "energiecoach", "codes": [self.code.pk]})
        excerpt = Excerpt.objects.get()
        self.assertEqual((TEXT[excerpt.start:excerpt.end], excerpt.start),
                         ("energiecoach", TEXT.index("energiecoach")))

    def test_a_passage_not_in_the_text_is_refused_on_the_page(self):
        self.login(self.editor)
        url = reverse("research:excerpt-create", args=[self.entry.pk])
        response = self.client.post(url, {"quote": "warmtepomp", "codes": [self.code.pk]})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "This passage does not occur in the entry")
        response = self.client.post(url, {"quote": "", "codes": [self.code.pk]})
        self.assertContains(response, "Select a passage of the text, or paste the passage")
        response = self.client.post(url, {"quote": "huiskamer", "codes": ["999999"]})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["excerpt_form"].errors["codes"])
        self.assertFalse(Excerpt.objects.exists())

    def test_delete_grid_cited_and_happy_path(self):
        excerpt = services.mark_excerpt(self.entry, by=self.editor, quote="huiskamer", codes=[self.code])
        url = reverse("research:excerpt-delete", args=[excerpt.pk])
        self.grid(url, hidden_for=[self.outsider, self.other_editor], forbidden_for=[self.reader], method="post")
        record = HarvestRecord.objects.create(programme=self.programme, kind=RecordKind.INSIGHT,
                                              title="Een huiskamer werkt", summary="…")
        record.evidence_excerpts.add(excerpt)
        self.login(self.editor)
        self.assertContains(self.client.get(url), "Een huiskamer werkt")
        response = self.client.post(url, follow=True)
        self.assertContains(response, "This excerpt is evidence for")
        self.assertTrue(Excerpt.objects.filter(pk=excerpt.pk).exists())
        record.evidence_excerpts.clear()
        self.client.post(url)
        self.assertFalse(Excerpt.objects.filter(pk=excerpt.pk).exists())
        self.assertFalse(Coding.objects.exists())


class CodingViewTests(CodingViewFixtures):
    def setUp(self):
        super().setUp()
        self.excerpt = services.mark_excerpt(self.entry, by=self.editor, quote="huiskamer")

    def test_create_grid_and_happy_path(self):
        url = reverse("research:coding-create", args=[self.excerpt.pk])
        self.grid(url, hidden_for=[self.outsider, self.other_editor], forbidden_for=[self.reader], method="post",
                  data={"code": self.code.pk})
        self.assertFalse(Coding.objects.exists())
        self.login(self.editor)
        self.assertEqual(self.client.get(url).status_code, 405)
        response = self.client.post(url, {"code": self.code.pk})
        self.assertRedirects(response, reverse("research:entry-code", args=[self.entry.pk])
                             + f"#excerpt-{self.excerpt.pk}", fetch_redirect_response=False)
        self.assertEqual(list(self.excerpt.codings.values_list("code", "coder")), [(self.code.pk, self.editor.pk)])
        self.client.post(url, {"code": self.code.pk})  # twice: still one coding for this coder
        self.assertEqual(self.excerpt.codings.count(), 1)
        response = self.client.post(url, {"code": ""}, follow=True)
        self.assertContains(response, "Choose a code to apply.")

    def test_delete_grid_own_and_others(self):
        coding = services.apply_code(self.excerpt, code=self.code, by=self.researcher)
        url = reverse("research:coding-delete", args=[coding.pk])
        # The editor may write the log but did not make this coding.
        self.grid(url, hidden_for=[self.outsider, self.other_editor], forbidden_for=[self.reader, self.editor],
                  method="post")
        self.login(self.researcher)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.client.post(url)
        self.assertFalse(Coding.objects.filter(pk=coding.pk).exists())
        own = services.apply_code(self.excerpt, code=self.sub, by=self.editor)
        self.login(self.editor)
        self.client.post(reverse("research:coding-delete", args=[own.pk]))
        self.assertFalse(Coding.objects.exists())
        self.assertTrue(Excerpt.objects.filter(pk=self.excerpt.pk).exists())
