import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import CODE_DIGITS, CODE_PREFIX, AreaLevel

# Amsterdam's wijk and buurt codes carry letters after the gemeente digits (WK0363AA, BU0363AA01).
CODE_PATTERN = re.compile(r"^(GM[0-9]{4}|WK[0-9]{4}[0-9A-Z]{2}|BU[0-9]{4}[0-9A-Z]{4})$")
CURRENT_BOUNDARY_YEAR = 2025


def level_for_code(code: str) -> AreaLevel | None:
    for level, prefix in CODE_PREFIX.items():
        if code.startswith(prefix) and len(code) == 2 + CODE_DIGITS[level]:
            return level
    return None


class AreaQuerySet(models.QuerySet):
    def in_year(self, boundary_year: int = CURRENT_BOUNDARY_YEAR):
        return self.filter(boundary_year=boundary_year)

    def gemeenten(self):
        return self.filter(level=AreaLevel.GEMEENTE)

    def within(self, area: "Area"):
        """Wijken and buurten inside `area` (same boundary year: codes embed their parents' codes)."""
        digits = area.code[2:]
        return self.filter(boundary_year=area.boundary_year, code__regex=rf"^(WK|BU){digits}").exclude(pk=area.pk)


class Area(models.Model):
    """A CBS gemeente, wijk or buurt in one boundary year (*indeling*).

    CBS redraws wijken and buurten every year and reuses codes, so a code means something only together with its
    boundary year: (code, boundary_year) is the identity, and figures from different years are never compared by code
    alone.
    """

    code = models.CharField(_("CBS code"), max_length=10)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    boundary_year = models.PositiveSmallIntegerField(_("boundary year"), default=CURRENT_BOUNDARY_YEAR)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["code", "boundary_year"], name="area_code_year_unique")]
        indexes = [models.Index(fields=["boundary_year", "level", "name"])]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self):
        return f"{self.name} ({self.code})"

    def clean(self):
        if not CODE_PATTERN.match(self.code or ""):
            raise ValidationError({"code": _("“%(code)s” is not a CBS area code (GM####, WK###### or BU########).")
                                   % {"code": self.code}})
        if level_for_code(self.code) != self.level:
            raise ValidationError({"level": _("The code does not match the level.")})

    @property
    def gemeente_code(self) -> str:
        return "GM" + self.code[2:6]
