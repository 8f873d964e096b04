"""Roll-up of one shared indicator across experiments, by the rules written out in docs/monitoring.md.

Pure Python on `decimal.Decimal`, with no ORM: selectors turn approved updates into `ApprovedValue`s and pass them
here, so the rules are tested on hand-computed numbers alone. Nothing is rounded here; rounding is for display.

Effects: none. `roll_up` returns a `RollUp`; wrong input (a float, a numerator above its denominator, two values for
one experiment and period, parts above their total, a target on the wrong side of the baseline) raises `ValueError`
or `TypeError`, since the update services refuse such values before they are stored.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from enum import StrEnum

HUNDRED = Decimal(100)
ZERO = Decimal(0)

# Sums of a few hundred reported figures stay exact in 28 digits; only divisions round, and the same way wherever
# the caller's decimal context was changed.
CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


class Rule(StrEnum):
    SUM = "sum"
    MEAN = "mean"
    WEIGHTED_MEAN = "weighted_mean"


class Weight(StrEnum):
    """What a weighted mean weighs each experiment's value by."""

    HOUSEHOLDS = "households"  # the households of the experiment's area, from the open statistics
    DENOMINATOR = "denominator"  # the denominator the experiment stated with its value


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class LeftOutReason(StrEnum):
    NO_APPROVED_VALUE = "no_approved_value"
    NO_WEIGHT = "no_weight"


class Completeness(StrEnum):
    COMPLETE = "complete"
    INCOMPLETE = "incomplete"


class PartsExceedTotal(ValueError):
    """Disaggregated parts add up to more than the total they split."""

    def __init__(self, *, dimension: str, parts: Decimal, total: Decimal, experiment: Hashable = None):
        self.dimension, self.parts, self.total, self.experiment = dimension, parts, total, experiment
        where = f" for experiment {experiment!r}" if experiment is not None else ""
        super().__init__(f"The parts of {dimension!r}{where} add up to {parts}, more than the total {total}.")


def _decimal(value, name: str) -> Decimal | None:
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        # A float has already lost the reported digits (0.1 is 0.1000000000000000055…).
        raise TypeError(f"{name} must be a Decimal or an int, not {type(value).__name__}.")
    return Decimal(value)


def _parts(parts: Mapping[str, Mapping[str, object]]) -> dict[str, dict[str, Decimal]]:
    return {dimension: {key: _decimal(number, f"part {dimension}/{key}") for key, number in values.items()}
            for dimension, values in parts.items()}


@dataclass(frozen=True)
class SharedIndicator:
    """How one shared indicator rolls up: its rule, whether it is cumulative, its direction and baseline.

    `dimensions` declares the values of each disaggregation ({"tenure": ("owner", "corporation", "private")}), so a
    roll-up can name the values an experiment left out.
    """

    rule: Rule
    cumulative: bool = False
    weight: Weight = Weight.HOUSEHOLDS
    direction: Direction = Direction.HIGHER
    baseline: Decimal = ZERO
    dimensions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "rule", Rule(self.rule))
        object.__setattr__(self, "weight", Weight(self.weight))
        object.__setattr__(self, "direction", Direction(self.direction))
        object.__setattr__(self, "baseline", _decimal(self.baseline, "baseline"))
        object.__setattr__(self, "dimensions", {name: tuple(values) for name, values in self.dimensions.items()})


@dataclass(frozen=True)
class ApprovedValue:
    """The approved value of one experiment for one period (`period` is the period's order: 1, 2, 3 …).

    Either `value`, or `numerator` and `denominator` for a percentage (then `value` is 100 × numerator /
    denominator). `denominator` alone, with a value, is a stated denominator to weigh by. `households` is the weight
    from the open statistics of the experiment's area, when known. `parts` holds the disaggregation:
    {dimension: {value: number}}, splitting the value (the numerator for a percentage).
    """

    experiment: Hashable
    period: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    households: Decimal | None = None
    parts: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)

    def __post_init__(self):
        for name in ("value", "numerator", "denominator", "households"):
            object.__setattr__(self, name, _decimal(getattr(self, name), name))
        object.__setattr__(self, "parts", _parts(self.parts))
        if self.numerator is not None:
            if self.value is not None:
                raise ValueError("Give either a value or a numerator and denominator, not both.")
            if self.denominator is None:
                raise ValueError("A numerator needs its denominator.")
            if not ZERO <= self.numerator <= self.denominator:
                raise ValueError(f"The numerator {self.numerator} must lie between 0 and the denominator "
                                 f"{self.denominator}.")
        elif self.value is None:
            raise ValueError("An approved value needs a value or a numerator and denominator.")
        if self.denominator is not None and self.denominator <= ZERO:
            raise ValueError(f"A denominator must be above 0, not {self.denominator}.")
        if self.households is not None and self.households <= ZERO:
            raise ValueError(f"Households must be above 0, not {self.households}.")

    @property
    def is_percentage(self) -> bool:
        return self.numerator is not None

    @property
    def amount(self) -> Decimal:
        """The value this update reports: the value, or 100 × numerator / denominator."""
        if self.is_percentage:
            with localcontext(CONTEXT):
                return HUNDRED * self.numerator / self.denominator
        return self.value

    @property
    def split(self) -> Decimal:
        """What the disaggregated parts split: the numerator of a percentage, otherwise the value."""
        return self.numerator if self.is_percentage else self.value


@dataclass(frozen=True)
class Counted:
    """An experiment in the total: the value used, the period it came from and its weight (weighted mean only)."""

    experiment: Hashable
    period: int
    value: Decimal
    weight: Decimal | None = None


@dataclass(frozen=True)
class LeftOut:
    experiment: Hashable
    reason: LeftOutReason


@dataclass(frozen=True)
class MissingPart:
    """What one experiment's parts lack: the declared values it gave no part for, and the amount not split."""

    experiment: Hashable
    values: tuple[str, ...]
    amount: Decimal


@dataclass(frozen=True)
class DimensionCheck:
    """One dimension's parts checked against what they split.

    `total` is what the parts split (the summed values, or numerators for a percentage, of the counted experiments);
    `parts` the parts per value summed over them (None for a mean: the parts of means do not add up); `missing` per
    incomplete experiment which values and how much.
    """

    dimension: str
    status: Completeness
    total: Decimal
    reported: Decimal
    parts: Mapping[str, Decimal] | None
    missing: tuple[MissingPart, ...] = ()

    @property
    def missing_amount(self) -> Decimal:
        return self.total - self.reported


@dataclass(frozen=True)
class RollUp:
    """The total of one shared indicator for one period, with how it came about.

    `total` is None when no experiment is counted (nothing reported is not zero). `progress` is the share of the
    way from the baseline to the target (0 at the baseline, 1 at the target, below 0 when worse than the baseline),
    None without a target or a total.
    """

    period: int
    rule: Rule
    total: Decimal | None
    counted: tuple[Counted, ...]
    left_out: tuple[LeftOut, ...]
    dimensions: tuple[DimensionCheck, ...] = ()
    target: Decimal | None = None
    progress: Decimal | None = None

    @property
    def experiments_counted(self) -> tuple[Hashable, ...]:
        return tuple(item.experiment for item in self.counted)


def check_parts(total: Decimal, parts: Mapping[str, Decimal], *, dimension: str,
                declared: Iterable[str] = ()) -> tuple[Completeness, tuple[str, ...], Decimal]:
    """Check one dimension's parts against the total they split: (status, declared values missing, amount missing).

    Equal is complete; less is incomplete, naming the declared values without a part; more raises
    `PartsExceedTotal`. Update services call this to refuse such parts before they are stored.
    """
    with localcontext(CONTEXT):
        reported = sum(parts.values(), ZERO)
        if reported > total:
            raise PartsExceedTotal(dimension=dimension, parts=reported, total=total)
        if reported == total:
            return Completeness.COMPLETE, (), ZERO
        return Completeness.INCOMPLETE, tuple(value for value in declared if value not in parts), total - reported


def progress_to_target(total: Decimal, *, baseline: Decimal, target: Decimal, direction: Direction) -> Decimal:
    """The share of the way from baseline to target: (total − baseline) / (target − baseline).

    The one formula holds for both directions once the target lies on the better side of the baseline, which is
    checked: a lower-is-better indicator falling from 40 to 30 towards 20 is halfway (0.5), rising to 50 is −0.5.
    """
    better = target > baseline if direction == Direction.HIGHER else target < baseline
    if not better:
        raise ValueError(f"A target of {target} is no improvement on the baseline {baseline} when "
                         f"{direction} is better.")
    with localcontext(CONTEXT):
        return (total - baseline) / (target - baseline)


def _pick(values: list[ApprovedValue], *, period: int, cumulative: bool) -> ApprovedValue | None:
    if cumulative:
        # A cumulative value is the experiment's total to date, so its latest approved value up to the period is
        # the whole of it; adding the earlier periods (or a revised one) to it would count them twice.
        earlier = [value for value in values if value.period <= period]
        return max(earlier, key=lambda value: value.period, default=None)
    return next((value for value in values if value.period == period), None)


def _weight(value: ApprovedValue, weight: Weight) -> Decimal | None:
    return value.households if weight == Weight.HOUSEHOLDS else value.denominator


def _total(indicator: SharedIndicator, used: list[tuple[ApprovedValue, Decimal | None]]) -> Decimal | None:
    if not used:
        return None
    with localcontext(CONTEXT):
        if indicator.rule == Rule.SUM:
            return sum((value.amount for value, _ in used), ZERO)
        if indicator.rule == Rule.MEAN:
            return sum((value.amount for value, _ in used), ZERO) / len(used)
        # For a percentage weighed by its denominator, value × denominator is 100 × numerator, so this is the sum
        # of numerators over the sum of denominators (to 28 digits).
        weighted = sum((value.amount * weight for value, weight in used), ZERO)
        return weighted / sum((weight for _, weight in used), ZERO)


def _dimensions(indicator: SharedIndicator, used: list[ApprovedValue]) -> tuple[DimensionCheck, ...]:
    additive = indicator.rule == Rule.SUM or (indicator.rule == Rule.WEIGHTED_MEAN
                                              and indicator.weight == Weight.DENOMINATOR
                                              and all(value.is_percentage for value in used))
    checks = []
    for dimension, declared in indicator.dimensions.items():
        missing, sums = [], dict.fromkeys(declared, ZERO)
        with localcontext(CONTEXT):
            for value in used:
                parts = value.parts.get(dimension, {})
                try:
                    status, values, amount = check_parts(value.split, parts, dimension=dimension, declared=declared)
                except PartsExceedTotal as error:
                    raise PartsExceedTotal(dimension=dimension, parts=error.parts, total=error.total,
                                           experiment=value.experiment) from None
                if status == Completeness.INCOMPLETE:
                    missing.append(MissingPart(value.experiment, values, amount))
                for key, number in parts.items():
                    sums[key] += number
            total = sum((value.split for value in used), ZERO)
            reported = sum(sums.values(), ZERO)
        checks.append(DimensionCheck(
            dimension=dimension, status=Completeness.INCOMPLETE if missing else Completeness.COMPLETE,
            total=total, reported=reported, parts=sums if additive else None, missing=tuple(missing)))
    return tuple(checks)


def _check_input(indicator: SharedIndicator, values: list[ApprovedValue], experiments: list[Hashable]) -> None:
    if len(set(experiments)) != len(experiments):
        raise ValueError("An experiment is listed twice.")
    known, seen = set(experiments), set()
    for value in values:
        if value.experiment not in known:
            raise ValueError(f"Experiment {value.experiment!r} has a value but is not among the experiments.")
        if (value.experiment, value.period) in seen:
            raise ValueError(f"Experiment {value.experiment!r} has two approved values for period {value.period}.")
        seen.add((value.experiment, value.period))
        if value.is_percentage and not (indicator.rule == Rule.WEIGHTED_MEAN
                                        and indicator.weight == Weight.DENOMINATOR):
            # The mean (or sum) of percentages gives a small experiment the say of a large one.
            raise ValueError("A percentage rolls up as the sum of numerators over the sum of denominators: "
                             "rule weighted_mean, weight denominator.")
        for dimension, parts in value.parts.items():
            if dimension not in indicator.dimensions:
                raise ValueError(f"Experiment {value.experiment!r} reports parts of the undeclared dimension "
                                 f"{dimension!r}.")
            unknown = set(parts) - set(indicator.dimensions[dimension])
            if unknown:
                raise ValueError(f"Experiment {value.experiment!r} reports undeclared values {sorted(unknown)} of "
                                 f"{dimension!r}.")


def roll_up(indicator: SharedIndicator, values: Iterable[ApprovedValue], *, experiments: Iterable[Hashable],
            period: int, target: Decimal | None = None) -> RollUp:
    """Roll the approved values of `experiments` up to one total for `period`, by the indicator's rule.

    A cumulative indicator takes each experiment's latest approved value up to the period, any other indicator the
    value of that period. An experiment without one, or without a weight for a weighted mean, is left out and
    listed with the reason. Experiment ids must sort among themselves (primary keys, or slugs): the result is in
    that order, whatever order the experiments and values come in.
    """
    values, experiments = list(values), sorted(experiments)
    _check_input(indicator, values, experiments)
    target = _decimal(target, "target")
    by_experiment = {experiment: [] for experiment in experiments}
    for value in values:
        by_experiment[value.experiment].append(value)
    used, counted, left_out = [], [], []
    for experiment in experiments:
        value = _pick(by_experiment[experiment], period=period, cumulative=indicator.cumulative)
        if value is None:
            left_out.append(LeftOut(experiment, LeftOutReason.NO_APPROVED_VALUE))
            continue
        weight = _weight(value, indicator.weight) if indicator.rule == Rule.WEIGHTED_MEAN else None
        if indicator.rule == Rule.WEIGHTED_MEAN and weight is None:
            # A guessed weight (the mean of the others, or 1) would hide that the total rests on fewer experiments.
            left_out.append(LeftOut(experiment, LeftOutReason.NO_WEIGHT))
            continue
        used.append((value, weight))
        counted.append(Counted(experiment, value.period, value.amount, weight))
    total = _total(indicator, used)
    progress = None
    if target is not None:
        # Checked with a total or without, so a wrong target shows before the first value is approved.
        progress = progress_to_target(indicator.baseline if total is None else total, baseline=indicator.baseline,
                                      target=target, direction=indicator.direction)
        progress = None if total is None else progress
    return RollUp(period=period, rule=indicator.rule, total=total, counted=tuple(counted), left_out=tuple(left_out),
                  dimensions=_dimensions(indicator, [value for value, _ in used]), target=target, progress=progress)
