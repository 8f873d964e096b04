"""The editorial product pages: the list with its filters, creating a product, the overview with its versions,
steps and history, starting a new version and unpublishing; the permission grid of each."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dubbelslag.core.models import AuditEvent
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.publications.enums import ProductType, SectionKey, VersionStatus
from dubbelslag.publications.models import KnowledgeProduct, ProductSearchEntry, ProductVersion, ReviewComment
from testing.base import BaseTestCase, make_experiment, make_programme, make_user
from testing.factories.publications import make_product, make_record, make_version

LOGIN = "login"


class EditorialTestCase(BaseTestCase):
    """The personas of BaseTestCase plus ``other_editor`` (editor of ``other_experiment``, which the products are
    not about) and a draft product ``huiskamer`` about ``experiment`` citing a validated programme-level record."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_editor = make_user("other-editor@example.org", name="Otto Andere")
        Membership.objects.create(user=cls.other_editor, programme=cls.programme, experiment=cls.other_experiment,
                                  role=MembershipRole.EDITOR)
        cls.validated = make_record(programme=cls.programme, title="Huiskamer werkt", status="validated",
                                    confidentiality="programme", experiments=[cls.experiment])
        cls.published_record = make_record(programme=cls.programme, title="Begin bij de portemonnee",
                                           experiments=[cls.experiment])
        cls.product = make_product(cls.programme, slug="huiskamer", status=VersionStatus.DRAFT,
                                   title="Huiskamer aardgasvrij", body="De huiskamer werkt.",
                                   records=[cls.validated])
        cls.version = cls.product.versions.get()
        cls.version.experiments.set([cls.experiment])

    def setUp(self):
        self.client.cookies["django_language"] = "en"

    PERSONAS = ("coordinator", "researcher", "editor", "other_editor", "reader", "outsider", "anonymous")

    def as_persona(self, name: str):
        self.client.logout()
        self.client.cookies["django_language"] = "en"
        if name != "anonymous":
            self.client.force_login(getattr(self, name))

    def assert_login_redirect(self, response):
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("accounts:login")), response["Location"])

    def assert_grid(self, method: str, url: str, expected: dict, data=None, *, allowed_elsewhere=()):
        """``expected``: persona → status code or LOGIN. Every persona of PERSONAS is named, except those in
        ``allowed_elsewhere``: those a step succeeds for, tested on their own (a step succeeds only once)."""
        self.assertEqual(set(expected) | set(allowed_elsewhere), set(self.PERSONAS))
        for name, status in expected.items():
            with self.subTest(persona=name, url=url):
                self.as_persona(name)
                response = getattr(self.client, method)(url, data or {})
                if status == LOGIN:
                    self.assert_login_redirect(response)
                else:
                    self.assertEqual(response.status_code, status)

    def count_queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)


# The grid of a page every reader of the product may open (the team and the editors of its experiments).
READERS = {"coordinator": 200, "researcher": 200, "editor": 200, "other_editor": 404, "reader": 404,
           "outsider": 404, "anonymous": LOGIN}
# A page or step for the programme team: editors read but may not write (403).
TEAM = {**READERS, "editor": 403}
# A step for coordinators.
COORDINATORS = {**TEAM, "researcher": 403}


class ProductListTests(EditorialTestCase):
    url = reverse("publications:product-list")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.published = make_product(cls.programme, slug="factsheet-pendrecht", product_type=ProductType.FACTSHEET,
                                     title="Factsheet Pendrecht")
        cls.about_other = make_product(cls.programme, slug="verhalen", status=VersionStatus.IN_REVIEW,
                                       product_type=ProductType.INSPIRATION, title="Verhalen ophalen")
        cls.about_other.versions.get().experiments.set([cls.other_experiment])
        elsewhere = make_programme(name="Ander programma", slug="ander")
        cls.elsewhere = make_product(elsewhere, slug="elders", title="Elders")

    def slugs(self, response):
        return {product.slug for product in response.context["page"]}

    def test_each_persona_sees_the_products_they_work_on(self):
        expected = {
            "coordinator": {"huiskamer", "factsheet-pendrecht", "verhalen"},
            "researcher": {"huiskamer", "factsheet-pendrecht", "verhalen"},
            "editor": {"huiskamer"},
            "other_editor": {"verhalen"},
            "reader": set(),
            "outsider": set(),
        }
        for name, slugs in expected.items():
            with self.subTest(persona=name):
                self.as_persona(name)
                response = self.client.get(self.url)
                self.assertEqual(self.slugs(response), slugs)
                self.assertNotContains(response, "Elders")
        self.as_persona("anonymous")
        self.assert_login_redirect(self.client.get(self.url))

    def test_rows_show_type_latest_version_and_published_version(self):
        self.login(self.coordinator)
        make_version(self.published, number=2, title="Factsheet Pendrecht, herzien")
        response = self.client.get(self.url)
        self.assertContains(response, "Factsheet Pendrecht, herzien")
        self.assertContains(response, reverse("publications:version-detail", args=["factsheet-pendrecht", 2]))
        self.assertContains(response, "factsheet")
        self.assertContains(response, "version 1, <time")  # the published one
        self.assertContains(response, reverse("publications:product-create"))

    def test_new_product_only_for_the_programme_team(self):
        self.login(self.editor)
        self.assertNotContains(self.client.get(self.url), reverse("publications:product-create"))

    def test_filters(self):
        self.login(self.coordinator)
        cases = {
            "status=draft": {"huiskamer"},
            "status=published": {"factsheet-pendrecht"},
            "status=in_review": {"verhalen"},
            "type=factsheet": {"factsheet-pendrecht"},
            "type=inspiration&status=in_review": {"verhalen"},
            "q=pendrecht": {"factsheet-pendrecht"},
            "q=aardgasvrij": {"huiskamer"},
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                self.assertEqual(self.slugs(self.client.get(f"{self.url}?{query}")), expected)

    def test_the_latest_version_decides_the_status_filter(self):
        make_version(self.published, number=2, status=VersionStatus.DRAFT)
        self.login(self.coordinator)
        self.assertEqual(self.slugs(self.client.get(f"{self.url}?status=draft")), {"huiskamer", "factsheet-pendrecht"})
        self.assertEqual(self.slugs(self.client.get(f"{self.url}?status=published")), set())

    def test_bad_filter_values_are_ignored(self):
        self.login(self.coordinator)
        for query in ("status=rumour&type=poem&page=zz", "status=%C2%B2", "q=" + "x" * 500):
            with self.subTest(query=query):
                response = self.client.get(f"{self.url}?{query}")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self.slugs(response), {"huiskamer", "factsheet-pendrecht", "verhalen"})

    def test_query_count_does_not_grow_with_the_products(self):
        self.login(self.editor)
        one = self.count_queries(self.url)
        for number in range(3):
            product = make_product(self.programme, slug=f"extra-{number}", title=f"Extra {number}")
            make_version(product, number=2)
            for version in product.versions.all():
                version.experiments.set([self.experiment])
        self.assertEqual(self.count_queries(self.url), one)
        self.assertEqual(len(self.client.get(self.url).context["page"]), 4)

    def test_wrong_method(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.post(self.url).status_code, 405)


class ProductCreateTests(EditorialTestCase):
    url = reverse("publications:product-create")

    def test_grid(self):
        self.assert_grid("get", self.url, {**TEAM, "other_editor": 403, "reader": 403})

    def test_the_form_suggests_the_writer_as_author(self):
        self.login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(response.context["form"]["authors"].value(), "Carla Coördinator (Kennisinstituut)")
        self.assertNotIn("programme", response.context["form"].fields)

    def test_create_makes_a_draft_with_the_template_sections_and_opens_the_editor(self):
        self.login(self.researcher)
        response = self.client.post(self.url, {"product_type": ProductType.FACTSHEET, "title_nl": "Warmte in de wijk",
                                               "slug": "", "authors": "Rob Onderzoeker (Kennisinstituut)"})
        product = KnowledgeProduct.objects.get(slug="warmte-in-de-wijk")
        self.assertRedirects(response, reverse("publications:version-update", args=[product.slug, 1]))
        version = product.versions.get()
        self.assertEqual((product.programme, product.product_type, version.status, version.title_nl),
                         (self.programme, ProductType.FACTSHEET, VersionStatus.DRAFT, "Warmte in de wijk"))
        self.assertEqual(version.authors, "Rob Onderzoeker (Kennisinstituut)")
        self.assertEqual(list(version.sections.values_list("key", flat=True)),
                         [SectionKey.CONTEXT, SectionKey.APPROACH, SectionKey.RESULTS, SectionKey.WHAT_WORKED,
                          SectionKey.TRANSFERABILITY, SectionKey.SOURCES])
        self.assertTrue(AuditEvent.objects.for_object(product).exists())

    def test_a_suggested_address_avoids_taken_ones(self):
        self.login(self.coordinator)
        self.client.post(self.url, {"product_type": ProductType.GUIDE, "title_nl": "Huiskamer", "authors": "C."})
        self.assertTrue(KnowledgeProduct.objects.filter(slug="huiskamer-2").exists())

    def test_a_taken_or_reserved_address_is_refused_and_the_input_kept(self):
        self.login(self.coordinator)
        for slug in ("huiskamer", "nieuw"):
            with self.subTest(slug=slug):
                response = self.client.post(self.url, {"product_type": ProductType.GUIDE, "title_nl": "Mijn titel",
                                                       "slug": slug, "authors": "C."})
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["form"].errors["slug"])
                self.assertContains(response, "Mijn titel")
        self.assertEqual(KnowledgeProduct.objects.count(), 1)

    def test_a_writer_in_two_programmes_chooses_one(self):
        second = make_programme(name="Tweede programma", slug="tweede")
        Membership.objects.create(user=self.coordinator, programme=second, role=MembershipRole.COORDINATOR)
        self.login(self.coordinator)
        self.assertIn("programme", self.client.get(self.url).context["form"].fields)
        self.client.post(self.url, {"programme": "tweede", "product_type": ProductType.REPORT, "title_nl": "Rapport",
                                    "slug": "rapport", "authors": "C."})
        self.assertEqual(KnowledgeProduct.objects.get(slug="rapport").programme, second)
        response = self.client.post(self.url, {"programme": "ander", "product_type": ProductType.REPORT,
                                               "title_nl": "Rapport", "slug": "rapport-2", "authors": "C."})
        self.assertTrue(response.context["form"].errors["programme"])

    def test_the_page_loads_the_slug_script_from_static(self):
        self.login(self.coordinator)
        response = self.client.get(self.url)
        self.assertContains(response, "publications/editorial.js")
        self.assertContains(response, "data-slug-source")
        self.assertNotContains(response, "<script>")


class ProductDetailTests(EditorialTestCase):
    def url(self, slug="huiskamer"):
        return reverse("publications:product-detail", args=[slug])

    def test_grid(self):
        self.assert_grid("get", self.url(), READERS)
        self.login(self.coordinator)
        self.assertEqual(self.client.get(self.url("bestaat-niet")).status_code, 404)
        self.assertEqual(self.client.post(self.url()).status_code, 405)

    def test_versions_with_status_dates_notes_and_who(self):
        product = make_product(self.programme, slug="oud", title="Oude tekst")
        first = product.versions.get()
        first.published_by = self.coordinator
        first.save()
        ProductVersion.objects.filter(pk=first.pk).update(status=VersionStatus.SUPERSEDED)
        second = make_version(product, number=2, status=VersionStatus.PUBLISHED, title="Nieuwe tekst",
                              change_note="Resultaten bijgewerkt.", published_by=self.coordinator)
        product.published_version = second
        product.save()
        make_version(product, number=3, status=VersionStatus.IN_REVIEW, title="Derde tekst",
                     submitted_by=self.researcher, created_by=self.researcher)
        self.login(self.coordinator)
        response = self.client.get(self.url("oud"))
        versions = response.context["overview"].versions
        self.assertEqual([(v.number, v.status) for v in versions],
                         [(3, VersionStatus.IN_REVIEW), (2, VersionStatus.PUBLISHED), (1, VersionStatus.SUPERSEDED)])
        self.assertContains(response, "Resultaten bijgewerkt.")
        self.assertContains(response, "Rob Onderzoeker")
        self.assertContains(response, "Carla Coördinator")
        self.assertContains(response, "Version 2 is published")
        self.assertContains(response, reverse("publications:version-compare", args=["oud", 3]))

    def test_steps_per_persona(self):
        expected = {"coordinator": {"submit", "edit"}, "researcher": {"submit", "edit"}, "editor": set()}
        for name, steps in expected.items():
            with self.subTest(persona=name):
                self.as_persona(name)
                self.assertEqual(self.client.get(self.url()).context["steps"], steps)
        ProductVersion.objects.filter(pk=self.version.pk).update(status=VersionStatus.IN_REVIEW)
        expected = {"coordinator": {"request_changes", "publish"}, "researcher": {"request_changes"},
                    "editor": set()}
        for name, steps in expected.items():
            with self.subTest(persona=name, status="in review"):
                self.as_persona(name)
                response = self.client.get(self.url())
                self.assertEqual(response.context["steps"], steps)
        self.as_persona("coordinator")
        response = self.client.get(self.url())
        self.assertContains(response, reverse("publications:version-publish", args=["huiskamer", 1]))
        self.assertContains(response, reverse("publications:version-request-changes", args=["huiskamer", 1]))

    def test_steps_of_a_published_product(self):
        make_product(self.programme, slug="klaar", title="Klaar")
        expected = {"coordinator": {"new_version", "unpublish"}, "researcher": {"new_version"}}
        for name, steps in expected.items():
            with self.subTest(persona=name):
                self.as_persona(name)
                response = self.client.get(self.url("klaar"))
                self.assertEqual(response.context["steps"], steps)
        self.assertContains(response, reverse("publications:version-new", args=["klaar"]))

    def test_the_history_only_for_the_team(self):
        self.login(self.coordinator)
        self.assertIsNotNone(self.client.get(self.url()).context["audit_events"])
        self.login(self.editor)
        response = self.client.get(self.url())
        self.assertIsNone(response.context["audit_events"])
        self.assertNotContains(response, 'id="audit-heading"')

    def test_an_editor_sees_only_the_versions_about_their_experiment_as_links(self):
        ProductVersion.objects.filter(pk=self.version.pk).update(status=VersionStatus.SUPERSEDED,
                                                                 published_at=self.version.created_at)
        second = make_version(self.product, number=2, status=VersionStatus.IN_REVIEW, title="Over Palenstein",
                              change_note="Palenstein toegevoegd.")
        second.experiments.set([self.other_experiment])
        self.login(self.editor)
        response = self.client.get(self.url())
        self.assertContains(response, reverse("publications:version-detail", args=["huiskamer", 1]))
        self.assertNotContains(response, reverse("publications:version-detail", args=["huiskamer", 2]))
        self.assertNotContains(response, "Palenstein")
        self.assertEqual(response.context["overview"].latest.number, 1)
        listing = self.client.get(reverse("publications:product-list"))
        self.assertNotContains(listing, "Palenstein")
        self.assertContains(listing, reverse("publications:version-detail", args=["huiskamer", 1]))
        self.assertEqual(self.client.get(reverse("publications:version-detail", args=["huiskamer", 2])).status_code,
                         404)

    def test_link_to_the_public_page_when_published(self):
        make_product(self.programme, slug="klaar", title="Klaar")
        self.login(self.coordinator)
        response = self.client.get(self.url("klaar"))
        try:
            public = reverse("public:product-detail", args=["klaar"])
        except Exception:  # noqa: BLE001 - the public site may not be there yet
            public = None
        if public:
            self.assertContains(response, f'href="{public}"')
        self.assertNotContains(self.client.get(self.url()), "/kennisbank/producten/huiskamer/\"")

    def test_query_count_does_not_grow_with_the_versions(self):
        self.login(self.coordinator)
        product = make_product(self.programme, slug="veel", title="Veel versies")
        one = self.count_queries(self.url("veel"))
        ProductVersion.objects.filter(product=product).update(status=VersionStatus.SUPERSEDED)
        for number in (2, 3):
            version = make_version(product, number=number, status=VersionStatus.SUPERSEDED,
                                   created_by=self.researcher, submitted_by=self.researcher,
                                   published_by=self.coordinator)
            ReviewComment.objects.create(version=version, author=self.editor, text="Mooi.")
        version = make_version(product, number=4, status=VersionStatus.PUBLISHED)
        product.published_version = version
        product.save()
        self.assertEqual(self.count_queries(self.url("veel")), one)


class VersionNewTests(EditorialTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.live = make_product(cls.programme, slug="klaar", title="Klaar", body="Tekst van versie 1.")
        cls.live.versions.get().experiments.set([cls.experiment])

    url = reverse("publications:version-new", args=["klaar"])

    def test_grid(self):
        grid = {**TEAM, "coordinator": 302}
        del grid["researcher"]
        self.assert_grid("post", self.url, grid, allowed_elsewhere=["researcher"])
        self.assertEqual(ProductVersion.objects.filter(product=self.live).count(), 2)

    def test_a_new_version_is_a_draft_copy_and_the_public_keeps_the_published_one(self):
        self.login(self.researcher)
        response = self.client.post(self.url)
        self.assertRedirects(response, reverse("publications:version-update", args=["klaar", 2]),
                             fetch_redirect_response=False)
        new = self.live.versions.get(number=2)
        self.assertEqual(new.status, VersionStatus.DRAFT)
        self.assertEqual(new.sections.get(key=SectionKey.CONTEXT).body_nl, "Tekst van versie 1.")
        self.live.refresh_from_db()
        self.assertEqual(self.live.published_version.number, 1)
        follow = self.client.get(reverse("publications:product-detail", args=["klaar"]))
        self.assertContains(follow, "Version 2 has been started as a draft")

    def test_refused_while_a_version_is_open(self):
        self.login(self.coordinator)
        response = self.client.post(reverse("publications:version-new", args=["huiskamer"]))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["step_errors"])
        self.assertContains(response, 'class="form-errors step-errors"')
        self.assertEqual(self.product.versions.count(), 1)

    def test_wrong_method_and_unknown_product(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.assertEqual(self.client.post(reverse("publications:version-new", args=["nee"])).status_code, 404)


class ProductUnpublishTests(EditorialTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.live = make_product(cls.programme, slug="klaar", title="Klaar")
        cls.live.versions.get().experiments.set([cls.experiment])

    url = reverse("publications:product-unpublish", args=["klaar"])

    def test_grid(self):
        self.assert_grid("post", self.url, {**COORDINATORS, "coordinator": 302}, data={"reason": "Verouderd."})

    def test_unpublish_takes_the_product_offline_with_its_reason(self):
        self.assertTrue(ProductSearchEntry.objects.filter(product=self.live).exists())
        self.login(self.coordinator)
        response = self.client.post(self.url, {"reason": "Bevat een fout."})
        self.assertRedirects(response, reverse("publications:product-detail", args=["klaar"]),
                             fetch_redirect_response=False)
        self.live.refresh_from_db()
        self.assertIsNone(self.live.published_version)
        self.assertEqual(self.live.withdrawn_reason, "Bevat een fout.")
        self.assertEqual(self.live.versions.get().status, VersionStatus.WITHDRAWN)
        self.assertFalse(ProductSearchEntry.objects.filter(product=self.live).exists())
        self.assertFalse(KnowledgeProduct.objects.published().filter(pk=self.live.pk).exists())
        follow = self.client.get(response["Location"])
        self.assertContains(follow, "taken off the public site")
        self.assertContains(follow, "Bevat een fout.")

    def test_a_reason_is_required(self):
        self.login(self.coordinator)
        response = self.client.post(self.url, {"reason": "  "})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["unpublish_form"].errors["reason"])
        self.assertContains(response, 'role="alert"')
        self.live.refresh_from_db()
        self.assertIsNotNone(self.live.published_version)

    def test_refused_for_a_product_that_is_not_published(self):
        self.login(self.coordinator)
        response = self.client.post(reverse("publications:product-unpublish", args=["huiskamer"]), {"reason": "X"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["step_errors"], ["This product is not published."])
        self.assertContains(response, "This product is not published.")
        self.assertEqual(ProductVersion.objects.get(pk=self.version.pk).status, VersionStatus.DRAFT)

    def test_wrong_method(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.get(self.url).status_code, 405)


class ExperimentEditorOfAnotherProgrammeTests(EditorialTestCase):
    def test_an_editor_in_another_programme_sees_nothing_here(self):
        elsewhere = make_programme(name="Ander programma", slug="ander")
        experiment = make_experiment(programme=elsewhere, gemeente=self.zoetermeer, title="Elders")
        Membership.objects.create(user=self.outsider, programme=elsewhere, experiment=experiment,
                                  role=MembershipRole.EDITOR)
        self.login(self.outsider)
        self.assertEqual(self.client.get(reverse("publications:product-detail", args=["huiskamer"])).status_code,
                         404)
        self.assertEqual(set(self.client.get(reverse("publications:product-list")).context["page"]), set())
