"""The page header on a phone (375 × 812): with the menu closed it takes at most 15% of the screen (122 px), signed
out and signed in, in Dutch and English; the "Menu" button opens and closes the menu, Escape closes it and gives the
focus back to the button; without JavaScript there is no button and every link of the menu is visible."""

import pytest
from django.urls import reverse

from testing.base import PASSWORD, make_programme, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 812}
MAX_HEADER = 0.15 * PHONE["height"]  # 121.8 px


@pytest.fixture
def coordinator():
    from dubbelslag.programme.models import Membership

    user = make_user("coordinator@example.org", name="Carla Coördinator")
    Membership.objects.create(user=user, programme=make_programme(), role="coordinator")
    return user


def phone_page(browser, live_server, language, *, javascript=True, email=None):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript,
                                  locale="nl-NL" if language == "nl" else "en-GB")
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    if email:
        page.goto(live_server.url + reverse("accounts:login"))
        page.locator("input[name=username]").fill(email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form:has(input[name=password]) [type=submit]").click()
        page.wait_for_url(lambda url: "/account/login/" not in url)
    return context, page


def header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_closed_menu_keeps_the_header_within_15_percent_of_a_phone_screen(live_server, browser, coordinator,
                                                                              language):
    heights = {}
    for who, email in (("signed out", None), ("signed in", coordinator.email)):
        context, page = phone_page(browser, live_server, language, email=email)
        try:
            page.goto(live_server.url + reverse("programme:dashboard" if email else "programme:home"))
            assert page.locator(".menu-toggle").is_visible()
            assert page.locator("#site-menu").is_hidden()
            heights[who] = header_height(page)
        finally:
            context.close()
    assert all(height <= MAX_HEADER for height in heights.values()), heights


def test_the_menu_button_and_escape_open_and_close_the_menu(live_server, browser, coordinator):
    context, page = phone_page(browser, live_server, "en", email=coordinator.email)
    try:
        page.goto(live_server.url + reverse("programme:dashboard"))
        button = page.get_by_role("button", name="Menu")
        menu = page.locator("#site-menu")
        assert button.get_attribute("aria-expanded") == "false" and menu.is_hidden()

        button.click()
        assert button.get_attribute("aria-expanded") == "true"
        assert page.get_by_role("link", name="Knowledge questions").is_visible()
        assert page.get_by_role("button", name="Log out").is_visible()
        assert header_height(page) > MAX_HEADER  # open, the menu takes the room it needs

        button.click()
        assert button.get_attribute("aria-expanded") == "false" and menu.is_hidden()

        button.click()
        page.get_by_role("link", name="Knowledge questions").focus()
        page.keyboard.press("Escape")
        assert button.get_attribute("aria-expanded") == "false" and menu.is_hidden()
        assert page.evaluate("document.activeElement.classList.contains('menu-toggle')")
    finally:
        context.close()


@pytest.mark.parametrize("signed_in", [False, True])
def test_without_javascript_every_menu_link_is_visible(live_server, browser, coordinator, signed_in):
    context, page = phone_page(browser, live_server, "en", javascript=False,
                               email=coordinator.email if signed_in else None)
    try:
        page.goto(live_server.url + reverse("programme:home"))
        assert page.locator(".menu-toggle").is_hidden()
        links = page.locator("#site-menu nav a")
        names = [links.nth(index).inner_text() for index in range(links.count())]
        expected = ["Knowledge base", "Areas", "Scan"]
        if signed_in:
            expected = ["My experiments", "Knowledge questions", *expected]
        assert set(expected) <= set(names)
        assert all(links.nth(index).is_visible() for index in range(links.count()))
        account = page.get_by_role("button", name="Log out") if signed_in else page.get_by_role("link", name="Log in")
        assert account.is_visible()
    finally:
        context.close()
