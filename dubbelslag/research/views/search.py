"""The search page: log entries and harvest records matching a query, as far as the user may read them.

Open to everyone: anonymous visitors search the published public records only (``search.search`` applies the rules).
Bad parameters fall back to their defaults; the page never errors on what was typed.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from dubbelslag.core.params import as_pk
from dubbelslag.programme.models import Experiment

from ..enums import RecordKind
from ..models import SearchKind
from ..search import RANK_WINDOW, search

PAGE_SIZE = 20
MAX_PAGE = RANK_WINDOW // PAGE_SIZE


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    kind: str = ""  # "soort": entry or record
    experiment: int | None = None
    record_kind: str = ""  # "type": challenge, solution, insight, lesson
    page: int = 1

    @classmethod
    def from_query(cls, data, *, experiments: dict[int, str]) -> "SearchParams":
        kind = data.get("soort", "")
        record_kind = data.get("type", "")
        experiment = as_pk(data.get("experiment", ""))
        page = as_pk(data.get("page", "")) or 1
        return cls(
            q=data.get("q", "").strip()[:300],
            kind=kind if kind in SearchKind.values else "",
            # Only experiments the filter offers: another pk is ignored, so its title never shows.
            experiment=experiment if experiment in experiments else None,
            record_kind=record_kind if record_kind in RecordKind.values else "",
            page=min(max(page, 1), MAX_PAGE),
        )


def _experiment_choices(user) -> dict[int, str]:
    """The experiments to filter on: those whose log the user reads, and the public ones (their published records
    are for everyone)."""
    condition = Q(is_public=True)
    if user.is_authenticated:
        condition |= Q(pk__in=Experiment.objects.visible_to(user).values("pk"))
    return dict(Experiment.objects.filter(condition).order_by("title").values_list("pk", "title"))


@require_safe
def search_page(request):
    experiments = _experiment_choices(request.user)
    params = SearchParams.from_query(request.GET, experiments=experiments)
    results = None
    if params.q:
        results = search(request.user, params.q, kinds=[params.kind] if params.kind else None,
                         experiment=params.experiment, record_kind=params.record_kind or None, limit=PAGE_SIZE,
                         offset=(params.page - 1) * PAGE_SIZE)
    return render(request, "research/search.html", {
        "params": params,
        "results": results,
        "experiments": experiments.items(),
        "kinds": SearchKind.choices,
        "record_kinds": RecordKind.choices,
        "previous_page": params.page - 1 if params.page > 1 else None,
        "next_page": params.page + 1 if results and results.has_more and params.page < MAX_PAGE else None,
    })


urlpatterns = [
    path("zoeken/", search_page, name="search"),
]
