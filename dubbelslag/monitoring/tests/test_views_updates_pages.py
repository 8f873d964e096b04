"""The update pages (part U of issue 15): the permission grid of every view, the refusals shown next to their
field and in the error summary (each writes nothing), the steps with their stale and missing-reason messages,
comments, attachments, both languages and the query counts."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dubbelslag.core.models import AuditEvent
from dubbelslag.monitoring import services
from dubbelslag.monitoring.enums import Dimension, IndicatorKind, UpdateStatus
from dubbelslag.monitoring.models import (
    Baseline,
    ReportingPeriod,
    Target,
    Update,
    UpdateAttachment,
    UpdateComment,
    UpdateDisaggregation,
)
from testing.base import BaseTestCase
from testing.factories.monitoring import make_goal, make_indicator, make_period, make_update
from testing.factories.monitoring_updates import PDF, make_other_editor, pdf_upload, stored_files, use_temporary_media
from testing.factories.research import make_entry, make_record

S = UpdateStatus


class UpdatePageFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_editor = make_other_editor(cls.programme, cls.other_experiment)
        cls.goal = make_goal(cls.programme, experiment=cls.experiment)
        cls.count = make_indicator(cls.goal, title_nl="Woningen geïsoleerd", title_en="Homes insulated",
                                   unit="woningen")
        services.add_disaggregation(cls.count, by=None, dimension=Dimension.TENURE)
        cls.owner, cls.corporation, cls.private = cls.count.disaggregations.get().values.all()
        cls.share = make_indicator(cls.goal, title_nl="Aandeel bereikt", kind=IndicatorKind.PERCENTAGE)
        cls.story = make_indicator(cls.goal, title_nl="Draagvlak", kind=IndicatorKind.QUALITATIVE,
                                   score_labels=["laag", "redelijk", "hoog"])
        cls.previous_period = make_period(cls.programme, start=date(2019, 10, 1), end=date(2019, 12, 31),
                                          label="2019-K4")
        cls.period = make_period(cls.programme)
        make_update(cls.count, cls.previous_period, status=S.APPROVED, value=4)
        Baseline.objects.create(indicator=cls.count, value=2, measured_on=date(2019, 1, 1), source="CBS")
        Target.objects.create(indicator=cls.count, period=cls.period, value=15)
        cls.other_goal = make_goal(cls.programme, experiment=cls.other_experiment)
        cls.other_indicator = make_indicator(cls.other_goal, title_nl="Verhalen opgehaald")

    def setUp(self):
        self.client.cookies["django_language"] = "en"
        self.media = use_temporary_media(self)

    def edit_url(self, indicator=None, period=None):
        return reverse("monitoring:update-edit", args=[(indicator or self.count).pk, (period or self.period).pk])

    def written(self):
        """Everything the update pages could write."""
        return (Update.objects.count(), UpdateDisaggregation.objects.count(), UpdateComment.objects.count(),
                UpdateAttachment.objects.count(), AuditEvent.objects.count(), len(stored_files(self.media)),
                sorted(Update.objects.values_list("pk", "status", "version", "value", "return_reason")))

    def assert_login_redirect(self, response):
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])


class UpdateEditGridTests(UpdatePageFixtures):
    def test_who_may_open_the_update_page(self):
        self.assert_login_redirect(self.client.get(self.edit_url()))
        for user, status in [(self.outsider, 404), (self.other_editor, 404), (self.reader, 403),
                             (self.researcher, 403)]:
            with self.subTest(user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.edit_url()).status_code, status)
        for user in (self.editor, self.coordinator):
            with self.subTest(user.email):
                self.login(user)
                response = self.client.get(self.edit_url())
                self.assertContains(response, "Homes insulated")
                self.assertContains(response, "Save draft")
                self.assertContains(response, "Save and submit")

    def test_who_may_save(self):
        data = {"value": "12", "action": "save"}
        self.assert_login_redirect(self.client.post(self.edit_url(), data))
        before = self.written()
        for user, status in [(self.outsider, 404), (self.other_editor, 404), (self.reader, 403),
                             (self.researcher, 403)]:
            with self.subTest(user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.edit_url(), data).status_code, status)
        self.assertEqual(self.written(), before)
        self.login(self.coordinator)
        response = self.client.post(self.edit_url(), data)
        update = Update.objects.get(indicator=self.count, period=self.period)
        self.assertRedirects(response, self.edit_url())
        self.assertEqual((update.status, update.value, update.created_by), (S.DRAFT, 12, self.coordinator))

    def test_a_shared_indicator_a_stranger_period_and_a_wrong_pk_are_404(self):
        shared = make_indicator(make_goal(self.programme), title_nl="Gedeeld")
        other_programme_period = ReportingPeriod.objects.create(
            programme=type(self.programme).objects.create(name="Ander", slug="ander", start_date=date(2019, 1, 1),
                                                          end_date=date(2021, 12, 31)),
            start=date(2020, 1, 1), end=date(2020, 3, 31), label="2020-K1")
        self.login(self.coordinator)
        for url in (self.edit_url(shared), self.edit_url(period=other_programme_period),
                    reverse("monitoring:update-edit", args=[999999, self.period.pk]),
                    reverse("monitoring:update-detail", args=[999999])):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_wrong_methods_are_405(self):
        self.login(self.editor)
        update = make_update(self.count, self.period)
        self.assertEqual(self.client.put(self.edit_url()).status_code, 405)
        self.assertEqual(self.client.post(reverse("monitoring:update-detail", args=[update.pk])).status_code, 405)
        for name in ("update-comment", "update-attachment-add"):
            self.assertEqual(self.client.get(reverse(f"monitoring:{name}", args=[update.pk])).status_code, 405)
        self.assertEqual(self.client.get(reverse("monitoring:update-step", args=[update.pk, "submit"])).status_code,
                         405)


class UpdateEditPageTests(UpdatePageFixtures):
    def setUp(self):
        super().setUp()
        self.login(self.editor)

    def test_the_page_shows_baseline_target_and_previous_period(self):
        response = self.client.get(self.edit_url())
        self.assertContains(response, '<dd data-fact="baseline">2 woningen (Jan. 1, 2019, CBS)</dd>', html=True)
        self.assertContains(response, '<dd data-fact="target">15 woningen</dd>', html=True)
        self.assertContains(response, '<dd data-fact="previous">2019-K4: 4 woningen (approved)</dd>', html=True)
        for label in ("owner-occupied", "corporation rental", "private rental"):
            self.assertContains(response, label)
        self.assertContains(response, "Save the draft first")

    def test_an_editor_creates_the_update_with_parts_links_and_narrative_then_submits(self):
        entry = make_entry(self.experiment, title="Bewonersavond")
        record = make_record(programme=self.programme, title="Avonden werken", experiments=[self.experiment])
        response = self.client.post(self.edit_url(), {
            "value": "12", f"part_{self.owner.pk}": "5", f"part_{self.corporation.pk}": "7",
            "narrative": "Goed **begin**.", "log_entries": [entry.pk], "harvest_records": [record.pk],
            "action": "save"})
        self.assertRedirects(response, self.edit_url())
        update = Update.objects.get(indicator=self.count, period=self.period)
        self.assertEqual((update.status, update.value, update.narrative, update.version),
                         (S.DRAFT, Decimal("12.00"), "Goed **begin**.", 1))
        self.assertEqual(set(update.disaggregated_values.values_list("category__code", "value")),
                         {("owner", Decimal("5.00")), ("corporation", Decimal("7.00"))})
        self.assertEqual((list(update.log_entries.all()), list(update.harvest_records.all())), ([entry], [record]))
        page = self.client.get(self.edit_url())
        self.assertContains(page, f'name="version" value="{update.version}"')
        self.assertContains(page, '<span class="meta" data-total="tenure">(total: 12)</span>', html=True)

        response = self.client.post(self.edit_url(), {"value": "13", "version": str(update.version),
                                                      "narrative": "Goed begin.", "action": "submit"})
        self.assertRedirects(response, reverse("monitoring:update-detail", args=[update.pk]))
        update.refresh_from_db()
        self.assertEqual((update.status, update.value, update.submitted_by), (S.SUBMITTED, 13, self.editor))
        self.assertEqual(update.disaggregated_values.count(), 0)  # the parts were emptied on the form
        # A submitted update is no longer edited here: the page sends the editor to the update.
        self.assertRedirects(self.client.get(self.edit_url()), reverse("monitoring:update-detail", args=[update.pk]))

    def test_a_percentage_is_computed_and_shown_after_saving(self):
        self.client.post(self.edit_url(self.share), {"numerator": "1", "denominator": "3", "action": "save"})
        update = Update.objects.get(indicator=self.share)
        self.assertEqual(update.value, Decimal("33.33"))
        self.assertContains(self.client.get(self.edit_url(self.share)),
                            '<p data-fact="computed">Computed percentage: 33.33 %</p>', html=True)

    def test_a_qualitative_update_takes_a_score_from_its_labelled_scale(self):
        response = self.client.get(self.edit_url(self.story))
        self.assertContains(response, "3. hoog")
        self.assertNotContains(response, 'name="value"')
        self.client.post(self.edit_url(self.story), {"score": "2", "narrative": "Redelijk.", "action": "save"})
        self.assertEqual(Update.objects.get(indicator=self.story).score, 2)

    def test_the_log_entries_are_this_experiments_newest_first(self):
        older = make_entry(self.experiment, title="Ouder", occurred_on=date(2020, 1, 5))
        newer = make_entry(self.experiment, title="Nieuwer", occurred_on=date(2020, 2, 5))
        make_entry(self.other_experiment, title="Van een ander")
        form = self.client.get(self.edit_url()).context["form"]
        self.assertEqual([entry.title for entry in form.fields["log_entries"].queryset], [newer.title, older.title])

    def assert_refused(self, data, *, field, message, indicator=None, period=None):
        """The refusal next to ``field`` (or on top) and in the error summary; nothing written."""
        before = self.written()
        response = self.client.post(self.edit_url(indicator, period), {"action": "save", **data})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.written(), before)
        summary = response.content.decode().split("data-error-summary", 1)[1].split("</ul>", 1)[0]
        self.assertIn(message, summary)
        if field:
            self.assertContains(response, f'id="id_{field}_error">', count=1, status_code=400)
            self.assertIn(f'href="#id_{field}"', summary)
            self.assertIn(message, response.context["form"].errors[field][0])
        return response

    def test_every_refusal_shows_next_to_its_field_and_writes_nothing(self):
        self.assert_refused({"value": "101"}, field="value", message="A percentage cannot be above 100.",
                            indicator=self.share)
        self.assert_refused({"value": "-3"}, field="value", message="A count cannot be negative.")
        self.assert_refused({"numerator": "5", "denominator": "4"}, field="numerator",
                            message="The numerator (5.00) cannot be above the denominator (4.00).",
                            indicator=self.share)
        response = self.assert_refused(
            {"value": "10", f"part_{self.owner.pk}": "6", f"part_{self.corporation.pk}": "6"}, field=None,
            message="The values per tenure add up to 12.00, more than the total of 10.00.")
        self.assertIn('href="#parts"', response.content.decode())
        self.assertContains(response, '<p class="error utrecht-form-field-error-message">The values per tenure add '
                                      'up to 12.00, more than the total of 10.00.</p>', html=True, status_code=400)
        self.assert_refused({"value": "", "narrative": "Nog niets.", "action": "submit"}, field="value",
                            message="Give a value before submitting.")

    def test_a_locked_or_future_period_is_refused_on_top(self):
        locked = make_period(self.programme, start=date(2020, 4, 1), end=date(2020, 6, 30), label="2020-K2",
                             is_locked=True)
        self.assertContains(self.client.get(self.edit_url(period=locked)), "is locked")
        self.assert_refused({"value": "3"}, field=None, message="The period 2020-K2 is locked: its updates cannot "
                                                                "change.", period=locked)
        today = timezone.localdate()
        future = ReportingPeriod.objects.create(programme=self.programme, label="later",
                                                start=today + timedelta(days=3), end=today + timedelta(days=60))
        self.assert_refused({"value": "3"}, field=None, message="The period later has not started yet",
                            period=future)

    def test_a_stale_edit_names_who_changed_the_update_and_writes_nothing(self):
        update = services.save_draft(self.count, self.period, by=self.editor, value=5)
        services.save_draft(self.count, self.period, by=self.coordinator, value=6, version=update.version)
        response = self.assert_refused({"value": "7", "version": str(update.version)}, field=None,
                                       message="Carla Coördinator changed this update on")
        self.assertContains(response, "Your changes have not been saved", status_code=400)

    def test_the_stale_edit_message_in_dutch(self):
        self.client.cookies["django_language"] = "nl"
        update = services.save_draft(self.count, self.period, by=self.editor, value=5)
        services.save_draft(self.count, self.period, by=self.coordinator, value=6, version=update.version)
        before = self.written()
        response = self.client.post(self.edit_url(), {"value": "7", "version": "1", "action": "save"})
        self.assertEqual(self.written(), before)
        self.assertContains(response, "Carla Coördinator", status_code=400)
        self.assertContains(response, "Opslaan als concept", status_code=400)
        self.assertContains(response, "Er is niets opgeslagen.", status_code=400)

    def test_a_returned_update_shows_its_reason_at_the_top_of_the_form(self):
        update = make_update(self.count, self.period, status=S.RETURNED, return_reason="Noem de bron.")
        content = self.client.get(self.edit_url()).content.decode()
        main = content.split('<main', 1)[1]
        self.assertIn("Noem de bron.", main)
        self.assertLess(main.index("data-return-reason"), main.index("<form"))
        self.assertTrue(update.pk)

    def test_the_update_page_queries_do_not_grow(self):
        def grow(size):
            """More log entries and records to choose from, and more experiments, indicators and periods."""
            for number in range(size):
                make_entry(self.experiment, title=f"Entry {size}-{number}")
                make_record(programme=self.programme, title=f"Record {size}-{number}", experiments=[self.experiment])
                indicator = make_indicator(self.goal, title_nl=f"Indicator {size}-{number}")
                other = make_indicator(self.other_goal, title_nl=f"Ander {size}-{number}")
                start = date(2021, 1, 1) + timedelta(days=10 * (size + number))
                quarter = make_period(self.programme, start=start, end=start + timedelta(days=5),
                                      label=f"2021-{size}-{number}")
                make_update(indicator, quarter)
                make_update(other, quarter)
        grow(1)
        services.save_draft(self.count, self.period, by=self.editor, value=10,
                            parts={self.owner: 1, self.corporation: 2})
        with self.assertNumQueries(self._count_queries()):
            self.client.get(self.edit_url())
        grow(3)
        update = Update.objects.get(indicator=self.count, period=self.period)
        services.add_attachment(update, by=self.editor, file=pdf_upload())
        services.add_attachment(update, by=self.editor, file=pdf_upload("b.pdf"))
        with self.assertNumQueries(self._count_queries()):
            self.client.get(self.edit_url())

    def _count_queries(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            self.client.get(self.edit_url())
        return len(queries)


class UpdateDetailTests(UpdatePageFixtures):
    def setUp(self):
        super().setUp()
        self.update = services.save_draft(self.count, self.period, by=self.editor, value=12,
                                          narrative="Goed **begin**.", parts={self.owner: 5})
        self.url = reverse("monitoring:update-detail", args=[self.update.pk])

    def test_who_may_open_the_update_and_what_they_may_do(self):
        self.assert_login_redirect(self.client.get(self.url))
        for user in (self.outsider, self.other_editor):
            with self.subTest(user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, 404)
        expectations = {
            # user: (steps offered, may comment, may change)
            self.reader: (set(), False, False),
            self.researcher: (set(), True, False),
            self.editor: ({"submit"}, True, True),
            self.coordinator: ({"submit"}, True, True),
        }
        for user, (verbs, comments, edits) in expectations.items():
            with self.subTest(user.email):
                self.login(user)
                response = self.client.get(self.url)
                self.assertContains(response, "<strong>begin</strong>")
                self.assertContains(response, "owner-occupied")
                self.assertEqual(set(response.context["verbs"]), verbs)
                self.assertEqual("Add comment" in response.content.decode(), comments)
                self.assertEqual(self.edit_url() in response.content.decode(), edits)

    def test_a_submitted_update_offers_approve_and_return_to_coordinators_only(self):
        services.submit_update(self.update, by=self.editor)
        for user, verbs in [(self.coordinator, {"approve", "return"}), (self.editor, set()), (self.reader, set())]:
            with self.subTest(user.email):
                self.login(user)
                response = self.client.get(self.url)
                self.assertEqual(set(response.context["verbs"]), verbs)
                self.assertContains(response, "submitted")

    def test_the_detail_page_queries_do_not_grow(self):
        self.login(self.coordinator)

        def count():
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                self.client.get(self.url)
            return len(queries)

        services.comment_on_update(self.update, by=self.researcher, text="Eén")
        self.update.log_entries.add(make_entry(self.experiment, title="E1"))
        expected = count()
        for number in range(3):
            services.comment_on_update(self.update, by=self.researcher, text=f"Meer {number}")
            self.update.log_entries.add(make_entry(self.experiment, title=f"E{number}"))
            self.update.harvest_records.add(make_record(programme=self.programme, title=f"R{number}"))
            make_update(make_indicator(self.goal, title_nl=f"Meer {number}"), self.period)
            make_period(self.programme, start=date(2021, 1 + 3 * number, 1), end=date(2021, 1 + 3 * number, 28),
                        label=f"2021-{number}")
            services.add_attachment(self.update, by=self.editor, file=pdf_upload(f"{number}.pdf"))
        with self.assertNumQueries(expected):
            self.client.get(self.url)


class StepTests(UpdatePageFixtures):
    def setUp(self):
        super().setUp()
        self.update = services.save_draft(self.count, self.period, by=self.editor, value=12)
        self.detail = reverse("monitoring:update-detail", args=[self.update.pk])

    def step(self, verb, **data):
        data = {f"{verb}-{key}": value for key, value in data.items()}
        data.setdefault(f"{verb}-version", str(Update.objects.get(pk=self.update.pk).version))
        return self.client.post(reverse("monitoring:update-step", args=[self.update.pk, verb]), data)

    def test_the_grid_of_the_steps(self):
        self.assert_login_redirect(self.step("submit"))
        before = self.written()
        for user, verb, status in [
            (self.outsider, "submit", 404), (self.other_editor, "submit", 404), (self.reader, "submit", 403),
            (self.researcher, "submit", 403), (self.editor, "approve", 403), (self.editor, "return", 403),
            (self.researcher, "approve", 403),
        ]:
            with self.subTest(user=user.email, verb=verb):
                self.login(user)
                self.assertEqual(self.step(verb, reason="x").status_code, status)
        self.assertEqual(self.written(), before)
        self.login(self.editor)
        self.assertEqual(self.client.post(reverse("monitoring:update-step", args=[self.update.pk, "delete"]))
                         .status_code, 404)

    def test_submit_return_resubmit_approve(self):
        self.login(self.editor)
        self.assertRedirects(self.step("submit"), self.detail)
        self.assertEqual(Update.objects.get(pk=self.update.pk).status, S.SUBMITTED)

        self.login(self.coordinator)
        self.assertRedirects(self.step("return", reason="Noem de bron van de telling."), self.detail)
        self.assertEqual(Update.objects.get(pk=self.update.pk).return_reason, "Noem de bron van de telling.")

        self.login(self.editor)
        main = self.client.get(self.detail).content.decode().split("<main", 1)[1]
        self.assertIn("Noem de bron van de telling.", main)
        self.assertLess(main.index("data-return-reason"), main.index('data-fact="status"'))
        self.assertRedirects(self.step("submit"), self.detail)

        self.login(self.coordinator)
        response = self.client.post(reverse("monitoring:update-step", args=[self.update.pk, "approve"]), {
            "approve-version": str(Update.objects.get(pk=self.update.pk).version)}, follow=True)
        self.assertContains(response, "The update has been approved.")
        update = Update.objects.get(pk=self.update.pk)
        self.assertEqual((update.status, update.approved_by, update.return_reason), (S.APPROVED, self.coordinator,
                                                                                     ""))

    def test_returning_without_a_reason_is_refused_beside_the_field(self):
        services.submit_update(self.update, by=self.editor)
        self.login(self.coordinator)
        before = self.written()
        response = self.step("return", reason="  ")
        self.assertEqual(self.written(), before)
        self.assertContains(response, "Say why the update is returned; the reporter sees it at once.",
                            status_code=400)
        self.assertContains(response, 'id="id_return-reason_error"', status_code=400)

    def test_a_stale_step_says_who_changed_the_update(self):
        self.login(self.editor)
        seen = Update.objects.get(pk=self.update.pk).version
        services.save_draft(self.count, self.period, by=self.coordinator, value=13, version=seen)
        before = self.written()
        response = self.step("submit", version=str(seen))
        self.assertEqual(self.written(), before)
        self.assertContains(response, "Carla Coördinator changed this update on", status_code=400)

    def test_a_step_the_state_no_longer_allows_becomes_a_message(self):
        services.submit_update(self.update, by=self.editor)
        self.login(self.editor)
        before = self.written()
        response = self.step("submit", version=str(Update.objects.get(pk=self.update.pk).version))
        self.assertRedirects(response, self.detail, fetch_redirect_response=False)
        self.assertEqual(self.written(), before)
        self.assertContains(self.client.get(self.detail), "cannot be submitted")


class CommentTests(UpdatePageFixtures):
    def setUp(self):
        super().setUp()
        self.update = make_update(self.count, self.period, status=S.SUBMITTED)
        self.url = reverse("monitoring:update-comment", args=[self.update.pk])

    def test_the_grid_of_comments(self):
        self.assert_login_redirect(self.client.post(self.url, {"text": "Hoi"}))
        before = self.written()
        for user, status in [(self.outsider, 404), (self.other_editor, 404), (self.reader, 403)]:
            with self.subTest(user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.url, {"text": "Hoi"}).status_code, status)
        self.assertEqual(self.written(), before)
        for user in (self.researcher, self.editor, self.coordinator):
            with self.subTest(user.email):
                self.login(user)
                response = self.client.post(self.url, {"text": f"Vraag van {user.full_name}"}, follow=True)
                self.assertContains(response, f"Vraag van {user.full_name}")
        self.assertEqual(set(self.update.comments.values_list("author__email", flat=True)),
                         {self.researcher.email, self.editor.email, self.coordinator.email})

    def test_an_empty_comment_is_refused_and_writes_nothing(self):
        self.login(self.researcher)
        before = self.written()
        response = self.client.post(self.url, {"text": "   "})
        self.assertContains(response, "Write a comment.", status_code=400)
        self.assertEqual(self.written(), before)


class AttachmentViewTests(UpdatePageFixtures):
    def setUp(self):
        super().setUp()
        self.update = make_update(self.count, self.period)
        self.attachment = services.add_attachment(self.update, by=self.editor, file=pdf_upload("Telling.pdf"))
        self.download = reverse("monitoring:update-attachment", args=[self.attachment.pk])

    def test_who_may_download(self):
        self.assert_login_redirect(self.client.get(self.download))
        for user in (self.outsider, self.other_editor):
            with self.subTest(user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.download).status_code, 404)
        for user in (self.reader, self.researcher, self.editor, self.coordinator):
            with self.subTest(user.email):
                self.login(user)
                response = self.client.get(self.download)
                self.assertEqual(b"".join(response.streaming_content), PDF)
                self.assertEqual(response["Content-Type"], "application/pdf")
                self.assertIn('attachment; filename="Telling.pdf"', response["Content-Disposition"])
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_an_attachment_of_another_experiments_update_is_404_for_an_editor(self):
        other_update = make_update(self.other_indicator, self.period)
        other = services.add_attachment(other_update, by=self.other_editor, file=pdf_upload())
        self.login(self.editor)
        self.assertEqual(self.client.get(reverse("monitoring:update-attachment", args=[other.pk])).status_code, 404)
        self.assertEqual(self.client.post(reverse("monitoring:update-attachment-remove", args=[other.pk]))
                         .status_code, 404)
        self.assertTrue(UpdateAttachment.objects.filter(pk=other.pk).exists())

    def test_who_may_attach_and_remove(self):
        add = reverse("monitoring:update-attachment-add", args=[self.update.pk])
        remove = reverse("monitoring:update-attachment-remove", args=[self.attachment.pk])
        before = self.written()
        for user, status in [(self.outsider, 404), (self.other_editor, 404), (self.reader, 403),
                             (self.researcher, 403)]:
            with self.subTest(user.email):
                self.login(user)
                self.assertEqual(self.client.post(add, {"file": pdf_upload()}).status_code, status)
                self.assertEqual(self.client.post(remove).status_code, status)
        self.assertEqual(self.written(), before)
        self.login(self.editor)
        self.assertRedirects(self.client.post(add, {"file": pdf_upload("Foto's.pdf")}),
                             self.edit_url() + "#attachments")
        self.assertEqual(set(self.update.attachments.values_list("original_name", flat=True)),
                         {"Telling.pdf", "Foto's.pdf"})
        with self.captureOnCommitCallbacks(execute=True):
            self.assertRedirects(self.client.post(remove), self.edit_url() + "#attachments")
        self.assertEqual(set(self.update.attachments.values_list("original_name", flat=True)), {"Foto's.pdf"})
        self.assertEqual(len(stored_files(self.media)), 1)

    def test_refused_uploads_show_why_and_store_nothing(self):
        self.login(self.editor)
        add = reverse("monitoring:update-attachment-add", args=[self.update.pk])
        before = self.written()
        cases = {
            "Files of this type are not accepted.": SimpleUploadedFile("run.exe", b"MZ\x90\x00"),
            "is not what its name says": SimpleUploadedFile("foto.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 8),
            "the limit is": SimpleUploadedFile("groot.pdf", PDF + b"0" * 2000),
        }
        for message, upload in cases.items():
            with self.subTest(message):
                response = self.client.post(add, {"file": upload})
                self.assertContains(response, message, status_code=400)
                self.assertContains(response, 'id="id_file_error"', status_code=400)
        self.assertEqual(self.written(), before)

    def test_an_approved_updates_files_cannot_be_removed(self):
        Update.objects.filter(pk=self.update.pk).update(status=S.APPROVED, approved_at=timezone.now())
        self.login(self.editor)
        before = self.written()
        response = self.client.post(reverse("monitoring:update-attachment-remove", args=[self.attachment.pk]),
                                    follow=True)
        self.assertContains(response, "This update has been approved: its attachments cannot change.")
        self.assertEqual(self.written(), before)


    def test_attaching_to_a_submitted_update_is_refused_on_its_page(self):
        Update.objects.filter(pk=self.update.pk).update(status=S.SUBMITTED)
        self.login(self.editor)
        before = self.written()
        response = self.client.post(reverse("monitoring:update-attachment-add", args=[self.update.pk]),
                                    {"file": pdf_upload()}, follow=True)
        self.assertRedirects(response, reverse("monitoring:update-detail", args=[self.update.pk]))
        self.assertContains(response, "its attachments can change once it is returned.")
        self.assertEqual(self.written(), before)

class DutchTests(UpdatePageFixtures):
    def setUp(self):
        super().setUp()
        self.client.cookies["django_language"] = "nl"

    def test_the_pages_in_dutch(self):
        update = make_update(self.count, self.period, status=S.RETURNED, return_reason="Noem de bron.")
        self.login(self.editor)
        detail = self.client.get(reverse("monitoring:update-detail", args=[update.pk]))
        self.assertContains(detail, "<h2>Teruggestuurd voor herziening</h2>", html=True)
        self.assertContains(detail, "Rapportage wijzigen")
        self.assertContains(detail, "Ter goedkeuring indienen")
        edit = self.client.get(self.edit_url())
        for text in ("Nulmeting", "Streefwaarde voor 2020-K1", "Vorige periode", "Opslaan en indienen",
                     "Uitgesplitste waarden", "koopwoning"):
            self.assertContains(edit, text)
        response = self.client.post(self.edit_url(), {"value": "-1", "version": str(update.version),
                                                      "action": "save"})
        self.assertContains(response, "Er is een probleem met deze rapportage", status_code=400)

