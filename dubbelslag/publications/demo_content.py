"""The demo programme's knowledge products as data; ``demo.py`` writes them through the workflow services.

Five products, built on the harvest records of the research demo (``research/demo_content.py``):

- a best-practice description of the Huiskamer Aardgasvrij Pendrecht, every section filled, in Dutch and English,
  with two figures from the shipped open data (published);
- a factsheet on the energy fixers of Bouwlust (published, in two versions: the second corrects the first);
- an inspiration example on the consent card of Smitsveen (published);
- a guide on opening the street once in Woensel-West (in review, with a reviewer's comment on one section);
- a factsheet on the kitchen-table visits in Heechterp (draft; it cites records that are validated but not public,
  so its publish checklist shows what blocks it).

Texts cite records by a key, ``[@portemonnee]``; the seeder replaces it with the record's marker ``[@R<pk>]``.
Figures are numbered in the order of ``figures``; a figure whose data is not loaded is left out, its marker line
with it. Places follow the demo programme; the texts are invented and name no residents: people appear by their role.
"""

from dataclasses import dataclass, field

from dubbelslag.research.demo_content import BOUWLUST, HEECHTERP, PENDRECHT, SMITSVEEN, WOENSEL
from dubbelslag.research.enums import EvidenceLevel

from .enums import ProductType, ProjectStatus, SectionKey, VersionStatus

COORDINATOR = "coordinator@demo.dubbelslag.nl"
RESEARCHER = "onderzoeker@demo.dubbelslag.nl"

# Citation keys → harvest record titles (research demo). The published products cite published records only.
RECORDS = {
    "huiskamer": "Een laagdrempelige plek maakt geldzorgen bespreekbaar",
    "portemonnee": "Begin het warmtegesprek bij de portemonnee, niet bij de techniek",
    "toestemming": "Toestemming vragen aan de keukentafel werkt beter dan achteraf",
    "privacy": "Regel de privacy vooraf, dan durven coaches door te verwijzen",
    "toeslag": "De aanvraag van energietoeslag schrikt bewoners af",
    "fixer_deur": "Een fixer uit de buurt krijgt de deur open waar een professional dicht blijft",
    "fixer_werk": "Zet mensen uit de wijk in als fixer en betaal ze: bereik en werk in één",
    "planningen": "Leg de planningen twee jaar vooruit op elkaar en verdeel de meerkosten vooraf",
    # Validated, shared within the programme, not public: only the draft cites these.
    "vocht": "Vocht en kou zijn een gezondheidsvraag, niet alleen een energievraag",
    "vertrouwd_gezicht": "Eén vertrouwd gezicht aan de keukentafel, de ander op verzoek",
}

# A knowledge question: ("question", its title) or ("standing", the theme slug of a standing one).
DRAAGVLAK = ("standing", "draagvlak-betrokkenheid-vertrouwen")
KOPPELKANSEN = ("standing", "koppelkansen")
SAMENWERKING = ("standing", "samenwerking-sociaal-fysiek-technisch")


@dataclass(frozen=True)
class FigureSpec:
    area: str  # CBS code
    boundary_year: int
    indicator: str
    period: str
    caption_nl: str
    caption_en: str = ""


@dataclass(frozen=True)
class CommentSpec:
    section_key: str
    author: str
    text: str


@dataclass(frozen=True)
class RevisionSpec:
    """A second version, published after the first: what changed and the sections it rewrites."""

    change_note: str
    sections: dict[str, tuple[str, str]]


@dataclass(frozen=True)
class ProductSpec:
    slug: str
    product_type: str
    status: str  # where the demo leaves it: published, in_review or draft
    title_nl: str
    subtitle_nl: str
    lead_nl: str
    authors: str
    sections: dict[str, tuple[str, str]]  # section key → (Dutch, English)
    title_en: str = ""
    subtitle_en: str = ""
    lead_en: str = ""
    at_a_glance: dict = field(default_factory=dict)
    themes: tuple[str, ...] = ()
    koppelkansen: tuple[str, ...] = ()
    knowledge_questions: tuple[tuple[str, str], ...] = ()
    experiments: tuple[str, ...] = ()
    areas: tuple[tuple[str, int], ...] = ()  # (CBS code, boundary year)
    evidence_level: str = ""
    figures: tuple[FigureSpec, ...] = ()
    comments: tuple[CommentSpec, ...] = ()
    revision: RevisionSpec | None = None
    created_by: str = RESEARCHER


S = SectionKey

# --- Best practice: Huiskamer Aardgasvrij Pendrecht ---------------------------------------------------------------

PENDRECHT_SECTIONS = {
    S.CONTEXT: (
        "Pendrecht ligt in Rotterdam-Zuid, in het stadsdeel Charlois. De wijk werd in de jaren vijftig gebouwd "
        "volgens de wijkgedachte: 'stempels' van portiekflats en laagbouw rond gemeenschappelijke binnenhoven, met "
        "voorzieningen op loopafstand. Het grootste deel van de woningen is van de corporatie. Veel bewoners wonen er "
        "al tientallen jaren; daarnaast komen er nieuwkomers en jonge gezinnen bij.\n\n"
        "**De energieopgave.** In 2021 werd nog ruim acht op de tien woningen in de buurt op aardgas verwarmd, de "
        "meeste met een eigen cv-ketel. Een deel van de portiekflats heeft blokverwarming: één ketelhuis voor een "
        "heel blok, wat een collectieve overstap naar het warmtenet eenvoudiger maakt dan woning voor woning.\n\n"
        "[[figuur 1]]\n\n"
        "De gemeente wijst Pendrecht in haar warmteplannen aan als een van de eerste wijken die op het warmtenet "
        "aansluiten. De corporatie wil de aansluiting van 1.200 woningen combineren met groot onderhoud, zodat "
        "bewoners één keer overlast hebben in plaats van twee keer.\n\n"
        "**De sociale opgave.** In Rotterdam als geheel leeft ruim een op de acht huishoudens van een inkomen onder "
        "of rond het sociaal minimum; in Pendrecht ligt dat aandeel hoger. De energierekening is voor veel "
        "huishoudens een bron van zorg, eenzaamheid onder ouderen is een bekend probleem, en na eerdere renovaties "
        "die anders liepen dan beloofd is het vertrouwen in gemeente en corporatie laag.\n\n"
        "[[figuur 2]]",
        "Pendrecht lies in the south of Rotterdam, in the Charlois district. It was built in the 1950s on the "
        "'neighbourhood idea': 'stamps' of walk-up flats and low-rise homes around shared courtyards, with shops and "
        "services within walking distance. Most homes belong to the housing association. Many residents have lived "
        "there for decades, alongside newcomers and young families.\n\n"
        "**The energy task.** In 2021 more than eight in ten homes in the buurt were still heated with natural gas, "
        "most with their own boiler. Some of the walk-up blocks have block heating: one boiler house for a whole "
        "block, which makes a collective switch to the heat network simpler than going home by home.\n\n"
        "[[figure 1]]\n\n"
        "The municipality's heat plans name Pendrecht as one of the first neighbourhoods to connect to the heat "
        "network. The housing association wants to connect 1,200 homes together with major maintenance, so that "
        "residents face the disruption once rather than twice.\n\n"
        "**The social task.** Across Rotterdam, more than one household in eight lives on an income at or around the "
        "social minimum; in Pendrecht the share is higher. The energy bill worries many households, loneliness among "
        "older residents is a known problem, and after earlier renovations that did not go as promised, trust in the "
        "municipality and the housing association is low.\n\n"
        "[[figure 2]]",
    ),
    S.QUESTION: (
        "De eerste bewonersavonden over het warmtenet trokken steeds dezelfde, goed geïnformeerde bewoners. De "
        "huishoudens die het meest te winnen hebben bij lagere woonlasten, kwamen niet. Tegelijk zagen de "
        "energiecoaches van de welzijnsorganisatie bij hun huisbezoeken dat vragen over de energierekening vaak "
        "samengaan met betalingsachterstanden, die nergens anders boven tafel kwamen.\n\n"
        "Gemeente, corporatie, welzijnsorganisatie en bewonersplatform spraken daarom af om niet nóg een "
        "informatieavond te organiseren, maar een vaste plek in de wijk te openen: een huiskamer waar bewoners "
        "binnenlopen voor koffie, een boek of een vraag, en waar het gesprek over het warmtenet kan groeien.\n\n"
        "Het experiment draagt bij aan de vaste kennisvraag van het programma over draagvlak, betrokkenheid en "
        "vertrouwen, en aan de vraag uit het Kennislab: *hoe bereiken we bewoners die niet naar de huiskamer komen?* "
        "Voor de huiskamer zelf luidden de leervragen: wie bereikt de huiskamer, en wie niet? Wat heeft een bewoner "
        "nodig om mee te denken over het warmtenet? En hoe vaak leidt een energievraag tot een doorverwijzing naar "
        "schuldhulp of welzijn?",
        "The first residents' evenings on the heat network kept drawing the same, well-informed residents. The "
        "households with most to gain from lower housing costs did not come. At the same time, the welfare "
        "organisation's energy coaches saw on their home visits that questions about the energy bill often go "
        "together with payment arrears that surfaced nowhere else.\n\n"
        "The municipality, the housing association, the welfare organisation and the residents' platform therefore "
        "agreed not to organise yet another information evening, but to open a permanent place in the neighbourhood: "
        "a living room where residents drop in for coffee, a book or a question, and where the conversation about the "
        "heat network can grow.\n\n"
        "The experiment contributes to the programme's standing knowledge question on support, involvement and trust, "
        "and to the question raised in the Kennislab: *how do we reach residents who do not come to the living room?* "
        "For the living room itself the learning questions were: who does it reach, and who not? What does a resident "
        "need to think along about the heat network? And how often does an energy question lead to a referral to debt "
        "counselling or welfare services?",
    ),
    S.APPROACH: (
        "De huiskamer zit in een leeggekomen benedenwoning van een portiekflat, die de corporatie huurvrij ter "
        "beschikking stelt. Ze is drie middagen per week open: maandag, dinsdag en donderdag van 13.00 tot 16.30 "
        "uur.\n\n"
        "**Wie doet wat**\n\n"
        "- *Energiecoaches* van de welzijnsorganisatie ontvangen bewoners, kijken mee naar de energierekening, geven "
        "bespaartips en verwijzen door naar schuldhulp en energietoeslag.\n"
        "- *Een medewerker van de corporatie* is op dinsdag aanwezig voor vragen over onderhoud, huur en de plannen "
        "voor het warmtenet.\n"
        "- *Vrijwilligers van het bewonersplatform* zetten koffie, beheren de boekenkast en nodigen buren uit.\n"
        "- *De gemeente* trekt het experiment, betaalt de coaches en organiseert de bewonersavonden.\n"
        "- *De netbeheerder* schuift aan als het over de techniek gaat.\n\n"
        "**Hoe bewoners meedoen.** In de huiskamer bepalen bewoners het onderwerp. Het warmtenet komt ter sprake "
        "als zij dat willen; de coaches beginnen bij wat de bewoner bezighoudt, meestal de rekening. Eens per "
        "kwartaal is er een bewonersavond over het warmtenet, voorbereid met vaste bezoekers van de huiskamer. Op "
        "de participatieladder is dat *meedenken*: bewoners geven richting aan de voorwaarden van de overstap, niet "
        "aan de keuze voor het warmtenet zelf.\n\n"
        "**Koppelkansen.** De huiskamer combineert drie koppelkansen uit de catalogus: de huiskamer als energieloket "
        "en ontmoetingsplek, energiecoaches en schuldhulp die naar elkaar verwijzen, en inkomensondersteuning via het "
        "contact over energie.\n\n"
        "**Leren onderweg.** Het team houdt bij wie er komt en waarvoor, schrijft na elke bewonersavond een verslag "
        "en reflecteert elk halfjaar in een actieonderzoekscyclus met de onderzoeker van het programma.",
        "The living room is in a vacant ground-floor flat in a walk-up block, made available rent-free by the housing "
        "association. It is open three afternoons a week: Monday, Tuesday and Thursday from 1 to 4.30 pm.\n\n"
        "**Who does what**\n\n"
        "- *Energy coaches* from the welfare organisation welcome residents, go through the energy bill with them, "
        "give saving tips and refer them to debt counselling and the energy allowance.\n"
        "- *A housing association employee* is there on Tuesdays for questions about maintenance, rent and the heat "
        "network plans.\n"
        "- *Volunteers from the residents' platform* make coffee, look after the bookcase and invite neighbours.\n"
        "- *The municipality* leads the experiment, pays the coaches and organises the residents' evenings.\n"
        "- *The grid operator* joins when the conversation turns to the technology.\n\n"
        "**How residents take part.** In the living room, residents choose the subject. The heat network comes up "
        "when they want it to; the coaches start from what is on the resident's mind, usually the bill. Once a "
        "quarter there is a residents' evening on the heat network, prepared with regular visitors of the living "
        "room. On the participation ladder this is *advising*: residents shape the conditions of the switch, not the "
        "choice of the heat network itself.\n\n"
        "**Coupling opportunities.** The living room combines three coupling opportunities from the catalogue: the "
        "living room as energy desk and meeting place, energy coaches and debt counselling referring to each other, "
        "and income support through the contact about energy.\n\n"
        "**Learning along the way.** The team records who comes and why, writes a report after every residents' "
        "evening and reflects every six months in an action research cycle with the programme's researcher.",
    ),
    S.RESULTS: (
        "**Bereik.** In de eerste maand telde de huiskamer 287 bezoeken van ongeveer 90 verschillende bewoners. In "
        "het eerste halfjaar kwamen er gemiddeld 23 bezoekers per middag, en twee op de drie bezoekers kwamen terug. "
        "De meeste bezoekers zijn vrouwen tussen 50 en 75 jaar; jongeren en gezinnen met jonge kinderen komen "
        "weinig.\n\n**Van energievraag naar hulp.** In vijf maanden volgden zeven doorverwijzingen naar schuldhulp, "
        "waarvan vijf begonnen met een vraag over de energierekening. Bewoners die bij een loket niet zouden "
        "aankloppen, lopen wel binnen in een huiskamer in hun eigen flat; daar komen geldzorgen op tafel "
        "[@huiskamer].\n\n**Het gesprek over het warmtenet.** Op de bewonersavond over het warmtenet waren ongeveer "
        "45 bewoners. Het eerste driekwart uur ging over huur en kosten; pas toen de corporatie toezegde dat de huur "
        "niet stijgt, ging het over de techniek. De corporatie heeft die woonlastengarantie daarna op papier gezet, "
        "in gewone taal [@portemonnee].\n\n"
        "**Voor bewoners.** Wat bewoners zelf noemen: ze weten waar ze terechtkunnen, kennen de coaches bij naam en "
        "hebben minder angst voor post van de energieleverancier. Enkele vaste bezoekers helpen inmiddels zelf mee "
        "met de koffie.\n\n"
        "*Wat we (nog) niet weten:* of de huiskamer de instemming met het warmtenet verhoogt. De aansluitingen "
        "beginnen pas na de looptijd van het experiment.",
        "**Reach.** In its first month the living room counted 287 visits from about 90 different residents. In the "
        "first six months it averaged 23 visitors per afternoon, and two in three visitors came back. Most visitors "
        "are women between 50 and 75; young people and families with young children rarely come.\n\n"
        "**From an energy question to help.** In five months there were seven referrals to debt counselling, five of "
        "which began with a question about the energy bill. Residents who would not go to a municipal desk do walk "
        "into a living room in their own block; that is where money worries come up [@huiskamer].\n\n"
        "**The heat network conversation.** About 45 residents came to the residents' evening on the heat network. "
        "The first three quarters of an hour were about rent and costs; only when the housing association promised "
        "that the rent would not rise did the conversation turn to the technology. The housing association then put "
        "that housing cost guarantee on paper, in plain language [@portemonnee].\n\n"
        "**For residents.** What residents themselves mention: they know where to go, know the coaches by name and "
        "are less afraid of letters from the energy company. Some regular visitors now help with the coffee.\n\n"
        "*What we do not (yet) know:* whether the living room raises consent for the heat network. The connections "
        "only start after the experiment ends.",
    ),
    S.WHAT_WORKED: (
        "Samengevat als werkzaam mechanisme: *in een wijk met weinig vertrouwen in instanties (context) biedt een "
        "vaste, informele plek in de eigen flat met vaste gezichten (middel) bewoners de gelegenheid om zonder "
        "drempel een vraag over hun rekening te stellen (mechanisme), waardoor geldzorgen eerder op tafel komen, "
        "doorverwijzing volgt en het gesprek over het warmtenet op gang komt (uitkomst).*\n\n"
        "1. **Begin bij de portemonnee.** Bewoners denken pas mee over het warmtenet als duidelijk is wat het voor "
        "hun woonlasten betekent. Een woonlastengarantie op papier, in gewone taal, maakte de weg vrij voor het "
        "gesprek over de techniek [@portemonnee].\n"
        "2. **Eerst koffie, dan de vraag.** De meeste bezoekers komen voor de koffie en blijven voor hun "
        "energierekening. Wie wekenlang alleen koffie komt drinken, legt op een dag een brief op tafel "
        "[@huiskamer].\n"
        "3. **Vaste gezichten uit de buurt.** Bewoners laten een bekende eerder toe dan een onbekende professional; "
        "dat zien ook de energiefixers in Bouwlust [@fixer_deur]. In de huiskamer zijn dat de vrijwilligers van het "
        "bewonersplatform en steeds dezelfde coaches.\n"
        "4. **Toestemming vooraf regelen.** Doorverwijzen naar schuldhulp lukte pas goed toen de coaches een "
        "eenvoudige manier hadden om toestemming te vragen en vast te leggen, naar het voorbeeld van het "
        "toestemmingskaartje in Smitsveen [@toestemming].",
        "Summed up as a working mechanism: *in a neighbourhood with little trust in institutions (context), a "
        "permanent, informal place in one's own block with familiar faces (resource) lets residents ask about their "
        "bill without a threshold (mechanism), so that money worries surface earlier, referrals follow and the "
        "conversation about the heat network gets going (outcome).*\n\n"
        "1. **Start with the wallet.** Residents only think along about the heat network once it is clear what it "
        "means for their housing costs. A written housing cost guarantee, in plain language, opened the way to the "
        "conversation about the technology [@portemonnee].\n"
        "2. **Coffee first, then the question.** Most visitors come for the coffee and stay for their energy bill. "
        "Someone who comes only for coffee for weeks one day puts a letter on the table [@huiskamer].\n"
        "3. **Familiar faces from the neighbourhood.** Residents let in someone they know sooner than an unknown "
        "professional; the energy fixers in Bouwlust see the same [@fixer_deur]. In the living room these are the "
        "volunteers of the residents' platform and the same coaches every time.\n"
        "4. **Arrange consent in advance.** Referring to debt counselling only worked well once the coaches had a "
        "simple way to ask for and record consent, after the example of the consent card in Smitsveen "
        "[@toestemming].",
    ),
    S.WHAT_DID_NOT: (
        "- **Wie niet komt, blijft buiten beeld.** Alleenstaande ouderen die slecht ter been zijn en gezinnen met "
        "jonge kinderen bereikt de huiskamer nauwelijks. Juist huishoudens met betalingsachterstanden ontbraken ook "
        "op de bewonersavond. Het team gaat daarom met de corporatie de portieken langs met een persoonlijke "
        "uitnodiging.\n"
        "- **Het warmtenet als eerste onderwerp werkt niet.** De eerste bewonersavond begon met een technische "
        "presentatie; de zaal wilde het over de huur hebben. Draai de volgorde om.\n"
        "- **Onduidelijkheid over privacy remt.** Coaches zagen aanmaningen op tafel maar wisten niet of ze dat "
        "mochten doorgeven. Regel vóór de eerste huisbezoeken hoe toestemming wordt gevraagd en vastgelegd "
        "[@privacy].\n- **Wisselende gezichten van de corporatie.** Drie verschillende medewerkers in een halfjaar "
        "kostten vertrouwen; bewoners moesten hun verhaal steeds opnieuw doen.\n"
        "- **Tellen is niet meten.** Bezoekersaantallen zeggen weinig over wat er voor bewoners verandert. Het team "
        "legt daarom ook doorverwijzingen vast en verzamelt verhalen over verandering.",
        "- **Those who do not come stay out of sight.** The living room hardly reaches older residents living alone "
        "with limited mobility, or families with young children. Households with payment arrears were also missing "
        "from the residents' evening. The team is therefore going door to door with the housing association with a "
        "personal invitation.\n"
        "- **The heat network as the first subject does not work.** The first residents' evening opened with a "
        "technical presentation; the room wanted to talk about the rent. Reverse the order.\n"
        "- **Uncertainty about privacy holds people back.** Coaches saw reminders on the table but did not know "
        "whether they could pass that on. Agree before the first home visits how consent is asked for and recorded "
        "[@privacy].\n"
        "- **Changing faces at the housing association.** Three different employees in six months cost trust; "
        "residents had to tell their story again each time.\n"
        "- **Counting is not measuring.** Visitor numbers say little about what changes for residents. The team "
        "therefore also records referrals and collects stories of change.",
    ),
    S.CONDITIONS: (
        "- **Ruimte:** een woning of ruimte in de flat zelf, huurvrij, voor minstens drie jaar. Een ruimte in het "
        "buurthuis verderop trekt een ander publiek.\n"
        "- **Geld en capaciteit:** twee energiecoaches voor samen 24 uur per week, een budget voor koffie en "
        "inrichting, en tijd van de corporatie (een vaste medewerker, één middag per week).\n"
        "- **Sturing:** een kleine stuurgroep van gemeente, corporatie, welzijnsorganisatie en bewonersplatform die "
        "elk kwartaal bijstuurt, met de vaste bezoekers als klankbord.\n"
        "- **Afspraken over gegevens:** een werkwijze voor toestemming en doorverwijzing, afgestemd met de "
        "functionaris gegevensbescherming; geen persoonsgegevens in de bezoekersregistratie.\n"
        "- **Verbinding met schuldhulp:** een vaste contactpersoon bij de schuldhulp van de gemeente die binnen een "
        "week terugbelt.\n"
        "- **Bestuurlijke dekking:** de woonlastengarantie vraagt een besluit van het bestuur van de corporatie; "
        "regel dat voordat de eerste bewonersavond over het warmtenet plaatsvindt.",
        "- **Space:** a flat or room in the block itself, rent-free, for at least three years. A room in the "
        "community centre further away draws a different crowd.\n"
        "- **Money and capacity:** two energy coaches for 24 hours a week together, a budget for coffee and "
        "furnishing, and housing association time (one regular employee, one afternoon a week).\n"
        "- **Steering:** a small steering group of municipality, housing association, welfare organisation and "
        "residents' platform that adjusts course every quarter, with the regular visitors as a sounding board.\n"
        "- **Agreements on data:** a way of working for consent and referral, agreed with the data protection "
        "officer; no personal data in the visitor records.\n"
        "- **A link with debt counselling:** a named contact at the municipality's debt counselling service who calls "
        "back within a week.\n"
        "- **Board-level backing:** the housing cost guarantee needs a decision by the housing association's board; "
        "arrange that before the first residents' evening on the heat network.",
    ),
    S.TRANSFERABILITY: (
        "De aanpak past vooral in naoorlogse wijken met veel sociale huur, een collectieve warmteoplossing in het "
        "vooruitzicht en een hoog aandeel huishoudens met een laag inkomen. Wie zulke wijken zoekt, kan in de "
        "Dubbelslag-scan filteren op het aandeel huurwoningen, het aandeel huishoudens rond het sociaal minimum en "
        "het aandeel woningen op aardgas.\n\n"
        "**Wat je aanpast:**\n\n"
        "- *Waar eigenaar-bewoners de meerderheid vormen*, verschuift het gesprek van de huur naar de investering; "
        "combineer de huiskamer dan met hulp voor kwetsbare eigenaar-bewoners.\n"
        "- *In wijken met veel talen* zijn coaches nodig die de talen van de wijk spreken, of een koppeling met de "
        "taallessen in het buurthuis.\n"
        "- *In dorpen en kleine kernen* is een vaste plek drie middagen per week te veel; een wekelijkse inloop in "
        "het dorpshuis of de bibliotheek kan hetzelfde doen.\n"
        "- *Zonder collectieve warmteplannen* werkt de huiskamer nog steeds als vindplaats voor geldzorgen, maar "
        "mist ze het concrete gesprek over de overstap.",
        "The approach fits best in post-war neighbourhoods with a lot of social rented housing, a collective heat "
        "solution in prospect and a high share of low-income households. To find such neighbourhoods, filter the "
        "Dubbelslag scan on the share of rented homes, the share of households around the social minimum and the "
        "share of homes heated with gas.\n\n"
        "**What to adapt:**\n\n"
        "- *Where owner-occupiers are the majority*, the conversation shifts from rent to investment; combine the "
        "living room with support for vulnerable owner-occupiers.\n"
        "- *In neighbourhoods with many languages*, you need coaches who speak the neighbourhood's languages, or a "
        "link with the language classes in the community centre.\n"
        "- *In villages and small towns*, a permanent place three afternoons a week is too much; a weekly drop-in at "
        "the village hall or the library can do the same.\n"
        "- *Without collective heat plans*, the living room still works as a place where money worries surface, but "
        "it lacks the concrete conversation about the switch.",
    ),
    S.STORIES: (
        "**Een brief op tafel.** Een bewoonster van rond de zeventig kwam wekenlang alleen voor de koffie. Op een "
        "middag legde ze een ongeopende brief van haar energiemaatschappij op tafel. Samen met de energiecoach las ze "
        "hem: een naheffing die ze niet kon betalen. Via de huiskamer kwam ze bij de schuldhulp; een maand later "
        "hielp ze zelf mee met de koffie. Dit verhaal, opgetekend door de energiecoach, werd in het Kennislab gekozen "
        "omdat het laat zien dat de huiskamer bewoners bereikt die het loket niet bereikt, en dat hulp vragen tijd "
        "kost [@huiskamer].\n\n"
        "> Mensen komen niet voor het warmtenet. Ze komen omdat het hier warm en gezellig is, en dan vragen ze of ik "
        "even naar hun rekening wil kijken.\n\n"
        "— een energiecoach van de welzijnsorganisatie (citaat met toestemming voor publicatie)\n\n"
        "> Op de bewonersavond hoorde ik pas wat bewoners echt bezighield. Dat hadden we veel eerder moeten "
        "vragen.\n\n— een medewerker van de corporatie (citaat met toestemming voor publicatie)",
        "**A letter on the table.** A resident of around seventy came only for coffee for weeks. One afternoon she "
        "put an unopened letter from her energy company on the table. She read it together with the energy coach: a "
        "back-payment she could not afford. Through the living room she found her way to debt counselling; a month "
        "later she was helping with the coffee herself. This story, written down by the energy coach, was chosen in "
        "the Kennislab because it shows that the living room reaches residents the municipal desk does not, and that "
        "asking for help takes time [@huiskamer].\n\n"
        "> People don't come for the heat network. They come because it is warm and cosy here, and then they ask "
        "whether I could have a look at their bill.\n\n"
        "— an energy coach from the welfare organisation (quoted with consent for publication)\n\n"
        "> Only at the residents' evening did I hear what really mattered to residents. We should have asked much "
        "sooner.\n\n"
        "— a housing association employee (quoted with consent for publication)",
    ),
    S.SOURCES: (
        "- Koppelkansencatalogus van het programma: *Huiskamer als energieloket en ontmoetingsplek* (K08), "
        "*Energiecoaches en schuldhulp verwijzen naar elkaar* (K01) en *Inkomensondersteuning via het contact over "
        "energie* (K11).\n"
        "- Het verslag van de bewonersavond over het warmtenet en de woonlastengarantie van de corporatie (op "
        "aanvraag bij de projectleider).\n"
        "- De Dubbelslag-scan, voor wijken met een vergelijkbaar profiel.\n"
        "- Cijfers over hoofdverwarming en inkomen: CBS, via de open data van dit platform (zie de bron bij elke "
        "figuur).",
        "- The programme's catalogue of coupling opportunities: *Living room as energy desk and meeting place* (K08), "
        "*Energy coaches and debt counselling refer to each other* (K01) and *Income support through the contact "
        "about energy* (K11).\n"
        "- The report of the residents' evening on the heat network and the housing association's housing cost "
        "guarantee (on request from the project leader).\n"
        "- The Dubbelslag scan, for neighbourhoods with a similar profile.\n"
        "- Figures on main heating and income: Statistics Netherlands (CBS), through this platform's open data (see "
        "the source under each figure).",
    ),
}

BEST_PRACTICE = ProductSpec(
    slug="huiskamer-aardgasvrij-pendrecht",
    product_type=ProductType.BEST_PRACTICE,
    status=VersionStatus.PUBLISHED,
    title_nl="Huiskamer Aardgasvrij Pendrecht",
    title_en="Living Room Gas-Free Pendrecht",
    subtitle_nl="Een huiskamer als energieloket en ontmoetingsplek in Rotterdam",
    subtitle_en="A living room as energy desk and meeting place in Rotterdam",
    lead_nl=(
        "In een portiekflat in Pendrecht opende een huiskamer waar bewoners binnenlopen voor koffie, een boek of een "
        "vraag over hun energierekening. Energiecoaches, de corporatie en vrijwilligers uit de buurt ontdekten er dat "
        "het gesprek over het warmtenet pas begint als de zorgen over de woonlasten serieus zijn genomen, en dat een "
        "laagdrempelige plek geldzorgen bespreekbaar maakt die bij geen enkel loket op tafel komen."
    ),
    lead_en=(
        "In a walk-up block in Pendrecht, a living room opened where residents drop in for coffee, a book or a "
        "question about their energy bill. Energy coaches, the housing association and volunteers from the "
        "neighbourhood found that the conversation about the heat network only starts once worries about housing "
        "costs are taken seriously, and that an easy-to-enter place brings up money worries that never reach a "
        "municipal desk."
    ),
    authors="Eva Projectleider (Gemeente Rotterdam)\n"
            "Rob Onderzoeker (Business Universiteit, leerstoel Duurzaam Bouwen)",
    at_a_glance={
        "project_status": ProjectStatus.IN_PROGRESS,
        "period": "2019–2021",
        "partners": "Gemeente Rotterdam (trekker)\nWoonstichting Zuidrand (corporatie)\n"
                    "Welzijnsorganisatie Samen Verder (energiecoaches)\nBewonersplatform Pendrecht\n"
                    "Netbeheer West (advies)",
        "budget": "€ 180.000 over drie jaar",
        "funding": "PAW-bijdrage, eigen middelen gemeente en corporatie",
        "scale": "1.200 corporatiewoningen; ongeveer 90 huishoudens per maand in de huiskamer",
        "contact": "Projectleider Huiskamer Aardgasvrij, Gemeente Rotterdam",
    },
    sections=PENDRECHT_SECTIONS,
    themes=("draagvlak-betrokkenheid-vertrouwen", "ontmoeting-eenzaamheid", "armoede-schulden"),
    koppelkansen=("K08", "K01", "K11"),
    knowledge_questions=(DRAAGVLAK, ("question", "Hoe bereiken we bewoners die niet naar de huiskamer komen?")),
    experiments=(PENDRECHT,),
    areas=(("GM0599", 2025), ("WK059915", 2025), ("BU05991577", 2025)),
    evidence_level=EvidenceLevel.FIRST_INDICATIONS,
    figures=(
        FigureSpec("BU05991577", 2021, "ET_HOOFDVERW_BLOK", "2021",
                   "Woningen met blokverwarming in de buurt Pendrecht",
                   "Homes with block heating in the Pendrecht buurt"),
        FigureSpec("GM0599", 2023, "INK_SOCMIN", "2021",
                   "Huishoudens met een inkomen onder of rond het sociaal minimum in Rotterdam",
                   "Households with an income at or around the social minimum in Rotterdam"),
    ),
)

# --- Factsheet: Energiefixers uit Bouwlust ----------------------------------------------------------------------

FACTSHEET = ProductSpec(
    slug="energiefixers-bouwlust",
    product_type=ProductType.FACTSHEET,
    status=VersionStatus.PUBLISHED,
    title_nl="Energiefixers uit Bouwlust",
    subtitle_nl="Buren helpen buren met kleine maatregelen en de energietoeslag in Den Haag",
    lead_nl=(
        "In Bouwlust leidt het ROC bewoners op tot energiefixer. Met een contract op zak gaan ze langs bij buren in "
        "de portiekflats: ze plaatsen tochtstrips en radiatorfolie en helpen bij de aanvraag van energietoeslag. Een "
        "fixer uit de buurt krijgt de deur open waar een professional dicht blijft, en de fixers zelf krijgen werk."
    ),
    authors="Rob Onderzoeker (Business Universiteit, leerstoel Duurzaam Bouwen)\n"
            "Carla Coördinator (Kennisinstituut Stad & Wijk)",
    at_a_glance={
        "project_status": ProjectStatus.IN_PROGRESS,
        "period": "2019–2021",
        "partners": "Gemeente Den Haag (trekker)\nStichting Energiecoaches (uitvoering)\n"
                    "Wooncorporatie Het Lint\nROC (opleiding)",
        "funding": "Gemeentelijke middelen energiearmoede, bijdrage corporatie",
        "scale": "1.140 fixerbezoeken in vijf maanden; zestien fixers met een contract",
        "contact": "Programmateam energiefixers, Gemeente Den Haag",
    },
    sections={
        S.CONTEXT: (
            "Bouwlust is een naoorlogse wijk in het zuidwesten van Den Haag, met veel portiekflats van de corporatie "
            "en veel huishoudens met een laag inkomen. De energierekening drukt zwaar, en de woningen zijn slecht "
            "geïsoleerd. Grote renovaties staan pas over een aantal jaar gepland; tot die tijd is er winst te halen "
            "met kleine maatregelen en met het benutten van regelingen zoals de energietoeslag.",
            "",
        ),
        S.APPROACH: (
            "- Twintig bewoners volgen een korte **fixeropleiding** bij het ROC en krijgen een contract.\n"
            "- De fixers gaan in tweetallen langs bij buren in de portiekflats van de corporatie. Bij het **eerste "
            "bezoek** plaatsen ze tochtstrips, radiatorfolie, ledlampen en waterbesparende douchekoppen, en geven "
            "ze uitleg over de meterstand en de jaarafrekening.\n"
            "- Bij een **tweede bezoek** vullen ze samen met de bewoner de aanvraag van de energietoeslag in, met een "
            "checklist in eenvoudige taal.\n"
            "- Signalen van geldzorgen of eenzaamheid geven de fixers, met toestemming, door aan het sociaal "
            "wijkteam.",
            "",
        ),
        S.RESULTS: (
            "- **1.140 fixerbezoeken** in vijf maanden, in de eerste drie weken al 210.\n"
            "- Tot eind oktober 2019 geplaatst: 640 meter tochtstrip, 380 radiatorfolies, 95 waterbesparende "
            "douchekoppen en 210 ledlampen.\n"
            "- **Zestien fixers** met een contract; meerdere willen door naar een opleiding tot installatiemonteur.\n"
            "- De aanvraag van energietoeslag tijdens het eerste bezoek lukte zelden: een formulier van zes pagina's "
            "is na een bezoek van een uur te veel gevraagd [@toeslag].",
            "",
        ),
        S.WHAT_WORKED: (
            "- **Een bekend gezicht aan de deur.** Bewoners lieten de fixer binnen omdat ze hem kenden van het "
            "schoolplein; bij een onbekende fixer ging de deur vaker niet open [@fixer_deur].\n"
            "- **Bereik en werk in één.** Fixers uit de buurt bereiken meer huishoudens én krijgen zelf werk. Betaal "
            "ze, geef ze een contract en een vervolgopleiding [@fixer_werk].\n"
            "- **Niet alles in één bezoek.** Eerst maatregelen en een afspraak, pas bij het tweede bezoek de "
            "aanvraag.",
            "",
        ),
        S.TRANSFERABILITY: (
            "Past in wijken met veel huurwoningen, veel huishoudens met een laag inkomen en een sociaal netwerk "
            "waarin bewoners elkaar kennen van school, moskee of sportclub. Nodig: een opleider (ROC), een corporatie "
            "die de bezoeken mogelijk maakt, en een gemeente die fixers als werknemers ziet, niet als vrijwilligers.",
            "",
        ),
        S.SOURCES: (
            "- Koppelkansencatalogus: *Werk en scholing in de verduurzaming* (K03) en *Inkomensondersteuning via het "
            "contact over energie* (K11).\n"
            "- Checklist energietoeslag in eenvoudige taal (op aanvraag bij het programmateam).",
            "",
        ),
    },
    themes=("werk", "armoede-schulden", "draagvlak-betrokkenheid-vertrouwen"),
    koppelkansen=("K03", "K11"),
    knowledge_questions=(("question", "Hoe combineren we een fixerbezoek met de aanvraag van energietoeslag zonder "
                                      "bewoners te overvragen?"),),
    experiments=(BOUWLUST,),
    areas=(("GM0518", 2025), ("WK051833", 2025)),
    evidence_level=EvidenceLevel.FIRST_INDICATIONS,
    revision=RevisionSpec(
        change_note="Resultaten aangevuld met de verdeling van de bezoeken en de verwijzingen naar het wijkteam; "
                    "de aanbeveling over het tweede bezoek aangescherpt.",
        sections={
            S.RESULTS: (
                "- **1.140 fixerbezoeken** in vijf maanden, in de eerste drie weken al 210. Gemiddeld duurt een "
                "bezoek vijf kwartier.\n"
                "- Tot eind oktober 2019 geplaatst: 640 meter tochtstrip, 380 radiatorfolies, 95 waterbesparende "
                "douchekoppen en 210 ledlampen.\n"
                "- **Zestien fixers** met een contract; meerdere willen door naar een opleiding tot "
                "installatiemonteur.\n"
                "- De aanvraag van energietoeslag tijdens het eerste bezoek lukte zelden: een formulier van zes "
                "pagina's is na een bezoek van een uur te veel gevraagd [@toeslag]. Sinds de aanvraag bij een tweede "
                "bezoek hoort, maken fixers die afspraak bij het eerste bezoek al.",
                "",
            ),
            S.WHAT_WORKED: (
                "- **Een bekend gezicht aan de deur.** Bewoners lieten de fixer binnen omdat ze hem kenden van het "
                "schoolplein; bij een onbekende fixer ging de deur vaker niet open [@fixer_deur].\n"
                "- **Bereik en werk in één.** Fixers uit de buurt bereiken meer huishoudens én krijgen zelf werk. "
                "Betaal ze, geef ze een contract en een vervolgopleiding [@fixer_werk].\n"
                "- **Niet alles in één bezoek.** Eerst maatregelen en een vaste afspraak, bij het tweede bezoek de "
                "aanvraag, met de checklist in eenvoudige taal. Zo voelt de bewoner zich niet overvraagd "
                "[@toeslag].",
                "",
            ),
        },
    ),
)

# --- Inspiration example: het toestemmingskaartje van Smitsveen ------------------------------------------------

INSPIRATION = ProductSpec(
    slug="toestemmingskaartje-smitsveen",
    product_type=ProductType.INSPIRATION,
    status=VersionStatus.PUBLISHED,
    title_nl="Een kruisje op een kaartje",
    subtitle_nl="Hoe energiecoaches en schuldhulpmaatjes in Soest naar elkaar doorverwijzen",
    lead_nl=(
        "Energiecoaches in Smitsveen zagen bij een op de vijf huisbezoeken aanmaningen op tafel liggen, maar wisten "
        "niet wat ze ermee mochten. Een eenvoudig kaartje loste dat op: de bewoner zet zelf een kruisje bij "
        "'schuldhulp mag mij bellen', en een schuldhulpmaatje belt nog dezelfde week."
    ),
    authors="Rob Onderzoeker (Business Universiteit, leerstoel Duurzaam Bouwen)",
    at_a_glance={
        "project_status": ProjectStatus.IN_PROGRESS,
        "period": "2019–heden",
        "partners": "Gemeente Soest (trekker)\nBewonerscoöperatie Smitsveen Energie\nStichting Energiecoaches\n"
                    "Stichting Buurtwerk Noord",
        "scale": "62 energiebezoeken per maand; 41 doorverwijzingen in zeven maanden",
        "contact": "Bewonerscoöperatie Smitsveen Energie",
    },
    sections={
        S.CONTEXT: (
            "Smitsveen is een wijk in Soest uit de jaren zeventig en tachtig. Een bewonerscoöperatie draait er een "
            "energieloket en stuurt vrijwillige energiecoaches op huisbezoek. Die coaches komen achter de voordeur, "
            "en zien daar meer dan tocht en een hoge rekening: bij een op de vijf bezoeken lagen er aanmaningen op "
            "tafel. Ze zijn er voor energie, niet voor schulden, en wisten niet of ze dat mochten doorgeven.",
            "",
        ),
        S.APPROACH: (
            "Coaches en schuldhulpmaatjes ontwierpen samen een **toestemmingskaartje** voor de keukentafel. De "
            "bewoner zet zelf een kruisje bij 'schuldhulp mag mij bellen' en schrijft er een telefoonnummer bij. De "
            "coach geeft het kaartje dezelfde week door aan een schuldhulpmaatje, en andersom verwijzen maatjes door "
            "naar een energiebezoek. Eens per maand bespreken coaches en maatjes samen hoe het loopt.",
            "",
        ),
        S.WHAT_WORKED: (
            "Als de toestemming vooraf en zichtbaar geregeld is, verdwijnt de aarzeling van de coach én van de "
            "bewoner [@toestemming]. Coaches die het kaartje gebruiken, verwijzen vaker door: van november tot mei "
            "41 keer van coach naar maatje, en 12 keer de andere kant op. De les voor andere gemeenten: spreek vóór "
            "de eerste huisbezoeken af hoe toestemming wordt gevraagd en vastgelegd. Een eenvoudig kaartje werkt "
            "beter dan een formulier [@privacy].",
            "",
        ),
        S.STORIES: (
            "> Met toestemming van de bewoner bel ik dezelfde week nog; zonder toestemming doe ik niets.\n\n"
            "— een vrijwillig schuldhulpmaatje, sinds vier jaar actief (citaat met toestemming voor publicatie)",
            "",
        ),
        S.SOURCES: (
            "- Koppelkansencatalogus: *Energiecoaches en schuldhulp verwijzen naar elkaar* (K01).\n"
            "- Het toestemmingskaartje (A6, twee kanten) is op te vragen bij de bewonerscoöperatie.",
            "",
        ),
    },
    themes=("armoede-schulden", "samenwerking-sociaal-fysiek-technisch"),
    koppelkansen=("K01",),
    knowledge_questions=(("question", "Mogen energiecoaches signalen over betalingsachterstanden doorgeven aan "
                                      "schuldhulp?"), KOPPELKANSEN),
    experiments=(SMITSVEEN,),
    areas=(("GM0342", 2025), ("WK034205", 2025)),
    evidence_level=EvidenceLevel.FIRST_INDICATIONS,
)

# --- In review: a guide on opening the street once (Woensel-West) ----------------------------------------------

IN_REVIEW = ProductSpec(
    slug="de-straat-een-keer-open",
    product_type=ProductType.GUIDE,
    status=VersionStatus.IN_REVIEW,
    title_nl="De straat één keer open",
    subtitle_nl="Handreiking voor warmtenet, groen en verlichting in één uitvoering",
    lead_nl=(
        "Als de straat opengaat voor het warmtenet, is dat hét moment om groen, speelruimte en verlichting mee te "
        "nemen. Dat lukt alleen als netbeheerder en gemeente hun planningen ver vooruit op elkaar leggen. Deze "
        "handreiking zet de stappen op een rij, op basis van de ervaring in Woensel-West."
    ),
    authors="Rob Onderzoeker (Business Universiteit, leerstoel Duurzaam Bouwen)",
    at_a_glance={
        "project_status": ProjectStatus.COMPLETED,
        "period": "2019–2020",
        "partners": "Gemeente Eindhoven\nNetbeheer West\nAdviesbureau Warmte & Wijk",
        "scale": "Twee straten",
    },
    sections={
        S.QUESTION: (
            "Kunnen we de straat in één keer openbreken voor het warmtenet en voor klimaatadaptatie? In Woensel-West "
            "dreigde de straat twee keer open te gaan, omdat de netbeheerder twee jaar vooruit plant en de gemeente "
            "het groenonderhoud per jaar.",
            "",
        ),
        S.STEPS: (
            "1. **Leg de planningen naast elkaar**, minstens twee jaar vooruit: netbeheerder, gemeente (riolering, "
            "groen, verlichting) en corporatie [@planningen].\n"
            "2. **Spreek de meerkosten af**: wie betaalt het extra groen en de nieuwe verlichting als de straat toch "
            "open ligt?\n"
            "3. **Organiseer ontwerpateliers** met bewoners en kinderen van de basisschool over de straat die "
            "terugkomt.\n"
            "4. **Houd één uitvoeringsagenda bij**, elk kwartaal bijgewerkt, en deel die met bewoners.",
            "",
        ),
        S.WHAT_WORKED: (
            "Eén gezamenlijke uitvoeringsagenda, met groen, speelruimte en verlichting erin, voorkwam dat de straat "
            "twee keer openging [@planningen].",
            "",
        ),
        S.WHAT_DID_NOT: (
            "De eerste afspraken gingen uit van de jaarplanning van de gemeente; die bleek te kort om de netbeheerder "
            "te volgen.",
            "",
        ),
        S.CONDITIONS: (
            "Een vaste coördinator die de planningen bijhoudt, en budget voor de meerkosten van het groen dat vooraf "
            "is toegezegd.",
            "",
        ),
        S.SOURCES: (
            "- Koppelkansencatalogus: *Klimaatadaptatie en een betere openbare ruimte als de straat toch opengaat* "
            "(K10).",
            "",
        ),
    },
    themes=("klimaatadaptatie", "openbare-ruimte", "samenwerking-sociaal-fysiek-technisch"),
    koppelkansen=("K10",),
    knowledge_questions=(("question", "Kunnen we de straat in één keer openbreken voor het warmtenet en voor "
                                      "klimaatadaptatie?"), SAMENWERKING),
    experiments=(WOENSEL,),
    areas=(("GM0772", 2025), ("BU07724210", 2025)),
    evidence_level=EvidenceLevel.DESCRIBED,
    comments=(
        CommentSpec(S.STEPS, COORDINATOR,
                    "Stap 2 blijft vaag: noem wie in Woensel-West de meerkosten van het groen droeg, en hoe dat is "
                    "vastgelegd. Andere gemeenten vragen daar als eerste naar."),
    ),
)

# --- Draft: kitchen-table visits in Heechterp (cites records that are not public yet) -----------------------------

DRAFT = ProductSpec(
    slug="samen-warm-heechterp-schieringen",
    product_type=ProductType.FACTSHEET,
    status=VersionStatus.DRAFT,
    title_nl="Samen warm aan de keukentafel",
    subtitle_nl="Wijkteam en energiecoach op huisbezoek in Heechterp en Schieringen, Leeuwarden",
    lead_nl=(
        "Wijkteam en energiecoach gaan samen op huisbezoek bij huishoudens met vocht- en schimmelklachten. Kou en "
        "vocht blijken een gezondheidsvraag, niet alleen een energievraag."
    ),
    authors="Rob Onderzoeker (Business Universiteit, leerstoel Duurzaam Bouwen)",
    at_a_glance={"project_status": ProjectStatus.IN_PROGRESS, "period": "2020–heden"},
    sections={
        S.CONTEXT: (
            "Heechterp en Schieringen is een naoorlogse wijk in Leeuwarden met veel huurwoningen van de corporatie. "
            "In een deel van de woningen zijn vocht en schimmel een hardnekkig probleem.",
            "",
        ),
        S.APPROACH: (
            "Het wijkteam en een energiecoach voerden 48 gezamenlijke keukentafelgesprekken. Bij 19 woningen volgde "
            "herstel door de corporatie.",
            "",
        ),
        S.RESULTS: (
            "Schimmel en kou hangen samen met gezondheidsklachten en geldzorgen: bewoners stoken minder om te "
            "besparen [@vocht]. Samen op bezoek levert meer op, maar laat één vertrouwd gezicht het gesprek voeren "
            "[@vertrouwd_gezicht].",
            "",
        ),
    },
    themes=("gezondheid", "wonen-zorg"),
    koppelkansen=("K02", "K07"),
    knowledge_questions=(SAMENWERKING,),
    experiments=(HEECHTERP,),
    areas=(("GM0080", 2025),),
    evidence_level=EvidenceLevel.DESCRIBED,
)

PRODUCTS = (BEST_PRACTICE, FACTSHEET, INSPIRATION, IN_REVIEW, DRAFT)
del S
