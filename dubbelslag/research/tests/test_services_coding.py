"""The coding services: the codebook (create, update without cycles, merge, delete only unused), marking excerpts by
offsets or quote (line ends and characters outside the BMP), codings per coder, and the audit trail."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from dubbelslag.core.models import AuditEvent
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from dubbelslag.research import codebook
from dubbelslag.research.enums import AnchorStatus, RecordKind
from dubbelslag.research.models import Code, Coding, Excerpt, HarvestRecord, LogEntry, Memo
from dubbelslag.research.services import coding as services
from testing.base import BaseTestCase, make_user

TEXT = "De huiskamer ging open. Bewoners kwamen koffie drinken.\nDe energiecoach sprak over isolatie."


def make_entry(experiment, *, text=TEXT, title="Opening huiskamer", author=None) -> LogEntry:
    return LogEntry.objects.create(experiment=experiment, title=title, text=text, author=author)


def make_code(name, *, parent=None, **extra) -> Code:
    return Code.objects.create(name=name, parent=parent, **extra)


class CodeServiceTests(BaseTestCase):
    def test_create_code_records_the_audit_trail_without_parent(self):
        parent = make_code("Participatie")
        code = services.create_code(by=self.researcher, name=" Vertrouwen ", name_en="Trust",
                                    description="Als bewoners…", color="#1F6FEB", parent=parent)
        self.assertEqual((code.name, code.name_en, code.color, code.parent), ("Vertrouwen", "Trust", "#1f6feb",
                                                                               parent))
        self.assertEqual(code.created_by, self.researcher)
        event = AuditEvent.objects.get(object_id=str(code.pk), content_type__model="code")
        self.assertEqual(event.action, "create")
        self.assertEqual(event.parent_object_id, "")
        self.assertEqual(event.changes["name"], [None, "Vertrouwen"])

    def test_only_the_programme_team_changes_the_codebook(self):
        for user in (self.editor, self.reader, self.outsider):
            with self.assertRaises(PermissionDenied):
                services.create_code(by=user, name="Nee")
        self.assertFalse(Code.objects.filter(name="Nee").exists())

    def test_names_are_unique_among_siblings_case_insensitive(self):
        parent = make_code("Participatie")
        make_code("Vertrouwen", parent=parent)
        with self.assertRaises(ValidationError) as refused:
            services.create_code(by=self.researcher, name="vertrouwen", parent=parent)
        self.assertIn("name", refused.exception.error_dict)
        # The same name elsewhere in the tree is fine.
        services.create_code(by=self.researcher, name="Vertrouwen")

    def test_a_bad_colour_is_refused_with_a_field_error(self):
        with self.assertRaises(ValidationError) as refused:
            services.create_code(by=self.researcher, name="Kleur", color="blue")
        self.assertEqual(list(refused.exception.error_dict), ["color"])

    def test_update_refuses_a_cycle(self):
        top = make_code("Top")
        middle = make_code("Midden", parent=top)
        bottom = make_code("Onder", parent=middle)
        with self.assertRaises(ValidationError) as refused:
            services.update_code(top, by=self.researcher, version=top.version, parent=bottom)
        self.assertIn("parent", refused.exception.error_dict)
        with self.assertRaises(ValidationError):
            services.update_code(top, by=self.researcher, version=top.version, parent=top)
        top.refresh_from_db()
        self.assertIsNone(top.parent)

    def test_update_refuses_a_stale_version_and_bumps_the_version(self):
        code = make_code("Vertrouwen")
        services.update_code(code, by=self.researcher, version=1, name="Vertrouwen in de gemeente")
        self.assertEqual(code.version, 2)
        stale = Code.objects.get(pk=code.pk)
        stale.version = 1
        with self.assertRaises(ValidationError) as refused:
            services.update_code(stale, by=self.coordinator, version=1, name="Overschreven")
        self.assertEqual(refused.exception.code, "stale")
        code.refresh_from_db()
        self.assertEqual(code.name, "Vertrouwen in de gemeente")
        event = AuditEvent.objects.filter(object_id=str(code.pk), action="change").get()
        self.assertEqual(event.changes["name"], ["Vertrouwen", "Vertrouwen in de gemeente"])

    def test_delete_only_when_unused(self):
        unused = make_code("Ongebruikt")
        services.delete_code(unused, by=self.researcher)
        self.assertFalse(Code.objects.filter(pk=unused.pk).exists())

        used = make_code("Gebruikt")
        entry = make_entry(self.experiment)
        excerpt = services.mark_excerpt(entry, by=self.editor, quote="huiskamer", codes=[used])
        with self.assertRaises(ValidationError) as refused:
            services.delete_code(used, by=self.researcher)
        self.assertIn("applied 1 time.", refused.exception.messages[0])
        parent = make_code("Ouder")
        make_code("Kind", parent=parent)
        with self.assertRaises(ValidationError):
            services.delete_code(parent, by=self.researcher)
        self.assertTrue(Code.objects.filter(pk__in=[used.pk, parent.pk]).count() == 2)
        self.assertEqual(excerpt.codings.count(), 1)


class MergeTests(BaseTestCase):
    def test_merge_moves_codings_drops_duplicates_moves_children_and_memos(self):
        source = make_code("Vertrouwen")
        into = make_code("Vertrouwen in instanties")
        child = make_code("Wantrouwen", parent=source)
        entry = make_entry(self.experiment)
        both = services.mark_excerpt(entry, by=self.editor, quote="huiskamer", codes=[source, into])
        only_source = services.mark_excerpt(entry, by=self.editor, quote="koffie", codes=[source])
        # Another coder's coding of the same excerpt with the source is not a duplicate.
        services.apply_code(both, code=source, by=self.researcher)
        memo = services.add_memo(source, by=self.researcher, text="Zie ook het interview.")

        result = services.merge_code(source, into=into, by=self.coordinator)

        self.assertEqual((result.moved_codings, result.dropped_codings, result.moved_children, result.moved_memos),
                         (2, 1, 1, 1))
        self.assertFalse(Code.objects.filter(pk=source.pk).exists())
        self.assertEqual(
            set(Coding.objects.values_list("excerpt_id", "code_id", "coder_id")),
            {(both.pk, into.pk, self.editor.pk), (both.pk, into.pk, self.researcher.pk),
             (only_source.pk, into.pk, self.editor.pk)})
        child.refresh_from_db()
        self.assertEqual(child.parent, into)
        memo.refresh_from_db()
        self.assertEqual(memo.object_id, into.pk)
        notes = set(AuditEvent.objects.exclude(note="").values_list("content_type__model", "action"))
        self.assertEqual(notes, {("code", "change"), ("code", "delete"), ("coding", "change"), ("coding", "delete")})
        # The coding changes show in the experiment's history.
        coding_events = AuditEvent.objects.filter(content_type__model="coding").exclude(note="")
        self.assertEqual({event.parent_object_id for event in coding_events}, {str(self.experiment.pk)})

    def test_merge_refuses_itself_a_sub_code_and_name_clashes(self):
        source = make_code("Bron")
        sub = make_code("Sub", parent=source)
        with self.assertRaises(ValidationError):
            services.merge_code(source, into=source, by=self.researcher)
        with self.assertRaises(ValidationError):
            services.merge_code(source, into=sub, by=self.researcher)
        into = make_code("Doel")
        make_code("sub", parent=into)
        with self.assertRaises(ValidationError) as refused:
            services.merge_code(source, into=into, by=self.researcher)
        self.assertIn("Sub", refused.exception.messages[0])
        self.assertTrue(Code.objects.filter(pk=source.pk).exists())

    def test_codings_do_not_go_to_a_code_that_only_groups(self):
        source, group = make_code("A"), make_code("Groep", is_codable=False)
        entry = make_entry(self.experiment)
        services.mark_excerpt(entry, by=self.editor, quote="koffie", codes=[source])
        with self.assertRaises(ValidationError):
            services.merge_code(source, into=group, by=self.researcher)
        with self.assertRaises(ValidationError) as refused:
            services.update_code(source, by=self.researcher, version=source.version, is_codable=False)
        self.assertIn("is_codable", refused.exception.error_dict)
        source.refresh_from_db()
        self.assertTrue(source.is_codable)

    def test_merge_is_for_the_programme_team(self):
        source, into = make_code("A"), make_code("B")
        with self.assertRaises(PermissionDenied):
            services.merge_code(source, into=into, by=self.editor)


class ExcerptServiceTests(BaseTestCase):
    def setUp(self):
        self.code = make_code("Ontmoeting")
        self.other_code = make_code("Isolatie")

    def test_mark_by_quote_stores_offsets_quote_and_context(self):
        entry = make_entry(self.experiment)
        excerpt = services.mark_excerpt(entry, by=self.editor, quote="  koffie drinken ", codes=[self.code])
        start = TEXT.index("koffie drinken")
        self.assertEqual((excerpt.start, excerpt.end, excerpt.quote), (start, start + 14, "koffie drinken"))
        self.assertEqual(excerpt.prefix, TEXT[max(0, start - 32):start])
        self.assertEqual(excerpt.created_by, self.editor)
        self.assertEqual(list(excerpt.codings.values_list("code", "coder")), [(self.code.pk, self.editor.pk)])
        events = AuditEvent.objects.filter(parent_object_id=str(self.experiment.pk))
        self.assertEqual(set(events.values_list("content_type__model", flat=True)), {"excerpt", "coding"})

    def test_mark_by_offsets(self):
        entry = make_entry(self.experiment)
        start = TEXT.index("energiecoach")
        excerpt = services.mark_excerpt(entry, by=self.editor, start=start, end=start + 12, quote="energiecoach")
        self.assertEqual(excerpt.quote, "energiecoach")

    def test_a_quote_that_occurs_twice_or_not_at_all_is_refused(self):
        entry = make_entry(self.experiment)
        with translation_en():
            with self.assertRaises(ValidationError) as twice:
                services.mark_excerpt(entry, by=self.editor, quote="De ")
            self.assertIn("occurs 2 times", twice.exception.messages[0])
            with self.assertRaises(ValidationError) as absent:
                services.mark_excerpt(entry, by=self.editor, quote="warmtepomp")
            self.assertIn("does not occur", absent.exception.messages[0])
        self.assertFalse(Excerpt.objects.exists())

    def test_offsets_whose_quote_no_longer_matches_are_refused(self):
        entry = make_entry(self.experiment)
        with self.assertRaises(ValidationError):
            services.mark_excerpt(entry, by=self.editor, start=0, end=2, quote="xx")
        with self.assertRaises(ValidationError):
            services.mark_excerpt(entry, by=self.editor, start=5, end=5000)

    def test_crlf_text_offsets_and_quotes_from_the_page_map_to_the_stored_text(self):
        # Stored with Windows line ends, as a browser's textarea submits them.
        stored = "Eerste regel.\r\nTweede regel met isolatie.\r\nDerde regel."
        entry = make_entry(self.experiment, text=stored)
        page = services.normalise_newlines(stored)  # what the browser's DOM holds
        start = page.index("isolatie")
        excerpt = services.mark_excerpt(entry, by=self.editor, start=start, end=start + 8, quote="isolatie")
        self.assertEqual(stored[excerpt.start:excerpt.end], "isolatie")
        # A quote spanning a line end, pasted (the form submits \r\n) or selected (the DOM gives \n).
        for quote in ("regel.\r\nTweede", "regel.\nTweede"):
            marked = services.mark_excerpt(entry, by=self.editor, quote=quote)
            self.assertEqual(stored[marked.start:marked.end], "regel.\r\nTweede")
        selected = page.index("isolatie.\nDerde")
        marked = services.mark_excerpt(entry, by=self.editor, start=selected, end=selected + 15,
                                       quote="isolatie.\r\nDerde")
        self.assertEqual(marked.quote, "isolatie.\r\nDerde")
        self.assertEqual(services.raw_to_normalised(stored, marked.start), selected)

    def test_characters_outside_the_bmp_count_as_one(self):
        text = "Bewoners 😀 waren blij met de huiskamer."
        entry = make_entry(self.experiment, text=text)
        start = text.index("blij")  # Python counts code points, as coding.js does
        excerpt = services.mark_excerpt(entry, by=self.editor, start=start, end=start + 4, quote="blij")
        self.assertEqual(excerpt.quote, "blij")

    def test_marking_the_same_span_again_adds_codes_to_the_existing_excerpt(self):
        entry = make_entry(self.experiment)
        first = services.mark_excerpt(entry, by=self.editor, quote="koffie", codes=[self.code])
        second = services.mark_excerpt(entry, by=self.researcher, quote="koffie", codes=[self.code, self.other_code])
        self.assertEqual(first.pk, second.pk)
        self.assertEqual(set(first.codings.values_list("code", "coder")),
                         {(self.code.pk, self.editor.pk), (self.code.pk, self.researcher.pk),
                          (self.other_code.pk, self.researcher.pk)})

    def test_a_grouping_code_cannot_be_applied(self):
        group = make_code("Groep", is_codable=False)
        entry = make_entry(self.experiment)
        with self.assertRaises(ValidationError):
            services.mark_excerpt(entry, by=self.editor, quote="koffie", codes=[group])
        self.assertFalse(Excerpt.objects.exists())

    def test_readers_and_outsiders_cannot_mark(self):
        entry = make_entry(self.experiment)
        for user in (self.reader, self.outsider):
            with self.assertRaises(PermissionDenied):
                services.mark_excerpt(entry, by=user, quote="koffie")
        self.assertFalse(Excerpt.objects.exists())

    def test_apply_code_is_unique_per_coder(self):
        entry = make_entry(self.experiment)
        excerpt = services.mark_excerpt(entry, by=self.editor, quote="koffie")
        first = services.apply_code(excerpt, code=self.code, by=self.editor)
        again = services.apply_code(excerpt, code=self.code, by=self.editor)
        other = services.apply_code(excerpt, code=self.code, by=self.researcher)
        self.assertEqual(first.pk, again.pk)
        self.assertNotEqual(first.pk, other.pk)
        self.assertEqual(excerpt.codings.count(), 2)

    def test_remove_coding_own_or_programme_team(self):
        entry = make_entry(self.experiment)
        excerpt = services.mark_excerpt(entry, by=self.researcher, quote="koffie", codes=[self.code])
        coding = excerpt.codings.get()
        colleague = make_user("colleague@example.org")
        Membership.objects.create(user=colleague, programme=self.programme, experiment=self.experiment,
                                  role=MembershipRole.EDITOR)
        with self.assertRaises(PermissionDenied):
            services.remove_coding(coding, by=colleague)
        services.remove_coding(coding, by=self.coordinator)
        self.assertFalse(Coding.objects.exists())
        self.assertTrue(Excerpt.objects.filter(pk=excerpt.pk).exists())
        self.assertTrue(AuditEvent.objects.filter(content_type__model="coding", action="delete").exists())

    def test_delete_excerpt_refused_when_a_record_cites_it(self):
        entry = make_entry(self.experiment)
        excerpt = services.mark_excerpt(entry, by=self.editor, quote="koffie", codes=[self.code])
        record = HarvestRecord.objects.create(programme=self.programme, kind=RecordKind.INSIGHT,
                                              title="Koffie werkt", summary="…")
        record.evidence_excerpts.add(excerpt)
        with self.assertRaises(ValidationError) as refused:
            services.delete_excerpt(excerpt, by=self.editor)
        self.assertIn("Koffie werkt", refused.exception.messages[0])
        self.assertTrue(Excerpt.objects.filter(pk=excerpt.pk).exists())

        record.evidence_excerpts.clear()
        memo = services.add_memo(excerpt, by=self.editor, text="Mooi citaat.")
        services.delete_excerpt(excerpt, by=self.editor)
        self.assertFalse(Excerpt.objects.exists())
        self.assertFalse(Coding.objects.exists())
        self.assertFalse(Memo.objects.filter(pk=memo.pk).exists())
        deleted = set(AuditEvent.objects.filter(action="delete").values_list("content_type__model", flat=True))
        self.assertEqual(deleted, {"excerpt", "coding", "memo"})


class MemoServiceTests(BaseTestCase):
    def test_memo_on_an_entry_has_the_experiment_as_audit_parent(self):
        entry = make_entry(self.experiment)
        memo = services.add_memo(entry, by=self.editor, title="Eerste indruk", text="Veel opkomst.")
        self.assertEqual((memo.target, memo.author), (entry, self.editor))
        event = AuditEvent.objects.get(content_type=ContentType.objects.get_for_model(Memo), object_id=str(memo.pk))
        self.assertEqual(event.parent_object_id, str(self.experiment.pk))

    def test_readers_cannot_write_memos_on_entries_but_members_may_on_codes_only_when_team(self):
        entry = make_entry(self.experiment)
        with self.assertRaises(PermissionDenied):
            services.add_memo(entry, by=self.reader, text="Nee")
        code = make_code("Vertrouwen")
        with self.assertRaises(PermissionDenied):
            services.add_memo(code, by=self.editor, text="Nee")
        services.add_memo(code, by=self.researcher, text="Ja")

    def test_update_memo_version_check_and_author_rule(self):
        entry = make_entry(self.experiment)
        memo = services.add_memo(entry, by=self.editor, text="Versie 1")
        services.update_memo(memo, by=self.editor, version=1, title="", text="Versie 2")
        with self.assertRaises(ValidationError) as refused:
            services.update_memo(Memo.objects.get(pk=memo.pk), by=self.editor, version=1, title="", text="Oud")
        self.assertEqual(refused.exception.code, "stale")
        colleague = make_user("colleague@example.org")
        Membership.objects.create(user=colleague, programme=self.programme, experiment=self.experiment,
                                  role=MembershipRole.EDITOR)
        with self.assertRaises(PermissionDenied):
            services.update_memo(memo, by=colleague, version=2, title="", text="Van mij")
        services.update_memo(memo, by=self.researcher, version=2, title="", text="Versie 3")
        memo.refresh_from_db()
        self.assertEqual((memo.text, memo.version), ("Versie 3", 3))

    def test_empty_memo_is_refused(self):
        entry = make_entry(self.experiment)
        with self.assertRaises(ValidationError):
            services.add_memo(entry, by=self.editor, text="   ")


class HighlightTests(BaseTestCase):
    def test_segments_keep_every_character_and_nest_overlaps(self):
        text = "abcdefghij"
        entry = make_entry(self.experiment, text=text)
        one = Excerpt.objects.create(entry=entry, start=1, end=5, quote="bcde")
        two = Excerpt.objects.create(entry=entry, start=3, end=8, quote="defgh")
        lost = Excerpt.objects.create(entry=entry, start=0, end=2, quote="zz", anchor_status=AnchorStatus.LOST)
        segments = codebook.highlight_segments(text, [one, two, lost])
        self.assertEqual("".join(segment.text for segment in segments), text)
        self.assertEqual([(segment.text, segment.excerpts) for segment in segments],
                         [("a", []), ("bc", [one.pk]), ("de", [one.pk, two.pk]), ("fgh", [two.pk]), ("ij", [])])


def translation_en():
    from django.utils import translation

    return translation.override("en")
