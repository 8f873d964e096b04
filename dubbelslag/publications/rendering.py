"""A knowledge product version as readers see it: sections in HTML, numbered citations, figures and metadata.

The Markdown of each section goes through the project's one Markdown pipeline (``core.markdown.render_markdown``:
Markdown, then nh3 sanitising). Only after sanitising are the markers replaced, in the text between the tags and
never inside a code span or block:

- ``[@R12]`` (harvest record 12) becomes ``<a class="citation" href="#bron-N">[N]</a>``, N being the citation's
  number (``Citation.number``: order of first appearance across the sections, kept in step by the workflow);
- ``[[figure 1]]`` / ``[[figuur 1]]`` becomes the figure block (a paragraph holding only the marker is replaced by
  it; a marker inside a sentence becomes a reference, with the block after that paragraph).

Markers that point at nothing render as a harmless "[?]". Everything inserted is built here from escaped values.

``public=True`` renders for the public site: a cited record counts as available only while it is published (and
public); otherwise the citation keeps its number and says "source not available", never the record's title.
``public=False`` renders for the editorial side: a citation is available when ``viewer`` may read the record
(``HarvestRecord.objects.visible_to``). A viewer who may read the record also gets the link to its research page,
which shows the evidence: citation → record → evidence in two clicks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import _json_script_escapes, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dubbelslag.areas.enums import AreaLevel
from dubbelslag.areas.models import Area
from dubbelslag.core.addresses import absolute_url
from dubbelslag.core.markdown import render_markdown
from dubbelslag.images.display import ImageView, image_view
from dubbelslag.images.display import snapshot as image_snapshot
from dubbelslag.programme.models import Experiment
from dubbelslag.research.enums import EvidenceLevel, RecordKind
from dubbelslag.research.models import HarvestRecord

from .enums import FROZEN_STATUSES, LICENCE_URLS, Licence, ProductType, ProjectStatus, SectionKey
from .figures import FigureView, figure_view
from .models import PUBLICLY_NAMED_QUESTION, ProductVersion

CITATION_MARKER = re.compile(r"\[@R(\d{1,10})\]")
FIGURE_MARKER = re.compile(r"\[\[(?:figure|figuur)\s*(\d{1,5})\]\]", re.IGNORECASE)
IMAGE_MARKER = re.compile(r"\[\[(?:image|afbeelding)\s*(\d{1,5})\]\]", re.IGNORECASE)
# A tag in nh3's output: attribute values are quoted and may contain ">".
TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
VOID_TAGS = {"br", "hr", "img", "wbr"}
# Markers inside these stay literal text.
LITERAL_TAGS = {"code", "pre"}
SECTION_CACHE_SECONDS = 24 * 60 * 60


# --- Markers in sanitised HTML ---------------------------------------------------------------------------------

def _tokens(html: str):
    """(is_tag, raw, closing, name) for the tags and the text between them."""
    position = 0
    for match in TAG.finditer(html):
        if match.start() > position:
            yield False, html[position:match.start()], False, ""
        yield True, match.group(0), match.group(1) == "/", match.group(2).lower()
        position = match.end()
    if position < len(html):
        yield False, html[position:], False, ""


def _text_nodes(html: str):
    """The text nodes of ``html`` outside code spans and blocks."""
    stack: list[str] = []
    for is_tag, raw, closing, name in _tokens(html):
        if is_tag:
            _track(stack, raw, closing, name)
        elif not LITERAL_TAGS.intersection(stack):
            yield raw


def _track(stack: list[str], raw: str, closing: bool, name: str) -> None:
    if closing:
        if name in stack:
            while stack and stack.pop() != name:
                pass
    elif name not in VOID_TAGS and not raw.endswith("/>"):
        stack.append(name)


def extract_markers(markdown_text: str) -> tuple[list[int], list[int]]:
    """The record ids cited and the figure numbers embedded in a section's Markdown, in order of first appearance,
    each once; markers in code spans do not count (as in rendering)."""
    records: dict[int, None] = {}
    figures: dict[int, None] = {}
    for text in _text_nodes(render_markdown(markdown_text)):
        for match in CITATION_MARKER.finditer(text):
            records.setdefault(int(match.group(1)), None)
        for match in FIGURE_MARKER.finditer(text):
            figures.setdefault(int(match.group(1)), None)
    return list(records), list(figures)


def extract_image_markers(markdown_text: str) -> list[int]:
    """The image numbers a section's Markdown shows, in order of first appearance (not in code spans)."""
    images: dict[int, None] = {}
    for text in _text_nodes(render_markdown(markdown_text)):
        for match in IMAGE_MARKER.finditer(text):
            images.setdefault(int(match.group(1)), None)
    return list(images)


def replace_markers(html: str, *, citation_numbers: dict[int, int], figure_blocks: dict[int, str],
                    placed: set[int] | None = None, image_blocks: dict[int, str] | None = None,
                    placed_images: set[int] | None = None) -> str:
    """Replace the markers in sanitised ``html``: record id → citation number, figure number → its block HTML.
    Each figure block is placed once, at its first marker; ``placed`` collects the numbers placed (across calls)."""
    tokens = list(_tokens(html))
    out: list[str] = []
    stack: list[str] = []
    pending: list[str] = []  # figure blocks waiting for the end of the current top-level element
    placed = set() if placed is None else placed
    image_blocks = image_blocks or {}
    placed_images = set() if placed_images is None else placed_images

    def figure_reference(number: int, in_link: bool) -> str:
        label = escape(_("figure %(number)s") % {"number": number})
        if in_link:
            return label
        return f'<a class="figure-ref" href="#figuur-{number}">{label}</a>'

    def citation(match: re.Match, in_link: bool) -> str:
        number = citation_numbers.get(int(match.group(1)))
        if number is None:
            return '<span class="citation citation-unknown">[?]</span>'
        if in_link:
            return f"[{number}]"
        return f'<a class="citation" href="#bron-{number}">[{number}]</a>'

    def figure(match: re.Match, in_link: bool) -> str:
        number = int(match.group(1))
        if number not in figure_blocks:
            return '<span class="figure-unknown">[?]</span>'
        if number not in placed:
            placed.add(number)
            pending.append(figure_blocks[number])
        return figure_reference(number, in_link)

    def image(match: re.Match, in_link: bool) -> str:
        number = int(match.group(1))
        if number not in image_blocks:
            return '<span class="image-unknown">[?]</span>'
        if number not in placed_images:
            placed_images.add(number)
            pending.append(image_blocks[number])
        label = escape(_("image %(number)s") % {"number": number})
        return label if in_link else f'<a class="image-ref" href="#afbeelding-{number}">{label}</a>'

    index = 0
    while index < len(tokens):
        is_tag, raw, closing, name = tokens[index]
        if is_tag:
            # A paragraph holding nothing but an image marker becomes the image itself.
            if (name == "p" and not closing and index + 2 < len(tokens) and not tokens[index + 1][0]
                    and tokens[index + 2][0] and tokens[index + 2][2] and tokens[index + 2][3] == "p"):
                match = IMAGE_MARKER.fullmatch(tokens[index + 1][1].strip())
                number = int(match.group(1)) if match else None
                if number is not None and number in image_blocks and number not in placed_images and not stack:
                    placed_images.add(number)
                    out.append(image_blocks[number])
                    index += 3
                    continue
            # A paragraph holding nothing but a figure marker becomes the figure itself.
            if (name == "p" and not closing and index + 2 < len(tokens) and not tokens[index + 1][0]
                    and tokens[index + 2][0] and tokens[index + 2][2] and tokens[index + 2][3] == "p"):
                match = FIGURE_MARKER.fullmatch(tokens[index + 1][1].strip())
                number = int(match.group(1)) if match else None
                if number is not None and number in figure_blocks and number not in placed and not stack:
                    placed.add(number)
                    out.append(figure_blocks[number])
                    index += 3
                    continue
            _track(stack, raw, closing, name)
            out.append(raw)
        elif LITERAL_TAGS.intersection(stack):
            out.append(raw)
        else:
            in_link = "a" in stack
            text = CITATION_MARKER.sub(lambda m, in_link=in_link: citation(m, in_link), raw)
            text = FIGURE_MARKER.sub(lambda m, in_link=in_link: figure(m, in_link), text)
            text = IMAGE_MARKER.sub(lambda m, in_link=in_link: image(m, in_link), text)
            out.append(text)
        if not stack and pending:
            out.extend(pending)
            pending.clear()
        index += 1
    out.extend(pending)
    return "".join(out)


# --- What a rendering holds ------------------------------------------------------------------------------------

@dataclass
class RenderedSection:
    key: str
    heading: str
    html: SafeString
    lang: str  # the language the text is in: "nl" or "en"

    @property
    def anchor(self) -> str:
        return f"sectie-{self.key}"


@dataclass
class RenderedCitation:
    number: int
    record_id: int
    available: bool
    record: HarvestRecord | None = None
    title: str = ""
    kind: str = ""
    kind_label: str = ""
    evidence_level: str = ""
    experiments: list = field(default_factory=list)
    entry_count: int = 0
    excerpt_count: int = 0
    public_url: str = ""
    internal_url: str = ""

    @property
    def anchor(self) -> str:
        return f"bron-{self.number}"

    @property
    def evidence_count(self) -> int:
        return self.entry_count + self.excerpt_count


@dataclass
class Metadata:
    """What the at-a-glance block, Dublin Core and schema.org say about a version."""

    title: str
    title_lang: str
    alternative_title: str
    subtitle: str
    description: str
    description_lang: str
    creators: list[str]
    publisher: str
    issued: datetime | None
    modified: datetime | None
    product_type: str
    product_type_label: str
    languages: list[str]
    themes: list[str]
    koppelkansen: list[str]
    knowledge_questions: list[str]
    experiments: list[Experiment]
    areas: list[dict]
    gemeenten: list[dict]
    evidence_level: str
    evidence_level_label: str
    licence: str
    licence_label: str
    licence_url: str
    version_number: int
    identifier: str
    change_note: str
    at_a_glance: list[tuple[str, str]]

    @property
    def subjects(self) -> list[str]:
        return [*self.themes, *self.koppelkansen]


@dataclass
class RenderedVersion:
    version: ProductVersion
    public: bool
    title: str
    subtitle: str
    subtitle_lang: str
    lead: str
    lead_lang: str
    sections: list[RenderedSection]
    citations: list[RenderedCitation]
    figures: list[FigureView]
    metadata: Metadata
    placed_figures: list[int] = field(default_factory=list)
    images: list[ImageView] = field(default_factory=list)
    placed_images: list[int] = field(default_factory=list)

    @property
    def cover(self) -> ImageView | None:
        return next((image for image in self.images if image.is_cover), None)

    @property
    def unplaced_images(self) -> list[ImageView]:
        """Images neither the text nor the cover shows: listed after the sections."""
        return [image for image in self.images if image.number not in self.placed_images and not image.is_cover]

    @property
    def unplaced_figures(self) -> list[FigureView]:
        """Figures no marker in the text shows: listed after the sections."""
        return [figure for figure in self.figures if figure.number not in self.placed_figures]

    @property
    def unavailable_citations(self) -> list[RenderedCitation]:
        return [citation for citation in self.citations if not citation.available]

    @property
    def json_ld(self) -> dict:
        return json_ld(self)

    @property
    def json_ld_script(self) -> SafeString:
        return json_ld_script(self)

    @property
    def dublin_core(self) -> list[tuple[str, str]]:
        return dublin_core(self)


# --- Rendering -------------------------------------------------------------------------------------------------

def _language() -> str:
    return "en" if (translation.get_language() or "nl").startswith("en") else "nl"


def public_url(version: ProductVersion) -> str:
    """The absolute, persistent address of the product on the public site."""
    return absolute_url(None, reverse("public:product-detail", args=[version.product.slug]))


def _figure_views(version: ProductVersion, *, live: bool) -> list[FigureView]:
    figures = version.figures.select_related("area", "indicator", "result_indicator__experiment",
                                            "result_indicator__programme", "reporting_period")
    return [figure_view(figure, live=live) for figure in figures]


def image_url(version: ProductVersion, *, public: bool):
    """The address maker of a version's image files: the public site's gate for the public rendering, the
    version's editorial gate otherwise."""
    if public:
        return lambda token, name: reverse("public:product-image", args=[version.product.slug, token, name])
    return lambda token, name: reverse("publications:version-image",
                                       args=[version.product.slug, version.number, token, name])


def _image_views(version: ProductVersion, *, public: bool, frozen: bool) -> list[ImageView]:
    """The version's images: as frozen when published, as in the library while a draft. The public rendering
    leaves out an image whose people have not (or no longer) consented."""
    address = image_url(version, public=public)
    views = []
    for placement in version.images.select_related("image").order_by("number"):
        if public and not placement.image.is_publishable:
            continue
        data = placement.snapshot if frozen and placement.snapshot else image_snapshot(placement.image)
        view = image_view(data, url=lambda name, token=data["token"]: address(token, name), number=placement.number)
        view.is_cover = placement.is_cover
        views.append(view)
    return views


def _section_parts(version: ProductVersion, *, citation_numbers: dict[int, int],
                   figures: list[FigureView], images: list[ImageView] = ()) -> tuple[list[tuple[str, str, str]],
                                                                                     list[int], list[int]]:
    """(key, html, lang) of each non-empty section, and the numbers of the figures and images placed in the
    text."""
    blocks = {figure.number: render_to_string("publications/includes/figure.html", {"figure": figure})
              for figure in figures}
    image_blocks = {image.number: render_to_string("images/includes/picture.html", {"image": image,
                                                                                      "LANGUAGE_CODE": _language()})
                    for image in images}
    placed_images: set[int] = set()
    english = _language() == "en"
    parts = []
    placed: set[int] = set()
    for section in version.sections.all():
        if english and section.body_en.strip():
            text, lang = section.body_en, "en"
        else:
            text, lang = section.body_nl, "nl"
        if not text.strip():
            continue
        html = replace_markers(render_markdown(text), citation_numbers=citation_numbers, figure_blocks=blocks,
                               placed=placed, image_blocks=image_blocks, placed_images=placed_images)
        parts.append((section.key, html, lang))
    return parts, sorted(placed), sorted(placed_images)


def _sections(version: ProductVersion, *, citation_numbers: dict[int, int], figures: list[FigureView],
              frozen: bool, images: list[ImageView] = (), public: bool = True
              ) -> tuple[list[RenderedSection], list[int], list[int]]:
    if frozen:
        # A published version's text, citations and figure snapshots never change: render its sections once per
        # language. (Whether a cited record is still available changes only the citation list, not the text.)
        stamp = version.published_at.timestamp() if version.published_at else 0
        # The images shown depend on their consent now, and their addresses on the side of the site.
        shown = ",".join(str(image.number) for image in images)
        key = (f"publications:sections:{version.pk}:{version.edit_version}:{stamp}:{_language()}:"
               f"{'public' if public else 'internal'}:{shown}")
        cached = cache.get(key)
        if cached is None:
            cached = _section_parts(version, citation_numbers=citation_numbers, figures=figures, images=images)
            cache.set(key, cached, SECTION_CACHE_SECONDS)
        parts, placed, placed_images = cached
    else:
        parts, placed, placed_images = _section_parts(version, citation_numbers=citation_numbers, figures=figures,
                                                      images=images)
    sections = [RenderedSection(key=key, heading=str(SectionKey(key).label) if key in SectionKey.values else key,
                                html=mark_safe(html), lang=lang)  # noqa: S308 - sanitised HTML and escaped values
                for key, html, lang in parts]
    return sections, placed, placed_images


def _citations(version: ProductVersion, *, viewer, public: bool) -> list[RenderedCitation]:
    citations = list(version.citations.order_by("number").values_list("number", "record_id"))
    ids = {record_id for _number, record_id in citations}
    if not ids:
        return []
    published = set(HarvestRecord.objects.published().filter(pk__in=ids).values_list("pk", flat=True))
    signed_in = viewer is not None and viewer.is_authenticated
    readable = (set(HarvestRecord.objects.visible_to(viewer).filter(pk__in=ids).values_list("pk", flat=True))
                if signed_in else published)
    available = published if public else readable
    experiments = Experiment.objects.public() if public else Experiment.objects.all()
    records = HarvestRecord.objects.filter(pk__in=available).annotate(
        entry_total=Count("evidence_entries", distinct=True),
        excerpt_total=Count("evidence_excerpts", distinct=True),
    ).prefetch_related(Prefetch("experiments", queryset=experiments.order_by("title"), to_attr="cited_experiments"))
    by_pk = {record.pk: record for record in records}
    result = []
    for number, record_id in citations:
        record = by_pk.get(record_id)
        if record is None:
            result.append(RenderedCitation(number=number, record_id=record_id, available=False))
            continue
        result.append(RenderedCitation(
            number=number, record_id=record_id, available=True, record=record, title=record.title,
            kind=record.kind,
            kind_label=str(RecordKind(record.kind).label) if record.kind in RecordKind.values else "",
            evidence_level=str(EvidenceLevel(record.evidence_level).label)
            if record.evidence_level in EvidenceLevel.values else "",
            experiments=list(record.cited_experiments), entry_count=record.entry_total,
            excerpt_count=record.excerpt_total,
            public_url=reverse("public:record-detail", args=[record_id]) if record_id in published else "",
            internal_url=reverse("research:record-detail", args=[record_id]) if signed_in and record_id in readable
            else "",
        ))
    return result


def _areas(version: ProductVersion, experiments: list[Experiment]) -> tuple[list[dict], list[dict]]:
    areas = list(version.areas.all())
    gemeente_keys = {(area.gemeente_code, area.boundary_year) for area in areas}
    gemeenten = {(area.code, area.boundary_year): area for area in areas if area.level == AreaLevel.GEMEENTE}
    missing = gemeente_keys - gemeenten.keys()
    if missing:
        for area in Area.objects.filter(code__in={code for code, _year in missing},
                                        boundary_year__in={year for _code, year in missing}):
            gemeenten.setdefault((area.code, area.boundary_year), area)
    for experiment in experiments:
        gemeenten.setdefault((experiment.gemeente.code, experiment.gemeente.boundary_year), experiment.gemeente)
    by_code = {}
    for area in sorted(gemeenten.values(), key=lambda a: (a.name, -a.boundary_year)):
        by_code.setdefault(area.code, {"code": area.code, "name": area.name})
    return ([{"code": area.code, "name": area.name, "level": area.level} for area in areas],
            list(by_code.values()))


def _metadata(version: ProductVersion, *, public: bool, lang: str) -> Metadata:
    product = version.product
    experiments = version.experiments.select_related("gemeente").order_by("title")
    if public:
        experiments = experiments.public()
    experiments = list(experiments)
    areas, gemeenten = _areas(version, experiments)
    english_title = lang == "en" and bool(version.title_en)
    title = version.title_en if english_title else version.title_nl
    alternative = version.title_nl if english_title else version.title_en
    lead = version.lead
    licence = version.licence
    at_a_glance: list[tuple[str, str]] = []

    def glance(label, value):
        if value:
            at_a_glance.append((str(label), value))

    glance(_("Municipality") if len(gemeenten) == 1 else _("Municipalities"),
           ", ".join(gemeente["name"] for gemeente in gemeenten))
    glance(_("Neighbourhoods"), ", ".join(f"{area['name']} ({area['code']})" for area in areas
                                          if area["level"] != AreaLevel.GEMEENTE))
    glance(_("Period"), version.period)
    glance(_("Status"), str(ProjectStatus(version.project_status).label) if version.project_status else "")
    glance(_("Partners"), version.partners)
    glance(_("Budget"), version.budget)
    glance(_("Funding"), version.funding)
    glance(_("Scale"), version.scale)
    glance(_("Contact"), version.contact)
    questions = version.knowledge_questions.order_by("title")
    if public:
        questions = questions.filter(PUBLICLY_NAMED_QUESTION)
    with translation.override(lang):
        themes = [theme.name for theme in version.themes.all()]
        koppelkansen = [f"{k.code} {k.title}" for k in version.koppelkansen.all()]
    return Metadata(
        title=title, title_lang="en" if english_title else "nl", alternative_title=alternative,
        subtitle=version.subtitle, description=lead,
        description_lang="en" if lang == "en" and version.lead_en else "nl",
        creators=version.author_list(), publisher=product.programme.name,
        issued=product.first_published_at or version.published_at,
        modified=version.published_at or version.updated_at,
        product_type=product.product_type,
        product_type_label=str(ProductType(product.product_type).label)
        if product.product_type in ProductType.values else product.product_type,
        languages=["nl", "en"] if version.has_english else ["nl"],
        themes=themes, koppelkansen=koppelkansen,
        knowledge_questions=[question.title for question in questions],
        experiments=experiments, areas=areas, gemeenten=gemeenten,
        evidence_level=version.evidence_level,
        evidence_level_label=str(EvidenceLevel(version.evidence_level).label) if version.evidence_level else "",
        licence=licence, licence_label=str(Licence(licence).label) if licence in Licence.values else licence,
        licence_url=LICENCE_URLS.get(licence, ""), version_number=version.number,
        identifier=public_url(version), change_note=version.change_note, at_a_glance=at_a_glance,
    )


def render_version(version: ProductVersion, *, viewer=None, public: bool) -> RenderedVersion:
    """``version`` rendered in the active language for ``viewer`` (None: anonymous); see the module docstring."""
    viewer = viewer if viewer is not None else AnonymousUser()
    lang = _language()
    frozen = version.status in FROZEN_STATUSES
    figures = _figure_views(version, live=not frozen)
    citations = _citations(version, viewer=viewer, public=public)
    citation_numbers = {citation.record_id: citation.number for citation in citations}
    images = _image_views(version, public=public, frozen=frozen)
    sections, placed, placed_images = _sections(version, citation_numbers=citation_numbers, figures=figures,
                                                frozen=frozen, images=images, public=public)
    metadata = _metadata(version, public=public, lang=lang)
    return RenderedVersion(
        version=version, public=public, title=metadata.title, subtitle=version.subtitle,
        subtitle_lang="en" if lang == "en" and version.subtitle_en else "nl",
        lead=metadata.description, lead_lang=metadata.description_lang, sections=sections, citations=citations,
        figures=figures, metadata=metadata, placed_figures=placed, images=images, placed_images=placed_images,
    )


# --- Machine-readable metadata ---------------------------------------------------------------------------------

def _date(value: datetime | None) -> str:
    """The day of ``value`` in the site's time zone: the day the page shows (a version published at 00:30 in
    Amsterdam is of that day, not of the day before in UTC)."""
    return timezone.localtime(value).date().isoformat() if value else ""


def json_ld(rendered: RenderedVersion) -> dict:
    """schema.org markup of the version: a Report for a report, else an Article."""
    meta = rendered.metadata
    data = {
        "@context": "https://schema.org",
        "@type": "Report" if meta.product_type == ProductType.REPORT else "Article",
        "headline": meta.title[:110],
        "name": meta.title,
        "description": meta.description,
        "author": [{"@type": "Person", "name": name} for name in meta.creators],
        "publisher": {"@type": "Organization", "name": meta.publisher},
        "inLanguage": meta.languages[0] if len(meta.languages) == 1 else meta.languages,
        "genre": meta.product_type_label,
        "version": str(meta.version_number),
        "isAccessibleForFree": True,
    }
    optional = {
        "alternativeHeadline": meta.alternative_title or meta.subtitle,
        "datePublished": _date(meta.issued),
        "dateModified": _date(meta.modified),
        "keywords": ", ".join(meta.subjects),
        "license": meta.licence_url,
        "@id": meta.identifier,
        "url": meta.identifier,
    }
    data.update({key: value for key, value in optional.items() if value})
    if meta.subjects:
        data["about"] = [{"@type": "Thing", "name": subject} for subject in meta.subjects]
    places = [{"@type": "AdministrativeArea", "name": area["name"], "identifier": area["code"]}
              for area in meta.areas]
    places += [{"@type": "AdministrativeArea", "name": g["name"], "identifier": g["code"]}
               for g in meta.gemeenten if g["code"] not in {area["code"] for area in meta.areas}]
    if places:
        data["spatialCoverage"] = places
    cover = rendered.cover if rendered.public else None
    if cover is not None:
        image = {"@type": "ImageObject", "url": absolute_url(None, cover.src), "width": cover.width,
                 "height": cover.height, "description": cover.alt, "creditText": cover.credit}
        if cover.caption:
            image["caption"] = cover.caption
        if cover.licence_url:
            image["license"] = cover.licence_url
        data["image"] = image
    cited = [citation.public_url for citation in rendered.citations if citation.available and citation.public_url]
    if cited:
        data["citation"] = [absolute_url(None, url) for url in cited]
    return data


def json_ld_script(rendered: RenderedVersion) -> SafeString:
    """``<script type="application/ld+json">`` with json_script's escaping: a data block, never executed, so the
    content security policy (script-src 'self') has nothing to block."""
    text = json.dumps(json_ld(rendered), cls=DjangoJSONEncoder, ensure_ascii=False).translate(_json_script_escapes)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above


def dublin_core(rendered: RenderedVersion) -> list[tuple[str, str]]:
    """(name, content) pairs for ``<meta name=… content=…>``: Dublin Core elements and terms."""
    meta = rendered.metadata
    pairs = [("DC.title", meta.title)]
    if meta.alternative_title or meta.subtitle:
        pairs.append(("DCTERMS.alternative", meta.alternative_title or meta.subtitle))
    if meta.identifier:
        pairs.append(("DC.identifier", meta.identifier))
    if meta.description:
        pairs.append(("DC.description", meta.description))
    pairs += [("DC.creator", name) for name in meta.creators]
    pairs.append(("DC.publisher", meta.publisher))
    if meta.issued:
        pairs.append(("DCTERMS.issued", _date(meta.issued)))
    if meta.modified:
        pairs.append(("DCTERMS.modified", _date(meta.modified)))
    pairs.append(("DC.type", meta.product_type_label))
    pairs.append(("DC.format", "text/html"))
    pairs += [("DC.language", language) for language in meta.languages]
    pairs += [("DC.subject", subject) for subject in meta.subjects]
    pairs += [("DC.coverage", f"{area['name']} ({area['code']})") for area in meta.areas]
    area_codes = {area["code"] for area in meta.areas}
    pairs += [("DC.coverage", f"{g['name']} ({g['code']})") for g in meta.gemeenten if g["code"] not in area_codes]
    if meta.licence_url:
        pairs.append(("DC.rights", meta.licence_url))
        pairs.append(("DCTERMS.license", meta.licence_url))
    pairs.append(("DCTERMS.hasVersion", str(meta.version_number)))
    return [(name, str(content)) for name, content in pairs if content]
