"""Excerpts stay on their passage when the entry around them is edited (anchoring.py, services/excerpts.py), and a
passage that is gone leaves the excerpt lost but with its quote."""

from datetime import date

from django.test import SimpleTestCase

from dubbelslag.research import anchoring
from dubbelslag.research.enums import AnchorStatus, Consent, EntryKind
from dubbelslag.research.models import Excerpt
from dubbelslag.research.services import log as services
from dubbelslag.research.services.excerpts import reanchor_excerpts, span_for
from testing.base import BaseTestCase

TEXT = ("De energiecoach belde aan bij twintig woningen. Bewoners wilden vooral weten wat het kost. "
        "Een bewoner zei: we wachten eerst af wat de buren doen.")
QUOTE = "we wachten eerst af"


class LocateTests(SimpleTestCase):
    """The pure part: ``locate`` on plain strings."""

    def test_unchanged_text_is_exact(self):
        start = TEXT.index(QUOTE)
        old = anchoring.anchor(TEXT, start, start + len(QUOTE))
        found = anchoring.locate(TEXT, old)
        self.assertEqual((found.start, found.end, found.status), (start, start + len(QUOTE), AnchorStatus.EXACT))

    def test_text_inserted_before_moves_the_excerpt(self):
        start = TEXT.index(QUOTE)
        old = anchoring.anchor(TEXT, start, start + len(QUOTE))
        edited = "Verslag van dinsdag. " + TEXT
        found = anchoring.locate(edited, old)
        self.assertEqual(found.status, AnchorStatus.MOVED)
        self.assertEqual(edited[found.start:found.end], QUOTE)
        self.assertEqual(found.start, start + len("Verslag van dinsdag. "))

    def test_an_edit_elsewhere_after_the_quote_keeps_it_exact(self):
        start = TEXT.index(QUOTE)
        old = anchoring.anchor(TEXT, start, start + len(QUOTE))
        edited = TEXT.replace("wat de buren doen", "wat de buren en de corporatie doen")
        found = anchoring.locate(edited, old)
        self.assertEqual((found.start, found.status), (start, AnchorStatus.EXACT))

    def test_duplicate_quote_the_context_decides(self):
        text = "Bij de eerste avond zei iemand: het kost te veel. Bij de tweede avond zei iemand: het kost te veel."
        second = text.rindex("het kost te veel")
        old = anchoring.anchor(text, second, second + len("het kost te veel"))
        # Text inserted before both occurrences: the stored prefix ("tweede avond") picks the second, not the first.
        edited = "Samenvatting. " + text
        found = anchoring.locate(edited, old)
        self.assertEqual(found.status, AnchorStatus.MOVED)
        self.assertEqual(found.start, second + len("Samenvatting. "))
        self.assertIn("tweede avond", found.prefix)

    def test_duplicate_quote_context_beats_distance(self):
        text = "Avond 1: het kost te veel. Avond 2: het kost te veel."
        second = text.rindex("het kost te veel")
        old = anchoring.anchor(text, second, second + len("het kost te veel"))
        # After the edit the first occurrence lies nearer the old offset, but the second has the stored context.
        edited = "Avond 1 met de wethouder erbij, in het buurthuis: het kost te veel. Avond 2: het kost te veel."
        self.assertLess(abs(edited.index("het kost") - second), abs(edited.rindex("het kost") - second))
        found = anchoring.locate(edited, old)
        self.assertEqual(found.start, edited.rindex("het kost te veel"))

    def test_changed_whitespace_is_found(self):
        start = TEXT.index(QUOTE)
        old = anchoring.anchor(TEXT, start, start + len(QUOTE))
        edited = TEXT.replace("we wachten eerst af", "we  wachten\neerst af")
        found = anchoring.locate(edited, old)
        self.assertEqual(found.status, AnchorStatus.MOVED)
        self.assertEqual(edited[found.start:found.end], "we  wachten\neerst af")

    def test_deleted_quote_is_lost_but_keeps_its_quote(self):
        start = TEXT.index(QUOTE)
        old = anchoring.anchor(TEXT, start, start + len(QUOTE))
        edited = TEXT.replace("Een bewoner zei: we wachten eerst af wat de buren doen.", "")
        found = anchoring.locate(edited, old)
        self.assertEqual(found.status, AnchorStatus.LOST)
        self.assertEqual(found.quote, QUOTE)

    def test_anchor_refuses_a_span_outside_the_text(self):
        for start, end in ((0, 0), (5, 3), (0, len(TEXT) + 1), (-1, 4)):
            with self.subTest(start=start, end=end), self.assertRaises(ValueError):
                anchoring.anchor(TEXT, start, end)

    def test_find_quote_finds_overlapping_occurrences(self):
        self.assertEqual(anchoring.find_quote("aaaa", "aa"), [0, 1, 2])
        self.assertEqual(anchoring.find_quote("abc", ""), [])


class ReanchorAfterEditTests(BaseTestCase):
    """Through the service that edits entries: update_entry re-anchors every excerpt in the same transaction."""

    def setUp(self):
        self.entry = services.create_entry(experiment=self.experiment, by=self.editor, kind=EntryKind.OBSERVATION,
                                           title="Deur aan deur", occurred_on=date(2024, 3, 5), text=TEXT,
                                           consent=Consent.NOT_NEEDED)

    def mark(self, quote: str, *, occurrence: int = 0) -> Excerpt:
        start = anchoring.find_quote(self.entry.text, quote)[occurrence]
        found = span_for(self.entry, start=start, end=start + len(quote))
        return Excerpt.objects.create(entry=self.entry, start=found.start, end=found.end, quote=found.quote,
                                      prefix=found.prefix, suffix=found.suffix)

    def edit(self, text: str):
        self.entry.refresh_from_db()
        return services.update_entry(self.entry, by=self.editor, version=self.entry.version, text=text)

    def test_insert_before_moves_every_excerpt_to_its_passage(self):
        first = self.mark("twintig woningen")
        second = self.mark(QUOTE)
        saved = self.edit("Dinsdag 5 maart.\n\n" + TEXT)
        self.assertEqual(saved.reanchored, {"exact": 0, "moved": 2, "lost": 0})
        for excerpt, quote in ((first, "twintig woningen"), (second, QUOTE)):
            excerpt.refresh_from_db()
            self.assertEqual(excerpt.anchor_status, AnchorStatus.MOVED)
            self.assertEqual(saved.text[excerpt.start:excerpt.end], quote)

    def test_edit_inside_the_text_elsewhere_keeps_earlier_excerpt_exact_and_moves_later(self):
        early = self.mark("twintig woningen")
        late = self.mark(QUOTE)
        saved = self.edit(TEXT.replace("wat het kost", "wat het hun per maand gaat kosten"))
        early.refresh_from_db()
        late.refresh_from_db()
        self.assertEqual(early.anchor_status, AnchorStatus.EXACT)
        self.assertEqual(late.anchor_status, AnchorStatus.MOVED)
        self.assertEqual(saved.text[late.start:late.end], QUOTE)

    def test_duplicate_quote_context_decides_in_the_database(self):
        self.edit("Eerste avond: het kost te veel. Tweede avond: het kost te veel.")
        second = self.mark("het kost te veel", occurrence=1)
        saved = self.edit("Verslag.\nEerste avond: het kost te veel. Tweede avond: het kost te veel.")
        second.refresh_from_db()
        self.assertEqual(second.start, saved.text.rindex("het kost te veel"))

    def test_changed_whitespace_moves_and_updates_the_stored_span(self):
        excerpt = self.mark(QUOTE)
        saved = self.edit(TEXT.replace(QUOTE, "we wachten\neerst   af"))
        excerpt.refresh_from_db()
        self.assertEqual(excerpt.anchor_status, AnchorStatus.MOVED)
        self.assertEqual(saved.text[excerpt.start:excerpt.end], "we wachten\neerst   af")

    def test_deleted_quote_is_lost_quote_and_offsets_kept(self):
        excerpt = self.mark(QUOTE)
        before = (excerpt.start, excerpt.end)
        saved = self.edit("De energiecoach belde aan bij twintig woningen.")
        excerpt.refresh_from_db()
        self.assertEqual(saved.reanchored["lost"], 1)
        self.assertEqual(excerpt.anchor_status, AnchorStatus.LOST)
        self.assertEqual(excerpt.quote, QUOTE)
        self.assertEqual((excerpt.start, excerpt.end), before)

    def test_a_lost_excerpt_comes_back_when_its_passage_returns(self):
        excerpt = self.mark(QUOTE)
        self.edit("Alles anders.")
        self.edit(TEXT)
        excerpt.refresh_from_db()
        self.assertIn(excerpt.anchor_status, {AnchorStatus.EXACT, AnchorStatus.MOVED})
        self.assertEqual(TEXT[excerpt.start:excerpt.end], QUOTE)

    def test_windows_line_endings_are_stored_as_newlines_and_excerpts_follow(self):
        excerpt = self.mark(QUOTE)
        saved = self.edit("Kop\r\n\r\n" + TEXT)
        self.assertNotIn("\r", saved.text)
        excerpt.refresh_from_db()
        self.assertEqual(saved.text[excerpt.start:excerpt.end], QUOTE)

    def test_reanchor_counts_without_change(self):
        self.mark(QUOTE)
        self.assertEqual(reanchor_excerpts(self.entry), {"exact": 1, "moved": 0, "lost": 0})
