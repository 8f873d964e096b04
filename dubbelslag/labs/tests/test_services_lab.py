"""The write paths of Kennislabs: the quarterly series, editing with optimistic locking, the agenda."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError

from dubbelslag.core.models import AuditEvent
from dubbelslag.labs.models import AgendaItem, KnowledgeLab
from dubbelslag.labs.services import sessions as services
from testing.base import BaseTestCase, make_programme
from testing.factories.labs import in_days, make_lab, make_question

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class QuarterTests(BaseTestCase):
    def test_quarters_between(self):
        self.assertEqual(len(services.quarters_between(date(2019, 1, 1), date(2021, 12, 31))), 12)
        self.assertEqual(services.quarters_between(date(2019, 11, 5), date(2020, 2, 1)), [(2019, 4), (2020, 1)])

    def test_default_date_is_second_thursday_of_middle_month(self):
        self.assertEqual(services.default_lab_date(2019, 1), date(2019, 2, 14))
        self.assertEqual(services.default_lab_date(2019, 3), date(2019, 8, 8))
        self.assertEqual(services.default_lab_date(2021, 4), date(2021, 11, 11))

    def test_default_date_moves_inside_the_programme(self):
        self.assertEqual(services.default_lab_date(2019, 1, start=date(2019, 3, 1)), date(2019, 3, 7))
        self.assertEqual(services.default_lab_date(2019, 1, end=date(2019, 2, 1)), date(2019, 1, 31))
        # No Thursday of the programme in the quarter: no lab.
        self.assertIsNone(services.default_lab_date(2019, 1, start=date(2019, 3, 29)))


class LabSeriesTests(BaseTestCase):
    def test_one_lab_per_quarter_numbered_and_titled(self):
        created = services.plan_lab_series(self.programme, by=self.coordinator)
        self.assertEqual(len(created), 12)
        labs = list(KnowledgeLab.objects.filter(programme=self.programme).order_by("starts_at"))
        self.assertEqual([lab.number for lab in labs], list(range(1, 13)))
        self.assertEqual(labs[0].title, "Kennislab 1 (2019 Q1)")
        self.assertEqual(labs[2].title, "Kennislab 3 (2019 Q3)")
        self.assertEqual(labs[-1].title, "Kennislab 12 (2021 Q4)")
        self.assertEqual(labs[0].starts_at, datetime(2019, 2, 14, 13, 30, tzinfo=AMSTERDAM))
        self.assertEqual(labs[0].ends_at, datetime(2019, 2, 14, 17, 0, tzinfo=AMSTERDAM))
        self.assertEqual(AuditEvent.objects.filter(action="create", object_repr__startswith="Kennislab").count(), 12)

    def test_idempotent_adds_only_missing_quarters(self):
        services.plan_lab_series(self.programme, by=self.coordinator)
        self.assertEqual(services.plan_lab_series(self.programme, by=self.coordinator), [])
        self.assertEqual(KnowledgeLab.objects.filter(programme=self.programme).count(), 12)
        # A lab moved within its quarter still counts for it; a deleted one comes back with its number.
        lab3 = KnowledgeLab.objects.get(programme=self.programme, number=3)
        lab3.starts_at, lab3.ends_at = datetime(2019, 9, 26, 10, tzinfo=AMSTERDAM), None
        lab3.save()
        KnowledgeLab.objects.get(programme=self.programme, number=5).delete()
        created = services.plan_lab_series(self.programme, by=self.coordinator)
        self.assertEqual([(lab.number, lab.title) for lab in created], [(5, "Kennislab 5 (2020 Q1)")])
        self.assertEqual(KnowledgeLab.objects.filter(programme=self.programme).count(), 12)

    def test_taken_number_gets_the_next_free_one(self):
        make_lab(programme=self.programme, number=1, starts_at=datetime(2019, 5, 2, 13, tzinfo=AMSTERDAM))
        created = services.plan_lab_series(self.programme, by=self.coordinator)
        self.assertEqual(len(created), 11)
        numbers = sorted(KnowledgeLab.objects.filter(programme=self.programme).values_list("number", flat=True))
        self.assertEqual(len(set(numbers)), 12)

    def test_only_coordinators(self):
        for person in (self.researcher, self.editor, self.outsider):
            with self.assertRaises(PermissionDenied):
                services.plan_lab_series(self.programme, by=person)
        self.assertFalse(KnowledgeLab.objects.exists())

    def test_short_programme(self):
        programme = make_programme(slug="kort", start_date=date(2022, 3, 1), end_date=date(2022, 7, 20))
        created = services.plan_lab_series(programme, by=None)
        self.assertEqual([lab.starts_at.astimezone(AMSTERDAM).date() for lab in created],
                         [date(2022, 3, 3), date(2022, 5, 12), date(2022, 7, 14)])


class CreateLabTests(BaseTestCase):
    def test_extra_lab_numbered_after_the_last(self):
        make_lab(programme=self.programme, number=4)
        lab = services.create_lab(self.programme, by=self.coordinator, title="Extra lab", starts_at=in_days(3))
        self.assertEqual((lab.number, lab.title), (5, "Extra lab"))
        self.assertTrue(AuditEvent.objects.filter(object_id=str(lab.pk), action="create").exists())
        with self.assertRaises(PermissionDenied):
            services.create_lab(self.programme, by=self.reader, title="x", starts_at=in_days(3))


class UpdateLabTests(BaseTestCase):
    def setUp(self):
        self.lab = make_lab(programme=self.programme)

    def test_update_and_stale_version(self):
        services.update_lab(self.lab, by=self.coordinator, version=1, title="Kennislab Rotterdam",
                            minutes="*notes*")
        self.lab.refresh_from_db()
        self.assertEqual((self.lab.title, self.lab.minutes, self.lab.version), ("Kennislab Rotterdam", "*notes*", 2))
        event = AuditEvent.objects.for_object(self.lab).latest("pk")
        self.assertEqual(event.changes["title"], ["Kennislab 1", "Kennislab Rotterdam"])
        with self.assertRaises(ValidationError):
            services.update_lab(self.lab, by=self.coordinator, version=1, title="Oud")
        self.lab.refresh_from_db()
        self.assertEqual(self.lab.title, "Kennislab Rotterdam")

    def test_end_before_start_refused(self):
        with self.assertRaises(ValidationError) as caught:
            services.update_lab(self.lab, by=self.coordinator, version=1, ends_at=in_days(-400))
        self.assertIn("ends_at", caught.exception.error_dict)

    def test_only_coordinators(self):
        with self.assertRaises(PermissionDenied):
            services.update_lab(self.lab, by=self.researcher, version=1, title="x")


class AgendaServiceTests(BaseTestCase):
    def test_create_update_delete_with_audit_under_the_lab(self):
        lab = make_lab(programme=self.programme)
        question = make_question(programme=self.programme)
        item = services.create_agenda_item(lab, by=self.coordinator, title="Opening", order=1,
                                           duration_minutes=15, presenter="Carla", questions=[question])
        self.assertEqual(list(item.questions.all()), [question])
        services.update_agenda_item(item, by=self.coordinator, outcome="Besloten: **doorgaan**")
        self.assertEqual(AgendaItem.objects.get().outcome, "Besloten: **doorgaan**")
        services.delete_agenda_item(item, by=self.coordinator)
        self.assertFalse(AgendaItem.objects.exists())
        self.assertEqual([event.action for event in AuditEvent.objects.for_object(lab).order_by("pk")],
                         ["create", "change", "delete"])

    def test_question_of_another_programme_refused(self):
        lab = make_lab(programme=self.programme)
        other = make_programme(slug="ander")
        with self.assertRaises(ValidationError):
            services.create_agenda_item(lab, by=self.coordinator, title="x",
                                        questions=[make_question(programme=other)])
        self.assertFalse(AgendaItem.objects.exists())
