"""Reading the codebook: the tree with counts of the excerpts a user may see, choices for forms, the highlighted
segments of an entry's text, and the memos a user may read. The writes are in ``services/coding.py``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q

from .access import may_read_codebook
from .enums import AnchorStatus
from .models import Code, Coding, Cycle, Excerpt, HarvestRecord, LearningQuestion, LogEntry, Memo

MEMO_TARGET_MODELS = (LogEntry, Excerpt, Cycle, LearningQuestion, Code, HarvestRecord)


def code_children() -> dict[int | None, list[int]]:
    """Every code's children's primary keys, keyed by the parent's (None for the top level). One query."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Code.objects.values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    return children


def descendant_ids(code: Code, children: dict[int | None, list[int]] | None = None) -> set[int]:
    """The primary keys of all codes below ``code`` (not ``code`` itself)."""
    if code.pk is None:
        return set()
    children = code_children() if children is None else children
    found: set[int] = set()
    pending = list(children.get(code.pk, ()))
    while pending:
        pk = pending.pop()
        if pk not in found:
            found.add(pk)
            pending.extend(children.get(pk, ()))
    return found


@dataclass
class CodeNode:
    code: Code
    depth: int
    children: list[CodeNode]
    count: int = 0  # excerpts with this code the user may see
    total: int = 0  # … with this code or one of its sub-codes


def codebook_tree(user=None) -> list[CodeNode]:
    """The codebook as a tree of ``CodeNode``; with ``user``, each node counts the excerpts they may see. Two
    queries whatever the size of the codebook."""
    codes = list(Code.objects.order_by("position", "name"))
    excerpts_of: dict[int, set[int]] = defaultdict(set)
    if user is not None:
        visible = Excerpt.objects.visible_to(user).values("pk")
        for code_id, excerpt_id in Coding.objects.filter(excerpt__in=visible).values_list(
                "code_id", "excerpt_id").distinct():
            excerpts_of[code_id].add(excerpt_id)
    nodes = {code.pk: CodeNode(code=code, depth=0, children=[]) for code in codes}
    roots = []
    for code in codes:
        node = nodes[code.pk]
        if code.parent_id in nodes:
            nodes[code.parent_id].children.append(node)
        else:
            roots.append(node)

    def finish(node: CodeNode, depth: int) -> set[int]:
        node.depth = depth
        own = excerpts_of.get(node.code.pk, set())
        node.count = len(own)
        below = set(own)
        for child in node.children:
            below |= finish(child, depth + 1)
        node.total = len(below)
        return below

    for root in roots:
        finish(root, 0)
    return roots


def flatten(nodes: list[CodeNode]) -> list[CodeNode]:
    """Depth first, parents before their children."""
    flat = []
    for node in nodes:
        flat.append(node)
        flat.extend(flatten(node.children))
    return flat


def code_choices(*, exclude: Code | None = None, codable_only: bool = False) -> list[tuple[int, str]]:
    """(pk, indented name) for select boxes, in tree order; without ``exclude`` and its sub-codes."""
    skipped = set()
    if exclude is not None:
        skipped = {exclude.pk} | descendant_ids(exclude)
    return [(node.code.pk, f"{'— ' * node.depth}{node.code.label}") for node in flatten(codebook_tree())
            if node.code.pk not in skipped and (node.code.is_codable or not codable_only)]


def grouped_code_choices() -> list:
    """The codes that can be applied, as Django's grouped choices: a top-level code with sub-codes becomes a group
    named after it (holding itself when it can be applied, then its sub-codes, indented by depth), so a code is never
    shown without the branch it belongs to."""
    choices: list = []
    for root in codebook_tree():
        if not root.children:
            if root.code.is_codable:
                choices.append((root.code.pk, root.code.label))
            continue
        options = [(node.code.pk, f"{'— ' * max(node.depth - 1, 0)}{node.code.label}")
                   for node in flatten(root.children) if node.code.is_codable]
        if root.code.is_codable:
            options.insert(0, (root.code.pk, root.code.label))
        if options:
            choices.append((root.code.label, options))
    return choices


def excerpt_counts(user, codes) -> dict[int, int]:
    """How many excerpts the user may see per code (pk → count)."""
    visible = Excerpt.objects.visible_to(user).values("pk")
    rows = Coding.objects.filter(code__in=codes, excerpt__in=visible).values("code").annotate(
        n=Count("excerpt", distinct=True))
    return {row["code"]: row["n"] for row in rows}


@dataclass
class Segment:
    """A stretch of an entry's text and the excerpts that cover it (none: plain text)."""

    text: str
    excerpts: list[int]


def highlight_segments(text: str, excerpts) -> list[Segment]:
    """``text`` cut at every start and end of the (not lost) ``excerpts``, so overlapping excerpts can be shown as
    nested highlights without changing a character of the text."""
    spans = [(excerpt.start, excerpt.end, excerpt.pk) for excerpt in excerpts
             if excerpt.anchor_status != AnchorStatus.LOST and 0 <= excerpt.start < excerpt.end <= len(text)]
    cuts = sorted({0, len(text), *(start for start, _end, _pk in spans), *(end for _start, end, _pk in spans)})
    segments = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        covering = [pk for start, end, pk in spans if start <= left and right <= end]
        segments.append(Segment(text=text[left:right], excerpts=covering))
    return segments


def visible_memos(user):
    """Memos whose target ``user`` may read: each kind of target through its own visibility rule."""
    if not user.is_authenticated:
        return Memo.objects.none()
    types = ContentType.objects.get_for_models(*MEMO_TARGET_MODELS)
    condition = Q(pk__in=[])
    for model in (LogEntry, Excerpt, Cycle, LearningQuestion, HarvestRecord):
        condition |= Q(content_type=types[model], object_id__in=model.objects.visible_to(user).values("pk"))
    if may_read_codebook(user):
        condition |= Q(content_type=types[Code])
    return Memo.objects.filter(condition)
