from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    EXPLORING = "verkennen", _("exploring")
    PLANNING = "plan", _("planning")
    EXECUTING = "uitvoering", _("executing")
    EVALUATING = "evaluatie", _("evaluating")
    COMPLETED = "afgerond", _("completed")


class NeighbourhoodType(models.TextChoices):
    """A rough typology of the neighbourhood an experiment works in, for finding practice that fits elsewhere."""

    PREWAR = "prewar", _("pre-war city neighbourhood (before 1945)")
    POSTWAR = "postwar", _("post-war neighbourhood (1945–1975)")
    LATER = "later", _("neighbourhood built after 1975")
    VILLAGE = "village", _("village or small town")
    MIXED = "mixed", _("mixed neighbourhood")


class ParticipationRole(models.TextChoices):
    LEAD = "trekker", _("lead")
    PARTNER = "partner", _("partner")
    EXECUTOR = "uitvoerder", _("implementing partner")
    ADVISER = "adviseur", _("adviser")
    FUNDER = "financier", _("funder")
    RESEARCHER = "onderzoeker", _("researcher")


class MembershipRole(models.TextChoices):
    COORDINATOR = "coordinator", _("programme coordinator")
    RESEARCHER = "researcher", _("programme researcher")
    EDITOR = "editor", _("experiment editor")
    READER = "reader", _("experiment reader")


PROGRAMME_ROLES = {MembershipRole.COORDINATOR, MembershipRole.RESEARCHER}
EXPERIMENT_ROLES = {MembershipRole.EDITOR, MembershipRole.READER}


class ThemeKind(models.TextChoices):
    GROUP = "group", _("group")
    STANDING_QUESTION = "standing_question", _("standing knowledge question")
    COUPLING_THEME = "coupling_theme", _("coupling theme")
    OTHER = "other", _("other")
