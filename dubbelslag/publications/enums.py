from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProductType(models.TextChoices):
    BEST_PRACTICE = "best_practice", _("best-practice description")
    FACTSHEET = "factsheet", _("factsheet")
    INSPIRATION = "inspiration", _("inspiration example")
    GUIDE = "guide", _("guide")
    REPORT = "report", pgettext_lazy("knowledge product type", "report")


class VersionStatus(models.TextChoices):
    """A version's place in the editorial workflow (its steps: ``workflows.VERSIONS``)."""

    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")
    # Once published, then replaced by a newer published version: kept, still citable, no longer the current one.
    SUPERSEDED = "superseded", _("superseded")
    # Taken offline by a coordinator, with a reason.
    WITHDRAWN = "withdrawn", _("withdrawn")


# Versions the public has seen: their content is frozen.
FROZEN_STATUSES = {VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED, VersionStatus.WITHDRAWN}
# Versions still being worked on: at most one per product.
OPEN_STATUSES = {VersionStatus.DRAFT, VersionStatus.IN_REVIEW}


class Licence(models.TextChoices):
    CC_BY = "CC-BY-4.0", "CC BY 4.0"
    CC_BY_SA = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    CC0 = "CC0-1.0", "CC0 1.0"


LICENCE_URLS = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class ProjectStatus(models.TextChoices):
    """The status of the practice described (docs/domain.md#at-a-glance)."""

    IDEA = "idea", _("idea")
    IN_PROGRESS = "in_progress", pgettext_lazy("status of a practice", "in progress")
    COMPLETED = "completed", _("completed")


class SectionKey(models.TextChoices):
    """The sections of a product (docs/domain.md#knowledge-products). Which a type uses, in what order: TEMPLATES."""

    CONTEXT = "context", _("Context: the neighbourhood and its tasks")
    QUESTION = "question", _("Reason and question")
    APPROACH = "approach", _("Approach: what was done, by whom")
    STEPS = "steps", _("Steps")
    METHOD = "method", _("Method")
    RESULTS = "results", _("Results")
    WHAT_WORKED = "what_worked", _("What worked and why")
    WHAT_DID_NOT = "what_did_not", _("What did not work: challenges and lessons")
    CONDITIONS = "conditions", _("Preconditions")
    TRANSFERABILITY = "transferability", _("Transferability: where else this fits")
    STORIES = "stories", _("Stories and quotes")
    SOURCES = "sources", _("Further sources")


SECTION_HELP = {
    SectionKey.CONTEXT: _("The neighbourhood profile (key figures with their year), the energy task and the social "
                          "tasks. Embed figures with [[figure 1]]."),
    SectionKey.QUESTION: _("Why this was started, and which knowledge question it answers."),
    SectionKey.APPROACH: _("What was done and by whom (roles), how residents were involved, which koppelkansen."),
    SectionKey.STEPS: _("The steps to take, in order, each with who does it."),
    SectionKey.METHOD: _("How the knowledge was gathered: action research, interviews, monitoring."),
    SectionKey.RESULTS: _("Outputs and outcomes, before and after, also for residents' lives."),
    SectionKey.WHAT_WORKED: _("The working elements: in which context, which means led to what, and why."),
    SectionKey.WHAT_DID_NOT: _("Challenges and streetwise lessons, including what did not work."),
    SectionKey.CONDITIONS: _("Governance, money, capacity, data sharing, regulation."),
    SectionKey.TRANSFERABILITY: _("For which types of neighbourhoods this fits, and what to adapt."),
    SectionKey.STORIES: _("Quotes and stories, only with consent for publication; no names of residents."),
    SectionKey.SOURCES: _("Documents, tools and other sources outside the harvest register."),
}

S = SectionKey
TEMPLATES = {
    ProductType.BEST_PRACTICE: [S.CONTEXT, S.QUESTION, S.APPROACH, S.RESULTS, S.WHAT_WORKED, S.WHAT_DID_NOT,
                                S.CONDITIONS, S.TRANSFERABILITY, S.STORIES, S.SOURCES],
    ProductType.FACTSHEET: [S.CONTEXT, S.APPROACH, S.RESULTS, S.WHAT_WORKED, S.TRANSFERABILITY, S.SOURCES],
    ProductType.INSPIRATION: [S.CONTEXT, S.APPROACH, S.WHAT_WORKED, S.STORIES, S.SOURCES],
    ProductType.GUIDE: [S.QUESTION, S.STEPS, S.WHAT_WORKED, S.WHAT_DID_NOT, S.CONDITIONS, S.SOURCES],
    ProductType.REPORT: [S.CONTEXT, S.QUESTION, S.METHOD, S.RESULTS, S.WHAT_WORKED, S.WHAT_DID_NOT, S.CONDITIONS,
                         S.TRANSFERABILITY, S.SOURCES],
}
del S
