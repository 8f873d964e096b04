"""Every declared workflow, every verb, from every state: the one executor takes the step where the declaration
allows it and refuses it, writing nothing, from every other state and for an actor without the right.

A scenario per workflow builds an object in any state for which the step's checks pass, and names an actor with the
right, one without and the step's input. A workflow declared without a scenario fails the test, so the next one is
walked too. Together with ``test_state_fields_assigned_only_by_the_executor`` this is the proof that every status
change in the project goes through ``core.workflow``.
"""

import ast
import itertools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError

from dubbelslag.core.models import AuditAction, AuditEvent
from dubbelslag.core.workflow import REGISTRY
from dubbelslag.labs.enums import Priority
from dubbelslag.labs.models import Action
from dubbelslag.labs.workflows import QUESTIONS
from dubbelslag.monitoring.workflows import UPDATES  # noqa: F401 (registers monitoring.update)
from dubbelslag.programme.models import Theme
from dubbelslag.research.enums import Confidentiality
from dubbelslag.research.models import LearningQuestion
from dubbelslag.research.workflows import RECORDS
from testing.base import BaseTestCase, make_user
from testing.factories.labs import in_days, make_lab, make_question, make_working_group
from testing.factories.monitoring import make_goal, make_indicator, make_period, make_update
from testing.factories.publications import make_product
from testing.factories.publications import make_record as make_public_record
from testing.factories.research import make_entry, make_record

PRODUCT_NUMBERS = itertools.count(1)  # each built version gets a product of its own


@dataclass
class Scenario:
    make: object  # state -> an object in that state for which the steps' checks pass
    allowed: object  # test case -> a user with the right to take every verb
    denied: object  # test case -> a signed-in user without it
    data: dict  # verb -> the step's input


class WorkflowRegistryTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.lab = make_lab(programme=cls.programme, starts_at=in_days(14), ends_at=in_days(14, 16))
        cls.group = make_working_group(programme=cls.programme)
        cls.entry = make_entry(cls.experiment)
        cls.theme = Theme.objects.first()
        cls.stranger = make_user("stranger@example.org", name="Stan Vreemde")
        cls.goal = make_goal(cls.programme, experiment=cls.experiment)
        cls.period = make_period(cls.programme)

    # --- Building an object in a given state, per workflow ------------------------------------------------------

    def question(self, state):
        assigned = state in ("assigned", "in_progress", "answered")
        return make_question(programme=self.programme, status=state,
                             assigned_group=self.group if assigned else None)

    def action(self, state):
        return Action.objects.create(programme=self.programme, title="Verslag rondsturen", owner=self.editor,
                                     lab=self.lab, status=state)

    def record(self, state):
        return make_record(programme=self.programme, status=state, confidentiality=Confidentiality.PUBLIC,
                           experiments=[self.experiment], evidence_entries=[self.entry])

    def learning_question(self, state):
        return LearningQuestion.objects.create(
            experiment=self.experiment, question="Werkt de huiskamer?", opened_on=date(2024, 1, 1), status=state,
            closed_on=None if state == "open" else date(2024, 6, 1), position=1)

    def version(self, state):
        slug = f"product-{next(PRODUCT_NUMBERS)}"
        published = make_public_record(programme=self.programme, title=f"Gepubliceerde les {slug}")
        product = make_product(self.programme, slug=slug, status=state, body="De tekst.", records=[published])
        return product.versions.get()

    def update(self, state):
        indicator = make_indicator(self.goal)  # one update per indicator and period: a new indicator each time
        return make_update(indicator, self.period, status=state)

    def scenarios(self):
        into = make_question(programme=self.programme, title="Het origineel")
        return {
            "labs.question": Scenario(self.question, lambda: self.coordinator, lambda: self.reader, {
                "triage": {"priority": Priority.HIGH, "themes": [self.theme]},
                "assign": {"lab": self.lab}, "merge": {"into": into}, "answer": {"summary": "Zo zit het."},
                "unassign": {"reason": "Past beter in de werkgroep."}}),
            "labs.action": Scenario(self.action, lambda: self.coordinator, lambda: self.reader, {}),
            "research.record": Scenario(self.record, lambda: self.coordinator, lambda: self.editor,
                                        {"unpublish": {"reason": "Verouderd."}, "return": {"reason": "Meer bewijs."}}),
            "research.learning_question": Scenario(self.learning_question, lambda: self.editor, lambda: self.reader,
                                                   {}),
            "monitoring.update": Scenario(self.update, lambda: self.coordinator, lambda: self.reader,
                                          {"return": {"reason": "Noem de bron."}}),
            "publications.version": Scenario(self.version, lambda: self.coordinator, lambda: self.editor, {
                "request_changes": {"reason": "Meer cijfers."}, "unpublish": {"reason": "Verouderd."}}),
        }

    # --- The walk -----------------------------------------------------------------------------------------------

    @staticmethod
    def trail(obj):
        return list(AuditEvent.objects.for_object(obj).filter(action=AuditAction.TRANSITION)
                    .values_list("pk", "note"))

    def snapshot(self, workflow, obj):
        obj.refresh_from_db()
        version = getattr(obj, workflow.version_field) if workflow.version_field else None
        return workflow.state(obj), version, self.trail(obj)

    def test_every_workflow_has_a_scenario(self):
        self.assertEqual(set(REGISTRY), set(self.scenarios()))
        self.assertEqual(set(REGISTRY), {"labs.question", "labs.action", "research.record",
                                         "research.learning_question", "monitoring.update",
                                         "publications.version"})

    def test_every_verb_from_every_state(self):
        scenarios = self.scenarios()
        walked = 0
        for name, workflow in REGISTRY.items():
            scenario = scenarios[name]
            for verb, transition in workflow.transitions.items():
                data = scenario.data.get(verb, {})
                for state in workflow.states.values:
                    with self.subTest(workflow=name, verb=verb, state=state):
                        obj = scenario.make(state)
                        before = self.snapshot(workflow, obj)
                        with self.assertRaises(PermissionDenied):
                            workflow.apply(obj, verb, by=scenario.denied(), **data)
                        self.assertEqual(self.snapshot(workflow, obj), before)
                        self.assertNotIn(verb, workflow.available(scenario.denied(), obj))
                        if state not in transition.sources:
                            with self.assertRaises(ValidationError) as refused:
                                workflow.apply(obj, verb, by=scenario.allowed(), **data)
                            self.assertEqual(refused.exception.code, "illegal_transition")
                            self.assertIn(workflow.label(state), refused.exception.messages[0])
                            self.assertEqual(self.snapshot(workflow, obj), before)
                            self.assertNotIn(verb, workflow.available(scenario.allowed(), obj))
                            continue
                        self.assertEqual(verb in workflow.available(scenario.allowed(), obj), transition.offered)
                        workflow.apply(obj, verb, by=scenario.allowed(), **data)
                        state_after, version_after, trail_after = self.snapshot(workflow, obj)
                        self.assertEqual(state_after, transition.target)
                        if workflow.version_field:
                            self.assertEqual(version_after, before[1] + 1)
                        self.assertEqual(len(trail_after), len(before[2]) + 1)  # exactly one audit event
                        event = AuditEvent.objects.get(pk=trail_after[-1][0])
                        self.assertEqual(event.actor, scenario.allowed())
                        walked += 1
        # Every arrow of every declaration was taken once.
        self.assertEqual(walked, sum(len(t.sources) for w in REGISTRY.values() for t in w.transitions.values()))

    def test_a_missing_reason_is_refused_before_anything_changes(self):
        scenarios = self.scenarios()
        for name, workflow in REGISTRY.items():
            for verb, transition in workflow.transitions.items():
                if not transition.reason:
                    continue
                with self.subTest(workflow=name, verb=verb):
                    obj = scenarios[name].make(next(iter(sorted(transition.sources))))
                    before = self.snapshot(workflow, obj)
                    with self.assertRaises(ValidationError) as refused:
                        workflow.apply(obj, verb, by=scenarios[name].allowed(), reason="  ")
                    self.assertEqual(refused.exception.error_dict["reason"][0].code, "reason_required")
                    self.assertEqual(self.snapshot(workflow, obj), before)

    def test_a_stale_version_is_refused(self):
        obj = self.question("raised")
        with self.assertRaises(ValidationError) as refused:
            QUESTIONS.apply(obj, "close", by=self.coordinator, version=obj.version - 1)
        self.assertEqual(refused.exception.code, "stale")
        obj.refresh_from_db()
        self.assertEqual((obj.status, obj.version), ("raised", 1))

    def test_a_failing_check_leaves_the_object_as_it_was(self):
        """The executor refreshes the object on any refusal: no view needs refresh_from_db()."""
        record = make_record(programme=self.programme, status="draft", confidentiality=Confidentiality.PUBLIC)
        with self.assertRaises(ValidationError) as refused:
            RECORDS.apply(record, "validate", by=self.coordinator)
        self.assertEqual(refused.exception.code, "no_evidence")
        self.assertEqual((record.status, record.version, record.validated_by), ("draft", 1, None))


# --- No code outside the executor assigns a workflow's state field ---------------------------------------------

ROOT = Path(__file__).resolve().parents[3]


def _state_assignments(path: Path, fields: set[str]) -> list[str]:
    """Lines of ``path`` that assign a state field: ``x.status = …`` (also in tuples), ``setattr(x, "status", …)``
    and ``.update(status=…)``. Creating a row in its first state is not a step, so constructors may name it."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for element in (target.elts if isinstance(target, ast.Tuple) else [target]):
                if isinstance(element, ast.Attribute) and element.attr in fields:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        if not isinstance(node, ast.Call):
            continue
        named = isinstance(node.func, ast.Name) and node.func.id == "setattr" and len(node.args) > 1
        if named and isinstance(node.args[1], ast.Constant) and node.args[1].value in fields:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
        updates = isinstance(node.func, ast.Attribute) and node.func.attr == "update"
        if updates and any(keyword.arg in fields for keyword in node.keywords):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


class StateFieldTests(BaseTestCase):
    def test_state_fields_assigned_only_by_the_executor(self):
        fields = {workflow.state_field for workflow in REGISTRY.values()}
        self.assertEqual(fields, {"status"})
        sources = [path for path in (ROOT / "dubbelslag").rglob("*.py")
                   if "tests" not in path.parts and "migrations" not in path.parts
                   and path != ROOT / "dubbelslag" / "core" / "workflow.py"]
        self.assertGreater(len(sources), 100)
        offenders = [line for path in sources for line in _state_assignments(path, fields)]
        self.assertEqual(offenders, [], "Change a status through its workflow (core.workflow), not by assignment.")

    def test_the_guard_sees_an_assignment(self):
        """The guard itself can fail: each form it looks for is found in a sample."""
        sample = ROOT / "var" / "workflow_guard_sample.py"
        sample.parent.mkdir(exist_ok=True)
        sample.write_text("q.status = 'x'\na, b.status = 1, 2\nsetattr(q, 'status', 'x')\n"
                          "Q.objects.filter(pk=1).update(status='x')\nq.title = 'fine'\n", encoding="utf-8")
        try:
            self.assertEqual([line.rsplit(":", 1)[1] for line in _state_assignments(sample, {"status"})],
                             ["1", "2", "3", "4"])
        finally:
            sample.unlink()
