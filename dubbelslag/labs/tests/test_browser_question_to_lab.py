"""End to end: a participant raises a knowledge question, a coordinator triages it and puts it on the next
Kennislab's agenda, and the participant finds it there."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from dubbelslag.labs.enums import QuestionStatus
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from testing.base import browser_log_in, browser_log_out, make_area, make_experiment, make_programme, make_user
from testing.factories.labs import make_lab

# serialized_rollback: themes are seeded by a migration, and a transactional test's flush would empty them.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

QUESTION = "Hoe bereiken we huurders die niet naar bijeenkomsten komen?"


@pytest.fixture
def programme():
    rotterdam = make_area("GM0599", "Rotterdam")
    programme = make_programme()
    experiment = make_experiment(programme=programme, gemeente=rotterdam, title="Huiskamer Aardgasvrij Pendrecht")
    eva = make_user("eva@example.org", name="Eva Projectleider")
    Membership.objects.create(user=eva, programme=programme, experiment=experiment, role=MembershipRole.EDITOR)
    carla = make_user("carla@example.org", name="Carla Coördinator")
    Membership.objects.create(user=carla, programme=programme, role=MembershipRole.COORDINATOR)
    now = timezone.now()
    make_lab(programme=programme, number=4, title="Kennislab 4", starts_at=now - timedelta(days=60))
    make_lab(programme=programme, number=5, title="Kennislab 5", starts_at=now + timedelta(days=20))
    make_lab(programme=programme, number=6, title="Kennislab 6", starts_at=now + timedelta(days=110))
    return programme



def test_a_question_travels_from_a_participant_to_the_next_kennislab(live_server, page, programme):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()

    # Eva, who runs the experiment, raises her question.
    browser_log_in(page, live_server, "eva@example.org")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Knowledge questions").click()
    page.get_by_role("link", name="Raise a question").first.click()
    page.get_by_label("Experiment").select_option(label="Huiskamer Aardgasvrij Pendrecht")
    page.get_by_label(re.compile(r"^Question")).fill(QUESTION)
    page.get_by_role("button", name="Raise the question").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith(QUESTION)
    question = KnowledgeQuestion.objects.get(title=QUESTION)
    assert question.status == QuestionStatus.RAISED
    browser_log_out(page)

    # Carla, the programme coordinator, triages it and puts it on the next Kennislab.
    browser_log_in(page, live_server, "carla@example.org")
    page.goto(live_server.url + question.get_absolute_url())
    page.get_by_role("button", name="Triage").click()
    page.get_by_label("Assign to").select_option(label=next(
        option for option in page.get_by_label("Assign to").locator("option").all_inner_texts()
        if option.startswith("Kennislab 5")))
    page.get_by_role("button", name="Assign").click()
    question.refresh_from_db()
    assert (question.status, question.assigned_lab.title) == (QuestionStatus.ASSIGNED, "Kennislab 5")
    browser_log_out(page)

    # Eva finds her question on that lab's agenda.
    browser_log_in(page, live_server, "eva@example.org")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Kennislabs").click()
    page.get_by_role("link", name="Kennislab 5").first.click()
    agenda = page.locator("#agenda")
    assert agenda.get_by_role("link", name=QUESTION).is_visible()
    assert "Kennislab 4" not in agenda.inner_text()
