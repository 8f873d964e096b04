from datetime import date

from django.urls import reverse

from dubbelslag.core.models import AuditEvent
from dubbelslag.programme.models import Experiment
from testing.base import BaseTestCase, make_area


class ExperimentUpdateTests(BaseTestCase):
    def setUp(self):
        self.url = reverse("programme:experiment-update", args=[self.experiment.pk])

    def data(self, **overrides):
        data = {"title": "Huiskamer Aardgasvrij", "gemeente_code": "GM0599", "focus_codes": "WK059915 BU05991577",
                "summary": "Nieuwe samenvatting.", "phase": "uitvoering", "start_date": "2019-03-01",
                "end_date": "2021-12-31", "version": self.experiment.version}
        data.update(overrides)
        return data

    def test_editor_changes_summary_and_audit_records_it(self):
        self.login(self.editor)
        response = self.client.post(self.url, self.data())
        self.assertRedirects(response, self.experiment.get_absolute_url())
        experiment = Experiment.objects.get(pk=self.experiment.pk)
        self.assertEqual(experiment.summary, "Nieuwe samenvatting.")
        self.assertEqual(experiment.phase, "uitvoering")
        self.assertEqual(experiment.end_date, date(2021, 12, 31))
        self.assertEqual({a.code for a in experiment.focus_areas.all()}, {"WK059915", "BU05991577"})
        self.assertEqual(experiment.version, self.experiment.version + 1)
        event = AuditEvent.objects.for_object(experiment).get()
        self.assertEqual(event.actor, self.editor)
        self.assertEqual(event.action, "change")
        self.assertEqual(event.changes["summary"], ["Een huiskamer als energieloket.", "Nieuwe samenvatting."])
        self.assertEqual(set(event.changes), {"summary", "phase", "end_date", "focus_areas"})

    def test_form_shows_current_values(self):
        self.login(self.coordinator)
        response = self.client.get(self.url)
        self.assertContains(response, 'value="GM0599"')
        self.assertContains(response, 'value="WK059915"')
        self.assertContains(response, "Een huiskamer als energieloket.")

    def test_unknown_cbs_code_is_refused_and_nothing_changes(self):
        self.login(self.editor)
        response = self.client.post(self.url, self.data(focus_codes="WK059915 WK999999", summary="Gewijzigd"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "WK999999")
        self.assertEqual(Experiment.objects.get(pk=self.experiment.pk).summary, "Een huiskamer als energieloket.")
        self.assertFalse(AuditEvent.objects.exists())

    def test_unknown_gemeente_code_is_refused(self):
        self.login(self.editor)
        response = self.client.post(self.url, self.data(gemeente_code="GM9999"))
        self.assertContains(response, "GM9999")
        self.assertEqual(Experiment.objects.get(pk=self.experiment.pk).gemeente, self.rotterdam)

    def test_focus_area_outside_the_gemeente_is_refused(self):
        self.login(self.editor)
        response = self.client.post(self.url, self.data(focus_codes="WK063703"))
        self.assertContains(response, "WK063703")
        self.assertEqual(set(Experiment.objects.get(pk=self.experiment.pk).focus_areas.all()), {self.charlois})

    def test_end_before_start_is_refused_with_a_dutch_message(self):
        self.login(self.editor)
        response = self.client.post(self.url, self.data(end_date="2018-01-01"))
        self.assertContains(response, "De einddatum kan niet vóór de startdatum liggen.")
        self.assertIsNone(Experiment.objects.get(pk=self.experiment.pk).end_date)

    def test_area_from_another_boundary_year_is_unknown(self):
        make_area("WK059916", "Oude wijk", parent=None, year=2021)
        self.login(self.editor)
        response = self.client.post(self.url, self.data(focus_codes="WK059916"))
        self.assertContains(response, "WK059916")

    def test_stale_version_is_refused_and_the_other_edit_survives(self):
        self.login(self.editor)
        stale = self.data(summary="Mijn versie")
        self.client.post(self.url, self.data(summary="Eerste versie"))
        response = self.client.post(self.url, stale)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Iemand anders heeft dit experiment gewijzigd")
        self.assertEqual(Experiment.objects.get(pk=self.experiment.pk).summary, "Eerste versie")

    def test_reader_gets_403(self):
        self.login(self.reader)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.client.post(self.url, self.data(summary="x")).status_code, 403)
        self.assertEqual(Experiment.objects.get(pk=self.experiment.pk).summary, "Een huiskamer als energieloket.")

    def test_researcher_gets_403(self):
        self.login(self.researcher)
        self.assertEqual(self.client.post(self.url, self.data(summary="x")).status_code, 403)

    def test_outsider_gets_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_anonymous_is_sent_to_login(self):
        response = self.client.post(self.url, self.data())
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)

    def test_wrong_method(self):
        self.login(self.editor)
        self.assertEqual(self.client.put(self.url).status_code, 405)
