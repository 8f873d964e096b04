"""The knowledge-question pages: lists with filters, my questions, the stale list, raising and editing, and the
permission grid of every view."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dubbelslag.labs.enums import QuestionStatus
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.models import Theme
from testing.base import BaseTestCase
from testing.factories.labs import make_deep_dive, make_lab, make_question, make_working_group


class QuestionViewFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.lab = make_lab(programme=cls.programme, number=1)
        cls.group = make_working_group(programme=cls.programme)
        cls.deep_dive = make_deep_dive(programme=cls.programme)
        cls.theme, cls.other_theme = Theme.objects.filter(parent__isnull=False)[:2]
        # One question per visibility level: the experiment's, the other experiment's, the programme's.
        cls.own = make_question(programme=cls.programme, experiment=cls.experiment, title="Vraag van Pendrecht",
                                raised_by=cls.reader, followers=[cls.reader], themes=[cls.theme])
        cls.foreign = make_question(programme=cls.programme, experiment=cls.other_experiment,
                                    title="Geheime vraag uit Palenstein", raised_by=cls.researcher,
                                    status=QuestionStatus.ASSIGNED, assigned_group=cls.group)
        cls.programme_wide = make_question(programme=cls.programme, title="Vraag voor het hele programma",
                                           raised_by=cls.coordinator, status=QuestionStatus.ASSIGNED,
                                           assigned_lab=cls.lab, themes=[cls.other_theme])

    def setUp(self):
        self.client.cookies["django_language"] = "en"

    def titles(self, response):
        return {question.title for question in response.context["page"]}


class QuestionListTests(QuestionViewFixtures):
    url = reverse("labs:question-list")

    def test_reader_sees_own_experiment_and_programme_questions_only(self):
        self.login(self.reader)
        response = self.client.get(self.url)
        self.assertEqual(self.titles(response), {"Vraag van Pendrecht", "Vraag voor het hele programma"})
        self.assertNotContains(response, "Geheime vraag uit Palenstein")

    def test_programme_team_sees_everything(self):
        for user in (self.coordinator, self.researcher):
            self.login(user)
            self.assertEqual(len(self.titles(self.client.get(self.url))), 3)

    def test_filters(self):
        self.login(self.coordinator)
        cases = {
            "status=assigned": {"Geheime vraag uit Palenstein", "Vraag voor het hele programma"},
            "status=open": {"Vraag van Pendrecht", "Geheime vraag uit Palenstein", "Vraag voor het hele programma"},
            "status=raised": {"Vraag van Pendrecht"},
            f"theme={self.theme.slug}": {"Vraag van Pendrecht"},
            f"theme={self.theme.parent.slug}": {"Vraag van Pendrecht"} | (
                {"Vraag voor het hele programma"} if self.other_theme.parent_id == self.theme.parent_id else set()),
            f"experiment={self.experiment.pk}": {"Vraag van Pendrecht"},
            "experiment=programme": {"Vraag voor het hele programma"},
            f"assigned=lab-{self.lab.pk}": {"Vraag voor het hele programma"},
            f"assigned=group-{self.group.pk}": {"Geheime vraag uit Palenstein"},
            f"assigned=deep-dive-{self.deep_dive.pk}": set(),
            "assigned=none": {"Vraag van Pendrecht"},
            "q=palenstein": {"Geheime vraag uit Palenstein"},
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                self.assertEqual(self.titles(self.client.get(f"{self.url}?{query}")), expected)

    def test_bad_filter_values_are_ignored(self):
        self.login(self.coordinator)
        for query in ("status=nonsense", "experiment=abc", "experiment=²", "experiment=99999999999999999999",
                      "assigned=lab-x", "assigned=lab-²", "assigned=planet-3", "page=zzz"):
            with self.subTest(query=query):
                response = self.client.get(f"{self.url}?{query}")
                self.assertEqual(len(self.titles(response)), 3)

    def test_reader_cannot_filter_their_way_to_a_hidden_question(self):
        self.login(self.reader)
        response = self.client.get(f"{self.url}?experiment={self.other_experiment.pk}")
        self.assertEqual(self.titles(response), set())
        self.assertNotContains(response, self.other_experiment.title)

    def test_outsider_sees_no_questions(self):
        self.login(self.outsider)
        response = self.client.get(self.url)
        self.assertEqual(self.titles(response), set())
        self.assertContains(response, "No questions match these filters.")
        # Raising a question is for those who take part in a programme: no link that would answer 404.
        self.assertNotContains(response, reverse("labs:question-create"))
        self.login(self.reader)
        self.assertContains(self.client.get(self.url), reverse("labs:question-create"))

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={self.url}", fetch_redirect_response=False)

    def test_wrong_method(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def test_query_count_does_not_grow_with_the_list(self):
        self.login(self.coordinator)
        with CaptureQueriesContext(connection) as three:
            self.client.get(self.url)
        KnowledgeQuestion.objects.exclude(pk=self.own.pk).delete()
        with CaptureQueriesContext(connection) as one:
            response = self.client.get(self.url)
        self.assertEqual(len(self.titles(response)), 1)
        self.assertEqual(len(one), len(three))


class MyQuestionsTests(QuestionViewFixtures):
    url = reverse("labs:my-questions")

    def test_raised_or_followed(self):
        self.programme_wide.followers.add(self.reader)
        make_question(programme=self.programme, title="Niet de mijne", raised_by=self.editor)
        self.login(self.reader)
        response = self.client.get(self.url)
        self.assertEqual(self.titles(response), {"Vraag van Pendrecht", "Vraag voor het hele programma"})

    def test_query_count_does_not_grow_with_the_list(self):
        self.login(self.reader)
        with CaptureQueriesContext(connection) as one:
            response = self.client.get(self.url)
        self.assertEqual(len(self.titles(response)), 1)
        for number in range(2):
            make_question(programme=self.programme, title=f"Gevolgd {number}", followers=[self.reader],
                          themes=[self.theme])
        with CaptureQueriesContext(connection) as three:
            response = self.client.get(self.url)
        self.assertEqual(len(self.titles(response)), 3)
        self.assertEqual(len(one), len(three))

    def test_followed_question_that_became_invisible_is_not_listed(self):
        self.foreign.followers.add(self.reader)
        self.login(self.reader)
        self.assertNotIn("Geheime vraag uit Palenstein", self.titles(self.client.get(self.url)))

    def test_grid(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.outsider)
        self.assertEqual(self.titles(self.client.get(self.url)), set())
        self.assertEqual(self.client.post(self.url).status_code, 405)


class StaleQuestionsTests(QuestionViewFixtures):
    url = reverse("labs:stale-questions")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        now = timezone.now()
        make_question(programme=cls.programme, title="Acht weken stil", last_progress_at=now - timedelta(weeks=8))
        make_question(programme=cls.programme, title="Drie weken stil", last_progress_at=now - timedelta(weeks=3))
        make_question(programme=cls.programme, title="Stil maar beantwoord", status=QuestionStatus.ANSWERED,
                      last_progress_at=now - timedelta(weeks=20))
        make_question(programme=cls.programme, experiment=cls.other_experiment, title="Stil en geheim",
                      last_progress_at=now - timedelta(weeks=30))

    def test_default_six_weeks_open_only(self):
        self.login(self.reader)
        response = self.client.get(self.url)
        self.assertEqual(self.titles(response), {"Acht weken stil"})
        self.assertEqual(response.context["weeks"], 6)

    def test_weeks_parameter_and_order(self):
        self.login(self.coordinator)
        response = self.client.get(f"{self.url}?weeks=2")
        self.assertEqual([q.title for q in response.context["page"]],
                         ["Stil en geheim", "Acht weken stil", "Drie weken stil"])

    def test_bad_weeks_falls_back_with_a_message(self):
        self.login(self.coordinator)
        for value in ("abc", "0", "-3", "100000"):
            with self.subTest(value=value):
                response = self.client.get(f"{self.url}?weeks={value}")
                self.assertEqual(response.context["weeks"], 6)
                self.assertContains(response, "Enter a number of weeks from 1 to 520")

    def test_grid(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.outsider)
        self.assertEqual(self.titles(self.client.get(self.url)), set())
        self.assertEqual(self.client.post(self.url).status_code, 405)


class QuestionCreateTests(QuestionViewFixtures):
    url = reverse("labs:question-create")

    def test_reader_raises_a_question_for_their_experiment(self):
        self.login(self.reader)
        response = self.client.post(self.url, {
            "programme": self.programme.pk, "experiment": self.experiment.pk, "title": "Wat vinden bewoners?",
            "description": "Uitleg", "themes": [self.theme.pk]})
        question = KnowledgeQuestion.objects.get(title="Wat vinden bewoners?")
        self.assertRedirects(response, question.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual((question.raised_by, question.experiment), (self.reader, self.experiment))
        self.assertEqual(list(question.followers.all()), [self.reader])
        self.assertContains(self.client.get(question.get_absolute_url()), "Your question has been raised.")

    def test_a_malformed_experiment_in_the_address_is_ignored(self):
        self.login(self.reader)
        for value in ("²", "abc", "99999999999999999999"):
            with self.subTest(value=value):
                response = self.client.get(self.url, {"experiment": value})
                self.assertNotIn("experiment", response.context["form"].initial)
        response = self.client.get(self.url, {"experiment": self.experiment.pk})
        self.assertEqual(response.context["form"].initial["experiment"], self.experiment.pk)

    def test_form_offers_only_readable_experiments(self):
        self.login(self.reader)
        response = self.client.get(self.url)
        self.assertEqual(set(response.context["form"].fields["experiment"].queryset), {self.experiment})
        self.assertNotContains(response, self.other_experiment.title)

    def test_other_experiment_is_refused_and_nothing_saved(self):
        self.login(self.reader)
        response = self.client.post(self.url, {"programme": self.programme.pk,
                                               "experiment": self.other_experiment.pk, "title": "Sluiproute"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["experiment"])
        self.assertFalse(KnowledgeQuestion.objects.filter(title="Sluiproute").exists())

    def test_missing_title_re_renders(self):
        self.login(self.reader)
        response = self.client.post(self.url, {"programme": self.programme.pk, "title": ""})
        self.assertContains(response, "This field is required.")
        self.assertEqual(KnowledgeQuestion.objects.count(), 3)

    def test_programme_wide_by_editor(self):
        self.login(self.editor)
        self.client.post(self.url, {"programme": self.programme.pk, "title": "Voor iedereen"})
        self.assertIsNone(KnowledgeQuestion.objects.get(title="Voor iedereen").experiment)

    def test_grid(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, {"title": "x"}).status_code, 404)
        self.login(self.reader)
        self.assertEqual(self.client.put(self.url).status_code, 405)


class QuestionUpdateTests(QuestionViewFixtures):
    def url(self, question):
        return reverse("labs:question-update", args=[question.pk])

    def test_raiser_edits_while_raised(self):
        self.login(self.reader)
        response = self.client.post(self.url(self.own), {"title": "Scherpere vraag", "description": "",
                                                         "themes": [self.other_theme.pk], "version": 1})
        self.assertRedirects(response, self.own.get_absolute_url(), fetch_redirect_response=False)
        self.own.refresh_from_db()
        self.assertEqual((self.own.title, self.own.version), ("Scherpere vraag", 2))
        self.assertEqual(list(self.own.themes.all()), [self.other_theme])

    def test_stale_version_is_refused(self):
        self.login(self.reader)
        response = self.client.post(self.url(self.own), {"title": "Te laat", "version": 0})
        self.assertContains(response, "Someone else changed this question")
        self.own.refresh_from_db()
        self.assertEqual(self.own.title, "Vraag van Pendrecht")

    def test_form_shows_current_values(self):
        self.login(self.coordinator)
        response = self.client.get(self.url(self.programme_wide))
        self.assertEqual(response.context["form"].initial["title"], "Vraag voor het hele programma")

    def test_grid(self):
        url = self.url(self.own)
        self.assertEqual(self.client.get(url).status_code, 302)
        self.login(self.outsider)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.editor)  # sees the question, did not raise it
        self.assertEqual(self.client.get(url).status_code, 403)
        self.login(self.researcher)
        self.assertEqual(self.client.post(url, {"title": "x", "version": 1}).status_code, 403)
        self.login(self.reader)
        self.assertEqual(self.client.get(self.url(self.foreign)).status_code, 404)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(self.client.delete(url).status_code, 405)
        self.own.refresh_from_db()
        self.assertEqual(self.own.title, "Vraag van Pendrecht")
