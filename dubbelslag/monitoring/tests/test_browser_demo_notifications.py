"""End to end on a phone (390 px): an editor whose update was returned and whose experiment is reminded of an open
period reads both on the notifications page (axe-clean in English and Dutch, no sideways scrolling), with the reason
and the missing indicators, and opening the return takes them to the update."""

from datetime import date

import pytest
from django.urls import reverse

from dubbelslag.labs.models import Notification
from dubbelslag.monitoring import services
from dubbelslag.monitoring.notifications import send_period_reminders
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.public.tests.test_browser_accessibility import AXE, axe_violations, describe
from testing.base import browser_log_in, make_area, make_experiment, make_programme, make_user
from testing.factories.monitoring import make_goal, make_indicator, make_period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 390, "height": 844}
REASON = "Noem de bron van het aantal en tel de woningen niet dubbel."


@pytest.fixture
def returned():
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE} is missing): run `npm ci` at the repository root")
    programme = make_programme()
    experiment = make_experiment(programme=programme, gemeente=make_area("GM0599", "Rotterdam"),
                                 title="Huiskamer Aardgasvrij Pendrecht")
    eva = make_user("eva@example.org", name="Eva Projectleider", language="en")
    carla = make_user("carla@example.org", name="Carla Coördinator")
    Membership.objects.create(user=eva, programme=programme, experiment=experiment, role=MembershipRole.EDITOR)
    Membership.objects.create(user=carla, programme=programme, role=MembershipRole.COORDINATOR)
    goal = make_goal(programme, experiment=experiment)
    insulated = make_indicator(goal, title_nl="Woningen geïsoleerd", title_en="Homes insulated")
    make_indicator(goal, title_nl="Huishoudens bereikt", title_en="Households reached")
    period = make_period(programme, start=date(2021, 7, 1), end=date(2021, 9, 30), label="2021-K3")
    update = services.submit_update(services.save_draft(insulated, period, by=eva, value=40), by=eva)
    services.return_update(update, by=carla, reason=REASON)
    send_period_reminders(today=date(2021, 9, 25))
    return update


def test_an_editor_reads_a_return_and_a_reminder_on_a_phone(live_server, browser, returned):
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        browser_log_in(page, live_server, "eva@example.org")
        page.goto(live_server.url + reverse("notifications:notification-list"))
        main = page.locator("main")
        text = main.inner_text()
        assert "2 unread notifications" in text
        assert f"Reason: {REASON}" in text
        assert ("The period 2021-K3 ends on 30 September 2021: Huiskamer Aardgasvrij Pendrecht has not submitted "
                "updates for 2 indicators yet.") in text
        assert [item.inner_text() for item in main.locator("ul.notification-detail li").all()] == [
            "Homes insulated", "Households reached"]
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        for language in ("en", "nl"):
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            page.reload()
            violations = axe_violations(page)
            assert not violations, describe("notifications", language, page.url, violations)
        assert f"Reden: {REASON}" in main.inner_text()
        context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
        page.reload()

        main.get_by_role("button", name="Your update on “Homes insulated” for 2021-K3").click()
        page.wait_for_url(lambda url: reverse("monitoring:update-detail", args=[returned.pk]) in url)
        assert Notification.objects.get(link=reverse("monitoring:update-detail", args=[returned.pk])).read_at
    finally:
        context.close()
