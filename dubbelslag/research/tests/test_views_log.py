"""Pages of the research log: the permission grid of every view, and what each page shows and does."""

import csv
import io
import re
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dubbelslag.core.spreadsheets import csv_text
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.research.enums import AnchorStatus, Consent, EntryKind, LearningQuestionStatus, RecordKind
from dubbelslag.research.models import (
    Attachment,
    Code,
    Coding,
    Cycle,
    Excerpt,
    HarvestRecord,
    LearningQuestion,
    LogEntry,
    SearchEntry,
)
from dubbelslag.research.services import log as services
from dubbelslag.research.views.log import marked_text
from testing.base import BaseTestCase, make_user

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


class LogViewTestCase(BaseTestCase):
    def setUp(self):
        self.media = tempfile.mkdtemp()
        override = override_settings(MEDIA_ROOT=self.media, RESEARCH_MAX_UPLOAD_BYTES=4096)
        override.enable()
        self.addCleanup(override.disable)
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        self.client.cookies["django_language"] = "en"
        self.question = services.create_learning_question(experiment=self.experiment, by=self.editor,
                                                          question="Helpt een huiskamer bij besluiten?")
        today = timezone.localdate()
        self.cycle = services.create_cycle(experiment=self.experiment, by=self.editor, title="Huiskamer open",
                                           plan_starts_on=today - timedelta(days=30),
                                           act_starts_on=today - timedelta(days=10))
        self.entry = services.create_entry(
            experiment=self.experiment, by=self.editor, kind=EntryKind.OBSERVATION, title="Eerste avond",
            occurred_on=date(2024, 3, 5), text="Tien bewoners kwamen. Ze vroegen wat het kost.",
            consent=Consent.NOT_NEEDED, cycle=self.cycle, learning_questions=[self.question])
        self.attachment = services.add_attachment(self.entry, by=self.editor, title="Presentielijst",
                                                  file=SimpleUploadedFile("lijst.pdf", PDF))
        self.other_editor = make_user("other-editor@example.org", name="Otto Ander")
        Membership.objects.create(user=self.other_editor, programme=self.programme,
                                  experiment=self.other_experiment, role=MembershipRole.EDITOR)

    def stored_files(self) -> list[Path]:
        return [path for path in Path(self.media).rglob("*") if path.is_file()]


class PermissionGridTests(LogViewTestCase):
    """Anonymous → login; outsider and an editor of another experiment → 404; a reader reads but gets 403 on every
    write; the experiment's editor and the programme team (researcher, coordinator) may do everything."""

    def views(self):
        e, q, c, n, a = self.experiment.pk, self.question.pk, self.cycle.pk, self.entry.pk, self.attachment.pk
        reads = [("experiment-log", e), ("experiment-log-export", e), ("cycle-detail", c), ("entry-detail", n),
                 ("attachment-download", a)]
        writes = [("learning-question-create", e), ("learning-question-update", q), ("cycle-create", e),
                  ("cycle-update", c), ("entry-create", e), ("entry-update", n), ("entry-delete", n),
                  ("attachment-upload", n)]
        return reads, writes

    def status(self, name, pk, method="get"):
        return getattr(self.client, method)(reverse(f"research:{name}", args=[pk])).status_code

    def test_anonymous_is_sent_to_login(self):
        reads, writes = self.views()
        for name, pk in [*reads, *writes, ("attachment-delete", self.attachment.pk)]:
            method = "post" if name == "attachment-delete" else "get"
            with self.subTest(name=name):
                response = getattr(self.client, method)(reverse(f"research:{name}", args=[pk]))
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("accounts:login"), response["Location"])
        response = self.client.get(reverse("research:home"))
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_outsiders_and_editors_of_other_experiments_get_404(self):
        reads, writes = self.views()
        for user in (self.outsider, self.other_editor):
            self.login(user)
            for name, pk in [*reads, *writes]:
                with self.subTest(user=user.email, name=name):
                    self.assertEqual(self.status(name, pk), 404)
            self.assertEqual(self.status("attachment-delete", self.attachment.pk, "post"), 404)
        self.assertTrue(Attachment.objects.filter(pk=self.attachment.pk).exists())

    def test_reader_reads_but_may_not_write(self):
        reads, writes = self.views()
        self.login(self.reader)
        for name, pk in reads:
            with self.subTest(name=name):
                self.assertEqual(self.status(name, pk), 200)
        for name, pk in writes:
            with self.subTest(name=name):
                self.assertEqual(self.status(name, pk), 403)
                self.assertEqual(self.status(name, pk, "post"), 403)
        self.assertEqual(self.status("attachment-delete", self.attachment.pk, "post"), 403)
        self.assertTrue(LogEntry.objects.filter(pk=self.entry.pk).exists())
        self.assertTrue(Attachment.objects.filter(pk=self.attachment.pk).exists())

    def test_writers_reach_every_page(self):
        reads, writes = self.views()
        for user in (self.editor, self.researcher, self.coordinator):
            self.login(user)
            for name, pk in [*reads, *writes]:
                with self.subTest(user=user.email, name=name):
                    self.assertEqual(self.status(name, pk), 200)

    def test_wrong_methods(self):
        self.login(self.editor)
        self.assertEqual(self.status("attachment-delete", self.attachment.pk), 405)
        self.assertEqual(self.client.post(reverse("research:home")).status_code, 405)
        self.assertEqual(self.status("entry-detail", self.entry.pk, "post"), 405)

    def test_reader_sees_no_write_links(self):
        self.login(self.reader)
        page = self.client.get(reverse("research:entry-detail", args=[self.entry.pk])).content.decode()
        self.assertNotIn(reverse("research:entry-update", args=[self.entry.pk]), page)
        self.assertNotIn(reverse("research:attachment-upload", args=[self.entry.pk]), page)
        page = self.client.get(reverse("research:experiment-log", args=[self.experiment.pk])).content.decode()
        self.assertNotIn(reverse("research:entry-create", args=[self.experiment.pk]), page)
        self.login(self.editor)
        page = self.client.get(reverse("research:experiment-log", args=[self.experiment.pk])).content.decode()
        self.assertIn(reverse("research:entry-create", args=[self.experiment.pk]), page)


class HomeTests(LogViewTestCase):
    def test_lists_the_experiments_the_user_may_read_with_their_state(self):
        services.create_entry(experiment=self.other_experiment, by=self.coordinator, kind=EntryKind.REFLECTION,
                              title="Geheim uit Palenstein", occurred_on=date(2024, 1, 1), text="",
                              consent=Consent.NOT_NEEDED)
        self.login(self.editor)
        page = self.client.get(reverse("research:home")).content.decode()
        self.assertIn(self.experiment.title, page)
        self.assertIn("Helpt een huiskamer bij besluiten?", page)
        self.assertIn("1. Huiskamer open", page)
        self.assertIn(">Act<", page)
        self.assertIn("Eerste avond", page)
        self.assertNotIn(self.other_experiment.title, page)
        self.assertNotIn("Geheim uit Palenstein", page)
        self.login(self.coordinator)
        page = self.client.get(reverse("research:home")).content.decode()
        self.assertIn("Geheim uit Palenstein", page)

    def test_outsider_sees_an_explanation_not_an_error(self):
        self.login(self.outsider)
        response = self.client.get(reverse("research:home"))
        self.assertContains(response, "You take part in no experiment yet")
        self.assertNotContains(response, "Eerste avond")

    def test_links_to_the_codebook_and_memos_only_for_those_who_take_part(self):
        # QA: the outsider's overview linked to the codebook, which is a 404 for them.
        self.login(self.outsider)
        page = self.client.get(reverse("research:home")).content.decode()
        self.assertNotIn(f'href="{reverse("research:codebook")}"', page)
        self.assertNotIn(f'href="{reverse("research:memo-list")}"', page)
        self.assertIn(f'href="{reverse("research:record-list")}"', page)
        self.login(self.reader)
        page = self.client.get(reverse("research:home")).content.decode()
        self.assertIn(f'href="{reverse("research:codebook")}"', page)
        self.assertIn(f'href="{reverse("research:memo-list")}"', page)

    def test_closed_questions_are_not_listed_as_open(self):
        services.close_learning_question(self.question, by=self.editor, version=self.question.version)
        self.login(self.editor)
        self.assertNotContains(self.client.get(reverse("research:home")), "Helpt een huiskamer bij besluiten?")

    def test_query_count_does_not_grow_with_experiments(self):
        self.login(self.coordinator)
        self.client.get(reverse("research:home"))
        with CaptureQueriesContext(connection) as first:
            self.client.get(reverse("research:home"))
        for number in range(3):
            services.create_entry(experiment=self.other_experiment, by=self.coordinator,
                                  kind=EntryKind.OBSERVATION, title=f"E{number}", occurred_on=date(2024, 1, 1),
                                  text="", consent=Consent.NOT_NEEDED)
        with self.assertNumQueries(len(first.captured_queries)):
            self.client.get(reverse("research:home"))


class ExperimentLogTests(LogViewTestCase):
    def setUp(self):
        super().setUp()
        self.interview = services.create_entry(
            experiment=self.experiment, by=self.editor, kind=EntryKind.INTERVIEW, title="Gesprek met de corporatie",
            occurred_on=date(2024, 4, 1), text="Over de planning van de renovatie.", consent=Consent.RESEARCH)
        services.create_entry(experiment=self.other_experiment, by=self.coordinator, kind=EntryKind.INTERVIEW,
                              title="Palenstein interview", occurred_on=date(2024, 4, 1), text="renovatie",
                              consent=Consent.RESEARCH)
        self.login(self.reader)

    def titles(self, **params) -> list[str]:
        response = self.client.get(reverse("research:experiment-log", args=[self.experiment.pk]), params)
        self.assertEqual(response.status_code, 200)
        return [entry.title for entry in response.context["page"]]

    def test_all_entries_of_this_experiment_newest_first(self):
        self.assertEqual(self.titles(), ["Gesprek met de corporatie", "Eerste avond"])

    def test_filters(self):
        self.assertEqual(self.titles(kind="interview"), ["Gesprek met de corporatie"])
        self.assertEqual(self.titles(cycle=self.cycle.pk), ["Eerste avond"])
        self.assertEqual(self.titles(question=self.question.pk), ["Eerste avond"])
        self.assertEqual(self.titles(q="renovatie"), ["Gesprek met de corporatie"])
        self.assertEqual(self.titles(q="RENOVATIE", kind="observation"), [])

    def test_bad_filter_values_are_ignored(self):
        foreign_cycle = Cycle.objects.create(experiment=self.other_experiment, number=1, title="Elders",
                                             plan_starts_on=date(2024, 1, 1))
        everything = ["Gesprek met de corporatie", "Eerste avond"]
        for params in ({"kind": "gossip"}, {"cycle": "abc"}, {"cycle": foreign_cycle.pk}, {"question": "-1"},
                       {"page": "999"}, {"page": "x"}):
            with self.subTest(params=params):
                self.assertEqual(self.titles(**params), everything)

    def test_teaser_is_plain_text_and_the_page_links_to_the_experiments_records(self):
        # QA: the teaser showed the raw Markdown ("## ", "**") of an entry.
        LogEntry.objects.create(experiment=self.experiment, title="Opgemaakt", occurred_on=date(2024, 5, 1),
                                text="## Kop\n\nWe telden **287 bezoeken** & meer.\n\n> Een citaat")
        response = self.client.get(reverse("research:experiment-log", args=[self.experiment.pk]))
        teaser = re.search(r'<p class="entry-teaser">(.*?)</p>', response.content.decode(), re.S).group(1)
        self.assertEqual(teaser.split(), ["Kop", "We", "telden", "287", "bezoeken", "&amp;", "meer.", "Een",
                                          "citaat"])
        self.assertContains(response, f'href="{reverse("research:record-list")}?experiment={self.experiment.pk}"')

    def test_shows_agenda_and_cycles(self):
        response = self.client.get(reverse("research:experiment-log", args=[self.experiment.pk]))
        self.assertContains(response, "Helpt een huiskamer bij besluiten?")
        self.assertContains(response, 'class="badge status-badge status-open"')
        self.assertContains(response, "1. Huiskamer open")
        self.assertEqual(response.context["current_cycle"], self.cycle)

    def test_pagination(self):
        for number in range(25):
            LogEntry.objects.create(experiment=self.experiment, title=f"Extra {number}", occurred_on=date(2020, 1, 1))
        first = self.client.get(reverse("research:experiment-log", args=[self.experiment.pk]), {"kind": ""})
        self.assertEqual(len(first.context["page"]), 20)
        second = self.client.get(reverse("research:experiment-log", args=[self.experiment.pk]), {"page": 2})
        self.assertEqual(len(second.context["page"]), 7)


class EntryFormTests(LogViewTestCase):
    def post_entry(self, **overrides):
        data = {"kind": "session_report", "title": "Tweede avond", "occurred_on": "2024-03-12",
                "text": "Vijftien bewoners.\r\nVeel vragen over subsidie.", "consent": "learning",
                "cycle": self.cycle.pk, "learning_questions": [self.question.pk]}
        data.update(overrides)
        return self.client.post(reverse("research:entry-create", args=[self.experiment.pk]), data)

    def test_create(self):
        self.login(self.editor)
        response = self.post_entry()
        entry = LogEntry.objects.get(title="Tweede avond")
        self.assertRedirects(response, reverse("research:entry-detail", args=[entry.pk]))
        self.assertEqual((entry.author, entry.kind, entry.consent, entry.cycle, entry.text),
                         (self.editor, "session_report", "learning", self.cycle,
                          "Vijftien bewoners.\nVeel vragen over subsidie."))
        self.assertEqual(list(entry.learning_questions.all()), [self.question])
        self.assertTrue(SearchEntry.objects.filter(object_id=entry.pk, kind="entry").exists())

    def test_create_form_preselects_the_running_cycle_and_uses_date_inputs(self):
        self.login(self.editor)
        response = self.client.get(reverse("research:entry-create", args=[self.experiment.pk]))
        self.assertEqual(response.context["form"].initial["cycle"], self.cycle.pk)
        self.assertContains(response, 'type="date" name="occurred_on"')

    def test_create_form_ignores_non_ascii_digits_in_its_parameters(self):
        # QA: "?cycle=²" passed str.isdigit() and ended in a 500 (ValueError in the query).
        self.login(self.editor)
        url = reverse("research:entry-create", args=[self.experiment.pk])
        response = self.client.get(url, {"cycle": "²", "question": "²"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].initial["cycle"], self.cycle.pk)  # the running cycle
        self.assertNotIn("learning_questions", response.context["form"].initial)
        response = self.client.get(url, {"question": self.question.pk})
        self.assertEqual(response.context["form"].initial["learning_questions"], [self.question.pk])

    def test_invalid_input_keeps_the_text_and_writes_nothing(self):
        self.login(self.editor)
        response = self.post_entry(title="", occurred_on="gisteren")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(response.context["form"].errors), {"title", "occurred_on"})
        self.assertContains(response, "Veel vragen over subsidie.")
        self.assertFalse(LogEntry.objects.filter(text__contains="subsidie").exists())

    def test_cycle_of_another_experiment_is_refused(self):
        foreign = Cycle.objects.create(experiment=self.other_experiment, number=1, title="Elders",
                                       plan_starts_on=date(2024, 1, 1))
        self.login(self.coordinator)
        response = self.post_entry(cycle=foreign.pk)
        self.assertIn("cycle", response.context["form"].errors)
        self.assertFalse(LogEntry.objects.filter(title="Tweede avond").exists())

    def test_update(self):
        self.login(self.researcher)
        url = reverse("research:entry-update", args=[self.entry.pk])
        form = self.client.get(url).context["form"]
        self.assertEqual(form.initial["version"], 1)
        response = self.client.post(url, {"kind": "observation", "title": "Eerste avond (bijgewerkt)",
                                          "occurred_on": "2024-03-05", "text": "Nieuwe tekst.", "consent":
                                          "not_needed", "cycle": "", "version": 1})
        self.assertRedirects(response, reverse("research:entry-detail", args=[self.entry.pk]))
        self.entry.refresh_from_db()
        self.assertEqual((self.entry.title, self.entry.text, self.entry.cycle, self.entry.version),
                         ("Eerste avond (bijgewerkt)", "Nieuwe tekst.", None, 2))
        self.assertEqual(list(self.entry.learning_questions.all()), [])

    def test_stale_edit_is_refused_and_the_users_text_kept(self):
        url = reverse("research:entry-update", args=[self.entry.pk])
        self.login(self.editor)
        version = self.client.get(url).context["form"].initial["version"]
        services.update_entry(LogEntry.objects.get(pk=self.entry.pk), by=self.researcher, version=version,
                              text="De versie van de onderzoeker.")
        response = self.client.post(url, {"kind": "observation", "title": "Eerste avond", "occurred_on": "2024-03-05",
                                          "text": "Mijn eigen aanvulling.", "consent": "not_needed",
                                          "version": version})
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].non_field_errors()
        self.assertEqual(len(errors), 1)
        self.assertIn("Rob Onderzoeker changed this log entry on", errors[0])
        self.assertContains(response, "Mijn eigen aanvulling.")
        self.entry.refresh_from_db()
        self.assertEqual((self.entry.text, self.entry.version), ("De versie van de onderzoeker.", 2))

    def test_update_warns_about_lost_excerpts(self):
        Excerpt.objects.create(entry=self.entry, start=0, end=14, quote="Tien bewoners ")
        self.login(self.editor)
        response = self.client.post(reverse("research:entry-update", args=[self.entry.pk]), {
            "kind": "observation", "title": "Eerste avond", "occurred_on": "2024-03-05", "text": "Iets anders.",
            "consent": "not_needed", "version": 1}, follow=True)
        self.assertContains(response, "1 excerpt is no longer found in the text")
        self.assertContains(response, "Tien bewoners")

    def test_delete(self):
        self.login(self.editor)
        url = reverse("research:entry-delete", args=[self.entry.pk])
        self.assertContains(self.client.get(url), "1 attachment")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url)
        self.assertRedirects(response, reverse("research:experiment-log", args=[self.experiment.pk]))
        self.assertFalse(LogEntry.objects.filter(pk=self.entry.pk).exists())
        self.assertEqual(self.stored_files(), [])

    def test_delete_refused_when_cited(self):
        record = HarvestRecord.objects.create(programme=self.programme, kind=RecordKind.LESSON, title="Begin klein",
                                              summary="…", created_by=self.editor)
        record.evidence_entries.add(self.entry)
        self.login(self.editor)
        response = self.client.post(reverse("research:entry-delete", args=[self.entry.pk]))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "it is evidence for “Begin klein”", status_code=400)
        self.assertTrue(LogEntry.objects.filter(pk=self.entry.pk).exists())


class EntryDetailTests(LogViewTestCase):
    def mark(self, quote: str, status=AnchorStatus.EXACT) -> Excerpt:
        start = self.entry.text.find(quote)
        return Excerpt.objects.create(entry=self.entry, start=max(start, 0), end=max(start, 0) + len(quote),
                                      quote=quote, anchor_status=status)

    def test_excerpts_are_marked_in_the_escaped_text(self):
        self.entry.text = "Iemand schreef <script>alert(1)</script> op het bord. Tien bewoners kwamen."
        self.entry.save()
        excerpt = self.mark("<script>alert(1)</script>")
        code = Code.objects.create(name="Wantrouwen")
        Coding.objects.create(excerpt=excerpt, code=code, coder=self.researcher)
        self.login(self.reader)
        page = self.client.get(reverse("research:entry-detail", args=[self.entry.pk])).content.decode()
        self.assertNotIn("<script>alert(1)</script>", page)
        self.assertIn(f'<mark id="excerpt-{excerpt.pk}" class="excerpt depth-1" title="Wantrouwen">'
                      "&lt;script&gt;alert(1)&lt;/script&gt;</mark>", page)
        self.assertIn("Wantrouwen", page)

    def test_overlapping_and_lost_excerpts(self):
        outer = self.mark("Tien bewoners kwamen")
        inner = self.mark("bewoners kwamen. Ze vroegen")
        lost = self.mark("een passage die weg is", status=AnchorStatus.LOST)
        self.login(self.editor)
        response = self.client.get(reverse("research:entry-detail", args=[self.entry.pk]))
        page = response.content.decode()
        source = re.search(r'<div class="entry-source" id="entry-source">(.*?)</div>', page, re.S).group(1)
        self.assertEqual(source.count(f'id="excerpt-{outer.pk}"'), 1)
        self.assertEqual(source.count(f'id="excerpt-{inner.pk}"'), 1)
        self.assertNotIn(f'id="excerpt-{lost.pk}"', source)
        self.assertIn('class="excerpt depth-2"', source)
        self.assertEqual(source.count("<mark"), source.count("</mark>"))
        self.assertEqual(re.sub(r"<[^>]+>", "", source), self.entry.text)
        self.assertIn("een passage die weg is", page)
        self.assertEqual(response.context["lost_excerpts"], [lost])

    def test_shows_attachments_links_and_only_visible_citing_records(self):
        visible = HarvestRecord.objects.create(programme=self.programme, kind=RecordKind.INSIGHT,
                                               title="Zichtbaar inzicht", summary="…", created_by=self.editor)
        hidden = HarvestRecord.objects.create(programme=self.programme, kind=RecordKind.INSIGHT,
                                              title="Verborgen concept", summary="…", created_by=self.researcher)
        visible.experiments.add(self.experiment)  # so the experiment's reader may see it
        visible.evidence_entries.add(self.entry)
        hidden.evidence_excerpts.add(self.mark("Tien"))
        self.login(self.reader)
        response = self.client.get(reverse("research:entry-detail", args=[self.entry.pk]))
        self.assertContains(response, reverse("research:attachment-download", args=[self.attachment.pk]))
        self.assertContains(response, "Presentielijst")
        self.assertEqual(list(response.context["records"]), [visible])
        self.assertNotContains(response, "Verborgen concept")
        self.login(self.coordinator)
        response = self.client.get(reverse("research:entry-detail", args=[self.entry.pk]))
        self.assertEqual({record.title for record in response.context["records"]},
                         {"Zichtbaar inzicht", "Verborgen concept"})

    def test_markdown_version_is_available(self):
        self.entry.text = "Een **vet** woord."
        self.entry.save()
        self.mark("vet")
        self.login(self.reader)
        response = self.client.get(reverse("research:entry-detail", args=[self.entry.pk]))
        self.assertContains(response, "<strong>vet</strong>")
        self.assertContains(response, "Een **<mark")


class MarkedTextTests(LogViewTestCase):
    def test_pieces_nest_and_text_survives(self):
        text = "abcdefghij"
        first = Excerpt(pk=1, start=0, end=5, quote="abcde")
        second = Excerpt(pk=2, start=3, end=8, quote="defgh")
        same_start = Excerpt(pk=3, start=0, end=2, quote="ab")
        html = marked_text(text, [first, second, same_start])
        self.assertEqual(re.sub(r"<[^>]+>", "", html), text)
        self.assertTrue(html.startswith('<mark id="excerpt-1" class="excerpt depth-2">'
                                        '<mark id="excerpt-3" class="excerpt depth-2">ab</mark></mark>'))
        self.assertIn('<mark id="excerpt-2" class="excerpt depth-2">de</mark>', html)

    def test_offsets_past_the_end_are_clipped(self):
        html = marked_text("kort", [Excerpt(pk=1, start=2, end=40, quote="rt…")])
        self.assertEqual(html, 'ko<mark id="excerpt-1" class="excerpt depth-1">rt</mark>')


class LearningQuestionAndCycleFormTests(LogViewTestCase):
    def test_create_and_answer_a_learning_question(self):
        self.login(self.editor)
        response = self.client.post(reverse("research:learning-question-create", args=[self.experiment.pk]),
                                    {"question": "Wie komt er naar de huiskamer?", "explanation": ""})
        self.assertRedirects(response, reverse("research:experiment-log", args=[self.experiment.pk])
                             + "#learning-agenda", fetch_redirect_response=False)
        question = LearningQuestion.objects.get(question="Wie komt er naar de huiskamer?")
        self.assertEqual(question.position, 2)
        url = reverse("research:learning-question-update", args=[question.pk])
        self.client.post(url, {"question": question.question, "status": "answered", "closed_on": "", "version": 1})
        question.refresh_from_db()
        self.assertEqual((question.status, question.closed_on), (LearningQuestionStatus.ANSWERED,
                                                                 timezone.localdate()))
        response = self.client.post(url, {"question": question.question, "status": "answered", "version": 1,
                                          "closed_on": "2024-01-01"})
        self.assertIn("changed this learning question", response.context["form"].non_field_errors()[0])

    def test_cycle_create_numbers_and_refuses_dates_out_of_order(self):
        self.login(self.researcher)
        url = reverse("research:cycle-create", args=[self.experiment.pk])
        response = self.client.post(url, {"title": "Tweede ronde", "plan_starts_on": "2024-05-01",
                                          "act_starts_on": "2024-04-01"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("The act phase cannot start", response.context["form"].errors["act_starts_on"][0])
        self.assertEqual(Cycle.objects.filter(experiment=self.experiment).count(), 1)
        response = self.client.post(url, {"title": "Tweede ronde", "plan_starts_on": "2024-05-01",
                                          "act_starts_on": "2024-05-10", "learning_questions": [self.question.pk]})
        cycle = Cycle.objects.get(title="Tweede ronde")
        self.assertRedirects(response, reverse("research:cycle-detail", args=[cycle.pk]))
        self.assertEqual((cycle.number, list(cycle.learning_questions.all())), (2, [self.question]))

    def test_cycle_detail_and_update(self):
        self.login(self.reader)
        response = self.client.get(reverse("research:cycle-detail", args=[self.cycle.pk]))
        self.assertContains(response, "Cycle 1: Huiskamer open")
        self.assertContains(response, "Eerste avond")
        self.assertContains(response, "phase-block phase-current")
        self.login(self.editor)
        url = reverse("research:cycle-update", args=[self.cycle.pk])
        data = {key: value for key, value in self.client.get(url).context["form"].initial.items()
                if value is not None}
        data.update({"plan_starts_on": self.cycle.plan_starts_on.isoformat(),
                     "act_starts_on": self.cycle.act_starts_on.isoformat(), "reflect": "Het werkt."})
        self.assertRedirects(self.client.post(url, data), reverse("research:cycle-detail", args=[self.cycle.pk]))
        self.cycle.refresh_from_db()
        self.assertEqual((self.cycle.reflect, self.cycle.version), ("Het werkt.", 2))


class AttachmentViewTests(LogViewTestCase):
    def upload(self, name: str, content: bytes, title: str = ""):
        return self.client.post(reverse("research:attachment-upload", args=[self.entry.pk]),
                                {"title": title, "file": SimpleUploadedFile(name, content)})

    def test_upload(self):
        self.login(self.editor)
        response = self.upload("foto.png", PNG, "Foto van het bord")
        self.assertRedirects(response, reverse("research:entry-detail", args=[self.entry.pk]) + "#attachments")
        attachment = Attachment.objects.get(title="Foto van het bord")
        self.assertEqual((attachment.content_type, attachment.uploaded_by), ("image/png", self.editor))
        self.assertEqual(len(self.stored_files()), 2)

    def test_refused_uploads_store_nothing(self):
        self.login(self.editor)
        before = self.stored_files()
        for name, content, message in (("groot.pdf", PDF + b"x" * 5000, "the limit is"),
                                       ("verslag.pdf", PNG, "is not what its name says"),
                                       ("verslag.pdf", b"<html><script>alert(1)</script></html>",
                                        "is not what its name says")):
            with self.subTest(name=name, message=message):
                response = self.upload(name, content)
                self.assertEqual(response.status_code, 200)
                self.assertIn(message, response.context["form"].errors["file"][0])
        self.assertEqual(list(Attachment.objects.values_list("pk", flat=True)), [self.attachment.pk])
        self.assertEqual(self.stored_files(), before)

    def test_download_is_an_attachment_browsers_do_not_sniff(self):
        for user in (self.reader, self.editor, self.researcher):
            self.login(user)
            response = self.client.get(reverse("research:attachment-download", args=[self.attachment.pk]))
            self.assertEqual(b"".join(response.streaming_content), PDF)
            self.assertEqual(response["Content-Type"], "application/pdf")
            self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
            self.assertIn("lijst.pdf", response["Content-Disposition"])
            self.assertEqual(response["X-Content-Type-Options"], "nosniff")
            self.assertIn("no-store", response["Cache-Control"])

    def test_missing_file_is_404(self):
        Path(self.attachment.file.path).unlink()
        self.login(self.editor)
        self.assertEqual(self.client.get(reverse("research:attachment-download",
                                                 args=[self.attachment.pk])).status_code, 404)

    def test_attachment_delete(self):
        self.login(self.editor)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("research:attachment-delete", args=[self.attachment.pk]))
        self.assertRedirects(response, reverse("research:entry-detail", args=[self.entry.pk]) + "#attachments")
        self.assertFalse(Attachment.objects.exists())
        self.assertEqual(self.stored_files(), [])


class ExportTests(LogViewTestCase):
    def export(self, export_format: str | None = None):
        params = {"format": export_format} if export_format else {}
        return self.client.get(reverse("research:experiment-log-export", args=[self.experiment.pk]), params)

    def test_markdown(self):
        services.create_entry(experiment=self.other_experiment, by=self.coordinator, kind=EntryKind.OBSERVATION,
                              title="Niet van dit experiment", occurred_on=date(2024, 1, 1), text="",
                              consent=Consent.NOT_NEEDED)
        self.login(self.reader)
        for export_format in ("md", None, "exe"):
            with self.subTest(export_format=export_format):
                response = self.export(export_format)
                self.assertEqual(response["Content-Type"], "text/markdown; charset=utf-8")
                self.assertIn(".md", response["Content-Disposition"])
                body = response.content.decode()
                self.assertIn(f"# Research log: {self.experiment.title}", body)
                self.assertIn("1. **Helpt een huiskamer bij besluiten?** (open;", body)
                self.assertIn("Learning questions: Helpt een huiskamer bij besluiten?\n", body)
                self.assertIn("### Cycle 1: Huiskamer open", body)
                self.assertIn("### 2024-03-05 · Eerste avond", body)
                self.assertIn("Tien bewoners kwamen. Ze vroegen wat het kost.", body)
                self.assertIn("Attachments: Presentielijst", body)
                self.assertNotIn("Niet van dit experiment", body)

    def test_csv(self):
        self.entry.text = "=HYPERLINK(\"http://evil\")"
        self.entry.save()
        self.login(self.editor)
        response = self.export("csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual([(row["type"], row["title"]) for row in rows],
                         [("cycle", "Huiskamer open"), ("log entry", "Eerste avond")])
        entry_row = rows[1]
        self.assertEqual((entry_row["cycle"], entry_row["kind"], entry_row["learning questions"],
                          entry_row["attachments"], entry_row["consent"]),
                         ("1", "observation", "Helpt een huiskamer bij besluiten?", "Presentielijst",
                          "no personal data: no consent needed"))
        self.assertEqual(entry_row["text"], "'=HYPERLINK(\"http://evil\")")

    def test_csv_cells_never_start_a_formula(self):
        row = next(csv.reader(io.StringIO(csv_text([["- een lijst", "-1+1", "@SUM(A1)", None, 3, "tekst"]]))))
        self.assertEqual(row, ["'- een lijst", "'-1+1", "'@SUM(A1)", "", "3", "tekst"])
