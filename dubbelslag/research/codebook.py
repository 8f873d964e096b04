"""Reading the codebook: the tree with counts of the excerpts a user may see, choices for forms, a code's codings and
ancestors, the highlighted segments of an entry's text, and the memos a user may read (with their targets). The
writes are in ``services/coding.py``."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet

from dubbelslag.programme.models import Experiment

from .access import may_read_codebook
from .enums import AnchorStatus
from .models import Code, Coding, Cycle, Excerpt, HarvestRecord, LearningQuestion, LogEntry, Memo

MEMO_TARGET_MODELS = (LogEntry, Excerpt, Cycle, LearningQuestion, Code, HarvestRecord)

# The deepest codebook we take: a top-level code is level 1, so a code has at most 19 codes above it. Imports and
# the code forms refuse anything deeper (services/coding.py, services/exchange.py). Every function here walks the
# tree with its own stack, never by recursion (nor the templates by {% include %}), so a deeper tree that is in the
# database anyway still renders: the limit keeps the codebook usable, it is not what keeps the pages up.
MAX_CODE_LEVELS = 20


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
class CodeUse:
    """The codings of a code (and, when asked, its sub-codes) on excerpts a user may see: ``codings`` newest first,
    with code, coder and excerpt → entry → experiment loaded; ``experiments`` those codings occur in, by title;
    ``experiment`` the one the codings are narrowed to (None: all); ``experiment_missing`` when one was asked for
    that has none of these codings (the codings are then not narrowed)."""

    codings: QuerySet[Coding]
    experiments: QuerySet[Experiment]
    experiment: Experiment | None = None
    experiment_missing: bool = False


def code_use(user, code: Code, *, include_sub: bool = False, experiment_pk: int | None = None) -> CodeUse:
    """Where ``code`` is applied, as far as ``user`` may see: see ``CodeUse``."""
    codes = [code.pk, *descendant_ids(code)] if include_sub else [code.pk]
    visible = Excerpt.objects.visible_to(user).values("pk")
    codings = Coding.objects.filter(code__in=codes, excerpt__in=visible)
    experiments = Experiment.objects.filter(pk__in=codings.values("excerpt__entry__experiment")).order_by("title")
    experiment = experiments.filter(pk=experiment_pk).first() if experiment_pk is not None else None
    if experiment is not None:
        codings = codings.filter(excerpt__entry__experiment=experiment)
    codings = codings.select_related("code", "coder", "excerpt__entry__experiment").order_by("-coded_at", "-pk")
    return CodeUse(codings=codings, experiments=experiments, experiment=experiment,
                   experiment_missing=experiment_pk is not None and experiment is None)


def code_parents() -> dict[int, int | None]:
    """Every code's parent's primary key, keyed by the code's (None for a top-level code). One query."""
    return dict(Code.objects.values_list("pk", "parent_id"))


def ancestor_ids(pk: int | None, parents: dict[int, int | None]) -> list[int]:
    """The primary keys of the codes above ``pk``, its parent first (a cycle in the tree ends the chain)."""
    chain, seen = [], {pk}
    parent = parents.get(pk) if pk is not None else None
    while parent is not None and parent not in seen:
        seen.add(parent)
        chain.append(parent)
        parent = parents.get(parent)
    return chain


def code_level(pk: int | None, parents: dict[int, int | None] | None = None) -> int:
    """The level of the code ``pk`` in the tree: 1 at the top; 0 for None (the place above the top level)."""
    if pk is None:
        return 0
    return len(ancestor_ids(pk, code_parents() if parents is None else parents)) + 1


def subtree_levels(pk: int | None, children: dict[int | None, list[int]] | None = None) -> int:
    """How many levels the code ``pk`` and its sub-codes span: 1 for a code without sub-codes, 0 for None."""
    if pk is None:
        return 0
    children = code_children() if children is None else children
    deepest, pending, seen = 1, [(pk, 1)], {pk}
    while pending:
        current, levels = pending.pop()
        deepest = max(deepest, levels)
        for child in children.get(current, ()):
            if child not in seen:
                seen.add(child)
                pending.append((child, levels + 1))
    return deepest


def code_ancestors(code: Code) -> list[Code]:
    """The codes above ``code``, the top-level one first (a cycle in the tree ends the chain). Two queries however
    deep the code sits."""
    chain = ancestor_ids(code.pk, code_parents())
    found = Code.objects.in_bulk(chain)
    return [found[pk] for pk in reversed(chain) if pk in found]


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
                "code_id", "excerpt_id").order_by().distinct():
            excerpts_of[code_id].add(excerpt_id)
    nodes = {code.pk: CodeNode(code=code, depth=0, children=[]) for code in codes}
    roots = []
    for code in codes:
        node = nodes[code.pk]
        if code.parent_id in nodes:
            nodes[code.parent_id].children.append(node)
        else:
            roots.append(node)

    # Depths top-down, then the excerpts below each node bottom-up (children before their parent).
    pending = [(root, 0) for root in roots]
    while pending:
        node, depth = pending.pop()
        node.depth = depth
        pending.extend((child, depth + 1) for child in node.children)
    ordered = flatten(roots)
    below: dict[int, set[int]] = {}
    for node in reversed(ordered):
        mine = set(excerpts_of.get(node.code.pk, ()))
        node.count = len(mine)
        for child in node.children:
            mine |= below.pop(child.code.pk)
        node.total = len(mine)
        below[node.code.pk] = mine
    return roots


def flatten(nodes: list[CodeNode]) -> list[CodeNode]:
    """Depth first, parents before their children. With its own stack: a tree of any depth."""
    flat: list[CodeNode] = []
    pending = list(reversed(nodes))
    while pending:
        node = pending.pop()
        flat.append(node)
        pending.extend(reversed(node.children))
    return flat


@dataclass
class TreeItem:
    """A node of the codebook page's nested list, flattened so that the template needs no recursion: after the
    node's own content the template opens a list for its children (``opens``) or closes the node's item, then
    closes ``closes`` levels (an item and its list each)."""

    node: CodeNode
    opens: bool
    closes: range


def tree_items(roots: list[CodeNode]) -> list[TreeItem]:
    """``roots`` as ``TreeItem`` in page order (see there)."""
    flat = flatten(roots)
    items = []
    for index, node in enumerate(flat):
        following = flat[index + 1].depth if index + 1 < len(flat) else 0
        opens = bool(node.children)
        items.append(TreeItem(node=node, opens=opens, closes=range(0 if opens else node.depth - following)))
    return items


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
class MatrixColumn:
    """An experiment in the code matrix; ``total`` counts its coded excerpts (each once, whatever its codes)."""

    experiment: Experiment
    total: int = 0


@dataclass
class MatrixCell:
    experiment: Experiment
    count: int


@dataclass
class MatrixRow:
    """A code in the code matrix: one cell per column, in the columns' order; ``total`` counts the excerpts with
    the code (with ``include_sub``: with the code or one of its sub-codes) in all the columns."""

    node: CodeNode
    cells: list[MatrixCell]
    total: int = 0

    @property
    def code(self) -> Code:
        return self.node.code

    @property
    def depth(self) -> int:
        return self.node.depth

    @property
    def indent(self) -> int:
        """The depth as far as the page indents it (CSS classes ``matrix-indent-0`` … ``-6``)."""
        return min(self.node.depth, MATRIX_MAX_INDENT)


MATRIX_MAX_INDENT = 6


@dataclass
class CodeMatrix:
    """Codes (rows, in codebook order) × experiments (columns) with the number of distinct excerpts per cell."""

    rows: list[MatrixRow]
    columns: list[MatrixColumn]
    total: int  # distinct coded excerpts in all the columns
    include_sub: bool = False
    cells: dict[tuple[int, int], int] = field(default_factory=dict)  # (code pk, experiment pk) → count, non-zero

    @property
    def is_empty(self) -> bool:
        return not self.columns


def code_matrix(user, *, include_sub: bool = False) -> CodeMatrix:
    """The code-by-experiment matrix of the excerpts ``user`` may see (``Excerpt.objects.visible_to``): a row per
    code of the codebook (tree order, with depth), a column per experiment with at least one coded excerpt the user
    may see. A cell counts distinct excerpts, so an excerpt coded with the same code by two coders counts once; with
    ``include_sub`` a code counts together with its sub-codes (an excerpt with both counts once).

    Three queries whatever the size of the codebook or the log: the codes, the visible codings as distinct (code,
    experiment, excerpt) triples (grouped in the database; the excerpts are needed to count distinct excerpts over
    sub-codes and per experiment), and the experiments of the columns."""
    roots = codebook_tree()
    visible = Excerpt.objects.visible_to(user).values("pk")
    triples = (Coding.objects.filter(excerpt__in=visible)
               .values_list("code_id", "excerpt__entry__experiment_id", "excerpt_id")
               .order_by().distinct())  # no ordering: it would add columns to the DISTINCT
    # code pk → experiment pk → excerpt pks
    own: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    per_experiment: dict[int, set[int]] = defaultdict(set)
    for code_id, experiment_id, excerpt_id in triples:
        own[code_id][experiment_id].add(excerpt_id)
        per_experiment[experiment_id].add(excerpt_id)
    experiments = list(Experiment.objects.filter(pk__in=list(per_experiment)).select_related("gemeente")
                       .order_by("gemeente__name", "title", "pk"))
    columns = [MatrixColumn(experiment=experiment, total=len(per_experiment[experiment.pk]))
               for experiment in experiments]

    ordered = flatten(roots)
    counted: dict[int, dict[int, set[int]]] = {}
    for node in reversed(ordered):  # children before their parent
        mine = {experiment_id: set(pks) for experiment_id, pks in own.get(node.code.pk, {}).items()}
        if include_sub:
            for child in node.children:
                for experiment_id, pks in counted[child.code.pk].items():
                    mine.setdefault(experiment_id, set()).update(pks)
        counted[node.code.pk] = mine
    rows, cells = [], {}
    for node in ordered:
        by_experiment = counted.get(node.code.pk, {})
        row = MatrixRow(node=node, cells=[])
        for column in columns:
            count = len(by_experiment.get(column.experiment.pk, ()))
            row.cells.append(MatrixCell(experiment=column.experiment, count=count))
            row.total += count  # an excerpt is in one experiment, so the cells add up to distinct excerpts
            if count:
                cells[(node.code.pk, column.experiment.pk)] = count
        rows.append(row)
    total = sum(column.total for column in columns)
    return CodeMatrix(rows=rows, columns=columns, total=total, include_sub=include_sub, cells=cells)


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


def memos_for(user, *, kind: str = "", mine: bool = False) -> QuerySet[Memo]:
    """The memos ``user`` may read, newest change first, with author and content type loaded; only those on a
    ``kind`` of target (a model name of ``MEMO_TARGET_MODELS``) when given, only the user's own with ``mine``."""
    memos = visible_memos(user)
    if kind:
        memos = memos.filter(content_type__model=kind, content_type__app_label="research")
    if mine:
        memos = memos.filter(author=user)
    return memos.select_related("author", "content_type").order_by("-updated_at", "-pk")


def with_targets(memos) -> list[Memo]:
    """``memos`` as a list, each with ``target_object`` set (None when its target is gone): one query per kind of
    target, an excerpt with its entry."""
    memos = list(memos)
    wanted: dict = {}
    for memo in memos:
        wanted.setdefault(memo.content_type, set()).add(memo.object_id)
    found = {}
    for content_type, ids in wanted.items():
        model = content_type.model_class()
        queryset = model.objects.filter(pk__in=ids)
        if model is Excerpt:
            queryset = queryset.select_related("entry")
        for obj in queryset:
            found[(content_type.pk, obj.pk)] = obj
    for memo in memos:
        memo.target_object = found.get((memo.content_type_id, memo.object_id))
    return memos
