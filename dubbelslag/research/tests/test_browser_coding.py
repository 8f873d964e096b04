"""In a real Chromium: selecting a passage in the coding view fills the offsets (counted as Python counts, mapped to
the stored text with its \\r\\n line ends and a character outside the BMP before it), and marking it codes exactly that
passage; the page runs under the strict Content-Security-Policy without violations."""

import pytest

from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.research.models import Code, Excerpt, LogEntry
from dubbelslag.research.services import coding as services
from testing.base import PASSWORD, make_area, make_experiment, make_programme, make_user

# serialized_rollback: the codebook is seeded by a migration, and a transactional test's flush would empty it.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEXT = "Eerste regel 😀 met een lach.\r\nDe energiecoach sprak <b>over</b> isolatie.\r\nLaatste regel."

SELECT = """([quote]) => {
  const container = document.querySelector("[data-coding-text]");
  const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
  const full = container.textContent;
  const start = full.indexOf(quote), end = start + quote.length;
  let seen = 0, range = document.createRange(), node;
  while ((node = walker.nextNode())) {
    const length = node.data.length;
    if (start >= seen && start <= seen + length) { range.setStart(node, start - seen); }
    if (end >= seen && end <= seen + length) { range.setEnd(node, end - seen); break; }
    seen += length;
  }
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  container.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
}"""


@pytest.fixture
def entry():
    rotterdam = make_area("GM0599", "Rotterdam")
    programme = make_programme()
    experiment = make_experiment(programme=programme, gemeente=rotterdam)
    eva = make_user("eva@example.org", name="Eva Editor")
    Membership.objects.create(user=eva, programme=programme, experiment=experiment, role=MembershipRole.EDITOR)
    entry = LogEntry.objects.create(experiment=experiment, title="Gesprek met de coach", text=TEXT, author=eva)
    # An excerpt already there, so the selection crosses text nodes split by a <mark>.
    services.mark_excerpt(entry, by=eva, quote="energiecoach")
    return entry


def test_selecting_a_passage_marks_exactly_that_passage(live_server, page, entry):
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    code = Code.objects.create(name="Isolatie")
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("E-mail address").fill("eva@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/onderzoek/logboek/{entry.pk}/coderen/")

    # The page text is the stored text with \n for \r\n: nothing added, nothing lost.
    assert page.locator("[data-coding-text]").text_content() == TEXT.replace("\r\n", "\n")
    quote = "coach sprak <b>over</b> isolatie.\nLaatste"
    page.evaluate(SELECT, [quote])
    page_text = TEXT.replace("\r\n", "\n")
    python_start = page_text.index(quote)  # code points, as Python counts; JavaScript's index is one more (😀)
    assert page.locator("input.excerpt-start").input_value() == str(python_start)
    assert page.locator("input.excerpt-end").input_value() == str(python_start + len(quote))
    assert page.locator("textarea.excerpt-quote").input_value() == quote
    assert page.locator(".selection-status").is_visible()

    page.get_by_label("Isolatie").check()
    page.get_by_role("button", name="Mark and code").click()
    page.wait_for_url(f"**/onderzoek/logboek/{entry.pk}/coderen/#excerpt-*")
    excerpt = Excerpt.objects.exclude(quote="energiecoach").get()
    assert TEXT[excerpt.start:excerpt.end] == "coach sprak <b>over</b> isolatie.\r\nLaatste"
    assert list(excerpt.codings.values_list("code", flat=True)) == [code.pk]
    assert violations == []


def test_typing_the_passage_by_hand_clears_the_offsets(live_server, page, entry):
    page.goto(live_server.url + "/")
    page.get_by_role("button", name="English").click()
    page.goto(live_server.url + "/account/login/")
    page.get_by_label("E-mail address").fill("eva@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/onderzoek/logboek/{entry.pk}/coderen/")
    page.evaluate(SELECT, ["Eerste regel"])
    assert page.locator("input.excerpt-start").input_value() == "0"
    page.locator("textarea.excerpt-quote").fill("Laatste regel")
    assert page.locator("input.excerpt-start").input_value() == ""
    page.get_by_role("button", name="Mark and code").click()
    page.wait_for_url(f"**/onderzoek/logboek/{entry.pk}/coderen/#excerpt-*")
    assert Excerpt.objects.filter(quote="Laatste regel").exists()
