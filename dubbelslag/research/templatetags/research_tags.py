"""Template tags of the research app: the memos of any object, for ``research/includes/memos.html``."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404

from dubbelslag.programme.access import is_programme_team

from ..access import get_memo_target_for_user
from ..codebook import MEMO_TARGET_MODELS
from ..models import Memo
from ..services.coding import may_write_memo_on

register = template.Library()


@register.simple_tag
def memos_for(target, user) -> dict:
    """The memos on ``target`` that ``user`` may read, whether they may add one, and which they may change:
    ``{"memos", "may_write", "changeable", "model", "pk"}``. Nothing for a target they may not read, so an include
    on the wrong page cannot leak a memo. A page listing many targets sets ``memo_block`` on each with
    ``attach_memo_blocks`` first (one query for all, instead of several per target)."""
    empty = {"memos": [], "may_write": False, "changeable": set(), "model": "", "pk": None}
    if target is None or not isinstance(target, MEMO_TARGET_MODELS) or not user.is_authenticated:
        return empty
    block = getattr(target, "memo_block", None)
    if block is not None:
        return block
    model = target._meta.model_name
    try:
        get_memo_target_for_user(user, model, target.pk)
    except (Http404, PermissionDenied):
        return empty
    memos = list(Memo.objects.filter(content_type=ContentType.objects.get_for_model(target), object_id=target.pk)
                 .select_related("author").order_by("created_at", "pk"))
    team = is_programme_team(user) if memos else False
    return {
        "memos": memos,
        "may_write": may_write_memo_on(user, target),
        "changeable": {memo.pk for memo in memos if team or memo.author_id == user.pk},
        "model": model,
        "pk": target.pk,
    }


def attach_memo_blocks(targets, user, *, may_write: bool) -> None:
    """Set ``memo_block`` (what ``memos_for`` returns) on each of ``targets``: objects of one model that the caller
    has already let ``user`` read through their gate, and on which ``user`` may write a memo when ``may_write``."""
    targets = list(targets)
    if not targets or not user.is_authenticated:
        return
    memos = {target.pk: [] for target in targets}
    for memo in (Memo.objects.filter(content_type=ContentType.objects.get_for_model(targets[0]),
                                     object_id__in=list(memos)).select_related("author").order_by("created_at", "pk")):
        memos[memo.object_id].append(memo)
    team = is_programme_team(user) if any(memos.values()) else False
    for target in targets:
        own = memos[target.pk]
        target.memo_block = {
            "memos": own,
            "may_write": may_write,
            "changeable": {memo.pk for memo in own if team or memo.author_id == user.pk},
            "model": target._meta.model_name,
            "pk": target.pk,
        }


@register.filter
def memo_kind(target) -> str:
    """What kind of thing a memo is about, in words ("log entry", "code")."""
    return str(target._meta.verbose_name) if hasattr(target, "_meta") else ""
