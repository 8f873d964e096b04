"""End to end: an experiment editor changes an experiment's summary and switches the interface to English."""

import pytest

from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Experiment, Membership
from testing.base import PASSWORD, make_area, make_experiment, make_programme, make_user

# serialized_rollback, like every browser test: a plain transactional flush recreates the content types, which the next
# serialized test would then load a second time.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def experiment():
    rotterdam = make_area("GM0599", "Rotterdam")
    pendrecht = make_area("WK059915", "Pendrecht", parent=rotterdam)
    programme = make_programme()
    experiment = make_experiment(programme=programme, gemeente=rotterdam, title="Huiskamer Aardgasvrij Pendrecht")
    experiment.focus_areas.set([pendrecht])
    editor = make_user("eva@example.org", name="Eva Projectleider")
    Membership.objects.create(user=editor, programme=programme, experiment=experiment, role=MembershipRole.EDITOR)
    return experiment


def test_editor_changes_summary_and_switches_to_english(live_server, page, experiment):
    page.goto(live_server.url + "/")
    # Dutch first, even though the browser asks for English.
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_role("link", name="Inloggen").click()
    page.get_by_label("E-mailadres").fill("eva@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn experimenten").click()
    page.get_by_role("link", name="Huiskamer Aardgasvrij Pendrecht").first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Huiskamer Aardgasvrij Pendrecht")
    page.get_by_role("link", name="Bewerken").click()
    page.get_by_label("Samenvatting").fill("Bewoners en professionals ontmoeten elkaar in de huiskamer.")
    page.get_by_role("button", name="Opslaan").click()

    assert page.get_by_text("Je wijzigingen zijn opgeslagen.").is_visible()
    assert page.get_by_text("Bewoners en professionals ontmoeten elkaar in de huiskamer.").is_visible()
    experiment.refresh_from_db()
    assert experiment.summary == "Bewoners en professionals ontmoeten elkaar in de huiskamer."
    assert Experiment.objects.get(pk=experiment.pk).version == 2

    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Summary").is_visible()
    assert page.get_by_role("link", name="My experiments").is_visible()
    assert page.get_by_role("button", name="Log out").is_visible()
    assert page.get_by_text("Bewoners en professionals ontmoeten elkaar in de huiskamer.").is_visible()
