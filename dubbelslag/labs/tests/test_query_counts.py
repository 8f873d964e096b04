"""Every list of the labs app (pages, and the lists on session pages and feeds) runs the same number of queries for
one item as for three. Each item is created with the related rows its list shows (themes, people, sessions,
questions, counts), so that a query per item (N+1) would show as a difference."""

from datetime import timedelta
from itertools import count

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dubbelslag.labs import calendar
from dubbelslag.labs.enums import QuestionStatus
from dubbelslag.labs.models import Action, AgendaItem, Document, Registration, WorkingGroupMeeting
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership, Theme
from testing.base import BaseTestCase, make_programme, make_user
from testing.factories.labs import in_days, make_deep_dive, make_lab, make_question, make_working_group

_serial = count(1)


class QueryCountTestCase(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.parent_theme = Theme.objects.create(slug=f"thema-{next(_serial)}", name_nl="Bewoners",
                                                 name_en="Residents")
        self.theme = Theme.objects.create(slug=f"thema-{next(_serial)}", name_nl="Draagvlak", name_en="Support",
                                          parent=self.parent_theme)

    def assert_constant_queries(self, url: str, make_item, *, expect=None) -> None:
        """One item, then three: the page runs the same queries. `expect(response, n)` checks what it shows."""
        make_item()
        self.client.get(url)  # warm-up: per-process caches (content types, the personal feed's token) fill here
        with CaptureQueriesContext(connection) as one:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        if expect is not None:
            expect(response, 1)
        make_item()
        make_item()
        with self.assertNumQueries(len(one.captured_queries)):
            response = self.client.get(url)
        if expect is not None:
            expect(response, 3)

    def rich_question(self, **overrides):
        """A question with an experiment, a raiser, themes, followers and an assignment."""
        number = next(_serial)
        fields = {"title": f"Vraag {number}", "experiment": self.experiment, "raised_by": self.editor,
                  "themes": [self.theme], "followers": [self.reader, self.coordinator],
                  "status": QuestionStatus.ASSIGNED}
        fields.update(overrides)
        if "assigned_group" not in fields:
            fields["assigned_group"] = make_working_group(programme=self.programme, name=f"Werkgroep {number}")
        return make_question(programme=self.programme, **fields)

    def document(self, **session) -> Document:
        number = next(_serial)
        return Document.objects.create(title=f"Verslag {number}", file=f"labs/{number:016x}/verslag.pdf",
                                       content_type="application/pdf", size=1024, uploaded_by=self.coordinator,
                                       **session)

    def action(self, **session) -> Action:
        return Action.objects.create(programme=self.programme, title=f"Actie {next(_serial)}", owner=self.reader,
                                     due_date=timezone.localdate() + timedelta(days=7),
                                     question=self.rich_question(), **session)


class QuestionListQueryTests(QueryCountTestCase):
    def test_question_list(self):
        self.login(self.coordinator)
        made = []

        def expect(response, n):
            self.assertEqual({question.pk for question in response.context["page"]}, {q.pk for q in made})
            self.assertEqual(len(made), n)

        self.assert_constant_queries(reverse("labs:question-list"), lambda: made.append(self.rich_question()),
                                     expect=expect)

    def test_my_questions(self):
        self.login(self.reader)
        made = []

        def expect(response, n):
            self.assertEqual({question.pk for question in response.context["page"]}, {q.pk for q in made})

        self.assert_constant_queries(reverse("labs:my-questions"), lambda: made.append(self.rich_question()),
                                     expect=expect)

    def test_stale_questions(self):
        self.login(self.coordinator)
        made = []

        def make():
            made.append(self.rich_question(last_progress_at=timezone.now() - timedelta(weeks=10)))

        def expect(response, n):
            self.assertEqual({question.pk for question in response.context["page"]}, {q.pk for q in made})

        self.assert_constant_queries(reverse("labs:stale-questions"), make, expect=expect)


class SessionListQueryTests(QueryCountTestCase):
    def test_lab_list(self):
        self.login(self.reader)
        numbers = count(1)

        def make():
            lab = make_lab(programme=self.programme, number=next(numbers), themes=[self.theme])
            AgendaItem.objects.create(lab=lab, title="Vragen", order=10).questions.set([self.rich_question()])
            Registration.objects.create(lab=lab, user=self.reader)
            Registration.objects.create(lab=lab, user=self.editor)

        def expect(response, n):
            labs = list(response.context["labs"])
            self.assertEqual(len(labs), n)
            self.assertEqual({(lab.question_count, lab.registration_count) for lab in labs}, {(1, 2)})

        self.assert_constant_queries(reverse("labs:lab-list"), make, expect=expect)

    def test_working_group_list(self):
        self.login(self.reader)
        numbers = count(1)

        def make():
            group = make_working_group(programme=self.programme, name=f"Groep {next(numbers)}", theme=self.theme,
                                       chair=self.coordinator, members=[self.reader, self.editor])
            WorkingGroupMeeting.objects.create(group=group, starts_at=in_days(3))
            self.rich_question(assigned_group=group)

        def expect(response, n):
            groups = list(response.context["groups"])
            self.assertEqual(len(groups), n)
            self.assertEqual({(g.member_count, g.question_count, g.meeting_count) for g in groups}, {(2, 1, 1)})
            self.assertContains(response, "Carla Coördinator", count=n)

        self.assert_constant_queries(reverse("labs:working-group-list"), make, expect=expect)

    def test_deep_dive_list(self):
        self.login(self.reader)
        numbers = count(1)

        def make():
            deep_dive = make_deep_dive(programme=self.programme, topic=f"Onderwerp {next(numbers)}")
            self.rich_question(assigned_group=None, assigned_deep_dive=deep_dive)

        def expect(response, n):
            deep_dives = list(response.context["deep_dives"])
            self.assertEqual(len(deep_dives), n)
            self.assertEqual({deep_dive.question_count for deep_dive in deep_dives}, {1})

        self.assert_constant_queries(reverse("labs:deep-dive-list"), make, expect=expect)

    def test_my_actions_across_kinds_of_session(self):
        self.login(self.reader)
        lab = make_lab(programme=self.programme)
        group = make_working_group(programme=self.programme)
        meeting = WorkingGroupMeeting.objects.create(group=group, starts_at=in_days(3))
        deep_dive = make_deep_dive(programme=self.programme)
        sessions = iter([{"lab": lab}, {"meeting": meeting}, {"deep_dive": deep_dive}])
        made = []

        def expect(response, n):
            self.assertEqual({action.pk for action in response.context["open_actions"]}, {a.pk for a in made})

        self.assert_constant_queries(reverse("labs:my-actions"), lambda: made.append(self.action(**next(sessions))),
                                     expect=expect)


class SessionPageListQueryTests(QueryCountTestCase):
    """The lists on a session's page: agenda, registrations, questions, actions, documents, members, meetings."""

    def test_lab_detail(self):
        self.login(self.coordinator)
        lab = make_lab(programme=self.programme)
        users = iter([self.reader, self.editor, self.researcher])

        def make():
            AgendaItem.objects.create(lab=lab, title="Punt", order=10).questions.set([self.rich_question()])
            self.rich_question(assigned_group=None, assigned_lab=lab)
            Registration.objects.create(lab=lab, user=next(users))
            self.action(lab=lab)
            self.document(lab=lab)

        def expect(response, n):
            self.assertEqual(len(response.context["registrations"]), n)
            self.assertEqual(len(list(response.context["documents"])), n)
            self.assertEqual(len(list(response.context["actions"])), n)
            self.assertEqual(len(list(response.context["assigned_questions"])), n)

        self.assert_constant_queries(reverse("labs:lab-detail", args=[lab.pk]), make, expect=expect)

    def test_lab_prepare(self):
        self.login(self.coordinator)
        lab = make_lab(programme=self.programme)
        made = []

        def make():
            made.append(self.rich_question(status=QuestionStatus.TRIAGED, assigned_group=None))
            AgendaItem.objects.create(lab=lab, title="Punt", order=10).questions.set([self.rich_question()])
            self.rich_question(assigned_group=None, assigned_lab=lab)

        def expect(response, n):
            self.assertEqual({question.pk for question in response.context["open_questions"]}, {q.pk for q in made})
            self.assertEqual(len(list(response.context["agenda"])), n)
            self.assertEqual(len(list(response.context["assigned_questions"])), n)

        self.assert_constant_queries(reverse("labs:lab-prepare", args=[lab.pk]), make, expect=expect)

    def test_working_group_detail(self):
        self.login(self.coordinator)
        group = make_working_group(programme=self.programme, chair=self.coordinator)
        members = iter([self.reader, self.editor, self.researcher])

        def make():
            group.members.add(next(members))
            meeting = WorkingGroupMeeting.objects.create(group=group, starts_at=in_days(3))
            self.action(meeting=meeting)
            self.rich_question(assigned_group=group)

        def expect(response, n):
            self.assertEqual(len(list(response.context["members"])), n)
            self.assertEqual(len(list(response.context["meetings"])), n)
            self.assertEqual(len(list(response.context["actions"])), n)
            self.assertEqual(len(list(response.context["questions"])), n)

        self.assert_constant_queries(reverse("labs:working-group-detail", args=[group.pk]), make, expect=expect)

    def test_meeting_detail(self):
        self.login(self.coordinator)
        meeting = WorkingGroupMeeting.objects.create(group=make_working_group(programme=self.programme),
                                                     starts_at=in_days(3))

        def make():
            self.action(meeting=meeting)
            self.document(meeting=meeting)

        def expect(response, n):
            self.assertEqual(len(list(response.context["actions"])), n)
            self.assertEqual(len(list(response.context["documents"])), n)

        self.assert_constant_queries(reverse("labs:meeting-detail", args=[meeting.pk]), make, expect=expect)

    def test_deep_dive_detail(self):
        self.login(self.coordinator)
        deep_dive = make_deep_dive(programme=self.programme)

        def make():
            self.action(deep_dive=deep_dive)
            self.document(deep_dive=deep_dive)
            self.rich_question(assigned_group=None, assigned_deep_dive=deep_dive)

        def expect(response, n):
            self.assertEqual(len(list(response.context["actions"])), n)
            self.assertEqual(len(list(response.context["documents"])), n)
            self.assertEqual(len(list(response.context["questions"])), n)

        self.assert_constant_queries(reverse("labs:deep-dive-detail", args=[deep_dive.pk]), make, expect=expect)


class CalendarQueryTests(QueryCountTestCase):
    def make_sessions(self, programme):
        number = next(_serial)
        make_lab(programme=programme, number=number)
        group = make_working_group(programme=programme, name=f"Groep {number}", members=[self.reader])
        WorkingGroupMeeting.objects.create(group=group, starts_at=in_days(3))
        make_deep_dive(programme=programme, topic=f"Onderwerp {number}")

    def test_programme_feed(self):
        def expect(response, n):
            self.assertEqual(response.content.count(b"BEGIN:VEVENT"), 3 * n)

        self.assert_constant_queries(reverse("labs:calendar-programme", args=[self.programme.slug]),
                                     lambda: self.make_sessions(self.programme), expect=expect)

    def test_user_feed(self):
        feed = calendar.feed_for(self.reader)

        def make():
            self.make_sessions(self.programme)
            Registration.objects.create(lab=self.programme.labs.order_by("-pk").first(), user=self.reader)

        def expect(response, n):
            self.assertEqual(response.content.count(b"BEGIN:VEVENT"), 3 * n)

        self.assert_constant_queries(reverse("labs:calendar-user", args=[feed.token]), make, expect=expect)

    def test_calendar_settings_lists_every_programme(self):
        person = make_user("veelzijdig@example.org", name="Vera Veelzijdig")
        self.login(person)

        def make():
            programme = make_programme(slug=f"programma-{next(_serial)}", name=f"Programma {next(_serial)}")
            Membership.objects.create(user=person, programme=programme, role=MembershipRole.RESEARCHER)
            self.make_sessions(programme)

        def expect(response, n):
            self.assertEqual(len(response.context["programme_feeds"]), n)

        self.assert_constant_queries(reverse("labs:calendar-settings"), make, expect=expect)
