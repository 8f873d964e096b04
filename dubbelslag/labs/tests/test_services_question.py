"""The knowledge-question lifecycle services: every legal and illegal transition, who may take them, the audit trail
and the e-mails to followers."""

from datetime import timedelta

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from dubbelslag.core.models import AuditAction, AuditEvent
from dubbelslag.labs.enums import Priority, QuestionStatus, Verb
from dubbelslag.labs.models import AgendaItem, KnowledgeQuestion
from dubbelslag.labs.services import questions as services
from dubbelslag.programme.models import Theme
from testing.base import BaseTestCase, make_programme, make_user
from testing.factories.labs import in_days, make_deep_dive, make_lab, make_question, make_working_group

S = QuestionStatus
# The lifecycle as the programme describes it, written out here so the declaration (labs.workflows.QUESTIONS) is
# checked against it rather than against itself: (status, verb) → the status it leads to.
LIFECYCLE = {
    (S.RAISED, Verb.TRIAGE): S.TRIAGED, (S.RAISED, Verb.MERGE): S.MERGED, (S.RAISED, Verb.CLOSE): S.CLOSED,
    (S.TRIAGED, Verb.ASSIGN): S.ASSIGNED, (S.TRIAGED, Verb.MERGE): S.MERGED, (S.TRIAGED, Verb.CLOSE): S.CLOSED,
    (S.ASSIGNED, Verb.START): S.IN_PROGRESS, (S.ASSIGNED, Verb.ASSIGN): S.ASSIGNED,
    (S.ASSIGNED, Verb.ANSWER): S.ANSWERED, (S.ASSIGNED, Verb.MERGE): S.MERGED,
    (S.IN_PROGRESS, Verb.ANSWER): S.ANSWERED, (S.IN_PROGRESS, Verb.ASSIGN): S.ASSIGNED,
    (S.IN_PROGRESS, Verb.MERGE): S.MERGED,
    (S.ANSWERED, Verb.CLOSE): S.CLOSED, (S.ANSWERED, Verb.REOPEN): S.IN_PROGRESS,
}
VERBS = [Verb.TRIAGE, Verb.MERGE, Verb.ASSIGN, Verb.START, Verb.ANSWER, Verb.CLOSE, Verb.REOPEN]


def events_for(question):
    return list(AuditEvent.objects.for_object(question).order_by("at", "pk"))


class LifecycleFixtures(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.chair = make_user("chair@example.org", name="Chris Chair")
        from dubbelslag.programme.models import Membership

        Membership.objects.create(user=cls.chair, programme=cls.programme, experiment=cls.experiment, role="reader")
        cls.lab = make_lab(programme=cls.programme, number=1)
        cls.next_lab = make_lab(programme=cls.programme, number=2)
        cls.group = make_working_group(programme=cls.programme, chair=cls.chair)
        cls.other_group = make_working_group(programme=cls.programme, name="Werkgroep Techniek")
        cls.deep_dive = make_deep_dive(programme=cls.programme)
        cls.themes = list(Theme.objects.filter(parent__isnull=False)[:2])

    def question_in(self, status, **overrides):
        fields = {"raised_by": self.reader, "experiment": self.experiment}
        if status in {QuestionStatus.ASSIGNED, QuestionStatus.IN_PROGRESS, QuestionStatus.ANSWERED,
                      QuestionStatus.CLOSED}:
            fields["assigned_group"] = self.group
        if status in {QuestionStatus.ANSWERED, QuestionStatus.CLOSED}:
            fields["answer_summary"] = "Het antwoord."
        fields.update(overrides)
        return make_question(programme=self.programme, status=status, **fields)


class RaiseAndEditTests(LifecycleFixtures):
    def test_reader_raises_a_question_for_their_experiment_and_follows_it(self):
        question = services.raise_question(programme=self.programme, by=self.reader, title="Werkt een huiskamer?",
                                           description="Uitleg", experiment=self.experiment, themes=self.themes)
        self.assertEqual(question.status, QuestionStatus.RAISED)
        self.assertEqual(question.raised_by, self.reader)
        self.assertEqual(set(question.followers.all()), {self.reader})
        self.assertEqual(set(question.themes.all()), set(self.themes))
        [event] = events_for(question)
        self.assertEqual((event.action, event.note, event.actor), (AuditAction.CREATE, Verb.RAISE, self.reader))
        self.assertEqual(event.changes["title"], [None, "Werkt een huiskamer?"])

    def test_programme_wide_question_by_any_participant(self):
        question = services.raise_question(programme=self.programme, by=self.editor, title="Programmabreed?")
        self.assertIsNone(question.experiment)

    def test_the_system_raises_without_a_raiser(self):
        question = services.raise_question(programme=self.programme, by=None, title="Staande vraag")
        self.assertIsNone(question.raised_by)
        self.assertFalse(question.followers.exists())
        self.assertEqual(events_for(question)[0].actor_label, "system")

    def test_reader_cannot_raise_for_another_experiment(self):
        with self.assertRaises(PermissionDenied):
            services.raise_question(programme=self.programme, by=self.reader, title="X",
                                    experiment=self.other_experiment)
        self.assertFalse(KnowledgeQuestion.objects.exists())

    def test_outsider_cannot_raise(self):
        with self.assertRaises(PermissionDenied):
            services.raise_question(programme=self.programme, by=self.outsider, title="X")

    def test_experiment_of_another_programme_is_refused(self):
        other = make_programme(name="Ander programma", slug="ander")
        with self.assertRaises(ValidationError):
            services.raise_question(programme=other, by=None, title="X", experiment=self.experiment)

    def test_empty_title_is_refused(self):
        with self.assertRaises(ValidationError):
            services.raise_question(programme=self.programme, by=self.reader, title="")
        self.assertFalse(KnowledgeQuestion.objects.exists())

    def test_raiser_edits_while_raised(self):
        question = self.question_in(QuestionStatus.RAISED)
        services.update_question(question, by=self.reader, version=question.version, title="Nieuwe titel",
                                 description="Meer uitleg", themes=self.themes[:1])
        question.refresh_from_db()
        self.assertEqual((question.title, question.version), ("Nieuwe titel", 2))
        event = events_for(question)[-1]
        self.assertEqual((event.action, event.note), (AuditAction.CHANGE, Verb.EDIT))
        self.assertEqual(event.changes["title"][1], "Nieuwe titel")

    def test_raiser_cannot_edit_once_triaged_but_coordinator_can(self):
        question = self.question_in(QuestionStatus.TRIAGED)
        with self.assertRaises(PermissionDenied):
            services.update_question(question, by=self.reader, version=question.version, title="X",
                                     description="", themes=[])
        services.update_question(question, by=self.coordinator, version=question.version, title="Scherper",
                                 description="", themes=[])
        question.refresh_from_db()
        self.assertEqual(question.title, "Scherper")

    def test_other_participant_cannot_edit(self):
        question = self.question_in(QuestionStatus.RAISED)
        with self.assertRaises(PermissionDenied):
            services.update_question(question, by=self.editor, version=question.version, title="X",
                                     description="", themes=[])

    def test_stale_version_is_refused(self):
        question = self.question_in(QuestionStatus.RAISED)
        services.update_question(question, by=self.reader, version=1, title="Eerste", description="", themes=[])
        with self.assertRaises(ValidationError) as refused:
            services.update_question(question, by=self.reader, version=1, title="Tweede", description="",
                                     themes=[])
        self.assertEqual(refused.exception.code, "stale")
        question.refresh_from_db()
        self.assertEqual(question.title, "Eerste")


class TransitionGridTests(LifecycleFixtures):
    """Every verb from every status: legal ones succeed and land in the verb's status, the rest are refused with a
    message naming both statuses, and nothing changes."""

    def run_verb(self, verb, question):
        by = self.coordinator
        if verb == Verb.TRIAGE:
            return services.triage_question(question, by=by, themes=self.themes, priority=Priority.HIGH)
        if verb == Verb.MERGE:
            into = make_question(programme=self.programme, title="Het origineel")
            return services.merge_question(question, into=into, by=by)
        if verb == Verb.ASSIGN:
            return services.assign_question(question, by=by, group=self.other_group)
        if verb == Verb.START:
            return services.start_question(question, by=by)
        if verb == Verb.ANSWER:
            return services.answer_question(question, by=by, summary="Zo zit het.")
        if verb == Verb.CLOSE:
            return services.close_question(question, by=by, reason="Klaar")
        if verb == Verb.REOPEN:
            return services.reopen_question(question, by=by)
        raise AssertionError(verb)

    def test_every_verb_from_every_status(self):
        legal_seen = set()
        with translation.override("en"):
            for status in QuestionStatus.values:
                for verb in VERBS:
                    with self.subTest(status=status, verb=verb):
                        question = self.question_in(status)
                        before_events = len(events_for(question))
                        if (status, verb) in LIFECYCLE:
                            result = self.run_verb(verb, question)
                            result.refresh_from_db()
                            self.assertEqual(result.status, LIFECYCLE[status, verb])
                            event = events_for(question)[-1]
                            reassign = verb == Verb.ASSIGN and status != QuestionStatus.TRIAGED
                            self.assertEqual((event.action, event.note),
                                             (AuditAction.TRANSITION, Verb.REASSIGN if reassign else verb))
                            self.assertEqual(event.actor, self.coordinator)
                            self.assertIn("assigned_group" if reassign else "status", event.changes)
                            legal_seen.add((status, verb))
                        else:
                            with self.assertRaises(ValidationError) as refused:
                                self.run_verb(verb, question)
                            question.refresh_from_db()
                            self.assertEqual(question.status, status)
                            self.assertEqual(len(events_for(question)), before_events)
                            message = refused.exception.messages[0]
                            self.assertIn(str(QuestionStatus(status).label), message)
        # Every arrow of the lifecycle was walked at least once.
        self.assertEqual(legal_seen, set(LIFECYCLE))

    def test_illegal_message_names_current_and_requested_status(self):
        question = self.question_in(QuestionStatus.CLOSED)
        with translation.override("en"), self.assertRaises(ValidationError) as refused:
            services.triage_question(question, by=self.coordinator, themes=[], priority=Priority.LOW)
        self.assertEqual(refused.exception.messages, ["This question is “closed”; it cannot become “triaged”."])

    def test_transition_sets_last_progress_and_version(self):
        question = self.question_in(QuestionStatus.RAISED, last_progress_at=timezone.now() - timedelta(weeks=10))
        services.triage_question(question, by=self.coordinator, themes=self.themes, priority=Priority.LOW)
        question.refresh_from_db()
        self.assertGreater(question.last_progress_at, timezone.now() - timedelta(minutes=1))
        self.assertEqual(question.version, 2)

    def test_triage_sets_themes_and_priority_in_the_audit(self):
        question = self.question_in(QuestionStatus.RAISED)
        services.triage_question(question, by=self.coordinator, themes=self.themes, priority=Priority.HIGH)
        event = events_for(question)[-1]
        self.assertEqual(event.changes["themes"][1], sorted(str(theme) for theme in self.themes))
        self.assertIn("priority", event.changes)
        self.assertEqual(set(question.themes.all()), set(self.themes))

    def test_service_checks_the_status_as_it_is_now(self):
        question = self.question_in(QuestionStatus.RAISED)
        stale_copy = KnowledgeQuestion.objects.get(pk=question.pk)
        services.close_question(question, by=self.coordinator)
        with self.assertRaises(ValidationError):
            services.triage_question(stale_copy, by=self.coordinator, themes=[], priority=Priority.LOW)


class RightsTests(LifecycleFixtures):
    def test_only_coordinators_steer(self):
        for user in (self.researcher, self.editor, self.reader, self.outsider, self.chair):
            with self.subTest(user=user.email):
                question = self.question_in(QuestionStatus.RAISED)
                with self.assertRaises(PermissionDenied):
                    services.triage_question(question, by=user, themes=[], priority=Priority.LOW)
                with self.assertRaises(PermissionDenied):
                    services.close_question(question, by=user)
                with self.assertRaises(PermissionDenied):
                    services.merge_question(question, into=make_question(programme=self.programme), by=user)
                triaged = self.question_in(QuestionStatus.TRIAGED)
                with self.assertRaises(PermissionDenied):
                    services.assign_question(triaged, by=user, lab=self.lab)
                answered = self.question_in(QuestionStatus.ANSWERED)
                with self.assertRaises(PermissionDenied):
                    services.reopen_question(answered, by=user)
                self.assertEqual(
                    set(KnowledgeQuestion.objects.filter(pk__in=[question.pk, triaged.pk, answered.pk])
                        .values_list("status", flat=True)),
                    {QuestionStatus.RAISED, QuestionStatus.TRIAGED, QuestionStatus.ANSWERED})

    def test_chair_of_the_assigned_group_starts_and_answers(self):
        question = self.question_in(QuestionStatus.ASSIGNED)
        services.start_question(question, by=self.chair)
        services.answer_question(question, by=self.chair, summary="Antwoord van de werkgroep")
        question.refresh_from_db()
        self.assertEqual(question.status, QuestionStatus.ANSWERED)
        self.assertEqual(question.answer_summary, "Antwoord van de werkgroep")
        self.assertIsNotNone(question.answered_at)

    def test_chair_cannot_work_on_another_groups_question_or_steer(self):
        other = self.question_in(QuestionStatus.ASSIGNED, assigned_group=self.other_group)
        with self.assertRaises(PermissionDenied):
            services.start_question(other, by=self.chair)
        lab_question = self.question_in(QuestionStatus.ASSIGNED, assigned_group=None, assigned_lab=self.lab)
        with self.assertRaises(PermissionDenied):
            services.answer_question(lab_question, by=self.chair, summary="x")
        own = self.question_in(QuestionStatus.ANSWERED)
        with self.assertRaises(PermissionDenied):
            services.close_question(own, by=self.chair)

    def test_researchers_and_editors_cannot_start_or_answer(self):
        question = self.question_in(QuestionStatus.ASSIGNED)
        for user in (self.researcher, self.editor, self.reader, self.outsider):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                services.answer_question(question, by=user, summary="x")

    def test_available_verbs(self):
        self.assertEqual(services.available_verbs(self.coordinator, self.question_in(QuestionStatus.RAISED)),
                         {Verb.TRIAGE, Verb.MERGE, Verb.CLOSE})
        assigned = self.question_in(QuestionStatus.ASSIGNED)
        self.assertEqual(services.available_verbs(self.coordinator, assigned),
                         {Verb.ASSIGN, Verb.UNASSIGN, Verb.START, Verb.ANSWER, Verb.MERGE})
        self.assertEqual(services.available_verbs(self.chair, assigned), {Verb.START, Verb.ANSWER})
        self.assertEqual(services.available_verbs(self.reader, assigned), set())
        self.assertEqual(services.available_verbs(self.coordinator, self.question_in(QuestionStatus.ANSWERED)),
                         {Verb.CLOSE, Verb.REOPEN})
        self.assertEqual(services.available_verbs(self.coordinator, self.question_in(QuestionStatus.CLOSED)), set())


class AssignTests(LifecycleFixtures):
    def test_assigning_to_a_lab_puts_it_on_the_agenda_once(self):
        question = self.question_in(QuestionStatus.TRIAGED)
        with translation.override("en"):
            services.assign_question(question, by=self.coordinator, lab=self.lab)
        [item] = AgendaItem.objects.filter(questions=question)
        # An experiment's question: everyone in the programme reads the agenda, so the item's title is neutral.
        self.assertEqual((item.lab, item.title), (self.lab, "Knowledge question from an experiment"))
        self.assertNotIn(question.title, item.title)
        self.assertEqual(question.assigned_to, self.lab)
        # Moving it to a group and back does not add a second agenda item.
        services.assign_question(question, by=self.coordinator, group=self.group)
        self.assertFalse(AgendaItem.objects.filter(questions=question).exists())
        services.assign_question(question, by=self.coordinator, lab=self.lab)
        self.assertEqual(AgendaItem.objects.filter(questions=question).count(), 1)

    def test_a_programme_wide_question_is_on_the_agenda_under_its_own_title(self):
        question = self.question_in(QuestionStatus.TRIAGED, experiment=None)
        services.assign_question(question, by=self.coordinator, lab=self.lab)
        [item] = AgendaItem.objects.filter(questions=question)
        self.assertEqual(item.title, question.title)

    def test_existing_agenda_item_is_reused(self):
        question = self.question_in(QuestionStatus.TRIAGED)
        item = AgendaItem.objects.create(lab=self.lab, title="Betaalbaarheid", order=1)
        item.questions.add(question)
        services.assign_question(question, by=self.coordinator, lab=self.lab)
        self.assertEqual(list(AgendaItem.objects.filter(questions=question)), [item])

    def test_reassigning_moves_it_between_labs_keeping_a_shared_item(self):
        question = self.question_in(QuestionStatus.TRIAGED)
        services.assign_question(question, by=self.coordinator, lab=self.lab)
        shared = AgendaItem.objects.create(lab=self.lab, title="Gedeeld item", order=5, outcome="Besproken")
        shared.questions.add(question)
        services.assign_question(question, by=self.coordinator, lab=self.next_lab)
        self.assertEqual(list(AgendaItem.objects.filter(questions=question).values_list("lab", flat=True)),
                         [self.next_lab.pk])
        self.assertTrue(AgendaItem.objects.filter(pk=shared.pk).exists())
        event = events_for(question)[-1]
        self.assertEqual(event.note, Verb.REASSIGN)
        self.assertEqual(event.changes["assigned_lab"], [self.lab.title, self.next_lab.title])

    def test_a_past_labs_agenda_keeps_the_question(self):
        past = make_lab(programme=self.programme, number=9, starts_at=in_days(-30))
        question = self.question_in(QuestionStatus.ASSIGNED, assigned_group=None, assigned_lab=past)
        AgendaItem.objects.create(lab=past, title=question.title).questions.add(question)
        services.assign_question(question, by=self.coordinator, deep_dive=self.deep_dive)
        self.assertTrue(AgendaItem.objects.filter(lab=past, questions=question).exists())
        question.refresh_from_db()
        self.assertEqual(question.assigned_to, self.deep_dive)
        self.assertIsNone(question.assigned_lab)

    def test_in_progress_question_reassigned_goes_back_to_assigned(self):
        question = self.question_in(QuestionStatus.IN_PROGRESS)
        services.assign_question(question, by=self.coordinator, deep_dive=self.deep_dive)
        question.refresh_from_db()
        self.assertEqual((question.status, question.assigned_group), (QuestionStatus.ASSIGNED, None))

    def test_exactly_one_target(self):
        question = self.question_in(QuestionStatus.TRIAGED)
        for kwargs in ({}, {"lab": self.lab, "group": self.group}):
            with self.subTest(kwargs=kwargs), self.assertRaises(ValidationError):
                services.assign_question(question, by=self.coordinator, **kwargs)
        question.refresh_from_db()
        self.assertEqual(question.status, QuestionStatus.TRIAGED)

    def test_target_of_another_programme_is_refused(self):
        other = make_programme(name="Ander", slug="ander")
        question = self.question_in(QuestionStatus.TRIAGED)
        with self.assertRaises(ValidationError):
            services.assign_question(question, by=self.coordinator, lab=make_lab(programme=other))

    def test_same_target_again_is_refused(self):
        question = self.question_in(QuestionStatus.ASSIGNED)
        with self.assertRaises(ValidationError) as refused:
            services.assign_question(question, by=self.coordinator, group=self.group)
        self.assertEqual(refused.exception.code, "same_target")


class MergeTests(LifecycleFixtures):
    def test_merge_carries_followers_over_and_records_both_sides(self):
        into = make_question(programme=self.programme, title="Het origineel", followers=[self.editor])
        question = self.question_in(QuestionStatus.RAISED, followers=[self.reader, self.researcher])
        services.merge_question(question, into=into, by=self.coordinator)
        question.refresh_from_db()
        self.assertEqual((question.status, question.duplicate_of), (QuestionStatus.MERGED, into))
        self.assertEqual(set(into.followers.all()), {self.editor, self.reader, self.researcher})
        self.assertEqual(events_for(question)[-1].note, Verb.MERGE)
        absorb = events_for(into)[-1]
        self.assertEqual((absorb.note, absorb.changes["duplicates"]), (Verb.ABSORB, [None, question.title]))

    def test_cannot_merge_into_itself_a_merged_question_or_another_experiments_question(self):
        question = self.question_in(QuestionStatus.RAISED)
        merged = make_question(programme=self.programme, status=QuestionStatus.MERGED)
        elsewhere = make_question(programme=self.programme, experiment=self.other_experiment)
        for into in (question, merged, elsewhere):
            with self.subTest(into=into.pk), self.assertRaises(ValidationError):
                services.merge_question(question, into=into, by=self.coordinator)
        question.refresh_from_db()
        self.assertEqual(question.status, QuestionStatus.RAISED)

    def test_experiment_question_may_merge_into_a_programme_wide_one(self):
        into = make_question(programme=self.programme, title="Programmabreed")
        question = self.question_in(QuestionStatus.TRIAGED)
        services.merge_question(question, into=into, by=self.coordinator)
        self.assertEqual(KnowledgeQuestion.objects.get(pk=question.pk).duplicate_of, into)


class MailTests(LifecycleFixtures):
    def test_followers_but_not_the_actor_are_mailed_on_assign(self):
        question = self.question_in(QuestionStatus.TRIAGED, title="Wat kost een warmtepomp?",
                                    followers=[self.reader, self.editor, self.coordinator])
        with self.captureOnCommitCallbacks(execute=True):
            services.assign_question(question, by=self.coordinator, lab=self.lab)
        self.assertEqual(sorted(message.to[0] for message in mail.outbox), [self.editor.email, self.reader.email])
        for message in mail.outbox:
            self.assertEqual(len(message.to), 1)
            self.assertIn("Wat kost een warmtepomp?", message.subject)
            self.assertIn(self.lab.title, message.body)
            self.assertIn(f"/kennislabs/vragen/{question.pk}/", message.body)

    def test_followers_are_mailed_on_answer_with_the_answer(self):
        question = self.question_in(QuestionStatus.IN_PROGRESS, title="Hoe meet je leefbaarheid?",
                                    followers=[self.reader, self.chair])
        with self.captureOnCommitCallbacks(execute=True):
            services.answer_question(question, by=self.chair, summary="Met de leefbaarometer.")
        self.assertEqual([message.to for message in mail.outbox], [[self.reader.email]])
        self.assertIn("Hoe meet je leefbaarheid?", mail.outbox[0].subject)
        self.assertIn("Met de leefbaarometer.", mail.outbox[0].body)

    def test_no_mail_for_other_transitions(self):
        question = self.question_in(QuestionStatus.RAISED, followers=[self.reader])
        with self.captureOnCommitCallbacks(execute=True):
            services.triage_question(question, by=self.coordinator, themes=[], priority=Priority.LOW)
            services.close_question(question, by=self.coordinator)
        self.assertEqual(mail.outbox, [])

    def test_mail_waits_for_the_commit_and_a_refused_step_sends_none(self):
        question = self.question_in(QuestionStatus.IN_PROGRESS, followers=[self.reader])
        with self.captureOnCommitCallbacks() as callbacks:
            services.answer_question(question, by=self.chair, summary="Zo.")
            self.assertEqual(mail.outbox, [])  # nothing leaves before the step is committed
        self.assertEqual(len(callbacks), 1)
        with self.captureOnCommitCallbacks(execute=True) as callbacks, self.assertRaises(ValidationError):
            services.answer_question(question, by=self.chair, summary="Nog eens.")
        self.assertEqual((callbacks, mail.outbox), ([], []))


class FollowTests(LifecycleFixtures):
    def test_follow_and_unfollow(self):
        question = self.question_in(QuestionStatus.RAISED, raised_by=self.editor)
        services.follow_question(question, user=self.reader)
        services.follow_question(question, user=self.reader)  # twice is harmless
        self.assertEqual(list(question.followers.all()), [self.reader])
        services.unfollow_question(question, user=self.reader)
        self.assertFalse(question.followers.exists())

    def test_cannot_follow_a_question_one_may_not_see(self):
        question = self.question_in(QuestionStatus.RAISED, experiment=self.other_experiment)
        with self.assertRaises(PermissionDenied):
            services.follow_question(question, user=self.reader)
        with self.assertRaises(PermissionDenied):
            services.follow_question(question, user=self.outsider)
