"""The demo programme's results framework as data: the shared goals and indicators (docs/domain.md's candidates),
and per demo experiment which shared indicators it adopts, its own, their 2019 baselines and targets, and how its
2021 reporting stands. ``demo.py`` loads it and derives the quarterly values from it with a seeded random generator,
so every run writes the same figures.

Titles are in Dutch with English beside them; narratives are in Dutch, as the experiments write them. The figures
are invented; they are in the order of the experiments' stated ambitions (programme/demo/content.py).
"""

from dataclasses import dataclass, field
from datetime import date

from .enums import Dimension, Direction, IndicatorKind, RollupRule, Side, UpdateStatus

PROGRAMME_SLUG = "kwetsbare-wijken-demo"

COORDINATOR = "coordinator@demo.dubbelslag.nl"
EDITOR = "redacteur@demo.dubbelslag.nl"

PENDRECHT = "Huiskamer Aardgasvrij Pendrecht"
PALENSTEIN = "Verhalen ophalen in Palenstein"
SMITSVEEN = "Energiecoaches en schuldhulpmaatjes in Smitsveen"
OVERVECHT = "Warmtenet en werk in Overvecht"
HEECHTERP = "Samen warm in Heechterp en Schieringen"
BOUWLUST = "Energiefixers uit Bouwlust"
WOENSEL = "Groen en gasloos Woensel-West"

BASELINE_DAY = date(2019, 1, 1)
# Quarters 2019-K1 … 2021-K4; the first two years are locked once reported, all but the last quarter are public.
YEARS = (2019, 2020, 2021)
LOCKED_YEARS = (2019, 2020)
PRIVATE_PERIODS = ("2021-K4",)

TRUST_SCALE = ("geen vertrouwen", "weinig vertrouwen", "enig vertrouwen", "redelijk vertrouwen", "veel vertrouwen")
HEALTH_SCALE = ("veel klachten", "enkele klachten", "weinig klachten", "geen klachten")


@dataclass(frozen=True)
class GoalSpec:
    side: str
    title_nl: str
    title_en: str


@dataclass(frozen=True)
class IndicatorSpec:
    """A shared indicator (``goal`` a key of ``SHARED_GOALS``) or an experiment's own (``goal`` a side)."""

    goal: str
    title_nl: str
    title_en: str
    kind: str = IndicatorKind.NUMBER
    unit: str = ""
    cumulative: bool = False
    rollup_rule: str = RollupRule.SUM
    direction: str = Direction.HIGHER_BETTER
    catalogue: str = ""  # the code of a catalogue indicator shown beside it (one with shipped figures where possible)
    dimensions: tuple[str, ...] = ()
    score_labels: tuple[str, ...] = ()
    is_public: bool = False
    description: str = ""
    # Programme level (shared indicators): the 2019 baseline and the end target, summed or averaged as the rule does.
    baseline: float | None = None
    target: float | None = None


SHARED_GOALS = {
    "energie": GoalSpec(Side.ENERGY, "Woningen van het aardgas af en beter geïsoleerd",
                        "Homes off natural gas and better insulated"),
    "leefbaarheid": GoalSpec(Side.LIVABILITY, "Minder energiearmoede, meer hulp die aankomt",
                             "Less energy poverty, more help that arrives"),
    "proces": GoalSpec(Side.PROCESS, "Bewoners denken mee, beslissen mee en vertrouwen de aanpak",
                       "Residents take part, decide and trust the approach"),
}

SHARED = {
    "gasvrij": IndicatorSpec(
        "energie", "Woningen aardgasvrij gemaakt", "Homes made natural-gas-free", unit="woningen", cumulative=True,
        catalogue="ET_HOOFDVERW_ZONDERGAS", dimensions=(Dimension.TENURE,), is_public=True, baseline=0, target=1500,
        description="Woningen die sinds de start van het experiment geen aardgas meer gebruiken voor verwarming "
                    "en koken (stand aan het eind van het kwartaal)."),
    "geisoleerd": IndicatorSpec(
        "energie", "Woningen geïsoleerd", "Homes insulated", unit="woningen", cumulative=True,
        dimensions=(Dimension.TENURE,), is_public=True, baseline=0, target=2500,
        description="Woningen met ten minste één isolatiemaatregel (dak, gevel, vloer of glas) via het "
                    "experiment."),
    "labelstappen": IndicatorSpec(
        "energie", "Gemiddelde verbetering van het energielabel", "Average energy label improvement",
        unit="labelstappen", rollup_rule=RollupRule.MEAN, catalogue="ET_LABEL_EFG", baseline=0, target=2,
        description="Gemiddeld aantal labelstappen van de woningen die dit kwartaal zijn aangepakt."),
    "coaches": IndicatorSpec(
        "leefbaarheid", "Huishoudens bereikt door energiecoaches", "Households reached by energy coaches",
        unit="huishoudens", cumulative=True, catalogue="INK_SOCMIN",
        dimensions=(Dimension.HOUSEHOLD_TYPE, Dimension.AGE_GROUP), is_public=True, baseline=0, target=4000,
        description="Unieke huishoudens met ten minste één gesprek of huisbezoek van een energiecoach."),
    "doorverwijzingen": IndicatorSpec(
        "leefbaarheid", "Doorverwijzingen tussen energiecoach en schuldhulp",
        "Referrals between energy coach and debt counselling", unit="doorverwijzingen", cumulative=True,
        baseline=0, target=600,
        description="Doorverwijzingen in beide richtingen: van energiecoach naar schuldhulp en andersom."),
    "bestuur": IndicatorSpec(
        "proces", "Bewoners in een bestuurlijke rol", "Residents in governance roles", unit="bewoners",
        is_public=True, baseline=10, target=60,
        description="Bewoners in een stuurgroep, het bestuur van een coöperatie of als wijkambassadeur, aan het "
                    "eind van het kwartaal."),
    "draagvlak": IndicatorSpec(
        "proces", "Draagvlak voor het wijkplan", "Support for the neighbourhood plan", kind=IndicatorKind.PERCENTAGE,
        unit="%", rollup_rule=RollupRule.MEAN, catalogue="BP_DRAAGVLAK", is_public=True, baseline=40, target=70,
        description="Aandeel van de ondervraagde bewoners dat (helemaal) eens is met “Ik sta positief tegenover de "
                    "plannen om onze buurt van het aardgas af te halen” (teller: eens, noemer: ondervraagd)."),
    "vertrouwen": IndicatorSpec(
        "proces", "Vertrouwen tussen bewoners en organisaties", "Trust between residents and organisations",
        kind=IndicatorKind.QUALITATIVE, rollup_rule=RollupRule.MEAN, score_labels=TRUST_SCALE, baseline=2,
        target=4,
        description="Het oordeel van het projectteam, onderbouwd met gesprekken en het actieonderzoek."),
}


@dataclass(frozen=True)
class Plan:
    """One indicator of an experiment: a shared one it adopts (``shared`` a key of ``SHARED``) or its own
    (``own``), with its 2019 baseline, its target at the end of 2020 and at the end, and its story in words."""

    baseline: float
    target: float
    shared: str = ""
    own: IndicatorSpec | None = None
    mid_target: float | None = None
    narratives: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExperimentPlan:
    indicators: tuple[Plan, ...]
    # How the 2021 quarters stand, per quarter a status per indicator in order ("A" approved, "S" submitted,
    # "R" returned, "D" draft, "-" missing); a quarter left out is approved throughout. Earlier years are approved.
    reporting_2021: dict[str, str] = field(default_factory=dict)
    # Why the coordinator returned an update ((quarter, indicator position) → reason).
    reasons: dict[tuple[str, int], str] = field(default_factory=dict)
    # An update whose tenure split leaves a part out, so the roll-up marks it incomplete.
    incomplete: tuple[str, int] | None = None
    # An update returned once and approved after its correction, so its history shows the whole round.
    revised: tuple[str, int, str] | None = None  # (quarter, indicator position, reason)


def own(side: str, title_nl: str, title_en: str, **fields) -> IndicatorSpec:
    return IndicatorSpec(side, title_nl, title_en, **fields)


TRUST_STORIES = (
    "Bewoners kennen de gezichten van het team; de koffieochtenden lopen goed.",
    "Na de bewonersavond over de kosten was er onrust; we hebben iedereen persoonlijk teruggebeld.",
    "Bewoners spreken de corporatie nu zelf aan op afspraken, dat zien we als winst.",
    "Het vertrouwen groeit, maar de onzekerheid over de kosten van het warmtenet blijft.",
)

EXPERIMENTS = {
    PENDRECHT: ExperimentPlan(
        indicators=(
            Plan(0, 400, shared="gasvrij", mid_target=120),
            Plan(0, 350, shared="geisoleerd", mid_target=150),
            Plan(0, 900, shared="coaches", mid_target=450),
            Plan(0, 120, shared="doorverwijzingen", mid_target=50),
            Plan(3, 15, shared="bestuur", mid_target=9),
            Plan(35, 70, shared="draagvlak", mid_target=55),
            Plan(2, 4, shared="vertrouwen", mid_target=3, narratives=TRUST_STORIES),
            Plan(0, 2500, own=own(Side.LIVABILITY, "Bezoeken aan de huiskamer", "Visits to the living room",
                                  unit="bezoeken", cumulative=True, is_public=True), mid_target=1200),
            Plan(0, 40, own=own(Side.PROCESS, "Bewoners die meedenken over het warmteplan",
                                "Residents helping shape the heat plan", unit="bewoners"), mid_target=25),
            Plan(0, 0, own=own(Side.LIVABILITY, "Wat bezoekers vertellen over eenzaamheid",
                               "What visitors say about loneliness", kind=IndicatorKind.QUALITATIVE),
                 narratives=("Vaste bezoekers komen nu ook op andere dagen langs en nemen buren mee.",
                             "Een groep ouderen heeft een eigen wandelclub opgezet vanuit de huiskamer.",
                             "Minder bezoek in de zomer; het team belt vaste bezoekers na.")),
        ),
        reporting_2021={"K2": "AAAAAAAAAA", "K3": "ARSAADSAAA", "K4": "DS-D--D-R-"},
        reasons={("K3", 1): "De isolatiecijfers van de corporatie en van de gemeente lopen uiteen: noem welke bron "
                            "je gebruikt en tel de woningen niet dubbel.",
                 ("K4", 8): "Dit aantal is lager dan vorig kwartaal; klopt dat? Leg in de toelichting uit wie er "
                            "is afgehaakt."},
        incomplete=("K2", 1),
        revised=("K1", 5, "Vermeld hoeveel bewoners er zijn ondervraagd, niet alleen het percentage."),
    ),
    PALENSTEIN: ExperimentPlan(
        indicators=(
            Plan(0, 120, shared="geisoleerd", mid_target=60),
            Plan(0, 2, shared="labelstappen", mid_target=1.5),
            Plan(30, 65, shared="draagvlak", mid_target=50),
            Plan(2, 8, shared="bestuur", mid_target=5),
            Plan(2, 4, shared="vertrouwen", mid_target=3, narratives=TRUST_STORIES[1:]),
            Plan(0, 90, own=own(Side.PROCESS, "Opgehaalde bewonersverhalen", "Residents' stories collected",
                                unit="verhalen", cumulative=True, is_public=True), mid_target=60),
            Plan(0, 25, own=own(Side.LIVABILITY, "Jongeren met werkervaring in de leerwerkplaats",
                                "Young people with work experience in the learning workshop", unit="jongeren",
                                cumulative=True), mid_target=12),
            Plan(0, 120, own=own(Side.ENERGY, "Woningen nul-op-de-meter gerenoveerd",
                                 "Homes renovated to net zero", unit="woningen", cumulative=True), mid_target=40),
        ),
        reporting_2021={"K2": "AASAAARA"},
        reasons={("K2", 6): "Noem per jongere alleen de eerste periode van werkervaring, anders tellen we dubbel."},
    ),
    SMITSVEEN: ExperimentPlan(
        indicators=(
            Plan(0, 500, shared="coaches", mid_target=300),
            Plan(0, 150, shared="doorverwijzingen", mid_target=80),
            Plan(0, 80, shared="geisoleerd", mid_target=30),
            Plan(1, 9, shared="bestuur", mid_target=6),
            Plan(45, 70, shared="draagvlak", mid_target=60),
            Plan(2, 4, shared="vertrouwen", mid_target=3, narratives=TRUST_STORIES),
            Plan(0, 30, own=own(Side.ENERGY, "Bezochte huishoudens met kleine energiemaatregelen",
                                "Visited households taking small energy measures", kind=IndicatorKind.PERCENTAGE,
                                unit="%", rollup_rule=RollupRule.MEAN), mid_target=20),
            Plan(0, 120, own=own(Side.PROCESS, "Leden van de bewonerscoöperatie",
                                 "Members of the residents' cooperative", unit="leden", cumulative=True),
                 mid_target=70),
            Plan(0, 60, own=own(Side.LIVABILITY, "Huishoudens met een betalingsachterstand eerder bereikt",
                                "Households with payment arrears reached earlier", unit="huishoudens"),
                 mid_target=35),
        ),
        reporting_2021={"K3": "AAASAAAAA", "K4": "SSADRA-AD"},
        reasons={("K4", 4): "De noemer (aantal ondervraagden) ontbreekt in de toelichting; vul teller en noemer in."},
    ),
    OVERVECHT: ExperimentPlan(
        indicators=(
            Plan(0, 600, shared="gasvrij", mid_target=150),
            Plan(0, 400, shared="geisoleerd", mid_target=120),
            Plan(0, 700, shared="coaches", mid_target=300),
            Plan(2, 10, shared="bestuur", mid_target=6),
            Plan(40, 65, shared="draagvlak", mid_target=55),
            Plan(2, 4, shared="vertrouwen", mid_target=3, narratives=TRUST_STORIES[::-1]),
            Plan(0, 2000, own=own(Side.ENERGY, "Woningen aangesloten op het warmtenet",
                                  "Homes connected to the heat network", unit="woningen", cumulative=True,
                                  is_public=True), mid_target=500),
            Plan(0, 40, own=own(Side.LIVABILITY, "Bewoners met een uitkering aan het werk in de uitvoering",
                                "Residents on benefits working on the works", unit="bewoners", cumulative=True),
                 mid_target=15),
            Plan(4, 9, own=own(Side.PROCESS, "Partners aan tafel in de werkgroep werk en energie",
                               "Partners at the table of the work and energy group", unit="partners"),
                 mid_target=7),
        ),
        # The last quarter has not been reported at all: the dashboard's "who has not reported".
        reporting_2021={"K3": "AAAASAAAA", "K4": "---------"},
    ),
    HEECHTERP: ExperimentPlan(
        indicators=(
            Plan(0, 300, shared="geisoleerd", mid_target=100),
            Plan(0, 2, shared="labelstappen", mid_target=1),
            Plan(0, 300, shared="coaches", mid_target=120),
            Plan(0, 60, shared="doorverwijzingen", mid_target=25),
            Plan(35, 60, shared="draagvlak", mid_target=45),
            Plan(2, 4, shared="vertrouwen", mid_target=3, narratives=TRUST_STORIES[2:]),
            Plan(0, 300, own=own(Side.PROCESS, "Keukentafelgesprekken gevoerd", "Kitchen-table conversations held",
                                 unit="gesprekken", cumulative=True), mid_target=120),
            Plan(0, 200, own=own(Side.LIVABILITY, "Woningen zonder vocht- en schimmelklachten na de aanpak",
                                 "Homes free of damp and mould after the works", unit="woningen", cumulative=True),
                 mid_target=60),
            Plan(1, 3, own=own(Side.LIVABILITY, "Ervaren gezondheid na de aanpak", "Perceived health after the works",
                               kind=IndicatorKind.QUALITATIVE, score_labels=HEALTH_SCALE), mid_target=2,
                 narratives=("Bewoners melden minder hoestklachten bij kinderen.",
                             "Een deel van de woningen wacht nog op ventilatie; daar blijven klachten.",
                             "De huisarts verwijst nu zelf naar het wijkteam en de energiecoach.")),
        ),
        reporting_2021={"K3": "AASAAAAAA", "K4": "DASRA-DA-"},
        reasons={("K4", 3): "Deze doorverwijzingen lijken ook die van het wijkteam te tellen; tel alleen die "
                            "tussen energiecoach en schuldhulp."},
    ),
    BOUWLUST: ExperimentPlan(
        indicators=(
            Plan(0, 1500, shared="coaches", mid_target=800),
            Plan(0, 250, shared="doorverwijzingen", mid_target=120),
            Plan(0, 1.5, shared="labelstappen", mid_target=1),
            Plan(0, 200, shared="geisoleerd", mid_target=80),
            Plan(4, 20, shared="bestuur", mid_target=12),
            Plan(40, 60, shared="draagvlak", mid_target=50),
            Plan(2, 4, shared="vertrouwen", mid_target=3, narratives=TRUST_STORIES),
            Plan(0, 3000, own=own(Side.ENERGY, "Fixerbezoeken", "Energy fixer visits", unit="bezoeken",
                                  cumulative=True, is_public=True), mid_target=1600),
            Plan(0, 20, own=own(Side.LIVABILITY, "Fixers aan betaald werk", "Fixers in paid work", unit="fixers",
                                cumulative=True), mid_target=8),
            Plan(0, 10, own=own(Side.ENERGY, "Gasbesparing bij bezochte huishoudens",
                                "Gas saved by visited households", kind=IndicatorKind.PERCENTAGE, unit="%",
                                rollup_rule=RollupRule.MEAN), mid_target=6),
        ),
        reporting_2021={"K3": "AAAAAAASAA", "K4": "SAD-AS-DSA"},
    ),
    WOENSEL: ExperimentPlan(
        indicators=(
            Plan(0, 180, shared="gasvrij", mid_target=180),
            Plan(0, 120, shared="geisoleerd", mid_target=120),
            Plan(1, 6, shared="bestuur", mid_target=6),
            Plan(45, 70, shared="draagvlak", mid_target=70),
            Plan(2, 4, shared="vertrouwen", mid_target=4, narratives=TRUST_STORIES[1:]),
            Plan(0, 2, own=own(Side.LIVABILITY, "Straten heringericht met groen en speelruimte",
                               "Streets redesigned with green and play space", unit="straten", cumulative=True,
                               is_public=True), mid_target=2),
            Plan(0, 12, own=own(Side.PROCESS, "Ontwerpateliers met bewoners", "Design workshops with residents",
                                unit="ateliers", cumulative=True), mid_target=12),
            Plan(0, 80, own=own(Side.LIVABILITY, "Bomen en geveltuinen geplant", "Trees and façade gardens planted",
                                unit="stuks", cumulative=True), mid_target=80),
        ),
    ),
}

NARRATIVES = {
    Side.ENERGY: (
        "De uitvoering loopt volgens planning; de aannemer werkt blok voor blok.",
        "Vertraging door levering van materiaal; de achterstand wordt volgend kwartaal ingelopen.",
        "Meer aanmeldingen na de open dag in de modelwoning.",
        "Eigenaar-bewoners haken af op de kosten; we verwijzen naar de warmtefondslening.",
    ),
    Side.LIVABILITY: (
        "De samenwerking met het wijkteam maakt dat hulp sneller aankomt.",
        "Veel huishoudens met vragen over de energierekening na de prijsstijging.",
        "Bewoners nemen buren mee; mond-tot-mondreclame werkt het best.",
        "Rustiger kwartaal door de zomervakantie.",
    ),
    Side.PROCESS: (
        "De bewonersavond trok meer mensen dan verwacht.",
        "Twee nieuwe bewoners sluiten aan bij de stuurgroep.",
        "Peiling onder bewoners van de aandachtsstraten, in B1-taal en ook aan de deur.",
        "Bewoners willen meer zeggenschap over de planning; dat bespreken we in de stuurgroep.",
    ),
}

# The reason of a return the plan gives none for.
DEFAULT_REASON = "Licht de ontwikkeling toe in de toelichting: wat verklaart het verschil met vorig kwartaal?"

OWN_GOALS = {
    Side.ENERGY: ("Eigen ambitie energie", "Own energy ambition"),
    Side.LIVABILITY: ("Eigen ambitie leefbaarheid", "Own livability ambition"),
    Side.PROCESS: ("Eigen ambitie proces", "Own process ambition"),
}

STATUS_CODES = {"A": UpdateStatus.APPROVED, "S": UpdateStatus.SUBMITTED, "R": UpdateStatus.RETURNED,
                "D": UpdateStatus.DRAFT, "-": None}
# A percentage's denominator: the residents asked in the quarter's survey.
SURVEYED = 200
