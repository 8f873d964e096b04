"""Full-text search over log entries and harvest records, as far as the user may read them.

``search(user, query, ...)`` reads ``SearchEntry`` and the database's own text index (migration 0002): on SQLite the
FTS5 table ``research_search_fts``, on PostgreSQL the generated ``search_vector`` column with the Dutch configuration.

The access rules are applied inside the SQL, so the ranking, the page limit and ``has_more`` only ever see rows the
user may read. They are the rules of ``Experiment.objects.visible_to`` (log entries) and
``HarvestRecord.objects.visible_to`` (records), turned into a few small id lists computed first (the programmes and
experiments of the user's memberships), so the search itself is one query.

User input never reaches the text index's query language as such. It is split into words (anything but letters and
digits only separates them); a quoted phrase stays a phrase, ``-word`` leaves out and ``or`` between words gives
either. On SQLite each word becomes quoted FTS5 strings; PostgreSQL gets the same query rebuilt for ``to_tsquery``
from those words and our own operators only.

Dutch writes compounds as one word, so a word also finds the words it starts: "warmte" finds "warmtenet",
"schuld" finds "schuldhulp", "energiecoa" finds "energiecoaches". SQLite has no Dutch stemmer: a word is matched as
a prefix (which covers its endings, "bewoner" → "bewoners") and as the forms of its stem ("woningen" → "woning");
the prefix indexes of migration 0004 make that one list read. PostgreSQL stems with the Dutch configuration and
matches the stem as a prefix (``:*``). Ranking on SQLite is bm25 (title above body) over the newest
``RANK_WINDOW`` matches the user may read, which for all but the commonest words is all of them.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.db import connection
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from dubbelslag.programme.enums import EXPERIMENT_ROLES, PROGRAMME_ROLES, MembershipRole
from dubbelslag.programme.models import Membership

from .enums import Confidentiality, RecordKind, RecordStatus
from .models import SearchKind

MAX_QUERY_LENGTH = 300
MAX_TERMS = 12
MAX_LIMIT = 100
PREFIX_MIN_LENGTH = 3
# bm25 weights of the FTS5 columns (title, body): a word in the title counts for much more than one in the body.
TITLE_WEIGHT, BODY_WEIGHT = 8.0, 1.0
# On SQLite, ranking looks at the newest matches the user may read, at most this many. A rare word's matches all fit;
# for a word in tens of thousands of texts it keeps the search fast, and the newest texts are the likelier answers.
RANK_WINDOW = 300
SNIPPET_WORDS = 24
# Private-use characters mark the highlighted words in the database's snippet: they survive HTML escaping and are
# then replaced by <mark>; any that came from the text itself are dropped.
OPEN_MARK, CLOSE_MARK = "\ue000", "\ue001"
MARKED = re.compile(f"{OPEN_MARK}([^{OPEN_MARK}{CLOSE_MARK}]*){CLOSE_MARK}")

_CHUNK = re.compile(r'-?"[^"]*"?|[^\s"]+')
_WORD = re.compile(r"[^\W_]+")
_COMPOUND = re.compile(r"[^\W_]+(?:[-'’./][^\W_]+)*[.,;:!?]?")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_NOISE = re.compile(r"(?m)^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)|[*_`~]{1,3}|\|")
_SPACE = re.compile(r"\s+")


# --- The query ------------------------------------------------------------------------------------------------

# Dutch inflection and diminutive endings. SQLite has no Dutch stemmer: a word is searched as itself and the forms
# these endings make of it and of its stem, so "bewoner" finds "bewoners" and "woningen" finds "woning".
ENDINGS = ("s", "e", "n", "en", "es", "er", "ers", "je", "jes", "tje", "tjes", "ing", "ingen")


def fold(word: str) -> str:
    """A word as the FTS5 tokenizer indexes it: lower case, diacritics removed ("coöperatie" → "cooperatie")."""
    word = word.lower()
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def word_forms(word: str) -> tuple[str, ...]:
    """The forms a single word is searched as (see ENDINGS); numbers and short words only as themselves."""
    if len(word) < PREFIX_MIN_LENGTH or word.isdigit():
        return (word,)
    stems = {word}
    stems.update(word[:-len(ending)] for ending in ENDINGS
                 if word.endswith(ending) and len(word) - len(ending) >= PREFIX_MIN_LENGTH)
    return tuple(sorted({stem + ending for stem in stems for ending in ("", *ENDINGS)}))


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    phrase: bool = False  # quoted by the user, or several words joined by punctuation: the words in this order
    negated: bool = False

    @property
    def single(self) -> bool:
        return len(self.words) == 1 and not self.phrase

    @property
    def forms(self) -> tuple[str, ...]:
        return word_forms(self.words[0]) if self.single else (" ".join(self.words),)

    @property
    def is_prefix(self) -> bool:
        """A single word long enough to be matched as the start of words (numbers only as themselves)."""
        return self.single and len(self.words[0]) >= PREFIX_MIN_LENGTH and not self.words[0].isdigit()

    @property
    def other_forms(self) -> tuple[str, ...]:
        """The forms the prefix does not cover: those of a shorter stem ("woningen" → "woning")."""
        return tuple(form for form in self.forms if not form.startswith(self.words[0])) if self.is_prefix else ()

    def fts5(self) -> str:
        """The term as an FTS5 expression. Words hold letters and digits only, so a double quote can never occur
        inside an FTS5 string."""
        if not self.is_prefix:
            return f'"{" ".join(self.words)}"'
        options = [f'"{self.words[0]}"*', *(f'"{form}"' for form in self.other_forms)]
        return options[0] if len(options) == 1 else f"({' OR '.join(options)})"

    def tsquery(self) -> str:
        """The term for PostgreSQL's to_tsquery: a word as a stemmed prefix, a phrase word by word in order."""
        if self.is_prefix:
            return f"{self.words[0]}:*"
        return " <-> ".join(self.words) if len(self.words) > 1 else self.words[0]


@dataclass(frozen=True)
class ParsedQuery:
    """The query as groups of terms: a hit matches all positive terms of one group and none of its negated ones."""

    groups: tuple[tuple[Term, ...], ...]

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    def tsquery(self) -> str:
        """The query in the syntax of PostgreSQL's to_tsquery. Words hold letters and digits only, so no operator
        can come from the user."""
        return " | ".join(
            "(" + " & ".join(("!" if term.negated else "") + f"({term.tsquery()})" for term in group) + ")"
            for group in self.groups)

    def fts5(self) -> str:
        parts = []
        for group in self.groups:
            positive = " AND ".join(term.fts5() for term in group if not term.negated)
            negated = "".join(f" NOT {term.fts5()}" for term in group if term.negated)
            parts.append(f"({positive}){negated}" if negated else f"({positive})")
        return " OR ".join(parts)


def parse_query(query: str, *, normalise=fold) -> ParsedQuery:
    """Split what the user typed into terms. Anything that is not a letter or digit only separates words, so no
    input can become an FTS5 operator or a syntax error. ``normalise`` turns each word into its indexed form."""
    groups: list[list[Term]] = [[]]
    count = 0
    for chunk in _CHUNK.findall((query or "")[:MAX_QUERY_LENGTH]):
        if count >= MAX_TERMS:
            break
        negated = chunk.startswith("-")
        body = chunk[1:] if negated else chunk
        if body.lower() == "or" and not negated:
            if any(not term.negated for term in groups[-1]):
                groups.append([])
            continue
        words = tuple(normalise(word) for word in _WORD.findall(body))
        if not words:
            continue
        if body.startswith('"') or _COMPOUND.fullmatch(body):
            # A quoted phrase, or words joined as in "aardgas-vrij" or "B1-taal": the words in this order.
            terms = [Term(words, phrase=body.startswith('"') or len(words) > 1, negated=negated)]
        else:  # other punctuation ("huiskamer,open", "NEAR(huis)") only separates words
            terms = [Term((word,), negated=negated) for word in words]
        groups[-1].extend(terms[:MAX_TERMS - count])
        count += len(terms)
    # A group needs something to match: "-warmtenet" alone finds nothing rather than everything.
    return ParsedQuery(tuple(tuple(group) for group in groups if any(not term.negated for term in group)))


# --- The results ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    title: str
    snippet: SafeString
    score: float
    url: str
    occurred_on: date | None = None
    experiment_id: int | None = None
    experiment: str = ""
    record_kind: str = ""
    status: str = ""
    confidentiality: str = ""

    @property
    def is_entry(self) -> bool:
        return self.kind == SearchKind.ENTRY

    @property
    def kind_label(self) -> str:
        return SearchKind(self.kind).label

    @property
    def record_kind_label(self) -> str:
        return RecordKind(self.record_kind).label if self.record_kind in RecordKind.values else self.record_kind

    @property
    def status_label(self) -> str:
        return RecordStatus(self.status).label if self.status in RecordStatus.values else self.status

    @property
    def confidentiality_label(self) -> str:
        if self.confidentiality in Confidentiality.values:
            return Confidentiality(self.confidentiality).label
        return self.confidentiality


@dataclass
class SearchResults:
    query: str
    hits: list[Hit] = field(default_factory=list)
    has_more: bool = False
    offset: int = 0
    limit: int = 20
    parsed: ParsedQuery = field(default_factory=lambda: ParsedQuery(()))

    @property
    def is_empty_query(self) -> bool:
        """Nothing searchable in the query (empty, or only punctuation and operators)."""
        return self.parsed.is_empty


# --- Access -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    """What a user may read, as the id lists the SQL needs (small: one user's memberships)."""

    anonymous: bool = True
    superuser: bool = False
    user_id: int | None = None
    team_programmes: tuple[int, ...] = ()  # all their entries and records
    member_experiments: tuple[int, ...] = ()  # their entries, and every record linked to them
    # Validated and published records for the programme or the public: the programme team and the project leaders
    # (experiment editors); an experiment's readers only read their own experiment's records.
    sharing: tuple[int, ...] = ()

    @classmethod
    def of(cls, user) -> Reach:
        if not user.is_authenticated:
            return cls()
        if user.is_superuser:
            return cls(anonymous=False, superuser=True, user_id=user.pk)
        memberships = list(Membership.objects.filter(user=user).values_list("programme_id", "experiment_id", "role"))
        team = {programme for programme, experiment, role in memberships
                if role in PROGRAMME_ROLES and experiment is None}
        member = {experiment for _programme, experiment, role in memberships
                  if role in EXPERIMENT_ROLES and experiment is not None}
        return cls(anonymous=False, user_id=user.pk, team_programmes=tuple(sorted(team)),
                   member_experiments=tuple(sorted(member)),
                   sharing=tuple(sorted(team | {programme for programme, _experiment, role in memberships
                                                if role == MembershipRole.EDITOR})))


class Sql:
    """A piece of SQL with its parameters in order, for composing the WHERE clause without miscounting."""

    def __init__(self, text: str, *params):
        self.text, self.params = text, list(params)

    @classmethod
    def any_of(cls, *parts: Sql) -> Sql:
        return cls.join(" OR ", parts, empty="1 = 0")

    @classmethod
    def all_of(cls, *parts: Sql) -> Sql:
        return cls.join(" AND ", parts, empty="1 = 1")

    @classmethod
    def join(cls, operator: str, parts, *, empty: str) -> Sql:
        parts = [part for part in parts if part is not None]
        if not parts:
            return cls(empty)
        return cls("(" + operator.join(part.text for part in parts) + ")",
                   *[param for part in parts for param in part.params])

    @classmethod
    def is_in(cls, column: str, values) -> Sql | None:
        """``column IN (values)``; None (no condition to add) for no values."""
        values = list(values)
        if not values:
            return None
        return cls(f"{column} IN ({', '.join(['%s'] * len(values))})", *values)


def _records_of_experiments(experiments) -> Sql | None:
    linked = Sql.is_in("experiment_id", experiments)
    if linked is None:
        return None
    return Sql("s.object_id IN (SELECT harvestrecord_id FROM research_harvestrecord_experiments "  # noqa: S608
               f"WHERE {linked.text})", *linked.params)


def access_sql(reach: Reach) -> Sql:
    """The condition on ``s`` (research_searchentry) that lets through exactly what the user may read: log entries
    as ``Experiment.objects.visible_to``, records as ``HarvestRecord.objects.visible_to``."""
    if reach.superuser:
        return Sql("1 = 1")
    published = Sql("s.kind = %s AND s.status = %s AND s.confidentiality = %s",
                    SearchKind.RECORD, RecordStatus.PUBLISHED, Confidentiality.PUBLIC)
    if reach.anonymous:
        return published
    entries = Sql.all_of(Sql("s.kind = %s", SearchKind.ENTRY), Sql.any_of(
        Sql.is_in("s.programme_id", reach.team_programmes),
        Sql.is_in("s.experiment_id", reach.member_experiments),
    ))
    shared = Sql.is_in("s.programme_id", reach.sharing)
    records = Sql.all_of(Sql("s.kind = %s", SearchKind.RECORD), Sql.any_of(
        Sql.is_in("s.programme_id", reach.team_programmes),
        _records_of_experiments(reach.member_experiments),
        Sql("s.created_by_id = %s", reach.user_id),
        Sql.all_of(
            Sql("s.status IN (%s, %s)", RecordStatus.VALIDATED, RecordStatus.PUBLISHED),
            Sql("s.confidentiality IN (%s, %s)", Confidentiality.PROGRAMME, Confidentiality.PUBLIC),
            shared,
        ) if shared else None,
    ))
    return Sql.any_of(Sql(f"({published.text})", *published.params), entries, records)


def filter_sql(*, kinds=None, experiment=None, record_kind=None) -> Sql:
    return Sql.all_of(
        Sql.is_in("s.kind", sorted(kinds or ())),
        Sql("s.kind = %s AND s.record_kind = %s", SearchKind.RECORD, record_kind) if record_kind else None,
        Sql.any_of(
            Sql("s.kind = %s AND s.experiment_id = %s", SearchKind.ENTRY, experiment),
            Sql.all_of(Sql("s.kind = %s", SearchKind.RECORD), _records_of_experiments([experiment])),
        ) if experiment is not None else None,
    )


# --- The search -------------------------------------------------------------------------------------------------


def search(user, query: str, *, kinds=None, experiment=None, record_kind=None, limit: int = 20,
           offset: int = 0) -> SearchResults:
    """The entries and records matching ``query`` that ``user`` may read, best first.

    ``kinds``: a subset of SearchKind values; ``experiment``: an experiment (or its pk) whose entries and records to
    search; ``record_kind``: only records of this kind. ``has_more`` says whether a next page exists."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    parsed = parse_query(query)
    results = SearchResults(query=query or "", offset=offset, limit=limit, parsed=parsed)
    kinds = {kind for kind in (kinds or ()) if kind in SearchKind.values} or None
    if record_kind is not None and record_kind not in RecordKind.values:
        return results
    if parsed.is_empty or (record_kind and kinds and SearchKind.RECORD not in kinds):
        return results
    experiment_id = getattr(experiment, "pk", experiment)
    condition = Sql.all_of(access_sql(Reach.of(user)),
                           filter_sql(kinds=kinds, experiment=experiment_id, record_kind=record_kind))
    where, params = condition.text, condition.params
    if connection.vendor == "postgresql":
        # Diacritics stay: the Dutch configuration indexes "coöperatie" as it is written.
        rows = _postgresql(parse_query(query, normalise=str.lower).tsquery(), where, params, limit + 1, offset)
    elif connection.vendor == "sqlite":
        rows = _sqlite(parsed, where, params, limit + 1, offset)
    else:  # pragma: no cover - the project runs on SQLite and PostgreSQL only
        raise NotImplementedError(connection.vendor)
    results.has_more = len(rows) > limit
    results.hits = _hits(rows[:limit])
    return results


# The columns of a hit, in the order _hits reads them; ``e`` is the entry's experiment (none for a record).
COLUMNS = ("s.kind, s.object_id, s.title, s.experiment_id, e.title, s.record_kind, s.status, s.confidentiality, "
           "s.occurred_on")
EXPERIMENT_JOIN = "LEFT JOIN programme_experiment e ON e.id = s.experiment_id"


def _sqlite(parsed: ParsedQuery, where: str, params: list, limit: int, offset: int) -> list[tuple]:
    with connection.cursor() as cursor:
        match = parsed.fts5()
        # The inner query walks the matches newest first (FTS5 reads its doclists in rowid order, so it stops after
        # RANK_WINDOW readable rows) with the access rules joined in; bm25 ranks that window; the outer query takes
        # one page of it. CROSS JOIN keeps the text index as the outer loop.
        cursor.execute(
            f"SELECT {COLUMNS}, s.body, ranked.score FROM ("  # noqa: S608
            f"SELECT s.id AS id, bm25(research_search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score "
            "FROM research_search_fts CROSS JOIN research_searchentry s ON s.id = research_search_fts.rowid "
            f"WHERE research_search_fts MATCH %s AND {where} ORDER BY research_search_fts.rowid DESC LIMIT %s"
            f") ranked JOIN research_searchentry s ON s.id = ranked.id {EXPERIMENT_JOIN} "
            "ORDER BY ranked.score, ranked.id DESC LIMIT %s OFFSET %s",
            [match, *params, RANK_WINDOW, limit, offset])
        rows = cursor.fetchall()
    matcher = _Matcher(parsed)
    # bm25 is lower for a better match; the score handed out is higher for a better one.
    return [(*row[:9], matcher.snippet(row[9]), -row[10]) for row in rows]


class _Matcher:
    """Finds the query's words in a text the way the FTS5 tokenizer does, for the snippet."""

    def __init__(self, parsed: ParsedQuery):
        self.forms: set[str] = set()
        prefixes = []
        for term in parsed.terms:
            if term.negated:
                continue
            if term.is_prefix:
                prefixes.append(term.words[0])
                self.forms.update(term.other_forms)
            else:
                self.forms.update(term.words)
        self.prefixes = tuple(prefixes)

    def matches(self, token: str) -> bool:
        folded = fold(token)
        return folded in self.forms or folded.startswith(self.prefixes)

    def snippet(self, text: str) -> str:
        """About SNIPPET_WORDS words of ``text`` around the most matches, the matches between our marks."""
        tokens = list(_WORD.finditer(text))
        if not tokens:
            return ""
        hits = [index for index, token in enumerate(tokens) if self.matches(token.group())]
        marked = set(hits)
        first = 0
        if hits:
            # The window start with the most hits in it (ties: the earliest).
            best = max(range(len(hits)), key=lambda i: (bisect.bisect_left(hits, hits[i] + SNIPPET_WORDS) - i, -i))
            first = max(0, min(hits[best] - 3, len(tokens) - SNIPPET_WORDS))
        last = min(len(tokens), first + SNIPPET_WORDS) - 1
        parts, position = [], tokens[first].start()
        for index in range(first, last + 1):
            token = tokens[index]
            parts.append(text[position:token.start()])
            word = token.group()
            parts.append(f"{OPEN_MARK}{word}{CLOSE_MARK}" if index in marked else word)
            position = token.end()
        lead = "… " if first > 0 else ""
        tail = " …" if last < len(tokens) - 1 else ""
        return lead + "".join(parts) + tail


def _postgresql(query: str, where: str, params: list, limit: int, offset: int) -> list[tuple]:
    options = (f"StartSel={OPEN_MARK}, StopSel={CLOSE_MARK}, MaxWords={SNIPPET_WORDS}, MinWords=12, "
               'MaxFragments=2, FragmentDelimiter=" … "')
    # ts_rank weighs the title (weight A) above the body (weight B); ts_headline, the costly part, runs only on the
    # one page of rows.
    sql = (
        "WITH q AS (SELECT to_tsquery('pg_catalog.dutch', %s) AS query), "  # noqa: S608
        "ranked AS ("
        "SELECT s.id, ts_rank(s.search_vector, q.query) AS score FROM research_searchentry s, q "
        f"WHERE s.search_vector @@ q.query AND {where} ORDER BY score DESC, s.id DESC LIMIT %s OFFSET %s) "
        f"SELECT {COLUMNS}, ts_headline('pg_catalog.dutch', s.body, q.query, %s), ranked.score "
        f"FROM ranked JOIN research_searchentry s ON s.id = ranked.id {EXPERIMENT_JOIN} CROSS JOIN q "
        "ORDER BY ranked.score DESC, ranked.id DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [query, *params, limit, offset, options])
        return cursor.fetchall()


def _hits(rows: list[tuple]) -> list[Hit]:
    urls = _url_patterns()
    hits = []
    for (kind, object_id, title, experiment_id, experiment, record_kind, status, confidentiality, occurred_on,
         snippet, score) in rows:
        if isinstance(occurred_on, str):
            occurred_on = date.fromisoformat(occurred_on)
        hits.append(Hit(
            kind=kind, object_id=object_id, title=title, snippet=highlight(snippet or ""), score=float(score),
            url=urls[kind].replace(str(URL_PLACEHOLDER), str(object_id)), occurred_on=occurred_on,
            experiment_id=experiment_id, experiment=experiment or "", record_kind=record_kind, status=status,
            confidentiality=confidentiality,
        ))
    return hits


def _url_patterns() -> dict[str, str]:
    """Each kind's detail URL with a placeholder for the pk (one reverse per kind, not per hit)."""
    return {kind: reverse(name, args=[URL_PLACEHOLDER])
            for kind, name in ((SearchKind.ENTRY, "research:entry-detail"),
                               (SearchKind.RECORD, "research:record-detail"))}


URL_PLACEHOLDER = 999999999


def plain_text(markdown: str) -> str:
    """A snippet of Markdown source as readable text: link targets, emphasis marks and list bullets dropped."""
    text = _MARKDOWN_LINK.sub(r"\1", markdown)
    text = _MARKDOWN_NOISE.sub("", text)
    return _SPACE.sub(" ", text).strip()


def highlight(snippet: str) -> SafeString:
    """The database's snippet, HTML-escaped, with only our own marks turned into <mark> elements."""
    escaped = html.escape(plain_text(snippet), quote=False)
    marked = MARKED.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(marked.replace(OPEN_MARK, "").replace(CLOSE_MARK, ""))  # noqa: S308 - escaped above
