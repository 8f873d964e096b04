"""The harvest register's pages: list with filters, detail with the evidence trail, create and edit, the status
steps, intervisie, and the permission grid of every view."""

import csv
import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dubbelslag.core.models import AuditAction, AuditEvent
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.research.enums import Confidentiality, EvidenceLevel, RecordKind, RecordStatus
from dubbelslag.research.models import HarvestRecord
from testing.base import make_experiment, make_programme
from testing.factories.koppelkansen import make_koppelkans
from testing.factories.labs import make_question
from testing.factories.research import make_record

from .test_services_harvest import HarvestFixtures


class RecordViewFixtures(HarvestFixtures):
    def setUp(self):
        self.client.cookies["django_language"] = "en"

    def titles(self, response):
        return {record.title for record in response.context["page"]}

    def assert_login_redirect(self, response):
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])


class RecordListTests(RecordViewFixtures):
    url = reverse("research:record-list")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.koppelkans = make_koppelkans("K92")
        cls.question = make_question(programme=cls.programme, experiment=cls.experiment, title="Hoe bereik je ze?")
        cls.public = make_record(programme=cls.programme, kind=RecordKind.LESSON, title="Openbare les",
                                 status=RecordStatus.PUBLISHED, confidentiality=Confidentiality.PUBLIC,
                                 experiments=[cls.experiment], themes=[cls.other_theme],
                                 koppelkansen=[cls.koppelkans], knowledge_questions=[cls.question])
        HarvestRecord.objects.filter(pk=cls.public.pk).update(evidence_level=EvidenceLevel.FIRST_INDICATIONS,
                                                              summary="Over de warmtepomp.")

    def test_the_list_shows_what_the_user_may_read(self):
        self.login(self.reader)
        response = self.client.get(self.url)
        self.assertEqual(self.titles(response), {"Opkomst bij bewonersavonden", "Huiskamer werkt", "Openbare les"})
        self.assertContains(response, reverse("research:record-detail", args=[self.public.pk]))

    def test_anonymous_visitors_see_published_public_records(self):
        response = self.client.get(self.url)
        self.assertEqual(self.titles(response), {"Openbare les"})
        self.assertNotContains(response, reverse("research:record-create"))

    def test_filters(self):
        self.login(self.coordinator)
        cases = {
            "kind=lesson": {"Openbare les"},
            "kind=challenge": {"Opkomst bij bewonersavonden"},
            "status=draft": {"Opkomst bij bewonersavonden", "Huiskamer werkt"},
            "status=published": {"Openbare les"},
            "confidentiality=public": {"Openbare les"},
            "confidentiality=experiment": {"Opkomst bij bewonersavonden", "Huiskamer werkt"},
            "evidence_level=first_indications": {"Openbare les"},
            f"experiment={self.experiment.pk}": {"Opkomst bij bewonersavonden", "Huiskamer werkt", "Openbare les"},
            f"experiment={self.other_experiment.pk}": set(),
            f"theme={self.theme.slug}": {"Opkomst bij bewonersavonden"},
            "koppelkans=K92": {"Openbare les"},
            f"question={self.question.pk}": {"Openbare les"},
            "q=warmtepomp": {"Openbare les"},
            "q=huiskamer": {"Huiskamer werkt"},
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                self.assertEqual(self.titles(self.client.get(f"{self.url}?{query}")), expected)

    def test_bad_filter_values_are_ignored(self):
        self.login(self.coordinator)
        for query in ("kind=rumour&status=x&experiment=abc&question=-1&page=zz", "experiment=%C2%B2",
                      "experiment=99999999999999999999999&question=%C2%B2&theme=nope&koppelkans=K00"):
            with self.subTest(query=query):
                response = self.client.get(f"{self.url}?{query}")
                self.assertEqual(response.status_code, 200)
                expected = 0 if "theme=nope" in query else 3
                self.assertEqual(len(self.titles(response)), expected)
        csv_response = self.client.get(reverse("research:record-export-csv") + "?experiment=%C2%B2")
        self.assertEqual(csv_response.content.decode("utf-8-sig").count("\n"), 4)

    def test_pagination(self):
        for number in range(30):
            make_record(programme=self.programme, title=f"Record {number:02}", experiments=[self.experiment])
        self.login(self.coordinator)
        first, second = self.client.get(self.url), self.client.get(f"{self.url}?page=2")
        self.assertEqual((len(first.context["page"]), len(second.context["page"])), (25, 8))
        self.assertContains(first, "Page 1 of 2")

    def test_query_count_does_not_grow_with_the_records(self):
        self.login(self.reader)

        def count():
            with CaptureQueriesContext(connection) as queries:
                self.client.get(self.url)
            return len(queries)

        one = count()
        for number in range(3):
            make_record(programme=self.programme, title=f"Extra {number}", experiments=[self.experiment],
                        themes=[self.theme], koppelkansen=[self.koppelkans], evidence_entries=[self.entry])
        self.assertEqual(count(), one)

    def test_wrong_method(self):
        self.assertEqual(self.client.post(self.url).status_code, 405)


class RecordDetailTests(RecordViewFixtures):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.record = make_record(programme=cls.programme, kind=RecordKind.LESSON, title="Les over huiskamers",
                                 experiments=[cls.experiment, cls.other_experiment], draws_on=[cls.insight],
                                 evidence_excerpts=[cls.excerpt, cls.other_excerpt],
                                 evidence_entries=[cls.entry, cls.other_entry])
        cls.record.summary = "De **huiskamer** werkt."
        cls.record.outcome = "Meer bewoners komen."
        cls.record.story = "Mevrouw kwam eerst niet, nu elke week."
        cls.record.save()

    def url(self, record=None):
        return reverse("research:record-detail", args=[(record or self.record).pk])

    def test_the_evidence_trail_shows_what_the_reader_may_see_and_counts_the_rest(self):
        self.login(self.reader)
        response = self.client.get(self.url())
        self.assertContains(response, "de huiskamer voelt als thuis")
        entry_url = reverse("research:entry-detail", args=[self.entry.pk])
        self.assertContains(response, f'href="{entry_url}#excerpt-{self.excerpt.pk}"')
        self.assertContains(response, f'href="{entry_url}"')
        self.assertContains(response, self.code.name_en or self.code.name)
        self.assertContains(response, "2 more pieces of evidence you have no access to.")
        self.assertNotContains(response, "de corporatie stelt de renovatie uit")
        self.assertNotContains(response, "Geheim gesprek Palenstein")
        self.assertContains(response, "<strong>huiskamer</strong>", html=True)
        self.assertContains(response, "Meer bewoners komen.")
        self.assertContains(response, "Mevrouw kwam eerst niet")
        self.assertContains(response, "Huiskamer werkt")  # the insight it draws on

    def test_the_programme_team_sees_all_evidence_the_audit_trail_and_its_steps(self):
        AuditEvent.objects.create(action=AuditAction.CHANGE, content_type_id=self._record_type(),
                                  object_id=str(self.record.pk), object_repr="x", actor_label="Iemand")
        self.login(self.coordinator)
        response = self.client.get(self.url())
        self.assertContains(response, "de corporatie stelt de renovatie uit")
        self.assertNotContains(response, "you have no access to")
        self.assertEqual([event.actor_label for event in response.context["audit_events"]], ["Iemand"])
        self.assertContains(response, reverse("research:record-validate", args=[self.record.pk]))
        self.assertContains(response, reverse("research:record-update", args=[self.record.pk]))

    def _record_type(self):
        from django.contrib.contenttypes.models import ContentType

        return ContentType.objects.get_for_model(HarvestRecord).pk

    def test_an_editor_may_edit_but_not_validate_and_sees_no_audit_trail(self):
        self.login(self.editor)
        response = self.client.get(self.url())
        self.assertContains(response, reverse("research:record-update", args=[self.record.pk]))
        self.assertNotContains(response, reverse("research:record-validate", args=[self.record.pk]))
        self.assertIsNone(response.context["audit_events"])

    def test_a_reader_may_neither_edit_nor_take_steps(self):
        self.login(self.reader)
        response = self.client.get(self.url())
        self.assertNotContains(response, reverse("research:record-update", args=[self.record.pk]))
        self.assertEqual(response.context["verbs"], [])

    def test_links_between_records_questions_koppelkansen(self):
        koppelkans = make_koppelkans("K93", title_en="Energy coach at home")
        question = make_question(programme=self.programme, experiment=self.experiment, title="Wat werkt thuis?")
        solution = make_record(programme=self.programme, kind=RecordKind.SOLUTION, title="Huiskamer openen",
                               experiments=[self.experiment], responds_to=[self.challenge])
        self.challenge.koppelkansen.set([koppelkans])
        self.challenge.knowledge_questions.set([question])
        self.login(self.reader)
        response = self.client.get(self.url(self.challenge))
        self.assertEqual(response.context["solutions"], [solution])
        self.assertContains(response, reverse("koppelkansen:koppelkans-detail", args=["K93"]))
        self.assertContains(response, reverse("labs:question-detail", args=[question.pk]))
        self.assertContains(response, reverse("research:record-intervisie", args=[self.challenge.pk]))
        response = self.client.get(self.url(solution))
        self.assertEqual(response.context["responds_to"], [self.challenge])

    def test_a_published_record_for_anonymous_shows_no_evidence_only_a_count(self):
        record = make_record(programme=self.programme, title="Openbaar", status=RecordStatus.PUBLISHED,
                             confidentiality=Confidentiality.PUBLIC, experiments=[self.experiment],
                             evidence_excerpts=[self.excerpt])
        response = self.client.get(self.url(record))
        self.assertContains(response, "1 more piece of evidence you have no access to.")
        self.assertNotContains(response, "de huiskamer voelt als thuis")
        self.assertNotContains(response, self.experiment.title)
        self.assertFalse(response.context["shows_memos"])

    def test_grid(self):
        self.assertEqual(self.client.get(self.url()).status_code, 404)  # anonymous: a draft does not exist
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertEqual(self.client.get(reverse("research:record-detail", args=[999999])).status_code, 404)
        self.login(self.reader)
        self.assertEqual(self.client.post(self.url()).status_code, 405)


class RecordCreateTests(RecordViewFixtures):
    url = reverse("research:record-create")

    def data(self, **overrides):
        data = {"kind": "challenge", "title": "Nieuw knelpunt", "summary": "Tekst", "confidentiality": "programme",
                "evidence_level": "described", "confidence": "medium", "experiments": [self.experiment.pk],
                "evidence_excerpts": [self.excerpt.pk], "themes": [self.theme.pk]}
        data.update(overrides)
        return data

    def test_grid(self):
        self.assert_login_redirect(self.client.get(self.url))
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.reader)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.login(self.editor)
        self.assertEqual(self.client.delete(self.url).status_code, 405)
        self.assertFalse(HarvestRecord.objects.filter(title="Nieuw knelpunt").exists())

    def test_the_form_offers_only_what_the_editor_may_link(self):
        hidden_record = make_record(programme=self.programme, title="Concept elders",
                                    experiments=[self.other_experiment])
        self.login(self.editor)
        form = self.client.get(self.url).context["form"]
        self.assertEqual(list(form.fields["experiments"].queryset), [self.experiment])
        self.assertEqual(list(form.fields["evidence_entries"].queryset), [self.entry])
        self.assertEqual(list(form.fields["evidence_excerpts"].queryset), [self.excerpt])
        self.assertEqual(list(form.fields["responds_to"].queryset), [self.challenge])
        self.assertNotIn(hidden_record, form.fields["responds_to"].queryset)

    def test_an_editor_creates_a_record(self):
        self.login(self.editor)
        response = self.client.post(self.url, self.data())
        record = HarvestRecord.objects.get(title="Nieuw knelpunt")
        self.assertRedirects(response, reverse("research:record-detail", args=[record.pk]))
        self.assertEqual((record.status, record.created_by, record.confidentiality),
                         (RecordStatus.DRAFT, self.editor, Confidentiality.PROGRAMME))
        self.assertEqual(set(record.evidence_excerpts.all()), {self.excerpt})
        self.assertEqual(set(record.themes.all()), {self.theme})

    def test_a_posted_choice_outside_the_offered_ones_is_refused(self):
        self.login(self.editor)
        response = self.client.post(self.url, self.data(evidence_excerpts=[self.other_excerpt.pk],
                                                        experiments=[self.other_experiment.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["evidence_excerpts"])
        self.assertTrue(response.context["form"].errors["experiments"])
        self.assertFalse(HarvestRecord.objects.filter(title="Nieuw knelpunt").exists())

    def test_service_refusals_show_on_the_form(self):
        self.login(self.editor)
        response = self.client.post(self.url, self.data(kind="challenge", draws_on=[self.insight.pk]))
        self.assertContains(response, "Only a lesson draws on insights.")
        self.assertFalse(HarvestRecord.objects.filter(title="Nieuw knelpunt").exists())

    def test_prefill_from_a_challenge(self):
        self.login(self.editor)
        response = self.client.get(f"{self.url}?kind=solution&responds_to={self.challenge.pk}"
                                   f"&experiment={self.experiment.pk}&excerpt=abc&entry=%C2%B2")
        initial = response.context["form"].initial
        self.assertEqual((initial["kind"], initial["responds_to"], initial["experiments"]),
                         ("solution", [self.challenge.pk], [self.experiment.pk]))

    def test_someone_in_two_programmes_chooses_one_first(self):
        second = make_programme(name="Tweede programma", slug="tweede", )
        Membership.objects.create(user=self.researcher, programme=second, role=MembershipRole.RESEARCHER)
        make_experiment(programme=second, gemeente=self.rotterdam, title="Tweede experiment")
        self.login(self.researcher)
        response = self.client.get(f"{self.url}?kind=lesson")
        self.assertTemplateUsed(response, "research/record_programme.html")
        self.assertContains(response, '<input type="hidden" name="kind" value="lesson">', html=True)
        response = self.client.get(f"{self.url}?programme=tweede&kind=lesson")
        self.assertEqual(response.context["programme"], second)
        self.assertEqual([e.title for e in response.context["form"].fields["experiments"].queryset],
                         ["Tweede experiment"])


class RecordUpdateTests(RecordViewFixtures):
    def url(self, record=None):
        return reverse("research:record-update", args=[(record or self.challenge).pk])

    def data(self, **overrides):
        data = {"kind": "challenge", "title": "Bijgewerkt", "summary": "Nieuwe tekst", "confidentiality": "experiment",
                "evidence_level": "described", "confidence": "high", "experiments": [self.experiment.pk],
                "themes": [self.theme.pk], "version": self.challenge.version}
        data.update(overrides)
        return data

    def test_grid(self):
        self.assert_login_redirect(self.client.get(self.url()))
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.login(self.reader)
        self.assertEqual(self.client.get(self.url()).status_code, 403)
        self.assertEqual(self.client.post(self.url(), self.data()).status_code, 403)
        self.challenge.refresh_from_db()
        self.assertEqual(self.challenge.title, "Opkomst bij bewonersavonden")

    def test_an_editor_saves_changes(self):
        self.login(self.editor)
        form = self.client.get(self.url()).context["form"]
        self.assertEqual(form.initial["version"], 1)
        response = self.client.post(self.url(), self.data())
        self.assertRedirects(response, reverse("research:record-detail", args=[self.challenge.pk]))
        self.challenge.refresh_from_db()
        self.assertEqual((self.challenge.title, self.challenge.confidence, self.challenge.version),
                         ("Bijgewerkt", "high", 2))

    def test_a_stale_save_is_refused_with_a_clear_message(self):
        self.login(self.editor)
        HarvestRecord.objects.filter(pk=self.challenge.pk).update(version=2, title="Door een ander")
        response = self.client.post(self.url(), self.data(version=1))
        self.assertContains(response, "Someone else changed this record while you were editing it")
        self.challenge.refresh_from_db()
        self.assertEqual(self.challenge.title, "Door een ander")

    def test_a_published_record_stays_public(self):
        record = make_record(programme=self.programme, status=RecordStatus.PUBLISHED,
                             confidentiality=Confidentiality.PUBLIC, experiments=[self.experiment])
        self.login(self.coordinator)
        response = self.client.post(self.url(record), self.data(confidentiality="programme", version=1))
        self.assertContains(response, "Unpublish it first")
        record.refresh_from_db()
        self.assertEqual(record.confidentiality, Confidentiality.PUBLIC)


class RecordStepTests(RecordViewFixtures):
    def post(self, name, record, **data):
        return self.client.post(reverse(f"research:record-{name}", args=[record.pk]), data)

    def test_grid_for_every_step(self):
        self.challenge.evidence_entries.set([self.entry])
        for name in ("validate", "publish", "unpublish", "return"):
            url = reverse(f"research:record-{name}", args=[self.challenge.pk])
            with self.subTest(step=name):
                self.client.logout()
                self.assert_login_redirect(self.client.post(url))
                self.login(self.outsider)
                self.assertEqual(self.client.post(url).status_code, 404)
                for user in (self.reader, self.editor):
                    self.login(user)
                    self.assertEqual(self.client.post(url).status_code, 403)
                self.login(self.coordinator)
                self.assertEqual(self.client.get(url).status_code, 405)
        self.challenge.refresh_from_db()
        self.assertEqual(self.challenge.status, RecordStatus.DRAFT)

    def test_validate_publish_unpublish_return(self):
        record = self.challenge
        record.evidence_entries.set([self.entry])
        self.login(self.researcher)
        response = self.post("validate", record)
        self.assertRedirects(response, reverse("research:record-detail", args=[record.pk]))
        record.refresh_from_db()
        self.assertEqual(record.status, RecordStatus.VALIDATED)
        self.assertEqual(self.post("publish", record).status_code, 403)  # a researcher does not publish
        self.login(self.coordinator)
        response = self.post("publish", record)
        record.refresh_from_db()
        self.assertEqual(record.status, RecordStatus.VALIDATED)
        self.assertContains(self.client.get(response["Location"]), "Only a public record can be published")
        HarvestRecord.objects.filter(pk=record.pk).update(confidentiality=Confidentiality.PUBLIC)
        self.post("publish", record)
        record.refresh_from_db()
        self.assertEqual(record.status, RecordStatus.PUBLISHED)
        response = self.post("unpublish", record, reason="")
        self.assertContains(self.client.get(response["Location"]), "Give a reason")
        record.refresh_from_db()
        self.assertEqual(record.status, RecordStatus.PUBLISHED)
        self.post("unpublish", record, reason="Te herkenbaar")
        self.post("return", record, reason="Meer bewijs nodig")
        record.refresh_from_db()
        self.assertEqual(record.status, RecordStatus.DRAFT)
        notes = list(AuditEvent.objects.for_object(record).filter(action=AuditAction.TRANSITION)
                     .order_by("pk").values_list("note", flat=True))
        self.assertEqual(len(notes), 4)
        self.assertIn("Te herkenbaar", notes[2])
        self.assertIn("Meer bewijs nodig", notes[3])

    def test_an_illegal_step_is_refused_with_a_message(self):
        self.login(self.coordinator)
        response = self.post("publish", self.challenge)
        self.assertContains(self.client.get(response["Location"]),
                            "This record is “draft”; only a “validated” record can be published.")
        self.challenge.refresh_from_db()
        self.assertEqual(self.challenge.status, RecordStatus.DRAFT)

    def test_validate_without_evidence_is_refused_with_a_message(self):
        self.login(self.coordinator)
        response = self.post("validate", self.challenge)
        self.assertContains(self.client.get(response["Location"]), "traceable to its evidence")


class IntervisieTests(RecordViewFixtures):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.koppelkans = make_koppelkans("K94")
        cls.challenge.koppelkansen.set([cls.koppelkans])
        cls.answer = make_record(programme=cls.programme, kind=RecordKind.SOLUTION, title="Huiskamer als oplossing",
                                 experiments=[cls.experiment], responds_to=[cls.challenge])
        public = {"status": RecordStatus.VALIDATED, "confidentiality": Confidentiality.PROGRAMME}
        cls.close = make_record(programme=cls.programme, title="Lage opkomst Palenstein",
                                experiments=[cls.other_experiment], themes=[cls.theme],
                                koppelkansen=[cls.koppelkans], **public)
        cls.far = make_record(programme=cls.programme, title="Opkomst elders", experiments=[cls.other_experiment],
                              themes=[cls.theme], **public)
        cls.unrelated = make_record(programme=cls.programme, title="Los knelpunt", experiments=[cls.other_experiment],
                                    themes=[cls.other_theme], **public)
        cls.own_other = make_record(programme=cls.programme, title="Eigen ander knelpunt",
                                    experiments=[cls.experiment], themes=[cls.theme], **public)
        cls.their_solution = make_record(programme=cls.programme, kind=RecordKind.SOLUTION, title="Bellen aan huis",
                                         experiments=[cls.other_experiment], responds_to=[cls.close], **public)
        cls.related_insight = make_record(programme=cls.programme, kind=RecordKind.INSIGHT, title="Vertrouwen eerst",
                                          experiments=[cls.other_experiment], themes=[cls.theme], **public)
        cls.lesson = make_record(programme=cls.programme, kind=RecordKind.LESSON, title="Begin bij de sleutelfiguren",
                                 experiments=[cls.other_experiment], draws_on=[cls.related_insight], **public)

    def url(self, record=None):
        return reverse("research:record-intervisie", args=[(record or self.challenge).pk])

    def test_what_others_tried_and_learned_ranked_by_overlap(self):
        self.login(self.coordinator)
        intervisie = self.client.get(self.url()).context["intervisie"]
        self.assertEqual(intervisie.solutions, [self.answer])
        self.assertEqual([c.title for c in intervisie.challenges], ["Lage opkomst Palenstein", "Opkomst elders"])
        self.assertEqual([(c.overlap, [s.title for s in c.shown_solutions]) for c in intervisie.challenges],
                         [(2, ["Bellen aan huis"]), (1, [])])
        self.assertEqual([i.title for i in intervisie.insights], ["Vertrouwen eerst"])
        self.assertEqual([lesson.title for lesson in intervisie.lessons], ["Begin bij de sleutelfiguren"])

    def test_grid(self):
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.login(self.reader)
        self.assertEqual(self.client.get(self.url(self.answer)).status_code, 404)  # not a challenge
        self.assertEqual(self.client.post(self.url()).status_code, 405)
        response = self.client.get(self.url())
        self.assertContains(response, "Huiskamer als oplossing")


class ExportTests(RecordViewFixtures):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.formula = make_record(programme=cls.programme, title="=HYPERLINK(\"http://evil\")",
                                  experiments=[cls.experiment], themes=[cls.theme],
                                  evidence_entries=[cls.entry], evidence_excerpts=[cls.excerpt, cls.other_excerpt])

    def test_csv_has_a_bom_a_header_and_neutralised_formulas(self):
        self.login(self.coordinator)
        response = self.client.get(reverse("research:record-export-csv") + "?kind=challenge")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertTrue(response.content.startswith(b"\xef\xbb\xbf"))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows[0][:3], ["id", "kind", "title"])
        by_id = {row[0]: row for row in rows[1:]}
        self.assertEqual(set(by_id), {str(self.challenge.pk), str(self.formula.pk)})
        row = by_id[str(self.formula.pk)]
        self.assertEqual(row[2], "'=HYPERLINK(\"http://evil\")")
        self.assertEqual((row[8], row[12], row[13]), (self.experiment.title, "1", "2"))
        self.assertTrue(row[14].endswith(reverse("research:record-detail", args=[self.formula.pk])))

    def test_xlsx_parses_and_holds_no_formula(self):
        self.login(self.coordinator)
        response = self.client.get(reverse("research:record-export-xlsx"))
        self.assertEqual(response["Content-Type"],
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][:3], ("id", "kind", "title"))
        titles = {row[2] for row in rows[1:]}
        self.assertEqual(titles, {"'=HYPERLINK(\"http://evil\")", "Opkomst bij bewonersavonden", "Huiskamer werkt"})
        self.assertFalse(any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row))

    def test_wrong_method(self):
        for name in ("record-export-csv", "record-export-xlsx"):
            self.assertEqual(self.client.post(reverse(f"research:{name}")).status_code, 405)


class MemoIncludeTests(RecordViewFixtures):
    def test_memos_show_to_people_of_the_programme_and_never_to_the_public(self):
        from dubbelslag.research.services.coding import add_memo

        record = make_record(programme=self.programme, title="Openbaar", status=RecordStatus.PUBLISHED,
                             confidentiality=Confidentiality.PUBLIC, experiments=[self.experiment],
                             evidence_excerpts=[self.excerpt])
        add_memo(record, by=self.researcher, text="Interne-notitie-M1 over de bron")
        url = reverse("research:record-detail", args=[record.pk])
        self.assertNotContains(self.client.get(url), "Interne-notitie-M1")  # anonymous reads the record only
        self.login(self.outsider)
        self.assertNotContains(self.client.get(url), "Interne-notitie-M1")
        self.login(self.editor)
        self.assertContains(self.client.get(url), "Interne-notitie-M1")


class KnowledgeQuestionLinkTests(RecordViewFixtures):
    def test_a_knowledge_question_leads_to_the_records_on_it(self):
        from dubbelslag.labs.models import KnowledgeQuestion

        question = KnowledgeQuestion.objects.create(programme=self.programme, title="Hoe bouwen we vertrouwen op?",
                                                    raised_by=self.coordinator)
        make_record(programme=self.programme, title="Vertrouwen-Q1", experiments=[self.experiment],
                            knowledge_questions=[question])
        make_record(programme=self.programme, title="Anders-Q2", experiments=[self.experiment])
        self.login(self.editor)
        page = self.client.get(reverse("labs:question-detail", args=[question.pk])).content.decode()
        link = f'{reverse("research:record-list")}?question={question.pk}'
        self.assertIn(f'href="{link}"', page)
        listed = self.client.get(link).content.decode()
        self.assertIn("Vertrouwen-Q1", listed)
        self.assertNotIn("Anders-Q2", listed)
