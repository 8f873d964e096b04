from django.db import models
from django.utils.translation import gettext_lazy as _


class LearningQuestionStatus(models.TextChoices):
    OPEN = "open", _("open")
    ANSWERED = "answered", _("answered")
    DROPPED = "dropped", _("dropped")


class CyclePhase(models.TextChoices):
    """The four steps of an action-research cycle (docs/domain.md#action-research), in order."""

    PLAN = "plan", _("plan")
    ACT = "act", _("act")
    OBSERVE = "observe", _("observe")
    REFLECT = "reflect", _("reflect")


class EntryKind(models.TextChoices):
    OBSERVATION = "observation", _("observation")
    INTERVIEW = "interview", _("interview note")
    SESSION_REPORT = "session_report", _("session report")
    REFLECTION = "reflection", _("reflection")
    DOCUMENT = "document", _("document")


class Consent(models.TextChoices):
    """What the people in an entry agreed to (docs/privacy.md#consent: consent per use)."""

    NOT_NEEDED = "not_needed", _("no personal data: no consent needed")
    RESEARCH = "research", _("consent for research only")
    LEARNING = "learning", _("consent for internal learning in the programme")
    PUBLICATION = "publication", _("consent for publication, quotes included")


class AnchorStatus(models.TextChoices):
    """Where an excerpt stands after its entry was edited."""

    EXACT = "exact", _("in place")
    MOVED = "moved", _("moved with the text")
    LOST = "lost", _("quoted text no longer in the entry")


class RecordKind(models.TextChoices):
    CHALLENGE = "challenge", _("challenge")
    SOLUTION = "solution", _("solution")
    INSIGHT = "insight", _("insight")
    LESSON = "lesson", _("lesson")


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    VALIDATED = "validated", _("validated")
    PUBLISHED = "published", _("published")


class Confidentiality(models.TextChoices):
    """Who may read a harvest record once it is validated: the people of its experiments, the programme (its team
    and the project leaders, i.e. editors, of all its experiments), or (once published) the public."""

    EXPERIMENT = "experiment", _("experiment only")
    PROGRAMME = "programme", _("programme: team and project leaders")
    PUBLIC = "public", _("public")


class EvidenceLevel(models.TextChoices):
    """After the recognition levels of Movisie's databank of social interventions (docs/domain.md#evidence-levels)."""

    DESCRIBED = "described", _("described: practice written down")
    SUBSTANTIATED = "substantiated", _("theoretically substantiated")
    FIRST_INDICATIONS = "first_indications", _("first indications of effect")
    GOOD_INDICATIONS = "good_indications", _("good indications of effect")
    STRONG_INDICATIONS = "strong_indications", _("strong indications of effect")


class Confidence(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")
