"""Seed the theme taxonomy: the four standing Kennislab questions and the coupling themes (docs/domain.md#the-four-standing-knowledge-questions).

Reference data every installation needs, so it lives in a migration rather than in the demo seed.
"""

from django.db import migrations

GROUPS = [
    ("kennisvragen", "Vaste kennisvragen", "Standing knowledge questions", [
        ("samenwerking-sociaal-fysiek-technisch", "Samenwerking sociaal, fysiek en technisch",
         "Cooperation between social, physical and technical",
         "Hoe realiseer je samenwerking tussen het sociale, het fysieke en het technische domein?",
         "How to realise cooperation between the social, physical and technical domains?"),
        ("koppelkansen", "Koppelkansen", "Coupling opportunities",
         "Waar liggen de koppelkansen tussen de energietransitie en de sociale opgaven in de wijk?",
         "Where are the opportunities to couple the energy transition with the social tasks in the neighbourhood?"),
        ("draagvlak-betrokkenheid-vertrouwen", "Draagvlak, betrokkenheid en vertrouwen",
         "Support, involvement and trust",
         "Hoe organiseer je draagvlak, betrokkenheid en vertrouwen bij bewoners?",
         "How to organise residents' support, involvement and trust?"),
        ("sociaal-eigenaarschap", "Sociaal eigenaarschap", "Social ownership",
         "Hoe stimuleer je sociaal eigenaarschap: bewoners die plannen, proces of voorzieningen (mede) bezitten?",
         "How to stimulate social ownership: residents who (co-)own the plans, the process or the assets?"),
    ]),
    ("koppelthemas", "Koppelthema's", "Coupling themes", [
        ("werk", "Werk en scholing", "Employment and training", "", ""),
        ("gezondheid", "Gezondheid", "Health", "", ""),
        ("armoede-schulden", "Armoede en schulden", "Poverty and debts", "", ""),
        ("klimaatadaptatie", "Klimaatadaptatie", "Climate adaptation", "", ""),
        ("openbare-ruimte", "Openbare ruimte", "Public space", "", ""),
        ("veiligheid", "Veiligheid en overlast", "Safety and nuisance", "", ""),
        ("ontmoeting-eenzaamheid", "Ontmoeting en eenzaamheid", "Meeting and loneliness", "", ""),
        ("wonen-zorg", "Langer thuis wonen", "Living longer at home", "", ""),
        ("taal-communicatie", "Taal en begrijpelijke communicatie", "Language and plain communication", "", ""),
        ("jeugd-onderwijs", "Jeugd en onderwijs", "Youth and schools", "", ""),
        ("buurteconomie", "Buurteconomie", "Neighbourhood economy", "", ""),
    ]),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("programme", "Theme")
    for group_position, (slug, name_nl, name_en, children) in enumerate(GROUPS):
        group, _created = Theme.objects.update_or_create(
            slug=slug, defaults={"name_nl": name_nl, "name_en": name_en, "kind": "group", "position": group_position}
        )
        kind = "standing_question" if slug == "kennisvragen" else "coupling_theme"
        for position, (child_slug, child_nl, child_en, description_nl, description_en) in enumerate(children):
            Theme.objects.update_or_create(slug=child_slug, defaults={
                "parent": group, "name_nl": child_nl, "name_en": child_en, "kind": kind, "position": position,
                "description_nl": description_nl, "description_en": description_en,
            })


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
