"""``load_open_data`` on the real files shipped in ``indicators/data/open`` (a few seconds: one test)."""

from django.test import SimpleTestCase, TestCase
from django.utils import translation

from dubbelslag.areas.models import Area
from dubbelslag.indicators.models import ImportRun, Observation
from dubbelslag.indicators.services import load_open_data
from dubbelslag.indicators.sources.open_data import read_heating

HEATING_HEADER = (
    "buurtcode,buurtnaam,gemeentecode,wijkcode,symbol,won_hfdverw_allel,won_hfdverw_stvw,won_hfdverw_gas,"
    "won_hfdverw_cv,won_hfdverw_blkvw,won_hfdverw_stvw_hg,won_hfdverw_stvw_lg,won_hfdverw_stvw_zg,"
    "won_hfdverw_allel_hg,won_hfdverw_allel_lg,won_hfdverw_allel_zg,won_hfdverw_inst_onb\n"
)


class ReadHeatingTests(SimpleTestCase):
    def test_fractions_become_percentages_and_the_derived_share_is_summed(self):
        result, names = read_heating((
            HEATING_HEADER
            + "BU05991571,Tarwewijk,GM0599,WK059915,,0.0,0.02,0.94,0.93,0.01,0.0,0.0,0.02,0.0,0.0,0.01,0.04\n"
            + "BU16800309,Verspreide huizen Gasteren,GM1680,WK168003,secret,,,,,,,,,,,,\n"
        ).encode())
        self.assertEqual((result.errors, result.rows_read, names),
                         ((), 2, {"BU05991571": "Tarwewijk", "BU16800309": "Verspreide huizen Gasteren"}))
        figures = {(r.area_code, r.key_stem): (r.value, r.status, r.symbol) for r in result.records}
        self.assertEqual(figures[("BU05991571", "ET_HOOFDVERW_GAS")], (94.0, "ok", ""))
        self.assertEqual(figures[("BU05991571", "ET_HOOFDVERW_ZONDERGAS")], (3.0, "ok", ""))
        self.assertEqual(figures[("BU16800309", "ET_HOOFDVERW_ZONDERGAS")], (None, "suppressed", "?"))
        self.assertEqual(len(result.records), 14)

    def test_a_missing_column_refuses_the_file(self):
        with translation.override("en"):
            result, names = read_heating(HEATING_HEADER.replace(",won_hfdverw_allel_zg", "").encode())
            self.assertEqual([str(error) for error in result.errors],
                             ["line 1: missing column(s): won_hfdverw_allel_zg"])
        self.assertEqual((result.records, names), ((), {}))


class LoadOpenDataTests(TestCase):
    def figure(self, code: str, year: int, indicator: str, period: str) -> tuple[float | None, str]:
        observation = Observation.objects.get(area__code=code, area__boundary_year=year, indicator__code=indicator,
                                              period=period)
        return observation.value, observation.status

    def test_loads_the_shipped_files_once_and_again_changes_nothing(self):
        runs = {dataset.key: run for dataset, run in load_open_data()}
        self.assertEqual(
            {key: (run.boundary_year, run.rows_read, run.rows_created, run.rows_updated, run.rows_unchanged,
                   run.rows_suppressed, run.rows_rejected) for key, run in runs.items()},
            {
                "gemeenten_2023_kwb_subset": (2023, 342, 3420, 0, 0, 0, 0),
                # The KWB extract came from OData, where a secret figure is null: 40 empty cells, suppressed.
                "cbs_kwb_2024_gm_wk_basic": (2024, 3735, 11205, 0, 0, 40, 0),
                # 940 buurten kept secret by CBS, 7 figures each.
                "cbs_hoofdverwarming_buurt": (2021, 14080, 98560, 0, 0, 6580, 0),
            },
        )
        self.assertEqual(Observation.objects.count(), 3420 + 11205 + 98560)
        self.assertEqual({year: Area.objects.filter(boundary_year=year, level="buurt").count()
                          for year in (2021, 2023, 2024)}, {2021: 14080, 2023: 0, 2024: 0})

        # Tarwewijk (Rotterdam): 0.94 of dwellings on gas in the file, stored as a percentage; without gas is
        # district heating without gas (0.02) plus electric without gas (0.0).
        self.assertEqual(self.figure("BU05991571", 2021, "ET_HOOFDVERW_GAS", "2021"), (94.0, "ok"))
        self.assertEqual(self.figure("BU05991571", 2021, "ET_HOOFDVERW_ZONDERGAS", "2021"), (2.0, "ok"))
        self.assertEqual(Area.objects.get(code="BU05991571", boundary_year=2021).parent.parent.name, "Rotterdam")
        # Secret (CBS "?") and not applicable (CBS "-") rows.
        self.assertEqual(self.figure("BU16800309", 2021, "ET_HOOFDVERW_GAS", "2021"), (None, "suppressed"))
        self.assertEqual(self.figure("BU03632301", 2021, "ET_HOOFDVERW_ZONDERGAS", "2021"), (None, "unknown"))
        # Rotterdam: households around the social minimum in 2021 (KWB 2023) and inhabitants in 2023 and 2024.
        self.assertEqual(self.figure("GM0599", 2023, "INK_SOCMIN", "2021"), (13.5, "ok"))
        self.assertEqual(self.figure("GM0599", 2023, "BEV_INWONERS", "2023"), (663900.0, "ok"))
        self.assertEqual(self.figure("GM0599", 2024, "BEV_INWONERS", "2024"), (670610.0, "ok"))
        # The 2024 extract has no names: a gemeente borrows the one it has in 2023.
        self.assertEqual(Area.objects.get(code="GM0599", boundary_year=2024).name, "Rotterdam")

        self.assertEqual([run for _dataset, run in load_open_data()], [None, None, None])
        self.assertEqual(ImportRun.objects.count(), 3)

        before = dict(Observation.objects.values_list("pk", "import_run_id"))
        forced = [run for _dataset, run in load_open_data(force=True)]
        self.assertEqual([(run.rows_created, run.rows_updated, run.rows_unchanged) for run in forced],
                         [(0, 0, 3420), (0, 0, 11205), (0, 0, 98560)])
        self.assertEqual(dict(Observation.objects.values_list("pk", "import_run_id")), before)
