"""The editorial version pages: the preview with review comments and the publishing checklist, editing a draft
beside the record picker, figures, what changed, and the steps (submit, request changes, publish, comment,
resolve); the permission grid of each, the state after each step and after each refusal."""

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from dubbelslag.core.models import AuditEvent
from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from dubbelslag.programme.models import Theme
from dubbelslag.publications.enums import SectionKey, VersionStatus
from dubbelslag.publications.models import Citation, Figure, ProductSearchEntry, ProductVersion, ReviewComment
from dubbelslag.publications.services import workflow
from testing.base import make_area, make_programme
from testing.factories.publications import make_product, make_record, make_version

from .test_views_products import COORDINATORS, LOGIN, READERS, TEAM, EditorialTestCase

SECTIONS = ["context", "question", "approach", "results", "what_worked", "what_did_not", "conditions",
            "transferability", "stories", "sources"]


def url(name: str, slug: str = "huiskamer", number: int = 1) -> str:
    return reverse(f"publications:{name}", args=[slug, number])


def set_status(version, status):
    ProductVersion.objects.filter(pk=version.pk).update(status=status)
    version.refresh_from_db()


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


class VersionDetailTests(EditorialTestCase):
    def test_grid(self):
        self.assert_grid("get", url("version-detail"), READERS)
        self.login(self.coordinator)
        self.assertEqual(self.client.get(url("version-detail", number=7)).status_code, 404)
        self.assertEqual(self.client.get(url("version-detail", slug="nee")).status_code, 404)
        self.assertEqual(self.client.post(url("version-detail")).status_code, 405)

    def test_the_preview_renders_the_sections_and_citations(self):
        self.login(self.editor)
        response = self.client.get(url("version-detail"))
        self.assertContains(response, "De huiskamer werkt.")
        self.assertContains(response, 'class="citation" href="#bron-1"')
        self.assertContains(response, 'id="sectie-context"')
        self.assertEqual(response.context["rendered"].citations[0].record, self.validated)

    def test_the_permanent_address_is_a_link_only_while_the_product_is_published(self):
        # A product never published (or taken offline) has no public page yet: a link to it was a 404.
        self.login(self.coordinator)
        public_path = reverse("public:product-detail", args=["huiskamer"])
        response = self.client.get(url("version-detail"))
        self.assertContains(response, public_path)
        self.assertNotContains(response, f'{public_path}">')
        make_product(self.programme, slug="gepubliceerd", status=VersionStatus.PUBLISHED)
        published_path = reverse("public:product-detail", args=["gepubliceerd"])
        self.assertContains(self.client.get(url("version-detail", slug="gepubliceerd")), f'{published_path}">')

    def test_the_checklist_names_cited_records_that_are_not_public(self):
        hidden = make_record(programme=self.programme, title="Alleen voor Palenstein", status="validated",
                             confidentiality="experiment", experiments=[self.other_experiment])
        Citation.objects.create(version=self.version, record=hidden, number=2)
        self.login(self.coordinator)
        response = self.client.get(url("version-detail"))
        checklist = response.context["checklist"]
        self.assertEqual([record.pk for record in checklist.records_not_public], [self.validated.pk, hidden.pk])
        self.assertContains(response, f'href="{reverse("research:record-detail", args=[self.validated.pk])}"')
        self.assertContains(response, "Alleen voor Palenstein")
        self.assertIn("Reason and question", [str(heading) for heading in checklist.empty_sections])
        self.assertFalse(checklist.ready)
        # The editor may not read the record of the other experiment: its title stays hidden.
        self.login(self.editor)
        response = self.client.get(url("version-detail"))
        self.assertNotContains(response, "Alleen voor Palenstein")
        self.assertContains(response, f"Record R{hidden.pk} (you have no access to it)")

    def test_the_checklist_lists_empty_required_fields(self):
        ProductVersion.objects.filter(pk=self.version.pk).update(lead_nl="", authors="")
        self.login(self.coordinator)
        checklist = self.client.get(url("version-detail")).context["checklist"]
        with translation.override("en"):  # the labels are lazy: read them in the language the page was in
            self.assertEqual([str(label) for label in checklist.missing_fields], ["Lead (Dutch)", "Authors"])

    def test_a_complete_version_citing_public_records_is_ready(self):
        self.validated.status, self.validated.confidentiality = "published", "public"
        self.validated.save()
        self.login(self.coordinator)
        response = self.client.get(url("version-detail"))
        self.assertTrue(response.context["checklist"].ready)
        self.assertContains(response, "Every cited record is public and the required fields are filled in.")
        ProductVersion.objects.get(pk=self.version.pk).sections.update(body_nl="")
        checklist = self.client.get(url("version-detail")).context["checklist"]
        with translation.override("en"):
            self.assertEqual([str(label) for label in checklist.missing_fields],
                             ["The text of at least one section"])
        self.assertFalse(checklist.ready)

    def test_no_checklist_for_a_published_version(self):
        make_product(self.programme, slug="klaar", title="Klaar")
        self.login(self.coordinator)
        response = self.client.get(url("version-detail", slug="klaar"))
        self.assertIsNone(response.context["checklist"])
        self.assertNotContains(response, 'id="checklist-heading"')

    def test_comment_forms_per_section_only_in_review_and_for_reviewers(self):
        self.login(self.coordinator)
        response = self.client.get(url("version-detail"))
        self.assertFalse(response.context["commenting"])
        self.assertNotContains(response, url("comment-create"))
        set_status(self.version, VersionStatus.IN_REVIEW)
        for name in ("coordinator", "researcher", "editor"):
            with self.subTest(persona=name):
                self.as_persona(name)
                response = self.client.get(url("version-detail"))
                self.assertTrue(response.context["commenting"])
                keys = [item["key"] for item in response.context["review"] if item["form"] is not None]
                self.assertEqual(keys, ["", *SECTIONS])
                self.assertContains(response, f'action="{url("comment-create")}"', count=len(SECTIONS) + 1)

    def test_comments_per_section_with_resolve_buttons_for_their_author_and_the_team(self):
        set_status(self.version, VersionStatus.IN_REVIEW)
        mine = ReviewComment.objects.create(version=self.version, section_key=SectionKey.CONTEXT,
                                            author=self.editor, text="Noem het jaartal.")
        theirs = ReviewComment.objects.create(version=self.version, section_key="", author=self.researcher,
                                              text="Mooi stuk.")
        self.login(self.editor)
        response = self.client.get(url("version-detail"))
        review = {item["key"]: item for item in response.context["review"]}
        self.assertEqual(review[SectionKey.CONTEXT]["comments"], [mine])
        self.assertEqual(review[""]["comments"], [theirs])
        self.assertContains(response, reverse("publications:comment-resolve", args=[mine.pk]))
        self.assertNotContains(response, reverse("publications:comment-resolve", args=[theirs.pk]))
        self.login(self.researcher)
        response = self.client.get(url("version-detail"))
        self.assertContains(response, reverse("publications:comment-resolve", args=[mine.pk]))
        self.assertContains(response, reverse("publications:comment-resolve", args=[theirs.pk]))

    def test_query_count_does_not_grow_with_comments_and_citations(self):
        set_status(self.version, VersionStatus.IN_REVIEW)
        ReviewComment.objects.create(version=self.version, section_key=SectionKey.CONTEXT, author=self.editor,
                                     text="Een.")
        self.login(self.coordinator)
        one = self.count_queries(url("version-detail"))
        for number in range(2, 5):
            record = make_record(programme=self.programme, title=f"Record {number}", status="validated",
                                 confidentiality="programme", experiments=[self.experiment])
            Citation.objects.create(version=self.version, record=record, number=number)
            ReviewComment.objects.create(version=self.version, section_key=SECTIONS[number], author=self.editor,
                                         text=f"Opmerking {number}.", resolved_by=self.researcher,
                                         resolved_at=self.version.created_at)
        self.assertEqual(self.count_queries(url("version-detail")), one)


class VersionUpdateTests(EditorialTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.theme = Theme.objects.filter(parent__isnull=False).order_by("pk").first()
        cls.draft_record = make_record(programme=cls.programme, title="Nog een concept", status="draft",
                                       confidentiality="programme")
        elsewhere = make_programme(name="Ander programma", slug="ander")
        cls.foreign_published = make_record(programme=elsewhere, title="Openbaar maar van elders")
        cls.foreign_validated = make_record(programme=elsewhere, title="Gevalideerd van elders", status="validated",
                                            confidentiality="programme")

    def post_data(self, **overrides):
        data = {"title_nl": "Huiskamer aardgasvrij", "title_en": "Living room", "subtitle_nl": "In Pendrecht",
                "lead_nl": "Een huiskamer als energieloket.", "authors": "Carla Coördinator (Kennisinstituut)",
                "licence": "CC-BY-4.0", "project_status": "in_progress", "period": "2019–2021",
                "evidence_level": "", "experiments": [self.experiment.pk], "themes": [self.theme.pk],
                "areas": "gm0599 WK059915", "edit_version": self.version.edit_version, "_save": "1"}
        for key in SECTIONS:
            data[f"section_{key}_nl"] = ""
            data[f"section_{key}_en"] = ""
        data["section_context_nl"] = f"Pendrecht is een naoorlogse wijk [@R{self.published_record.pk}]."
        data["section_results_nl"] = f"Het werkt [@R{self.validated.pk}]."
        data["section_context_en"] = "Pendrecht is a post-war neighbourhood."
        data.update(overrides)
        return data

    def test_grid(self):
        self.assert_grid("get", url("version-update"), TEAM)
        self.as_persona("editor")
        self.assertEqual(self.client.post(url("version-update"), self.post_data()).status_code, 403)
        self.version.refresh_from_db()
        self.assertEqual(self.version.edit_version, 1)

    def test_only_a_draft_is_edited(self):
        set_status(self.version, VersionStatus.IN_REVIEW)
        self.login(self.coordinator)
        response = self.client.get(url("version-update"))
        self.assertRedirects(response, url("version-detail"), fetch_redirect_response=False)
        self.assertEqual(messages_of(response),
                         ["Only a draft can be edited. Start a new version to change a published one."])
        response = self.client.post(url("version-update"), self.post_data())
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.assertContains(response, "Pendrecht is een naoorlogse wijk")

    def test_the_form_shows_the_draft(self):
        self.login(self.researcher)
        form = self.client.get(url("version-update")).context["form"]
        self.assertEqual(form["title_nl"].value(), "Huiskamer aardgasvrij")
        self.assertEqual(form["section_context_nl"].value(), f"De huiskamer werkt. [@R{self.validated.pk}]")
        self.assertEqual(form["experiments"].value(), [self.experiment.pk])
        self.assertEqual([row["key"] for row in form.section_rows()], SECTIONS)

    def test_save_writes_metadata_sections_links_and_citations(self):
        self.login(self.researcher)
        response = self.client.post(url("version-update"), self.post_data())
        self.assertRedirects(response, url("version-detail"), fetch_redirect_response=False)
        self.assertEqual(messages_of(response), ["Your changes have been saved."])
        version = ProductVersion.objects.get(pk=self.version.pk)
        self.assertEqual((version.title_en, version.subtitle_nl, version.project_status, version.period),
                         ("Living room", "In Pendrecht", "in_progress", "2019–2021"))
        self.assertEqual(version.edit_version, 2)
        self.assertEqual(set(version.areas.values_list("code", flat=True)), {"GM0599", "WK059915"})
        self.assertEqual(list(version.themes.all()), [self.theme])
        context = version.sections.get(key=SectionKey.CONTEXT)
        self.assertEqual((context.body_nl, context.body_en),
                         (f"Pendrecht is een naoorlogse wijk [@R{self.published_record.pk}].",
                          "Pendrecht is a post-war neighbourhood."))
        self.assertEqual(list(version.citations.values_list("record_id", "number")),
                         [(self.published_record.pk, 1), (self.validated.pk, 2)])
        self.assertTrue(AuditEvent.objects.for_object(self.product).filter(object_id=str(version.pk)).exists())

    def test_save_and_keep_editing_returns_to_the_editor_with_the_picker_search(self):
        self.login(self.coordinator)
        response = self.client.post(url("version-update") + "?q=huiskamer",
                                    self.post_data(_save="", _continue="1", q="huiskamer", kind="lesson"))
        self.assertRedirects(response, url("version-update") + "?q=huiskamer&kind=lesson",
                             fetch_redirect_response=False)

    def test_unknown_area_codes_are_refused_and_the_text_kept(self):
        self.login(self.coordinator)
        response = self.client.post(url("version-update"), self.post_data(areas="GM0599 BU99999999"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("BU99999999", response.context["form"].errors["areas"][0])
        self.assertContains(response, "Pendrecht is een naoorlogse wijk")
        self.assertEqual(ProductVersion.objects.get(pk=self.version.pk).edit_version, 1)

    def test_citing_a_draft_or_another_programmes_record_is_refused_with_the_services_message(self):
        self.login(self.coordinator)
        for record in (self.draft_record, self.foreign_published):
            with self.subTest(record=record.title):
                text = f"Zie [@R{record.pk}]."
                response = self.client.post(url("version-update"), self.post_data(section_results_nl=text))
                self.assertEqual(response.status_code, 200)
                errors = " ".join(response.context["form"].non_field_errors())
                self.assertIn(f"[@R{record.pk}]", errors)
                self.assertContains(response, text)
        self.assertEqual(list(Citation.objects.filter(version=self.version).values_list("record_id", flat=True)),
                         [self.validated.pk])

    def test_a_stale_edit_is_refused_naming_who_changed_it_and_the_text_is_kept(self):
        self.login(self.coordinator)
        page = self.client.get(url("version-update"))
        started_from = page.context["form"]["edit_version"].value()
        workflow.update_version(self.version, by=self.researcher, expected_edit_version=self.version.edit_version,
                                title_nl="Titel van Rob")
        response = self.client.post(url("version-update"),
                                    self.post_data(edit_version=started_from, title_nl="Titel van Carla"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Rob Onderzoeker", " ".join(response.context["form"].non_field_errors()))
        self.assertContains(response, 'value="Titel van Carla"')
        self.assertContains(response, "Pendrecht is een naoorlogse wijk")
        self.assertEqual(ProductVersion.objects.get(pk=self.version.pk).title_nl, "Titel van Rob")

    def test_a_missing_or_damaged_edit_version_is_refused_with_a_visible_message(self):
        # The hidden field's own error ("Enter a whole number.") used to be dropped: the form came back without a
        # word on what was wrong.
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        for value in ("", "abc", "-1", "²"):
            with self.subTest(edit_version=value):
                response = self.client.post(url("version-update"), self.post_data(edit_version=value))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "The form was incomplete: reload the page and make your changes "
                                              "again.")
                self.assertContains(response, "Pendrecht is een naoorlogse wijk")
        self.assertEqual(ProductVersion.objects.get(pk=self.version.pk).edit_version, 1)

    def test_a_picker_search_keeps_the_typed_text_without_saving(self):
        self.login(self.coordinator)
        response = self.client.post(url("version-update"), self.post_data(
            _save="", _search="1", q="portemonnee", title_nl="", section_stories_nl="Nog niet bewaard."))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["form"].is_bound)
        self.assertContains(response, "Nog niet bewaard.")
        self.assertNotContains(response, 'role="alert"')  # the empty title is not an error yet
        self.assertEqual([record.pk for record in response.context["records"]], [self.published_record.pk])
        self.assertEqual(ProductVersion.objects.get(pk=self.version.pk).edit_version, 1)

    def picker(self, query: str = "", user=None) -> set[str]:
        self.login(user or self.coordinator)
        response = self.client.get(url("version-update") + (f"?{query}" if query else ""))
        return {record.title for record in response.context["records"]}

    def test_the_picker_lists_validated_and_published_records_of_the_programme_only(self):
        self.assertEqual(self.picker(), {"Huiskamer werkt", "Begin bij de portemonnee"})
        for title in ("Nog een concept", "Openbaar maar van elders", "Gevalideerd van elders"):
            self.assertNotContains(self.client.get(url("version-update")), title)

    def test_the_picker_lists_only_records_the_writer_may_read(self):
        make_record(programme=self.programme, title="Van de redacteur", status="validated",
                    confidentiality="experiment", experiments=[self.experiment])
        # A researcher of the programme reads every record of it; the picker shows what they may read.
        self.assertIn("Van de redacteur", self.picker(user=self.researcher))

    def test_the_picker_filters(self):
        theme_record = make_record(programme=self.programme, title="Met thema", status="validated",
                                   confidentiality="programme", kind="insight", themes=[self.theme],
                                   experiments=[self.other_experiment])
        cases = {
            "q=portemonnee": {"Begin bij de portemonnee"},
            "kind=insight": {"Met thema"},
            f"experiment={self.other_experiment.pk}": {"Met thema"},
            f"theme={self.theme.slug}": {"Met thema"},
            f"theme={self.theme.parent.slug}": {"Met thema"},
            "kind=rumour&experiment=%C2%B2&theme=nope": {"Huiskamer werkt", "Begin bij de portemonnee", "Met thema"},
            "experiment=abc&q=" + "x" * 300: {"Huiskamer werkt", "Begin bij de portemonnee", "Met thema"},
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                self.assertEqual(self.picker(query), expected)
        response = self.client.get(url("version-update"))
        self.assertContains(response, f"[@R{theme_record.pk}]")

    def test_the_picker_shows_the_figure_markers(self):
        indicator = Indicator.objects.create(code="ED_TEST", name_nl="Testcijfer", name_en="Test figure",
                                             domain="energie", unit="%")
        Figure.objects.create(version=self.version, number=1, area=self.pendrecht, indicator=indicator)
        self.login(self.coordinator)
        self.assertContains(self.client.get(url("version-update")), "[[figure 1]]")

    def test_query_count_does_not_grow_with_the_records(self):
        self.login(self.coordinator)
        one = self.count_queries(url("version-update"))
        for number in range(3):
            make_record(programme=self.programme, title=f"Extra {number}", status="validated",
                        confidentiality="programme", experiments=[self.experiment, self.other_experiment])
        self.assertEqual(self.count_queries(url("version-update")), one)

    def test_the_page_loads_its_script_from_static_only(self):
        self.login(self.coordinator)
        response = self.client.get(url("version-update"))
        self.assertContains(response, "publications/editorial.js")
        self.assertNotContains(response, "<script>")
        self.assertNotContains(response, "style=")


class VersionFiguresTests(EditorialTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.indicator = Indicator.objects.create(code="ED_AARDGAS", name_nl="Woningen op aardgas",
                                                 name_en="Homes on gas", domain="energie", unit="%",
                                                 source_table="85984NED")
        run = ImportRun.objects.create(source="cbs_csv", table_id="85984NED")
        cls.pendrecht_2021 = make_area("BU05991577", "Pendrecht", year=2021)
        Observation.objects.create(area=cls.pendrecht_2021, indicator=cls.indicator, period="2021", value=87.5,
                                   import_run=run)

    def add(self, **overrides):
        data = {"action": "add", "area_code": "bu05991577", "indicator_code": "ed_aardgas", "period": "",
                "caption_nl": "Aardgas in Pendrecht", "caption_en": ""}
        data.update(overrides)
        return self.client.post(url("version-figures"), data)

    def test_grid(self):
        self.assert_grid("get", url("version-figures"), READERS)
        grid = {**TEAM, "coordinator": 302}
        del grid["researcher"]
        self.assert_grid("post", url("version-figures"), grid, allowed_elsewhere=["researcher"],
                         data={"action": "add", "area_code": "BU05991577", "indicator_code": "ED_AARDGAS"})
        self.assertEqual(self.version.figures.count(), 1)

    def test_add_a_figure_for_the_area_of_the_year_that_has_the_data(self):
        self.login(self.researcher)
        response = self.add()
        self.assertRedirects(response, url("version-figures"), fetch_redirect_response=False)
        figure = self.version.figures.get()
        self.assertEqual((figure.number, figure.area, figure.indicator, figure.caption_nl),
                         (1, self.pendrecht_2021, self.indicator, "Aardgas in Pendrecht"))
        self.assertEqual(figure.snapshot["value"], 87.5)
        page = self.client.get(url("version-figures"))
        self.assertContains(page, "[[figure 1]]")
        self.assertContains(page, "87.5")

    def test_a_figure_without_data_says_so(self):
        self.login(self.coordinator)
        self.add(area_code="GM0637")
        self.assertContains(self.client.get(url("version-figures")), "no figure available for this area and period")

    def test_unknown_codes_are_form_errors(self):
        self.login(self.coordinator)
        response = self.add(area_code="BU00000000", indicator_code="NOPE")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["indicator_code"])
        response = self.add(area_code="BU00000000")
        self.assertTrue(response.context["form"].errors["area_code"])
        self.assertEqual(self.version.figures.count(), 0)

    def test_remove_a_figure_and_refusal_while_the_text_shows_it(self):
        self.login(self.coordinator)
        self.add()
        self.add(caption_nl="Tweede")
        first, second = self.version.figures.order_by("number")
        workflow.update_version(self.version, by=self.coordinator,
                                expected_edit_version=ProductVersion.objects.get(pk=self.version.pk).edit_version,
                                sections={"context": ("Zie [[figure 1]].", "")})
        response = self.client.post(url("version-figures"), {"action": "remove", "figure": first.pk})
        self.assertEqual(response.status_code, 200)
        self.assertIn("[[figure 1]]", " ".join(response.context["step_errors"]))
        response = self.client.post(url("version-figures"), {"action": "remove", "figure": second.pk})
        self.assertRedirects(response, url("version-figures"), fetch_redirect_response=False)
        self.assertEqual(list(self.version.figures.values_list("number", flat=True)), [1])

    def test_query_count_does_not_grow_with_the_figures(self):
        self.login(self.coordinator)
        self.add()
        one = self.count_queries(url("version-figures"))
        self.add(caption_nl="Tweede")
        self.add(area_code="GM0637")
        self.assertEqual(self.count_queries(url("version-figures")), one)

    def test_bad_figure_ids_are_404(self):
        other = make_product(self.programme, slug="ander", status=VersionStatus.DRAFT).versions.get()
        foreign = Figure.objects.create(version=other, number=1, area=self.pendrecht, indicator=self.indicator)
        self.login(self.coordinator)
        for value in ("abc", "²", str(foreign.pk), "99999999999999999999"):
            with self.subTest(value=value):
                response = self.client.post(url("version-figures"), {"action": "remove", "figure": value})
                self.assertEqual(response.status_code, 404)
        self.assertTrue(Figure.objects.filter(pk=foreign.pk).exists())

    def test_no_forms_and_refusal_when_not_a_draft(self):
        self.login(self.coordinator)
        self.add()
        set_status(self.version, VersionStatus.IN_REVIEW)
        page = self.client.get(url("version-figures"))
        self.assertFalse(page.context["may_edit"])
        self.assertNotContains(page, 'name="action" value="add"')
        response = self.add()
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.assertEqual(self.version.figures.count(), 1)


class VersionCompareTests(EditorialTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.live = make_product(cls.programme, slug="klaar", title="Klaar", body="De huiskamer trok veel bewoners.",
                                records=[cls.published_record])
        first = cls.live.versions.get()
        first.experiments.set([cls.experiment])
        second = make_version(cls.live, number=2, title="Klaar", body="De huiskamer trok 90 bewoners.",
                              records=[cls.validated], change_note="Cijfers toegevoegd.")
        second.experiments.set([cls.experiment])

    def test_grid(self):
        self.assert_grid("get", url("version-compare", "klaar", 2), READERS)
        self.login(self.coordinator)
        self.assertEqual(self.client.post(url("version-compare", "klaar", 2)).status_code, 405)

    def test_the_first_version_has_nothing_to_compare(self):
        self.login(self.coordinator)
        response = self.client.get(url("version-compare", "klaar", 1))
        self.assertIsNone(response.context["previous"])
        self.assertContains(response, "This is the first version")

    def test_what_changed_per_section_and_in_the_citations(self):
        self.login(self.editor)
        response = self.client.get(url("version-compare", "klaar", 2))
        sections = {(change.key, change.language): change for change in response.context["section_changes"]}
        self.assertEqual(set(sections), {("context", "nl")})
        self.assertIn("<del>veel</del>", str(sections["context", "nl"].html))
        self.assertIn("<ins>90</ins>", str(sections["context", "nl"].html))
        fields = {change.key for change in response.context["field_changes"]}
        self.assertIn("citations", fields)
        self.assertNotIn("title_nl", fields)
        self.assertContains(response, "<del>veel</del>")
        self.assertContains(response, "<ins>90</ins>")
        self.assertContains(response, "Cijfers toegevoegd.")

    def test_cited_records_are_named_by_number_only(self):
        hidden = make_record(programme=self.programme, title="Alleen voor Palenstein", status="validated",
                             confidentiality="experiment", experiments=[self.other_experiment])
        Citation.objects.create(version=self.live.versions.get(number=2), record=hidden, number=2)
        self.login(self.editor)
        response = self.client.get(url("version-compare", "klaar", 2))
        self.assertNotContains(response, "Alleen voor Palenstein")
        self.assertContains(response, f"R{hidden.pk}")


class SubmitTests(EditorialTestCase):
    def test_grid(self):
        grid = {**TEAM, "coordinator": 302}
        del grid["researcher"]
        self.assert_grid("post", url("version-submit"), grid, allowed_elsewhere=["researcher"])
        self.assertEqual(ProductVersion.objects.get(pk=self.version.pk).status, VersionStatus.IN_REVIEW)

    def test_submit_puts_the_draft_in_review(self):
        self.login(self.researcher)
        response = self.client.post(url("version-submit"))
        self.assertRedirects(response, url("version-detail"), fetch_redirect_response=False)
        version = ProductVersion.objects.get(pk=self.version.pk)
        self.assertEqual((version.status, version.submitted_by), (VersionStatus.IN_REVIEW, self.researcher))
        self.assertIn("submitted for review", messages_of(response)[0])

    def test_an_incomplete_draft_is_refused_with_the_services_message(self):
        ProductVersion.objects.filter(pk=self.version.pk).update(lead_nl="")
        self.login(self.coordinator)
        response = self.client.post(url("version-submit"))
        self.assertEqual(response.status_code, 200)
        self.assertIn("not complete yet", " ".join(response.context["step_errors"]))
        self.assertContains(response, "a lead")
        self.assertEqual(ProductVersion.objects.get(pk=self.version.pk).status, VersionStatus.DRAFT)

    def test_wrong_method(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.get(url("version-submit")).status_code, 405)


class RequestChangesTests(EditorialTestCase):
    def setUp(self):
        super().setUp()
        set_status(self.version, VersionStatus.IN_REVIEW)

    def test_grid(self):
        grid = {**TEAM, "coordinator": 302}
        del grid["researcher"]
        self.assert_grid("post", url("version-request-changes"), grid, allowed_elsewhere=["researcher"],
                         data={"reason": "Meer cijfers."})

    def test_request_changes_returns_the_version_to_draft_with_the_reason_in_the_history(self):
        self.login(self.researcher)
        response = self.client.post(url("version-request-changes"), {"reason": "Meer cijfers graag."})
        self.assertRedirects(response, url("version-detail"), fetch_redirect_response=False)
        self.assertEqual(ProductVersion.objects.get(pk=self.version.pk).status, VersionStatus.DRAFT)
        self.assertTrue(any("Meer cijfers graag." in event.note for event in AuditEvent.objects.for_object(
            self.product)))

    def test_a_reason_is_required(self):
        self.login(self.coordinator)
        response = self.client.post(url("version-request-changes"), {"reason": ""})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["changes_form"].errors["reason"])
        self.assertEqual(ProductVersion.objects.get(pk=self.version.pk).status, VersionStatus.IN_REVIEW)

    def test_refused_for_a_draft(self):
        set_status(self.version, VersionStatus.DRAFT)
        self.login(self.coordinator)
        response = self.client.post(url("version-request-changes"), {"reason": "Nog eens."})
        self.assertEqual(response.status_code, 200)
        # The refusal comes from the workflow's declaration and is shown on the page.
        self.assertEqual(response.context["step_errors"],
                         ["Version 1 is “draft”; only a “in review” version can be sent back."])
        self.assertContains(response, "only a “in review” version can be sent back")
        self.assertEqual(ProductVersion.objects.get(pk=self.version.pk).status, VersionStatus.DRAFT)


class PublishTests(EditorialTestCase):
    def setUp(self):
        super().setUp()
        set_status(self.version, VersionStatus.IN_REVIEW)

    def test_grid(self):
        self.validated.status, self.validated.confidentiality = "published", "public"
        self.validated.save()
        self.assert_grid("post", url("version-publish"), {**COORDINATORS, "coordinator": 302})
        self.assertEqual(ProductVersion.objects.get(pk=self.version.pk).status, VersionStatus.PUBLISHED)

    def test_publishing_is_refused_while_a_cited_record_is_not_public(self):
        self.login(self.coordinator)
        response = self.client.post(url("version-publish"))
        self.assertEqual(response.status_code, 200)
        errors = " ".join(response.context["step_errors"])
        self.assertIn("Huiskamer werkt", errors)
        self.assertIn("publish it in the harvest register or remove the citation", errors)
        self.assertContains(response, "Huiskamer werkt")
        self.version.refresh_from_db()
        self.product.refresh_from_db()
        self.assertEqual(self.version.status, VersionStatus.IN_REVIEW)
        self.assertIsNone(self.product.published_version)
        self.assertFalse(ProductSearchEntry.objects.filter(product=self.product).exists())

    def test_publish_makes_the_version_public(self):
        self.validated.status, self.validated.confidentiality = "published", "public"
        self.validated.save()
        self.login(self.coordinator)
        response = self.client.post(url("version-publish"))
        self.assertRedirects(response, url("version-detail"), fetch_redirect_response=False)
        self.assertEqual(messages_of(response), ["Version 1 has been published: everyone can read it now."])
        self.product.refresh_from_db()
        self.assertEqual(self.product.published_version_id, self.version.pk)
        self.assertEqual(self.product.published_version.published_by, self.coordinator)
        self.assertTrue(ProductSearchEntry.objects.filter(product=self.product).exists())

    def test_publishing_a_draft_is_refused(self):
        set_status(self.version, VersionStatus.DRAFT)
        self.login(self.coordinator)
        response = self.client.post(url("version-publish"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["step_errors"])
        self.assertEqual(ProductVersion.objects.get(pk=self.version.pk).status, VersionStatus.DRAFT)


class CommentTests(EditorialTestCase):
    def setUp(self):
        super().setUp()
        set_status(self.version, VersionStatus.IN_REVIEW)

    def test_grid(self):
        expected = {**READERS, "coordinator": 302, "researcher": 302, "editor": 302}
        self.assert_grid("post", url("comment-create"), expected, data={"section_key": "context", "text": "Goed."})
        self.assertEqual(ReviewComment.objects.filter(version=self.version).count(), 3)

    def test_a_reviewer_comments_on_a_section(self):
        self.login(self.editor)
        response = self.client.post(url("comment-create"), {"section_key": "results", "text": "Noem de bron."})
        comment = ReviewComment.objects.get()
        self.assertRedirects(response, f"{url('version-detail')}#comment-{comment.pk}",
                             fetch_redirect_response=False)
        self.assertEqual((comment.version, comment.section_key, comment.author, comment.text),
                         (self.version, "results", self.editor, "Noem de bron."))
        self.assertContains(self.client.get(url("version-detail")), "Noem de bron.")

    def test_an_empty_comment_shows_the_error_on_its_sections_form(self):
        self.login(self.editor)
        response = self.client.post(url("comment-create"), {"section_key": "results", "text": "  "})
        self.assertEqual(response.status_code, 200)
        item = next(item for item in response.context["review"] if item["key"] == "results")
        self.assertTrue(item["form"].errors["text"])
        self.assertContains(response, 'role="alert"')
        self.assertFalse(ReviewComment.objects.exists())

    def test_an_unknown_section_is_refused(self):
        self.login(self.editor)
        response = self.client.post(url("comment-create"), {"section_key": "steps", "text": "Hm."})
        self.assertEqual(response.status_code, 200)
        item = next(item for item in response.context["review"] if item["key"] == "")
        self.assertTrue(item["form"].errors["section_key"])
        self.assertFalse(ReviewComment.objects.exists())

    def test_no_comments_outside_review(self):
        set_status(self.version, VersionStatus.DRAFT)
        self.login(self.coordinator)
        response = self.client.post(url("comment-create"), {"section_key": "", "text": "Te vroeg."})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(ReviewComment.objects.exists())
        self.assertContains(response, "commented on")


class CommentResolveTests(EditorialTestCase):
    def setUp(self):
        super().setUp()
        set_status(self.version, VersionStatus.IN_REVIEW)
        self.comment = ReviewComment.objects.create(version=self.version, section_key="context",
                                                    author=self.researcher, text="Jaartal?")

    def resolve_url(self, comment=None):
        return reverse("publications:comment-resolve", args=[(comment or self.comment).pk])

    def test_grid(self):
        expected = {**READERS, "coordinator": 302, "editor": 403}
        del expected["researcher"]
        self.assert_grid("post", self.resolve_url(), expected, allowed_elsewhere=["researcher"])
        self.comment.refresh_from_db()
        self.assertEqual(self.comment.resolved_by, self.coordinator)

    def test_the_author_resolves_their_own_comment(self):
        mine = ReviewComment.objects.create(version=self.version, author=self.editor, text="Opgelost?")
        self.login(self.editor)
        response = self.client.post(self.resolve_url(mine))
        self.assertRedirects(response, f"{url('version-detail')}#comment-{mine.pk}", fetch_redirect_response=False)
        mine.refresh_from_db()
        self.assertEqual(mine.resolved_by, self.editor)
        self.assertIsNotNone(mine.resolved_at)

    def test_resolving_twice_is_refused_with_the_services_message(self):
        self.login(self.researcher)
        self.client.post(self.resolve_url())
        resolved_at = ReviewComment.objects.get(pk=self.comment.pk).resolved_at
        response = self.client.post(self.resolve_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn("already been resolved", " ".join(response.context["step_errors"]))
        self.assertEqual(ReviewComment.objects.get(pk=self.comment.pk).resolved_at, resolved_at)

    def test_unknown_comment_and_wrong_method(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.post(reverse("publications:comment-resolve", args=[999999])).status_code, 404)
        self.assertEqual(self.client.get(self.resolve_url()).status_code, 405)


class LoginRequiredTests(EditorialTestCase):
    def test_every_page_and_step_sends_anonymous_visitors_to_log_in(self):
        resolve = reverse("publications:comment-resolve", args=[1])
        for method, address in (("get", reverse("publications:product-list")),
                                ("get", reverse("publications:product-create")),
                                ("get", reverse("publications:product-detail", args=["huiskamer"])),
                                ("post", reverse("publications:version-new", args=["huiskamer"])),
                                ("post", reverse("publications:product-unpublish", args=["huiskamer"])),
                                ("get", url("version-detail")), ("get", url("version-update")),
                                ("get", url("version-figures")), ("get", url("version-compare")),
                                ("post", url("version-submit")), ("post", url("version-request-changes")),
                                ("post", url("version-publish")), ("post", url("comment-create")),
                                ("post", resolve)):
            with self.subTest(address=address):
                self.assert_login_redirect(getattr(self.client, method)(address))
        self.assertEqual(LOGIN, "login")
