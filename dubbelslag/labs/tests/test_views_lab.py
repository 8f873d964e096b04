"""Kennislab pages: list, detail, edit, prepare, series and the permission grid."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from dubbelslag.labs.enums import QuestionStatus
from dubbelslag.labs.models import AgendaItem, KnowledgeLab, Registration
from dubbelslag.labs.services import sessions as services
from testing.base import BaseTestCase
from testing.factories.labs import in_days, make_lab, make_question


class LabListTests(BaseTestCase):
    def test_grouped_per_year_next_highlighted_with_counts(self):
        past = make_lab(programme=self.programme, number=1, starts_at=in_days(-400))
        upcoming = make_lab(programme=self.programme, number=2, starts_at=in_days(20))
        later = make_lab(programme=self.programme, number=3, starts_at=in_days(400))
        question = make_question(programme=self.programme)
        services.create_agenda_item(upcoming, by=None, title="Vraag", questions=[question])
        Registration.objects.create(lab=upcoming, user=self.reader)
        Registration.objects.create(lab=upcoming, user=self.editor)
        self.login(self.reader)
        response = self.client.get(reverse("labs:lab-list"))
        labs = {lab.pk: lab for lab in response.context["labs"]}
        self.assertEqual(set(labs), {past.pk, upcoming.pk, later.pk})
        self.assertEqual((labs[upcoming.pk].question_count, labs[upcoming.pk].registration_count), (1, 2))
        self.assertEqual(response.context["next_lab_ids"], {upcoming.pk})
        self.assertContains(response, 'class="lab-row-next"', count=1)
        years = {str(lab.starts_at.year) for lab in labs.values()}
        for year in years:
            self.assertContains(response, f"<caption>{year}</caption>")
        # Only coordinators see the series button.
        self.assertNotContains(response, reverse("labs:lab-series", args=[self.programme.slug]))

    def test_outsider_sees_nothing_and_anonymous_logs_in(self):
        make_lab(programme=self.programme)
        self.login(self.outsider)
        response = self.client.get(reverse("labs:lab-list"))
        self.assertEqual(list(response.context["labs"]), [])
        self.client.logout()
        response = self.client.get(reverse("labs:lab-list"))
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={reverse('labs:lab-list')}")

    def test_query_count_does_not_grow(self):
        self.login(self.coordinator)
        make_lab(programme=self.programme, number=1)
        # Session, user, programmes, role, labs, and the header's unread-notification count and menu entry.
        with self.assertNumQueries(7) as one:
            self.client.get(reverse("labs:lab-list"))
        make_lab(programme=self.programme, number=2)
        make_lab(programme=self.programme, number=3)
        with self.assertNumQueries(len(one.captured_queries)):
            self.client.get(reverse("labs:lab-list"))


class LabSeriesViewTests(BaseTestCase):
    def test_coordinator_plans_series(self):
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        url = reverse("labs:lab-series", args=[self.programme.slug])
        response = self.client.post(url, follow=True)
        self.assertEqual(KnowledgeLab.objects.filter(programme=self.programme).count(), 12)
        self.assertContains(response, "12 Kennislabs have been planned.")
        response = self.client.post(url, follow=True)
        self.assertContains(response, "nothing was added")
        self.assertEqual(KnowledgeLab.objects.count(), 12)

    def test_grid(self):
        url = reverse("labs:lab-series", args=[self.programme.slug])
        self.assertEqual(self.client.post(url).status_code, 302)  # anonymous → login
        self.login(self.outsider)
        self.assertEqual(self.client.post(url).status_code, 404)
        self.login(self.researcher)
        self.assertEqual(self.client.post(url).status_code, 403)
        self.login(self.coordinator)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.assertEqual(self.client.post(reverse("labs:lab-series", args=["nope"])).status_code, 404)
        self.assertFalse(KnowledgeLab.objects.exists())


class LabDetailTests(BaseTestCase):
    def setUp(self):
        self.lab = make_lab(programme=self.programme, minutes="**Besproken**", outcomes="- punt een",
                            online_url="https://meet.example.org/lab")
        self.question = make_question(programme=self.programme, status=QuestionStatus.ASSIGNED,
                                      assigned_lab=self.lab, answer_summary="Via de huiskamer.")
        self.hidden = make_question(programme=self.programme, experiment=self.other_experiment,
                                    title="Geheime vraag van Palenstein", status=QuestionStatus.ASSIGNED,
                                    assigned_lab=self.lab)
        services.create_agenda_item(self.lab, by=None, title="Bewoners bereiken", presenter="Eva",
                                    duration_minutes=45, questions=[self.question, self.hidden],
                                    outcome="Een *proef* in Pendrecht")
        services.create_action(by=None, title="Notitie schrijven", owner=self.editor, lab=self.lab,
                               due_date=timezone.localdate() + timedelta(days=7))
        Registration.objects.create(lab=self.lab, user=self.editor)

    def test_participant_sees_everything_but_questions_they_may_not_read(self):
        self.login(self.reader)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("labs:lab-detail", args=[self.lab.pk]))
        self.assertContains(response, "<strong>Besproken</strong>", html=True)
        self.assertContains(response, "<li>punt een</li>", html=True)
        self.assertContains(response, "Een <em>proef</em> in Pendrecht")
        self.assertContains(response, "Bewoners bereiken")
        self.assertContains(response, self.question.title, count=2)  # on the agenda and among assigned questions
        self.assertNotContains(response, self.hidden.title)
        self.assertContains(response, "Notitie schrijven")
        self.assertContains(response, "Eva Editor")  # registrations are visible to participants
        self.assertContains(response, "https://meet.example.org/lab")
        self.assertNotContains(response, reverse("labs:lab-update", args=[self.lab.pk]))
        self.assertIsNone(response.context["audit_events"])
        self.assertContains(response, "Register for this Kennislab")

    def test_coordinator_sees_edit_links_and_history(self):
        self.login(self.coordinator)
        response = self.client.get(reverse("labs:lab-detail", args=[self.lab.pk]))
        self.assertContains(response, reverse("labs:lab-update", args=[self.lab.pk]))
        self.assertContains(response, reverse("labs:lab-prepare", args=[self.lab.pk]))
        self.assertContains(response, self.hidden.title)  # the programme team reads every experiment
        self.assertEqual(len(response.context["audit_events"]), 2)

    def test_grid(self):
        url = reverse("labs:lab-detail", args=[self.lab.pk])
        self.assertEqual(self.client.get(url).status_code, 302)
        self.login(self.outsider)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.reader)
        self.assertEqual(self.client.post(url).status_code, 405)
        self.assertEqual(self.client.get(reverse("labs:lab-detail", args=[999999])).status_code, 404)


class LabUpdateTests(BaseTestCase):
    def setUp(self):
        self.lab = make_lab(programme=self.programme)
        self.url = reverse("labs:lab-update", args=[self.lab.pk])

    def data(self, **overrides):
        data = {"title": "Kennislab Pendrecht", "starts_at": "2031-03-13T13:30", "ends_at": "2031-03-13T17:00",
                "location": "Huiskamer Pendrecht", "online_url": "", "minutes": "", "outcomes": "## Uitkomst",
                "version": "1"}
        data.update(overrides)
        return data

    def test_coordinator_saves(self):
        self.login(self.coordinator)
        response = self.client.post(self.url, self.data())
        self.assertRedirects(response, self.lab.get_absolute_url())
        self.lab.refresh_from_db()
        self.assertEqual((self.lab.title, self.lab.location, self.lab.version),
                         ("Kennislab Pendrecht", "Huiskamer Pendrecht", 2))
        self.assertEqual(timezone.localtime(self.lab.starts_at).strftime("%Y-%m-%d %H:%M"), "2031-03-13 13:30")

    def test_stale_version_and_bad_input_save_nothing(self):
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        response = self.client.post(self.url, self.data(version="0"))
        self.assertContains(response, "Someone else changed this Kennislab")
        response = self.client.post(self.url, self.data(ends_at="2031-03-12T10:00", version="1"))
        self.assertContains(response, "The end cannot be before the start.")
        response = self.client.post(self.url, self.data(starts_at="gisteren"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["starts_at"])
        self.lab.refresh_from_db()
        self.assertEqual((self.lab.title, self.lab.version), ("Kennislab 1", 1))

    def test_grid(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        for person in (self.reader, self.researcher):
            self.login(person)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.login(self.coordinator)
        self.assertEqual(self.client.put(self.url).status_code, 405)
        response = self.client.get(self.url)
        self.assertEqual(response.context["form"].initial["title"], "Kennislab 1")
        self.lab.refresh_from_db()
        self.assertEqual(self.lab.version, 1)


class LabPrepareTests(BaseTestCase):
    def setUp(self):
        self.lab = make_lab(programme=self.programme)
        self.url = reverse("labs:lab-prepare", args=[self.lab.pk])
        self.triaged = make_question(programme=self.programme, title="Triaged vraag", status=QuestionStatus.TRIAGED,
                                     raised_by=self.reader)
        self.raised = make_question(programme=self.programme, title="Nieuwe vraag")
        self.elsewhere = make_question(programme=self.programme, title="Al ergens anders",
                                       status=QuestionStatus.ASSIGNED, assigned_lab=make_lab(programme=self.programme,
                                                                                            number=2))
        self.answered = make_question(programme=self.programme, title="Beantwoord", status=QuestionStatus.ANSWERED,
                                      raised_by=self.reader)

    def test_lists_open_unassigned_questions(self):
        self.login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual({q.pk for q in response.context["open_questions"]}, {self.triaged.pk, self.raised.pk})
        self.assertContains(response, 'name="question"', count=1)  # a raised question is triaged first

    def test_assign_puts_question_on_the_agenda(self):
        self.login(self.coordinator)
        response = self.client.post(self.url, {"question": self.triaged.pk})
        self.assertRedirects(response, self.url)
        self.triaged.refresh_from_db()
        self.assertEqual((self.triaged.status, self.triaged.assigned_lab), (QuestionStatus.ASSIGNED, self.lab))
        self.assertTrue(AgendaItem.objects.filter(lab=self.lab, questions=self.triaged).exists())

    def test_a_malformed_question_is_not_found(self):
        self.login(self.coordinator)
        for value in ("²", "abc", "99999999999999999999"):
            with self.subTest(value=value):
                self.assertEqual(self.client.post(self.url, {"question": value}).status_code, 404)
        self.assertFalse(AgendaItem.objects.filter(lab=self.lab).exists())

    def test_illegal_assignment_shows_message(self):
        self.login(self.coordinator)
        response = self.client.post(self.url, {"question": self.answered.pk}, follow=True)
        self.assertEqual([m.level_tag for m in response.context["messages"]], ["error"])
        self.answered.refresh_from_db()
        self.assertIsNone(self.answered.assigned_lab)
        self.assertEqual(self.client.post(self.url, {"question": "x"}).status_code, 404)

    def test_grid(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.researcher)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, {"question": self.triaged.pk}).status_code, 403)
        self.triaged.refresh_from_db()
        self.assertEqual(self.triaged.status, QuestionStatus.TRIAGED)
        self.login(self.coordinator)
        self.assertEqual(self.client.delete(self.url).status_code, 405)
