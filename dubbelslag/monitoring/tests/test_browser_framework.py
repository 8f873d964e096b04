"""End to end on a phone (390 px wide): the coordinator creates the programme's quarters, adds a shared goal and
an indicator linked to an open statistic, gives it a baseline, is refused a negative target with the message next
to the field, locks a period after its confirmation; the editor adopts the indicator. Every page is axe-clean and
fits the screen without sideways scrolling."""

import pytest
from django.conf import settings

from dubbelslag.monitoring.models import ReportingPeriod, ResultIndicator, Target
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.public.tests.test_browser_accessibility import AXE, axe_violations, describe
from testing.base import browser_log_in, make_area, make_experiment, make_programme, make_user
from testing.factories.monitoring_framework import make_catalogue_indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def programme():
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE} is missing): run `npm ci` at the repository root")
    programme = make_programme()
    experiment = make_experiment(programme=programme, gemeente=make_area("GM0599", "Rotterdam"))
    coordinator = make_user("carla@example.org", name="Carla Coördinator")
    editor = make_user("eva@example.org", name="Eva Editor")
    Membership.objects.create(user=coordinator, programme=programme, role=MembershipRole.COORDINATOR)
    Membership.objects.create(user=editor, programme=programme, experiment=experiment, role=MembershipRole.EDITOR)
    make_catalogue_indicator()
    return programme


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def check(page, name):
    violations = axe_violations(page)
    assert not violations, describe(name, "en", page.url, violations)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{name} scrolls sideways"


def test_the_coordinator_defines_the_framework_on_a_phone(live_server, phone, programme):
    page = phone
    # On a phone the language switch sits behind the menu button; the cookie is what it sets.
    english = {"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}
    page.context.add_cookies([english])
    browser_log_in(page, live_server, "carla@example.org")

    page.goto(f"{live_server.url}/monitoring/programma/{programme.slug}/perioden/")
    check(page, "periods, empty")
    page.get_by_role("button", name="Create the quarters").click()
    assert page.get_by_text("12 quarters have been created.").is_visible()
    assert ReportingPeriod.objects.filter(programme=programme).count() == 12
    check(page, "periods")
    page.get_by_role("link", name="Lock 2020-K1").click()
    check(page, "lock confirmation")
    page.get_by_role("button", name="Lock the period").click()
    assert page.get_by_text("2020-K1 is locked.").is_visible()
    assert ReportingPeriod.objects.get(label="2020-K1").is_locked

    page.goto(f"{live_server.url}/monitoring/programma/{programme.slug}/raamwerk/")
    check(page, "programme framework, empty")
    goal_form = page.locator("#goal form")
    goal_form.get_by_label("Title (Dutch)").fill("Woningen aardgasvrij")
    goal_form.get_by_role("button", name="Add the goal").click()
    page.get_by_role("heading", name="Woningen aardgasvrij", level=3).wait_for()
    indicator_form = page.locator("#indicator form")
    indicator_form.get_by_label("Goal").select_option(label="Woningen aardgasvrij")
    indicator_form.get_by_label("Title (Dutch)").fill("Woningen aardgasvrij gemaakt")
    indicator_form.get_by_label("Unit").fill("woningen")
    indicator_form.get_by_label("Open statistic").select_option(label="WON_AARDGASVRIJ – Natural-gas-free homes")
    indicator_form.get_by_role("button", name="Add the indicator").click()
    page.get_by_role("link", name="Woningen aardgasvrij gemaakt").wait_for()
    assert page.get_by_text("The framework has been changed.").is_visible()
    assert page.get_by_text("WON_AARDGASVRIJ Natural-gas-free homes").is_visible()
    check(page, "programme framework")

    page.get_by_role("link", name="Woningen aardgasvrij gemaakt").click()
    baseline = page.locator("#baseline form")
    baseline.get_by_label("Value").fill("12")
    baseline.get_by_label("Date").fill("2019-01-01")
    baseline.get_by_role("button", name="Save the baseline").click()
    assert page.get_by_text("Your changes have been saved.").is_visible()
    target = page.locator("#target form")
    target.get_by_label("Value").evaluate("input => input.removeAttribute('min')")  # the server must refuse it
    target.get_by_label("Value").fill("-5")
    target.get_by_role("button", name="Save the target").click()
    assert page.locator("#id_target-value_error").inner_text() == "Ensure this value is greater than or equal to 0."
    assert page.locator(".error-summary").first.is_visible()
    assert not Target.objects.exists()
    check(page, "indicator page with a refusal")

    page.context.clear_cookies()
    page.context.add_cookies([english])
    browser_log_in(page, live_server, "eva@example.org")
    experiment = programme.experiments.get()
    page.goto(f"{live_server.url}/monitoring/experiment/{experiment.pk}/raamwerk/")
    check(page, "experiment framework")
    page.get_by_role("button", name="Adopt Woningen aardgasvrij gemaakt").click()
    assert page.get_by_text("“Woningen aardgasvrij gemaakt” has been adopted.").is_visible()
    assert ResultIndicator.objects.get(experiment=experiment).adopted_from.title_nl == "Woningen aardgasvrij gemaakt"
    check(page, "experiment framework with an adoption")
