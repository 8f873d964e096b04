"""The captured samples hold real CBS values: check them against the shared source files when those are present.

The shared data folder (``DUBBELSLAG_SHARED_DATA``, default ``/work/shared/data``) is not part of the repository, so
these tests skip where it is absent (for example in CI); the parser tests themselves only need ``tests/data``.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from dubbelslag.indicators.sources.dataproperties import read_data_properties_csv
from dubbelslag.indicators.sources.long_format import parse_long_csv

from .conftest import DATA, load_json

SHARED = Path(os.environ.get("DUBBELSLAG_SHARED_DATA", "/work/shared/data"))
KWB = SHARED / "cbs_kwb_2024_gm_wk_basic"
needs_shared = pytest.mark.skipif(not KWB.is_dir(), reason="shared CBS data folder not available")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@needs_shared
def test_odata_pages_hold_the_real_kwb_2024_rows():
    real = {row["code"]: row for row in read_csv(KWB / "kwb_2024_gm_wk_basic.csv")}
    pages = [load_json("odata_85984NED_TypedDataSet_page1.json"), load_json("odata_85984NED_TypedDataSet_page2.json")]

    for row in (row for page in pages for row in page["value"]):
        source = real[row["WijkenEnBuurten"].strip()]
        for key, value in row.items():
            if key != "WijkenEnBuurten":
                assert value == (None if source[key] == "" else int(float(source[key]))), (row, key)


@needs_shared
def test_dataproperties_subset_rows_are_unchanged_rows_of_the_real_file():
    real = read_csv(KWB / "85984NED_DataProperties.csv")
    subset = read_csv(DATA / "85984NED_DataProperties_subset.csv")

    assert all(row in real for row in subset)
    as_json = load_json("odata_85984NED_DataProperties.json")["value"]
    assert [item["Key"] for item in as_json] == [row["Key"] for row in subset]


@needs_shared
def test_full_real_dictionary_maps_the_kwb_indicator_stems():
    schema = read_data_properties_csv((KWB / "85984NED_DataProperties.csv").read_bytes())

    found, problems = schema.resolve_stems(
        ["Woningvoorraad", "GemiddeldeWOZWaardeVanWoningen", "HuishOnderOfRondSociaalMinimum", "Koopwoningen"]
    )

    assert problems == []
    assert {stem: column.key for stem, column in found.items()} == {
        "Woningvoorraad": "Woningvoorraad_35",
        "GemiddeldeWOZWaardeVanWoningen": "GemiddeldeWOZWaardeVanWoningen_39",
        "HuishOnderOfRondSociaalMinimum": "HuishOnderOfRondSociaalMinimum_90",
        "Koopwoningen": "Koopwoningen_47",
    }


@needs_shared
def test_2023_and_income_samples_hold_real_values_of_gemeenten_2023():
    gemeenten = {
        row["gwb_code_10"]: row for row in read_csv(SHARED / "gemeenten_2023_kwb_subset" / "gemeenten_2023.csv")
    }

    for row in load_json("odata_2023style_TypedDataSet.json")["value"]:
        source = gemeenten[row["WijkenEnBuurten"].strip()]
        assert (row["AantalInwoners_5"], row["Koopwoningen_40"], row["HuurwoningenTotaal_41"]) == (
            int(source["a_inw"]),
            int(source["p_koopw"]),
            int(source["p_huurw"]),
        )
    with (DATA / "kwb_gm_inkomen_2021_symbolen.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    for code, income, minimum in rows:
        source = gemeenten[code.strip()]
        assert (income, minimum) == (
            source["g_hh_sti_2021"].replace(".", ","),
            source["p_hh_osm_2021"].replace(".", ","),
        )
    long_values = {
        (r.area_code, r.column_key): r.value
        for r in parse_long_csv((DATA / "long_format_nl.csv").read_bytes()).records
    }
    assert long_values[("GM0014", "INK_GEM")] == float(gemeenten["GM0014"]["g_hh_sti_2021"])


@needs_shared
def test_plain_sample_lines_are_lines_of_the_real_file():
    real_lines = set((KWB / "kwb_2024_gm_wk_basic.csv").read_text(encoding="utf-8").splitlines())

    assert set((DATA / "kwb_2024_gm_wk_basic_head.csv").read_text(encoding="utf-8").splitlines()) <= real_lines


def test_samples_are_valid_json():
    for path in DATA.glob("*.json"):
        assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict), path
