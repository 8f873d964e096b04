"""The coordinator's week: a single Kennislab planned, cancelled; questions taken off an agenda; the warning before
a past lab's agenda changes; others registered, walk-ins and the printable attendance list."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dubbelslag.core.models import AuditEvent
from dubbelslag.labs.enums import QuestionStatus
from dubbelslag.labs.models import AgendaItem, KnowledgeLab, Registration
from dubbelslag.labs.services import sessions as services
from dubbelslag.labs.services.questions import assign_question
from testing.base import BaseTestCase
from testing.factories.labs import in_days, make_lab, make_question


class LabCreateTests(BaseTestCase):
    url = reverse("labs:lab-create")

    def test_coordinator_plans_a_single_lab(self):
        make_lab(programme=self.programme, number=4)
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(self.url)
        self.assertContains(response, "Plan a Kennislab")
        response = self.client.post(self.url, {
            "programme": self.programme.pk, "title": "Extra Kennislab warmte", "starts_at": "2031-05-14T13:30",
            "ends_at": "2031-05-14T17:00", "location": "Utrecht"})
        lab = KnowledgeLab.objects.get(title="Extra Kennislab warmte")
        self.assertRedirects(response, lab.get_absolute_url())
        self.assertEqual((lab.number, lab.location, lab.programme), (5, "Utrecht", self.programme))
        self.assertEqual(list(AuditEvent.objects.for_object(lab).values_list("action", flat=True)), ["create"])

    def test_bad_input_is_shown_and_nothing_written(self):
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        response = self.client.post(self.url, {"programme": self.programme.pk, "title": "X",
                                               "starts_at": "2031-05-14T13:30", "ends_at": "2031-05-13T13:30"})
        self.assertContains(response, "The end cannot be before the start.")
        self.assertFalse(KnowledgeLab.objects.exists())

    def test_grid(self):
        self.assertRedirects(self.client.get(self.url), reverse("accounts:login") + "?next=" + self.url)
        self.login(self.reader)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, {"programme": self.programme.pk, "title": "X",
                                                     "starts_at": "2031-05-14T13:30"}).status_code, 403)
        self.assertFalse(KnowledgeLab.objects.exists())
        self.login(self.coordinator)
        self.assertEqual(self.client.put(self.url).status_code, 405)


class LabCancelTests(BaseTestCase):
    def setUp(self):
        self.lab = make_lab(programme=self.programme, starts_at=in_days(20))
        self.url = reverse("labs:lab-cancel", args=[self.lab.pk])

    def test_cancel_with_reason(self):
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        response = self.client.post(self.url, {"reason": "Te weinig aanmeldingen."}, follow=True)
        self.lab.refresh_from_db()
        self.assertTrue(self.lab.is_cancelled)
        self.assertEqual(self.lab.cancellation_reason, "Te weinig aanmeldingen.")
        self.assertContains(response, "This Kennislab was cancelled on")
        self.assertContains(response, "Te weinig aanmeldingen.")
        self.assertNotContains(response, "Register for this Kennislab")
        event = AuditEvent.objects.for_object(self.lab).get()
        self.assertEqual(event.changes["cancellation_reason"], ["", "Te weinig aanmeldingen."])
        with self.assertRaises(ValidationError):
            services.register_for_lab(self.lab, user=self.reader)

    def test_reason_required_and_past_refused(self):
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        response = self.client.post(self.url, {"reason": " "})
        self.assertContains(response, "This field is required.")
        past = make_lab(programme=self.programme, number=2, starts_at=in_days(-3))
        response = self.client.post(reverse("labs:lab-cancel", args=[past.pk]), {"reason": "Weg"})
        self.assertContains(response, "already taken place")
        self.assertFalse(KnowledgeLab.objects.filter(cancelled_at__isnull=False).exists())
        self.assertFalse(AuditEvent.objects.filter(object_id__in=[self.lab.pk, past.pk]).exists())

    def test_grid(self):
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url, {"reason": "x"}).status_code, 404)
        self.login(self.reader)
        self.assertEqual(self.client.post(self.url, {"reason": "x"}).status_code, 403)
        self.lab.refresh_from_db()
        self.assertFalse(self.lab.is_cancelled)


class UnassignTests(BaseTestCase):
    def setUp(self):
        self.lab = make_lab(programme=self.programme, starts_at=in_days(20))
        self.question = make_question(programme=self.programme, status=QuestionStatus.TRIAGED)
        assign_question(self.question, by=self.coordinator, lab=self.lab)
        self.url = reverse("labs:lab-unassign", args=[self.lab.pk])

    def test_take_off_the_agenda_with_a_reason(self):
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        self.assertContains(self.client.get(reverse("labs:lab-prepare", args=[self.lab.pk])),
                            "off the agenda")
        response = self.client.post(self.url, {"question": self.question.pk, "reason": "Hoort bij de werkgroep."},
                                    follow=True)
        self.question.refresh_from_db()
        self.assertEqual((self.question.status, self.question.assigned_lab), (QuestionStatus.TRIAGED, None))
        self.assertFalse(AgendaItem.objects.filter(lab=self.lab).exists())
        self.assertContains(response, "is no longer on the agenda of")
        detail = self.client.get(self.question.get_absolute_url())
        self.assertContains(detail, "took it off the agenda")
        self.assertContains(detail, "Hoort bij de werkgroep.")

    def test_reason_required(self):
        self.login(self.coordinator)
        self.client.post(self.url, {"question": self.question.pk, "reason": ""})
        self.question.refresh_from_db()
        self.assertEqual(self.question.status, QuestionStatus.ASSIGNED)
        self.assertEqual(AgendaItem.objects.filter(lab=self.lab).count(), 1)

    def test_reader_refused(self):
        self.login(self.reader)
        self.assertEqual(self.client.post(self.url, {"question": self.question.pk, "reason": "x"}).status_code, 403)
        self.question.refresh_from_db()
        self.assertEqual(self.question.status, QuestionStatus.ASSIGNED)


class PastLabWarningTests(BaseTestCase):
    def test_asks_before_putting_a_question_on_a_past_agenda(self):
        past = make_lab(programme=self.programme, starts_at=in_days(-7))
        question = make_question(programme=self.programme, status=QuestionStatus.TRIAGED)
        url = reverse("labs:lab-prepare", args=[past.pk])
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        self.assertContains(self.client.get(url), "This Kennislab has already taken place.")
        response = self.client.post(url, {"question": question.pk})
        self.assertContains(response, "Yes, put it on this agenda")
        question.refresh_from_db()
        self.assertEqual((question.status, question.assigned_lab), (QuestionStatus.TRIAGED, None))
        self.client.post(url, {"question": question.pk, "confirm_past": "1"})
        question.refresh_from_db()
        self.assertEqual((question.status, question.assigned_lab), (QuestionStatus.ASSIGNED, past))

    def test_triage_first_is_a_link(self):
        lab = make_lab(programme=self.programme)
        question = make_question(programme=self.programme)
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("labs:lab-prepare", args=[lab.pk]))
        self.assertContains(
            response, f'<a href="{question.get_absolute_url()}#step-triage-heading">Triage first'
                      f'<span class="visually-hidden">: {question.title}</span></a>', html=True)
        # The link lands on the triage form itself.
        self.assertContains(self.client.get(question.get_absolute_url()), 'id="step-triage-heading"')


class ParticipantsTests(BaseTestCase):
    def setUp(self):
        self.lab = make_lab(programme=self.programme, starts_at=in_days(10))
        self.url = reverse("labs:lab-participants", args=[self.lab.pk])

    def test_coordinator_registers_two_participants(self):
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(self.url + "?q=Zuidrand")
        self.assertEqual(list(response.context["form"].fields["user"].queryset), [self.reader])
        self.client.post(self.url, {"user": self.reader.pk, "walk_in": "0"})
        response = self.client.post(self.url, {"user": self.editor.pk, "walk_in": "0"}, follow=True)
        self.assertContains(response, "Eva Editor is registered.")
        self.assertEqual(set(Registration.objects.filter(lab=self.lab).values_list("user", "attended")),
                         {(self.reader.pk, None), (self.editor.pk, None)})
        listing = self.client.get(reverse("labs:lab-attendance-list", args=[self.lab.pk]))
        self.assertContains(listing, "Lars Lezer")
        self.assertContains(listing, "Woonstichting Zuidrand")
        self.assertContains(listing, "2 registrations")

    def test_outsiders_and_walk_ins_before_the_start_refused(self):
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        response = self.client.post(self.url, {"user": self.outsider.pk})
        self.assertContains(response, "Select a valid choice")
        response = self.client.post(self.url, {"user": self.reader.pk, "walk_in": "1"})
        self.assertContains(response, "Walk-in attendance can be recorded once the Kennislab has started.")
        self.assertFalse(Registration.objects.exists())
        with self.assertRaises(ValidationError):
            services.register_participant(self.lab, user=self.outsider, by=self.coordinator)

    def test_walk_in_after_the_start(self):
        started = make_lab(programme=self.programme, number=2, starts_at=in_days(-1))
        Registration.objects.create(lab=started, user=self.editor)
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        url = reverse("labs:lab-participants", args=[started.pk])
        self.client.post(url, {"user": self.reader.pk, "walk_in": "1"})
        self.client.post(url, {"user": self.editor.pk, "walk_in": "1"})
        self.assertEqual(set(Registration.objects.filter(lab=started).values_list("user", "attended")),
                         {(self.reader.pk, True), (self.editor.pk, True)})
        response = self.client.post(url, {"user": self.researcher.pk, "walk_in": "0"})
        self.assertContains(response, "walk-in")
        self.assertFalse(Registration.objects.filter(user=self.researcher).exists())

    def test_grid(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.reader)
        self.assertEqual(self.client.post(self.url, {"user": self.reader.pk}).status_code, 403)
        self.assertEqual(self.client.get(reverse("labs:lab-attendance-list", args=[self.lab.pk])).status_code, 403)
        self.assertFalse(Registration.objects.exists())
        with self.assertRaises(PermissionDenied):
            services.register_participant(self.lab, user=self.reader, by=self.reader)
