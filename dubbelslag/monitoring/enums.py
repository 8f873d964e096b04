from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    """The three sides an experiment states its goals on (the programme's "dubbelslag" plus the process)."""

    ENERGY = "energy", _("energy")
    LIVABILITY = "livability", _("livability")
    PROCESS = "process", _("process")


class IndicatorKind(models.TextChoices):
    NUMBER = "number", _("number")
    PERCENTAGE = "percentage", _("percentage")
    QUALITATIVE = "qualitative", _("qualitative")


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher", _("higher is better")
    LOWER_BETTER = "lower", _("lower is better")


class RollupRule(models.TextChoices):
    """How a shared indicator's experiment values add up to the programme's."""

    SUM = "sum", _("sum")
    MEAN = "mean", _("mean")
    WEIGHTED_BY_HOUSEHOLDS = "weighted_households", _("mean weighted by households")


class Dimension(models.TextChoices):
    TENURE = "tenure", _("tenure")
    AGE_GROUP = "age_group", _("age group")
    HOUSEHOLD_TYPE = "household_type", _("household type")


class UpdateStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned for revision")


class Verb(models.TextChoices):
    SUBMIT = "submit", _("submit")
    APPROVE = "approve", _("approve")
    RETURN = "return", _("return")


def default_categories(dimension: str) -> list[tuple[str, str, str]]:
    """The categories a new disaggregation starts with: (code, Dutch label, English label). Labels are data, in
    both languages, like the theme taxonomy's names."""
    return {
        Dimension.TENURE: [
            ("owner", "koopwoning", "owner-occupied"),
            ("corporation", "huur corporatie", "corporation rental"),
            ("private_rental", "particuliere huur", "private rental"),
        ],
        Dimension.AGE_GROUP: [
            ("under_30", "jonger dan 30", "under 30"),
            ("30_65", "30 tot AOW-leeftijd", "30 to pension age"),
            ("pension", "AOW-leeftijd en ouder", "pension age and older"),
        ],
        Dimension.HOUSEHOLD_TYPE: [
            ("single", "eenpersoonshuishouden", "single person"),
            ("couple", "paar zonder kinderen", "couple without children"),
            ("family", "huishouden met kinderen", "household with children"),
            ("single_parent", "eenoudergezin", "single-parent household"),
        ],
    }[dimension]
