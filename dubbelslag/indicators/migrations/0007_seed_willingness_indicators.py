"""Add the indicators of CBS's willingness figures for energy measures (docs/domain.md#categorical-indicators).

CBS maatwerk for VNG (April 2023): per gemeente and wijk (2022 boundaries), for 2021, three value classes per
indicator (Laag, Midden, Hoog: significantly and substantially below or above the national mean, else Midden) and the
number of households the figures are about. The file is imported by the programme team (import page or
``import_cbs_csv --map``); these rows give its columns somewhere to go.
"""

from django.db import migrations

SOURCE = "CBS maatwerk voor VNG, bereidheid energietransitiemaatregelen naar type eigendom, 2021 (indeling 2022)"
CLASSES = [("Laag", "Laag", "Low"), ("Midden", "Midden", "Middle"), ("Hoog", "Hoog", "High")]

INDICATORS = [
    ("BEV_HUISHOUDENS", "Aantal huishoudens", "Number of households",
     "Aantal particuliere huishoudens in het gebied.", "Number of private households in the area.",
     "woningvoorraad", "huishoudens", "context", "number"),
    ("BE_COMFORT_ISOLATIE", "Isoleert voor comfort", "Insulates for comfort",
     "Klasse van het aandeel huishoudens dat comfort belangrijk vindt en daarom isoleert of dubbel glas heeft, "
     "vergeleken met het landelijk gemiddelde.",
     "Class of the share of households that value comfort and therefore insulate or have double glazing, compared "
     "with the national mean.",
     "energie", "klasse", "higher_better", "category"),
    ("BE_MILIEU_BETALEN", "Wil betalen voor energiebesparing", "Willing to pay for energy saving",
     "Klasse van het aandeel huishoudens dat energiebesparing belangrijk vindt voor het milieu en ervoor wil "
     "betalen, vergeleken met het landelijk gemiddelde.",
     "Class of the share of households that find energy saving important for the environment and are willing to "
     "pay for it, compared with the national mean.",
     "energie", "klasse", "higher_better", "category"),
    ("BE_WONING_ZUINIG", "Vindt de woning al energiezuinig", "Considers the home already energy-efficient",
     "Klasse van het aandeel huishoudens dat de eigen woning al energiezuinig vindt, vergeleken met het landelijk "
     "gemiddelde.",
     "Class of the share of households that consider their home already energy-efficient, compared with the "
     "national mean.",
     "energie", "klasse", "context", "category"),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    IndicatorClass = apps.get_model("indicators", "IndicatorClass")
    for code, name_nl, name_en, definition_nl, definition_en, domain, unit, direction, value_type in INDICATORS:
        indicator, _created = Indicator.objects.update_or_create(code=code, defaults={
            "name_nl": name_nl, "name_en": name_en, "definition_nl": definition_nl, "definition_en": definition_en,
            "domain": domain, "unit": unit, "direction": direction, "value_type": value_type,
            "source_note": SOURCE, "spatial_level": "wijk", "licence": "CC BY 4.0", "is_own_measurement": False,
        })
        if value_type == "category":
            for position, (class_code, label_nl, label_en) in enumerate(CLASSES, start=1):
                IndicatorClass.objects.update_or_create(indicator=indicator, position=position, defaults={
                    "code": class_code, "label_nl": label_nl, "label_en": label_en})


def unseed(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(code__in=[row[0] for row in INDICATORS], observations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0006_categorical_values")]

    operations = [migrations.RunPython(seed, unseed)]
