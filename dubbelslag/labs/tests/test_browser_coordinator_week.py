"""End to end, the coordinator's week: Carla plans a single Kennislab, registers two participants, puts two
questions on its agenda and takes one off again with a reason, and her dashboard says what needs her attention.
axe checks every page she sees, signed in, in English and in Dutch."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dubbelslag.core.models import AuditEvent
from dubbelslag.labs.enums import ActionStatus, QuestionStatus
from dubbelslag.labs.models import Action, KnowledgeLab
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.public.tests.test_browser_accessibility import AXE, axe_violations, describe
from dubbelslag.publications.enums import VersionStatus
from testing.base import browser_log_in, make_area, make_experiment, make_organisation, make_programme, make_user
from testing.factories.labs import make_question
from testing.factories.publications import make_product
from testing.factories.research import make_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LAB = "Kennislab extra: warmte en werk"
KEEP = "Hoe vinden we vakmensen voor warmte?"
DROP = "Wie betaalt de aansluiting?"
RAISED = "Kan de huiskamer ook op zaterdag open?"


@pytest.fixture
def week():
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE} is missing): run `npm ci` at the repository root")
    rotterdam = make_area("GM0599", "Rotterdam")
    programme = make_programme()
    experiment = make_experiment(programme=programme, gemeente=rotterdam, title="Huiskamer Aardgasvrij Pendrecht")
    carla = make_user("carla@example.org", name="Carla Coördinator")
    Membership.objects.create(user=carla, programme=programme, role=MembershipRole.COORDINATOR)
    rob = make_user("rob@example.org", name="Rob Onderzoeker")
    Membership.objects.create(user=rob, programme=programme, role=MembershipRole.RESEARCHER)
    corporation = make_organisation("Woonstichting Zuidrand", type="woningcorporatie")
    for email, name, role in (("eva@example.org", "Eva Projectleider", MembershipRole.EDITOR),
                              ("lars@example.org", "Lars Lezer", MembershipRole.READER)):
        user = make_user(email, name=name, organisation=corporation)
        Membership.objects.create(user=user, programme=programme, experiment=experiment, role=role)
    for title in (KEEP, DROP):
        make_question(programme=programme, title=title, status=QuestionStatus.TRIAGED)
    make_question(programme=programme, title=RAISED, experiment=experiment)
    make_record(programme=programme, title="Bewoners komen niet naar avonden")
    make_product(programme, slug="warmtegesprek", status=VersionStatus.IN_REVIEW, submitted_by=rob)
    Action.objects.create(programme=programme, title="Zaal boeken", owner=carla, status=ActionStatus.OPEN,
                          due_date=timezone.localdate() - timedelta(days=2))
    return programme


def check(page, name: str, language: str, failures: list) -> None:
    violations = axe_violations(page)
    if violations:
        failures.append(describe(name, language, page.url, violations))


def test_the_coordinator_plans_a_lab_registers_people_and_sees_what_needs_attention(live_server, page, week):
    page.set_default_timeout(15_000)
    failures: list[str] = []
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    browser_log_in(page, live_server, "carla@example.org")

    # A single Kennislab, three weeks from now.
    page.goto(live_server.url + "/kennislabs/")
    check(page, "lab list", "en", failures)
    page.get_by_role("link", name="Plan a single Kennislab").click()
    check(page, "lab form", "en", failures)
    day = timezone.localdate() + timedelta(days=21)
    page.get_by_label("Programme").select_option(label="Verduurzaming Kwetsbare Wijken")
    page.get_by_label("Title").fill(LAB)
    page.get_by_label("Starts at").fill(f"{day:%Y-%m-%d}T13:30")
    page.get_by_label("Ends at").fill(f"{day:%Y-%m-%d}T17:00")
    page.get_by_label("Place").fill("Rotterdam, Huiskamer Pendrecht")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/kennislabs/*/")
    assert page.get_by_role("heading", level=1).inner_text().startswith(LAB)
    lab = KnowledgeLab.objects.get(title=LAB)
    check(page, "lab detail", "en", failures)

    # Two participants, registered by her.
    page.get_by_role("link", name="Register participants").click()
    for name in ("Eva Projectleider (Woonstichting Zuidrand)", "Lars Lezer (Woonstichting Zuidrand)"):
        page.get_by_label("Participant").select_option(label=name)
        page.get_by_role("button", name="Register", exact=True).click()
    assert set(lab.registrations.values_list("user__full_name", flat=True)) == {"Eva Projectleider", "Lars Lezer"}
    check(page, "participants", "en", failures)

    # Two questions on the agenda, one taken off again with a reason.
    page.goto(live_server.url + f"/kennislabs/{lab.pk}/voorbereiden/")
    for title in (KEEP, DROP):
        page.get_by_role("button", name=f"Put “{title}” on this agenda").click()
    assert set(lab.assigned_questions.values_list("title", flat=True)) == {KEEP, DROP}
    check(page, "prepare", "en", failures)
    form = page.get_by_role("form", name=f"Take “{DROP}” off the agenda")
    form.get_by_label("Reason").fill("Past beter bij de werkgroep betaalbaarheid.")
    form.get_by_role("button", name="Take off the agenda").click()
    dropped = lab.programme.questions.get(title=DROP)
    assert (dropped.status, dropped.assigned_lab) == (QuestionStatus.TRIAGED, None)
    assert [event.changes["reason"][1] for event in AuditEvent.objects.about(dropped).filter(note="unassign")] \
        == ["Past beter bij de werkgroep betaalbaarheid."]
    assert list(lab.assigned_questions.values_list("title", flat=True)) == [KEEP]

    # What needs her attention, each with its count and a link to exactly those items.
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="My experiments").click()
    attention = page.get_by_role("region", name="Needs my attention")
    assert attention.get_by_role("link", name=LAB).is_visible()
    for text in ("1 open question on its agenda", "1 question to triage", "1 record to validate",
                 "1 version awaiting my review", "1 of my actions is overdue"):
        assert attention.get_by_role("link", name=text).is_visible(), text
    check(page, "dashboard", "en", failures)
    attention.get_by_role("link", name="1 question to triage").click()
    assert page.get_by_role("link", name=RAISED).is_visible()
    assert page.get_by_role("link", name=KEEP).count() == 0
    check(page, "questions to triage", "en", failures)

    # The same pages in Dutch.
    page.context.add_cookies([{"name": "django_language", "value": "nl", "url": live_server.url}])
    for name, path in (("dashboard", "/mijn/"), ("lab detail", lab.get_absolute_url()),
                       ("participants", f"/kennislabs/{lab.pk}/deelnemers/"),
                       ("prepare", f"/kennislabs/{lab.pk}/voorbereiden/"), ("lab form", "/kennislabs/nieuw/"),
                       ("questions to triage", "/kennislabs/vragen/?todo=triage")):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == "nl", name
        check(page, name, "nl", failures)
    page.goto(live_server.url + "/mijn/")
    assert page.get_by_role("region", name="Wat mijn aandacht vraagt").get_by_role(
        "link", name="1 vraag om te beoordelen").is_visible()

    assert not failures, "axe-core found WCAG 2.1 A/AA violations:\n" + "\n".join(failures)
