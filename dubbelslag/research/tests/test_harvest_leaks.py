"""Confidentiality of the harvest register. Each test first creates the records that could leak, then looks for them
on every surface: the list, the detail (404), the links and evidence on other records' pages, the intervisie, the
create form's choices and the CSV and XLSX exports.

- Anonymous visitors and outsiders see published public records only.
- A programme-confidential record never shows outside its programme's team and project leaders: not to outsiders,
  not to another programme's people, and not to another experiment's reader (readers see their own experiment only).
- An experiment-confidential record, and any draft, of another experiment never shows to this experiment's editor or
  reader.
"""

import io

import openpyxl
from django.urls import reverse

from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.research.enums import Confidentiality, RecordKind, RecordStatus
from testing.base import make_experiment, make_programme, make_user
from testing.factories.research import make_entry, make_excerpt, make_record

from .test_services_harvest import HarvestFixtures

VALIDATED = {"status": RecordStatus.VALIDATED}
# No mark is part of another, so finding one on a page means that record leaked.
PUBLIC_MARK = "Openbaar-A1"
PROGRAMME_MARK = "Programmabreed-B2"
EXPERIMENT_MARK = "Experimentintern-C3"
DRAFT_MARK = "Conceptversie-D4"
SOLUTION_MARK = "Oplossing-E5"
LESSON_MARK = "Leservaring-F6"
FOREIGN_MARK = "Anderprogramma-G7"
ALL_MARKS = {PUBLIC_MARK, PROGRAMME_MARK, EXPERIMENT_MARK, DRAFT_MARK, SOLUTION_MARK, LESSON_MARK, FOREIGN_MARK}
SECRET_EVIDENCE = "de corporatie stelt de renovatie uit"
OTHER_EXPERIMENT_TITLE = "Verhalen ophalen in Palenstein"


class LeakTests(HarvestFixtures):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        other = cls.other_experiment
        shared = {"themes": [cls.theme]}  # shares a theme with cls.challenge, so the intervisie would pick it up
        cls.public = make_record(programme=cls.programme, title=PUBLIC_MARK, status=RecordStatus.PUBLISHED,
                                 confidentiality=Confidentiality.PUBLIC, experiments=[cls.experiment],
                                 evidence_excerpts=[cls.excerpt], **shared)
        cls.programme_secret = make_record(
            programme=cls.programme, title=PROGRAMME_MARK, summary=f"{PROGRAMME_MARK} tekst",
            confidentiality=Confidentiality.PROGRAMME, experiments=[other], evidence_excerpts=[cls.other_excerpt],
            evidence_entries=[cls.other_entry], **VALIDATED, **shared)
        cls.experiment_secret = make_record(
            programme=cls.programme, title=EXPERIMENT_MARK, confidentiality=Confidentiality.EXPERIMENT,
            experiments=[other], evidence_excerpts=[cls.other_excerpt], **VALIDATED, **shared)
        cls.draft_secret = make_record(programme=cls.programme, title=DRAFT_MARK,
                                       confidentiality=Confidentiality.PUBLIC, experiments=[other], **shared)
        cls.solution_secret = make_record(programme=cls.programme, kind=RecordKind.SOLUTION, title=SOLUTION_MARK,
                                          experiments=[other], responds_to=[cls.challenge], **shared)
        cls.insight_secret = make_record(programme=cls.programme, kind=RecordKind.INSIGHT, title="Inzicht elders",
                                         experiments=[other], **VALIDATED, **shared)
        cls.lesson_secret = make_record(programme=cls.programme, kind=RecordKind.LESSON, title=LESSON_MARK,
                                        experiments=[other], draws_on=[cls.insight],
                                        confidentiality=Confidentiality.EXPERIMENT, **VALIDATED)
        cls.foreign_programme = make_programme(name="Ander programma", slug="ander-programma")
        cls.foreign_experiment = make_experiment(programme=cls.foreign_programme, gemeente=cls.zoetermeer,
                                                 title="Buitenlands experiment")
        foreign_entry = make_entry(cls.foreign_experiment, title="Elders", text="Alleen voor dit programma.")
        cls.foreign_secret = make_record(
            programme=cls.foreign_programme, title=FOREIGN_MARK, confidentiality=Confidentiality.PROGRAMME,
            experiments=[cls.foreign_experiment], evidence_excerpts=[make_excerpt(foreign_entry, "Alleen")],
            **VALIDATED, **shared)
        cls.foreign_reader = make_user("foreign-reader@example.org")
        Membership.objects.create(user=cls.foreign_reader, programme=cls.foreign_programme,
                                  experiment=cls.foreign_experiment, role=MembershipRole.READER)
        cls.other_reader = make_user("other-reader@example.org")
        Membership.objects.create(user=cls.other_reader, programme=cls.programme, experiment=other,
                                  role=MembershipRole.READER)
        cls.secrets = [cls.programme_secret, cls.experiment_secret, cls.draft_secret, cls.solution_secret,
                       cls.lesson_secret, cls.foreign_secret]

    def setUp(self):
        self.client.cookies["django_language"] = "en"

    # --- What each surface shows --------------------------------------------------------------------------------

    def list_text(self) -> str:
        return self.client.get(reverse("research:record-list")).content.decode()

    def csv_text(self) -> str:
        return self.client.get(reverse("research:record-export-csv")).content.decode("utf-8-sig")

    def xlsx_text(self) -> str:
        response = self.client.get(reverse("research:record-export-xlsx"))
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return "\n".join(str(value) for row in sheet.iter_rows(values_only=True) for value in row if value)

    def marks_on(self, text: str) -> set[str]:
        return {mark for mark in ALL_MARKS if mark in text}

    def detail_status(self, record) -> int:
        return self.client.get(reverse("research:record-detail", args=[record.pk])).status_code

    def assert_sees_exactly(self, expected: set[str]):
        for surface in (self.list_text, self.csv_text, self.xlsx_text):
            with self.subTest(surface=surface.__name__):
                self.assertEqual(self.marks_on(surface()), expected)
        for record in [self.public, *self.secrets]:
            with self.subTest(detail=record.title):
                self.assertEqual(self.detail_status(record), 200 if record.title in expected else 404)

    # --- The rules ----------------------------------------------------------------------------------------------

    def test_anonymous_sees_published_public_records_only(self):
        self.assert_sees_exactly({PUBLIC_MARK})
        response = self.client.get(reverse("research:record-detail", args=[self.public.pk]))
        self.assertNotContains(response, "de huiskamer voelt als thuis")  # its evidence stays internal
        self.assertNotContains(response, self.experiment.title)  # the experiment is not listed publicly
        self.assertEqual(self.client.get(reverse("research:record-intervisie",
                                                 args=[self.challenge.pk])).status_code, 404)

    def test_an_outsider_sees_published_public_records_only(self):
        self.login(self.outsider)
        self.assert_sees_exactly({PUBLIC_MARK})

    def test_another_programmes_reader_never_sees_programme_confidential_records(self):
        self.login(self.foreign_reader)
        self.assert_sees_exactly({PUBLIC_MARK, FOREIGN_MARK})

    def test_another_experiments_reader_never_sees_programme_confidential_records(self):
        self.login(self.reader)
        self.assert_sees_exactly({PUBLIC_MARK})
        for text in (self.list_text(), self.csv_text(), self.xlsx_text()):
            self.assertNotIn(OTHER_EXPERIMENT_TITLE, text)

    def test_this_experiments_editor_never_sees_the_other_experiments_confidential_records_or_drafts(self):
        for user in (self.editor,):
            self.login(user)
            with self.subTest(user=user.email):
                # Programme-confidential and validated: the project leaders read it (but not its evidence).
                self.assert_sees_exactly({PUBLIC_MARK, PROGRAMME_MARK})
                for text in (self.list_text(), self.csv_text(), self.xlsx_text()):
                    self.assertNotIn(OTHER_EXPERIMENT_TITLE, text)
                response = self.client.get(reverse("research:record-detail", args=[self.programme_secret.pk]))
                self.assertNotContains(response, SECRET_EVIDENCE)
                self.assertNotContains(response, "Geheim gesprek Palenstein")
                self.assertNotContains(response, OTHER_EXPERIMENT_TITLE)
                self.assertContains(response, "2 more pieces of evidence you have no access to.")

    def test_the_other_experiments_reader_does_see_them(self):
        # The control: the same data is there for those who may read it, so the tests above are not vacuous.
        self.login(self.other_reader)
        self.assert_sees_exactly({PUBLIC_MARK, PROGRAMME_MARK, EXPERIMENT_MARK, DRAFT_MARK, SOLUTION_MARK,
                                  LESSON_MARK})
        response = self.client.get(reverse("research:record-detail", args=[self.programme_secret.pk]))
        self.assertContains(response, SECRET_EVIDENCE)

    def test_links_on_visible_records_do_not_reveal_hidden_ones(self):
        self.login(self.reader)
        challenge = self.client.get(reverse("research:record-detail", args=[self.challenge.pk]))
        self.assertEqual(challenge.context["solutions"], [])
        self.assertNotContains(challenge, SOLUTION_MARK)
        insight = self.client.get(reverse("research:record-detail", args=[self.insight.pk]))
        self.assertEqual(insight.context["lessons"], [])
        self.assertNotContains(insight, LESSON_MARK)

    def test_intervisie_shows_only_what_the_user_may_read(self):
        self.login(self.editor)
        response = self.client.get(reverse("research:record-intervisie", args=[self.challenge.pk]))
        self.assertEqual(self.marks_on(response.content.decode()), {PROGRAMME_MARK})
        intervisie = response.context["intervisie"]
        self.assertEqual(intervisie.solutions, [])
        self.assertEqual([c.title for c in intervisie.challenges], [PROGRAMME_MARK])
        self.assertEqual(intervisie.insights, [])
        self.login(self.reader)  # a reader of this experiment does not read the other experiment's challenge
        response = self.client.get(reverse("research:record-intervisie", args=[self.challenge.pk]))
        self.assertEqual(self.marks_on(response.content.decode()), set())
        self.login(self.other_reader)  # the control: they read the hidden ones, but not the challenge itself
        self.assertEqual(self.client.get(reverse("research:record-intervisie",
                                                 args=[self.challenge.pk])).status_code, 404)
        self.login(self.coordinator)
        response = self.client.get(reverse("research:record-intervisie", args=[self.challenge.pk]))
        self.assertEqual(self.marks_on(response.content.decode()),
                         {PROGRAMME_MARK, EXPERIMENT_MARK, DRAFT_MARK, SOLUTION_MARK})

    def test_the_create_form_offers_no_hidden_record_or_evidence(self):
        self.login(self.editor)
        response = self.client.get(reverse("research:record-create"))
        text = response.content.decode()
        # Challenges a solution may answer: the published one and the validated programme-wide one.
        self.assertEqual(self.marks_on(text), {PUBLIC_MARK, PROGRAMME_MARK})
        self.assertNotIn(SECRET_EVIDENCE, text)
        self.assertNotIn("Geheim gesprek Palenstein", text)

    def test_filters_do_not_open_a_side_door(self):
        self.login(self.reader)
        url = reverse("research:record-list")
        for query in (f"experiment={self.other_experiment.pk}", "status=draft", "confidentiality=experiment",
                      f"experiment={self.foreign_experiment.pk}"):
            with self.subTest(query=query):
                text = self.client.get(f"{url}?{query}").content.decode()
                self.assertFalse(self.marks_on(text) & {EXPERIMENT_MARK, DRAFT_MARK, SOLUTION_MARK, LESSON_MARK,
                                                        FOREIGN_MARK})
                csv_text = self.client.get(f"{reverse('research:record-export-csv')}?{query}").content.decode()
                self.assertFalse(self.marks_on(csv_text) & {EXPERIMENT_MARK, DRAFT_MARK, SOLUTION_MARK,
                                                            LESSON_MARK, FOREIGN_MARK})
