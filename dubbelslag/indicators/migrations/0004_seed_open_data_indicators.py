"""Add the indicators that the open data shipped with the application carries (docs/domain.md#the-seeded-indicator-catalogue).

Main heating per buurt (CBS "Woningen; hoofdverwarmingsinstallaties"), the social-minimum bands and two urbanity
measures from the KWB gemeente figures. Rows as in 0002.
"""

from django.db import migrations

HEATING = "85337NED"
KWB_2023 = "85618NED"
HB, HW, CX = "higher_better", "higher_worse", "context"
HEATING_NOTE = "CBS Statistiek hoofdverwarmingsinstallaties woningen (buurtindeling 2021)"

INDICATORS = [
    ("ET_HOOFDVERW_GAS", "Woningen verwarmd op aardgas", "Dwellings heated with natural gas",
     "Percentage woningen met een hoofdverwarming op basis van aardgas (cv-ketel, blokverwarming of andere "
     "gasgestookte installatie): de opgave van de warmtetransitie.",
     "Percentage of dwellings whose main heating runs on natural gas (boiler, block heating or another gas-fired "
     "installation): the task of the heat transition.",
     "energie", "%", HW, HEATING, "", HEATING_NOTE, "buurt", False),
    ("ET_HOOFDVERW_CV", "Woningen met individuele cv-ketel", "Dwellings with an individual boiler",
     "Percentage woningen met een individuele centrale verwarming (cv-ketel).",
     "Percentage of dwellings with individual central heating (boiler).",
     "energie", "%", CX, HEATING, "", HEATING_NOTE, "buurt", False),
    ("ET_HOOFDVERW_BLOK", "Woningen met blokverwarming", "Dwellings with block heating",
     "Percentage woningen met blokverwarming: één installatie voor een complex, een kans voor een collectieve "
     "aanpak.",
     "Percentage of dwellings with block heating: one installation per complex, an opening for a collective "
     "approach.",
     "energie", "%", CX, HEATING, "", HEATING_NOTE, "buurt", False),
    ("ET_HOOFDVERW_STVW", "Woningen met stadsverwarming (hoofdverwarming)", "Dwellings on district heating (main "
     "heating)",
     "Percentage woningen waarvan de hoofdverwarming stadsverwarming is, met of zonder aardgasgebruik.",
     "Percentage of dwellings whose main heating is district heating, with or without natural gas use.",
     "energie", "%", HB, HEATING, "", HEATING_NOTE, "buurt", False),
    ("ET_HOOFDVERW_ELEK", "Woningen elektrisch verwarmd", "Dwellings heated electrically",
     "Percentage woningen met elektrische hoofdverwarming, warmtepompen inbegrepen.",
     "Percentage of dwellings with electric main heating, heat pumps included.",
     "energie", "%", HB, HEATING, "", HEATING_NOTE, "buurt", False),
    ("ET_HOOFDVERW_ZONDERGAS", "Woningen zonder aardgasgebruik", "Dwellings without natural gas use",
     "Percentage woningen met stadsverwarming of elektrische verwarming zonder aardgasgebruik (som van beide).",
     "Percentage of dwellings on district or electric heating without natural gas use (sum of both).",
     "energie", "%", HB, HEATING, "", HEATING_NOTE, "buurt", False),
    ("ET_HOOFDVERW_ONB", "Hoofdverwarming onbekend", "Main heating unknown",
     "Percentage woningen waarvan het type installatie onbekend is.",
     "Percentage of dwellings whose installation type is unknown.",
     "energie", "%", CX, HEATING, "", HEATING_NOTE, "buurt", False),
    ("INK_SOCMIN110", "Huishoudens tot 110% van het sociaal minimum", "Households up to 110% of the social minimum",
     "Percentage particuliere huishoudens met een inkomen tot 110% van het sociaal minimum.",
     "Percentage of private households with an income up to 110% of the social minimum.",
     "sociaal-economisch", "%", HW, KWB_2023, "HuishoudensTot110VanSociaalMinimum", "CBS KWB", "buurt", False),
    ("INK_SOCMIN120", "Huishoudens tot 120% van het sociaal minimum", "Households up to 120% of the social minimum",
     "Percentage particuliere huishoudens met een inkomen tot 120% van het sociaal minimum.",
     "Percentage of private households with an income up to 120% of the social minimum.",
     "sociaal-economisch", "%", HW, KWB_2023, "HuishoudensTot120VanSociaalMinimum", "CBS KWB", "buurt", False),
    ("BEV_STEDELIJKHEID", "Stedelijkheid", "Urbanity",
     "Mate van stedelijkheid: 1 zeer sterk stedelijk tot 5 niet stedelijk.",
     "Urbanity class: 1 very strongly urban to 5 not urban.",
     "woningvoorraad", "klasse 1–5", CX, KWB_2023, "MateVanStedelijkheid", "CBS KWB", "buurt", False),
    ("BEV_ADRESDICHTHEID", "Omgevingsadressendichtheid", "Address density",
     "Gemiddeld aantal adressen per km² binnen een cirkel van 1 km.",
     "Average number of addresses per km² within a 1 km radius.",
     "woningvoorraad", "per km²", CX, KWB_2023, "Omgevingsadressendichtheid", "CBS KWB", "buurt", False),
]

FIELDS = ("code", "name_nl", "name_en", "definition_nl", "definition_en", "domain", "unit", "direction",
          "source_table", "source_key_stem", "source_note", "spatial_level", "is_own_measurement")


def seed(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    for row in INDICATORS:
        fields = dict(zip(FIELDS, row, strict=True))
        Indicator.objects.update_or_create(code=fields.pop("code"), defaults=fields)


def unseed(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Indicator.objects.filter(code__in=[row[0] for row in INDICATORS], observations__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_importrun_boundary_year_alter_importrun_source")]

    operations = [migrations.RunPython(seed, unseed)]
