"""``/sitemap.xml``: the public site's pages, with absolute addresses on ``core.addresses.site_root`` (SITE_URL, else
the host the request came in on).

The home page and lists, the statements, every published product and its earlier published versions, every
published record, every public experiment, the public monitoring page and each public shared indicator's page, and
the area pages of the public experiments' gemeenten and focus areas.
Nothing else: the same rule as the pages themselves.
"""


from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from dubbelslag.areas.models import Area
from dubbelslag.core.addresses import site_host, site_scheme
from dubbelslag.indicators.selectors import area_url, figure_years
from dubbelslag.programme.models import Experiment
from dubbelslag.publications.enums import VersionStatus
from dubbelslag.publications.models import KnowledgeProduct, ProductVersion
from dubbelslag.research.models import HarvestRecord

from .monitoring import public_shared_indicators


class SiteSitemap(Sitemap):
    """Addresses on the site's root (SITE_URL when set, else the request's scheme and host, port included), not on
    django.contrib.sites' Site, which the project does not install."""

    @property
    def protocol(self):
        return site_scheme()

    def get_domain(self, site=None):
        return site_host()


class StaticSitemap(SiteSitemap):
    names = ["public:home", "public:product-list", "public:record-list", "public:experiment-list",
             "public:accessibility", "public:privacy"]

    def items(self):
        return self.names

    def location(self, name):
        return reverse(name)


class ProductSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return (KnowledgeProduct.objects.published().select_related("published_version")
                .only("slug", "published_version__published_at").order_by("pk"))

    def location(self, product):
        return reverse("public:product-detail", args=[product.slug])

    def lastmod(self, product):
        return product.published_version.published_at


class VersionSitemap(SiteSitemap):
    """Earlier published versions of products that are published now."""

    def items(self):
        return (ProductVersion.objects.filter(status=VersionStatus.SUPERSEDED,
                                              product__in=KnowledgeProduct.objects.published())
                .select_related("product").only("number", "published_at", "product__slug").order_by("pk"))

    def location(self, version):
        return reverse("public:product-version", args=[version.product.slug, version.number])

    def lastmod(self, version):
        return version.published_at


class RecordSitemap(SiteSitemap):
    def items(self):
        return HarvestRecord.objects.published().only("pk", "updated_at").order_by("pk")

    def location(self, record):
        return reverse("public:record-detail", args=[record.pk])

    def lastmod(self, record):
        return record.updated_at


class ExperimentSitemap(SiteSitemap):
    def items(self):
        return Experiment.objects.public().only("pk", "updated_at").order_by("pk")

    def location(self, experiment):
        return reverse("public:experiment-detail", args=[experiment.pk])

    def lastmod(self, experiment):
        return experiment.updated_at


class MonitoringSitemap(SiteSitemap):
    """The public monitoring page and the page of each public shared indicator."""

    def items(self):
        return [None, *public_shared_indicators().select_related(None).only("pk").order_by("pk")]

    def location(self, indicator):
        if indicator is None:
            return reverse("public:monitoring")
        return reverse("public:monitoring-indicator", args=[indicator.pk])


class AreaSitemap(SiteSitemap):
    """The area pages of the public experiments' gemeenten and focus areas, each in its boundary year, or in the
    latest year with figures for its code when its own has none (``indicators.selectors.link_year``)."""

    def items(self):
        public = Experiment.objects.public()
        return (Area.objects.filter(pk__in=public.values("gemeente_id"))
                | Area.objects.filter(pk__in=public.values("focus_areas"))).distinct().order_by("code",
                                                                                                "boundary_year")

    def location(self, area):
        if not hasattr(self, "_years"):
            self._years = figure_years()  # once per sitemap, not once per area
        return area_url(area, years=self._years)


SITEMAPS = {
    "pages": StaticSitemap, "products": ProductSitemap, "versions": VersionSitemap, "records": RecordSitemap,
    "experiments": ExperimentSitemap, "monitoring": MonitoringSitemap, "areas": AreaSitemap,
}
