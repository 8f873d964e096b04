"""What needs a signed-in person's attention, gathered from the apps that know.

The dashboard belongs to ``programme``, but what needs attention lives in apps to its right (labs, research,
publications), which ``programme`` may not import. So each of those apps registers one selector here in its
``AppConfig.ready`` (``register``), and the dashboard asks ``attention_for(user)``. Each selector returns only what
the person may see and act on, counted with the same selector and filters as the list its link opens, so the count
on the dashboard is the number of rows on that list.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class AttentionItem:
    """One line of "needs my attention": ``text`` already holds the count in words ("3 questions to triage")."""

    key: str  # stable, for tests and CSS: "next-lab", "triage", "validate", "review", "overdue"
    order: int  # where it comes on the dashboard: the next lab first, one's own overdue actions last
    count: int
    text: str
    url: str
    # For the next lab: the lab itself, its date and a link to its page.
    title: str = ""
    title_url: str = ""
    when: object = None


Provider = Callable[[object], Iterable[AttentionItem]]
PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def attention_for(user) -> list[AttentionItem]:
    """Everything that needs ``user``'s attention, in dashboard order; empty for anonymous visitors."""
    if not user.is_authenticated:
        return []
    items = [item for provider in PROVIDERS for item in provider(user)]
    return sorted(items, key=lambda item: (item.order, item.key, item.title))
