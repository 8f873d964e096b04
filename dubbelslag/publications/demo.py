"""The demo programme's knowledge products (``seed_demo_publications``), written through the workflow services so the
audit trail is the one a real editor would leave: created by the programme's researcher, figures embedded, text and
metadata saved, submitted for review, commented on and published by the coordinator.

Runs after ``seed_demo_research``: the products cite its harvest records, looked up by title (``demo_content.py``).
Running it again changes nothing: a product whose address exists is left alone. A product whose records are missing
is skipped; a product meant to be published whose cited records are not all published stays in review (the publish
service would refuse it), and the command says so.
"""

import re

from django.db import transaction

from dubbelslag.accounts.models import User
from dubbelslag.areas.models import Area
from dubbelslag.images import demo as demo_images
from dubbelslag.indicators.enums import ObservationStatus
from dubbelslag.indicators.models import Indicator, Observation
from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.models import Programme, Theme
from dubbelslag.research.demo import find_knowledge_question
from dubbelslag.research.demo_content import PROGRAMME_SLUG
from dubbelslag.research.enums import RecordStatus
from dubbelslag.research.models import HarvestRecord

from .demo_content import COORDINATOR, PRODUCTS, RECORDS, ProductSpec
from .enums import TEMPLATES, VersionStatus
from .models import KnowledgeProduct, ProductVersion
from .services import workflow

CITATION_KEY = re.compile(r"\[@([a-z_]+)\]")
FIGURE_MARKER = re.compile(r"\[\[(figuur|figure) (\d+)\]\]", re.IGNORECASE)


class Seeder:
    """Writes the products of ``demo_content.PRODUCTS`` that are not there yet; ``run`` returns what it did."""

    def __init__(self, programme: Programme):
        self.programme = programme
        self.users = {user.email: user for user in User.objects.filter(
            email__in={COORDINATOR, *(spec.created_by for spec in PRODUCTS)})}
        self.records = {key: HarvestRecord.objects.filter(programme=programme, title=title).first()
                        for key, title in RECORDS.items()}
        self.experiments = {experiment.title: experiment for experiment in programme.experiments.all()}
        self.created: dict[str, int] = {}
        self.problems: list[str] = []

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    def run(self) -> dict[str, int]:
        for spec in PRODUCTS:
            if not KnowledgeProduct.objects.filter(slug=spec.slug).exists():
                self.product(spec)
        return self.created

    # Lookups ---------------------------------------------------------------------------------------------------

    def cited_keys(self, spec: ProductSpec) -> set[str]:
        texts = [text for pair in spec.sections.values() for text in pair]
        if spec.revision:
            texts += [text for pair in spec.revision.sections.values() for text in pair]
        return {match for text in texts for match in CITATION_KEY.findall(text)}

    def knowledge_question(self, reference) -> KnowledgeQuestion | None:
        return find_knowledge_question(self.programme, reference)

    def areas(self, spec: ProductSpec) -> list[Area]:
        return [area for code, year in spec.areas
                if (area := Area.objects.filter(code=code, boundary_year=year).first()) is not None]

    def metadata(self, spec: ProductSpec) -> dict:
        return {
            "themes": list(Theme.objects.filter(slug__in=spec.themes)),
            "koppelkansen": list(Koppelkans.objects.filter(code__in=spec.koppelkansen)),
            "knowledge_questions": [question for question in map(self.knowledge_question, spec.knowledge_questions)
                                    if question is not None],
            "experiments": [self.experiments[title] for title in spec.experiments if title in self.experiments],
            "areas": self.areas(spec),
        }

    # Text ------------------------------------------------------------------------------------------------------

    def text(self, source: str, figures: dict[int, int]) -> str:
        """Citation keys become record markers; figure markers follow the figures actually embedded (a figure whose
        data is not loaded goes, with the line its marker stands on)."""
        text = CITATION_KEY.sub(lambda match: f"[@R{self.records[match.group(1)].pk}]", source)
        lines = []
        for line in text.split("\n"):
            markers = FIGURE_MARKER.findall(line)
            if markers and all(int(number) not in figures for _word, number in markers):
                continue
            lines.append(FIGURE_MARKER.sub(
                lambda match: f"[[{match.group(1)} {figures[int(match.group(2))]}]]"
                if int(match.group(2)) in figures else "", line))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()

    def sections(self, spec: ProductSpec, sources: dict, figures: dict[int, int]) -> dict[str, tuple[str, str]]:
        """Every section of the type's template, empty where the demo leaves it empty; the first section with text
        opens with the demo illustration (image 1)."""
        sections = {key: tuple(self.text(text, figures) for text in sources.get(key, ("", "")))
                    for key in TEMPLATES[spec.product_type]}
        first = next((key for key, (nl, _en) in sections.items() if nl), None)
        if first is not None:
            sections[first] = tuple(f"[[afbeelding 1]]\n\n{text}" if text else text for text in sections[first])
        return sections

    def image(self, version: ProductVersion, spec: ProductSpec, *, by) -> None:
        """The demo illustration as the cover and image 1 (``images.demo``: generated, CC0)."""
        picture = demo_images.illustration(
            self.programme, seed=spec.slug, alt_nl=f"Getekende straat met rijtjeshuizen bij “{spec.title_nl}”",
            alt_en=f"Drawn street of terraced houses for “{spec.title_en or spec.title_nl}”",
            caption_nl="Illustratie bij de praktijk", caption_en="Illustration of the practice")
        workflow.add_image(version, by=by, image=picture, is_cover=True)
        self.count("images")

    # Writing ---------------------------------------------------------------------------------------------------

    def product(self, spec: ProductSpec) -> None:
        missing = sorted(key for key in self.cited_keys(spec) if self.records.get(key) is None)
        author, coordinator = self.users.get(spec.created_by), self.users.get(COORDINATOR)
        if missing or author is None or coordinator is None:
            self.problems.append(f"{spec.slug}: missing {', '.join(missing) or 'demo users'}")
            self.count("skipped")
            return
        product = workflow.create_product(
            programme=self.programme, product_type=spec.product_type, slug=spec.slug, title_nl=spec.title_nl,
            authors=spec.authors, by=author, title_en=spec.title_en, subtitle_nl=spec.subtitle_nl,
            subtitle_en=spec.subtitle_en, lead_nl=spec.lead_nl, lead_en=spec.lead_en,
            evidence_level=spec.evidence_level, **spec.at_a_glance)
        version = product.versions.get()
        figures = self.figures(version, spec, by=author)
        self.image(version, spec, by=author)
        version = self.save(version, spec, spec.sections, figures, by=author)
        self.count("products")
        if spec.status == VersionStatus.DRAFT:
            return
        workflow.submit_for_review(version, by=author)
        for comment in spec.comments:
            workflow.add_review_comment(version, by=self.users.get(comment.author, coordinator),
                                        section_key=comment.section_key, text=comment.text)
            self.count("review comments")
        if spec.status != VersionStatus.PUBLISHED:
            return
        if not self.publishable(spec, version):
            return
        workflow.publish_version(version, by=coordinator)
        self.count("published versions")
        if spec.revision is not None:
            version = workflow.start_new_version(product, by=author)
            sources = {**spec.sections, **spec.revision.sections}
            version = self.save(version, spec, sources, figures, by=author, change_note=spec.revision.change_note)
            workflow.submit_for_review(version, by=author)
            if self.publishable(spec, version):
                workflow.publish_version(version, by=coordinator)
                self.count("published versions")

    def figures(self, version: ProductVersion, spec: ProductSpec, *, by) -> dict[int, int]:
        """Embeds the figures whose data is loaded; returns {number in the demo text: number given}."""
        numbers = {}
        for position, figure_spec in enumerate(spec.figures, start=1):
            area = Area.objects.filter(code=figure_spec.area, boundary_year=figure_spec.boundary_year).first()
            indicator = Indicator.objects.filter(code=figure_spec.indicator).first()
            if area is None or indicator is None or not Observation.objects.filter(
                    area=area, indicator=indicator, period=figure_spec.period,
                    status=ObservationStatus.OK).exists():
                continue
            figure = workflow.add_figure(version, by=by, area=area, indicator=indicator, period=figure_spec.period,
                                         caption_nl=figure_spec.caption_nl, caption_en=figure_spec.caption_en)
            numbers[position] = figure.number
            self.count("figures")
        return numbers

    def save(self, version: ProductVersion, spec: ProductSpec, sources: dict, figures: dict[int, int], *, by,
             **fields) -> ProductVersion:
        version.refresh_from_db()
        return workflow.update_version(
            version, by=by, expected_edit_version=version.edit_version,
            sections=self.sections(spec, sources, figures), **self.metadata(spec), **fields)

    def publishable(self, spec: ProductSpec, version: ProductVersion) -> bool:
        """The publish service refuses a version citing a record that is not published; the demo says why."""
        unpublished = [citation.record.title for citation in version.citations.select_related("record")
                       if citation.record.status != RecordStatus.PUBLISHED]
        if unpublished:
            self.problems.append(f"{spec.slug}: left in review, cites unpublished {'; '.join(unpublished)}")
            self.count("left in review")
        return not unpublished


@transaction.atomic
def seed_demo_publications() -> Seeder | None:
    """Load the demo programme's knowledge products; None when there is no demo programme (run ``seed_demo``)."""
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG, is_demo=True).first()
    if programme is None:
        return None
    seeder = Seeder(programme)
    seeder.run()
    pictures = demo_images.seed_experiment_pictures(programme)
    if pictures:
        seeder.created["experiment pictures"] = pictures
    return seeder
