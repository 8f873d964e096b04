"""Seed the indicator catalogue (docs/domain.md#the-seeded-indicator-catalogue) and the basic KWB columns.

The data lives here, not in app code, so that this migration keeps doing the same thing whatever the app becomes.
Rows are (code, name_nl, name_en, definition_nl, definition_en, domain, unit, direction, source_table,
source_key_stem, source_note, spatial_level, is_own_measurement).
"""

from django.db import migrations

KWB = "85984NED"
HB, HW, CX = "higher_better", "higher_worse", "context"

INDICATORS = [
    # Basic KWB columns
    ("BEV_INWONERS", "Aantal inwoners", "Number of residents", "Aantal inwoners op 1 januari.",
     "Residents on 1 January.", "woningvoorraad", "aantal", CX, KWB, "AantalInwoners", "CBS KWB", "buurt", False),
    ("BEV_DICHTHEID", "Bevolkingsdichtheid", "Population density", "Inwoners per km² land.",
     "Residents per km² of land.", "woningvoorraad", "per km²", CX, KWB, "Bevolkingsdichtheid", "CBS KWB", "buurt",
     False),
    ("WON_VOORRAAD", "Woningvoorraad", "Housing stock", "Aantal woningen op 1 januari.",
     "Number of dwellings on 1 January.", "woningvoorraad", "aantal", CX, KWB, "Woningvoorraad", "CBS KWB", "buurt",
     False),
    # 2.1 Energy transition
    ("ET_GAS_WON", "Gemiddeld aardgasverbruik woningen", "Average gas use per dwelling",
     "Gemiddeld aardgasverbruik per woning; woningen met stadsverwarming tellen mee met ongeveer 0.",
     "Average gas use per dwelling; dwellings on district heating count with about 0.",
     "energie", "m³/jaar", HW, KWB, "GemiddeldAardgasverbruikTotaal", "CBS KWB", "buurt", False),
    ("ET_ELEK_WON", "Gemiddeld elektriciteitsverbruik", "Average electricity use per dwelling",
     "Gemiddeld elektriciteitsverbruik per woning.", "Average electricity use per dwelling.",
     "energie", "kWh/jaar", CX, KWB, "GemiddeldElektriciteitsverbruikTotaal", "CBS KWB", "buurt", False),
    ("ET_STADSV", "Woningen met stadsverwarming", "District heating share",
     "Percentage woningen met stadsverwarming.", "Percentage of dwellings on district heating.",
     "energie", "%", HB, KWB, "PercentageWoningenMetStadsverwarming", "CBS KWB", "buurt", False),
    ("ET_WOZ", "Gemiddelde WOZ-waarde", "Average property value", "Gemiddelde WOZ-waarde van woningen.",
     "Average WOZ value of dwellings.", "woningvoorraad", "€ × 1.000", CX, KWB,
     "GemiddeldeWOZWaardeVanWoningen", "CBS KWB", "buurt", False),
    ("ET_KOOP", "Koopwoningen", "Owner-occupied dwellings", "Percentage koopwoningen.",
     "Percentage of owner-occupied dwellings.", "woningvoorraad", "%", CX, KWB, "Koopwoningen", "CBS KWB", "buurt",
     False),
    ("ET_HUUR", "Huurwoningen", "Rented dwellings", "Percentage huurwoningen.", "Percentage of rented dwellings.",
     "woningvoorraad", "%", CX, KWB, "HuurwoningenTotaal", "CBS KWB", "buurt", False),
    ("ET_CORP", "In bezit woningcorporatie", "Housing-association share",
     "Percentage woningen in bezit van een woningcorporatie (niet gelijk aan sociale huur).",
     "Percentage of dwellings owned by a housing association (not the same as social rent).",
     "woningvoorraad", "%", CX, KWB, "InBezitWoningcorporatie", "CBS KWB", "buurt", False),
    ("ET_BOUWJAAR_VOOR2000", "Bouwjaar voor 2000", "Built before 2000", "Percentage woningen gebouwd voor 2000.",
     "Percentage of dwellings built before 2000.", "woningvoorraad", "%", HW, KWB, "BouwjaarVoor2000", "CBS KWB",
     "buurt", False),
    ("ET_LABEL_EFG", "Woningen met energielabel E, F of G", "Dwellings with energy label E, F or G",
     "Percentage woningen met energielabel E, F of G (EP-online × BAG).",
     "Percentage of dwellings with energy label E, F or G (EP-online × BAG).",
     "energie", "%", HW, "", "", "EP-online (RVO) × BAG, aggregated from buildings", "buurt", False),
    # 2.2 Livability and vulnerability
    ("LB_TOTAAL", "Leefbaarometer totaalscore", "Livability score",
     "Klasse 1–9, van zeer onvoldoende tot uitstekend.", "Class 1–9, from very insufficient to excellent.",
     "leefbaarheid", "klasse 1–9", HB, "", "", "Leefbaarometer 3.0 (BZK)", "buurt", False),
    ("LB_WON", "Leefbaarometer: woningvoorraad", "Livability: housing stock", "Dimensie woningvoorraad.",
     "Housing stock dimension.", "leefbaarheid", "afwijking", HB, "", "", "Leefbaarometer 3.0 (BZK)", "buurt", False),
    ("LB_FYS", "Leefbaarometer: fysieke omgeving", "Livability: physical environment", "Dimensie fysieke omgeving.",
     "Physical environment dimension.", "leefbaarheid", "afwijking", HB, "", "", "Leefbaarometer 3.0 (BZK)", "buurt",
     False),
    ("LB_SOC", "Leefbaarometer: sociale samenhang", "Livability: social cohesion", "Dimensie sociale samenhang.",
     "Social cohesion dimension.", "leefbaarheid", "afwijking", HB, "", "", "Leefbaarometer 3.0 (BZK)", "buurt",
     False),
    ("LB_ONV", "Leefbaarometer: overlast en onveiligheid", "Livability: nuisance and insecurity",
     "Dimensie overlast en onveiligheid.", "Nuisance and insecurity dimension.", "leefbaarheid", "afwijking", HB, "",
     "", "Leefbaarometer 3.0 (BZK)", "buurt", False),
    ("INK_LAAG", "Huishoudens met een laag inkomen", "Low-income households",
     "Percentage particuliere huishoudens onder de lage-inkomensgrens van CBS.",
     "Percentage of private households below the CBS low-income threshold.",
     "sociaal-economisch", "%", HW, KWB, "HuishoudensMetEenLaagInkomen", "CBS KWB", "buurt", False),
    ("INK_SOCMIN", "Huishoudens onder of rond sociaal minimum", "Households at or below the social minimum",
     "Percentage huishoudens tot 101% van het sociaal minimum.",
     "Percentage of households up to 101% of the social minimum.",
     "sociaal-economisch", "%", HW, KWB, "HuishOnderOfRondSociaalMinimum", "CBS KWB", "buurt", False),
    ("INK_40LAAG", "40% huishoudens met laagste inkomen", "Bottom-40% income households",
     "Percentage huishoudens in de landelijke onderste 40% van de inkomensverdeling.",
     "Percentage of households in the national bottom 40% of incomes.",
     "sociaal-economisch", "%", HW, KWB, "k_40HuishoudensMetLaagsteInkomen", "CBS KWB", "buurt", False),
    ("INK_GEM", "Gemiddeld gestandaardiseerd inkomen", "Average standardised household income",
     "Gemiddeld gestandaardiseerd inkomen van huishoudens.", "Average standardised household income.",
     "sociaal-economisch", "€ × 1.000", HB, KWB, "GemGestandaardiseerdInkomenVanHuish", "CBS KWB", "buurt", False),
    ("VERM_MED", "Mediaan vermogen", "Median household wealth", "Mediaan vermogen van particuliere huishoudens.",
     "Median wealth of private households.", "sociaal-economisch", "€ × 1.000", HB, KWB,
     "MediaanVermogenVanParticuliereHuish", "CBS KWB", "buurt", False),
    ("UITK_BIJST", "Personen met bijstand", "Social assistance recipients",
     "Aantal personen met een bijstandsuitkering.", "Number of people receiving social assistance.",
     "sociaal-economisch", "aantal", HW, KWB, "PersonenPerSoortUitkeringBijstand", "CBS KWB", "buurt", False),
    ("ARB_NETTO", "Nettoarbeidsparticipatie", "Net labour participation",
     "Percentage werkzame personen van de bevolking van 15 tot 75 jaar.",
     "Percentage of the population aged 15 to 75 in employment.",
     "sociaal-economisch", "%", HB, KWB, "Nettoarbeidsparticipatie", "CBS KWB", "buurt", False),
    ("SCHULD_PROB", "Huishoudens met problematische schulden", "Households with registered problematic debts",
     "Percentage huishoudens met geregistreerde problematische schulden.",
     "Percentage of households with registered problematic debts.",
     "sociaal-economisch", "%", HW, "", "", "CBS Schuldenproblematiek in beeld", "gemeente", False),
    ("GEZ_EENZ", "Eenzaam", "Lonely", "Percentage 18-plussers dat eenzaam is (De Jong-Gierveld, score ≥ 3).",
     "Percentage of adults who are lonely (De Jong-Gierveld, score ≥ 3).",
     "leefbaarheid", "%", HW, "50120NED", "Eenzaam", "RIVM/CBS Gezondheidsmonitor, small-area estimates", "buurt",
     False),
    ("GEZ_EENZ_ERN", "(Zeer) ernstig eenzaam", "Severely lonely",
     "Percentage 18-plussers dat (zeer) ernstig eenzaam is (score ≥ 9).",
     "Percentage of adults who are (very) severely lonely (score ≥ 9).",
     "leefbaarheid", "%", HW, "50120NED", "ErnstigZeerErnstigEenzaam", "RIVM/CBS Gezondheidsmonitor", "buurt", False),
    ("GEZ_RONDKOMEN", "Moeite met rondkomen", "Difficulty making ends meet",
     "Percentage 18-plussers met moeite met rondkomen.", "Percentage of adults struggling to make ends meet.",
     "sociaal-economisch", "%", HW, "50120NED", "MoeiteMetRondkomen", "RIVM/CBS Gezondheidsmonitor", "buurt", False),
    ("GEZ_ERVAREN", "Ervaren gezondheid goed of zeer goed", "Good self-rated health",
     "Percentage 18-plussers dat de eigen gezondheid goed of zeer goed vindt.",
     "Percentage of adults rating their health good or very good.",
     "leefbaarheid", "%", HB, "50120NED", "ErvarenGezondheidGoedZeerGoed", "RIVM/CBS Gezondheidsmonitor", "buurt",
     False),
    ("VEIL_MISDR", "Geregistreerde misdrijven", "Registered crime", "Geregistreerde misdrijven per 1.000 inwoners.",
     "Registered crimes per 1,000 residents.", "leefbaarheid", "per 1.000 inwoners", HW, "47018NED", "",
     "Politie via CBS", "buurt", False),
    ("VEIL_ONVEILIG", "Voelt zich weleens onveilig in eigen buurt", "Perceived unsafety",
     "Percentage 15-plussers dat zich weleens onveilig voelt in de eigen buurt.",
     "Percentage of people aged 15+ who sometimes feel unsafe in their neighbourhood.",
     "leefbaarheid", "%", HW, "", "", "Veiligheidsmonitor", "gemeente", False),
    # 2.3 Energy poverty
    ("EA_HEQ", "Hoge energiequote", "High energy quota",
     "Percentage huishoudens met een energierekening van 10% of meer van het inkomen.",
     "Percentage of households whose energy bill is 10% or more of their income.",
     "energiearmoede", "%", HW, "", "", "CBS/TNO Monitor Energiearmoede", "buurt", False),
    ("EA_LIHE", "Laag inkomen, hoge energierekening", "Low income, high energy bill",
     "Percentage huishoudens met een laag inkomen, weinig vermogen en een hoge energierekening.",
     "Percentage of households with a low income, little wealth and a high energy bill.",
     "energiearmoede", "%", HW, "", "", "CBS/TNO Monitor Energiearmoede", "buurt", False),
    ("EA_LILEK", "Laag inkomen, lage energetische kwaliteit", "Low income, low energy quality",
     "Percentage huishoudens met een laag inkomen en weinig vermogen in een woning van lage energetische kwaliteit.",
     "Percentage of low-income, low-wealth households in a dwelling of low energy quality.",
     "energiearmoede", "%", HW, "", "", "CBS/TNO Monitor Energiearmoede", "buurt", False),
    ("EA_LEKWI", "Lage energetische kwaliteit, weinig investeringsmogelijkheden",
     "Low energy quality, few means to invest",
     "Percentage huishoudens in een woning van lage energetische kwaliteit die zelf niet kunnen investeren.",
     "Percentage of households in a low-quality dwelling who cannot invest themselves.",
     "energiearmoede", "%", HW, "", "", "CBS/TNO Monitor Energiearmoede", "buurt", False),
    ("EA_LIHELEK", "LIHE en/of LILEK", "LIHE and/or LILEK",
     "Percentage huishoudens met LIHE en/of LILEK: het gebruikelijke cijfer voor energiearmoede.",
     "Percentage of households with LIHE and/or LILEK: the usual energy-poverty headline figure.",
     "energiearmoede", "%", HW, "", "", "CBS/TNO Monitor Energiearmoede", "buurt", False),
    # 2.4 Process indicators (own measurement, VNG Burgerpeiling items)
    ("BP_VERBONDEN", "Verbondenheid met de buurt", "Neighbourhood attachment",
     "Schaalscore 0–10 uit wl02_0, wl02_1, wl03_0 en wl03_1.", "Scale score 0–10 from wl02_0, wl02_1, wl03_0, wl03_1.",
     "proces", "score 0–10", HB, "", "", "VNG Burgerpeiling", "wijk", True),
    ("BP_VERTROUWEN", "Vertrouwen in de gemeente", "Trust in the municipality",
     "Vertrouwen in de manier waarop de gemeente wordt bestuurd (bo01), gehercodeerd naar 10/8/6/4/2.",
     "Trust in how the municipality is governed (bo01), recoded to 10/8/6/4/2.",
     "proces", "score 0–10", HB, "", "", "VNG Burgerpeiling", "wijk", True),
    ("BP_BOB", "Betrokken, oplossingsgerichte en betrouwbare gemeente", "Responsive and reliable municipality",
     "Schaalscore 0–10 uit bo02, bo03 en wl12.", "Scale score 0–10 from bo02, bo03 and wl12.",
     "proces", "score 0–10", HB, "", "", "VNG Burgerpeiling", "wijk", True),
    ("BP_SAMENREDZAAM", "Samenredzaamheid buurt", "Collective self-reliance",
     "Schaalscore 0–10 uit wl03_1, wl12_0, wl13, zw06_1 en zw10_1.",
     "Scale score 0–10 from wl03_1, wl12_0, wl13, zw06_1 and zw10_1.",
     "proces", "score 0–10", HB, "", "", "VNG Burgerpeiling", "wijk", True),
    ("BP_INZET", "Inzet voor de buurt", "Civic effort", "Hoe vaak men zich inzet voor de buurt (wl13).",
     "How often residents make an effort for the neighbourhood (wl13).", "proces", "%", HB, "", "",
     "VNG Burgerpeiling", "wijk", True),
    ("BP_PRETTIG", "Prettig wonen in de buurt", "Pleasant to live", "Rapportcijfer 1–10 voor de buurt (wl01).",
     "Mark 1–10 for the neighbourhood (wl01).", "proces", "cijfer 1–10", HB, "", "", "VNG Burgerpeiling", "wijk",
     True),
    ("BP_DRAAGVLAK", "Draagvlak voor aardgasvrij", "Support for going gas-free",
     "Percentage (helemaal) eens: ik sta positief tegenover de plannen om onze buurt van het aardgas af te halen.",
     "Percentage (strongly) agreeing they are positive about the plans to take the neighbourhood off gas.",
     "proces", "%", HB, "", "", "Kennislab item bank", "wijk", True),
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
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
