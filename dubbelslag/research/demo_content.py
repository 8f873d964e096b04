"""The demo programme's action research as data: per demo experiment its learning questions, one cycle, log entries
with the passages to mark and code, and the harvest records built on them. ``demo.py`` loads it.

Places follow the demo programme; the texts are invented and name no residents: people appear by their role only.
"""

from dataclasses import dataclass, field
from datetime import date

from .enums import Confidence, Confidentiality, Consent, EntryKind, EvidenceLevel, RecordKind, RecordStatus

PROGRAMME_SLUG = "kwetsbare-wijken-demo"

COORDINATOR = "coordinator@demo.dubbelslag.nl"
RESEARCHER = "onderzoeker@demo.dubbelslag.nl"
EDITOR = "redacteur@demo.dubbelslag.nl"

PENDRECHT = "Huiskamer Aardgasvrij Pendrecht"
PALENSTEIN = "Verhalen ophalen in Palenstein"
SMITSVEEN = "Energiecoaches en schuldhulpmaatjes in Smitsveen"
OVERVECHT = "Warmtenet en werk in Overvecht"
HEECHTERP = "Samen warm in Heechterp en Schieringen"
BOUWLUST = "Energiefixers uit Bouwlust"
WOENSEL = "Groen en gasloos Woensel-West"

# A learning question's knowledge question: ("question", its title) or ("standing", the theme slug of a standing one).
DRAAGVLAK = ("standing", "draagvlak-betrokkenheid-vertrouwen")
SAMENWERKING = ("standing", "samenwerking-sociaal-fysiek-technisch")
KOPPELKANSEN = ("standing", "koppelkansen")
EIGENAARSCHAP = ("standing", "sociaal-eigenaarschap")


@dataclass(frozen=True)
class EntrySpec:
    title: str
    kind: str
    day: date
    text: str
    consent: str = Consent.NOT_NEEDED
    # (quoted passage, theme slugs of the codes applied to it); each passage occurs once in the text.
    excerpts: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class CycleSpec:
    title: str
    dates: tuple[date, date, date, date, date]  # plan, act, observe and reflect start; the cycle ends
    plan: str
    act: str
    observe: str
    reflect: str


@dataclass(frozen=True)
class ExperimentSpec:
    author: str
    questions: tuple[tuple[str, tuple[str, str] | None], ...]
    cycle: CycleSpec
    entries: tuple[EntrySpec, ...]


@dataclass(frozen=True)
class RecordSpec:
    kind: str
    title: str
    summary: str
    experiment: str
    status: str = RecordStatus.DRAFT
    confidentiality: str = Confidentiality.EXPERIMENT
    evidence_level: str = EvidenceLevel.DESCRIBED
    confidence: str = Confidence.MEDIUM
    day: date = date(2020, 6, 1)  # validated (and published) on this day
    entries: tuple[str, ...] = ()  # titles of log entries of the experiment
    excerpts: tuple[str, ...] = ()  # quotes
    themes: tuple[str, ...] = ()
    koppelkansen: tuple[str, ...] = ()
    knowledge_questions: tuple[tuple[str, str], ...] = ()
    responds_to: tuple[str, ...] = ()  # titles of challenges
    draws_on: tuple[str, ...] = ()  # titles of insights
    fields: dict = field(default_factory=dict)  # outcome harvesting and Most Significant Change


EXPERIMENTS = {
    PENDRECHT: ExperimentSpec(
        author=EDITOR,
        questions=(
            ("Wie bereikt de huiskamer, en wie niet?",
             ("question", "Hoe bereiken we bewoners die niet naar de huiskamer komen?")),
            ("Wat heeft een bewoner nodig om mee te denken over het warmtenet?", DRAAGVLAK),
            ("Hoe vaak leidt een energievraag in de huiskamer tot een doorverwijzing naar schuldhulp of welzijn?",
             KOPPELKANSEN),
        ),
        cycle=CycleSpec(
            title="De huiskamer als ingang",
            dates=(date(2019, 9, 2), date(2019, 10, 1), date(2020, 1, 6), date(2020, 3, 2), date(2020, 3, 31)),
            plan="We openen de huiskamer drie middagen per week. **Verwachting:** bewoners komen voor koffie en "
                 "stellen dan hun vragen over de energierekening. We turven wie er komt en waarvoor.",
            act="Huiskamer open op maandag, dinsdag en donderdag. Energiecoaches van de welzijnsorganisatie en een "
                "medewerker van de corporatie wisselen elkaar af. Eén bewonersavond over het warmtenet.",
            observe="Gemiddeld 23 bezoekers per middag; twee op de drie komen terug. Zeven doorverwijzingen naar "
                    "schuldhulp, vooral via de energiecoaches. Alleenstaande ouderen en gezinnen met jonge "
                    "kinderen zien we nauwelijks.",
            reflect="De huiskamer werkt als vindplaats voor geldzorgen, minder als plek voor het warmtegesprek. In "
                    "de volgende cyclus schuift schuldhulp op dinsdag aan en gaan we met de corporatie de "
                    "portiekflats langs.",
        ),
        entries=(
            EntrySpec(
                "Eerste maand huiskamer: wie komt er binnen?", EntryKind.OBSERVATION, date(2019, 10, 31),
                "## Eerste maand\n\nIn oktober telden we **287 bezoeken** van ongeveer 90 verschillende bewoners. "
                "De meeste bezoekers komen voor de koffie en blijven voor hun energierekening. Vaak begint het "
                "gesprek over de buurt, de trap die niet wordt schoongemaakt of de kleinkinderen.\n\n"
                "- Vooral vrouwen tussen 50 en 75\n- Weinig jongeren en bijna geen gezinnen\n"
                "- Drie bewoners vroegen naar de energietoeslag\n\n"
                "De energiecoaches merken dat bewoners hun jaarafrekening meenemen als ze een tweede keer komen.",
                excerpts=(
                    ("De meeste bezoekers komen voor de koffie en blijven voor hun energierekening.",
                     ("ontmoeting-eenzaamheid", "draagvlak-betrokkenheid-vertrouwen")),
                ),
            ),
            EntrySpec(
                "Gesprek met een bewoonster over de energierekening", EntryKind.INTERVIEW, date(2019, 11, 20),
                "Gesprek met een bewoonster van rond de zeventig, alleenwonend, in de huiskamer. Ze kwam eerst "
                "alleen voor de koffie.\n\n> Ik durfde die brief van de energiemaatschappij niet open te maken. Mijn "
                "dochter woont ver weg en ik wilde niemand lastigvallen.\n\nSamen met de energiecoach hebben we de "
                "brief gelezen: een naheffing van ruim 400 euro. Ze is doorverwezen naar de schuldhulp van de "
                "welzijnsorganisatie.\n\n> Hier kan ik gewoon binnenlopen, bij het loket van de gemeente niet.",
                consent=Consent.RESEARCH,
                excerpts=(
                    ("Ik durfde die brief van de energiemaatschappij niet open te maken.", ("armoede-schulden",)),
                    ("Hier kan ik gewoon binnenlopen, bij het loket van de gemeente niet.",
                     ("draagvlak-betrokkenheid-vertrouwen", "ontmoeting-eenzaamheid")),
                ),
            ),
            EntrySpec(
                "Bewonersavond over het warmtenet", EntryKind.SESSION_REPORT, date(2020, 1, 22),
                "Ongeveer 45 bewoners in het buurthuis, met de corporatie, de netbeheerder en de gemeente.\n\n"
                "De eerste drie kwartier gingen over de huur en de kosten. Pas toen de corporatie beloofde dat de "
                "huur niet stijgt, ging het gesprek over de techniek. Vragen over de afleverset, over koken zonder "
                "gas en over overlast tijdens de werkzaamheden.\n\n**Afspraak:** de corporatie zet de "
                "woonlastengarantie op papier, in gewone taal.",
                excerpts=(
                    ("Pas toen de corporatie beloofde dat de huur niet stijgt, ging het gesprek over de techniek.",
                     ("draagvlak-betrokkenheid-vertrouwen", "samenwerking-sociaal-fysiek-technisch")),
                ),
            ),
            EntrySpec(
                "Reflectie na cyclus 1: de huiskamer als vindplaats", EntryKind.REFLECTION, date(2020, 3, 5),
                "Met het team teruggekeken op het eerste halfjaar. De huiskamer is vooral een plek waar geldzorgen "
                "boven tafel komen: zeven doorverwijzingen naar schuldhulp in vijf maanden, waarvan vijf via een "
                "energievraag.\n\nWat we missen: bewoners die niet komen. De corporatie stelt voor om samen de "
                "portiekflats langs te gaan met een uitnodiging voor de huiskamer.",
            ),
        ),
    ),
    PALENSTEIN: ExperimentSpec(
        author=RESEARCHER,
        questions=(
            ("Welke verhalen over wonen in Palenstein moeten terugkomen in het renovatieplan?",
             ("question", "Hoe vertalen we opgehaalde bewonersverhalen naar keuzes in het renovatieplan?")),
            ("Wat leren MBO-studenten van het ophalen van verhalen in de wijk?", None),
        ),
        cycle=CycleSpec(
            title="Verhalen ophalen vóór de renovatie",
            dates=(date(2019, 2, 1), date(2019, 3, 15), date(2019, 6, 1), date(2019, 9, 1), date(2019, 10, 31)),
            plan="Studenten van de MBO-leerwerkplaats en bewoners houden verhalencirkels per portiek. We willen "
                 "weten wat bewoners belangrijk vinden vóór de corporatie het renovatieplan vastlegt.",
            act="Zes verhalencirkels en 31 interviews door studenten. Terugkoppeling op één A4 in B1-taal.",
            observe="Tocht, kou en gehorigheid komen in bijna elk verhaal terug; de warmtepomp nauwelijks. "
                    "Studenten uit de wijk horen andere verhalen dan de medewerkers van de corporatie.",
            reflect="De verhalen zijn rijk, maar de corporatie vraagt om eisen. We gaan de verhalen samen vertalen "
                    "naar ontwerpkeuzes en laten bewoners zien wat er met hun verhaal gebeurt.",
        ),
        entries=(
            EntrySpec(
                "Verhalencirkel in de portiekflat", EntryKind.SESSION_REPORT, date(2019, 4, 10),
                "Twaalf bewoners van twee portieken, twee studenten als gespreksleider.\n\nDe verhalen gingen over "
                "vroeger, toen de flat nieuw was, en over nu. Elke winter hangen er handdoeken voor de kozijnen "
                "tegen de tocht. Een bewoner vertelde dat hij in de woonkamer slaapt omdat de slaapkamer te koud "
                "is.\n\nOver aardgasvrij werd weinig gezegd; wel over de vraag of de huur omhoog gaat.",
                excerpts=(
                    ("Elke winter hangen er handdoeken voor de kozijnen tegen de tocht.", ("gezondheid",)),
                ),
            ),
            EntrySpec(
                "Studenten van de leerwerkplaats interviewen bewoners", EntryKind.OBSERVATION, date(2019, 5, 14),
                "Vier duo's van studenten liepen een middag mee. Ze waren zenuwachtig, maar bewoners namen de tijd. "
                "Een medewerker van de corporatie zei na afloop: De studenten kregen verhalen te horen die wij als "
                "corporatie nooit hadden gehoord.\n\nDe studenten schreven hun verslagen in hun eigen woorden; wij "
                "hebben ze niet geredigeerd.",
                excerpts=(
                    ("De studenten kregen verhalen te horen die wij als corporatie nooit hadden gehoord.",
                     ("jeugd-onderwijs", "draagvlak-betrokkenheid-vertrouwen")),
                ),
            ),
            EntrySpec(
                "Terugkoppeling in B1-taal: wat we hoorden", EntryKind.DOCUMENT, date(2019, 9, 12),
                "# Wat we hoorden\n\nWe spraken met meer dan vijftig bewoners. Dit is wat we hoorden:\n\n"
                "1. Het is koud en het tocht.\n2. Je hoort de buren.\n3. Veel bewoners willen eerst de tocht weg, "
                "pas daarna praten over een warmtepomp.\n\nWat gebeurt er nu? De corporatie neemt deze punten mee "
                "in het plan. In november hoort u meer.",
                excerpts=(
                    ("Veel bewoners willen eerst de tocht weg, pas daarna praten over een warmtepomp.",
                     ("taal-communicatie", "draagvlak-betrokkenheid-vertrouwen")),
                ),
            ),
            EntrySpec(
                "Van verhaal naar eis: waar het schuurt", EntryKind.REFLECTION, date(2019, 10, 2),
                "De corporatie vraagt om een lijst met eisen; de verhalen passen daar niet in één regel in. Het "
                "verhaal van de bewoner die in de woonkamer slaapt is geen eis, maar zegt alles over isolatie én "
                "over eenzaamheid.\n\nVoorstel: een matrix met per verhaal de ontwerpkeuze die erbij hoort, en een "
                "kolom 'wat hebben we ermee gedaan'.",
                excerpts=(
                    ("De corporatie vraagt om een lijst met eisen; de verhalen passen daar niet in één regel in.",
                     ("samenwerking-sociaal-fysiek-technisch",)),
                ),
            ),
        ),
    ),
    SMITSVEEN: ExperimentSpec(
        author=RESEARCHER,
        questions=(
            ("Welke signalen zien energiecoaches achter de voordeur, en wat mogen ze ermee?",
             ("question", "Mogen energiecoaches signalen over betalingsachterstanden doorgeven aan schuldhulp?")),
            ("Wanneer kan de bewonerscoöperatie het energieloket zelf dragen?", EIGENAARSCHAP),
        ),
        cycle=CycleSpec(
            title="Doorverwijzen tussen energiecoach en schuldhulpmaatje",
            dates=(date(2019, 9, 1), date(2019, 11, 1), date(2020, 2, 1), date(2020, 6, 1), date(2020, 7, 15)),
            plan="Energiecoaches en schuldhulpmaatjes verwijzen naar elkaar door. We spreken af hoe toestemming "
                 "wordt gevraagd en houden bij hoeveel doorverwijzingen er zijn.",
            act="Een toestemmingskaartje voor de keukentafel; maandelijks overleg tussen coaches en maatjes.",
            observe="Van november tot mei 41 doorverwijzingen van coach naar maatje, en 12 de andere kant op. "
                    "Coaches die het kaartje gebruiken verwijzen vaker door.",
            reflect="Vooraf geregelde toestemming haalt de aarzeling weg. De coöperatie wil het loket overnemen, maar "
                    "vraagt professionele achtervang.",
        ),
        entries=(
            EntrySpec(
                "Energiebezoeken in november: wat de coaches zagen", EntryKind.OBSERVATION, date(2019, 11, 29),
                "62 energiebezoeken in november. Naast tochtstrips en radiatorfolie vooral gesprekken over de "
                "rekening. Bij een op de vijf bezoeken lagen er aanmaningen op tafel. De coaches wisten niet goed "
                "wat ze daarmee mochten: ze zijn er voor energie, niet voor schulden.",
                excerpts=(
                    ("Bij een op de vijf bezoeken lagen er aanmaningen op tafel.", ("armoede-schulden",)),
                ),
            ),
            EntrySpec(
                "Gesprek met een schuldhulpmaatje over doorverwijzen", EntryKind.INTERVIEW, date(2020, 2, 11),
                "Gesprek met een vrijwillig schuldhulpmaatje, sinds vier jaar actief.\n\n> Met toestemming van de "
                "bewoner bel ik dezelfde week nog; zonder toestemming doe ik niets.\n\nHet kaartje helpt: de "
                "bewoner zet zelf een kruisje, de coach geeft het kaartje door. Het maatje ziet bewoners die "
                "anders pas bij de deurwaarder in beeld komen.",
                consent=Consent.LEARNING,
                excerpts=(
                    ("Met toestemming van de bewoner bel ik dezelfde week nog; zonder toestemming doe ik niets.",
                     ("armoede-schulden", "samenwerking-sociaal-fysiek-technisch")),
                ),
            ),
            EntrySpec(
                "Coaches in de taalles", EntryKind.OBSERVATION, date(2020, 3, 3),
                "Twee energiecoaches gaven een les in de taalklas van het buurthuis: meterstanden, de "
                "jaarafrekening, wat is een kilowattuur. In de taalles stellen deelnemers vragen die ze aan de "
                "deur nooit zouden stellen. Vijf deelnemers vroegen daarna zelf een energiebezoek aan.",
                excerpts=(
                    ("In de taalles stellen deelnemers vragen die ze aan de deur nooit zouden stellen.",
                     ("taal-communicatie",)),
                ),
            ),
            EntrySpec(
                "Overleg coöperatie en gemeente over het loket", EntryKind.SESSION_REPORT, date(2020, 5, 19),
                "De bewonerscoöperatie wil het energieloket vanaf 2021 zelf draaien. De vrijwilligers van de "
                "coöperatie willen het loket wel draaien, maar niet alleen. Afgesproken: de gemeente blijft twee "
                "jaar een coördinator betalen, de coöperatie werft vrijwilligers en beheert de agenda.",
                excerpts=(
                    ("De vrijwilligers van de coöperatie willen het loket wel draaien, maar niet alleen.",
                     ("sociaal-eigenaarschap",)),
                ),
            ),
        ),
    ),
    OVERVECHT: ExperimentSpec(
        author=RESEARCHER,
        questions=(
            ("Hoe leggen we social return vast zodat bewoners echt aan het werk komen?",
             ("question", "Hoe leggen we social return vast in de aanbesteding van het warmtenet?")),
            ("Wat vraagt de werkgroep werk & energie van elke partner?", SAMENWERKING),
        ),
        cycle=CycleSpec(
            title="Werk maken van het warmtenet",
            dates=(date(2019, 10, 1), date(2020, 1, 15), date(2020, 6, 1), date(2020, 10, 1), date(2020, 11, 30)),
            plan="De werkgroep werk & energie schrijft eisen voor social return in de aanbesteding en zoekt met het "
                 "ROC bewoners die installateur willen worden.",
            act="Eisen in de aanbesteding; twaalf bewoners in een leerwerktraject bij de aannemer.",
            observe="Negen van de twaalf zijn na een halfjaar nog aan het werk. De aannemer vraagt om begeleiding "
                    "op de bouwplaats; die stond niet in de aanbesteding.",
            reflect="Een percentage van de loonsom is niet genoeg: begeleiding moet in de aanbesteding.",
        ),
        entries=(
            EntrySpec(
                "Werkgroep werk & energie: eerste bijeenkomst", EntryKind.SESSION_REPORT, date(2019, 11, 6),
                "Aanwezig: gemeente, corporatie, netbeheerder, ROC en de aannemer van het warmtenet.\n\nDe aannemer "
                "wil best mensen uit de wijk, maar niet zonder begeleiding op de bouwplaats. Het ROC kan een "
                "verkorte opleiding aanbieden. De gemeente zoekt kandidaten via het wijkteam en het werkplein.",
                excerpts=(
                    ("De aannemer wil best mensen uit de wijk, maar niet zonder begeleiding op de bouwplaats.",
                     ("werk", "samenwerking-sociaal-fysiek-technisch")),
                ),
            ),
            EntrySpec(
                "Concept-eisen social return in de aanbesteding", EntryKind.DOCUMENT, date(2020, 2, 20),
                "## Concept-eisen\n\n- Vijf procent van de loonsom gaat naar mensen met een afstand tot de "
                "arbeidsmarkt uit de wijk.\n- De aannemer rapporteert elk kwartaal.\n- Bij niet nakomen: een boete "
                "per niet ingevulde plek.\n\n*Open punt:* wie betaalt de begeleiding?",
                excerpts=(
                    ("Vijf procent van de loonsom gaat naar mensen met een afstand tot de arbeidsmarkt uit de wijk.",
                     ("werk",)),
                ),
            ),
            EntrySpec(
                "Gesprek met een leerling-installateur", EntryKind.INTERVIEW, date(2020, 9, 15),
                "Gesprek met een leerling-installateur van 34, eerder drie jaar zonder werk.\n\n> Ik leg nu "
                "leidingen in de straat waar ik zelf woon; de buren kijken mee.\n\nBuren vragen hem wanneer hun "
                "woning aan de beurt is en wat de afleverset doet. Hij verwijst door naar het informatiepunt.",
                consent=Consent.PUBLICATION,
                excerpts=(
                    ("Ik leg nu leidingen in de straat waar ik zelf woon; de buren kijken mee.",
                     ("werk", "draagvlak-betrokkenheid-vertrouwen")),
                ),
            ),
        ),
    ),
    HEECHTERP: ExperimentSpec(
        author=RESEARCHER,
        questions=(
            ("Welke gezondheidsklachten hangen samen met kou en vocht in huis?", None),
            ("Hoe combineren wijkteam en energiecoach hun bezoek aan de keukentafel?", SAMENWERKING),
        ),
        cycle=CycleSpec(
            title="Samen aan de keukentafel",
            dates=(date(2020, 1, 15), date(2020, 3, 1), date(2020, 9, 1), date(2021, 1, 15), date(2021, 3, 31)),
            plan="Wijkteam en energiecoach gaan samen op huisbezoek bij huishoudens met vocht- en "
                 "schimmelklachten. We noteren klachten, woningstaat en wat er daarna gebeurt.",
            act="48 gezamenlijke keukentafelgesprekken; bij 19 woningen herstel door de corporatie.",
            observe="Schimmel en kou gaan vaak samen met geldzorgen: bewoners stoken minder om te besparen.",
            reflect="Samen op bezoek werkt, maar niet voor iedereen: sommige bewoners voelen zich gecontroleerd.",
        ),
        entries=(
            EntrySpec(
                "Keukentafelgesprekken: eerste tien huishoudens", EntryKind.OBSERVATION, date(2020, 3, 27),
                "Tien huishoudens bezocht, allemaal huurders van de corporatie. In zes van de tien woningen zat "
                "schimmel in de slaapkamer. Vier huishoudens hadden klachten aan de luchtwegen. In drie woningen "
                "stond de verwarming 's winters op 15 graden.",
                excerpts=(
                    ("In zes van de tien woningen zat schimmel in de slaapkamer.", ("gezondheid",)),
                ),
            ),
            EntrySpec(
                "Gesprek met de wijkverpleegkundige", EntryKind.INTERVIEW, date(2020, 6, 10),
                "Gesprek met de wijkverpleegkundige van het wijkteam.\n\n> Ik zie benauwde mensen die de "
                "verwarming laag zetten om geld te sparen.\n\nZe wil graag dat de energiecoach meekijkt, maar de "
                "bewoner moet het eerst willen.",
                consent=Consent.LEARNING,
                excerpts=(
                    ("Ik zie benauwde mensen die de verwarming laag zetten om geld te sparen.",
                     ("gezondheid", "armoede-schulden")),
                ),
            ),
            EntrySpec(
                "Samen aan tafel: wat werkt en wat niet", EntryKind.REFLECTION, date(2020, 10, 20),
                "Na 48 gesprekken: samen op bezoek levert meer op dan apart, omdat de oorzaak van de klacht vaak in "
                "de woning zit. Maar: twee professionals aan één keukentafel voelt voor sommige bewoners als een "
                "controle. Voortaan voert één vertrouwd gezicht het gesprek; de ander komt erbij als de bewoner dat "
                "wil.",
                excerpts=(
                    ("twee professionals aan één keukentafel voelt voor sommige bewoners als een controle.",
                     ("wonen-zorg", "draagvlak-betrokkenheid-vertrouwen")),
                ),
            ),
        ),
    ),
    BOUWLUST: ExperimentSpec(
        author=RESEARCHER,
        questions=(
            ("Hoe combineren we een fixerbezoek met de aanvraag van energietoeslag zonder bewoners te overvragen?",
             ("question", "Hoe combineren we een fixerbezoek met de aanvraag van energietoeslag zonder bewoners "
                          "te overvragen?")),
            ("Wat maakt een fixer uit de buurt betrouwbaar voor bewoners?", DRAAGVLAK),
        ),
        cycle=CycleSpec(
            title="Fixers aan de deur",
            dates=(date(2019, 5, 1), date(2019, 6, 15), date(2019, 11, 1), date(2020, 2, 1), date(2020, 3, 15)),
            plan="Twintig bewoners volgen de fixeropleiding bij het ROC en gaan daarna langs bij buren in de "
                 "portiekflats van de corporatie.",
            act="1.140 fixerbezoeken in vijf maanden; zestien fixers met een contract.",
            observe="Bewoners laten een fixer uit de buurt eerder binnen. De aanvraag van energietoeslag tijdens "
                    "het bezoek lukt zelden.",
            reflect="De aanvraag hoort bij een tweede bezoek, niet bij het eerste.",
        ),
        entries=(
            EntrySpec(
                "Eerste ronde fixerbezoeken in de portiekflats", EntryKind.OBSERVATION, date(2019, 7, 12),
                "In drie weken 210 bezoeken. Bewoners lieten de fixer binnen omdat ze hem kenden van het "
                "schoolplein. Waar een onbekende fixer aanbelde, ging de deur vaker niet open.",
                excerpts=(
                    ("Bewoners lieten de fixer binnen omdat ze hem kenden van het schoolplein.",
                     ("draagvlak-betrokkenheid-vertrouwen",)),
                ),
            ),
            EntrySpec(
                "Tochtstrips en radiatorfolie: wat is er geplaatst", EntryKind.OBSERVATION, date(2019, 10, 30),
                "Tot eind oktober: 640 meter tochtstrip, 380 radiatorfolies, 95 waterbesparende douchekoppen en 210 "
                "ledlampen. Gemiddeld kost een bezoek vijf kwartier.",
            ),
            EntrySpec(
                "Fixers bespreken de energietoeslag", EntryKind.SESSION_REPORT, date(2019, 12, 3),
                "Teamoverleg van de fixers. Een formulier van zes pagina's is na een fixerbezoek van een uur te veel "
                "gevraagd. Fixers stellen voor de aanvraag bij een tweede bezoek samen in te vullen, met een "
                "checklist in eenvoudige taal.",
                excerpts=(
                    ("Een formulier van zes pagina's is na een fixerbezoek van een uur te veel gevraagd.",
                     ("armoede-schulden", "taal-communicatie")),
                ),
            ),
            EntrySpec(
                "Gesprek met een energiefixer over zijn nieuwe baan", EntryKind.INTERVIEW, date(2020, 1, 28),
                "Gesprek met een fixer van 41, vader van drie.\n\n> Voor het eerst in jaren heb ik een contract, en "
                "de buren vragen me om raad.\n\nHij wil door naar een opleiding tot installatiemonteur.",
                consent=Consent.PUBLICATION,
                excerpts=(
                    ("Voor het eerst in jaren heb ik een contract, en de buren vragen me om raad.", ("werk",)),
                ),
            ),
        ),
    ),
    WOENSEL: ExperimentSpec(
        author=RESEARCHER,
        questions=(
            ("Kunnen we de straat in één keer openbreken voor het warmtenet en voor klimaatadaptatie?",
             ("question", "Kunnen we de straat in één keer openbreken voor het warmtenet en voor "
                          "klimaatadaptatie?")),
            ("Wat vinden bewoners belangrijk in de straat die terugkomt?", None),
        ),
        cycle=CycleSpec(
            title="De straat gaat open",
            dates=(date(2019, 3, 1), date(2019, 6, 1), date(2020, 1, 15), date(2020, 9, 1), date(2020, 12, 15)),
            plan="Ontwerpateliers met bewoners over de straat na de aanleg van het warmtenet; planningen van "
                 "netbeheerder en gemeente naast elkaar leggen.",
            act="Drie ontwerpateliers, een avondwandeling en een gezamenlijk planningsoverleg.",
            observe="Bewoners willen groen, speelruimte en licht. De planningen van netbeheerder en gemeente liepen "
                    "een jaar uit elkaar.",
            reflect="Werk met werk maken lukt alleen als de planningen lang vooruit worden afgestemd.",
        ),
        entries=(
            EntrySpec(
                "Ontwerpatelier: de straat na het warmtenet", EntryKind.SESSION_REPORT, date(2019, 6, 20),
                "Dertig bewoners en vijftien kinderen van de basisschool. Kinderen tekenden vooral bomen en een "
                "plek om te voetballen. Volwassenen vroegen om minder stenen en om plekken om te zitten.",
                excerpts=(
                    ("Kinderen tekenden vooral bomen en een plek om te voetballen.",
                     ("openbare-ruimte", "jeugd-onderwijs")),
                ),
            ),
            EntrySpec(
                "Planningsoverleg netbeheerder en gemeente", EntryKind.DOCUMENT, date(2019, 11, 14),
                "Verslag van het planningsoverleg. De netbeheerder plant twee jaar vooruit, de gemeente het "
                "groenonderhoud per jaar. Gevolg: de straat zou twee keer open moeten. Afspraak: één "
                "uitvoeringsagenda, elk kwartaal bijgewerkt.",
                excerpts=(
                    ("De netbeheerder plant twee jaar vooruit, de gemeente het groenonderhoud per jaar.",
                     ("samenwerking-sociaal-fysiek-technisch", "klimaatadaptatie")),
                ),
            ),
            EntrySpec(
                "Avondwandeling: waar voelt het onveilig?", EntryKind.OBSERVATION, date(2020, 2, 5),
                "Met twaalf bewoners en de wijkagent door de buurt. Bij het pleintje is het na zonsondergang "
                "aardedonker. Bewoners vragen om verlichting die meekomt met de nieuwe inrichting.",
                excerpts=(
                    ("Bij het pleintje is het na zonsondergang aardedonker.", ("veiligheid",)),
                ),
            ),
        ),
    ),
}

VALIDATED, PUBLISHED, DRAFT = RecordStatus.VALIDATED, RecordStatus.PUBLISHED, RecordStatus.DRAFT
PROGRAMME, PUBLIC, EXPERIMENT = Confidentiality.PROGRAMME, Confidentiality.PUBLIC, Confidentiality.EXPERIMENT

RECORDS = (
    # Pendrecht: the complete chain (lesson → insight → excerpts → entries).
    RecordSpec(
        RecordKind.CHALLENGE, "Bewoners met betalingsachterstanden komen niet naar de bewonersavond",
        "Op de bewonersavond over het warmtenet ontbreken juist de huishoudens met geldzorgen. Zij zijn het meest "
        "geholpen bij lagere woonlasten, maar hun vragen komen pas in de huiskamer op tafel.",
        PENDRECHT, VALIDATED, PROGRAMME, day=date(2020, 3, 10),
        entries=("Bewonersavond over het warmtenet", "Reflectie na cyclus 1: de huiskamer als vindplaats"),
        themes=("armoede-schulden", "draagvlak-betrokkenheid-vertrouwen"),
        knowledge_questions=(("question", "Hoe bereiken we bewoners die niet naar de huiskamer komen?"),),
    ),
    RecordSpec(
        RecordKind.SOLUTION, "Schuldhulp schuift aan in de huiskamer op dinsdagmiddag",
        "Een medewerker van de schuldhulp zit elke dinsdagmiddag in de huiskamer. De energiecoach stelt voor, de "
        "bewoner beslist of het gesprek er direct komt.",
        PENDRECHT, DRAFT, EXPERIMENT,
        entries=("Reflectie na cyclus 1: de huiskamer als vindplaats",),
        themes=("armoede-schulden",), koppelkansen=("K01", "K08"),
        responds_to=("Bewoners met betalingsachterstanden komen niet naar de bewonersavond",),
    ),
    RecordSpec(
        RecordKind.INSIGHT, "Een laagdrempelige plek maakt geldzorgen bespreekbaar",
        "Bewoners die niet naar een loket gaan, lopen wel binnen in een huiskamer in hun eigen flat. Daar komen "
        "geldzorgen op tafel via een vraag over de energierekening.",
        PENDRECHT, PUBLISHED, PUBLIC, EvidenceLevel.FIRST_INDICATIONS, Confidence.HIGH, day=date(2020, 4, 2),
        entries=("Eerste maand huiskamer: wie komt er binnen?", "Gesprek met een bewoonster over de energierekening"),
        excerpts=("De meeste bezoekers komen voor de koffie en blijven voor hun energierekening.",
                  "Ik durfde die brief van de energiemaatschappij niet open te maken.",
                  "Hier kan ik gewoon binnenlopen, bij het loket van de gemeente niet."),
        themes=("ontmoeting-eenzaamheid", "armoede-schulden"), koppelkansen=("K08", "K01"),
        fields={
            "story": "Een bewoonster van rond de zeventig kwam wekenlang alleen voor de koffie. Op een middag "
                     "legde ze een ongeopende brief van haar energiemaatschappij op tafel. Samen met de "
                     "energiecoach las ze hem: een naheffing die ze niet kon betalen. Via de huiskamer kwam ze bij "
                     "de schuldhulp; een maand later hielp ze zelf mee met de koffie.",
            "story_domain": "Vertrouwen en bereik",
            "story_teller_role": "energiecoach",
            "story_selection_reason": "Gekozen in het Kennislab omdat het laat zien dat de huiskamer bewoners "
                                      "bereikt die het loket niet bereikt, en dat hulp vragen tijd kost.",
        },
    ),
    RecordSpec(
        RecordKind.LESSON, "Begin het warmtegesprek bij de portemonnee, niet bij de techniek",
        "Bewoners denken pas mee over het warmtenet als duidelijk is wat het voor hun woonlasten betekent. Zorg "
        "voor een laagdrempelige plek waar geldzorgen besproken kunnen worden en een woonlastengarantie op papier, "
        "in gewone taal, vóór de techniek aan bod komt.",
        PENDRECHT, PUBLISHED, PUBLIC, EvidenceLevel.FIRST_INDICATIONS, Confidence.MEDIUM, day=date(2020, 5, 14),
        entries=("Bewonersavond over het warmtenet",),
        excerpts=("Pas toen de corporatie beloofde dat de huur niet stijgt, ging het gesprek over de techniek.",
                  "De meeste bezoekers komen voor de koffie en blijven voor hun energierekening."),
        themes=("draagvlak-betrokkenheid-vertrouwen", "koppelkansen"), koppelkansen=("K08",),
        knowledge_questions=(DRAAGVLAK,),
        draws_on=("Een laagdrempelige plek maakt geldzorgen bespreekbaar",),
    ),
    # Palenstein
    RecordSpec(
        RecordKind.CHALLENGE, "Bewonersverhalen passen niet in het programma van eisen",
        "De corporatie werkt met een programma van eisen; de opgehaalde verhalen laten zich daar niet in één regel "
        "vangen, en dreigen zo te verdwijnen.",
        PALENSTEIN, VALIDATED, PROGRAMME, day=date(2019, 10, 15),
        entries=("Van verhaal naar eis: waar het schuurt",),
        excerpts=("De corporatie vraagt om een lijst met eisen; de verhalen passen daar niet in één regel in.",),
        themes=("samenwerking-sociaal-fysiek-technisch", "taal-communicatie"), koppelkansen=("K14",),
        knowledge_questions=(("question", "Hoe vertalen we opgehaalde bewonersverhalen naar keuzes in het "
                                          "renovatieplan?"),),
    ),
    RecordSpec(
        RecordKind.SOLUTION, "Een verhalenmatrix: per verhaal de ontwerpkeuze en wat ermee gebeurde",
        "Samen met de corporatie zetten we elk verhaal naast de ontwerpkeuze die erbij hoort, met een kolom 'wat "
        "hebben we ermee gedaan' die bewoners te zien krijgen.",
        PALENSTEIN, DRAFT, EXPERIMENT,
        entries=("Van verhaal naar eis: waar het schuurt",), koppelkansen=("K14", "K05"),
        responds_to=("Bewonersverhalen passen niet in het programma van eisen",),
    ),
    RecordSpec(
        RecordKind.INSIGHT, "Studenten uit de wijk horen andere verhalen dan professionals",
        "MBO-studenten die zelf in of bij de wijk wonen, krijgen verhalen te horen die medewerkers van gemeente en "
        "corporatie niet horen: over kou, tocht en over hoe bewoners zich redden.",
        PALENSTEIN, VALIDATED, PROGRAMME, EvidenceLevel.DESCRIBED, Confidence.MEDIUM, day=date(2019, 10, 15),
        entries=("Studenten van de leerwerkplaats interviewen bewoners", "Verhalencirkel in de portiekflat"),
        excerpts=("De studenten kregen verhalen te horen die wij als corporatie nooit hadden gehoord.",
                  "Elke winter hangen er handdoeken voor de kozijnen tegen de tocht."),
        themes=("jeugd-onderwijs", "draagvlak-betrokkenheid-vertrouwen"), koppelkansen=("K04", "K14"),
    ),
    RecordSpec(
        RecordKind.LESSON, "Laat bewoners zien wat er met hun verhaal is gebeurd",
        "Verhalen ophalen schept verwachtingen. Koppel elk verhaal aan een concrete keuze in het plan en koppel "
        "terug in B1-taal, ook als een wens niet haalbaar is.",
        PALENSTEIN, VALIDATED, PROGRAMME, EvidenceLevel.DESCRIBED, Confidence.MEDIUM, day=date(2019, 11, 1),
        entries=("Terugkoppeling in B1-taal: wat we hoorden",),
        excerpts=("Veel bewoners willen eerst de tocht weg, pas daarna praten over een warmtepomp.",),
        themes=("taal-communicatie",), koppelkansen=("K14",),
        draws_on=("Studenten uit de wijk horen andere verhalen dan professionals",),
    ),
    # Smitsveen
    RecordSpec(
        RecordKind.CHALLENGE, "Coaches zien schulden maar weten niet wat ze mogen doorgeven",
        "Energiecoaches zien bij een op de vijf bezoeken aanmaningen, maar weten niet of en hoe ze dat mogen "
        "doorgeven aan schuldhulp (toestemming, AVG).",
        SMITSVEEN, VALIDATED, PROGRAMME, day=date(2020, 1, 20),
        entries=("Energiebezoeken in november: wat de coaches zagen",),
        excerpts=("Bij een op de vijf bezoeken lagen er aanmaningen op tafel.",),
        themes=("armoede-schulden",), koppelkansen=("K01",),
        knowledge_questions=(("question", "Mogen energiecoaches signalen over betalingsachterstanden doorgeven "
                                          "aan schuldhulp?"),),
    ),
    RecordSpec(
        RecordKind.SOLUTION, "Doorverwijzen met een toestemmingskaartje",
        "De bewoner zet aan de keukentafel zelf een kruisje op een kaartje: 'schuldhulp mag mij bellen'. De coach "
        "geeft het kaartje dezelfde week door aan een schuldhulpmaatje.",
        SMITSVEEN, VALIDATED, PROGRAMME, EvidenceLevel.FIRST_INDICATIONS, Confidence.HIGH, day=date(2020, 6, 8),
        entries=("Gesprek met een schuldhulpmaatje over doorverwijzen",),
        excerpts=("Met toestemming van de bewoner bel ik dezelfde week nog; zonder toestemming doe ik niets.",),
        themes=("armoede-schulden", "samenwerking-sociaal-fysiek-technisch"), koppelkansen=("K01",),
        responds_to=("Coaches zien schulden maar weten niet wat ze mogen doorgeven",),
        fields={
            "outcome": "Het schuldhulpteam ontvangt sinds februari 2020 elke maand doorverwijzingen van "
                       "energiecoaches (41 in zeven maanden); daarvoor vrijwel nooit.",
            "social_actor": "Schuldhulpverlening van de gemeente",
            "significance": "Huishoudens met achterstanden komen in beeld voordat de deurwaarder langskomt.",
            "contribution": "Het experiment ontwierp het kaartje met de coaches en maatjes en organiseerde het "
                            "maandelijkse overleg waarin de doorverwijzingen worden besproken.",
            "substantiation": "Bevestigd door de teamleider schuldhulp in het overleg van 8 juni 2020; de aantallen "
                              "komen uit de registratie van de maatjes.",
        },
    ),
    RecordSpec(
        RecordKind.INSIGHT, "Toestemming vragen aan de keukentafel werkt beter dan achteraf",
        "Als de toestemming om door te verwijzen vooraf en zichtbaar geregeld is, verdwijnt de aarzeling van de "
        "coach én van de bewoner.",
        SMITSVEEN, PUBLISHED, PUBLIC, EvidenceLevel.FIRST_INDICATIONS, Confidence.MEDIUM, day=date(2020, 6, 15),
        entries=("Gesprek met een schuldhulpmaatje over doorverwijzen",),
        excerpts=("Met toestemming van de bewoner bel ik dezelfde week nog; zonder toestemming doe ik niets.",
                  "Bij een op de vijf bezoeken lagen er aanmaningen op tafel."),
        themes=("armoede-schulden",), koppelkansen=("K01", "K11"),
    ),
    RecordSpec(
        RecordKind.LESSON, "Regel de privacy vooraf, dan durven coaches door te verwijzen",
        "Spreek vóór de eerste huisbezoeken af hoe toestemming wordt gevraagd en vastgelegd. Een eenvoudig kaartje "
        "werkt beter dan een formulier.",
        SMITSVEEN, PUBLISHED, PUBLIC, EvidenceLevel.FIRST_INDICATIONS, Confidence.MEDIUM, day=date(2020, 7, 1),
        excerpts=("Met toestemming van de bewoner bel ik dezelfde week nog; zonder toestemming doe ik niets.",),
        themes=("armoede-schulden",), koppelkansen=("K01",),
        draws_on=("Toestemming vragen aan de keukentafel werkt beter dan achteraf",),
    ),
    # Overvecht
    RecordSpec(
        RecordKind.CHALLENGE, "Aannemers zien social return als papieren verplichting",
        "Een percentage van de loonsom staat in de aanbesteding, maar niemand betaalt de begeleiding op de "
        "bouwplaats: de aannemer vult de plekken liever met eigen mensen.",
        OVERVECHT, VALIDATED, PROGRAMME, day=date(2020, 3, 1),
        entries=("Werkgroep werk & energie: eerste bijeenkomst", "Concept-eisen social return in de aanbesteding"),
        excerpts=("De aannemer wil best mensen uit de wijk, maar niet zonder begeleiding op de bouwplaats.",),
        themes=("werk",), koppelkansen=("K03",),
        knowledge_questions=(("question", "Hoe leggen we social return vast in de aanbesteding van het "
                                          "warmtenet?"),),
    ),
    RecordSpec(
        RecordKind.SOLUTION, "Een werkcoach op de bouwplaats, betaald uit de aanbesteding",
        "De aanbesteding vraagt naast het percentage ook een werkcoach die leerlingen op de bouwplaats begeleidt.",
        OVERVECHT, DRAFT, EXPERIMENT,
        entries=("Concept-eisen social return in de aanbesteding",), koppelkansen=("K03",),
        responds_to=("Aannemers zien social return als papieren verplichting",),
    ),
    RecordSpec(
        RecordKind.INSIGHT, "Bewoners die meebouwen maken het warmtenet zichtbaar in de straat",
        "Leerling-installateurs uit de wijk worden aanspreekpunt voor hun buren: het warmtenet krijgt een gezicht.",
        OVERVECHT, VALIDATED, PROGRAMME, EvidenceLevel.DESCRIBED, Confidence.LOW, day=date(2020, 10, 5),
        entries=("Gesprek met een leerling-installateur",),
        excerpts=("Ik leg nu leidingen in de straat waar ik zelf woon; de buren kijken mee.",),
        themes=("werk", "draagvlak-betrokkenheid-vertrouwen"), koppelkansen=("K03",),
    ),
    RecordSpec(
        RecordKind.LESSON, "Schrijf begeleiding mee in de aanbesteding, niet alleen een percentage",
        "Social return werkt als de aanbesteding ook de begeleiding regelt en betaalt.",
        OVERVECHT, DRAFT, EXPERIMENT,
        excerpts=("Vijf procent van de loonsom gaat naar mensen met een afstand tot de arbeidsmarkt uit de wijk.",),
        themes=("werk",), koppelkansen=("K03",),
        draws_on=("Bewoners die meebouwen maken het warmtenet zichtbaar in de straat",),
    ),
    # Heechterp en Schieringen
    RecordSpec(
        RecordKind.CHALLENGE, "Bewoners zetten de verwarming laag uit geldzorgen en worden er ziek van",
        "In huurwoningen met vocht en schimmel stoken bewoners minder om te besparen; luchtwegklachten nemen toe.",
        HEECHTERP, VALIDATED, PROGRAMME, day=date(2020, 7, 1),
        entries=("Keukentafelgesprekken: eerste tien huishoudens", "Gesprek met de wijkverpleegkundige"),
        excerpts=("Ik zie benauwde mensen die de verwarming laag zetten om geld te sparen.",),
        themes=("gezondheid", "armoede-schulden"), koppelkansen=("K07",),
    ),
    RecordSpec(
        RecordKind.SOLUTION, "Gezamenlijk huisbezoek van wijkteam en energiecoach",
        "Wijkteam en energiecoach gaan samen op bezoek; de corporatie herstelt vochtproblemen binnen zes weken.",
        HEECHTERP, DRAFT, EXPERIMENT,
        entries=("Samen aan tafel: wat werkt en wat niet",), koppelkansen=("K02", "K07"),
        responds_to=("Bewoners zetten de verwarming laag uit geldzorgen en worden er ziek van",),
    ),
    RecordSpec(
        RecordKind.INSIGHT, "Vocht en kou zijn een gezondheidsvraag, niet alleen een energievraag",
        "Schimmel en kou hangen samen met gezondheidsklachten en geldzorgen; wie alleen naar energie kijkt, mist "
        "de helft.",
        HEECHTERP, VALIDATED, PROGRAMME, EvidenceLevel.DESCRIBED, Confidence.MEDIUM, day=date(2020, 11, 2),
        entries=("Keukentafelgesprekken: eerste tien huishoudens",),
        excerpts=("In zes van de tien woningen zat schimmel in de slaapkamer.",
                  "Ik zie benauwde mensen die de verwarming laag zetten om geld te sparen."),
        themes=("gezondheid",), koppelkansen=("K07", "K15"),
    ),
    RecordSpec(
        RecordKind.LESSON, "Eén vertrouwd gezicht aan de keukentafel, de ander op verzoek",
        "Een gezamenlijk huisbezoek levert meer op, maar twee professionals tegelijk kan als controle voelen. Laat "
        "één vertrouwd gezicht het gesprek voeren en haal de ander erbij als de bewoner dat wil.",
        HEECHTERP, VALIDATED, PROGRAMME, EvidenceLevel.DESCRIBED, Confidence.MEDIUM, day=date(2021, 2, 1),
        entries=("Samen aan tafel: wat werkt en wat niet",),
        excerpts=("twee professionals aan één keukentafel voelt voor sommige bewoners als een controle.",),
        themes=("wonen-zorg", "draagvlak-betrokkenheid-vertrouwen"), koppelkansen=("K02",),
        knowledge_questions=(SAMENWERKING,),
        draws_on=("Vocht en kou zijn een gezondheidsvraag, niet alleen een energievraag",),
    ),
    # Bouwlust
    RecordSpec(
        RecordKind.CHALLENGE, "De aanvraag van energietoeslag schrikt bewoners af",
        "Het aanvraagformulier is lang en ingewikkeld; na een fixerbezoek van een uur haken bewoners af.",
        BOUWLUST, PUBLISHED, PUBLIC, day=date(2020, 1, 10),
        entries=("Fixers bespreken de energietoeslag",),
        excerpts=("Een formulier van zes pagina's is na een fixerbezoek van een uur te veel gevraagd.",),
        themes=("armoede-schulden", "taal-communicatie"), koppelkansen=("K11",),
        knowledge_questions=(("question", "Hoe combineren we een fixerbezoek met de aanvraag van energietoeslag "
                                          "zonder bewoners te overvragen?"),),
    ),
    RecordSpec(
        RecordKind.SOLUTION, "De fixer vult de aanvraag samen in bij een tweede bezoek",
        "Bij het eerste bezoek alleen maatregelen en een afspraak; bij het tweede bezoek de aanvraag, met een "
        "checklist in eenvoudige taal.",
        BOUWLUST, VALIDATED, PROGRAMME, EvidenceLevel.DESCRIBED, Confidence.MEDIUM, day=date(2020, 2, 20),
        entries=("Fixers bespreken de energietoeslag",), koppelkansen=("K11",),
        responds_to=("De aanvraag van energietoeslag schrikt bewoners af",),
    ),
    RecordSpec(
        RecordKind.INSIGHT, "Een fixer uit de buurt krijgt de deur open waar een professional dicht blijft",
        "Bewoners laten een bekende uit de buurt eerder binnen dan een onbekende professional.",
        BOUWLUST, PUBLISHED, PUBLIC, EvidenceLevel.FIRST_INDICATIONS, Confidence.HIGH, day=date(2020, 2, 20),
        entries=("Eerste ronde fixerbezoeken in de portiekflats",),
        excerpts=("Bewoners lieten de fixer binnen omdat ze hem kenden van het schoolplein.",),
        themes=("draagvlak-betrokkenheid-vertrouwen",), koppelkansen=("K03", "K01"),
    ),
    RecordSpec(
        RecordKind.LESSON, "Zet mensen uit de wijk in als fixer en betaal ze: bereik en werk in één",
        "Fixers uit de buurt bereiken meer huishoudens én krijgen zelf werk. Betaal ze, geef ze een contract en "
        "een vervolgopleiding.",
        BOUWLUST, PUBLISHED, PUBLIC, EvidenceLevel.FIRST_INDICATIONS, Confidence.HIGH, day=date(2020, 3, 20),
        entries=("Gesprek met een energiefixer over zijn nieuwe baan",),
        excerpts=("Voor het eerst in jaren heb ik een contract, en de buren vragen me om raad.",
                  "Bewoners lieten de fixer binnen omdat ze hem kenden van het schoolplein."),
        themes=("werk", "draagvlak-betrokkenheid-vertrouwen"), koppelkansen=("K03",),
        draws_on=("Een fixer uit de buurt krijgt de deur open waar een professional dicht blijft",),
    ),
    # Woensel-West
    RecordSpec(
        RecordKind.CHALLENGE, "Planningen van netbeheerder en gemeente lopen niet gelijk",
        "De netbeheerder plant jaren vooruit, de gemeente per jaar: de straat dreigt twee keer open te gaan.",
        WOENSEL, VALIDATED, PROGRAMME, day=date(2019, 12, 1),
        entries=("Planningsoverleg netbeheerder en gemeente",),
        excerpts=("De netbeheerder plant twee jaar vooruit, de gemeente het groenonderhoud per jaar.",),
        themes=("samenwerking-sociaal-fysiek-technisch", "klimaatadaptatie"), koppelkansen=("K10",),
        knowledge_questions=(("question", "Kunnen we de straat in één keer openbreken voor het warmtenet en voor "
                                          "klimaatadaptatie?"),),
    ),
    RecordSpec(
        RecordKind.SOLUTION, "Eén uitvoeringsagenda voor warmtenet, groen en verlichting",
        "Netbeheerder en gemeente houden één uitvoeringsagenda bij, elk kwartaal bijgewerkt, met groen, "
        "speelruimte en verlichting erin.",
        WOENSEL, VALIDATED, PROGRAMME, EvidenceLevel.DESCRIBED, Confidence.MEDIUM, day=date(2020, 3, 1),
        entries=("Planningsoverleg netbeheerder en gemeente", "Avondwandeling: waar voelt het onveilig?"),
        excerpts=("Bij het pleintje is het na zonsondergang aardedonker.",),
        themes=("openbare-ruimte", "veiligheid"), koppelkansen=("K10", "K13"),
        responds_to=("Planningen van netbeheerder en gemeente lopen niet gelijk",),
    ),
    RecordSpec(
        RecordKind.INSIGHT, "Wie mee ontwerpt, ziet de open straat als kans",
        "Bewoners die meetekenden aan de nieuwe straat spreken over de werkzaamheden als begin van iets beters, "
        "niet als overlast.",
        WOENSEL, VALIDATED, PROGRAMME, EvidenceLevel.DESCRIBED, Confidence.MEDIUM, day=date(2020, 9, 15),
        entries=("Ontwerpatelier: de straat na het warmtenet",),
        excerpts=("Kinderen tekenden vooral bomen en een plek om te voetballen.",),
        themes=("openbare-ruimte", "klimaatadaptatie"), koppelkansen=("K10",),
    ),
    RecordSpec(
        RecordKind.LESSON, "Leg de planningen twee jaar vooruit op elkaar en verdeel de meerkosten vooraf",
        "De straat één keer openbreken voor warmtenet en klimaatadaptatie kan, als netbeheerder en gemeente hun "
        "planningen minstens twee jaar vooruit afstemmen en vooraf afspreken wie de meerkosten van het groen "
        "draagt.",
        WOENSEL, PUBLISHED, PUBLIC, EvidenceLevel.FIRST_INDICATIONS, Confidence.MEDIUM, day=date(2020, 12, 10),
        entries=("Planningsoverleg netbeheerder en gemeente",),
        excerpts=("De netbeheerder plant twee jaar vooruit, de gemeente het groenonderhoud per jaar.",),
        themes=("klimaatadaptatie", "samenwerking-sociaal-fysiek-technisch"), koppelkansen=("K10",),
        draws_on=("Wie mee ontwerpt, ziet de open straat als kans",),
    ),
)
