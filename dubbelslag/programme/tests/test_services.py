from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from dubbelslag.core.models import AuditEvent
from dubbelslag.programme import services
from dubbelslag.programme.access import get_experiment_for_user, get_programme_for_user
from dubbelslag.programme.models import Experiment, Membership
from testing.base import BaseTestCase


class ExperimentServiceTests(BaseTestCase):
    def test_create_refuses_focus_area_of_other_gemeente_and_writes_nothing(self):
        with self.assertRaises(ValidationError):
            services.create_experiment(programme=self.programme, by=self.coordinator, title="X", summary="Y",
                                       gemeente=self.rotterdam, start_date=date(2020, 1, 1),
                                       focus_areas=[self.palenstein])
        self.assertFalse(Experiment.objects.filter(title="X").exists())
        self.assertFalse(AuditEvent.objects.exists())

    def test_create_refuses_end_before_start(self):
        with self.assertRaises(ValidationError) as caught:
            services.create_experiment(programme=self.programme, by=self.coordinator, title="X", summary="Y",
                                       gemeente=self.rotterdam, start_date=date(2020, 1, 1),
                                       end_date=date(2019, 1, 1))
        self.assertIn("end_date", caught.exception.error_dict)

    def test_create_refuses_a_wijk_as_gemeente(self):
        with self.assertRaises(ValidationError) as caught:
            services.create_experiment(programme=self.programme, by=self.coordinator, title="X", summary="Y",
                                       gemeente=self.charlois, start_date=date(2020, 1, 1))
        self.assertIn("gemeente", caught.exception.error_dict)

    def test_only_coordinators_create(self):
        with self.assertRaises(PermissionDenied):
            services.create_experiment(programme=self.programme, by=self.editor, title="X", summary="Y",
                                       gemeente=self.rotterdam, start_date=date(2020, 1, 1))

    def test_update_without_change_records_nothing(self):
        services.update_experiment(self.experiment, by=self.editor, version=self.experiment.version,
                                   title=self.experiment.title)
        self.assertFalse(AuditEvent.objects.exists())

    def test_update_refuses_unknown_fields(self):
        with self.assertRaises(TypeError):
            services.update_experiment(self.experiment, by=self.editor, version=1, programme=None)

    def test_update_by_reader_is_refused(self):
        with self.assertRaises(PermissionDenied):
            services.update_experiment(self.experiment, by=self.reader, version=1, title="Nee")

    def test_database_refuses_end_before_start_even_past_the_service(self):
        with self.assertRaises(IntegrityError):
            Experiment.objects.filter(pk=self.experiment.pk).update(end_date=date(2000, 1, 1))


class MembershipTests(BaseTestCase):
    def test_programme_role_with_experiment_is_refused(self):
        with self.assertRaises(ValidationError):
            services.grant_membership(self.outsider, programme=self.programme, experiment=self.experiment,
                                      role="coordinator", by=self.coordinator)

    def test_experiment_role_without_experiment_is_refused(self):
        with self.assertRaises(ValidationError):
            services.grant_membership(self.outsider, programme=self.programme, role="editor", by=self.coordinator)

    def test_duplicate_membership_is_refused(self):
        with self.assertRaises(ValidationError):
            services.grant_membership(self.editor, programme=self.programme, experiment=self.experiment,
                                      role="reader", by=self.coordinator)
        self.assertEqual(Membership.objects.filter(user=self.editor).count(), 1)

    def test_grant_is_audited_on_the_experiment(self):
        services.grant_membership(self.outsider, programme=self.programme, experiment=self.experiment,
                                  role="reader", by=self.coordinator)
        event = AuditEvent.objects.for_object(self.experiment).get()
        self.assertEqual(event.changes["role"], [None, "meelezer van het experiment"])


class GateTests(BaseTestCase):
    def test_experiment_gate_roles(self):
        expected = {
            self.coordinator: "coordinator", self.researcher: "researcher", self.editor: "editor",
            self.reader: "reader",
        }
        for user, role in expected.items():
            with self.subTest(user=user.email):
                self.assertEqual(get_experiment_for_user(user, self.experiment.pk)[1], role)

    def test_write_gate(self):
        from django.http import Http404

        for user in [self.coordinator, self.editor]:
            get_experiment_for_user(user, self.experiment.pk, write=True)
        for user in [self.researcher, self.reader]:
            with self.assertRaises(PermissionDenied):
                get_experiment_for_user(user, self.experiment.pk, write=True)
        for user in [self.outsider]:
            with self.assertRaises(Http404):
                get_experiment_for_user(user, self.experiment.pk)
        with self.assertRaises(Http404):
            get_experiment_for_user(self.editor, self.other_experiment.pk)

    def test_programme_gate(self):
        self.assertEqual(get_programme_for_user(self.coordinator, self.programme.slug, write=True)[1], "coordinator")
        with self.assertRaises(PermissionDenied):
            get_programme_for_user(self.editor, self.programme.slug, write=True)
