"""Plain factories for the koppelkansen tests."""

from dubbelslag.areas.models import Area
from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from dubbelslag.koppelkansen.models import Koppelkans, TriggerRule
from testing.base import make_area


def make_koppelkans(code: str = "K90", *, rules=(), **overrides) -> Koppelkans:
    fields = {"title_nl": "Proefkoppelkans", "title_en": "Test koppelkans", "description_nl": "Een *proef*.",
              "description_en": "A *test*.", "orientation": "person"}
    fields.update(overrides)
    koppelkans = Koppelkans.objects.create(code=code, **fields)
    for rule in rules:
        make_rule(koppelkans, *rule)
    return koppelkans


def make_rule(koppelkans: Koppelkans, indicator_code: str, operator: str, reference: str, threshold: float,
              absolute_limit: float | None = None, group: int | None = None) -> TriggerRule:
    return TriggerRule.objects.create(koppelkans=koppelkans, indicator=Indicator.objects.get(code=indicator_code),
                                      operator=operator, reference=reference, threshold=threshold,
                                      absolute_limit=absolute_limit, group=group)


def make_import_run(**overrides) -> ImportRun:
    fields = {"source": "cbs_csv", "table_id": "85039NED", "file_name": "kwb_2021.csv", "boundary_year": 2021}
    fields.update(overrides)
    return ImportRun.objects.create(**fields)


def make_buurten(gemeente_code: str, values: list[float | None], *, year: int = 2021,
                 name: str = "Proefdorp") -> tuple[Area, list[Area]]:
    """A gemeente with one wijk and a buurt per value (values are set separately with `observe`)."""
    digits = gemeente_code[2:]
    gemeente = make_area(gemeente_code, name, year=year)
    wijk = make_area(f"WK{digits}00", f"{name} wijk", parent=gemeente, year=year)
    buurten = [make_area(f"BU{digits}00{number:02d}", f"{name} buurt {number}", parent=wijk, year=year)
               for number in range(1, len(values) + 1)]
    return gemeente, buurten


def observe(indicator_code: str, areas: list[Area], values: list[float | None], *, run: ImportRun,
            period: str = "2021") -> None:
    """One observation per area; None is a figure suppressed by CBS."""
    indicator = Indicator.objects.get(code=indicator_code)
    Observation.objects.bulk_create([
        Observation(area=area, indicator=indicator, period=period, value=value, import_run=run,
                    status="ok" if value is not None else "suppressed")
        for area, value in zip(areas, values, strict=True)
    ])
