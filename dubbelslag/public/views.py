"""The public knowledge base (/kennisbank/…), the sitemap and the accessibility and privacy statements.

Anonymous pages reading published data only, through ``selectors`` (THE PUBLIC RULE): products via
``KnowledgeProduct.objects.published()``, records via ``HarvestRecord.objects.published()``, experiments with
``is_public``. A signed-in member of the programme sees the same pages, plus a link to the internal page where they
may read more (the editorial page of a product, the evidence behind a record).
"""

from datetime import date

from django.contrib.sitemaps import views as sitemap_views
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from dubbelslag.core.params import as_pk, paginate
from dubbelslag.images.display import serve_variant
from dubbelslag.publications.access import may_write_products
from dubbelslag.publications.enums import LICENCE_URLS
from dubbelslag.publications.rendering import render_version

from . import search as public_search
from . import selectors
from .cache import anonymous_page_cache
from .feeds import ProductFeed
from .sitemaps import SITEMAPS

PER_PAGE = 20
SEARCH_PER_GROUP = 10
# When the accessibility and privacy statements were last checked against the site (shown on both pages).
STATEMENTS_CHECKED_ON = date(2026, 11, 28)
SEARCH_GROUPS = {"producten": "products", "bevindingen": "records"}


@require_safe
@anonymous_page_cache
def home(request):
    return render(request, "public/home.html", {"kb_section": "home", **selectors.home_overview()})


@require_safe
@anonymous_page_cache
def product_list(request):
    listing = selectors.product_listing(request.GET)
    page = paginate(listing.products, PER_PAGE, request.GET.get("page"))
    return render(request, "public/product_list.html", {"listing": listing, "page": page, "kb_section": "products"})


def _product_page(request, product, version, *, current: bool) -> dict:
    rendered = render_version(version, viewer=request.user, public=True)
    page_path = (reverse("public:product-detail", args=[product.slug]) if current
                 else reverse("public:product-version", args=[product.slug, version.number]))
    return {
        "product": product, "version": version, "rendered": rendered, "is_current": current, "kb_section": "products",
        "current_version": product.published_version, "earlier_versions": selectors.earlier_versions(product),
        "links": selectors.product_context(version), "licence_url": LICENCE_URLS.get(version.licence, ""),
        "page_url": selectors.site_url(page_path),
        "only_dutch": get_language() == "en" and not version.has_english,
        "may_edit": request.user.is_authenticated and may_write_products(request.user, product.programme),
    }


@require_safe
@anonymous_page_cache
def product_detail(request, slug):
    product = selectors.public_product(slug)
    context = _product_page(request, product, product.published_version, current=True)
    return render(request, "public/product_detail.html", context)


@require_safe
@anonymous_page_cache
def product_version(request, slug, number):
    """An earlier published version, while the product is published; the current one lives on the product page."""
    product = selectors.public_product(slug)
    if number == product.published_version.number:
        return redirect("public:product-detail", slug=product.slug)
    version = selectors.public_earlier_version(product, number)
    return render(request, "public/product_detail.html", _product_page(request, product, version, current=False))


@require_safe
@anonymous_page_cache
def record_list(request):
    listing = selectors.record_listing(request.GET)
    page = paginate(listing["records"], PER_PAGE, request.GET.get("page"))
    return render(request, "public/record_list.html", {**listing, "page": page, "kb_section": "records"})


@require_safe
@anonymous_page_cache
def record_detail(request, pk):
    record = selectors.public_record(pk)
    return render(request, "public/record_detail.html",
                  {"record": record, "kb_section": "records", **selectors.record_context(record, request.user)})


@require_safe
@anonymous_page_cache
def experiment_list(request):
    return render(request, "public/experiment_list.html",
                  {"experiments": selectors.public_experiments(), "kb_section": "experiments"})


@require_safe
@anonymous_page_cache
def experiment_detail(request, pk):
    experiment = selectors.public_experiment(pk)
    return render(request, "public/experiment_detail.html",
                  {"experiment": experiment, "kb_section": "experiments", **selectors.experiment_context(experiment),
                   "picture": selectors.experiment_picture_view(experiment)})


@require_safe
@anonymous_page_cache
def search(request):
    query = (request.GET.get("q") or "").strip()[:300]
    group = SEARCH_GROUPS.get(request.GET.get("groep", ""), "")
    page = max(1, as_pk(request.GET.get("page", "")) or 1)
    limit = PER_PAGE if group else SEARCH_PER_GROUP
    offset = (page - 1) * limit
    results = public_search.search(
        query, products=group != "records", records=group != "products", limit=limit,
        product_offset=offset if group == "products" else 0, record_offset=offset if group == "records" else 0)
    context = {"query": query, "results": results, "group": group, "page_number": page, "kb_section": "search"}
    if results.is_empty_query:
        context.update(selectors.home_overview())
    return render(request, "public/search.html", context)


@require_safe
def product_image(request, slug, token, name):
    """One file of an image a published product shows (its current or an earlier published version), while its
    people's consent holds; 404 for a draft's, a withdrawn product's or any other image."""
    image = selectors.public_product_image(slug, token)
    return serve_variant(request, image.token, name, image.variants, public=True)


@require_safe
def experiment_image(request, pk, token, name):
    """The picture of a publicly listed experiment's page; 404 for a private experiment's images."""
    image = selectors.public_experiment_image(pk, token)
    return serve_variant(request, image.token, name, image.variants, public=True)


@require_safe
def sitemap(request):
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS)


@require_safe
@anonymous_page_cache
def accessibility(request):
    return render(request, "public/accessibility.html", {"checked_on": STATEMENTS_CHECKED_ON})


@require_safe
@anonymous_page_cache
def privacy(request):
    return render(request, "public/privacy.html", {"checked_on": STATEMENTS_CHECKED_ON})


@require_safe
@anonymous_page_cache
def glossary(request):
    return render(request, "public/glossary.html")


urlpatterns = [
    path("kennisbank/", home, name="home"),
    path("kennisbank/producten/", product_list, name="product-list"),
    path("kennisbank/producten/<slug:slug>/", product_detail, name="product-detail"),
    path("kennisbank/producten/<slug:slug>/versie/<int:number>/", product_version, name="product-version"),
    path("kennisbank/producten/<slug:slug>/afbeeldingen/<str:token>/<str:name>", product_image,
         name="product-image"),
    path("kennisbank/experimenten/<int:pk>/afbeeldingen/<str:token>/<str:name>", experiment_image,
         name="experiment-image"),
    path("kennisbank/bevindingen/", record_list, name="record-list"),
    path("kennisbank/bevindingen/<int:pk>/", record_detail, name="record-detail"),
    path("kennisbank/experimenten/", experiment_list, name="experiment-list"),
    path("kennisbank/experimenten/<int:pk>/", experiment_detail, name="experiment-detail"),
    path("kennisbank/zoeken/", search, name="search"),
    path("kennisbank/feed.atom", require_safe(ProductFeed()), name="feed"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("toegankelijkheid/", accessibility, name="accessibility"),
    path("privacy/", privacy, name="privacy"),
    path("begrippen/", glossary, name="glossary"),
]
