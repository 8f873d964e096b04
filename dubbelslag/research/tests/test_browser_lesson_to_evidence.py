"""End to end in Chromium: a project leader logs what happened, a researcher marks and codes a passage, a lesson is
recorded on that excerpt, and from the lesson the researcher reaches the excerpt in its log entry, and the entry
itself, in two clicks. The entry is then edited above the passage, and the lesson's link still lands on it."""

import re

import pytest

from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.research.enums import AnchorStatus, Confidentiality, RecordKind, RecordStatus
from dubbelslag.research.models import Excerpt, LogEntry
from dubbelslag.research.services import harvest
from testing.base import browser_log_in, browser_log_out, make_area, make_experiment, make_programme, make_user

# serialized_rollback: the themes and codebook are seeded by migrations, and a transactional test's flush would
# empty them.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSAGE = "bewoners kwamen pas toen de energiecoach ook over de rekening sprak"
TEXT = (f"Op de bewonersavond in de huiskamer waren eerst weinig mensen. De {PASSAGE}.\n\n"
        "Volgende keer beginnen we bij de portemonnee.")


@pytest.fixture
def people():
    rotterdam = make_area("GM0599", "Rotterdam")
    programme = make_programme()
    experiment = make_experiment(programme=programme, gemeente=rotterdam, title="Huiskamer Aardgasvrij Pendrecht")
    eva = make_user("eva@example.org", name="Eva Projectleider")
    Membership.objects.create(user=eva, programme=programme, experiment=experiment, role=MembershipRole.EDITOR)
    rob = make_user("rob@example.org", name="Rob Onderzoeker")
    Membership.objects.create(user=rob, programme=programme, role=MembershipRole.RESEARCHER)
    carla = make_user("carla@example.org", name="Carla Coördinator")
    Membership.objects.create(user=carla, programme=programme, role=MembershipRole.COORDINATOR)
    return {"programme": programme, "experiment": experiment, "eva": eva, "rob": rob, "carla": carla}



def test_a_lesson_leads_to_its_excerpt_and_log_entry_in_two_clicks(live_server, page, people):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()

    # Eva logs the evening in her experiment's research log.
    browser_log_in(page, live_server, "eva@example.org")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Action research").click()
    page.get_by_role("link", name="Huiskamer Aardgasvrij Pendrecht").first.click()
    page.get_by_role("link", name="New entry").click()
    page.get_by_label("Kind").select_option(label="session report")
    page.get_by_label("Title").fill("Bewonersavond huiskamer")
    page.get_by_role("textbox", name=re.compile(r"^Text")).fill(TEXT)
    page.get_by_role("button", name="Add to the log").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Bewonersavond huiskamer"
    entry = LogEntry.objects.get(title="Bewonersavond huiskamer")
    assert (entry.author, entry.text) == (people["eva"], TEXT)
    browser_log_out(page)

    # Rob, the programme's researcher, marks the passage and codes it.
    browser_log_in(page, live_server, "rob@example.org")
    page.goto(live_server.url + entry.get_absolute_url())
    page.get_by_role("link", name="Code this entry").click()
    page.get_by_label("Passage to mark").fill(PASSAGE)
    page.get_by_label("Support, involvement and trust").check()
    page.get_by_role("button", name="Mark and code").click()
    excerpt = Excerpt.objects.get(entry=entry)
    assert (excerpt.quote, [code.name_en for code in excerpt.codes.all()]) == (
        PASSAGE, ["Support, involvement and trust"])

    # The lesson drawn from it, validated by the programme team (the record form has its own tests).
    lesson = harvest.create_record(
        programme=people["programme"], by=people["rob"], kind=RecordKind.LESSON,
        title="Begin het warmtegesprek bij de portemonnee", summary="Wie over de rekening begint, krijgt een zaal.",
        confidentiality=Confidentiality.PROGRAMME, experiments=[people["experiment"]], evidence_excerpts=[excerpt],
        evidence_entries=[entry])
    harvest.validate_record(lesson, by=people["rob"])
    assert lesson.status == RecordStatus.VALIDATED

    # From the register: the lesson, then one click to the excerpt in its entry.
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Harvest").click()
    page.get_by_role("link", name="Begin het warmtegesprek bij de portemonnee").click()
    evidence = page.get_by_role("region", name="Evidence")
    assert PASSAGE in evidence.inner_text()
    evidence.locator(f'a[href$="#excerpt-{excerpt.pk}"]').click()
    page.wait_for_url(re.compile(rf"{entry.get_absolute_url()}#excerpt-{excerpt.pk}$"))
    mark = page.locator(f"mark#excerpt-{excerpt.pk}")
    assert mark.inner_text() == PASSAGE
    assert mark.is_visible()

    # The entry itself is also one click from the lesson.
    page.go_back()
    evidence.get_by_role("link", name="Bewonersavond huiskamer").last.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Bewonersavond huiskamer"
    browser_log_out(page)

    # Eva rewrites the start of her entry; the excerpt moves with its text and the lesson still finds it.
    browser_log_in(page, live_server, "eva@example.org")
    page.goto(live_server.url + entry.get_absolute_url())
    page.get_by_role("link", name="Edit").first.click()
    page.get_by_role("textbox", name=re.compile(r"^Text")).fill("Aanvulling vooraf: het regende hard.\n\n" + TEXT)
    page.get_by_role("button", name="Save").click()
    excerpt.refresh_from_db()
    assert (excerpt.anchor_status, excerpt.quote) == (AnchorStatus.MOVED, PASSAGE)
    page.goto(live_server.url + lesson.get_absolute_url())
    page.get_by_role("region", name="Evidence").locator(f'a[href$="#excerpt-{excerpt.pk}"]').click()
    assert page.locator(f"mark#excerpt-{excerpt.pk}").inner_text() == PASSAGE
    assert violations == []
