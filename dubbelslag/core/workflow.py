"""One transition mechanism for every status workflow in the project (docs/architecture.md, "Workflows").

A workflow is declared once, as data, in the app that owns the model: a ``Workflow`` with its ``Transition``s. Per
verb: the states it leaves from, the state it reaches, who may take it (a predicate from the app's access rules),
whether a reason is required, which fields it stamps, which checks must pass and which after-effects run.

``Workflow.apply`` is the one executor. In one transaction it locks the rows, checks the actor, the state, the
expected version, the reason and the transition's checks *before touching the object*, then sets the state and the
stamps, bumps the version, saves, writes exactly one audit event about the object and runs the after-effects. A
refusal (``PermissionDenied``, ``ValidationError``) changes nothing, in the database or on the object.

Pages ask ``Workflow.available`` which steps to offer and ``Workflow.refusal`` how to word a step the state does not
allow, so the rule exists once. ``REGISTRY`` holds every declared workflow; the tests walk it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit
from .locking import lock_row
from .models import AuditAction

# Stamp values: the acting user (None for the system), the moment of the transition, today's date.
ACTOR = "<actor>"
NOW = "<now>"
TODAY = "<today>"

REGISTRY: dict[str, Workflow] = {}


def nobody(user, obj) -> bool:
    """The right of a step only the system takes (``by=None``) or that follows from another step."""
    return False


@dataclass(frozen=True)
class Transition:
    """One verb of a workflow.

    ``may(user, obj)`` is the right to take it (not asked for ``by=None``, the system). ``checks`` are called as
    ``check(obj, by=..., **data)`` once the state and the reason are known to be right; they raise
    ``ValidationError`` and must not change anything. ``update(obj, by=..., **data)`` sets the fields the step
    takes from its input (a priority, an answer); it runs after the checks. ``stamps`` maps field names to
    ``ACTOR``, ``NOW``, ``TODAY`` or a literal value. ``effects`` are called as ``effect(obj, by=...,
    previous=..., reason=..., **data)``, ``previous`` being a copy of the object as it was before the step, after
    the save and the audit event, inside the transaction; e-mail goes through ``transaction.on_commit`` so a
    refusal or a rollback sends nothing. ``note`` is the audit note (a text, or a function of the object before
    the step); by default the workflow's sentence naming the step and both states. ``offered=False`` keeps a step
    off the pages (it follows from another step)."""

    verb: str
    sources: frozenset[str]
    target: str
    may: Callable
    label: object  # lazy text naming the step, e.g. "validated"; the default note and the refusals use it
    reason: bool = False
    stamps: dict = field(default_factory=dict)
    checks: tuple[Callable, ...] = ()
    update: Callable | None = None
    effects: tuple[Callable, ...] = ()
    note: str | Callable | None = None
    refusal_message: object = None  # overrides the workflow's for this verb
    offered: bool = True

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))


class Workflow:
    """The declared steps of one model's state field, and the executor that takes them."""

    def __init__(self, name: str, *, model: type[models.Model], states: type[models.TextChoices],
                 transitions: Iterable[Transition], state_field: str = "status",
                 version_field: str | None = "version", audit_fields: Iterable[str] | None = None,
                 stamps: dict | None = None, lock: Callable | None = None, parent: Callable | None = None,
                 refusal_message=None, reason_message=None, stale_message=None,
                 message_context: Callable | None = None, clean_exclude: Iterable[str] = (), full_clean: bool = True):
        self.name, self.model, self.states = name, model, states
        self.state_field, self.version_field = state_field, version_field
        self.transitions: dict[str, Transition] = {}
        for transition in transitions:
            if transition.verb in self.transitions:
                raise ValueError(f"{name}: the verb {transition.verb!r} is declared twice.")
            unknown = (transition.sources | {transition.target}) - set(states.values)
            if unknown:
                raise ValueError(f"{name}.{transition.verb}: unknown states {sorted(unknown)}.")
            self.transitions[transition.verb] = transition
        # The fields whose change the audit event records (a diff, as the audit trail keeps it).
        self.audit_fields = list(audit_fields) if audit_fields is not None else [state_field]
        self.stamps = dict(stamps or {})  # stamped on every step, e.g. the time of the last progress
        self._lock = lock  # the rows to lock, in order (default: the object alone)
        self._parent = parent  # the audit event's parent, so the parent's page shows the history
        # Lazy texts with %(current)s, %(source)s, %(target)s, %(verb)s and whatever ``message_context`` adds.
        self.refusal_message = refusal_message or gettext_lazy(
            "This is “%(current)s”; only what is “%(source)s” can be %(verb)s.")
        self.reason_message = reason_message or gettext_lazy("Give a reason; it is kept in the history.")
        self.stale_message = stale_message or gettext_lazy(
            "Someone else changed this while you were working on it. Nothing has been changed; reload the page to "
            "see the latest version and try again.")
        self._message_context = message_context or (lambda obj: {})
        # Whether the executor validates the object's fields before saving (off where the edit services validate
        # them and rows written before a rule was added must still be able to move).
        self.full_clean, self.clean_exclude = full_clean, list(clean_exclude)
        if name in REGISTRY:
            raise ValueError(f"Workflow {name!r} is declared twice.")
        REGISTRY[name] = self

    def __repr__(self):
        return f"<Workflow {self.name}>"

    # --- Reading the declaration -------------------------------------------------------------------------------

    def label(self, state: str) -> str:
        return str(self.states(state).label)

    def state(self, obj) -> str:
        return getattr(obj, self.state_field)

    def transition(self, verb: str) -> Transition:
        try:
            return self.transitions[verb]
        except KeyError:
            raise ValueError(f"{self.name} has no verb {verb!r}.") from None

    def allows(self, obj, verb: str) -> bool:
        """Whether the state of ``obj`` allows ``verb``, whoever takes it."""
        return self.state(obj) in self.transition(verb).sources

    def may(self, user, obj, verb: str) -> bool:
        """Whether ``user`` has the right to take ``verb`` on ``obj``, in whatever state it is."""
        return user is not None and user.is_authenticated and bool(self.transition(verb).may(user, obj))

    def available(self, user, obj) -> list[str]:
        """The steps ``user`` may take on ``obj`` in its current state, in declaration order: the buttons."""
        return [verb for verb, transition in self.transitions.items()
                if transition.offered and self.allows(obj, verb) and self.may(user, obj, verb)]

    def verb_to(self, obj, target: str) -> str:
        """The offered verb that takes ``obj`` from its state to ``target`` (for forms that choose a state)."""
        for verb, transition in self.transitions.items():
            if transition.offered and transition.target == target and self.state(obj) in transition.sources:
                return verb
        raise self._refusal(obj, None, target)

    def refusal(self, obj, verb: str) -> ValidationError:
        """The refusal of ``verb`` in the state ``obj`` is in, naming the current and the allowed states."""
        return self._refusal(obj, self.transition(verb), None)

    def _refusal(self, obj, transition: Transition | None, target: str | None) -> ValidationError:
        sources = transition.sources if transition is not None else set()
        target = transition.target if transition is not None else target
        context = {
            "current": self.label(self.state(obj)),
            "source": " / ".join(self.label(state) for state in self.states.values if state in sources),
            "target": self.label(target), "requested": self.label(target),
            "verb": transition.label if transition is not None else self.label(target),
            **self._message_context(obj)}
        context.update(allowed=context["source"], doing=context["verb"])
        message = (transition.refusal_message if transition is not None else None) or self.refusal_message
        return ValidationError(str(message) % context, code="illegal_transition")

    def note(self, transition: Transition, obj, source: str, reason: str) -> str:
        """The audit note, in the site's default language like the rest of the trail."""
        with translation.override(settings.LANGUAGE_CODE):
            if transition.note is not None:
                note = transition.note(obj) if callable(transition.note) else transition.note
            else:
                note = _("%(verb)s: %(source)s → %(target)s") % {
                    "verb": transition.label, "source": self.label(source),
                    "target": self.label(transition.target)}
                if reason:
                    note += " — " + _("reason: %(reason)s") % {"reason": reason}
        return str(note)[:500]

    # --- The executor ------------------------------------------------------------------------------------------

    def apply(self, obj, verb: str, *, by, reason: str = "", version: int | None = None, **data):
        """Take ``verb`` on ``obj`` as ``by`` (None: the system, whose rights are not asked). ``version`` is the
        one the actor saw; when the object changed since, the step is refused. ``data`` goes to the transition's
        checks, update and effects. Returns ``obj`` in its new state."""
        transition = self.transition(verb)
        try:
            with transaction.atomic():
                return self._apply(obj, transition, by=by, reason=(reason or "").strip(), version=version, **data)
        except Exception:
            if obj.pk is not None:
                obj.refresh_from_db()  # whatever the step set on the object before it failed is undone
            raise

    def _apply(self, obj, transition: Transition, *, by, reason: str, version: int | None, **data):
        for row in (self._lock(obj) if self._lock else [obj]):
            lock_row(row)
        if by is not None and not self.may(by, obj, transition.verb):
            raise PermissionDenied
        if self.state(obj) not in transition.sources:
            raise self._refusal(obj, transition, None)
        if version is not None and self.version_field and getattr(obj, self.version_field) != version:
            raise ValidationError(str(self.stale_message), code="stale")
        if transition.reason and not reason:
            raise ValidationError({"reason": ValidationError(str(self.reason_message), code="reason_required")})
        for check in transition.checks:
            check(obj, by=by, **data)

        source = self.state(obj)
        previous = copy.copy(obj)  # Django copies the related-object cache too, so ``previous`` keeps its links
        before = audit.snapshot(obj, self.audit_fields)
        note = self.note(transition, obj, source, reason)
        actor = by if by is not None and by.is_authenticated else None
        now = timezone.now()
        values = {ACTOR: actor, NOW: now, TODAY: timezone.localdate(now)}
        setattr(obj, self.state_field, transition.target)
        for name, value in {**self.stamps, **transition.stamps}.items():
            setattr(obj, name, values.get(value, value) if isinstance(value, str) else value)
        if transition.update is not None:
            transition.update(obj, by=by, **data)
        if self.version_field:
            setattr(obj, self.version_field, getattr(obj, self.version_field) + 1)
        if self.full_clean:
            obj.full_clean(exclude=self.clean_exclude, validate_unique=False, validate_constraints=False)
        obj.save()

        changes = audit.diff(before, audit.snapshot(obj, self.audit_fields))
        if reason:
            changes["reason"] = [None, reason]
        audit.record(obj, by=by, action=AuditAction.TRANSITION, changes=changes, note=note,
                     parent=self._parent(obj) if self._parent else None)
        for effect in transition.effects:
            effect(obj, by=by, previous=previous, reason=reason, **data)
        return obj
