"""Test base with personas, created once per test class (healthchecks' hc/test.py)."""

from datetime import date

from django.test import TestCase

from dubbelslag.accounts.models import Organisation, User
from dubbelslag.areas.models import Area
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Experiment, Membership, Participation, Programme

PASSWORD = "correct-horse-battery"


def make_area(code: str, name: str, *, parent: Area | None = None, year: int = 2025) -> Area:
    from dubbelslag.areas.models import level_for_code

    return Area.objects.create(code=code, name=name, level=level_for_code(code), parent=parent, boundary_year=year)


def make_user(email: str, *, name: str = "", organisation: Organisation | None = None, **extra) -> User:
    return User.objects.create_user(email, PASSWORD, full_name=name or email.split("@")[0].title(),
                                    organisation=organisation, **extra)


def make_organisation(name: str = "Gemeente Rotterdam", *, type: str = "gemeente", **extra) -> Organisation:
    from django.utils.text import slugify

    return Organisation.objects.create(name=name, slug=extra.pop("slug", slugify(name)), type=type, **extra)


def make_programme(**overrides) -> Programme:
    fields = {"name": "Verduurzaming Kwetsbare Wijken", "slug": "kwetsbare-wijken", "start_date": date(2019, 1, 1),
              "end_date": date(2021, 12, 31)}
    fields.update(overrides)
    return Programme.objects.create(**fields)


def make_experiment(*, programme: Programme, gemeente: Area, **overrides) -> Experiment:
    fields = {"title": "Huiskamer Aardgasvrij", "summary": "Een huiskamer als energieloket.",
              "start_date": date(2019, 3, 1)}
    fields.update(overrides)
    return Experiment.objects.create(programme=programme, gemeente=gemeente, **fields)


class BaseTestCase(TestCase):
    """Personas: a programme coordinator, a programme researcher, an experiment editor and an experiment reader of
    `self.experiment`, an outsider (signed in, no role), and anonymous (the test client before logging in).
    `self.other_experiment` belongs to the same programme; the editor and reader have no role in it."""

    @classmethod
    def setUpTestData(cls):
        cls.rotterdam = make_area("GM0599", "Rotterdam")
        cls.charlois = make_area("WK059915", "Pendrecht", parent=cls.rotterdam)
        cls.pendrecht = make_area("BU05991577", "Pendrecht", parent=cls.charlois)
        cls.zoetermeer = make_area("GM0637", "Zoetermeer")
        cls.palenstein = make_area("WK063703", "Palenstein", parent=cls.zoetermeer)

        cls.gemeente_org = make_organisation("Gemeente Rotterdam")
        cls.corporation = make_organisation("Woonstichting Zuidrand", type="woningcorporatie")
        cls.institute = make_organisation("Kennisinstituut", type="kennisinstelling")

        cls.programme = make_programme()
        cls.experiment = make_experiment(programme=cls.programme, gemeente=cls.rotterdam)
        cls.experiment.focus_areas.set([cls.charlois])
        cls.other_experiment = make_experiment(programme=cls.programme, gemeente=cls.zoetermeer,
                                               title="Verhalen ophalen in Palenstein",
                                               summary="Bewoners vertellen over hun wijk.")
        Participation.objects.create(experiment=cls.experiment, organisation=cls.gemeente_org, role="trekker")

        cls.coordinator = make_user("coordinator@example.org", name="Carla Coördinator", organisation=cls.institute)
        cls.researcher = make_user("researcher@example.org", name="Rob Onderzoeker", organisation=cls.institute)
        cls.editor = make_user("editor@example.org", name="Eva Editor", organisation=cls.gemeente_org)
        cls.reader = make_user("reader@example.org", name="Lars Lezer", organisation=cls.corporation)
        cls.outsider = make_user("outsider@example.org", name="Olga Outsider")

        Membership.objects.create(user=cls.coordinator, programme=cls.programme, role=MembershipRole.COORDINATOR)
        Membership.objects.create(user=cls.researcher, programme=cls.programme, role=MembershipRole.RESEARCHER)
        Membership.objects.create(user=cls.editor, programme=cls.programme, experiment=cls.experiment,
                                  role=MembershipRole.EDITOR)
        Membership.objects.create(user=cls.reader, programme=cls.programme, experiment=cls.experiment,
                                  role=MembershipRole.READER)

    def login(self, user: User) -> None:
        self.client.force_login(user)


def browser_log_in(page, live_server, email: str) -> None:
    """Sign in through the login page in a Playwright page (the English interface)."""
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def browser_log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
