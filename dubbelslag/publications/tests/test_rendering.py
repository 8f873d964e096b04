"""Rendering a version: markers after sanitising, citations for the public and internally, languages, metadata."""

import json
import re
from datetime import date

from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from dubbelslag.programme.models import Theme
from dubbelslag.publications.enums import ProductType, SectionKey, VersionStatus
from dubbelslag.publications.models import Section
from dubbelslag.publications.rendering import extract_markers, render_version, replace_markers
from dubbelslag.research.models import Excerpt, LogEntry
from testing.base import BaseTestCase
from testing.factories.labs import make_question
from testing.factories.publications import make_product, make_record, make_version


def first_section(version):
    return version.sections.order_by("position").first()


class MarkerTests(BaseTestCase):
    def test_extract_markers_in_order_once_and_not_in_code(self):
        text = "Zie [@R7] en [@R3], weer [@R7]. `[@R9]` en [[figuur 2]] en [[figure 1]].\n\n    [@R11]\n"
        self.assertEqual(extract_markers(text), ([7, 3], [2, 1]))

    def test_replace_markers_outside_code_only(self):
        html = "<p>Eerst [@R5] dan <code>[@R5]</code></p><pre><code>[@R5]</code></pre>"
        result = replace_markers(html, citation_numbers={5: 1}, figure_blocks={})
        self.assertEqual(result, '<p>Eerst <a class="citation" href="#bron-1">[1]</a> dan <code>[@R5]</code></p>'
                                 "<pre><code>[@R5]</code></pre>")

    def test_unknown_markers_are_harmless(self):
        result = replace_markers("<p>[@R99] en [[figure 4]]</p>", citation_numbers={}, figure_blocks={})
        self.assertEqual(result, '<p><span class="citation citation-unknown">[?]</span> en '
                                 '<span class="figure-unknown">[?]</span></p>')

    def test_figure_alone_in_paragraph_replaces_it_inline_follows_paragraph(self):
        blocks = {1: "<figure>F1</figure>", 2: "<figure>F2</figure>"}
        with translation.override("en"):
            result = replace_markers("<p>[[figuur 1]]</p><p>Zie [[figure 2]] hier.</p><p>Nog [[figure 1]].</p>",
                                     citation_numbers={}, figure_blocks=blocks)
        self.assertEqual(result, '<figure>F1</figure><p>Zie <a class="figure-ref" href="#figuur-2">figure 2</a> '
                                 'hier.</p><figure>F2</figure><p>Nog <a class="figure-ref" href="#figuur-1">figure 1'
                                 "</a>.</p>")

    def test_marker_inside_link_gives_no_nested_link(self):
        result = replace_markers('<p><a href="https://example.org">lees [@R5]</a></p>', citation_numbers={5: 2},
                                 figure_blocks={})
        self.assertEqual(result, '<p><a href="https://example.org">lees [2]</a></p>')


class RenderingTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.entry = LogEntry.objects.create(experiment=cls.experiment, title="Huiskamer", text="Koffie en vragen.",
                                            occurred_on=date(2020, 3, 1))
        cls.excerpt = Excerpt.objects.create(entry=cls.entry, start=0, end=6, quote="Koffie")
        cls.public_record = make_record(programme=cls.programme, title="Begin bij de portemonnee",
                                        experiments=[cls.experiment], evidence_entries=[cls.entry],
                                        evidence_excerpts=[cls.excerpt])
        cls.validated = make_record(programme=cls.programme, title="Geheime les uit Pendrecht", status="validated",
                                    confidentiality="programme")

    def make(self, body, records, **fields):
        product = make_product(self.programme, slug="huiskamer", title="Huiskamer aardgasvrij", body=body,
                               records=records, **fields)
        return product.published_version

    def test_public_citation_of_unpublished_record_shows_no_title(self):
        version = self.make("Twee lessen", [self.public_record, self.validated])
        rendered = render_version(version, public=True)
        html = render_to_string("publications/includes/product_body.html", {"rendered": rendered,
                                                                               "version": version})
        self.assertEqual([(c.number, c.available) for c in rendered.citations], [(1, True), (2, False)])
        self.assertIsNone(rendered.citations[1].record)
        self.assertEqual(rendered.citations[1].title, "")
        self.assertNotIn("Geheime les", html)
        self.assertIn("Begin bij de portemonnee", html)
        self.assertIn('<a class="citation" href="#bron-2">[2]</a>', str(rendered.sections[0].html))
        self.assertIn('id="bron-2"', html)

    def test_internal_citation_visible_to_team_not_to_outsider(self):
        version = self.make("Twee lessen", [self.public_record, self.validated])
        team = render_version(version, viewer=self.researcher, public=False)
        self.assertEqual([c.available for c in team.citations], [True, True])
        self.assertEqual(team.citations[1].title, "Geheime les uit Pendrecht")
        self.assertEqual(team.citations[1].internal_url, reverse("research:record-detail", args=[self.validated.pk]))
        self.assertEqual(team.citations[1].public_url, "")
        outsider = render_version(version, viewer=self.outsider, public=False)
        self.assertEqual([c.available for c in outsider.citations], [True, False])
        self.assertEqual(outsider.citations[1].title, "")
        # A published record is readable by every signed-in user: the link to its research page is there.
        self.assertEqual(outsider.citations[0].internal_url,
                         reverse("research:record-detail", args=[self.public_record.pk]))

    def test_public_rendering_hides_unpublished_even_for_team(self):
        version = self.make("Een les", [self.validated])
        rendered = render_version(version, viewer=self.coordinator, public=True)
        self.assertEqual([(c.available, c.title, c.internal_url) for c in rendered.citations], [(False, "", "")])

    def test_record_unpublished_later_loses_its_title(self):
        version = self.make("Een les", [self.public_record])
        self.assertTrue(render_version(version, public=True).citations[0].available)
        self.public_record.status = "validated"
        self.public_record.save()
        rendered = render_version(version, public=True)
        html = render_to_string("publications/includes/product_body.html", {"rendered": rendered,
                                                                               "version": version})
        self.assertFalse(rendered.citations[0].available)
        self.assertNotIn("Begin bij de portemonnee", html)
        with translation.override("en"):
            rendered = render_version(version, public=True)
            html = render_to_string("publications/includes/product_body.html", {"rendered": rendered})
        self.assertIn("Source not available.", html)

    def test_citation_details_public(self):
        self.other_experiment.is_public = True
        self.other_experiment.save()
        self.public_record.experiments.add(self.other_experiment)
        version = self.make("Een les", [self.public_record])
        citation = render_version(version, public=True).citations[0]
        self.assertEqual((citation.kind, citation.entry_count, citation.excerpt_count), ("lesson", 1, 1))
        # The private experiment is not named to the public; the public one is.
        self.assertEqual([e.title for e in citation.experiments], ["Verhalen ophalen in Palenstein"])
        internal = render_version(version, viewer=self.researcher, public=False).citations[0]
        self.assertEqual(sorted(e.title for e in internal.experiments),
                         ["Huiskamer Aardgasvrij", "Verhalen ophalen in Palenstein"])
        self.assertEqual(citation.internal_url, "")
        signed_in = render_version(version, viewer=self.researcher, public=True).citations[0]
        self.assertTrue(signed_in.internal_url)

    def test_numbering_follows_first_appearance_across_sections(self):
        version = self.make("", [])
        sections = list(version.sections.order_by("position"))
        sections[0].body_nl = f"Tweede [@R{self.validated.pk}]"
        sections[0].save()
        sections[1].body_nl = f"Eerste [@R{self.public_record.pk}] en [@R{self.validated.pk}]"
        sections[1].save()
        version.citations.create(record=self.validated, number=1)
        version.citations.create(record=self.public_record, number=2)
        rendered = render_version(version, viewer=self.researcher, public=False)
        self.assertIn('href="#bron-1">[1]</a>', str(rendered.sections[0].html))
        self.assertIn('href="#bron-2">[2]</a> en <a class="citation" href="#bron-1">[1]</a>',
                      str(rendered.sections[1].html))

    def test_sanitising_removes_script_and_javascript_links(self):
        version = self.make('<script>alert(1)</script> [klik](javascript:alert(2)) <a href="javascript:x">a</a> '
                            '<img src=x onerror="alert(3)"> <b onclick="alert(4)">vet</b>', [])
        for public in (True, False):
            rendered = render_version(version, viewer=self.researcher, public=public)
            html = render_to_string("publications/includes/product_body.html", {"rendered": rendered})
            self.assertNotIn("<script", html.lower())
            self.assertNotIn("javascript:", html.lower())
            self.assertNotIn("onerror", html.lower())
            self.assertNotIn("onclick", html.lower())

    def test_language_fallback_marks_dutch(self):
        version = self.make("Nederlandse tekst", [], title_en="Living room")
        second = version.sections.order_by("position")[1]
        second.body_nl, second.body_en = "Alleen NL", "English only here"
        second.save()
        with translation.override("en"):
            rendered = render_version(version, public=True)
            html = render_to_string("publications/includes/product_body.html", {"rendered": rendered})
        self.assertEqual([(s.key, s.lang) for s in rendered.sections],
                         [(SectionKey.CONTEXT, "nl"), (SectionKey.QUESTION, "en")])
        self.assertEqual(rendered.title, "Living room")
        self.assertIn('lang="nl">', html)
        self.assertIn("English only here", html)
        with translation.override("nl"):
            rendered = render_version(version, public=True)
        self.assertEqual([s.lang for s in rendered.sections], ["nl", "nl"])
        self.assertIn("Alleen NL", str(rendered.sections[1].html))

    def test_empty_sections_are_left_out(self):
        version = self.make("Alleen de eerste", [])
        self.assertEqual([s.key for s in render_version(version, public=True).sections], [SectionKey.CONTEXT])


@override_settings(SITE_URL="https://kennis.example.org")
class MetadataTests(BaseTestCase):
    def make_version(self, product_type=ProductType.BEST_PRACTICE):
        product = make_product(self.programme, slug="huiskamer", title="Huiskamer aardgasvrij",
                               product_type=product_type, authors="A. Auteur (Platform31)\nB. Schrijver",
                               lead_nl="Een huiskamer in Pendrecht.", title_en="Living room", period="2019–2021",
                               evidence_level="first_indications")
        version = product.published_version
        theme = Theme.objects.create(slug="armoede-test", name_nl="Armoede", name_en="Poverty")
        version.themes.set([theme])
        version.areas.set([self.pendrecht])
        self.experiment.is_public = True
        self.experiment.save()
        version.experiments.set([self.experiment, self.other_experiment])
        return version

    def test_metadata_and_dublin_core(self):
        version = self.make_version()
        with translation.override("nl"):
            rendered = render_version(version, public=True)
        meta = rendered.metadata
        self.assertEqual(meta.creators, ["A. Auteur (Platform31)", "B. Schrijver"])
        self.assertEqual(meta.publisher, "Verduurzaming Kwetsbare Wijken")
        self.assertEqual(meta.languages, ["nl", "en"])
        self.assertEqual(meta.areas, [{"code": "BU05991577", "name": "Pendrecht", "level": "buurt"}])
        self.assertEqual(meta.gemeenten, [{"code": "GM0599", "name": "Rotterdam"}])
        self.assertEqual([e.title for e in meta.experiments], ["Huiskamer Aardgasvrij"])  # the public one only
        self.assertEqual(meta.licence_url, "https://creativecommons.org/licenses/by/4.0/")
        self.assertEqual(meta.alternative_title, "Living room")
        self.assertEqual(meta.version_number, 1)
        dc = rendered.dublin_core
        self.assertIn(("DC.title", "Huiskamer aardgasvrij"), dc)
        self.assertIn(("DC.creator", "B. Schrijver"), dc)
        self.assertIn(("DC.subject", "Armoede"), dc)
        self.assertIn(("DC.coverage", "Pendrecht (BU05991577)"), dc)
        self.assertIn(("DC.coverage", "Rotterdam (GM0599)"), dc)
        self.assertIn(("DC.rights", "https://creativecommons.org/licenses/by/4.0/"), dc)
        self.assertIn(("DC.language", "en"), dc)
        internal = render_version(version, viewer=self.researcher, public=False).metadata
        self.assertEqual(len(internal.experiments), 2)

    def test_public_metadata_leaves_out_questions_of_private_experiments(self):
        version = self.make_version()
        version.knowledge_questions.set([
            make_question(programme=self.programme, title="Hoe bereik je bewoners?"),
            make_question(programme=self.programme, title="Kiwivraag?", experiment=self.other_experiment),
            make_question(programme=self.programme, title="Vraag van het openbare experiment?",
                          experiment=self.experiment),
        ])
        public = render_version(version, public=True)
        html = render_to_string("publications/includes/product_body.html", {"rendered": public})
        self.assertEqual(public.metadata.knowledge_questions,
                         ["Hoe bereik je bewoners?", "Vraag van het openbare experiment?"])
        self.assertNotIn("Kiwivraag", html)
        internal = render_version(version, viewer=self.researcher, public=False)
        self.assertIn("Kiwivraag?", internal.metadata.knowledge_questions)

    def test_json_ld_article_and_report(self):
        version = self.make_version()
        with translation.override("en"):
            data = render_version(version, public=True).json_ld
        self.assertEqual(data["@type"], "Article")
        self.assertEqual(data["name"], "Living room")
        self.assertEqual(data["license"], "https://creativecommons.org/licenses/by/4.0/")
        self.assertEqual([a["name"] for a in data["author"]], ["A. Auteur (Platform31)", "B. Schrijver"])
        self.assertEqual(data["about"], [{"@type": "Thing", "name": "Poverty"}])
        version.product.product_type = ProductType.REPORT
        version.product.save()
        self.assertEqual(render_version(version, public=True).json_ld["@type"], "Report")

    def test_json_ld_script_is_escaped(self):
        version = self.make_version()
        version.lead_nl = "</script><script>alert(1)</script> & meer"
        version.save()
        script = str(render_version(version, public=True).json_ld_script)
        self.assertTrue(script.startswith('<script type="application/ld+json">'))
        self.assertEqual(script.count("<"), 2)  # the opening and closing tag only
        body = re.sub(r"^<script[^>]*>|</script>$", "", script)
        self.assertEqual(json.loads(body)["description"], "</script><script>alert(1)</script> & meer")

    def test_head_metadata_include(self):
        version = self.make_version()
        html = render_to_string("publications/includes/head_metadata.html",
                                {"rendered": render_version(version, public=True)})
        self.assertIn('<meta name="DC.title" content="Huiskamer aardgasvrij">', html)
        self.assertIn('<script type="application/ld+json">', html)

    def test_at_a_glance(self):
        version = self.make_version()
        with translation.override("en"):
            rendered = render_version(version, public=True)
            html = render_to_string("publications/includes/product_body.html", {"rendered": rendered})
        glance = dict(rendered.metadata.at_a_glance)
        self.assertEqual(glance["Gemeente"], "Rotterdam")
        self.assertEqual(glance["Neighbourhoods"], "Pendrecht (BU05991577)")
        self.assertEqual(glance["Period"], "2019–2021")
        self.assertIn("At a glance", html)
        self.assertIn("First indications of effect", html)


class DraftRenderingTests(BaseTestCase):
    def test_draft_renders_for_preview(self):
        product = make_product(self.programme, slug="concept", status=VersionStatus.DRAFT, body="Concepttekst")
        version = product.versions.get()
        rendered = render_version(version, viewer=self.researcher, public=False)
        self.assertIn("Concepttekst", str(rendered.sections[0].html))
        expected = "https://kennis.example.org" + reverse("public:product-detail", args=["concept"])
        with override_settings(SITE_URL="https://kennis.example.org"):
            self.assertEqual(render_version(version, public=False).metadata.identifier, expected)

    def test_section_rows_without_text_in_english_mode(self):
        product = make_product(self.programme, slug="p2", body="Tekst")
        version = make_version(product, number=2, status=VersionStatus.DRAFT, body="Nieuwe tekst")
        Section.objects.filter(version=version).update(body_en="")
        with translation.override("en"):
            rendered = render_version(version, public=False)
        self.assertEqual(rendered.sections[0].lang, "nl")
