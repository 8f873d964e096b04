"""The dubbelslag-scan's method as data: two composites of named indicators, their default weights and directions.

Written out and justified in docs/scan.md; change the two together. Each composite is built from facets, and a facet
measured by several correlated indicators shares its weight among them, so that one facet does not count twice just
because CBS publishes it in three variants.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

ENERGY = "energy"
VULNERABILITY = "vulnerability"

# An area is scored on a composite only when the indicators it has a value for carry at least this share of the
# composite's weight; below it the area is listed as not scored, with the indicators it misses.
MIN_COVERAGE = 0.5

# A score at or above this line is "high": the middle of the 0–100 percentile scale of the scan's population.
QUADRANT_SPLIT = 50.0

# Weights are entered by hand in the page's form; a cap keeps a typo (1e300) from swamping a composite silently.
MAX_WEIGHT = 100.0


@dataclass(frozen=True)
class Part:
    """One indicator in a composite. ``inverted``: a lower value means a bigger task or more vulnerability, so the
    percentile rank is turned round (100 − rank) before it is weighed."""

    code: str
    weight: float
    inverted: bool = False


@dataclass(frozen=True)
class Composite:
    key: str
    label: str
    question: str
    parts: tuple[Part, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(part.code for part in self.parts)


COMPOSITES: tuple[Composite, ...] = (
    Composite(
        key=ENERGY,
        label=_("Energy-transition task"),
        question=_("How much is there still to do to make the homes natural-gas-free?"),
        parts=(
            # Facet 1, the scope of the task: the share of homes still heated with natural gas (weight 3).
            Part("ET_HOOFDVERW_GAS", 3.0),
            # Facet 2, how hard the homes are to make gas-free: their gas use, age and energy labels (weight 1 each).
            Part("ET_GAS_WON", 1.0),
            Part("ET_BOUWJAAR_VOOR2000", 1.0),
            Part("ET_LABEL_EFG", 1.0),
        ),
    ),
    Composite(
        key=VULNERABILITY,
        label=_("Vulnerability"),
        question=_("How vulnerable are the residents and their neighbourhood?"),
        parts=(
            # Facet 1, income and wealth (weight 4, shared by four correlated indicators).
            Part("INK_SOCMIN", 1.0),
            Part("INK_LAAG", 1.0),
            Part("INK_GEM", 1.0, inverted=True),
            Part("VERM_MED", 1.0, inverted=True),
            # Facet 2, work (weight 2).
            Part("ARB_NETTO", 2.0, inverted=True),
            # Facet 3, social isolation (weight 2).
            Part("GEZ_EENZ_ERN", 2.0),
            # Facet 4, the livability of the neighbourhood as a whole (weight 2).
            Part("LB_TOTAAL", 2.0, inverted=True),
        ),
    ),
)

COMPOSITE_BY_KEY = {composite.key: composite for composite in COMPOSITES}
ALL_PARTS: tuple[Part, ...] = tuple(part for composite in COMPOSITES for part in composite.parts)
DEFAULT_WEIGHTS: dict[str, float] = {part.code: part.weight for part in ALL_PARTS}
