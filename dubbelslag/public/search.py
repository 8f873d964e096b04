"""Full-text search of the public knowledge base: published products and published public records.

Products are searched in ``ProductSearchEntry`` through the database's own text index (migration publications/0002:
the FTS5 table ``publications_search_fts`` on SQLite, the generated ``search_vector`` column with the Dutch
configuration on PostgreSQL). What the visitor typed goes through research's query parser (``parse_query``), which
rebuilds it from words and our own operators only, so no input can become query syntax or a syntax error. The
index holds a row only while a product is published; the query joins the product and its published version all the
same, so a stale row can never show a draft.

Records are searched by research's own search as an anonymous visitor, which reads published public records only;
the hits are checked against ``HarvestRecord.objects.published()`` once more and linked to their public pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse
from django.utils.safestring import SafeString

from dubbelslag.publications.enums import VersionStatus
from dubbelslag.publications.models import KnowledgeProduct
from dubbelslag.research import search as research_search
from dubbelslag.research.enums import RecordKind
from dubbelslag.research.models import HarvestRecord, SearchKind
from dubbelslag.research.search import (
    BODY_WEIGHT,
    CLOSE_MARK,
    OPEN_MARK,
    SNIPPET_WORDS,
    TITLE_WEIGHT,
    highlight,
    parse_query,
)

MAX_LIMIT = 50
# Citation and figure markers in the indexed section text, left out of snippets.
MARKERS = re.compile(r"\[@R\d+\]|\[\[(?:figure|figuur) \d+\]\]", re.IGNORECASE)


@dataclass(frozen=True)
class ProductHit:
    product: KnowledgeProduct
    snippet: SafeString
    score: float

    @property
    def url(self) -> str:
        return reverse("public:product-detail", args=[self.product.slug])

    @property
    def title(self) -> str:
        return self.product.published_version.title


@dataclass(frozen=True)
class RecordHit:
    pk: int
    title: str
    kind: str
    snippet: SafeString

    @property
    def url(self) -> str:
        return reverse("public:record-detail", args=[self.pk])

    @property
    def kind_label(self) -> str:
        return RecordKind(self.kind).label if self.kind in RecordKind.values else ""


@dataclass
class Group:
    hits: list = field(default_factory=list)
    has_more: bool = False
    offset: int = 0
    limit: int = 10


@dataclass
class PublicResults:
    query: str
    products: Group
    records: Group
    is_empty_query: bool

    @property
    def count(self) -> int:
        return len(self.products.hits) + len(self.records.hits)


def search(query: str, *, products: bool = True, records: bool = True, limit: int = 10,
           product_offset: int = 0, record_offset: int = 0) -> PublicResults:
    """Published products and published public records matching ``query``, best first, in two groups."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    parsed = parse_query(query)
    results = PublicResults(query=query or "", products=Group(offset=product_offset, limit=limit),
                            records=Group(offset=record_offset, limit=limit), is_empty_query=parsed.is_empty)
    if parsed.is_empty:
        return results
    if products:
        results.products.hits, results.products.has_more = search_products(query, limit=limit,
                                                                           offset=product_offset)
    if records:
        results.records.hits, results.records.has_more = search_records(query, limit=limit, offset=record_offset)
    return results


# --- Products ---------------------------------------------------------------------------------------------------

# Only rows of products whose published version is published: the index's own guarantee, checked again.
PUBLISHED_JOIN = (
    "JOIN publications_knowledgeproduct p ON p.id = s.product_id "
    "JOIN publications_productversion v ON v.id = p.published_version_id AND v.status = %s"
)


def search_products(query: str, *, limit: int = 10, offset: int = 0) -> tuple[list[ProductHit], bool]:
    """One page of published products matching ``query`` and whether there is a next page."""
    parsed = parse_query(query)
    if parsed.is_empty:
        return [], False
    offset = max(0, int(offset))
    if connection.vendor == "postgresql":
        rows = _postgresql(parse_query(query, normalise=str.lower).tsquery(), limit + 1, offset)
    elif connection.vendor == "sqlite":
        rows = _sqlite(parsed.fts5(), limit + 1, offset)
    else:  # pragma: no cover - the project runs on SQLite and PostgreSQL only
        raise NotImplementedError(connection.vendor)
    has_more = len(rows) > limit
    rows = rows[:limit]
    products = KnowledgeProduct.objects.published().select_related("published_version").in_bulk(
        [row[0] for row in rows])
    hits = [ProductHit(product=products[product_id], snippet=highlight(MARKERS.sub("", snippet or "")),
                       score=float(score))
            for product_id, snippet, score in rows if product_id in products]
    return hits, has_more


def _sqlite(match: str, limit: int, offset: int) -> list[tuple]:
    # snippet(): the body's words around the matches, the matched tokens between our private-use marks, which
    # ``highlight`` turns into <mark> after escaping.
    sql = (
        "SELECT s.product_id, "  # noqa: S608 - constants and placeholders only
        f"snippet(publications_search_fts, 1, %s, %s, '…', {SNIPPET_WORDS}), "
        f"bm25(publications_search_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}) AS score "
        "FROM publications_search_fts "
        "JOIN publications_productsearchentry s ON s.id = publications_search_fts.rowid "
        f"{PUBLISHED_JOIN} "
        "WHERE publications_search_fts MATCH %s "
        "ORDER BY score, s.published_at DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [OPEN_MARK, CLOSE_MARK, VersionStatus.PUBLISHED, match, limit, offset])
        # bm25 is lower for a better match; the score handed out is higher for a better one.
        return [(product_id, snippet, -score) for product_id, snippet, score in cursor.fetchall()]


def _postgresql(tsquery: str, limit: int, offset: int) -> list[tuple]:
    options = (f"StartSel={OPEN_MARK}, StopSel={CLOSE_MARK}, MaxWords={SNIPPET_WORDS}, MinWords=12, "
               'MaxFragments=2, FragmentDelimiter=" … "')
    sql = (
        "WITH q AS (SELECT to_tsquery('pg_catalog.dutch', %s) AS query) "  # noqa: S608 - constants only
        "SELECT s.product_id, ts_headline('pg_catalog.dutch', s.body, q.query, %s), "
        "ts_rank(s.search_vector, q.query) AS score "
        f"FROM publications_productsearchentry s {PUBLISHED_JOIN} CROSS JOIN q "
        "WHERE s.search_vector @@ q.query ORDER BY score DESC, s.published_at DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [tsquery, options, VersionStatus.PUBLISHED, limit, offset])
        return cursor.fetchall()


# --- Records ----------------------------------------------------------------------------------------------------


def product_search_ids(query: str) -> list[int] | None:
    """Ids of the search entries (published products only) matching ``query``, by the database's text index and
    the research search's query parser; None when the query holds no word to search for."""
    parsed = parse_query(query)
    if parsed.is_empty:
        return None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT id FROM publications_productsearchentry "
                "WHERE search_vector @@ to_tsquery('pg_catalog.dutch', %s)",
                [parse_query(query, normalise=str.lower).tsquery()])
        else:
            cursor.execute("SELECT rowid FROM publications_search_fts WHERE publications_search_fts MATCH %s",
                           [parsed.fts5()])
        return [row[0] for row in cursor.fetchall()]


def search_records(query: str, *, limit: int = 10, offset: int = 0) -> tuple[list[RecordHit], bool]:
    """One page of published public records matching ``query``: research's search as an anonymous visitor."""
    found = research_search.search(AnonymousUser(), query, kinds={SearchKind.RECORD}, limit=limit,
                                   offset=max(0, int(offset)))
    published = set(HarvestRecord.objects.published().filter(
        pk__in=[hit.object_id for hit in found.hits]).values_list("pk", flat=True))
    hits = [RecordHit(pk=hit.object_id, title=hit.title, kind=hit.record_kind, snippet=hit.snippet)
            for hit in found.hits if hit.object_id in published]
    return hits, found.has_more
