"""Small builders for the atlas tests: a few 2021 areas of two gemeenten and observations in one import run."""

from datetime import UTC, datetime

from dubbelslag.areas.models import Area
from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from testing.base import make_area

RETRIEVED = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)


def make_run(*, table_id: str = "85337NED", year: int = 2021) -> ImportRun:
    return ImportRun.objects.create(source="bundled", table_id=table_id, file_name="sample.csv", boundary_year=year,
                                    retrieved_at=RETRIEVED, checksum="ab" * 32)


def observe(area: Area, code: str, value: float | None, *, run: ImportRun, period: str = "2021",
            status: str = "ok") -> Observation:
    return Observation.objects.create(area=area, indicator=Indicator.objects.get(code=code), period=period,
                                      value=value, status=status, import_run=run)


def make_2021_areas(cls) -> None:
    """Rotterdam with one wijk and four buurten (Pendrecht among them), Zoetermeer with one wijk and three buurten,
    all in the 2021 boundaries, as attributes of the test class."""
    cls.rotterdam_2021 = make_area("GM0599", "Rotterdam", year=2021)
    cls.charlois_2021 = make_area("WK059915", "Pendrecht", parent=cls.rotterdam_2021, year=2021)
    cls.pendrecht_2021 = make_area("BU05991577", "Pendrecht", parent=cls.charlois_2021, year=2021)
    cls.rotterdam_buurten = [cls.pendrecht_2021] + [
        make_area(f"BU0599157{n}", f"Buurt {n}", parent=cls.charlois_2021, year=2021) for n in (1, 2, 3)]
    cls.zoetermeer_2021 = make_area("GM0637", "Zoetermeer", year=2021)
    cls.palenstein_2021 = make_area("WK063703", "Palenstein", parent=cls.zoetermeer_2021, year=2021)
    cls.zoetermeer_buurten = [make_area(f"BU0637030{n}", f"Zbuurt {n}", parent=cls.palenstein_2021, year=2021)
                              for n in (1, 2, 3)]
