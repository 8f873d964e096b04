"""The demo programme's content. Places and CBS codes are real; organisations outside the municipalities, people and
experiment texts are invented for the demo and marked as such on every page."""

from datetime import date

PROGRAMME = {
    "slug": "kwetsbare-wijken-demo",
    "name": "Experimentenprogramma Verduurzaming Kwetsbare Wijken",
    "start_date": date(2019, 1, 1),
    "end_date": date(2021, 12, 31),
    "description": (
        "Achttien gemeenten werken drie jaar lang aan de **dubbelslag**: wijken aardgasvrij maken en tegelijk de "
        "leefbaarheid verbeteren. Elk kwartaal komen de deelnemers samen in een Kennislab rond vier vaste "
        "kennisvragen; werkgroepen en verdiepingssessies werken specifieke vragen uit, en actieonderzoek haalt per "
        "experiment knelpunten, oplossingen, inzichten en lessen op.\n\n"
        "*Dit is demonstratie-inhoud: de wijken en CBS-codes zijn echt, de teksten en personen niet.*"
    ),
}

# (slug, name, type)
ORGANISATIONS = [
    ("kennisinstituut-stad", "Kennisinstituut Stad & Wijk", "kennisinstelling"),
    ("hogeschool-duurzaam-bouwen", "Business Universiteit, leerstoel Duurzaam Bouwen", "kennisinstelling"),
    ("gemeente-rotterdam", "Gemeente Rotterdam", "gemeente"),
    ("gemeente-zoetermeer", "Gemeente Zoetermeer", "gemeente"),
    ("gemeente-soest", "Gemeente Soest", "gemeente"),
    ("gemeente-utrecht", "Gemeente Utrecht", "gemeente"),
    ("gemeente-leeuwarden", "Gemeente Leeuwarden", "gemeente"),
    ("gemeente-den-haag", "Gemeente Den Haag", "gemeente"),
    ("gemeente-eindhoven", "Gemeente Eindhoven", "gemeente"),
    ("woonstichting-zuidrand", "Woonstichting Zuidrand", "woningcorporatie"),
    ("wooncorporatie-het-lint", "Wooncorporatie Het Lint", "woningcorporatie"),
    ("welzijn-samen-verder", "Welzijnsorganisatie Samen Verder", "welzijnsorganisatie"),
    ("buurtwerk-noord", "Stichting Buurtwerk Noord", "welzijnsorganisatie"),
    ("netbeheer-west", "Netbeheer West", "netbeheerder"),
    ("bewonersplatform-pendrecht", "Bewonersplatform Pendrecht", "bewonersorganisatie"),
    ("bewonerscooperatie-smitsveen", "Bewonerscoöperatie Smitsveen Energie", "bewonersorganisatie"),
    ("adviesbureau-warmte", "Adviesbureau Warmte & Wijk", "adviesbureau"),
    ("energiecoaches-nl", "Stichting Energiecoaches", "overig"),
]

EXPERIMENTS = [
    {
        "title": "Huiskamer Aardgasvrij Pendrecht",
        "gemeente": "GM0599", "focus": ["WK059915", "BU05991577"], "phase": "uitvoering",
        "neighbourhood_type": "postwar",
        "start_date": date(2019, 3, 1), "end_date": date(2021, 12, 31), "is_public": True,
        "themes": ["draagvlak-betrokkenheid-vertrouwen", "ontmoeting-eenzaamheid", "koppelkansen"],
        "summary": "Een huiskamer in de wijk als energieloket én ontmoetingsplek: bewoners komen binnen voor koffie, "
                   "een boek of een vraag over hun energierekening, en denken mee over de warmteplannen.",
        "energy_ambition": "Draagvlak voor aansluiting op het warmtenet van **1.200 corporatiewoningen** vóór 2025.",
        "livability_ambition": "Minder eenzaamheid en meer vertrouwen in gemeente en corporatie; bewoners kennen "
                               "de weg naar schuldhulp en energietoeslag.",
        "approach": "- Huiskamer drie middagen per week open\n- Sociale-marketingonderzoek naar de leefwereld\n"
                    "- Energiecoaches verwijzen door naar welzijn en schuldhulp",
        "participants": [("gemeente-rotterdam", "trekker"), ("woonstichting-zuidrand", "partner"),
                         ("welzijn-samen-verder", "uitvoerder"), ("bewonersplatform-pendrecht", "partner"),
                         ("netbeheer-west", "adviseur")],
    },
    {
        "title": "Verhalen ophalen in Palenstein",
        "gemeente": "GM0637", "focus": ["WK063703"], "phase": "evaluatie",
        "neighbourhood_type": "postwar",
        "start_date": date(2019, 1, 15), "end_date": date(2021, 6, 30), "is_public": True,
        "themes": ["draagvlak-betrokkenheid-vertrouwen", "jeugd-onderwijs", "taal-communicatie"],
        "summary": "Met storytelling halen bewoners en studenten verhalen op over wonen in Palenstein; die verhalen "
                   "sturen de renovatie en de aanpak aardgasvrij.",
        "energy_ambition": "Renovatie van circa 120 portiekwoningen naar nul-op-de-meter, meeliftend op groot "
                           "onderhoud.",
        "livability_ambition": "Bewoners voelen zich gehoord; jongeren doen werkervaring op in de wijk.",
        "approach": "Verhalencirkels, een MBO-leerwerkplaats in de wijk, en terugkoppeling in B1-taal.",
        "participants": [("gemeente-zoetermeer", "trekker"), ("wooncorporatie-het-lint", "partner"),
                         ("hogeschool-duurzaam-bouwen", "onderzoeker")],
    },
    {
        "title": "Energiecoaches en schuldhulpmaatjes in Smitsveen",
        "gemeente": "GM0342", "focus": ["WK034205", "BU03420501"], "phase": "uitvoering",
        "neighbourhood_type": "later",
        "start_date": date(2019, 6, 1), "end_date": None, "is_public": False,
        "themes": ["armoede-schulden", "sociaal-eigenaarschap", "koppelkansen"],
        "summary": "Energiecoaches en schuldhulpmaatjes verwijzen naar elkaar door; een bewonerscoöperatie neemt het "
                   "energieloket over.",
        "energy_ambition": "500 huishoudens krijgen een energiebezoek; 30% neemt kleine maatregelen.",
        "livability_ambition": "Huishoudens met betalingsachterstanden worden eerder bereikt.",
        "approach": "Wederzijdse doorverwijzing, coaches in taallessen, bakfietsacties met de corporatie.",
        "participants": [("gemeente-soest", "trekker"), ("bewonerscooperatie-smitsveen", "partner"),
                         ("energiecoaches-nl", "uitvoerder"), ("buurtwerk-noord", "partner")],
    },
    {
        "title": "Warmtenet en werk in Overvecht",
        "gemeente": "GM0344", "focus": ["WK034403"], "phase": "plan",
        "neighbourhood_type": "postwar",
        "start_date": date(2019, 9, 1), "end_date": date(2021, 12, 31), "is_public": True,
        "themes": ["werk", "samenwerking-sociaal-fysiek-technisch"],
        "summary": "Bij de aanleg van het warmtenet leiden bedrijven bewoners op tot installateur; social return als "
                   "eis in de aanbesteding.",
        "energy_ambition": "Aansluiten van 2.000 woningen op een lage-temperatuurwarmtenet.",
        "livability_ambition": "Veertig bewoners met een uitkering aan het werk in de uitvoering.",
        "approach": "Werkgroep werk & energie met gemeente, corporatie, netbeheerder en ROC.",
        "participants": [("gemeente-utrecht", "trekker"), ("netbeheer-west", "partner"),
                         ("adviesbureau-warmte", "adviseur"), ("woonstichting-zuidrand", "partner")],
    },
    {
        "title": "Samen warm in Heechterp en Schieringen",
        "gemeente": "GM0080", "focus": ["WK008050", "BU00805001"], "phase": "verkennen",
        "neighbourhood_type": "postwar",
        "start_date": date(2020, 1, 1), "end_date": None, "is_public": False,
        "themes": ["gezondheid", "wonen-zorg"],
        "summary": "Integrale keukentafelgesprekken over energie, gezondheid en langer thuis wonen.",
        "energy_ambition": "Isolatie en ventilatie van 300 woningen met vocht- en schimmelklachten.",
        "livability_ambition": "Minder gezondheidsklachten door koude en tocht.",
        "approach": "Wijkteam en energiecoach samen aan de keukentafel.",
        "participants": [("gemeente-leeuwarden", "trekker"), ("buurtwerk-noord", "uitvoerder")],
    },
    {
        "title": "Energiefixers uit Bouwlust",
        "gemeente": "GM0518", "focus": ["WK051833"], "phase": "uitvoering",
        "neighbourhood_type": "postwar",
        "start_date": date(2019, 4, 1), "end_date": date(2021, 12, 31), "is_public": True,
        "themes": ["werk", "armoede-schulden"],
        "summary": "Bewoners worden opgeleid tot energiefixer en helpen buren met kleine maatregelen en de "
                   "aanvraag van energietoeslag.",
        "energy_ambition": "3.000 fixerbezoeken; gemiddeld 10% lager gasverbruik bij bezochte huishoudens.",
        "livability_ambition": "Twintig fixers aan betaald werk; meer bereik van minimaregelingen.",
        "approach": "Opleiding met ROC, inzet via corporaties, doorverwijzing naar het sociaal wijkteam.",
        "participants": [("gemeente-den-haag", "trekker"), ("energiecoaches-nl", "uitvoerder"),
                         ("wooncorporatie-het-lint", "partner")],
    },
    {
        "title": "Groen en gasloos Woensel-West",
        "gemeente": "GM0772", "focus": ["BU07724210"], "phase": "afgerond",
        "neighbourhood_type": "prewar",
        "start_date": date(2019, 2, 1), "end_date": date(2020, 12, 31), "is_public": False,
        "themes": ["klimaatadaptatie", "openbare-ruimte", "veiligheid"],
        "summary": "Als de straat opengaat voor het warmtenet, komt er groen, speelruimte en betere verlichting "
                   "terug.",
        "energy_ambition": "Twee straten aardgasvrij via een collectief warmtenet.",
        "livability_ambition": "Minder hittestress en een veiliger gevoel op straat.",
        "approach": "Ontwerpateliers met bewoners; werk met werk maken in de openbare ruimte.",
        "participants": [("gemeente-eindhoven", "trekker"), ("netbeheer-west", "partner"),
                         ("adviesbureau-warmte", "adviseur")],
    },
]

# (email, name, organisation slug, role, experiment title or None)
PASSWORD = "Dubbelslag-demo-2019"
USERS = [
    ("coordinator@demo.dubbelslag.nl", "Carla Coördinator", "kennisinstituut-stad", "coordinator", None),
    ("onderzoeker@demo.dubbelslag.nl", "Rob Onderzoeker", "hogeschool-duurzaam-bouwen", "researcher", None),
    ("redacteur@demo.dubbelslag.nl", "Eva Projectleider", "gemeente-rotterdam", "editor",
     "Huiskamer Aardgasvrij Pendrecht"),
    ("lezer@demo.dubbelslag.nl", "Lars Meelezer", "woonstichting-zuidrand", "reader",
     "Huiskamer Aardgasvrij Pendrecht"),
    ("buitenstaander@demo.dubbelslag.nl", "Olga Buitenstaander", "gemeente-eindhoven", None, None),
]
ADMIN = ("beheer@demo.dubbelslag.nl", "Beheerder Demo")
