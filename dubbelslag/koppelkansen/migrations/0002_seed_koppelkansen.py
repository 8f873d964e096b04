"""Seed the koppelkansen catalogue K01–K17 (docs/domain.md#koppelkansen) with their trigger rules.

Reference data every installation needs, so it lives in a migration rather than in the demo seed; the data is
written out here so that this migration keeps doing the same thing whatever the app becomes.

Trigger rules are heuristics proposed for this programme (docs/domain.md#trigger-rules): they make a koppelkans worth a look for an area, never
decide. Rules on indicators whose figures ship with the application (main heating per buurt 2021; income, wealth,
tenure and address density per gemeente; population density per wijk 2024) make suggestions appear out of the box;
the others start to count once their figures are imported. A rule is (indicator code, operator, reference,
threshold, absolute limit, AND group): rules sharing a group number hold only together.
"""

from django.db import migrations

GE, LE = "gte", "lte"
ABS, GEM, NL, MED = "absolute", "gemeente_percentile", "nl_percentile", "nl_median_multiple"

RULES_ARE_HEURISTICS = (
    "De triggerregels zijn vuistregels, een voorstel uit de domeinverkenning: ze maken de koppelkans het bekijken waard, maar "
    "bewijzen niet dat hij in de wijk past."
)

KOPPELKANSEN = [
    {
        "code": "K01",
        "title_nl": "Energiecoaches en schuldhulp verwijzen naar elkaar",
        "title_en": "Energy coaches and debt help refer to each other",
        "description_nl": (
            "Energiecoaches of energiefixers die bij bewoners thuis komen, combineren hun bezoek met hulp bij "
            "schulden, minimaregelingen en vroegsignalering. Coaches en schuldhulpverleners verwijzen naar elkaar "
            "door: wie een hoge energierekening ziet, ziet vaak ook betalingsachterstanden, en andersom. Zo levert "
            "één huisbezoek zowel energiebesparing als een eerste stap uit de geldzorgen op."
        ),
        "description_en": (
            "Energy coaches or energy fixers who visit residents at home combine the visit with help on debts, "
            "minimum-income schemes and early signalling of arrears. Coaches and debt counsellors refer to each "
            "other: a high energy bill often goes with payment arrears, and the other way round. One home visit "
            "thus brings both energy savings and a first step out of money worries."
        ),
        "orientation": "person",
        "themes": ["armoede-schulden"],
        "examples_nl": (
            "- **Soest, Smitsveen**: SchuldHulpMaatjes en energiecoaches verwijzen naar elkaar door; de coach "
            "schuift aan bij taallessen; een bakfietsactie met corporatie Portaal. Bron: provincie-utrecht.nl\n"
            "- **Breda**: energiefixers en energiebespaarcoaches werken domeinoverstijgend, \"zonder jasje van de "
            "sociale dienst\". Bron: wijkwijzer.org\n"
            "- **Leiden, Energiefixers071**: een gratis pakket van € 200 voor huurders van corporatiewoningen met "
            "een laag energielabel; klachten en schimmel worden teruggemeld aan de corporatie. Bron: slimbeleid.nl\n"
            "- **Energiebox (Trias) en Energiebank Regio Arnhem**: coaches bij huishoudens met een krappe beurs. "
            "Bronnen: trouw.nl, eenvandaag.avrotros.nl\n"
            "- **Leeuwarden**: energiecoaches via de wijkteams. Bron: stadszaken.nl\n"
        ),
        "evidence_note": (
            "Voorbeelden geverifieerd in de domeinverkenning. " + RULES_ARE_HEURISTICS + " Een hoog "
            "aandeel huishoudens rond het sociaal minimum, in energiearmoede of met problematische schulden is de "
            "aanleiding; signalen over energieachterstanden (vroegsignalering) zijn alleen geaggregeerd bruikbaar."
        ),
        "rules": [
            ("INK_SOCMIN", GE, GEM, 75, None, None),
            ("INK_SOCMIN", GE, MED, 1.5, None, None),
            ("EA_LIHELEK", GE, NL, 75, None, None),
            ("EA_HEQ", GE, GEM, 75, None, None),
            ("SCHULD_PROB", GE, NL, 75, None, None),
        ],
    },
    {
        "code": "K02",
        "title_nl": "Integraal huisbezoek achter de voordeur",
        "title_en": "An integral home visit behind the front door",
        "description_nl": (
            "Eén bezoek achter de voordeur over energie, gezondheid, veiligheid, langer thuis wonen en geldzaken. "
            "Vrijwillige woon- of energiecoaches bekijken met bewoners de hele woonsituatie en verwijzen door waar "
            "nodig. Past vooral bij een oudere bevolking, eigenaar-bewoners met een laag inkomen en een oude "
            "woningvoorraad."
        ),
        "description_en": (
            "One visit behind the front door covering energy, health, safety, living longer at home and money "
            "matters. Volunteer housing or energy coaches look at the whole living situation with residents and "
            "refer them on where needed. Fits especially where the population is older, owner-occupiers have low "
            "incomes and the housing stock is old."
        ),
        "orientation": "person",
        "themes": ["gezondheid", "armoede-schulden", "wonen-zorg", "veiligheid"],
        "examples_nl": (
            "- **Hoogeveen**: vrijwillige wooncoaches (energie, veiligheid, levensloopbestendig wonen), gekoppeld "
            "aan de wijkaanpak in de Smederijen, waar in sommige straten tot de helft van de huishoudens "
            "financiële problemen heeft. Bron: regiodealzuidoostdrenthe.nl\n"
            "- **Aa en Hunze**: energiecoaches voor huishoudens tot 120% van het sociaal minimum; doel 400 "
            "bezoeken, ongeveer 70% van de doelgroep. Bron: regiodealzuidoostdrenthe.nl\n"
        ),
        "evidence_note": (
            "Voorbeelden geverifieerd in de domeinverkenning. " + RULES_ARE_HEURISTICS + " De leeftijdsopbouw staat nog "
            "niet in de indicatorcatalogus; daarom geven gezondheid, eenzaamheid en laag inkomen bij veel "
            "koopwoningen de doorslag."
        ),
        "rules": [
            ("ET_KOOP", GE, ABS, 50, None, 1),
            ("INK_SOCMIN120", GE, NL, 75, None, 1),
            ("GEZ_ERVAREN", LE, GEM, 25, None, None),
            ("GEZ_EENZ", GE, GEM, 75, None, None),
        ],
    },
    {
        "code": "K03",
        "title_nl": "Werk en scholing in de verduurzaming",
        "title_en": "Local jobs and training in retrofit work",
        "description_nl": (
            "Bewoners worden opgeleid en aan het werk geholpen in de verduurzaming van hun eigen wijk: als "
            "energiefixer, installateur of schilder, via leerwerkplekken en social return in aanbestedingen. "
            "Kansrijk waar de arbeidsparticipatie laag is en een grote renovatieopgave (veel corporatiebezit, "
            "slechte labels, geld uit het Volkshuisvestingsfonds of het Nationaal Isolatieprogramma) werk oplevert."
        ),
        "description_en": (
            "Residents are trained and helped into work in retrofitting their own neighbourhood: as energy fixer, "
            "installer or painter, through work-based learning and social return in procurement. Promising where "
            "labour participation is low and a large renovation task (much housing-association stock, poor labels, "
            "money from the Volkshuisvestingsfonds or the national insulation programme) creates work."
        ),
        "orientation": "both",
        "themes": ["werk", "buurteconomie"],
        "examples_nl": (
            "- **Den Haag Zuidwest (NPLV)**: de corporaties Staedion, Haag Wonen en Hof Wonen leiden met ROC "
            "Mondriaan bewoners op tot schilder en energiefixer, die buren ook helpen met de energietoeslag; "
            "schulden en dakloosheid worden onderweg aangepakt. Bronnen: straatconsulaat.nl, wijkwijzer.org\n"
            "- **Amsterdam, Fixbrigade**: een leerwerkproject voor jongeren en statushouders. Bron: nu.nl\n"
            "- **WonenBreburg**: social return in groot onderhoud. Bron: wonenbreburg.nl\n"
            "- **Eindhoven, Aan de Slag040!**: corporatie Trudo als extra voordeur naar werk, met signalen via "
            "huurachterstanden. Bron: samenwerkenvoorwerk.nl\n"
            "- **Toronto, Tower Renewal en SNAP**: verduurzaming samen met werk, participatie en sociale "
            "samenhang. Bron: trca.ca\n"
        ),
        "evidence_note": (
            "Voorbeelden geverifieerd in de domeinverkenning. " + RULES_ARE_HEURISTICS + " Op buurtniveau bestaat geen "
            "officieel werkloosheidscijfer; de nettoarbeidsparticipatie is de beste benadering."
        ),
        "rules": [
            ("ARB_NETTO", LE, GEM, 25, None, None),
            ("ARB_NETTO", LE, NL, 25, None, None),
        ],
    },
    {
        "code": "K04",
        "title_nl": "Praktijkleren van mbo en hbo in de wijk",
        "title_en": "A vocational and higher-education living lab in the neighbourhood",
        "description_nl": (
            "Een mbo- of hbo-opleiding vestigt zich (tijdelijk) in de wijk: studenten werken mee aan de renovatie "
            "en aan het contact met bewoners, en leren zo in de praktijk. Kansrijk bij een grootschalige renovatie- "
            "of herstructureringsopgave en een onderwijsinstelling in de buurt."
        ),
        "description_en": (
            "A vocational school or university of applied sciences settles (for a while) in the neighbourhood: "
            "students help with the renovation and with the contact with residents, learning on the job. Promising "
            "with a large renovation or restructuring task and an educational institution nearby."
        ),
        "orientation": "area",
        "themes": ["jeugd-onderwijs", "werk"],
        "examples_nl": (
            "- **Zoetermeer, Palenstein**: een locatie van MBO Rijnland in de wijk; studenten helpen bij de "
            "aardgasvrije transformatie. Bron: omroepwest.nl\n"
            "- **Soest en Weesp**: studenten van de Hogeschool Utrecht in de wijkaanpak. Bron: husite.nl\n"
        ),
        "evidence_note": (
            "Voorbeelden geverifieerd in de domeinverkenning. " + RULES_ARE_HEURISTICS + " Of er een onderwijsinstelling "
            "in de buurt is, staat niet in de cijfers: dat blijft een vraag aan de gemeente."
        ),
        "rules": [
            ("ET_CORP", GE, ABS, 50, None, None),
            ("ET_LABEL_EFG", GE, NL, 75, None, None),
        ],
    },
    {
        "code": "K05",
        "title_nl": "Verduurzamen op het ritme van corporatieonderhoud",
        "title_en": "Retrofitting in step with housing-association maintenance",
        "description_nl": (
            "Verduurzaming wordt meegenomen in gepland groot onderhoud of in de herstructurering van "
            "corporatiecomplexen: naar nul-op-de-meter of aardgasvrij-klaar op het moment dat de steigers er toch "
            "staan. Eén grote eigenaar maakt een collectieve aanpak mogelijk, en een koppeling met leefbaarheid: "
            "entrees, buitenruimte, ontmoeting."
        ),
        "description_en": (
            "Retrofitting is combined with planned major maintenance or the restructuring of housing-association "
            "complexes: to net-zero or gas-free-ready at the moment the scaffolding is up anyway. One large owner "
            "makes a collective approach possible, and a link with livability: entrances, outdoor space, meeting "
            "places."
        ),
        "orientation": "area",
        "themes": ["openbare-ruimte", "gezondheid"],
        "examples_nl": (
            "- **Zoetermeer, Palenstein**: ongeveer 120 woningen naar nul-op-de-meter op het ritme van groot "
            "onderhoud binnen de herstructurering. Bron: energielinq.nl\n"
        ),
        "evidence_note": (
            "Voorbeeld geverifieerd in de domeinverkenning. " + RULES_ARE_HEURISTICS + " Huurwoningen zijn niet allemaal "
            "van een corporatie en blokverwarming komt ook in VvE's voor; welke complexen aan onderhoud toe zijn, "
            "weet alleen de corporatie."
        ),
        "rules": [
            ("ET_CORP", GE, ABS, 40, None, None),
            ("ET_HUUR", GE, NL, 75, None, None),
            ("ET_HUUR", GE, GEM, 75, None, None),
            ("ET_HOOFDVERW_BLOK", GE, ABS, 30, None, None),
        ],
    },
    {
        "code": "K06",
        "title_nl": "Kwetsbare eigenaar-bewoners helpen verduurzamen",
        "title_en": "Helping vulnerable owner-occupiers improve their homes",
        "description_nl": (
            "Eigenaar-bewoners met weinig inkomen of vermogen, vaak in voormalige corporatiewoningen of kleine "
            "VvE's, krijgen een gesubsidieerd of collectief aanbod, zodat zij niet achterblijven terwijl "
            "corporatiewoningen wel worden verbeterd. Verduurzaming gaat samen met achterstallig onderhoud en "
            "financiële hulp."
        ),
        "description_en": (
            "Owner-occupiers with little income or wealth, often in former housing-association homes or small "
            "owners' associations (VvE), get a subsidised or collective offer, so that they are not left behind "
            "while housing-association homes are improved. Retrofitting goes together with backlog maintenance and "
            "financial help."
        ),
        "orientation": "both",
        "themes": ["armoede-schulden", "wonen-zorg"],
        "examples_nl": (
            "- **Volkshuisvestingsfonds**: in de eerste ronde (2021) ging ongeveer 80% naar particuliere woningen; "
            "Breda kreeg € 11,4 miljoen voor het verduurzamen van koopwoningen. Bronnen: blikopnieuws.nl, "
            "gemeente.nu\n"
            "- **Nationaal Isolatieprogramma, lokale aanpak**: sinds november 2023 gericht op huishoudens in (een "
            "risico op) energiearmoede. Bron: Staatscourant 2023, 31936\n"
            "- **City Deal Energieke Wijken**: waarschuwt dat particuliere eigenaren met een laag inkomen "
            "achterblijven terwijl corporatiewoningen worden gerenoveerd. Bron: citydealenergiekewijken.nl\n"
        ),
        "evidence_note": (
            "Voorbeelden geverifieerd in de domeinverkenning. " + RULES_ARE_HEURISTICS + " Veel koopwoningen alleen zegt "
            "niets; pas in combinatie met een laag vermogen wijst het op eigenaren die niet zelf kunnen investeren. "
            "De financiële buffer van eigenaar-bewoners (CBS maatwerk) zou een betere maat zijn."
        ),
        "rules": [
            ("ET_KOOP", GE, ABS, 50, None, 1),
            ("VERM_MED", LE, NL, 25, None, 1),
            ("ET_KOOP", GE, GEM, 75, None, 2),
            ("VERM_MED", LE, GEM, 25, None, 2),
            ("EA_LEKWI", GE, NL, 75, None, None),
        ],
    },
    {
        "code": "K07",
        "title_nl": "Gezond wonen: vocht, schimmel en kou aanpakken",
        "title_en": "Healthy homes: tackling damp, mould and cold",
        "description_nl": (
            "Isolatie en ventilatie worden ingezet tegen vocht, schimmel, tocht en kou, samen met de GGD, "
            "huisartsen en wijkteams. Mensen in koude, tochtige woningen melden vaker lichamelijke en psychische "
            "klachten; bewoners met een laag inkomen stoken soms te weinig om de rekening te kunnen betalen."
        ),
        "description_en": (
            "Insulation and ventilation are used against damp, mould, draughts and cold, together with the "
            "municipal health service (GGD), GPs and neighbourhood teams. People in cold, draughty homes more often "
            "report physical and mental complaints; low-income residents sometimes heat too little to be able to "
            "pay the bill."
        ),
        "orientation": "person",
        "themes": ["gezondheid", "armoede-schulden"],
        "examples_nl": (
            "- **CBS**: mensen in koude, tochtige woningen melden vaker lichamelijke en psychische klachten. Bron: "
            "CBS, Monitor Energiearmoede\n"
            "- **Leiden, Energiefixers071**: fixers melden schimmel en klachten terug aan de corporatie. Bron: "
            "slimbeleid.nl\n"
            "- **NPLV**: het thema gezonde leefomgeving in de Regeling kansrijke wijk. Bron: Staatscourant 2023, "
            "17605\n"
        ),
        "evidence_note": (
            "Het verband tussen koude woningen en klachten is geverifieerd (CBS). " + RULES_ARE_HEURISTICS + " Veel "
            "gasgestookte woningen alleen is geen aanwijzing; samen met een laag inkomen wel. Buurtcijfers over "
            "inkomen komen uit de KWB-tabel van hetzelfde indelingsjaar als de verwarmingscijfers."
        ),
        "rules": [
            ("ET_HOOFDVERW_GAS", GE, GEM, 75, None, 1),
            ("INK_SOCMIN", GE, GEM, 75, None, 1),
            ("EA_LILEK", GE, NL, 75, None, None),
            ("GEZ_ERVAREN", LE, GEM, 25, None, 2),
            ("ET_LABEL_EFG", GE, GEM, 75, None, 2),
        ],
    },
    {
        "code": "K08",
        "title_nl": "Huiskamer als energieloket en ontmoetingsplek",
        "title_en": "A neighbourhood living room as energy desk and meeting place",
        "description_nl": (
            "Een laagdrempelige plek in de wijk (een huiskamer, buurthuis of leegstaande woning) is tegelijk "
            "energieloket en ontmoetingsplek. Het gaat eenzaamheid tegen, bouwt vertrouwen op en maakt het team "
            "achter de energietransitie bij naam bekend."
        ),
        "description_en": (
            "An easy-to-reach place in the neighbourhood (a living room, community centre or empty home) is both an "
            "energy desk and a meeting place. It counters loneliness, builds trust and makes the team behind the "
            "energy transition known by name."
        ),
        "orientation": "area",
        "themes": ["ontmoeting-eenzaamheid", "draagvlak-betrokkenheid-vertrouwen"],
        "examples_nl": (
            "- **Rotterdam, Pendrecht: Huiskamer Aardgasvrij**: drie middagen per week open, ook met een "
            "boekenruil; sociale-marketingonderzoek om aan te sluiten bij de leefwereld van bewoners. Bronnen: "
            "[platform31.nl](https://www.platform31.nl/nieuws/ontmoeten-en-draagvlak-gaan-hand-in-hand-in-"
            "huiskamer-aardgasvrij-pendrecht), podcast van aardgasvrijewijken.nl\n"
            "- **Purmerend, Overwhere: participatie op z'n kop**: een huis in de wijk en een team dat bij naam en "
            "telefoonnummer bereikbaar is. Bron: tno.nl\n"
        ),
        "evidence_note": (
            "Voorbeelden geverifieerd in de domeinverkenning. " + RULES_ARE_HEURISTICS + " Eenzaamheidscijfers per buurt "
            "zijn modelschattingen (RIVM/CBS Gezondheidsmonitor), geen tellingen."
        ),
        "rules": [
            ("GEZ_EENZ_ERN", GE, GEM, 75, None, None),
            ("GEZ_EENZ", GE, NL, 75, None, None),
            ("LB_SOC", LE, GEM, 25, None, None),
            ("BP_VERTROUWEN", LE, NL, 25, None, None),
        ],
    },
    {
        "code": "K09",
        "title_nl": "Collectieve warmte en een energiecoöperatie van bewoners",
        "title_en": "Collective heat and a residents' energy cooperative",
        "description_nl": (
            "Bewoners richten samen een warmte- of energiecoöperatie op (buurtwarmte), vaak te beginnen met samen "
            "energie besparen en straatambassadeurs. Het eigendom van het warmtenet of de installatie blijft in de "
            "buurt; dat versterkt sociaal eigenaarschap en kan energiearmoede tegengaan. Kansrijk bij een geschikte "
            "collectieve warmtebron, bestaande blokverwarming of stadsverwarming, een bewonersinitiatief en "
            "eigenaar-bewoners of een welwillende corporatie."
        ),
        "description_en": (
            "Residents set up a heat or energy cooperative together (community heat), often starting with saving "
            "energy together and street ambassadors. Ownership of the heat network or installation stays in the "
            "neighbourhood, which strengthens social ownership and can counter energy poverty. Promising with a "
            "suitable collective heat source, existing block or district heating, a residents' initiative, and "
            "owner-occupiers or a willing housing association."
        ),
        "orientation": "area",
        "themes": ["sociaal-eigenaarschap", "buurteconomie"],
        "examples_nl": (
            "- **Buurtwarmte en Energie Samen**: 78 warmtecoöperaties in 2021, doel 1.000 in 2030. Bronnen: "
            "toekomststerk.nl, nwn.nu\n"
            "- **Zwolle, Assendorp**: begonnen met samen energie besparen en straatambassadeurs.\n"
            "- **Warm Heeg**: een campagne voor 75% deelname.\n"
            "- **Groningen, Paddepoel en Selwerd**: Grunneger Power samen met Paddepoel Energiek. Bron: "
            "hieropgewekt.nl\n"
            "- **Anjum**: de coöperatie koppelt verduurzaming aan energiearmoede, met kinderen als doelgroep. "
            "Bron: [stadszaken.nl](https://www.stadszaken.nl/artikel/4574)\n"
        ),
        "evidence_note": (
            "Voorbeelden geverifieerd in de domeinverkenning. " + RULES_ARE_HEURISTICS + " Blokverwarming betekent één "
            "installatie per complex: een natuurlijk begin voor een collectieve aanpak. De goedkoopste strategie "
            "uit de Startanalyse (warmtenet, S2/S3) is een betere aanwijzing zodra die cijfers zijn ingelezen."
        ),
        "rules": [
            ("ET_HOOFDVERW_BLOK", GE, GEM, 75, 10, None),
            ("ET_HOOFDVERW_STVW", GE, GEM, 75, 20, None),
            ("BP_SAMENREDZAAM", GE, NL, 75, None, None),
        ],
    },
    {
        "code": "K10",
        "title_nl": "Klimaatadaptatie en een betere openbare ruimte als de straat toch opengaat",
        "title_en": "Climate adaptation and better public space when the street is opened anyway",
        "description_nl": (
            "Wanneer straten opengaan voor een warmtenet of netverzwaring, wordt de openbare ruimte meteen "
            "klimaatbestendig en aantrekkelijker ingericht: meer groen, waterdoorlatende verharding, minder "
            "hittestress en ruimte om te spelen en elkaar te ontmoeten."
        ),
        "description_en": (
            "When streets are opened for a heat network or grid reinforcement, the public space is redesigned at "
            "the same time to be climate-proof and more attractive: more greenery, permeable paving, less heat "
            "stress, and room to play and meet."
        ),
        "orientation": "area",
        "themes": ["klimaatadaptatie", "openbare-ruimte"],
        "examples_nl": (
            "- **DEGO**: de VNG-datavoorziening toont koppelkanslagen voor hitte-eilanden, gevoelstemperatuur en "
            "waterdiepte bij hevige neerslag. Bron: docs.dego.vng.nl\n"
            "- **Nyenrode**: klimaatadaptatie en verbetering van het openbaar gebied horen bij de vijf thema's die "
            "aan de energietransitie te koppelen zijn. Bron: nyenrode.nl\n"
            "- **Hogeschool Utrecht**: extra groen gecombineerd met energieprojecten. Bron: husite.nl\n"
        ),
        "evidence_note": (
            RULES_ARE_HEURISTICS + " Dichtheid is een ruwe benadering van hittestress en weinig groen; de "
            "hitte- en waterlagen van DEGO en geplande graafwerkzaamheden zijn betere aanwijzingen."
        ),
        "rules": [
            ("LB_FYS", LE, GEM, 25, None, None),
            ("BEV_DICHTHEID", GE, GEM, 75, 5000, None),
            ("BEV_ADRESDICHTHEID", GE, ABS, 2500, None, None),
        ],
    },
    {
        "code": "K11",
        "title_nl": "Inkomensondersteuning via het contact over energie",
        "title_en": "Income support through contacts about energy",
        "description_nl": (
            "Elk contact over energie (een huisbezoek, een loket, een fixer aan de deur) wordt benut om bewoners "
            "te helpen met de energietoeslag, minimaregelingen en andere voorzieningen waar zij recht op hebben. "
            "Zo daalt het niet-gebruik van regelingen."
        ),
        "description_en": (
            "Every contact about energy (a home visit, a desk, a fixer at the door) is used to help residents "
            "apply for the energy allowance, minimum-income schemes and other support they are entitled to, so "
            "that fewer people miss out on schemes."
        ),
        "orientation": "person",
        "themes": ["armoede-schulden"],
        "examples_nl": (
            "- **Den Haag Zuidwest**: energiefixers helpen bewoners de energietoeslag aan te vragen. Bron: "
            "wijkwijzer.org\n"
            "- **CBS Armoedescan**: brengt doelgroepen en het bereik van minimaregelingen per gemeente, wijk en "
            "buurt in beeld. Bron: dashboards.cbs.nl\n"
        ),
        "evidence_note": (
            "Voorbeelden geverifieerd in de domeinverkenning. " + RULES_ARE_HEURISTICS + " Het niet-gebruik van "
            "regelingen (Armoedescan) zou de sterkste aanwijzing zijn, maar staat nog niet in de catalogus."
        ),
        "rules": [
            ("INK_SOCMIN", GE, NL, 75, None, None),
            ("INK_SOCMIN", GE, MED, 1.5, None, None),
            ("INK_SOCMIN", GE, GEM, 75, None, None),
            ("GEZ_RONDKOMEN", GE, GEM, 75, None, None),
        ],
    },
    {
        "code": "K12",
        "title_nl": "Taal, basisvaardigheden en B1-communicatie bij energieadvies",
        "title_en": "Language, basic skills and plain (B1) communication with energy advice",
        "description_nl": (
            "Energieadvies wordt gekoppeld aan taallessen en basisvaardigheden, en alle communicatie is op "
            "taalniveau B1. Zo worden ook bewoners bereikt die brieven slecht lezen of de taal nog leren."
        ),
        "description_en": (
            "Energy advice is linked to language classes and basic skills, and all communication is at language "
            "level B1, so that residents who struggle with letters or are still learning Dutch are reached too."
        ),
        "orientation": "person",
        "themes": ["taal-communicatie"],
        "examples_nl": (
            "- **Soest**: de energiecoach schuift aan bij taallessen. Bron: provincie-utrecht.nl\n"
            "- **VNG Burgerpeiling**: de vragenlijst is in 2022 op taalniveau B1 gebracht. Bron: "
            "VNG-Realisatie/Burgerpeiling\n"
        ),
        "evidence_note": (
            "Voorbeelden geverifieerd in de domeinverkenning. Nog geen triggerregels: voor het aandeel anderstaligen, het "
            "opleidingsniveau en het bereik van brieven staan nog geen indicatoren in de catalogus."
        ),
        "rules": [],
    },
    {
        "code": "K13",
        "title_nl": "Veiligheid en overlast meenemen in de renovatie",
        "title_en": "Safety and nuisance taken up in the renovation",
        "description_nl": (
            "Entrees, verlichting, overzicht en inbraakpreventie worden in de renovatie meegenomen; "
            "gemeenschappelijke ruimten in flats krijgen een nieuwe functie. Zo levert verduurzaming ook een "
            "veiliger gevoel op."
        ),
        "description_en": (
            "Entrances, lighting, overview and burglary prevention are built into the renovation; common spaces in "
            "blocks of flats get a new use. Retrofitting thus also makes people feel safer."
        ),
        "orientation": "area",
        "themes": ["veiligheid", "openbare-ruimte"],
        "examples_nl": (
            "- **Toronto, Tower Renewal en SNAP**: renovaties van flats samen met moestuinen, gemeenschappelijke "
            "ruimten en activiteiten. Bron: trca.ca\n"
            "- Nederlandse voorbeelden zijn in de domeinverkenning nog niet geverifieerd.\n"
        ),
        "evidence_note": (
            "Alleen een buitenlands voorbeeld is geverifieerd; Nederlandse voorbeelden ontbreken nog. "
            + RULES_ARE_HEURISTICS
        ),
        "rules": [
            ("VEIL_MISDR", GE, GEM, 75, None, None),
            ("VEIL_ONVEILIG", GE, NL, 75, None, None),
            ("LB_ONV", LE, GEM, 25, None, None),
        ],
    },
    {
        "code": "K14",
        "title_nl": "Verhalen ophalen als opstap naar samen ontwerpen",
        "title_en": "Collecting stories as a way into designing together",
        "description_nl": (
            "Verhalen van bewoners en onderzoek naar hun leefwereld (bijvoorbeeld sociale marketing) maken eerst "
            "duidelijk wat er in de wijk speelt. Dat wordt de ingang om samen plannen te maken: een "
            "proceskoppelkans die vertrouwen opbouwt waar officiële communicatie weinig bereikt."
        ),
        "description_en": (
            "Residents' stories and research into their life-world (for example social marketing) first show what "
            "matters in the neighbourhood. That becomes the way into making plans together: a process koppelkans "
            "that builds trust where official communication reaches few people."
        ),
        "orientation": "person",
        "themes": ["taal-communicatie", "draagvlak-betrokkenheid-vertrouwen"],
        "examples_nl": (
            "- **Zoetermeer**: een storytellingmethode om verhalen van bewoners op te halen. Bron: platform31.nl\n"
            "- **Rotterdam, Pendrecht**: sociale-marketingonderzoek om aan te sluiten bij de leefwereld van "
            "bewoners. Bron: platform31.nl\n"
        ),
        "evidence_note": (
            "Voorbeelden geverifieerd in de domeinverkenning. " + RULES_ARE_HEURISTICS + " De regels gebruiken eigen "
            "metingen (Burgerpeiling); het landelijke percentiel is dan dat van de gemeten wijken."
        ),
        "rules": [
            ("BP_VERTROUWEN", LE, NL, 25, None, None),
            ("BP_BOB", LE, NL, 25, None, None),
            ("BP_DRAAGVLAK", LE, NL, 25, None, None),
        ],
    },
    {
        "code": "K15",
        "title_nl": "Langer thuis wonen en verduurzamen in één keer",
        "title_en": "Living longer at home and retrofitting in one go",
        "description_nl": (
            "Woningen worden tegelijk levensloopbestendig en duurzaam gemaakt: drempels weg, een traplift of een "
            "slaapkamer beneden, samen met isolatie en een nieuwe warmte-installatie. Wonen en zorg werken samen, "
            "zodat ouderen veilig en comfortabel thuis kunnen blijven wonen."
        ),
        "description_en": (
            "Homes are made lifetime-proof and sustainable at the same time: thresholds removed, a stairlift or a "
            "downstairs bedroom, together with insulation and a new heating installation. Housing and care work "
            "together so that older people can stay at home safely and comfortably."
        ),
        "orientation": "person",
        "themes": ["wonen-zorg", "gezondheid"],
        "examples_nl": (
            "- **Hoogeveen**: vrijwillige wooncoaches kijken naar energie, veiligheid en levensloopbestendig "
            "wonen. Bron: regiodealzuidoostdrenthe.nl\n"
        ),
        "evidence_note": (
            "Voorbeeld geverifieerd in de domeinverkenning. " + RULES_ARE_HEURISTICS + " Het aandeel 65- en 75-plussers "
            "en alleenstaande ouderen staat nog niet in de catalogus; gezondheid en ernstige eenzaamheid zijn een "
            "benadering."
        ),
        "rules": [
            ("GEZ_ERVAREN", LE, NL, 25, None, None),
            ("GEZ_EENZ_ERN", GE, NL, 75, None, None),
        ],
    },
    {
        "code": "K16",
        "title_nl": "Kinderen, jongeren en scholen als dragers",
        "title_en": "Children, young people and schools as carriers",
        "description_nl": (
            "Scholen, kinderen en jongeren dragen de energietransitie de wijk in: via lessen, "
            "energieambassadeurs, bijbaantjes en stages. Kinderen bereiken ouders die anders buiten beeld blijven."
        ),
        "description_en": (
            "Schools, children and young people carry the energy transition into the neighbourhood: through "
            "lessons, energy ambassadors, side jobs and internships. Children reach parents who would otherwise "
            "stay out of sight."
        ),
        "orientation": "both",
        "themes": ["jeugd-onderwijs"],
        "examples_nl": (
            "- **Anjum**: de energiecoöperatie richt zich op kinderen als doelgroep. Bron: "
            "[stadszaken.nl](https://www.stadszaken.nl/artikel/4574)\n"
            "- **Regeling kansrijke wijk (NPLV)**: school en omgeving is een van de thema's. Bron: Staatscourant "
            "2023, 17605\n"
        ),
        "evidence_note": (
            "Voorbeelden geverifieerd in de domeinverkenning. Nog geen triggerregels: het aandeel huishoudens met "
            "kinderen staat nog niet in de indicatorcatalogus."
        ),
        "rules": [],
    },
    {
        "code": "K17",
        "title_nl": "Buurteconomie: lokale ondernemers voeren uit",
        "title_en": "Neighbourhood economy: local businesses do the work",
        "description_nl": (
            "Lokale ondernemers, installateurs en aannemers voeren het werk uit, zodat geld en werk in de wijk "
            "blijven en bewoners de uitvoerders kennen."
        ),
        "description_en": (
            "Local entrepreneurs, installers and contractors carry out the work, so that money and jobs stay in "
            "the neighbourhood and residents know the people doing the work."
        ),
        "orientation": "area",
        "themes": ["buurteconomie", "werk"],
        "examples_nl": (
            "- **Hogeschool Utrecht**: lokale ondernemers ingezet bij de uitvoering. Bron: husite.nl\n"
            "- **Purmerend**: lokale aannemers in de wijkaanpak. Bron: tno.nl\n"
        ),
        "evidence_note": (
            "Voorbeelden geverifieerd in de domeinverkenning. " + RULES_ARE_HEURISTICS + " De bedrijvendichtheid staat nog "
            "niet in de catalogus; lage arbeidsparticipatie en lage inkomens geven aan waar lokaal werk het meest "
            "oplevert."
        ),
        "rules": [
            ("ARB_NETTO", LE, GEM, 25, None, None),
            ("INK_GEM", LE, NL, 25, None, None),
        ],
    },
]

FIELDS = ("title_nl", "title_en", "description_nl", "description_en", "orientation", "examples_nl",
          "evidence_note")


def seed(apps, schema_editor):
    Koppelkans = apps.get_model("koppelkansen", "Koppelkans")
    TriggerRule = apps.get_model("koppelkansen", "TriggerRule")
    Theme = apps.get_model("programme", "Theme")
    Indicator = apps.get_model("indicators", "Indicator")
    indicators = dict(Indicator.objects.values_list("code", "pk"))
    themes = dict(Theme.objects.values_list("slug", "pk"))
    for row in KOPPELKANSEN:
        koppelkans, _created = Koppelkans.objects.update_or_create(
            code=row["code"], defaults={name: row[name].strip() for name in FIELDS})
        koppelkans.themes.set([themes[slug] for slug in row["themes"] if slug in themes])
        koppelkans.rules.all().delete()
        TriggerRule.objects.bulk_create([
            TriggerRule(koppelkans=koppelkans, indicator_id=indicators[code], operator=operator, reference=reference,
                        threshold=threshold, absolute_limit=limit, group=group)
            for code, operator, reference, threshold, limit, group in row["rules"] if code in indicators
        ])


def unseed(apps, schema_editor):
    Koppelkans = apps.get_model("koppelkansen", "Koppelkans")
    Koppelkans.objects.filter(code__in=[row["code"] for row in KOPPELKANSEN], adoptions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("koppelkansen", "0001_initial"),
        ("programme", "0002_seed_themes"),
        ("indicators", "0004_seed_open_data_indicators"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
