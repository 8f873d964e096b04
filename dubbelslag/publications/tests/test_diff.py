"""What changed between two versions: per field and per section, with an escaped inline word diff."""

from django.test import SimpleTestCase
from django.utils import translation

from dubbelslag.programme.models import Theme
from dubbelslag.publications.diff import ADDED, CHANGED, REMOVED, compare_versions, previous_version, word_diff
from dubbelslag.publications.enums import SectionKey, VersionStatus
from dubbelslag.publications.models import Section
from testing.base import BaseTestCase
from testing.factories.publications import make_product, make_record, make_version


class WordDiffTests(SimpleTestCase):
    def test_words_deleted_and_inserted(self):
        self.assertEqual(str(word_diff("De huiskamer is open.", "De huiskamer is dicht.")),
                         "De huiskamer is <del>open</del><ins>dicht</ins>.")

    def test_escapes_everything(self):
        html = str(word_diff("<b>oud</b>", '<script>alert("x")</script> & nieuw'))
        self.assertNotIn("<script", html)
        self.assertNotIn("<b>", html)
        self.assertIn("script", html)
        self.assertIn("&lt;", html)
        self.assertIn("&amp;", html)

    def test_added_and_removed_text(self):
        self.assertEqual(str(word_diff("", "Nieuw")), "<ins>Nieuw</ins>")
        self.assertEqual(str(word_diff("Weg", "")), "<del>Weg</del>")


class CompareVersionsTests(BaseTestCase):
    def test_sections_and_fields(self):
        record = make_record(programme=self.programme)
        product = make_product(self.programme, slug="p", status=VersionStatus.SUPERSEDED, body="Oude context.",
                               title="Huiskamer")
        old = product.versions.get()
        Section.objects.filter(version=old, key=SectionKey.APPROACH).update(body_nl="Weg ermee")
        Section.objects.filter(version=old, key=SectionKey.RESULTS).update(body_nl="Blijft", body_en="Stays")
        new = make_version(product, number=2, status=VersionStatus.DRAFT, body="Nieuwe context.", title="Huiskamer",
                           records=[record], lead_nl="Andere inleiding.")
        Section.objects.filter(version=new, key=SectionKey.RESULTS).update(body_nl="Blijft", body_en="Stays")
        Section.objects.filter(version=new, key=SectionKey.QUESTION).update(body_en="Why")
        theme = Theme.objects.create(slug="diff-theme", name_nl="Werk", name_en="Work")
        new.themes.set([theme])
        with translation.override("en"):
            changes = compare_versions(old, new)
        summary = [(c.area, c.key, c.language, c.kind) for c in changes]
        self.assertEqual(summary, [
            ("field", "lead_nl", "", CHANGED),
            ("field", "themes", "", ADDED),
            ("field", "citations", "", ADDED),
            ("section", SectionKey.CONTEXT, "nl", CHANGED),
            ("section", SectionKey.QUESTION, "en", ADDED),
            ("section", SectionKey.APPROACH, "nl", REMOVED),
        ])
        context = changes[3]
        self.assertEqual(context.heading, "Context: the neighbourhood and its tasks")
        self.assertIn("<del>Oude</del><ins>Nieuwe</ins> context.", str(context.html))
        self.assertEqual(changes[2].new, f"[1] R{record.pk}")
        self.assertEqual(changes[0].heading, "lead (Dutch)")
        with translation.override("en"):
            self.assertEqual(changes[5].kind_label, "removed")
        self.assertEqual(previous_version(new), old)
        self.assertIsNone(previous_version(old))

    def test_first_version_everything_added(self):
        product = make_product(self.programme, slug="q", status=VersionStatus.DRAFT, body="Tekst", title="T")
        version = product.versions.get()
        kinds = {(c.key, c.kind) for c in compare_versions(None, version)}
        self.assertIn(("title_nl", ADDED), kinds)
        self.assertIn((SectionKey.CONTEXT, ADDED), kinds)

    def test_no_change_no_entries(self):
        product = make_product(self.programme, slug="r", status=VersionStatus.SUPERSEDED, body="Zelfde", title="T")
        old = product.versions.get()
        new = make_version(product, number=2, status=VersionStatus.DRAFT, body="Zelfde", title="T",
                           lead_nl=old.lead_nl)
        self.assertEqual(compare_versions(old, new), [])
