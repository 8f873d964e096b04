"""Write the captured region-dimension responses (``odata_*_WijkenEnBuurten.json``) from the shared data folder.

Run: ``python dubbelslag/indicators/tests/data/build_dimension_samples.py /work/shared/data``. SOURCE.md (next to this
script) describes the files; the tests never run this, they read its committed output. Deterministic.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = "https://opendata.cbs.nl/ODataApi/odata/"
# The regions of the captured 85984NED TypedDataSet pages, and the gemeenten their wijken lie in, in the order CBS
# lists a KWB region dimension: Nederland first, then each gemeente followed by its wijken.
KWB_2024 = ["GM0014", "WK001400", "WK001401", "GM0034", "WK003415", "GM0307", "WK030732"]
GEMEENTEN_2023 = ["GM0014", "GM0034", "GM0363"]


def padded(code: str) -> str:
    return code.ljust(10)  # CBS right-pads region keys to the width of the dimension (10), as in TypedDataSet


def read(path: Path, key: str, value: str) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row[key]: row[value] for row in csv.DictReader(handle)}


def kwb_title(code: str, name: str) -> str:
    # StatLine titles a KWB wijk with its two-digit number: WK001400 "Centrum" is "Wijk 00 Centrum".
    return f"Wijk {code[-2:]} {name}" if code.startswith("WK") else name


def write(name: str, table: str, titles: list[tuple[str, str]]) -> None:
    payload = {
        "odata.metadata": f"{BASE}{table}/$metadata#Cbs.OData.WebAPI.WijkenEnBuurten",
        "value": [{"Key": padded(code), "Title": title} for code, title in titles],
    }
    (HERE / name).write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(shared: Path) -> None:
    codes = shared / "cbs_gwb_codes_2025"
    names_2025 = read(codes / "gemeenten_2025.csv", "gemeentecode", "gemeentenaam")
    names_2025 |= read(codes / "wijken_2025.csv", "wijkcode", "wijknaam")
    write("odata_85984NED_WijkenEnBuurten.json", "85984NED",
          [("NL00", "Nederland")] + [(code, kwb_title(code, names_2025[code])) for code in KWB_2024])
    names_2023 = read(shared / "gemeenten_2023_kwb_subset" / "gemeenten_2023.csv", "gwb_code_10", "gm_naam")
    write("odata_2023style_WijkenEnBuurten.json", "85618NED",
          [("NL00", "Nederland")] + [(code, names_2023[code]) for code in GEMEENTEN_2023])


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"))
