"""End to end on a phone (390 × 844), the issue's "done when" for the update workflow: an editor reports a value and
its parts and submits; the coordinator returns it with a reason; the editor sees the reason at the top, changes the
value and resubmits; the coordinator approves; the programme dashboard and the public indicator page then show the
new total by the documented rule (a sum: the other experiment's approved 20 plus the new 13). axe reports no
violations on any page visited."""

from datetime import date

import pytest
from django.urls import reverse

from dubbelslag.monitoring import services
from dubbelslag.monitoring.enums import Dimension, UpdateStatus
from dubbelslag.monitoring.models import Update
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.public.tests.test_browser_accessibility import AXE, axe_violations, describe
from testing.base import PASSWORD, make_area, make_experiment, make_programme, make_user
from testing.factories.monitoring import make_goal, make_period, make_update

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}


def make_flow_data() -> dict:
    """A programme with two public experiments, a coordinator and the first experiment's editor, a shared indicator
    (public, summed, split by tenure) adopted by both, and an open, public period of 2020 in which the second
    experiment's value of 20 is approved already."""
    programme = make_programme()
    experiment = make_experiment(programme=programme, gemeente=make_area("GM0599", "Rotterdam"), is_public=True)
    coordinator = make_user("coordinator@example.org", name="Carla Coördinator")
    editor = make_user("editor@example.org", name="Eva Editor")
    Membership.objects.create(user=coordinator, programme=programme, role=MembershipRole.COORDINATOR)
    Membership.objects.create(user=editor, programme=programme, experiment=experiment, role=MembershipRole.EDITOR)
    shared = services.create_indicator(make_goal(programme), by=None, title_nl="Woningen aardgasvrij gemaakt",
                                       title_en="Homes made natural-gas-free", unit="woningen", is_public=True)
    services.add_disaggregation(shared, by=None, dimension=Dimension.TENURE)
    indicator = services.adopt_indicator(shared, experiment=experiment, by=None)
    period = make_period(programme, start=date(2020, 1, 1), end=date(2020, 3, 31), label="2020-K1", is_public=True)
    categories = {category.code: category for category in
                  indicator.disaggregations.get(dimension=Dimension.TENURE).values.all()}
    other = make_experiment(programme=programme, title="Pendrecht", gemeente=make_area("GM0600", "Elders"),
                            is_public=True)
    make_update(services.adopt_indicator(shared, experiment=other, by=None), period, status=UpdateStatus.APPROVED,
                value=20)
    return {"programme": programme, "experiment": experiment, "coordinator": coordinator, "editor": editor,
            "shared": shared, "indicator": indicator, "period": period, "categories": categories}


def phone(browser, live_server, email: str):
    """A phone-sized browser context in English, signed in as ``email``."""
    context = browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True)
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + reverse("accounts:login"))
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(lambda url: "/account/login/" not in url)
    return context, page


def check_page(page, name: str) -> None:
    """No axe violations, and nothing wider than the phone's screen."""
    violations = axe_violations(page)
    assert not violations, describe(name, "en", page.url, violations)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: the page is {width} px wide on a {PHONE['width']} px screen"


@pytest.fixture
def flow():
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE} is missing): run `npm ci` at the repository root")
    return make_flow_data()


def test_submit_return_resubmit_approve_on_a_phone(live_server, browser, flow):
    indicator, period, parts = flow["indicator"], flow["period"], flow["categories"]
    edit_url = live_server.url + reverse("monitoring:update-edit", args=[indicator.pk, period.pk])
    editor_context, editor = phone(browser, live_server, flow["editor"].email)
    coordinator_context, coordinator = phone(browser, live_server, flow["coordinator"].email)
    problems = []
    for page in (editor, coordinator):
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    try:
        # The editor reports a value and its parts, and submits.
        editor.goto(edit_url)
        check_page(editor, "update page")
        editor.locator("[name=value]").fill("12")
        editor.locator(f"[name=part_{parts['owner'].pk}]").fill("5")
        editor.locator(f"[name=part_{parts['corporation'].pk}]").fill("7")
        editor.get_by_label("Narrative").fill("Twaalf woningen van het **warmtenet**.")
        editor.get_by_role("button", name="Save and submit").click()
        editor.wait_for_url("**/monitoring/rapportage/*/")
        update = Update.objects.get(indicator=indicator, period=period)
        assert (update.status, update.value) == (UpdateStatus.SUBMITTED, 12)
        assert editor.locator("[data-fact=status]").inner_text() == "submitted"
        check_page(editor, "update, submitted")
        detail_url = editor.url

        # The coordinator returns it with a reason.
        coordinator.goto(detail_url)
        check_page(coordinator, "update, to approve")
        coordinator.get_by_label("Reason for returning").fill("Noem de bron van de telling.")
        coordinator.get_by_role("button", name="Return", exact=True).click()
        coordinator.wait_for_url(detail_url)
        assert "returned" in coordinator.locator("[role=status]").inner_text()
        check_page(coordinator, "update, returned (coordinator)")

        # The editor sees the reason at the top, changes the value and resubmits.
        editor.goto(detail_url)
        reason = editor.locator("[data-return-reason]")
        assert "Noem de bron van de telling." in reason.inner_text()
        assert reason.bounding_box()["y"] < PHONE["height"], "the reason is not on the first screen"
        check_page(editor, "update, returned (editor)")
        editor.get_by_role("link", name="Change the update").click()
        assert "Noem de bron van de telling." in editor.locator("[data-return-reason]").inner_text()
        check_page(editor, "update page, returned")
        editor.locator("[name=value]").fill("13")
        editor.locator(f"[name=part_{parts['corporation'].pk}]").fill("8")
        editor.get_by_role("button", name="Save and submit").click()
        editor.wait_for_url(detail_url)
        assert editor.locator("[data-fact=status]").inner_text() == "submitted"
        assert editor.locator("[data-return-reason]").count() == 0

        # The coordinator approves.
        coordinator.goto(detail_url)
        coordinator.get_by_role("button", name="Approve").click()
        coordinator.wait_for_url(detail_url)
        assert coordinator.locator("[data-fact=status]").inner_text() == "approved"
        check_page(coordinator, "update, approved")
        update.refresh_from_db()
        assert (update.status, update.value, update.approved_by) == (UpdateStatus.APPROVED, 13, flow["coordinator"])
        assert set(update.disaggregated_values.values_list("category__code", "value")) == {("owner", 5),
                                                                                            ("corporation", 8)}

        # The programme dashboard adds the new value to the other experiment's by the rule (a sum).
        coordinator.goto(live_server.url + reverse("monitoring:dashboard", args=[flow["programme"].slug])
                         + f"?periode={period.pk}")
        total = coordinator.locator(f"#rollup-{flow['shared'].pk} .rollup-total")
        assert total.inner_text().split() == ["33", "woningen"]
        assert "2 experiments counted" in coordinator.locator(f"#rollup-{flow['shared'].pk}").inner_text()
        check_page(coordinator, "programme dashboard")

        # And so does the public indicator page, for anyone.
        public_context = browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True)
        public_context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
        visitor = public_context.new_page()
        visitor.goto(live_server.url + reverse("public:monitoring-indicator", args=[flow["shared"].pk]))
        row = visitor.locator("table tr", has=visitor.locator("th", has_text="2020-K1")).first
        assert row.locator("td").first.inner_text() == "33"
        check_page(visitor, "public indicator page")
        public_context.close()
        assert not [text for text in problems if "Content Security Policy" in text], problems
    finally:
        editor_context.close()
        coordinator_context.close()
