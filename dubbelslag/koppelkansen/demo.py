"""The koppelkansen the demo experiments took up (experiment title, koppelkans code, note): data for
``seed_demo_adoptions``. The pairings follow the catalogue's practice examples (docs/domain.md#koppelkansen)."""

ADOPTIONS = [
    ("Huiskamer Aardgasvrij Pendrecht", "K08",
     "De huiskamer is drie middagen per week open: energieloket en ontmoetingsplek tegelijk."),
    ("Huiskamer Aardgasvrij Pendrecht", "K14", "Social-marketingonderzoek naar de leefwereld van bewoners."),
    ("Verhalen ophalen in Palenstein", "K14", "Verhalen van bewoners als start van het ontwerp."),
    ("Verhalen ophalen in Palenstein", "K05", "Renovatie op het ritme van groot onderhoud."),
    ("Energiecoaches en schuldhulpmaatjes in Smitsveen", "K01",
     "Energiecoaches en SchuldHulpMaatjes verwijzen naar elkaar door."),
    ("Warmtenet en werk in Overvecht", "K03", "Bewoners werken mee aan de aanleg van het warmtenet."),
    ("Energiefixers uit Bouwlust", "K03", "Bewoners opgeleid tot energiefixer."),
    ("Energiefixers uit Bouwlust", "K11", "Fixers helpen bij het aanvragen van de energietoeslag."),
    ("Groen en gasloos Woensel-West", "K10", "Straten die open gaan, komen groener terug."),
]
