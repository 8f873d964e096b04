"""The dashboard's "needs my attention", per role: each count equals the rows of the list its link opens, and nobody
is told about, or shown, what they may not see or act on."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from dubbelslag.labs.enums import ActionStatus, QuestionStatus
from dubbelslag.labs.models import Action
from dubbelslag.publications.enums import VersionStatus
from dubbelslag.research.enums import RecordStatus
from testing.base import BaseTestCase, make_programme, make_user
from testing.factories.labs import in_days, make_lab, make_question
from testing.factories.publications import make_product
from testing.factories.research import make_record

DASHBOARD = reverse("programme:dashboard")


class AttentionTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        p = cls.programme
        cls.elsewhere = make_programme(name="Leefbaarheid", slug="leefbaarheid")
        cls.stranger = make_user("stranger@example.org", name="Sara Elders")
        from dubbelslag.programme.models import Membership

        Membership.objects.create(user=cls.stranger, programme=cls.elsewhere, role="coordinator")

        # The next lab is the first one still to come that is not cancelled.
        make_lab(programme=p, number=1, title="Kennislab voorbij", starts_at=in_days(-10))
        make_lab(programme=p, number=2, title="Kennislab afgelast", starts_at=in_days(3),
                 cancelled_at=timezone.now())
        cls.next_lab = make_lab(programme=p, number=3, title="Kennislab voorjaar", starts_at=in_days(10))
        later = make_lab(programme=p, number=4, title="Kennislab zomer", starts_at=in_days(40))
        cls.on_agenda = make_question(programme=p, title="Op de agenda", status=QuestionStatus.ASSIGNED,
                                      assigned_lab=cls.next_lab)
        make_question(programme=p, title="Al beantwoord", status=QuestionStatus.ANSWERED, assigned_lab=cls.next_lab)
        make_question(programme=p, title="Op een later lab", status=QuestionStatus.ASSIGNED, assigned_lab=later)

        cls.to_triage = {
            make_question(programme=p, title="Nieuw voor het programma"),
            make_question(programme=p, title="Nieuw van het experiment", experiment=cls.experiment),
        }
        make_question(programme=p, title="Al beoordeeld", status=QuestionStatus.TRIAGED)
        make_question(programme=cls.elsewhere, title="Nieuw elders")

        cls.to_validate = {
            make_record(programme=p, title="Concept van het experiment", experiments=[cls.experiment]),
            make_record(programme=p, title="Concept van het programma"),
        }
        make_record(programme=p, title="Al gevalideerd", status=RecordStatus.VALIDATED)
        make_record(programme=cls.elsewhere, title="Concept elders")

        cls.by_researcher = make_product(p, slug="door-onderzoeker", status=VersionStatus.IN_REVIEW,
                                         submitted_by=cls.researcher)
        cls.about_experiment = make_product(p, slug="over-experiment", status=VersionStatus.IN_REVIEW,
                                            submitted_by=cls.coordinator)
        cls.about_experiment.versions.get().experiments.set([cls.experiment])
        make_product(p, slug="nog-concept", status=VersionStatus.DRAFT)
        make_product(cls.elsewhere, slug="elders-ter-beoordeling", status=VersionStatus.IN_REVIEW)

        today = timezone.localdate()

        def action(owner, title, due, status=ActionStatus.OPEN):
            return Action.objects.create(programme=p, title=title, owner=owner, due_date=due, status=status)

        cls.overdue = {action(cls.coordinator, "Verslag rondsturen", today - timedelta(days=3)),
                       action(cls.coordinator, "Zaal boeken", today - timedelta(days=1))}
        action(cls.coordinator, "Later", today + timedelta(days=5))
        action(cls.coordinator, "Al gedaan", today - timedelta(days=5), ActionStatus.DONE)
        action(cls.coordinator, "Zonder datum", None)
        cls.reader_overdue = action(cls.reader, "Foto's delen", today - timedelta(days=2))

    def attention(self, user) -> dict:
        self.login(user)
        response = self.client.get(DASHBOARD)
        return {item.key: item for item in response.context["attention"]}

    def listed(self, url: str) -> set:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        if "open_actions" in response.context:
            return set(response.context["open_actions"]) | set(response.context["closed_actions"])
        return set(response.context["page"].object_list)

    def test_coordinator_sees_the_next_lab_and_everything_to_do(self):
        items = self.attention(self.coordinator)
        self.assertEqual(list(items), ["next-lab", "triage", "validate", "review", "overdue"])
        self.assertEqual({key: item.count for key, item in items.items()},
                         {"next-lab": 1, "triage": 2, "validate": 2, "review": 1, "overdue": 2})
        self.assertEqual(items["next-lab"].title, "Kennislab voorjaar")
        self.assertEqual(self.listed(items["next-lab"].url), {self.on_agenda})
        self.assertEqual(self.listed(items["triage"].url), self.to_triage)
        self.assertEqual({r.title for r in self.listed(items["validate"].url)}, {r.title for r in self.to_validate})
        self.assertEqual(self.listed(items["review"].url), {self.by_researcher})
        self.assertEqual(self.listed(items["overdue"].url), self.overdue)

    def test_dashboard_shows_counts_in_words_with_links(self):
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(DASHBOARD)
        self.assertContains(response, f'<a href="{self.next_lab.get_absolute_url()}">Kennislab voorjaar</a>')
        triage_url = reverse("labs:question-list") + "?todo=triage"
        self.assertContains(response, f'<a href="{triage_url}">2 questions to triage</a>', html=True)
        self.assertContains(response, "2 records to validate")
        self.assertContains(response, "1 version awaiting my review")
        self.assertContains(response, "2 of my actions are overdue")
        self.assertContains(response, "1 open question on its agenda")
        self.client.cookies["django_language"] = "nl"
        response = self.client.get(DASHBOARD)
        self.assertContains(response, "2 vragen om te beoordelen")

    def test_a_count_of_nothing_is_said_without_a_link(self):
        self.login(self.researcher)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(DASHBOARD)
        overdue_url = self.attention(self.researcher)["overdue"].url
        self.assertContains(response, '<span class="meta">0 of my actions are overdue</span>', html=True)
        self.assertNotContains(response, f'href="{overdue_url}"')

    def test_researcher_validates_and_reviews_but_does_not_triage(self):
        items = self.attention(self.researcher)
        self.assertEqual({key: item.count for key, item in items.items()}, {"validate": 2, "review": 1, "overdue": 0})
        self.assertEqual(self.listed(items["review"].url), {self.about_experiment})
        self.assertEqual(self.listed(items["overdue"].url), set())
        # The triage filter offers a researcher nothing, even though they read every raised question.
        self.assertEqual(self.listed(reverse("labs:question-list") + "?todo=triage"), set())

    def test_editor_reviews_versions_about_their_experiment(self):
        items = self.attention(self.editor)
        self.assertEqual({key: item.count for key, item in items.items()}, {"review": 1, "overdue": 0})
        self.assertEqual(self.listed(items["review"].url), {self.about_experiment})

    def test_reader_sees_only_their_own_overdue_action(self):
        items = self.attention(self.reader)
        self.assertEqual({key: item.count for key, item in items.items()}, {"overdue": 1})
        self.assertEqual(self.listed(items["overdue"].url), {self.reader_overdue})
        # The reader reads the experiment's draft, but validating it is not theirs to do.
        self.assertIn("Concept van het experiment", {r.title for r in self.listed(reverse("research:record-list"))})
        self.assertEqual(self.listed(reverse("research:record-list") + "?todo=validate"), set())

    def test_outsider_sees_nothing_of_others(self):
        items = self.attention(self.outsider)
        self.assertEqual(items, {})
        response = self.client.get(DASHBOARD)
        self.assertNotContains(response, "Kennislab voorjaar")
        self.assertNotContains(response, 'class="attention-list"')
        for url in (reverse("labs:question-list") + "?todo=triage",
                    reverse("research:record-list") + "?todo=validate",
                    reverse("publications:product-list") + "?todo=review",
                    reverse("labs:my-actions") + "?todo=overdue"):
            self.assertEqual(self.listed(url), set(), url)

    def test_coordinator_of_another_programme_counts_only_their_own(self):
        items = self.attention(self.stranger)
        self.assertEqual({key: item.count for key, item in items.items()},
                         {"triage": 1, "validate": 1, "review": 1, "overdue": 0})
        self.assertEqual({q.title for q in self.listed(items["triage"].url)}, {"Nieuw elders"})

    def test_filtered_lists_say_so_and_link_to_everything(self):
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("labs:question-list") + "?todo=triage")
        self.assertContains(response, '<input type="hidden" name="todo" value="triage">', html=True)
        self.assertContains(response, "Showing only the raised questions waiting for you to triage.")
        response = self.client.get(reverse("publications:product-list") + "?todo=review")
        self.assertContains(response, 'name="todo" value="review"')
        self.assertNotContains(self.client.get(reverse("publications:product-list")), 'name="todo"')
