"""Rebuild the captured samples in this folder from the real files in the shared data folder.

Run: ``python dubbelslag/indicators/tests/data/build_samples.py /work/shared/data``. Each output is described in
SOURCE.md next to this script. The tests never run this; they read its committed output.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = "https://opendata.cbs.nl/ODataApi/odata/"

# The 2024 columns the samples use (real keys of 85984NED) and the real rows of kwb_2024_gm_wk_basic.csv.
TOPICS_2024 = [
    "Gemeentenaam_1",
    "SoortRegio_2",
    "Codering_3",
    "AantalInwoners_5",
    "Bevolkingsdichtheid_34",
    "Woningvoorraad_35",
    "Koopwoningen_47",
    "HuurwoningenTotaal_48",
    "Huurwoning_59",
    "Huurwoning_67",
    "GemGestandaardiseerdInkomenVanHuish_86",
    "HuishOnderOfRondSociaalMinimum_90",
    "OppervlakteLand_123",
]
ODATA_COLUMNS = ["AantalInwoners_5", "Bevolkingsdichtheid_34", "Woningvoorraad_35", "OppervlakteLand_123"]
PAGE1_CODES = ["GM0014", "WK001400", "WK001401"]
PAGE2_CODES = ["WK003415", "WK030732"]  # both have empty (null) values in the real file
# 2023-style renumbering: real 2024 metadata and real 2023 values, with illustrative older suffixes.
RENAME_2023 = {
    "AantalInwoners_5": "AantalInwoners_5",
    "Koopwoningen_47": "Koopwoningen_40",
    "HuurwoningenTotaal_48": "HuurwoningenTotaal_41",
}
VALUES_2023 = {"AantalInwoners_5": "a_inw", "Koopwoningen_47": "p_koopw", "HuurwoningenTotaal_48": "p_huurw"}
INCOME_2021 = {
    "GemGestandaardiseerdInkomenVanHuish_86": "g_hh_sti_2021",
    "HuishOnderOfRondSociaalMinimum_90": "p_hh_osm_2021",
}
GEMEENTEN = ["GM0014", "GM0034", "GM0363", "GM0518"]


def padded(code: str) -> str:
    return code.ljust(10)  # CBS right-pads region codes to the width of the dimension (10)


def number(text: str) -> int | None:
    # The real CSV went through pandas, so Long columns with nulls read "11500.0"; CBS serves them as integers.
    return None if text == "" else int(float(text))


def dataproperties_subset(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    by_id = {row["ID"]: row for row in rows}
    keep: set[str] = {"0"}  # the WijkenEnBuurten GeoDetail row
    for row in rows:
        if row["Key"] in TOPICS_2024:
            keep.add(row["ID"])
            parent = row["ParentID"]
            while parent:  # keep every enclosing TopicGroup, so group paths resolve as in the full file
                group = by_id[str(int(float(parent)))]
                keep.add(group["ID"])
                parent = group["ParentID"]
    return [row for row in rows if row["ID"] in keep]


def as_odata_property(row: dict[str, str]) -> dict[str, object]:
    def integer(text: str) -> int | None:
        return int(float(text)) if text else None

    item: dict[str, object] = {
        "odata.type": row["odata.type"],
        "ID": int(row["ID"]),
        "Position": integer(row["Position"]),
        "ParentID": integer(row["ParentID"]),
        "Type": row["Type"],
        "Key": row["Key"],
        "Title": row["Title"],
        "Description": row["Description"],
    }
    if row["Type"] == "GeoDetail":
        item["MapYear"] = integer(row["MapYear"])
    if row["Type"] == "Topic":
        item.update(
            Datatype=row["Datatype"],
            Unit=row["Unit"],
            Decimals=integer(row["Decimals"]),
            Default=row["Default"],
            PresentationType=row["PresentationType"],
        )
    return item


def write_json(name: str, payload: object) -> None:
    (HERE / name).write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(shared: Path) -> None:
    kwb = shared / "cbs_kwb_2024_gm_wk_basic"
    with (kwb / "85984NED_DataProperties.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fieldnames, properties = reader.fieldnames, list(reader)
    subset = dataproperties_subset(properties)

    # 1. DataProperties subset as CSV (rows unchanged, same columns and quoting as the real file).
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(subset)
    (HERE / "85984NED_DataProperties_subset.csv").write_text(out.getvalue(), encoding="utf-8")

    # 2. The same rows as an OData DataProperties response.
    write_json(
        "odata_85984NED_DataProperties.json",
        {
            "odata.metadata": f"{BASE}85984NED/$metadata#Cbs.OData.WebAPI.DataProperties",
            "value": [as_odata_property(row) for row in subset],
        },
    )

    # 3. Two TypedDataSet pages of real rows, as a $select request for ODATA_COLUMNS returns them.
    with (kwb / "kwb_2024_gm_wk_basic.csv").open(encoding="utf-8", newline="") as handle:
        basic = {row["code"]: row for row in csv.DictReader(handle)}
    select = ",".join(["WijkenEnBuurten", *ODATA_COLUMNS])
    first_url = f"{BASE}85984NED/TypedDataSet?$format=json&$select={select}"
    metadata = f"{BASE}85984NED/$metadata#Cbs.OData.WebAPI.TypedDataSet"
    for name, codes, next_link in (
        ("odata_85984NED_TypedDataSet_page1.json", PAGE1_CODES, f"{first_url}&$skip=3"),
        ("odata_85984NED_TypedDataSet_page2.json", PAGE2_CODES, None),
    ):
        page: dict[str, object] = {
            "odata.metadata": metadata,
            "value": [
                {"WijkenEnBuurten": padded(code), **{key: number(basic[code][key]) for key in ODATA_COLUMNS}}
                for code in codes
            ],
        }
        if next_link:
            page["odata.nextLink"] = next_link
        write_json(name, page)

    # 4. A 2023-style table: 2024 metadata with older suffixes, and the real 2023 values of gemeenten_2023.csv.
    with (shared / "gemeenten_2023_kwb_subset" / "gemeenten_2023.csv").open(encoding="utf-8", newline="") as handle:
        gemeenten = {row["gwb_code_10"]: row for row in csv.DictReader(handle)}
    keep_2023 = dataproperties_subset(
        [row for row in properties if row["Key"] not in set(TOPICS_2024) - set(RENAME_2023)]
    )
    items = []
    for row in keep_2023:
        item = as_odata_property(row)
        if item["Key"] in RENAME_2023:
            item["Key"] = RENAME_2023[item["Key"]]
        if item["Type"] == "GeoDetail":
            item["MapYear"] = 2023
        items.append(item)
    write_json(
        "odata_2023style_DataProperties.json", {"odata.metadata": "2023-style sample, see SOURCE.md", "value": items}
    )
    write_json(
        "odata_2023style_TypedDataSet.json",
        {
            "odata.metadata": "2023-style sample, see SOURCE.md",
            "value": [
                {
                    "WijkenEnBuurten": padded(code),
                    **{RENAME_2023[key]: int(gemeenten[code][column]) for key, column in VALUES_2023.items()},
                }
                for code in GEMEENTEN[:3]
            ],
        },
    )

    # 5. "CSV met statistische symbolen" of the page rows: ; separated, all quoted, padded codes, "." for null.
    lines = [";".join(f'"{h}"' for h in ["WijkenEnBuurten", *ODATA_COLUMNS])]
    for code in PAGE1_CODES + PAGE2_CODES:
        cells = [padded(code)] + [
            ("." if basic[code][k] == "" else str(number(basic[code][k]))) for k in ODATA_COLUMNS
        ]
        lines.append(";".join(f'"{cell}"' for cell in cells))
    (HERE / "kwb_2024_symbolen.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    # 6. Symbols CSV with StatLine-style title headers and decimal commas (real 2021 income values).
    by_key = {row["Key"]: row for row in properties}
    headers = ["Wijken en buurten"] + [
        f"Inkomen/Inkomen van huishoudens/{by_key[key]['Title']} ({by_key[key]['Unit']})" for key in INCOME_2021
    ]
    lines = [";".join(f'"{h}"' for h in headers)]
    for code in GEMEENTEN:
        cells = [padded(code)] + [gemeenten[code][column].replace(".", ",") for column in INCOME_2021.values()]
        lines.append(";".join(f'"{cell}"' for cell in cells))
    (HERE / "kwb_gm_inkomen_2021_symbolen.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    # 7. Plain CSV: the real file's header, its first four data lines and the line of WK030732, byte for byte.
    real_lines = (kwb / "kwb_2024_gm_wk_basic.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    picked = real_lines[:5] + [line for line in real_lines if line.startswith("WK030732,")]
    (HERE / "kwb_2024_gm_wk_basic_head.csv").write_text("".join(picked), encoding="utf-8")

    # 8. Long format (Dutch headers, decimal comma) from the same real values.
    long_rows = [
        ("GM0014", "INK_GEM", "2021", gemeenten["GM0014"]["g_hh_sti_2021"].replace(".", ",")),
        ("GM0014", "INK_SOCMIN", "2021", gemeenten["GM0014"]["p_hh_osm_2021"].replace(".", ",")),
        ("GM0034", "INK_GEM", "2021", gemeenten["GM0034"]["g_hh_sti_2021"].replace(".", ",")),
        ("WK001400", "Woningvoorraad", "2024", str(number(basic["WK001400"]["Woningvoorraad_35"]))),
        ("WK003415", "Bevolkingsdichtheid", "2024", "." if basic["WK003415"]["Bevolkingsdichtheid_34"] == "" else "?"),
    ]
    text = "gebiedscode;indicatorcode;periode;waarde\n" + "".join(";".join(row) + "\n" for row in long_rows)
    (HERE / "long_format_nl.csv").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/data"))
