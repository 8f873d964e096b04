"""Full-text search over log entries and harvest records: matching, ranking, safe input, the index in step with its
rows, and above all access: each persona finds exactly what it may read (the leak grid), on SQLite and PostgreSQL."""

import re
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import TestCase

from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.research.enums import Confidentiality, EntryKind, RecordKind, RecordStatus
from dubbelslag.research.models import HarvestRecord, LogEntry, SearchEntry, SearchKind
from dubbelslag.research.search import highlight, parse_query, search
from dubbelslag.research.services.search_index import index_entry, index_record, unindex
from testing.base import BaseTestCase, make_user

SQLITE = connection.vendor == "sqlite"


class SearchData(BaseTestCase):
    """Factories for indexed entries and records."""

    def entry(self, title: str, text: str = "", *, experiment=None, author=None, occurred_on=date(2020, 5, 1),
              kind=EntryKind.OBSERVATION) -> LogEntry:
        entry = LogEntry.objects.create(experiment=experiment or self.experiment, title=title, text=text,
                                        author=author or self.editor, occurred_on=occurred_on, kind=kind)
        index_entry(entry)
        return entry

    def record(self, title: str, summary: str = "", *, experiments=(), kind=RecordKind.INSIGHT,
               status=RecordStatus.DRAFT, confidentiality=Confidentiality.EXPERIMENT, created_by=None,
               programme=None) -> HarvestRecord:
        record = HarvestRecord.objects.create(
            programme=programme or self.programme, kind=kind, title=title, summary=summary or title, status=status,
            confidentiality=confidentiality, created_by=created_by or self.researcher)
        record.experiments.set(experiments)
        index_record(record)
        return record

    def found(self, user, query: str, **filters) -> set[tuple[str, int]]:
        return {(hit.kind, hit.object_id) for hit in search(user, query, limit=100, **filters).hits}


class MatchingTests(SearchData):
    def test_finds_a_word_in_the_title_and_in_the_text(self):
        in_title = self.entry("Huiskamer open in Pendrecht", "Koffie en gesprekken.")
        in_text = self.entry("Tweede week", "De huiskamer trok veertig bezoekers.")
        self.entry("Bewonersavond", "Over het warmtenet.")
        results = search(self.editor, "huiskamer")
        self.assertEqual({hit.object_id for hit in results.hits}, {in_title.pk, in_text.pk})
        self.assertTrue(all(hit.kind == SearchKind.ENTRY for hit in results.hits))
        self.assertFalse(results.has_more)

    def test_all_words_must_occur(self):
        both = self.entry("Warmtenet", "De corporatie legt het warmtenet aan.")
        self.entry("Warmtenet", "Alleen het net.")
        self.assertEqual(self.found(self.editor, "warmtenet corporatie"), {("entry", both.pk)})

    def test_a_word_finds_its_plural_and_its_singular(self):
        plural = self.entry("Avond", "Veel bewoners kwamen naar de avond.")
        singular = self.entry("Gesprek", "Een woning in de portiekflat.")
        self.assertEqual(self.found(self.editor, "bewoner"), {("entry", plural.pk)})
        self.assertEqual(self.found(self.editor, "woningen"), {("entry", singular.pk)})

    def test_the_start_of_a_word_finds_the_whole_word(self):
        coaches = self.entry("Coaches", "De energiecoaches gingen langs de deuren.")
        self.assertEqual(self.found(self.editor, "energiecoa"), {("entry", coaches.pk)})

    def test_a_word_finds_the_compounds_it_starts(self):
        net = self.entry("Aanleg", "De corporatie legt het warmtenet aan.")
        pump = self.entry("Proef", "Twee woningen kregen een warmtepomp.")
        debts = self.entry("Loket", "Doorverwijzing naar de schuldhulpverlening werkte.")
        self.entry("Anders", "Een avond over isolatie.")
        self.assertEqual(self.found(self.editor, "warmte"), {("entry", net.pk), ("entry", pump.pk)})
        self.assertEqual(self.found(self.editor, "schuld"), {("entry", debts.pk)})
        self.assertEqual(self.found(self.editor, "warmte -warmtepomp"), {("entry", net.pk)})

    def test_dutch_diacritics(self):
        entry = self.entry("Coöperatie opgericht", "De bewonerscoöperatie neemt het energieloket over; één loket.")
        self.assertEqual(self.found(self.editor, "coöperatie"), {("entry", entry.pk)})
        self.assertEqual(self.found(self.editor, "één loket"), {("entry", entry.pk)})
        if SQLITE:  # the FTS5 tokenizer folds diacritics, so a search without them finds them too
            self.assertEqual(self.found(self.editor, "cooperatie"), {("entry", entry.pk)})

    def test_a_title_match_ranks_above_a_text_match(self):
        in_text = self.entry("Verslag van de week", "Ook de schuldhulp kwam langs.", occurred_on=date(2021, 1, 1))
        in_title = self.entry("Schuldhulp in de huiskamer", "Een spreekuur op dinsdag.", occurred_on=date(2020, 1, 1))
        hits = search(self.editor, "schuldhulp").hits
        self.assertEqual([hit.object_id for hit in hits], [in_title.pk, in_text.pk])
        self.assertGreater(hits[0].score, hits[1].score)

    def test_phrase_exclusion_and_either(self):
        open_house = self.entry("Open huis", "De huiskamer is open voor iedereen.")
        closed = self.entry("Dicht", "Open was de huiskamer niet, het warmtenet ging voor.")
        other = self.entry("Isolatie", "Tochtstrips voor de voordeur.")
        self.assertEqual(self.found(self.editor, '"huiskamer is open"'), {("entry", open_house.pk)})
        self.assertEqual(self.found(self.editor, "huiskamer -warmtenet"), {("entry", open_house.pk)})
        self.assertEqual(self.found(self.editor, "tochtstrips or warmtenet"),
                         {("entry", closed.pk), ("entry", other.pk)})

    def test_operators_quotes_and_garbage_never_fail(self):
        self.entry("Huiskamer", "De huiskamer is open.")
        for query in ['"', '""', '"huiskamer', 'huiskamer"', "AND", "OR", "NOT", "NEAR(huiskamer)", "huiskamer AND",
                      "*", "huis*", "^huiskamer", "title:huiskamer", "body: open", "(", ")", "((huiskamer", "-",
                      "--huiskamer", "-huiskamer", "- - -", "'; DROP TABLE research_searchentry; --", "\\", "%", "_",
                      "huiskamer\x00", "🔥 huiskamer", "a" * 2000, "huiskamer " * 100, "{}[]<>", "or or or",
                      "huiskamer or", "or huiskamer", 'NEAR("huiskamer" "open", 2)', "1=1", "%%s %s"]:
            with self.subTest(query=query):
                results = search(self.editor, query)
                self.assertIsInstance(results.hits, list)
        self.assertEqual(len(search(self.editor, '"huiskamer').hits), 1)
        self.assertEqual(len(search(self.editor, "huiskamer,open").hits), 1)

    def test_nothing_to_search_for(self):
        for query in ["", "   ", '"', "*()", "-huiskamer", "--", "or", "\x00"]:
            with self.subTest(query=query):
                results = search(self.editor, query)
                self.assertTrue(results.is_empty_query)
                self.assertEqual(results.hits, [])

    def test_parse_query_quotes_every_word(self):
        for query in ['warmte"net OR NOT title:huis* -', "NEAR(huis, 2) AND body:open ^start", "a:b:c * ( )"]:
            with self.subTest(query=query):
                expression = parse_query(query).fts5()
                # Outside the quoted FTS5 strings only our own operators remain.
                outside = re.sub(r'"[^"]*"|[()*]', " ", expression)
                self.assertEqual(set(outside.split()) - {"OR", "AND", "NOT"}, set(), msg=expression)

    def test_snippet_is_escaped_and_highlighted(self):
        self.entry("Verslag", "Iemand schreef <script>alert(1)</script> bij de **zonneboiler** & het <b>dak</b>.")
        snippet = search(self.editor, "zonneboiler").hits[0].snippet
        self.assertIn("<mark>zonneboiler</mark>", snippet)
        self.assertNotIn("<script>", snippet)
        self.assertNotIn("<b>", snippet)
        if SQLITE:  # PostgreSQL's ts_headline drops what it reads as tags; SQLite's snippet keeps them, escaped
            self.assertIn("&lt;script&gt;", snippet)
            self.assertIn("&amp;", snippet)

    def test_highlight_only_turns_our_own_marks_into_html(self):
        self.assertEqual(highlight("\ue000a<b>\ue001 \ue001x\ue000"), "<mark>a&lt;b&gt;</mark> x")

    def test_hit_details(self):
        entry = self.entry("Zonneboiler besproken", "Op de bewonersavond.", occurred_on=date(2020, 3, 4))
        record = self.record("Zonneboiler als voorbeeld", kind=RecordKind.LESSON, experiments=[self.experiment])
        hits = {hit.kind: hit for hit in search(self.editor, "zonneboiler").hits}
        self.assertEqual(hits["entry"].object_id, entry.pk)
        self.assertEqual(hits["entry"].experiment, self.experiment.title)
        self.assertEqual(hits["entry"].occurred_on, date(2020, 3, 4))
        self.assertEqual(hits["record"].object_id, record.pk)
        self.assertEqual((hits["record"].record_kind, hits["record"].status), ("lesson", "draft"))


class FilterAndPageTests(SearchData):
    def test_filters(self):
        entry = self.entry("Warmtenet", "Over het warmtenet.")
        other_entry = self.entry("Warmtenet elders", "Ook hier het warmtenet.", experiment=self.other_experiment)
        challenge = self.record("Warmtenet te duur", kind=RecordKind.CHALLENGE, experiments=[self.experiment])
        lesson = self.record("Warmtenet: begin klein", kind=RecordKind.LESSON, experiments=[self.other_experiment])
        everything = {("entry", entry.pk), ("entry", other_entry.pk), ("record", challenge.pk), ("record", lesson.pk)}
        self.assertEqual(self.found(self.researcher, "warmtenet"), everything)
        self.assertEqual(self.found(self.researcher, "warmtenet", kinds=["entry"]),
                         {("entry", entry.pk), ("entry", other_entry.pk)})
        self.assertEqual(self.found(self.researcher, "warmtenet", record_kind="lesson"), {("record", lesson.pk)})
        self.assertEqual(self.found(self.researcher, "warmtenet", experiment=self.experiment),
                         {("entry", entry.pk), ("record", challenge.pk)})
        self.assertEqual(self.found(self.researcher, "warmtenet", record_kind="nonsense"), set())
        self.assertEqual(self.found(self.researcher, "warmtenet", kinds=["nonsense"]), everything)

    def test_an_experiment_filter_never_widens_access(self):
        self.entry("Warmtenet", "Over het warmtenet.", experiment=self.other_experiment)
        self.assertEqual(self.found(self.reader, "warmtenet", experiment=self.other_experiment.pk), set())

    def test_pages(self):
        for day in range(1, 6):
            self.entry(f"Huiskamer dag {day}", "De huiskamer.", occurred_on=date(2020, 1, day))
        first = search(self.editor, "huiskamer", limit=2)
        second = search(self.editor, "huiskamer", limit=2, offset=2)
        last = search(self.editor, "huiskamer", limit=2, offset=4)
        self.assertTrue(first.has_more)
        self.assertTrue(second.has_more)
        self.assertFalse(last.has_more)
        ids = [hit.object_id for results in (first, second, last) for hit in results.hits]
        self.assertEqual(len(ids), 5)
        self.assertEqual(len(set(ids)), 5)


class LeakGridTests(SearchData):
    """Everything contains the same word; each persona must get exactly what it may read."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_editor = make_user("other-editor@example.org")
        Membership.objects.create(user=cls.other_editor, programme=cls.programme, experiment=cls.other_experiment,
                                  role=MembershipRole.EDITOR)

    def setUp(self):
        word = "zonneboiler"
        self.entry_a = self.entry(f"Logboek A: {word}", f"De {word} in experiment A.")
        self.entry_b = self.entry(f"Logboek B: {word}", f"De {word} in experiment B.",
                                  experiment=self.other_experiment, author=self.other_editor)
        self.private_draft = self.record(f"Concept A: {word}", experiments=[self.experiment])
        self.programme_draft = self.record(f"Programmaconcept: {word}", experiments=[self.experiment],
                                           confidentiality=Confidentiality.PROGRAMME)
        self.validated = self.record(f"Gevalideerd voor het programma: {word}", status=RecordStatus.VALIDATED,
                                     confidentiality=Confidentiality.PROGRAMME, experiments=[self.other_experiment])
        self.public = self.record(f"Openbaar: {word}", status=RecordStatus.PUBLISHED,
                                  confidentiality=Confidentiality.PUBLIC, experiments=[self.other_experiment])

    def expected(self, *objects) -> set[tuple[str, int]]:
        return {("entry" if isinstance(obj, LogEntry) else "record", obj.pk) for obj in objects}

    def test_each_persona_finds_exactly_what_it_may_read(self):
        everything = (self.entry_a, self.entry_b, self.private_draft, self.programme_draft, self.validated,
                      self.public)
        grid = {
            "anonymous": (AnonymousUser(), (self.public,)),
            "outsider": (self.outsider, (self.public,)),
            # A reader reads their own experiment, not another experiment's programme-level records.
            "reader of A": (self.reader, (self.entry_a, self.private_draft, self.programme_draft, self.public)),
            "editor of A": (self.editor, (self.entry_a, self.private_draft, self.programme_draft, self.validated,
                                          self.public)),
            "editor of B": (self.other_editor, (self.entry_b, self.validated, self.public)),
            "researcher": (self.researcher, everything),
            "coordinator": (self.coordinator, everything),
        }
        for persona, (user, visible) in grid.items():
            for query in ("zonneboiler", "zonneboilers", "zonneb"):
                with self.subTest(persona=persona, query=query):
                    if query == "zonneb" and not SQLITE:
                        continue
                    self.assertEqual(self.found(user, query), self.expected(*visible))

    def test_search_applies_the_same_rules_as_the_pages(self):
        # The SQL in search.py mirrors HarvestRecord.objects.visible_to and LogEntry.objects.visible_to; a drift
        # between the two would show a record in search that its page refuses, or hide one it shows.
        from dubbelslag.research.models import HarvestRecord

        for user in (AnonymousUser(), self.outsider, self.reader, self.editor, self.other_editor, self.researcher):
            with self.subTest(user=str(user)):
                pages = {("record", pk) for pk in HarvestRecord.objects.visible_to(user).values_list("pk", flat=True)}
                pages |= {("entry", pk) for pk in LogEntry.objects.visible_to(user).values_list("pk", flat=True)}
                self.assertEqual(self.found(user, "zonneboiler"), pages)

    def test_filters_do_not_open_anything(self):
        self.assertEqual(self.found(self.other_editor, "zonneboiler", experiment=self.experiment), set())
        self.assertEqual(self.found(AnonymousUser(), "zonneboiler", kinds=["entry"]), set())
        self.assertEqual(self.found(self.outsider, "zonneboiler", record_kind="insight"),
                         self.expected(self.public))

    def test_an_author_reads_their_own_record(self):
        own = self.record("Eigen concept: zonneboiler", created_by=self.outsider)
        self.assertEqual(self.found(self.outsider, "zonneboiler"), self.expected(self.public, own))

    def test_a_record_of_another_programme_stays_there(self):
        from testing.base import make_programme

        elsewhere = make_programme(name="Ander programma", slug="ander")
        record = self.record("Elders gevalideerd: zonneboiler", programme=elsewhere, status=RecordStatus.VALIDATED,
                             confidentiality=Confidentiality.PROGRAMME, created_by=self.outsider)
        self.assertNotIn(("record", record.pk), self.found(self.researcher, "zonneboiler"))
        self.assertNotIn(("record", record.pk), self.found(self.editor, "zonneboiler"))

    def test_a_superuser_reads_everything(self):
        admin = make_user("admin@example.org", is_superuser=True, is_staff=True)
        self.assertEqual(len(self.found(admin, "zonneboiler")), 6)

    def test_a_word_only_in_hidden_texts_does_not_change_what_is_found(self):
        # "zonnedakje" occurs as a whole word only in experiment A; editor B's own entry has a longer word. Whether
        # B's search matches word beginnings must not depend on what A wrote.
        self.entry("Verborgen", "Het zonnedakje van experiment A.")
        own = self.entry("Eigen", "Het zonnedakjesproject.", experiment=self.other_experiment,
                         author=self.other_editor)
        self.assertEqual(self.found(self.other_editor, "zonnedakje"), self.expected(own))


class IndexInStepTests(SearchData):
    def test_an_edited_entry_is_found_by_its_new_words_only(self):
        entry = self.entry("Verslag", "Eerst over isolatie.")
        entry.text = "Nu over zonnepanelen."
        entry.save()
        index_entry(entry)
        self.assertEqual(self.found(self.editor, "isolatie"), set())
        self.assertEqual(self.found(self.editor, "zonnepanelen"), {("entry", entry.pk)})

    def test_a_changed_record_follows_its_status(self):
        record = self.record("Les over de zonneboiler", status=RecordStatus.VALIDATED,
                             confidentiality=Confidentiality.PUBLIC)
        self.assertEqual(self.found(AnonymousUser(), "zonneboiler"), set())
        record.status = RecordStatus.PUBLISHED
        record.save()
        index_record(record)
        self.assertEqual(self.found(AnonymousUser(), "zonneboiler"), {("record", record.pk)})

    def test_a_removed_row_is_no_longer_found(self):
        entry = self.entry("Verslag", "Over de zonneboiler.")
        record = self.record("Zonneboiler", experiments=[self.experiment])
        unindex(SearchKind.ENTRY, entry.pk)
        self.assertEqual(self.found(self.editor, "zonneboiler"), {("record", record.pk)})
        SearchEntry.objects.filter(kind=SearchKind.RECORD, object_id=record.pk).delete()
        self.assertEqual(self.found(self.editor, "zonneboiler"), set())
        if SQLITE:
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM research_search_fts WHERE research_search_fts MATCH %s",
                               ['"zonneboiler"'])
                self.assertEqual(cursor.fetchone()[0], 0)


class SearchPageTests(SearchData):
    url = "/onderzoek/zoeken/"

    def setUp(self):
        self.client.cookies["django_language"] = "en"
        self.draft = self.record("Concept over de zonneboiler", experiments=[self.experiment])
        self.public = self.record("Openbare les over de zonneboiler", status=RecordStatus.PUBLISHED,
                                  confidentiality=Confidentiality.PUBLIC, kind=RecordKind.LESSON)
        self.log = self.entry("Logboek: zonneboiler", "De zonneboiler op het dak van het buurthuis.")

    def test_anonymous_finds_published_records_only(self):
        response = self.client.get(self.url, {"q": "zonneboiler"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Openbare les over de zonneboiler")
        self.assertNotContains(response, "Concept over de zonneboiler")
        self.assertNotContains(response, "Logboek: zonneboiler")

    def test_a_member_finds_entries_and_records(self):
        self.login(self.reader)
        response = self.client.get(self.url, {"q": "zonneboiler"})
        hits = response.context["results"].hits
        self.assertEqual({(hit.kind, hit.object_id) for hit in hits},
                         {("record", self.draft.pk), ("record", self.public.pk), ("entry", self.log.pk)})
        self.assertContains(response, "<mark>zonneboiler</mark>", html=False)

    def test_filters_from_the_query_string(self):
        self.login(self.reader)
        response = self.client.get(self.url, {"q": "zonneboiler", "soort": "record", "type": "lesson"})
        self.assertEqual([hit.object_id for hit in response.context["results"].hits], [self.public.pk])
        response = self.client.get(self.url, {"q": "zonneboiler", "soort": "entry",
                                              "experiment": self.experiment.pk})
        self.assertEqual([hit.object_id for hit in response.context["results"].hits], [self.log.pk])

    def test_bad_parameters_fall_back_to_defaults(self):
        self.login(self.reader)
        response = self.client.get(self.url, {"q": "zonneboiler", "soort": "x", "type": "y", "experiment": "z",
                                              "page": "-3"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["params"].page, 1)
        self.assertEqual(len(response.context["results"].hits), 3)
        # An experiment the reader may not read is not a filter choice, so it is ignored (and its title not shown).
        response = self.client.get(self.url, {"q": "zonneboiler", "experiment": self.other_experiment.pk})
        self.assertIsNone(response.context["params"].experiment)
        self.assertEqual(self.client.get(self.url, {"q": "zonneboiler", "page": "99999"}).status_code, 200)

    def test_empty_and_garbage_queries_get_a_message(self):
        self.assertNotContains(self.client.get(self.url), "Type one or more words")
        self.assertContains(self.client.get(self.url, {"q": "  "}), "Type one or more words to search for.")
        self.assertContains(self.client.get(self.url, {"q": '"*()"'}), "There is nothing to search for")
        self.assertContains(self.client.get(self.url, {"q": "onvindbaarwoord"}), "Nothing found for")

    def test_pages_link_to_each_other(self):
        for number in range(25):
            self.record(f"Openbare les {number} over isolatie", status=RecordStatus.PUBLISHED,
                        confidentiality=Confidentiality.PUBLIC)
        first = self.client.get(self.url, {"q": "isolatie"})
        self.assertEqual(len(first.context["results"].hits), 20)
        self.assertContains(first, "page=2")
        second = self.client.get(self.url, {"q": "isolatie", "page": 2})
        self.assertEqual(len(second.context["results"].hits), 5)
        self.assertContains(second, "page=1")
        self.assertFalse({hit.object_id for hit in first.context["results"].hits}
                         & {hit.object_id for hit in second.context["results"].hits})

    def test_only_get(self):
        self.assertEqual(self.client.post(self.url, {"q": "zonneboiler"}).status_code, 405)


class ParseQueryTests(TestCase):
    def test_groups_and_terms(self):
        parsed = parse_query('huiskamer "open huis" -warmtenet or isolatie')
        self.assertEqual(len(parsed.groups), 2)
        first, second = parsed.groups
        self.assertEqual([term.words for term in first], [("huiskamer",), ("open", "huis"), ("warmtenet",)])
        self.assertTrue(first[1].phrase)
        self.assertTrue(first[2].negated)
        self.assertEqual([term.words for term in second], [("isolatie",)])
