"""A small published knowledge base next to the personas of ``testing.base.BaseTestCase``."""

from dubbelslag.koppelkansen.models import Adoption, Koppelkans
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.models import Theme
from dubbelslag.publications.enums import ProductType
from dubbelslag.publications.services.search_index import index_product
from dubbelslag.research.models import LogEntry
from dubbelslag.research.services.coding import mark_excerpt
from dubbelslag.research.services.search_index import index_record
from testing.base import BaseTestCase
from testing.factories.publications import make_product, make_record


def record(**fields):
    """A harvest record straight in the database, indexed for research's search."""
    made = make_record(**fields)
    index_record(made)
    return made


def link(product, **m2m):
    """Set M2M links of a product's published (or only) version and re-index it."""
    version = product.published_version or product.versions.get()
    for name, values in m2m.items():
        getattr(version, name).set(values)
    index_product(product)
    return product


class KnowledgeBaseTestCase(BaseTestCase):
    """``self.experiment`` is public (post-war neighbourhood, focus area Pendrecht wijk); ``other_experiment`` is
    private. One published record cited by one published best practice about the public experiment."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.experiment.is_public = True
        cls.experiment.neighbourhood_type = "postwar"
        cls.experiment.energy_ambition = "Een **warmtenet** voor 400 woningen."
        cls.experiment.save()
        cls.poverty = Theme.objects.get(slug="armoede-schulden")
        cls.meeting = Theme.objects.get(slug="ontmoeting-eenzaamheid")
        cls.k08 = Koppelkans.objects.get(code="K08")
        cls.standing = Theme.objects.get(slug="draagvlak-betrokkenheid-vertrouwen")
        cls.question = KnowledgeQuestion.objects.create(
            programme=cls.programme, title="Hoe organiseer je draagvlak bij bewoners?")
        cls.question.themes.set([cls.standing])
        Adoption.objects.create(experiment=cls.experiment, koppelkans=cls.k08, note="Interne notitie")

        cls.record = record(programme=cls.programme, title="Begin bij de portemonnee",
                            summary="Bewoners komen eerder voor **geldzorgen** dan voor isolatie.",
                            experiments=[cls.experiment], themes=[cls.poverty], koppelkansen=[cls.k08])
        # Evidence: two log entries, one excerpt. Their text is never public.
        entry = LogEntry.objects.create(experiment=cls.experiment, title="Gesprek met mevrouw Jansen",
                                        text="Mevrouw Jansen op de Slinge 12 heeft betalingsachterstand.",
                                        author=cls.editor)
        other = LogEntry.objects.create(experiment=cls.experiment, title="Huiskameravond", text="Koffie.",
                                        author=cls.editor)
        cls.record.evidence_entries.set([entry, other])
        cls.record.evidence_excerpts.set([mark_excerpt(entry, by=cls.editor, quote="betalingsachterstand")])
        cls.product = make_product(
            cls.programme, slug="huiskamer-pendrecht", title="Huiskamer aardgasvrij in Pendrecht",
            body="De huiskamer combineert het warmtenet met schuldhulpverlening.", records=[cls.record],
            subtitle_nl="Een energieloket in de wijk", lead_nl="Een huiskamer als energieloket.",
            title_en="Living room gas-free in Pendrecht", lead_en="A living room as energy desk.")
        link(cls.product, themes=[cls.poverty], koppelkansen=[cls.k08], experiments=[cls.experiment],
             areas=[cls.charlois], knowledge_questions=[cls.question])
        cls.factsheet = make_product(cls.programme, slug="factsheet-zoetermeer", title="Factsheet Palenstein",
                                     product_type=ProductType.FACTSHEET, body="Ontmoeting in de flat.")
        link(cls.factsheet, themes=[cls.meeting], areas=[cls.palenstein])
