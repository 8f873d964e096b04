"""The admin (/beheer/) is no second write path (docs/architecture.md, "The admin").

Every registered admin, and every inline and action of each, either refuses every change or writes through the app's
services. The lists below are the only exceptions to read-only; registering an editable admin, inline or action for
any other model fails `test_every_admin_refuses_changes_unless_listed`, and each service-backed admin has a test
below that it does exactly what its service does.
"""

import datetime
import json
from io import StringIO

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models
from django.db.models.fields.files import FieldFile
from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.text import Truncator

from dubbelslag.accounts import services as accounts_services
from dubbelslag.accounts.models import LoginFailure, Organisation, User
from dubbelslag.accounts.services import ORGANISATION_AUDIT_FIELDS, record_login_failure
from dubbelslag.areas.models import Area
from dubbelslag.core.admin_mixins import ReadOnlyAdmin, ServiceAdmin
from dubbelslag.core.models import AuditAction, AuditEvent
from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from dubbelslag.labs.calendar import feed_for
from dubbelslag.labs.models import Document, KnowledgeLab
from dubbelslag.programme import services as programme_services
from dubbelslag.programme.demo import content
from dubbelslag.programme.models import Experiment, Membership, Programme, Theme
from dubbelslag.programme.services import MEMBERSHIP_AUDIT_FIELDS, PROGRAMME_AUDIT_FIELDS
from dubbelslag.research.models import LogEntry
from testing.base import BaseTestCase, make_organisation, make_user

# Models an operator sets up in the admin because no page does: each thing the admin lets a superuser do, and the
# service it does it with. The admin allows exactly these verbs, through a ServiceAdmin.
SERVICE_BACKED = {
    Organisation: {"add": accounts_services.create_organisation, "change": accounts_services.update_organisation},
    Programme: {"add": programme_services.create_programme, "change": programme_services.update_programme},
    Membership: {"add": programme_services.grant_membership, "delete": programme_services.revoke_membership},
}

# Admin actions, each of which runs one service; no other admin action may write.
SERVICE_ACTIONS = {
    (LoginFailure, "clear_login_failures"): accounts_services.clear_login_failures,
}

# Models without any service: edited in the admin only, so they may stay editable there.
WITHOUT_SERVICE = {
    User: "People's accounts have no page or service; operators create and change them here (audited, never deleted).",
    Theme: "The theme taxonomy is seeded by a migration and curated here; no page or service writes it (audited).",
    Group: "Django's permission groups for staff users of the admin; no page or service uses them.",
}


def superuser_request(user):
    request = RequestFactory().get("/beheer/")
    request.user = user
    return request


def permitted(admin_or_inline, request) -> set[str]:
    """What a superuser may do in this admin or inline: a subset of add, change, delete."""
    inline = isinstance(admin_or_inline, admin.options.InlineModelAdmin)
    return {verb for verb, allowed in [
        ("add", admin_or_inline.has_add_permission(request, None) if inline
         else admin_or_inline.has_add_permission(request)),
        ("change", admin_or_inline.has_change_permission(request, None)),
        ("delete", admin_or_inline.has_delete_permission(request, None)),
    ] if allowed}


def unguarded_admins(site, user) -> list[str]:
    """Every way the registered admins (their forms, actions and inlines) would let a superuser write past the
    services: an editable admin for a model in neither list above, a service-backed admin that allows other verbs
    than its list names, an admin action that is not listed, an editable inline for a model that has services."""
    request = superuser_request(user)
    problems = []
    for model, model_admin in site._registry.items():
        name = model._meta.label
        verbs = permitted(model_admin, request)
        if model in SERVICE_BACKED:
            if not isinstance(model_admin, ServiceAdmin):
                problems.append(f"{name}: service-backed but not a ServiceAdmin")
            elif verbs != set(SERVICE_BACKED[model]):
                problems.append(f"{name}: the admin allows {', '.join(sorted(verbs)) or 'nothing'}, "
                                f"the list names {', '.join(sorted(SERVICE_BACKED[model]))}")
        elif model not in WITHOUT_SERVICE and verbs:
            problems.append(f"{name}: the admin allows {', '.join(sorted(verbs))}")
        if model not in WITHOUT_SERVICE:
            # Django's own bulk delete runs delete_queryset, which a ServiceAdmin sends through its service.
            actions = set(model_admin.get_actions(request)) - {"delete_selected"}
            unlisted = sorted(actions - {action for listed, action in SERVICE_ACTIONS if listed is model})
            if unlisted:
                problems.append(f"{name}: the admin action {', '.join(unlisted)} is not listed")
        for inline_class in model_admin.inlines:
            inline = inline_class(model, site)
            if inline.model in WITHOUT_SERVICE:
                continue
            verbs = permitted(inline, request)
            if verbs:
                problems.append(f"{name}: inline {inline_class.__name__} allows {', '.join(sorted(verbs))}")
    return problems


def row_state(obj) -> dict:
    """Every stored value of `obj`, with its many-to-many relations as sets of keys."""
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    state = {field.attname: getattr(fresh, field.attname) for field in fresh._meta.concrete_fields}
    for field in fresh._meta.many_to_many:
        state[field.name] = set(getattr(fresh, field.name).values_list("pk", flat=True))
    return state


def changed_post_data(obj) -> dict:
    """A form submission that would change every editable field of `obj`, were the admin to accept it."""
    data = {}
    for field in obj._meta.concrete_fields + obj._meta.many_to_many:
        if field.primary_key or not field.editable:
            continue
        if isinstance(field, models.ManyToManyField):
            data[field.name] = [str(pk) for pk in getattr(obj, field.name).values_list("pk", flat=True)]
            continue
        value = getattr(obj, field.attname)
        if isinstance(value, bool):
            data[field.name] = "" if value else "on"
        elif value is None:
            data[field.name] = ""
        elif isinstance(value, FieldFile):
            data[field.name] = value.name
        elif isinstance(value, datetime.datetime):
            data[f"{field.name}_0"], data[f"{field.name}_1"] = value.date().isoformat(), "12:00:00"
        elif isinstance(value, datetime.date):
            data[field.name] = (value + datetime.timedelta(days=1)).isoformat()
        elif isinstance(value, dict | list):
            data[field.name] = json.dumps(value)
        elif isinstance(value, str) and not field.choices:
            data[field.name] = f"{value} (beheer)"
        else:
            data[field.name] = str(value)
    return data


def search_term(obj, search_fields) -> str:
    """A value of `obj` in the first search field that has one, for searching the changelist."""
    for path in search_fields:
        value = obj
        for part in path.lstrip("^=@").split("__"):
            value = getattr(value, part, None)
            if isinstance(value, models.Manager):
                value = value.first()
            if value is None:
                break
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


class DemoAdminTestCase(TestCase):
    """The demo as `manage.py seed_demo` leaves it, with one row of each model the demo does not fill."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())
        cls.operator = User.objects.get(email=content.ADMIN[0])
        record_login_failure(email="buitenstaander@demo.dubbelslag.nl", ip_address="192.0.2.10")
        feed_for(User.objects.get(email="coordinator@demo.dubbelslag.nl"))
        Group.objects.create(name="Ondersteuning")
        run = ImportRun.objects.create(source="cbs_csv", table_id="85984NED", file_name="kwb_2024.csv",
                                       boundary_year=2024, rows_read=1, rows_created=1)
        experiment = Experiment.objects.get(title="Huiskamer Aardgasvrij Pendrecht")
        Observation.objects.create(indicator=Indicator.objects.order_by("code").first(), area=experiment.gemeente,
                                   period="2024", value=12.5, import_run=run)
        Document.objects.create(title="Verslag eerste Kennislab", file="labs/0123456789abcdef/verslag.txt",
                                content_type="text/plain", size=12, uploaded_by=cls.operator,
                                lab=KnowledgeLab.objects.order_by("starts_at").first())

    def setUp(self):
        self.client.force_login(self.operator)

    def admin_url(self, model, view: str, *args) -> str:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


class AdminWritePathTests(DemoAdminTestCase):
    def test_every_model_of_the_demo_is_there_to_look_at(self):
        # The walk below is only as good as its rows: every registered model has at least one.
        self.assertEqual([model._meta.label for model in admin.site._registry
                          if not model._default_manager.exists()], [])

    def test_the_lists_name_only_registered_models(self):
        registered = set(admin.site._registry)
        self.assertEqual(set(SERVICE_BACKED) - registered, set())
        self.assertEqual(set(WITHOUT_SERVICE) - registered, set())
        self.assertEqual({model for model, _action in SERVICE_ACTIONS} - registered, set())
        self.assertEqual(set(SERVICE_BACKED) & set(WITHOUT_SERVICE), set())

    def test_every_admin_refuses_changes_unless_listed(self):
        self.assertEqual(unguarded_admins(admin.site, self.operator), [])

    def test_the_check_catches_every_way_past_the_services(self):
        site = admin.AdminSite(name="probe")
        site.register(LogEntry, admin.ModelAdmin)
        site.register(Membership, admin.ModelAdmin)

        class OrganisationAdmin(ServiceAdmin):
            def create(self, request, form):
                return accounts_services.create_organisation(by=request.user, **form.cleaned_data)

            def delete(self, request, obj):
                obj.delete()

        site.register(Organisation, OrganisationAdmin)

        class EditableInline(admin.TabularInline):
            model = Observation

        class ImportRunAdmin(ReadOnlyAdmin):
            inlines = [EditableInline]

        site.register(ImportRun, ImportRunAdmin)

        class AreaAdmin(ReadOnlyAdmin):
            actions = ["rename"]

            @admin.action(description="Rename")
            def rename(self, request, queryset):
                queryset.update(name="x")

        site.register(Area, AreaAdmin)

        class MembershipInline(admin.TabularInline):
            model = Membership

        class UserAdmin(admin.ModelAdmin):
            inlines = [MembershipInline]

        site.register(User, UserAdmin)
        self.assertEqual(unguarded_admins(site, self.operator), [
            "research.LogEntry: the admin allows add, change, delete",
            "programme.Membership: service-backed but not a ServiceAdmin",
            "accounts.Organisation: the admin allows add, delete, the list names add, change",
            "indicators.ImportRun: inline EditableInline allows add, change, delete",
            "areas.Area: the admin action rename is not listed",
            "accounts.User: inline MembershipInline allows add, change, delete",
        ])

    def test_posting_to_a_read_only_admin_writes_nothing(self):
        read_only = [model for model in admin.site._registry
                     if model not in SERVICE_BACKED and model not in WITHOUT_SERVICE]
        self.assertGreater(len(read_only), 30)
        for model in read_only:
            with self.subTest(model=model._meta.label):
                obj = model._default_manager.order_by("pk").first()
                before, count, events = row_state(obj), model._default_manager.count(), AuditEvent.objects.count()
                data = changed_post_data(obj)

                self.assertEqual(self.client.post(self.admin_url(model, "add"), data).status_code, 403)
                self.assertEqual(self.client.post(self.admin_url(model, "change", obj.pk), data).status_code, 403)
                self.assertEqual(self.client.post(self.admin_url(model, "delete", obj.pk), {"post": "yes"})
                                 .status_code, 403)
                self.client.post(self.admin_url(model, "changelist"), {
                    "action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})

                self.assertEqual(row_state(obj), before)
                self.assertEqual(model._default_manager.count(), count)
                self.assertEqual(AuditEvent.objects.count(), events)


class AdminPagesTests(DemoAdminTestCase):
    """/beheer/ works for the operator: every list, one object's (read-only) page, and the search."""

    def shown(self, response, obj) -> str:
        with translation.override(response.wsgi_request.LANGUAGE_CODE):
            return escape(Truncator(str(obj)).words(18, truncate=" …"))

    def test_every_changelist_and_change_page_opens_with_the_object_named(self):
        for model in admin.site._registry:
            with self.subTest(model=model._meta.label):
                response = self.client.get(self.admin_url(model, "changelist"))
                self.assertEqual(response.status_code, 200)
                listed = list(response.context["cl"].result_list)
                self.assertNotEqual(listed, [])
                obj = listed[0]
                change_url = self.admin_url(model, "change", obj.pk)
                self.assertContains(response, f'href="{change_url}"')

                response = self.client.get(change_url)
                self.assertContains(response, self.shown(response, obj))

    def test_every_search_finds_its_object(self):
        searched = 0
        for model, model_admin in admin.site._registry.items():
            if not model_admin.search_fields:
                continue
            with self.subTest(model=model._meta.label):
                obj = next(obj for obj in model._default_manager.order_by("pk")
                           if search_term(obj, model_admin.search_fields))
                term = search_term(obj, model_admin.search_fields)
                response = self.client.get(self.admin_url(model, "changelist"), {"q": term[:60]})
                self.assertEqual(response.status_code, 200)
                self.assertIn(obj.pk, {row.pk for row in response.context["cl"].queryset})
                searched += 1
        self.assertGreater(searched, 30)

    def test_a_calendar_feed_is_shown_without_its_secret_address(self):
        from dubbelslag.labs.models import CalendarFeed

        feed = CalendarFeed.objects.get()
        for url in [self.admin_url(CalendarFeed, "changelist"), self.admin_url(CalendarFeed, "change", feed.pk)]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, escape(str(feed.user)))
                self.assertNotContains(response, feed.token)

    def test_a_knowledge_question_is_shown_without_a_form_to_change_it(self):
        from dubbelslag.labs.models import KnowledgeQuestion

        question = KnowledgeQuestion.objects.order_by("pk").first()
        response = self.client.get(self.admin_url(KnowledgeQuestion, "change", question.pk))
        self.assertContains(response, escape(question.title))
        self.assertNotContains(response, 'name="status"')
        self.assertNotContains(response, 'name="_save"')


class ServiceBackedAdminTests(BaseTestCase):
    """Each service-backed admin does exactly what its service does: the service's checks, fields and audit event."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.operator = make_user("beheer@example.org", name="Bea Beheer", is_staff=True, is_superuser=True)

    def setUp(self):
        self.login(self.operator)

    def url(self, model, view: str, *args) -> str:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)

    def events(self, obj) -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(content_type__model=obj._meta.model_name,
                                              object_id=str(obj.pk)).order_by("pk"))

    def test_adding_an_organisation_runs_create_organisation(self):
        response = self.client.post(self.url(Organisation, "add"), {
            "name": "Gemeente-Rotterdam", "type": "gemeente", "website": "", "description": ""})
        self.assertEqual(response.status_code, 302)
        organisation = Organisation.objects.get(name="Gemeente-Rotterdam")
        # The service derives a free slug; a plain admin form would have had no slug at all.
        self.assertEqual(organisation.slug, "gemeente-rotterdam-2")
        [event] = self.events(organisation)
        self.assertEqual((event.action, event.actor, set(event.changes)),
                         (AuditAction.CREATE, self.operator, set(ORGANISATION_AUDIT_FIELDS)))

    def test_changing_an_organisation_runs_update_organisation(self):
        self.client.post(self.url(Organisation, "change", self.corporation.pk), {
            "name": "Woonstichting Zuidrand", "type": "woningcorporatie", "website": "https://zuidrand.example.org",
            "description": ""})
        self.corporation.refresh_from_db()
        self.assertEqual((self.corporation.website, self.corporation.slug),
                         ("https://zuidrand.example.org", "woonstichting-zuidrand"))
        [event] = self.events(self.corporation)
        self.assertEqual((event.action, event.actor, event.changes),
                         (AuditAction.CHANGE, self.operator, {"website": ["", "https://zuidrand.example.org"]}))

    def test_adding_a_programme_runs_create_programme(self):
        response = self.client.post(self.url(Programme, "add"), {
            "name": "Wijkaanpak 2025", "slug": "wijkaanpak-2025", "description": "", "start_date": "2025-01-01",
            "end_date": "2028-12-31", "organisers": [str(self.institute.pk)]})
        self.assertEqual(response.status_code, 302)
        programme = Programme.objects.get(slug="wijkaanpak-2025")
        self.assertEqual(set(programme.organisers.all()), {self.institute})
        [event] = self.events(programme)
        self.assertEqual((event.action, event.actor, set(event.changes)),
                         (AuditAction.CREATE, self.operator, set(PROGRAMME_AUDIT_FIELDS)))
        self.assertEqual(event.changes["organisers"], [None, ["Kennisinstituut"]])

    def test_changing_a_programme_runs_update_programme(self):
        self.client.post(self.url(Programme, "change", self.programme.pk), {
            "name": self.programme.name, "description": "", "start_date": "2019-01-01", "end_date": "2022-06-30",
            "organisers": [str(self.institute.pk)]})
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.end_date, datetime.date(2022, 6, 30))
        [event] = self.events(self.programme)
        self.assertEqual((event.action, event.changes), (AuditAction.CHANGE, {
            "end_date": ["2021-12-31", "2022-06-30"], "organisers": [[], ["Kennisinstituut"]]}))

    def test_a_programme_ending_before_it_starts_is_refused_and_nothing_written(self):
        response = self.client.post(self.url(Programme, "change", self.programme.pk), {
            "name": self.programme.name, "description": "", "start_date": "2019-01-01", "end_date": "2018-12-31"})
        self.assertContains(response, escape("De einddatum kan niet vóór de startdatum liggen."))
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.end_date, datetime.date(2021, 12, 31))
        self.assertEqual(self.events(self.programme), [])

    def test_adding_a_membership_runs_grant_membership(self):
        response = self.client.post(self.url(Membership, "add"), {
            "user": str(self.outsider.pk), "programme": str(self.programme.pk), "experiment": str(self.experiment.pk),
            "role": "reader"})
        self.assertEqual(response.status_code, 302)
        membership = Membership.objects.get(user=self.outsider)
        self.assertEqual((membership.experiment, membership.role), (self.experiment, "reader"))
        [event] = self.events(membership)
        # The service records the role under the experiment, so it shows in the experiment's history.
        self.assertEqual((event.action, event.actor, set(event.changes), event.parent_object_id),
                         (AuditAction.CREATE, self.operator, set(MEMBERSHIP_AUDIT_FIELDS), str(self.experiment.pk)))

    def test_a_programme_role_for_one_experiment_is_refused_and_nothing_written(self):
        response = self.client.post(self.url(Membership, "add"), {
            "user": str(self.outsider.pk), "programme": str(self.programme.pk), "experiment": str(self.experiment.pk),
            "role": "coordinator"})
        self.assertContains(response, "Een programmarol geldt voor het hele programma. Laat het experiment leeg.")
        self.assertFalse(Membership.objects.filter(user=self.outsider).exists())
        self.assertFalse(AuditEvent.objects.filter(content_type__model="membership").exists())

    def test_a_membership_is_never_edited(self):
        membership = Membership.objects.get(user=self.reader)
        response = self.client.post(self.url(Membership, "change", membership.pk), {
            "user": str(self.reader.pk), "programme": str(self.programme.pk), "experiment": str(self.experiment.pk),
            "role": "editor"})
        self.assertEqual(response.status_code, 403)
        membership.refresh_from_db()
        self.assertEqual(membership.role, "reader")
        self.assertEqual(self.events(membership), [])

    def test_deleting_a_membership_runs_revoke_membership(self):
        membership = Membership.objects.get(user=self.reader)
        response = self.client.post(self.url(Membership, "delete", membership.pk), {"post": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Membership.objects.filter(pk=membership.pk).exists())
        [event] = self.events(membership)
        self.assertEqual((event.action, event.actor, event.parent_object_id),
                         (AuditAction.DELETE, self.operator, str(self.experiment.pk)))

    def test_deleting_memberships_in_bulk_revokes_each(self):
        memberships = list(Membership.objects.filter(user__in=[self.reader, self.editor]))
        self.client.post(self.url(Membership, "changelist"), {
            "action": "delete_selected", "_selected_action": [m.pk for m in memberships], "post": "yes"})
        self.assertFalse(Membership.objects.filter(user__in=[self.reader, self.editor]).exists())
        self.assertEqual({(event.object_id, event.action) for event in AuditEvent.objects.filter(
            content_type__model="membership")}, {(str(m.pk), AuditAction.DELETE) for m in memberships})

    def test_a_refusal_by_the_service_rolls_back_everything_and_says_why(self):
        class RefusingAdmin(admin.site._registry[Organisation].__class__):
            def create(self, request, form):
                # The service has written the row and its audit event when the refusal comes.
                super().create(request, form)
                raise ValidationError("Deze organisatie bestaat al onder een andere naam.")

        request = RequestFactory().post("/beheer/accounts/organisation/add/", {
            "name": "Stichting Buurtwerk", "type": "welzijnsorganisatie", "website": "", "description": ""})
        request.user, request.session, request._dont_enforce_csrf_checks = self.operator, {}, True
        request._messages = FallbackStorage(request)

        response = RefusingAdmin(Organisation, admin.site).changeform_view(request)

        self.assertEqual((response.status_code, response.url), (302, "/beheer/accounts/organisation/add/"))
        self.assertEqual([str(message) for message in request._messages],
                         ["Deze organisatie bestaat al onder een andere naam."])
        self.assertFalse(Organisation.objects.filter(name="Stichting Buurtwerk").exists())
        self.assertFalse(AuditEvent.objects.exists())
        self.assertFalse(AdminLogEntry.objects.exists())

    def test_organisations_and_programmes_are_not_deleted_here(self):
        organisation = make_organisation("Stichting Buurtwerk", type="welzijnsorganisatie")
        self.client.post(self.url(Organisation, "delete", organisation.pk), {"post": "yes"})
        self.client.post(self.url(Programme, "delete", self.programme.pk), {"post": "yes"})
        self.assertTrue(Organisation.objects.filter(pk=organisation.pk).exists())
        self.assertTrue(Programme.objects.filter(pk=self.programme.pk).exists())


class UserAdminTests(BaseTestCase):
    """Accounts have no service: the admin is their write path, and records the audit trail, never the password."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.operator = make_user("beheer@example.org", name="Bea Beheer", is_staff=True, is_superuser=True)

    def setUp(self):
        self.login(self.operator)

    def test_adding_a_person_is_audited_without_the_password(self):
        response = self.client.post(reverse("admin:accounts_user_add"), {
            "email": "nieuw@example.org", "full_name": "Nina Nieuw", "organisation": str(self.corporation.pk),
            "usable_password": "true", "password1": "een-lang-wachtwoord-42", "password2": "een-lang-wachtwoord-42"})
        self.assertEqual(response.status_code, 302)
        user = User.objects.get(email="nieuw@example.org")
        self.assertTrue(user.check_password("een-lang-wachtwoord-42"))
        event = AuditEvent.objects.get(content_type__model="user", object_id=str(user.pk))
        self.assertEqual((event.action, event.actor), (AuditAction.CREATE, self.operator))
        self.assertEqual(event.changes["organisation"], [None, "Woonstichting Zuidrand"])
        self.assertNotIn("password", event.changes)
        self.assertNotIn(user.password, json.dumps(event.changes))

    def test_giving_admin_access_is_audited(self):
        user = self.outsider
        self.client.post(reverse("admin:accounts_user_change", args=[user.pk]), {
            "email": user.email, "full_name": user.full_name, "organisation": "", "is_active": "on",
            "is_staff": "on", "date_joined_0": "2025-01-01", "date_joined_1": "12:00:00"})
        user.refresh_from_db()
        self.assertTrue(user.is_staff)
        event = AuditEvent.objects.get(content_type__model="user", object_id=str(user.pk))
        self.assertEqual((event.action, event.changes), (AuditAction.CHANGE, {"is_staff": [False, True]}))

    def test_a_person_is_switched_off_rather_than_deleted(self):
        response = self.client.post(reverse("admin:accounts_user_delete", args=[self.outsider.pk]), {"post": "yes"})
        self.assertEqual(response.status_code, 403)
        self.assertTrue(User.objects.filter(pk=self.outsider.pk).exists())


class LoginFailureAdminTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.operator = make_user("beheer@example.org", is_staff=True, is_superuser=True)

    def setUp(self):
        self.login(self.operator)

    def test_failed_logins_are_listed_not_deleted_here(self):
        record_login_failure(email="outsider@example.org", ip_address="192.0.2.1")
        response = self.client.get(reverse("admin:accounts_loginfailure_changelist"))
        self.assertContains(response, "outsider@example.org")
        failure = LoginFailure.objects.get()
        response = self.client.post(reverse("admin:accounts_loginfailure_delete", args=[failure.pk]), {"post": "yes"})
        self.assertEqual(response.status_code, 403)
        self.assertTrue(LoginFailure.objects.filter(pk=failure.pk).exists())

    def test_clearing_lets_a_locked_out_person_log_in_again(self):
        for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
            record_login_failure(email="outsider@example.org", ip_address=None)
        record_login_failure(email="reader@example.org", ip_address=None)
        self.assertTrue(accounts_services.login_is_throttled(email="outsider@example.org", ip_address=None))
        chosen = LoginFailure.objects.filter(email="outsider@example.org").first()

        response = self.client.post(reverse("admin:accounts_loginfailure_changelist"), {
            "action": "clear_login_failures", "_selected_action": [chosen.pk]}, follow=True)

        # One row chosen clears every failure of that address, as the throttle's service does; others stay.
        self.assertEqual([str(message) for message in response.context["messages"]],
                         ["De mislukte aanmeldingen van 1 adres zijn gewist."])
        self.assertFalse(accounts_services.login_is_throttled(email="outsider@example.org", ip_address=None))
        self.assertEqual(list(LoginFailure.objects.values_list("email", flat=True)), ["reader@example.org"])

    def test_a_staff_member_without_the_permission_cannot_clear(self):
        staff = make_user("staf@example.org", is_staff=True)
        staff.user_permissions.add(Permission.objects.get(codename="view_loginfailure"))
        record_login_failure(email="outsider@example.org", ip_address=None)
        self.login(staff)
        self.client.post(reverse("admin:accounts_loginfailure_changelist"), {
            "action": "clear_login_failures", "_selected_action": [LoginFailure.objects.get().pk]})
        self.assertEqual(LoginFailure.objects.count(), 1)


class ThemeAdminTests(BaseTestCase):
    """The theme taxonomy has no service: the admin curates it, audited, but never deletes a theme or moves its
    slug, which the open API filters on."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.operator = make_user("beheer@example.org", is_staff=True, is_superuser=True)
        cls.theme = Theme.objects.create(slug="warmte", name_nl="Warmte", name_en="Heat", kind="other")
        cls.experiment.themes.add(cls.theme)

    def setUp(self):
        self.login(self.operator)

    def test_renaming_a_theme_is_audited_and_keeps_its_slug(self):
        self.client.post(reverse("admin:programme_theme_change", args=[self.theme.pk]), {
            "slug": "heat", "kind": "other", "name_nl": "Warmtetransitie", "name_en": "Heat", "description_nl": "",
            "description_en": "", "position": "0", "parent": ""})
        self.theme.refresh_from_db()
        self.assertEqual((self.theme.name_nl, self.theme.slug), ("Warmtetransitie", "warmte"))
        event = AuditEvent.objects.get(content_type__model="theme", object_id=str(self.theme.pk))
        self.assertEqual((event.action, event.actor, event.changes),
                         (AuditAction.CHANGE, self.operator, {"name_nl": ["Warmte", "Warmtetransitie"]}))

    def test_a_theme_is_never_deleted(self):
        response = self.client.post(reverse("admin:programme_theme_delete", args=[self.theme.pk]), {"post": "yes"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(set(self.experiment.themes.all()), {self.theme})
        self.assertFalse(AuditEvent.objects.filter(content_type__model="theme").exists())
