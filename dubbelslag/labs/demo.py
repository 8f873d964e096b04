"""The demo programme's Kennislabs, working groups, deep dive and knowledge questions: data and the function that
loads it (``seed_demo_labs``).

Everything goes through the services, as a coordinator would do it, so the demo has the same audit trail and agenda
items as real use. The programme ran 2019–2021, so every session lies in the past; the questions' raised, progress
and answer dates are set to that story afterwards (the audit trail keeps the moment the demo was loaded: it is
append-only). Places and rhythm follow docs/domain.md#the-programme; people, texts and the expert are invented.

Running it again changes nothing: labs come from ``plan_lab_series`` (which adds only missing quarters) and are
filled only while they have no minutes; every other record is looked up by its title or name first.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from dubbelslag.accounts.models import User
from dubbelslag.core import audit
from dubbelslag.programme.enums import ThemeKind
from dubbelslag.programme.models import Programme, Theme

from .enums import ActionStatus, Priority, QuestionStatus
from .models import Action, DeepDive, KnowledgeLab, KnowledgeQuestion, Registration, WorkingGroup
from .services import questions as question_services
from .services import sessions

PROGRAMME_SLUG = "kwetsbare-wijken-demo"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

COORDINATOR = "coordinator@demo.dubbelslag.nl"
RESEARCHER = "onderzoeker@demo.dubbelslag.nl"
EDITOR = "redacteur@demo.dubbelslag.nl"
READER = "lezer@demo.dubbelslag.nl"

PENDRECHT = "Huiskamer Aardgasvrij Pendrecht"
PALENSTEIN = "Verhalen ophalen in Palenstein"
SMITSVEEN = "Energiecoaches en schuldhulpmaatjes in Smitsveen"
OVERVECHT = "Warmtenet en werk in Overvecht"
BOUWLUST = "Energiefixers uit Bouwlust"
WOENSEL = "Groen en gasloos Woensel-West"

STANDING = ["samenwerking-sociaal-fysiek-technisch", "koppelkansen", "draagvlak-betrokkenheid-vertrouwen",
            "sociaal-eigenaarschap"]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


def online(number: int) -> str:
    return f"https://video.demo.dubbelslag.nl/kennislab-{number}"


# --- Kennislabs: one per quarter, numbered as plan_lab_series numbers them -----------------------------------------
# agenda: (title, minutes, presenter, what came of it); registrations: {email: attended};
# actions: (title, owner email, due date, status)

LABS = {
    1: {
        "title": "Kennislab 1: Aftrap – de dubbelslag in achttien wijken",
        "location": "Kennisinstituut Stad & Wijk, Utrecht", "online_url": "",
        "themes": STANDING,
        "agenda": [
            ("Welkom en kennismaking: achttien wijken in één zaal", 45, "Carla Coördinator",
             "Elke gemeente stelde haar wijk en experiment voor in drie minuten."),
            ("De vier vaste kennisvragen", 60, "Rob Onderzoeker",
             "De vragen zijn aangescherpt; koppelkansen en draagvlak kregen de meeste stemmen als eerste thema."),
            ("Actieonderzoek: wat we ophalen en hoe", 45, "Rob Onderzoeker",
             "Per experiment een vast contactpersoon voor het actieonderzoek."),
        ],
        "minutes": "Aanwezig: vertegenwoordigers van zestien van de achttien gemeenten, vier corporaties en twee "
                   "bewonersorganisaties.\n\n- Kennismaking per experiment.\n- Toelichting op de opzet: elk kwartaal "
                   "een Kennislab, werkgroepen en verdiepingssessies tussendoor.\n- Afspraken over het "
                   "actieonderzoek.",
        "outcomes": "- De vier vaste kennisvragen vastgesteld.\n- Werkgroepen worden gevormd rond sociaal "
                    "eigenaarschap en rond energiearmoede en schulden.",
        "registrations": {COORDINATOR: True, RESEARCHER: True, EDITOR: True, READER: False},
        "actions": [("Contactpersonen actieonderzoek per experiment inventariseren", RESEARCHER, date(2019, 3, 15),
                     ActionStatus.DONE)],
    },
    2: {
        "title": "Kennislab 2: Samenwerking tussen sociaal, fysiek en technisch",
        "location": "Huiskamer Aardgasvrij, Pendrecht (Rotterdam)", "online_url": "",
        "themes": ["samenwerking-sociaal-fysiek-technisch"],
        "agenda": [
            ("Rondleiding door de Huiskamer Aardgasvrij", 45, "Eva Projectleider",
             "De huiskamer werkt als neutrale plek: bewoners komen voor koffie en blijven voor het gesprek."),
            ("Wie zit er aan tafel? Rollen van gemeente, corporatie, welzijn en netbeheerder", 75, "Rob Onderzoeker",
             "Een gedeelde wijkagenda helpt meer dan nog een stuurgroep."),
        ],
        "minutes": "In de huiskamer van Pendrecht. De welzijnsorganisatie en de netbeheerder vertelden hoe zij "
                   "elkaars taal leerden spreken. Discussie over budgetten die per domein geschot blijven.",
        "outcomes": "- Tip: begin met een gezamenlijke wijkschouw van sociaal en technisch team.\n- Vraag voor de "
                    "werkgroep: hoe financier je een gedeelde wijkcoördinator?",
        "registrations": {COORDINATOR: True, RESEARCHER: True, EDITOR: True, READER: True},
        "actions": [("Voorbeeld van een gedeelde wijkagenda delen met alle experimenten", EDITOR, date(2019, 6, 1),
                     ActionStatus.DONE)],
    },
    3: {
        "title": "Kennislab 3: Koppelkansen in beeld",
        "location": "Wijkcentrum Palenstein, Zoetermeer", "online_url": "",
        "themes": ["koppelkansen", "werk", "armoede-schulden"],
        "agenda": [
            ("Storytelling in Palenstein", 45, "Projectteam Palenstein",
             "Verhalen van bewoners maken zichtbaar wat de renovatie voor hen betekent."),
            ("Koppelkansen-scan: welke sociale opgaven liggen er in uw wijk?", 75, "Rob Onderzoeker",
             "Elk experiment koos twee koppelkansen om uit te werken."),
        ],
        "minutes": "Met bewoners en studenten van de MBO-leerwerkplaats. Het onderscheid tussen mensgerichte en "
                   "gebiedsgerichte koppelkansen bleek bruikbaar.",
        "outcomes": "- Lijst van koppelkansen per experiment.\n- Werk, armoede en schulden komen het vaakst terug.",
        "registrations": {COORDINATOR: True, RESEARCHER: True, EDITOR: False},
        "actions": [],
    },
    4: {
        "title": "Kennislab 4: Draagvlak begint bij vertrouwen",
        "location": "Buurthuis Bouwlust, Den Haag", "online_url": "",
        "themes": ["draagvlak-betrokkenheid-vertrouwen"],
        "agenda": [
            ("Energiefixers vertellen: binnenkomen achter de voordeur", 45, "Energiefixers Bouwlust",
             "Bewoners vertrouwen een buurtgenoot eerder dan een brief van de gemeente."),
            ("Leefwereld en systeemwereld", 60, "Carla Coördinator",
             "Afspraak: communicatie in B1-taal en eerst luisteren, dan plannen."),
        ],
        "minutes": "De energiefixers lieten zien hoe een bezoek verloopt. Veel herkenning bij de andere "
                   "experimenten: vertrouwen is voorwaarde, geen resultaat.",
        "outcomes": "- Vertrouwen is een voorwaarde voor draagvlak.\n- Eerst kleine, zichtbare verbeteringen, dan "
                    "het grote warmteverhaal.",
        "registrations": {COORDINATOR: True, RESEARCHER: False, EDITOR: True, READER: True},
        "actions": [("Checklist 'B1-brief over de warmtetransitie' opstellen", COORDINATOR, date(2020, 1, 31),
                     ActionStatus.DONE)],
    },
    5: {
        "title": "Kennislab 5: Sociaal eigenaarschap en bewonerscoöperaties",
        "location": "Bewonerscoöperatie Smitsveen, Soest", "online_url": "",
        "themes": ["sociaal-eigenaarschap"],
        "agenda": [
            ("Een bewonerscoöperatie neemt het energieloket over", 60, "Bewonerscoöperatie Smitsveen",
             "Eigenaarschap groeit als bewoners ook echt iets te beslissen hebben."),
            ("Wat mag een coöperatie kosten? Financiering en risico's", 60, "Adviesbureau Warmte & Wijk",
             "Startsubsidie is nodig; daarna kan het loket deels op eigen benen staan."),
        ],
        "minutes": "De coöperatie vertelde over de overname van het loket. Discussie over vrijwilligers die "
                   "overbelast raken.",
        "outcomes": "- Vrijwilligers hebben een vaste professionele achtervang nodig.\n- De werkgroep Sociaal "
                    "eigenaarschap werkt een model voor het overdragen van taken uit.",
        "registrations": {COORDINATOR: True, RESEARCHER: True, EDITOR: True, READER: False},
        "actions": [],
    },
    6: {
        "title": "Kennislab 6: Bewoners bereiken op afstand",
        "location": "", "online_url": online(6),
        "themes": ["draagvlak-betrokkenheid-vertrouwen", "ontmoeting-eenzaamheid"],
        "agenda": [
            ("Wat doet de lockdown met de experimenten?", 45, "Carla Coördinator",
             "Huiskamers en loketten dicht; de telefoon en de voordeur werden het contact."),
            ("Bellen, brieven en de stoep: contact houden zonder bijeenkomsten", 60, "Eva Projectleider",
             "Een belronde door bekende buurtgenoten bereikte meer bewoners dan een digitale avond."),
        ],
        "minutes": "Eerste online Kennislab. Elk experiment vertelde wat stillag en wat juist doorliep.",
        "outcomes": "- Digitale bijeenkomsten bereiken vooral bewoners die al betrokken waren.\n- Belrondes en "
                    "stoepgesprekken worden gedeeld als werkvorm.",
        "registrations": {COORDINATOR: True, RESEARCHER: True, EDITOR: True, READER: True},
        "actions": [],
    },
    7: {
        "title": "Kennislab 7: Energiearmoede en schulden",
        "location": "", "online_url": online(7),
        "themes": ["armoede-schulden", "koppelkansen"],
        "agenda": [
            ("Energiecoaches en schuldhulpmaatjes: elkaar vinden", 45, "Energiecoaches Smitsveen",
             "Wederzijds doorverwijzen werkt als beide kanten dezelfde vragenlijst gebruiken."),
            ("Wie zijn de energiearmen in uw wijk? Cijfers en verhalen", 45, "Rob Onderzoeker",
             "Cijfers per buurt geven richting, het gesprek aan de deur geeft het beeld."),
        ],
        "minutes": "Online. Veel vragen over privacy bij het doorgeven van signalen; die gaan naar de werkgroep.",
        "outcomes": "- Werkgroep Koppelkansen energiearmoede en schulden werkt een doorverwijsroute uit.",
        "registrations": {COORDINATOR: True, EDITOR: True, READER: False},
        "actions": [("Doorverwijsroute energiecoach – schuldhulp beschrijven", EDITOR, date(2020, 10, 15),
                     ActionStatus.DONE)],
    },
    8: {
        "title": "Kennislab 8: Werk maken van de warmtetransitie",
        "location": "", "online_url": online(8),
        "themes": ["werk", "samenwerking-sociaal-fysiek-technisch"],
        "agenda": [
            ("Bewoners als installateur: leren en werken in Overvecht", 45, "Projectteam Overvecht",
             "Vijftien bewoners gestart met een opleiding bij het ROC."),
            ("Social return in de aanbesteding", 60, "Adviesbureau Warmte & Wijk",
             "Concrete eisen werken beter dan een percentage van de aanneemsom."),
        ],
        "minutes": "Online. Aannemers en ROC schoven aan. Veel belangstelling voor voorbeeldteksten voor "
                   "aanbestedingen.",
        "outcomes": "- Voorbeeldteksten voor social return worden verzameld.",
        "registrations": {COORDINATOR: True, RESEARCHER: True, EDITOR: False},
        "actions": [("Voorbeeldteksten social return verzamelen", RESEARCHER, date(2021, 1, 31),
                     ActionStatus.CANCELLED)],
    },
    9: {
        "title": "Kennislab 9: Gezondheid en wonen aan de keukentafel",
        "location": "", "online_url": online(9),
        "themes": ["gezondheid", "wonen-zorg"],
        "agenda": [
            ("Vocht, kou en klachten: het keukentafelgesprek in Heechterp-Schieringen", 60, "Wijkteam Leeuwarden",
             "Energie en gezondheid komen samen ter sprake als het wijkteam en de energiecoach samen gaan."),
            ("Wat de GGD kan meten", 30, "Rob Onderzoeker",
             "Gezondheidsklachten door woningkwaliteit zijn lastig per buurt te volgen."),
        ],
        "minutes": "Online. Het wijkteam liet zien hoe energie en gezondheid in één gesprek passen.",
        "outcomes": "- Gezondheid is een sterke ingang om over isolatie te praten.",
        "registrations": {COORDINATOR: True, RESEARCHER: True},
        "actions": [],
    },
    10: {
        "title": "Kennislab 10: Groen, hitte en de straat die opengaat",
        "location": "", "online_url": online(10),
        "themes": ["klimaatadaptatie", "openbare-ruimte"],
        "agenda": [
            ("Ontwerpateliers in Woensel-West", 45, "Projectteam Woensel-West",
             "Bewoners kozen voor minder stenen en meer speelruimte."),
            ("Werk met werk maken: planning van warmtenet en riolering", 45, "Netbeheer West",
             "De planningen van netbeheerder en gemeente moeten twee jaar vooruit op elkaar worden gelegd."),
        ],
        "minutes": "Online. Levendige discussie over wie de meerkosten van een groenere straat betaalt.",
        "outcomes": "- Gezamenlijke meerjarenplanning van ondergrond en openbare ruimte aanbevolen.",
        "registrations": {COORDINATOR: True, EDITOR: True, READER: True},
        "actions": [],
    },
    11: {
        "title": "Kennislab 11: Wat werkt? Eerste oogst uit het actieonderzoek",
        "location": "Wijkcentrum Woensel-West, Eindhoven", "online_url": online(11),
        "themes": STANDING,
        "agenda": [
            ("Knelpunten, oplossingen, inzichten en lessen per experiment", 75, "Rob Onderzoeker",
             "De oogst is per vaste kennisvraag geordend."),
            ("Wat nemen we mee naar het slot?", 45, "Carla Coördinator",
             "Drie lessen kregen brede steun: begin bij vertrouwen, organiseer één loket, maak werk met werk."),
        ],
        "minutes": "Eerste bijeenkomst weer (deels) fysiek. De onderzoekers presenteerden de tussenoogst.",
        "outcomes": "- Tussenoogst actieonderzoek besproken en aangevuld.",
        "registrations": {COORDINATOR: True, RESEARCHER: True, EDITOR: True, READER: None},
        "actions": [("Tussenoogst aanvullen met de reacties uit het lab", RESEARCHER, date(2021, 10, 1),
                     ActionStatus.DONE)],
    },
    12: {
        "title": "Kennislab 12: Slotbijeenkomst – lessen voor de volgende wijkaanpak",
        "location": "Kennisinstituut Stad & Wijk, Utrecht", "online_url": online(12),
        "themes": STANDING,
        "agenda": [
            ("De oogst van drie jaar dubbelslag", 60, "Rob Onderzoeker",
             "De eindrapportage volgt in februari 2022."),
            ("Gesprek met gemeenten en corporaties: hoe verder na het programma?", 60, "Carla Coördinator",
             "Meerdere experimenten lopen door binnen de eigen wijkaanpak."),
        ],
        "minutes": "Hybride slotbijeenkomst. Terugblik op drie jaar, vooruitblik op de wijkaanpak na het "
                   "programma.",
        "outcomes": "- Lessen voor de eindrapportage vastgesteld.\n- Open vragen overgedragen aan de deelnemende "
                    "gemeenten.",
        "registrations": {COORDINATOR: True, RESEARCHER: True, EDITOR: True, READER: True},
        "actions": [("Eindrapportage opstellen", RESEARCHER, date(2022, 2, 28), ActionStatus.OPEN),
                    ("Open kennisvragen overdragen aan de gemeenten", COORDINATOR, date(2022, 1, 31),
                     ActionStatus.OPEN)],
    },
}

GROUPS = [
    {
        "name": "Sociaal eigenaarschap en bewonersparticipatie",
        "theme": "sociaal-eigenaarschap", "chair": EDITOR, "members": [COORDINATOR, RESEARCHER, READER],
        "description": "Hoe krijgen bewoners echt zeggenschap over plannen, proces en voorzieningen? De werkgroep "
                       "verzamelt voorbeelden van bewonerscoöperaties en overgedragen taken.",
        "meeting": {
            "starts_at": at(date(2020, 1, 23), 10), "ends_at": at(date(2020, 1, 23), 12),
            "location": "Bewonerscoöperatie Smitsveen, Soest", "online_url": "",
            "minutes": "Aanwezig: vijf leden.\n\n- Voorbeelden van overgedragen taken: energieloket, "
                       "klushulp, beheer van de buurtmoestuin.\n- Knelpunt: vrijwilligers raken overbelast als "
                       "professionele achtervang ontbreekt.\n- Afspraak: model voor taakoverdracht opstellen voor "
                       "Kennislab 5.",
        },
        "actions": [("Model voor taakoverdracht aan bewoners opstellen", EDITOR, date(2020, 2, 10),
                     ActionStatus.DONE)],
    },
    {
        "name": "Koppelkansen energiearmoede en schulden",
        "theme": "armoede-schulden", "chair": RESEARCHER, "members": [COORDINATOR, EDITOR],
        "description": "Energiecoaches, schuldhulp en wijkteams werken samen: hoe vinden en helpen we huishoudens met "
                       "een hoge energierekening en betalingsachterstanden?",
        "meeting": {
            "starts_at": at(date(2020, 9, 17), 14), "ends_at": at(date(2020, 9, 17), 16),
            "location": "", "online_url": "https://video.demo.dubbelslag.nl/werkgroep-energiearmoede",
            "minutes": "Online.\n\n- Doorverwijsroute tussen energiecoach en schuldhulpmaatje besproken.\n- Privacy: "
                       "signalen alleen doorgeven met toestemming van de bewoner.\n- De energietoeslag vraagt veel "
                       "papierwerk; fixers kunnen helpen bij de aanvraag.",
        },
        "actions": [("Toestemmingsformulier voor doorverwijzing opstellen", RESEARCHER, date(2020, 11, 1),
                     ActionStatus.OPEN)],
    },
]

DEEP_DIVE = {
    "topic": "Instemmingspercentage 70% bij renovatie",
    "presenter": "mr. Ingrid Bakker, advocaat huurrecht (fictief)",
    "starts_at": at(date(2020, 10, 8), 14), "ends_at": at(date(2020, 10, 8), 16),
    "location": "", "online_url": "https://video.demo.dubbelslag.nl/verdieping-instemming",
    "report": "Bij renovatie van een complex van ten minste tien huurwoningen geldt een voorstel als redelijk "
              "wanneer 70% of meer van de huurders ermee instemt (art. 7:220 BW). Wie niet reageert, telt niet mee "
              "als instemmer.\n\n- Een persoonlijk gesprek met elke huurder levert meer instemming op dan een "
              "bewonersavond.\n- Leg de gevolgen voor de woonlasten vooraf en schriftelijk uit.\n- Huurders die niet "
              "instemmen kunnen de rechter vragen of het voorstel redelijk is.",
    "actions": [("Handreiking 'instemming in gewone taal' delen met de corporaties", COORDINATOR,
                 date(2020, 11, 15), ActionStatus.DONE)],
}


# --- One Kennislab still to come ------------------------------------------------------------------------------------
# Every quarterly lab of the demo lies in the past; this single lab is planned some weeks after the day of seeding,
# so that after `make run` the coordinator's dashboard shows a next lab with an open agenda, and people can register.
UPCOMING_LAB = "upcoming"
UPCOMING = {
    "title": "Kennislab extra: wat blijft er na het programma?",
    "in_days": 24,
    "location": "Utrecht, Stadskantoor",
    "online_url": "https://video.demo.dubbelslag.nl/kennislab-extra",
    "agenda": [("Wat hebben we geleerd over bewonersparticipatie?", 60, "Programmateam"),
               ("Borging: wat nemen gemeenten en corporaties over?", 45, "")],
    "registrations": [EDITOR, READER],
}


# --- Knowledge questions -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QuestionSpec:
    title: str
    raised_by: str
    status: str
    raised_on: date
    progress_on: date
    experiment: str | None = None  # None: a question of the whole programme
    description: str = ""
    themes: tuple[str, ...] = ()
    priority: str = Priority.NORMAL
    lab: int | str | None = None  # a lab's number, or UPCOMING_LAB
    group: str | None = None
    deep_dive: bool = False
    started_by: str = COORDINATOR
    answer: str = ""
    merged_into: str = ""
    followers: tuple[str, ...] = ()


# The four standing questions of the programme (the themes of kind "standing question"), for the whole programme;
# the question's text is the theme's Dutch description.
STANDING_QUESTIONS = {
    "samenwerking-sociaal-fysiek-technisch": QuestionSpec(
        title="", raised_by=COORDINATOR, status=QuestionStatus.ANSWERED, raised_on=date(2019, 1, 15),
        progress_on=date(2021, 11, 11), priority=Priority.HIGH, lab=2, followers=(RESEARCHER, EDITOR),
        answer="Samenwerking ontstaat in de wijk, niet aan de vergadertafel: een gezamenlijke wijkschouw, één "
               "gedeelde wijkagenda en een wijkcoördinator met budget uit meer dan één domein. Zie de verslagen van "
               "Kennislab 2 en 11.",
    ),
    "koppelkansen": QuestionSpec(
        title="", raised_by=COORDINATOR, status=QuestionStatus.IN_PROGRESS, raised_on=date(2019, 1, 15),
        progress_on=date(2021, 8, 12), priority=Priority.HIGH, lab=3, followers=(RESEARCHER,),
    ),
    "draagvlak-betrokkenheid-vertrouwen": QuestionSpec(
        title="", raised_by=COORDINATOR, status=QuestionStatus.IN_PROGRESS, raised_on=date(2019, 1, 15),
        progress_on=date(2021, 8, 12), priority=Priority.HIGH, lab=4, followers=(EDITOR, READER),
    ),
    "sociaal-eigenaarschap": QuestionSpec(
        title="", raised_by=COORDINATOR, status=QuestionStatus.IN_PROGRESS, raised_on=date(2019, 1, 15),
        progress_on=date(2020, 1, 23), priority=Priority.HIGH,
        group="Sociaal eigenaarschap en bewonersparticipatie", started_by=EDITOR,
    ),
}

QUESTIONS = [
    QuestionSpec(
        title="Hoe bereiken we bewoners die niet naar de huiskamer komen?",
        experiment=PENDRECHT, raised_by=EDITOR, status=QuestionStatus.RAISED,
        raised_on=date(2021, 9, 20), progress_on=date(2021, 9, 20),
        description="In de huiskamer zien we vooral bewoners die we al kennen. Ouderen die alleen wonen en gezinnen "
                    "met schulden komen niet. Welke ingangen werken elders?",
        themes=("draagvlak-betrokkenheid-vertrouwen", "ontmoeting-eenzaamheid"),
    ),
    QuestionSpec(
        title="Waarom zien we steeds dezelfde bewoners in de huiskamer?",
        experiment=PENDRECHT, raised_by=READER, status=QuestionStatus.MERGED,
        raised_on=date(2021, 9, 27), progress_on=date(2021, 10, 4),
        merged_into="Hoe bereiken we bewoners die niet naar de huiskamer komen?",
    ),
    QuestionSpec(
        title="Mogen energiecoaches signalen over betalingsachterstanden doorgeven aan schuldhulp?",
        experiment=SMITSVEEN, raised_by=RESEARCHER, status=QuestionStatus.TRIAGED,
        raised_on=date(2021, 6, 2), progress_on=date(2021, 6, 21),
        description="De coaches zien bij het energiebezoek vaak aanmaningen liggen. Wat mag er met die signalen, "
                    "en wat is daarvoor nodig (toestemming, AVG)?",
        themes=("armoede-schulden",), priority=Priority.HIGH,
    ),
    QuestionSpec(
        title="Hoe vertalen we opgehaalde bewonersverhalen naar keuzes in het renovatieplan?",
        experiment=PALENSTEIN, raised_by=RESEARCHER, status=QuestionStatus.ASSIGNED,
        raised_on=date(2021, 8, 30), progress_on=date(2021, 9, 14),
        description="We hebben tientallen verhalen; de corporatie vraagt om een lijst met eisen. Hoe maak je die "
                    "vertaling zonder de verhalen tekort te doen?",
        themes=("draagvlak-betrokkenheid-vertrouwen", "taal-communicatie"), lab=12,
    ),
    QuestionSpec(
        title="Hoe combineren we een fixerbezoek met de aanvraag van energietoeslag zonder bewoners te overvragen?",
        experiment=BOUWLUST, raised_by=COORDINATOR, status=QuestionStatus.ASSIGNED,
        raised_on=date(2020, 8, 20), progress_on=date(2020, 9, 3),
        themes=("armoede-schulden", "werk"), group="Koppelkansen energiearmoede en schulden",
        followers=(RESEARCHER,),
    ),
    QuestionSpec(
        title="Hoe leggen we social return vast in de aanbesteding van het warmtenet?",
        experiment=OVERVECHT, raised_by=RESEARCHER, status=QuestionStatus.IN_PROGRESS,
        raised_on=date(2020, 9, 10), progress_on=date(2020, 11, 12),
        description="De gemeente wil dat bewoners met een uitkering meewerken aan de aanleg. Welke eisen kunnen in "
                    "de aanbesteding, en hoe houd je de aannemer eraan?",
        themes=("werk", "samenwerking-sociaal-fysiek-technisch"), lab=8,
    ),
    QuestionSpec(
        title="Welk instemmingspercentage geldt bij renovatie, en hoe tellen huurders die niet reageren?",
        experiment=PENDRECHT, raised_by=EDITOR, status=QuestionStatus.ANSWERED,
        raised_on=date(2020, 6, 15), progress_on=date(2020, 10, 8),
        themes=("draagvlak-betrokkenheid-vertrouwen",), priority=Priority.HIGH, deep_dive=True,
        followers=(READER,),
        answer="Een renovatievoorstel voor een complex van ten minste tien woningen geldt als redelijk als 70% of "
               "meer van de huurders instemt (art. 7:220 BW). Huurders die niet reageren tellen niet als instemmer. "
               "Zie het verslag van de verdiepingssessie voor de aanpak van de gesprekken.",
    ),
    QuestionSpec(
        title="Kunnen we de straat in één keer openbreken voor het warmtenet en voor klimaatadaptatie?",
        experiment=WOENSEL, raised_by=COORDINATOR, status=QuestionStatus.CLOSED,
        raised_on=date(2021, 3, 1), progress_on=date(2021, 7, 1),
        themes=("klimaatadaptatie", "openbare-ruimte"), lab=10,
        answer="Ja, mits de planningen van netbeheerder en gemeente minstens twee jaar vooruit op elkaar worden "
               "gelegd en de meerkosten van het groen vooraf zijn verdeeld. Zie de uitkomsten van Kennislab 10.",
    ),
    # On the agenda of the Kennislab still to come (UPCOMING), so the coordinator's next lab has an open agenda.
    QuestionSpec(
        title="Hoe houden we de huiskamers open als het programma is afgelopen?",
        experiment=PENDRECHT, raised_by=EDITOR, status=QuestionStatus.ASSIGNED,
        raised_on=date(2021, 11, 8), progress_on=date(2021, 11, 15), lab=UPCOMING_LAB,
        description="De huiskamer in Pendrecht draait op programmageld tot eind 2021. Wie betaalt daarna de ruimte "
                    "en de gastvrouwen, en wat kunnen corporatie en gemeente samen dragen?",
        themes=("draagvlak-betrokkenheid-vertrouwen",), followers=(EDITOR,),
    ),
]


# --- Loading ---------------------------------------------------------------------------------------------------


class Seeder:
    """Loads the data above into the demo programme; ``run`` returns what it created, per kind."""

    def __init__(self, programme: Programme):
        self.programme = programme
        self.users = {user.email: user for user in User.objects.filter(
            email__in=[COORDINATOR, RESEARCHER, EDITOR, READER])}
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.experiments = {experiment.title: experiment for experiment in programme.experiments.all()}
        self.created: dict[str, int] = {}

    def count(self, kind: str, number: int = 1) -> None:
        self.created[kind] = self.created.get(kind, 0) + number

    def run(self) -> dict[str, int]:
        # The demo's addresses are invented: never e-mail them, whatever backend is configured.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            labs = self.labs()
            groups = {spec["name"]: self.group(spec) for spec in GROUPS}
            deep_dive = self.deep_dive()
            for spec in [*self.standing_questions(), *QUESTIONS]:
                self.question(spec, labs=labs, groups=groups, deep_dive=deep_dive)
        return self.created

    # sessions

    def labs(self) -> dict[int, KnowledgeLab]:
        self.count("labs", len(sessions.plan_lab_series(self.programme, by=None)))
        labs = {lab.number: lab for lab in self.programme.labs.all()}
        for number, spec in LABS.items():
            lab = labs.get(number)
            if lab is None:
                continue
            if not lab.minutes:
                labs[number] = lab = sessions.update_lab(
                    lab, by=None, version=lab.version, title=spec["title"], location=spec["location"],
                    online_url=spec["online_url"], minutes=spec["minutes"], outcomes=spec["outcomes"],
                    themes=[self.themes[slug] for slug in spec["themes"] if slug in self.themes])
            for order, (title, minutes, presenter, outcome) in enumerate(spec["agenda"], start=1):
                if not lab.agenda_items.filter(title=title).exists():
                    sessions.create_agenda_item(lab, by=None, title=title, order=order, duration_minutes=minutes,
                                                presenter=presenter, outcome=outcome)
                    self.count("agenda items")
            self.registrations(lab, spec["registrations"])
            for action in spec["actions"]:
                self.action(action, lab=lab)
        labs[UPCOMING_LAB] = self.upcoming_lab()
        return labs

    def upcoming_lab(self) -> KnowledgeLab:
        """The single lab still to come (``UPCOMING``), planned once, relative to the first day of seeding."""
        lab = KnowledgeLab.objects.filter(programme=self.programme, title=UPCOMING["title"]).first()
        if lab is None:
            day = timezone.localdate() + timedelta(days=UPCOMING["in_days"])
            lab = sessions.create_lab(self.programme, by=None, title=UPCOMING["title"], starts_at=at(day, 13, 30),
                                      ends_at=at(day, 17), location=UPCOMING["location"],
                                      online_url=UPCOMING["online_url"])
            self.count("labs")
        for order, (title, minutes, presenter) in enumerate(UPCOMING["agenda"], start=1):
            if not lab.agenda_items.filter(title=title).exists():
                sessions.create_agenda_item(lab, by=None, title=title, order=10 * order, duration_minutes=minutes,
                                            presenter=presenter)
                self.count("agenda items")
        if not (lab.is_past or lab.is_cancelled):
            for email in UPCOMING["registrations"]:
                user = self.users.get(email)
                if user is not None and not Registration.objects.filter(lab=lab, user=user).exists():
                    sessions.register_for_lab(lab, user=user)
                    self.count("registrations")
        return lab

    def registrations(self, lab: KnowledgeLab, attendance: dict[str, bool | None]) -> None:
        """``register_for_lab`` refuses labs that took place, and every demo lab did: the registrations are written
        here as that service writes them, then attendance goes through ``record_attendance``."""
        changes = {}
        for email, attended in attendance.items():
            user = self.users.get(email)
            if user is None:
                continue
            registration = Registration.objects.filter(lab=lab, user=user).first()
            if registration is None:
                registration = Registration.objects.create(lab=lab, user=user)
                audit.record_create(registration, by=None, fields=["user"], parent=lab)
                self.count("registrations")
            if registration.attended is not attended:
                changes[registration.pk] = attended
        if changes:
            sessions.record_attendance(lab, by=None, attendance=changes)

    def action(self, spec, **session) -> None:
        title, owner_email, due_date, status = spec
        owner = self.users.get(owner_email)
        if owner is None or Action.objects.filter(programme=self.programme, title=title).exists():
            return
        action = sessions.create_action(by=None, title=title, owner=owner, due_date=due_date, **session)
        if status != ActionStatus.OPEN:
            sessions.set_action_status(action, by=None, status=status)
        self.count("actions")

    def group(self, spec) -> WorkingGroup:
        group = WorkingGroup.objects.filter(programme=self.programme, name=spec["name"]).first()
        if group is None:
            group = sessions.create_working_group(
                self.programme, by=None, name=spec["name"], description=spec["description"],
                theme=self.themes.get(spec["theme"]), chair=self.users.get(spec["chair"]),
                members=[self.users[email] for email in spec["members"] if email in self.users])
            self.count("working groups")
        meeting = group.meetings.first()
        if meeting is None:
            meeting = sessions.create_meeting(group, by=None, **spec["meeting"])
            self.count("meetings")
        for action in spec["actions"]:
            self.action(action, meeting=meeting)
        return group

    def deep_dive(self) -> DeepDive:
        spec = {key: value for key, value in DEEP_DIVE.items() if key != "actions"}
        deep_dive = DeepDive.objects.filter(programme=self.programme, topic=spec["topic"]).first()
        if deep_dive is None:
            deep_dive = sessions.create_deep_dive(self.programme, by=None, **spec)
            self.count("deep dives")
        for action in DEEP_DIVE["actions"]:
            self.action(action, deep_dive=deep_dive)
        return deep_dive

    # questions

    def standing_questions(self) -> list[QuestionSpec]:
        specs = []
        for theme in Theme.objects.filter(kind=ThemeKind.STANDING_QUESTION, slug__in=STANDING_QUESTIONS):
            specs.append(replace(STANDING_QUESTIONS[theme.slug], title=theme.description_nl or theme.name_nl,
                                 themes=(theme.slug,)))
        return specs

    def question(self, spec: QuestionSpec, *, labs, groups, deep_dive) -> None:
        """Raise the question and walk it through the lifecycle to its demo status, each step by the person who
        would take it."""
        if KnowledgeQuestion.objects.filter(programme=self.programme, title=spec.title).exists():
            return
        experiment = self.experiments.get(spec.experiment) if spec.experiment else None
        raiser = self.users.get(spec.raised_by)
        if (spec.experiment and experiment is None) or raiser is None:
            return
        coordinator = self.users.get(COORDINATOR)
        services = question_services
        question = services.raise_question(
            programme=self.programme, by=raiser, title=spec.title, description=spec.description,
            experiment=experiment, themes=[self.themes[slug] for slug in spec.themes if slug in self.themes])
        for email in spec.followers:
            if email in self.users:
                services.follow_question(question, user=self.users[email])
        if spec.status == QuestionStatus.MERGED:
            into = KnowledgeQuestion.objects.get(programme=self.programme, title=spec.merged_into)
            services.merge_question(question, into=into, by=coordinator)
        elif spec.status != QuestionStatus.RAISED:
            services.triage_question(question, by=coordinator, themes=list(question.themes.all()),
                                     priority=spec.priority)
            target = {}
            if spec.lab and spec.lab in labs:
                target = {"lab": labs[spec.lab]}
            elif spec.group:
                target = {"group": groups[spec.group]}
            elif spec.deep_dive:
                target = {"deep_dive": deep_dive}
            if target and spec.status != QuestionStatus.TRIAGED:
                services.assign_question(question, by=coordinator, **target)
                if spec.status == QuestionStatus.IN_PROGRESS:
                    services.start_question(question, by=self.users.get(spec.started_by, coordinator))
                if spec.status in (QuestionStatus.ANSWERED, QuestionStatus.CLOSED):
                    services.answer_question(question, by=coordinator, summary=spec.answer)
                if spec.status == QuestionStatus.CLOSED:
                    services.close_question(question, by=coordinator)
        # The story's dates rather than today's (the audit trail keeps today's: it is append-only).
        dates = {"raised_at": at(spec.raised_on, 10), "last_progress_at": at(spec.progress_on, 17)}
        if spec.status in (QuestionStatus.ANSWERED, QuestionStatus.CLOSED):
            dates["answered_at"] = at(spec.progress_on, 17)
        KnowledgeQuestion.objects.filter(pk=question.pk).update(**dates)
        self.count("questions")


def seed_demo_labs() -> dict[str, int] | None:
    """Load the demo programme's sessions and questions; None when there is no demo programme (run ``seed_demo``)."""
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG, is_demo=True).first()
    if programme is None:
        return None
    return Seeder(programme).run()

