"""End to end: a follower switches to English while signed in, the question they follow is assigned, the header
counts the notification, the notifications page (axe-clean in English and Dutch) opens it and takes them to the
question, and they switch the e-mail off on the notification settings page (axe-clean too)."""

import pytest

from dubbelslag.accounts.models import User
from dubbelslag.labs.models import Notification
from dubbelslag.labs.services import questions as services
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.public.tests.test_browser_accessibility import AXE, axe_violations, describe
from testing.base import browser_log_in, make_programme, make_user
from testing.factories.labs import make_lab, make_question

# serialized_rollback: themes are seeded by a migration, and a transactional test's flush would empty them.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

QUESTION = "Hoe bereiken we huurders die niet naar bijeenkomsten komen?"


@pytest.fixture
def question():
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE} is missing): run `npm ci` at the repository root")
    programme = make_programme()
    eva = make_user("eva@example.org", name="Eva Projectleider")
    Membership.objects.create(user=eva, programme=programme, role=MembershipRole.RESEARCHER)
    make_lab(programme=programme, number=5, title="Kennislab 5")
    return make_question(programme=programme, title=QUESTION, status="triaged", followers=[eva])


def check_axe(page, name, language):
    violations = axe_violations(page)
    assert not violations, describe(name, language, page.url, violations)


def test_a_follower_reads_a_notification_and_switches_the_email_off(live_server, page, question):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()  # signed out: only the cookie
    browser_log_in(page, live_server, "eva@example.org")
    assert User.objects.get(email="eva@example.org").language == ""
    page.get_by_role("button", name="Nederlands").click()  # signed in: remembered for her mail
    assert User.objects.get(email="eva@example.org").language == "nl"
    page.get_by_role("button", name="English").click()
    assert User.objects.get(email="eva@example.org").language == "en"

    services.assign_question(question, by=None, lab=question.programme.labs.get())
    page.reload()
    header = page.locator(".header-tools")
    assert header.get_by_role("link", name="Notifications 1 unread").is_visible()
    header.get_by_role("link", name="Notifications 1 unread").click()
    main = page.locator("main")
    assert "1 unread notification" in main.inner_text()
    check_axe(page, "notifications", "en")
    page.get_by_role("button", name="Nederlands").click()
    check_axe(page, "notifications", "nl")
    page.get_by_role("button", name="English").click()

    main.get_by_role("button", name=f"The knowledge question “{QUESTION}” has been assigned to").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith(QUESTION)
    assert Notification.objects.get().read_at is not None
    assert page.locator(".header-tools").get_by_role("link", name="Notifications", exact=True).is_visible()

    page.goto(live_server.url + "/account/meldingen/")
    check_axe(page, "notification settings", "en")
    page.get_by_label("Also e-mail me my notifications").uncheck()
    page.get_by_role("button", name="Save").click()
    assert "Your settings have been saved." in page.locator("main").inner_text()
    assert User.objects.values_list("language", "notify_by_email").get(email="eva@example.org") == ("en", False)
