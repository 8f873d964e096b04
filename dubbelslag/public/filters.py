"""The filters of the knowledge base's products and records: one definition each, read by the list pages
(/kennisbank/producten/, /kennisbank/bevindingen/), the CSV downloads and the API (/api/v1/products, /api/v1/records).

Page names are Dutch (``thema``, ``soort``), API names English (``theme``, ``kind``); both read the same values and
narrow alike. A theme also finds what is tagged with its sub-themes, on the pages and in the API (the API did, the
page did not; choosing "Koppelthema's" should find the products about each koppelthema). Every narrowing keeps to
published data: experiments count only when public, knowledge questions only when publicly named.
"""

from __future__ import annotations

import re
from dataclasses import replace

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.areas.models import Area
from dubbelslag.core.filters import Filter, FilterSet, choice, matching, text
from dubbelslag.core.params import as_pk
from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.enums import NeighbourhoodType
from dubbelslag.programme.models import Experiment, Theme
from dubbelslag.publications.enums import ProductType
from dubbelslag.publications.models import (
    PUBLICLY_NAMED_QUESTION,
    KnowledgeProduct,
    ProductSearchEntry,
    ProductVersion,
)
from dubbelslag.research.enums import EvidenceLevel, RecordKind
from dubbelslag.research.models import HarvestRecord

from .search import product_search_ids

GEMEENTE_CODE = re.compile(r"GM[0-9]{4}")
KOPPELKANS_CODE = re.compile(r"K[0-9]{2,3}")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")
MAX_QUERY = 200
MAX_WORDS = 12


def _themed(slug: str) -> Q:
    """Tagged with the theme or one of its sub-themes (relative to the thing's ``themes``)."""
    return Q(themes__slug=slug) | Q(themes__parent__slug=slug)


def gemeente_areas(code: str):
    digits = code[2:]
    return Area.objects.filter(Q(code=code) | Q(code__startswith=f"WK{digits}") | Q(code__startswith=f"BU{digits}"))


def _in_published_versions(products, condition: Q):
    """Products whose published version meets ``condition``: a subquery, so no join multiplies the rows."""
    return products.filter(published_version__in=ProductVersion.objects.filter(condition))


def _product_text(products, query: str):
    ids = product_search_ids(query)
    if ids is None:  # no word to look for
        return products
    return products.filter(pk__in=ProductSearchEntry.objects.filter(pk__in=ids).values("product_id"))


def _public_question(pk: int) -> bool:
    """A question answered by a published product and publicly named; any other number is "not understood",
    whether or not such a question exists internally."""
    return ProductVersion.knowledge_questions.through.objects.filter(
        knowledgequestion_id=pk,
        productversion_id__in=KnowledgeProduct.objects.published().values("published_version_id"),
        knowledgequestion__in=KnowledgeQuestion.objects.filter(PUBLICLY_NAMED_QUESTION)).exists()


def _pk(value: str) -> int:
    pk = as_pk(value)
    if pk is None:
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value[:40]})
    return pk


def _theme(page: str) -> Filter:
    return Filter("theme", matching(SLUG, lambda: _("“%(value)s” is not a theme's short name."), lower=True), None,
                  page=page, api="theme", label=gettext_lazy("theme"),
                  known=lambda slug: Theme.objects.filter(slug=slug).exists(),
                  schema={"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "maxLength": 120},
                  description="Only items with this theme (its short name), or a sub-theme of it.",
                  example="armoede-schulden", max_length=100)


def _koppelkans() -> Filter:
    return Filter("koppelkans", matching(KOPPELKANS_CODE, lambda: _("“%(value)s” is not a koppelkans code."),
                                         upper=True), None,
                  page="koppelkans", api="koppelkans", label=gettext_lazy("koppelkans"),
                  known=lambda code: Koppelkans.objects.filter(code=code).exists(),
                  schema={"type": "string", "pattern": "^[Kk][0-9]{2,3}$"},
                  description="Only items about this koppelkans (code).", example="K01", max_length=100)


def _gemeente(description: str) -> Filter:
    return Filter("gemeente", matching(GEMEENTE_CODE, lambda: _("“%(value)s” is not a gemeente code (GM####)."),
                                       upper=True), None,
                  page="gemeente", api="gemeente", label=gettext_lazy("municipality"),
                  known=lambda code: Area.objects.filter(code=code).exists(),
                  schema={"type": "string", "pattern": "^[Gg][Mm][0-9]{4}$"}, description=description,
                  example="GM0599", max_length=100)


def _text() -> Filter:
    return Filter("q", text(max_length=MAX_QUERY), None, page="q", api="q",
                  schema={"type": "string", "maxLength": MAX_QUERY},
                  description="Words to look for (all must occur; a word also finds the words it starts).",
                  example="huiskamer")


def _with(base: Filter, narrow) -> Filter:
    """A shared parameter (theme, koppelkans, gemeente, q) with the narrowing of one resource."""
    return replace(base, narrow=narrow)


PRODUCT_FILTERS = FilterSet(
    _with(_theme("thema"), lambda products, slug: _in_published_versions(products, _themed(slug))),
    _with(_koppelkans(), lambda products, code: _in_published_versions(products, Q(koppelkansen__code=code))),
    # Only a publicly named question narrows: a product's link to an experiment's private question is not shown,
    # so asking for it finds nothing, on the page (which also drops it as not understood) and in the API.
    Filter("kennisvraag", _pk, lambda products, pk: _in_published_versions(products, Q(
        knowledge_questions__in=KnowledgeQuestion.objects.filter(PUBLICLY_NAMED_QUESTION, pk=pk))),
           page="kennisvraag", api="knowledge_question", label=gettext_lazy("knowledge question"),
           known=_public_question, schema={"type": "integer", "minimum": 1},
           description="Only products answering this knowledge question (its number).", example=1),
    Filter("wijktype", choice(NeighbourhoodType.values),
           lambda products, value: _in_published_versions(
               products, Q(experiments__is_public=True, experiments__neighbourhood_type=value)),
           page="wijktype", api="neighbourhood_type", label=gettext_lazy("type of neighbourhood"), max_length=100,
           schema={"type": "string", "enum": list(NeighbourhoodType.values)},
           description="Only products from a public experiment in this type of neighbourhood.", example="postwar"),
    _with(_gemeente("Only items about this gemeente (CBS code), its wijken or buurten."),
          lambda products, code: _in_published_versions(
              products, Q(areas__in=gemeente_areas(code))
              | Q(experiments__in=Experiment.objects.public().filter(gemeente__code=code)))),
    Filter("type", choice(ProductType.values), lambda products, value: products.filter(product_type=value),
           page="type", api="type", label=gettext_lazy("type of product"),
           schema={"type": "string", "enum": list(ProductType.values)}, description="Only products of this type.",
           example="best_practice", max_length=100),
    _with(_text(), _product_text),
)


def _record_subset(condition: Q):
    return lambda records, value: records.filter(pk__in=HarvestRecord.objects.filter(condition(value)).values("pk"))


def _record_text(records, query: str):
    for word in query.split()[:MAX_WORDS]:
        records = records.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    return records


RECORD_FILTERS = FilterSet(
    Filter("kind", choice(RecordKind.values), lambda records, kind: records.filter(kind=kind), page="soort",
           api="kind", label=gettext_lazy("kind"), schema={"type": "string", "enum": list(RecordKind.values)},
           description="Only records of this kind.", example="lesson", max_length=100),
    Filter("evidence_level", choice(EvidenceLevel.values), lambda records, level: records.filter(evidence_level=level),
           page="bewijs", api="evidence_level", label=gettext_lazy("evidence level"),
           schema={"type": "string", "enum": list(EvidenceLevel.values)},
           description="Only records with this evidence level.", example="described", max_length=100),
    _with(_theme("thema"), _record_subset(_themed)),
    _with(_koppelkans(), _record_subset(lambda code: Q(koppelkansen__code=code))),
    _with(_gemeente("Only records from a public experiment in this gemeente (CBS code)."),
          _record_subset(lambda code: Q(experiments__in=Experiment.objects.public().filter(gemeente__code=code)))),
    _with(_text(), _record_text),
)
