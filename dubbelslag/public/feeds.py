"""The Atom feed of the knowledge base: every product's first publication and each new version of it.

Only versions of products that are published now: the current one links to the product page, an earlier (superseded)
one to its version page. Addresses are absolute on ``core.addresses.site_root``
(SITE_URL, else the request's host).
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure
from django.utils.translation import gettext as _

from dubbelslag.publications.enums import VersionStatus

from .selectors import cover_view, feed_versions, site_url


class ProductFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Dubbelslag knowledge base: new knowledge products")

    def subtitle(self):
        return _("Best practices, factsheets and other knowledge products from the Dubbelslag programme, each "
                 "traceable to the practice it came from.")

    def link(self):
        return site_url(reverse("public:home"))

    def feed_url(self):
        return site_url(reverse("public:feed"))

    def feed_guid(self):
        return self.feed_url()

    def author_name(self):
        return "Dubbelslag"

    def items(self):
        return feed_versions()

    def item_title(self, version):
        if version.number == 1:
            return version.title
        return _("%(title)s (version %(number)s)") % {"title": version.title, "number": version.number}

    def item_description(self, version):
        if version.number > 1 and version.change_note:
            return _("%(lead)s\n\nWhat changed: %(note)s") % {"lead": version.lead, "note": version.change_note}
        return version.lead

    def item_link(self, version):
        if version.status == VersionStatus.PUBLISHED:
            return site_url(reverse("public:product-detail", args=[version.product.slug]))
        return site_url(reverse("public:product-version", args=[version.product.slug, version.number]))

    def item_guid(self, version):
        return site_url(reverse("public:product-version", args=[version.product.slug, version.number]))

    item_guid_is_permalink = False

    def item_pubdate(self, version):
        return version.published_at

    def item_updateddate(self, version):
        return version.published_at

    def item_author_name(self, version):
        return ", ".join(version.author_list())

    def item_categories(self, version):
        return [theme.name for theme in version.themes.all()]

    def item_enclosures(self, version):
        """The cover (its 1280-pixel variant), as ``<link rel="enclosure">``."""
        cover = cover_view(version, largest=None)
        if cover is None:
            return []
        variant = cover.variant(cover.src.rsplit("/", 1)[-1]) or {}
        return [Enclosure(site_url(cover.src), str(variant.get("size", 0)), cover.content_type)]
