"""The question detail page (its timeline, the forms each person may use), the transition POSTs and following."""

from django.core import mail
from django.urls import reverse
from django.utils import translation

from dubbelslag.labs.enums import Priority, QuestionStatus
from dubbelslag.labs.models import AgendaItem, KnowledgeQuestion
from dubbelslag.labs.selectors import question_timeline
from dubbelslag.labs.services import questions as services
from dubbelslag.programme.models import Membership, Theme
from testing.base import BaseTestCase, make_user
from testing.factories.labs import in_days, make_deep_dive, make_lab, make_question, make_working_group


class DetailFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.chair = make_user("chair@example.org", name="Chris Chair")
        Membership.objects.create(user=cls.chair, programme=cls.programme, experiment=cls.experiment, role="reader")
        cls.lab = make_lab(programme=cls.programme, number=2, title="Kennislab Q3")
        cls.past_lab = make_lab(programme=cls.programme, number=1, title="Kennislab van vorig jaar",
                                starts_at=in_days(-200))
        cls.group = make_working_group(programme=cls.programme, chair=cls.chair)
        cls.deep_dive = make_deep_dive(programme=cls.programme)
        cls.theme = Theme.objects.filter(parent__isnull=False).first()

    def setUp(self):
        self.client.cookies["django_language"] = "en"
        self.question = services.raise_question(programme=self.programme, by=self.reader, experiment=self.experiment,
                                                title="Hoe houden we de energierekening betaalbaar?")

    def detail(self, question=None):
        return self.client.get(reverse("labs:question-detail", args=[(question or self.question).pk]))

    def post(self, name, data=None, question=None):
        return self.client.post(reverse(f"labs:{name}", args=[(question or self.question).pk]), data or {})


class DetailTests(DetailFixtures):
    def test_reader_sees_question_without_steering_forms(self):
        self.login(self.reader)
        response = self.detail()
        self.assertContains(response, "Hoe houden we de energierekening betaalbaar?")
        self.assertEqual(response.context["verbs"], set())
        self.assertTrue(response.context["may_edit"])
        self.assertTrue(response.context["is_following"])
        self.assertNotContains(response, reverse("labs:question-triage", args=[self.question.pk]))

    def test_coordinator_gets_the_forms_of_the_current_status(self):
        make_question(programme=self.programme, title="Een mogelijk origineel")
        self.login(self.coordinator)
        response = self.detail()
        self.assertEqual(set(response.context["forms"]), {"triage", "merge", "close"})
        for name in ("question-triage", "question-merge", "question-close"):
            self.assertContains(response, reverse(f"labs:{name}", args=[self.question.pk]))
        self.assertNotContains(response, reverse("labs:question-assign", args=[self.question.pk]))

    def test_assign_form_offers_upcoming_labs_groups_and_deep_dives(self):
        services.triage_question(self.question, by=self.coordinator, themes=[], priority=Priority.NORMAL)
        self.login(self.coordinator)
        form = self.detail().context["forms"]["assign"]
        self.assertEqual(set(form.targets), {f"lab-{self.lab.pk}", f"group-{self.group.pk}",
                                             f"deep-dive-{self.deep_dive.pk}"})

    def test_chair_sees_start_and_answer_for_a_group_question(self):
        services.triage_question(self.question, by=self.coordinator, themes=[], priority=Priority.NORMAL)
        services.assign_question(self.question, by=self.coordinator, group=self.group)
        self.login(self.chair)
        self.assertEqual(set(self.detail().context["forms"]), {"start", "answer"})

    def test_answered_question_offers_close_and_reopen_and_shows_the_answer(self):
        answered = make_question(programme=self.programme, title="Klaar", status=QuestionStatus.ANSWERED,
                                 assigned_group=self.group, answer_summary="Het **antwoord**.")
        self.login(self.coordinator)
        response = self.detail(answered)
        self.assertEqual(set(response.context["forms"]), {"close", "reopen"})
        self.assertContains(response, reverse("labs:question-reopen", args=[answered.pk]))
        self.assertContains(response, "<strong>antwoord</strong>", html=True)

    def test_merge_form_is_hidden_without_candidates(self):
        self.login(self.coordinator)
        self.assertNotContains(self.detail(), reverse("labs:question-merge", args=[self.question.pk]))

    def test_closed_question_offers_nothing(self):
        closed = make_question(programme=self.programme, status=QuestionStatus.CLOSED)
        self.login(self.coordinator)
        response = self.detail(closed)
        self.assertEqual(response.context["forms"], {})
        self.assertNotContains(response, "Next step")

    def test_timeline_tells_the_path_in_words(self):
        services.triage_question(self.question, by=self.coordinator, themes=[self.theme], priority=Priority.HIGH)
        services.assign_question(self.question, by=self.coordinator, lab=self.lab)
        services.assign_question(self.question, by=self.coordinator, group=self.group)
        services.start_question(self.question, by=self.chair)
        services.answer_question(self.question, by=self.chair, summary="Door slim te isoleren.")
        services.close_question(self.question, by=self.coordinator, reason="Beantwoord in het lab")
        self.login(self.reader)
        response = self.detail()
        timeline = [(entry.actor, entry.text) for entry in response.context["timeline"]]
        self.assertEqual(timeline, [
            ("Lars Lezer", "raised the question"),
            ("Carla Coördinator", "triaged the question"),
            ("Carla Coördinator", "assigned it to Kennislab Q3"),
            ("Carla Coördinator", "moved it to Werkgroep Betaalbaarheid"),
            ("Chris Chair", "started working on it"),
            ("Chris Chair", "answered it"),
            ("Carla Coördinator", "closed it"),
        ])
        entries = response.context["timeline"]
        self.assertIn("priority: high", entries[1].detail)
        self.assertIn(self.theme.name, entries[1].detail)
        self.assertEqual(entries[5].detail, "Door slim te isoleren.")
        self.assertEqual(entries[6].detail, "Beantwoord in het lab")
        self.assertContains(response, "moved it to Werkgroep Betaalbaarheid")
        self.assertContains(response, "Door slim te isoleren.")

    def test_timeline_of_a_merge_on_both_questions(self):
        into = make_question(programme=self.programme, title="Betaalbaarheid algemeen")
        services.merge_question(self.question, into=into, by=self.coordinator)
        with translation.override("en"):
            self.assertEqual(question_timeline(self.question)[-1].text, "merged it into “Betaalbaarheid algemeen”")
            self.assertEqual(question_timeline(into)[-1].text,
                             "merged the duplicate “Hoe houden we de energierekening betaalbaar?” into this question")
        with translation.override("nl"):
            self.assertEqual(question_timeline(self.question)[-1].text,
                             "voegde de vraag samen met “Betaalbaarheid algemeen”")
        self.login(self.reader)
        self.assertContains(self.detail(into), "Hoe houden we de energierekening betaalbaar?")

    def test_edit_appears_in_the_timeline(self):
        services.update_question(self.question, by=self.reader, version=1, title="Anders gezegd", description="",
                                 themes=[])
        with translation.override("en"):
            self.assertEqual([(e.text, e.detail) for e in question_timeline(self.question)][-1],
                             ("edited the question", "title"))

    def test_visibility_grid(self):
        foreign = make_question(programme=self.programme, experiment=self.other_experiment, title="Elders")
        self.assertEqual(self.detail().status_code, 302)
        for user, own, other in ((self.outsider, 404, 404), (self.reader, 200, 404), (self.editor, 200, 404),
                                 (self.researcher, 200, 200), (self.coordinator, 200, 200)):
            self.login(user)
            with self.subTest(user=user.email):
                self.assertEqual(self.detail().status_code, own)
                self.assertEqual(self.detail(foreign).status_code, other)
        self.assertEqual(self.client.post(reverse("labs:question-detail", args=[self.question.pk])).status_code, 405)

    def test_unknown_question_is_404(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.get(reverse("labs:question-detail", args=[999999])).status_code, 404)


class TransitionViewTests(DetailFixtures):
    def test_triage(self):
        self.login(self.coordinator)
        response = self.post("question-triage", {"triage-themes": [self.theme.pk], "triage-priority": "high"})
        self.assertRedirects(response, self.question.get_absolute_url(), fetch_redirect_response=False)
        self.question.refresh_from_db()
        self.assertEqual((self.question.status, self.question.priority), (QuestionStatus.TRIAGED, Priority.HIGH))
        self.assertContains(self.detail(), "The question has been triaged.")

    def test_bad_input_re_renders_and_saves_nothing(self):
        self.login(self.coordinator)
        response = self.post("question-triage", {"triage-priority": "urgent"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["forms"]["triage"].errors["priority"])
        self.assertContains(response, "Select a valid choice")
        self.question.refresh_from_db()
        self.assertEqual(self.question.status, QuestionStatus.RAISED)

    def test_assign_to_the_next_lab_puts_it_on_its_agenda_and_mails_followers(self):
        self.question.followers.add(self.editor)
        services.triage_question(self.question, by=self.coordinator, themes=[], priority=Priority.NORMAL)
        self.login(self.coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post("question-assign", {"assign-target": f"lab-{self.lab.pk}"})
        self.assertRedirects(response, self.question.get_absolute_url(), fetch_redirect_response=False)
        self.question.refresh_from_db()
        self.assertEqual(self.question.assigned_lab, self.lab)
        self.assertTrue(AgendaItem.objects.filter(lab=self.lab, questions=self.question).exists())
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), [self.editor.email, self.reader.email])
        self.assertIn(self.question.title, mail.outbox[0].subject)

    def test_assign_to_a_past_lab_is_refused(self):
        services.triage_question(self.question, by=self.coordinator, themes=[], priority=Priority.NORMAL)
        self.login(self.coordinator)
        response = self.post("question-assign", {"assign-target": f"lab-{self.past_lab.pk}"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["forms"]["assign"].errors["target"])
        self.assertEqual(KnowledgeQuestion.objects.get(pk=self.question.pk).status, QuestionStatus.TRIAGED)

    def test_merge_and_answer_and_close_and_reopen(self):
        self.login(self.coordinator)
        into = make_question(programme=self.programme, title="Het origineel")
        other = make_question(programme=self.programme, title="Tweede", status=QuestionStatus.IN_PROGRESS,
                              assigned_group=self.group)
        self.post("question-merge", {"merge-into": into.pk})
        self.assertEqual(KnowledgeQuestion.objects.get(pk=self.question.pk).duplicate_of, into)
        self.post("question-answer", {"answer-summary": "Zo."}, question=other)
        self.assertEqual(KnowledgeQuestion.objects.get(pk=other.pk).status, QuestionStatus.ANSWERED)
        self.post("question-reopen", question=other)
        self.assertEqual(KnowledgeQuestion.objects.get(pk=other.pk).status, QuestionStatus.IN_PROGRESS)
        self.post("question-answer", {"answer-summary": "Nu echt."}, question=other)
        self.post("question-close", {"close-reason": ""}, question=other)
        self.assertEqual(KnowledgeQuestion.objects.get(pk=other.pk).status, QuestionStatus.CLOSED)

    def test_empty_answer_re_renders(self):
        other = make_question(programme=self.programme, status=QuestionStatus.IN_PROGRESS, assigned_group=self.group)
        self.login(self.chair)
        response = self.post("question-answer", {"answer-summary": "   "}, question=other)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["forms"]["answer"].errors)
        self.assertEqual(KnowledgeQuestion.objects.get(pk=other.pk).status, QuestionStatus.IN_PROGRESS)

    def test_illegal_transition_redirects_with_the_reason(self):
        self.login(self.coordinator)
        response = self.post("question-start")
        self.assertRedirects(response, self.question.get_absolute_url(), fetch_redirect_response=False)
        self.assertContains(self.detail(), "This question is “raised”; it cannot become “in progress”.")
        response = self.post("question-answer", {"answer-summary": "Te vroeg"})
        self.assertRedirects(response, self.question.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(KnowledgeQuestion.objects.get(pk=self.question.pk).status, QuestionStatus.RAISED)

    def test_permission_grid_of_every_transition(self):
        foreign = make_question(programme=self.programme, experiment=self.other_experiment)
        for name in ("question-triage", "question-assign", "question-merge", "question-start", "question-answer",
                     "question-close", "question-reopen"):
            url = reverse(f"labs:{name}", args=[self.question.pk])
            with self.subTest(name=name):
                self.client.logout()
                response = self.client.post(url)
                self.assertRedirects(response, f"{reverse('accounts:login')}?next={url}",
                                     fetch_redirect_response=False)
                self.login(self.coordinator)
                self.assertEqual(self.client.get(url).status_code, 405)
                self.login(self.outsider)
                self.assertEqual(self.client.post(url).status_code, 404)
                for user in (self.reader, self.editor, self.researcher, self.chair):
                    self.login(user)
                    self.assertEqual(self.client.post(url).status_code, 403)
                    # The programme team sees every experiment's questions; the others do not see this one.
                    self.assertEqual(self.post(name, question=foreign).status_code,
                                     403 if user == self.researcher else 404)
        self.assertEqual(KnowledgeQuestion.objects.get(pk=self.question.pk).status, QuestionStatus.RAISED)


class FollowViewTests(DetailFixtures):
    def test_follow_and_unfollow(self):
        self.login(self.editor)
        response = self.post("question-follow", {"follow": "1"})
        self.assertRedirects(response, self.question.get_absolute_url(), fetch_redirect_response=False)
        self.assertIn(self.editor, self.question.followers.all())
        self.assertTrue(self.detail().context["is_following"])
        self.post("question-follow", {"follow": "0"})
        self.assertNotIn(self.editor, self.question.followers.all())

    def test_grid(self):
        url = reverse("labs:question-follow", args=[self.question.pk])
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertFalse(self.question.followers.exclude(pk=self.reader.pk).exists())
        self.login(self.outsider)
        self.assertEqual(self.client.post(url).status_code, 404)
        self.login(self.researcher)
        self.assertEqual(self.client.get(url).status_code, 405)
        foreign = make_question(programme=self.programme, experiment=self.other_experiment)
        self.login(self.reader)
        self.assertEqual(self.post("question-follow", {"follow": "1"}, question=foreign).status_code, 404)
        self.assertFalse(foreign.followers.exists())
