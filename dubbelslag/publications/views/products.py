"""Products: the list of those the user works on, creating one, its overview (versions, steps, history), starting a
new version and unpublishing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dubbelslag.core.forms import add_service_errors
from dubbelslag.core.params import paginate
from dubbelslag.core.workflow_views import take_step
from dubbelslag.programme.selectors import audit_trail

from .. import selectors
from ..access import get_product_for_user, may_publish, may_write_products
from ..forms import ProductCreateForm, ProductFilters, ReasonForm, default_authors
from ..services import workflow
from ..workflows import VERSIONS

PAGE_SIZE = 25


@login_required
@require_safe
def product_list(request):
    filters = ProductFilters(request.GET)
    products = selectors.products_for(request.user, filters.values())
    page = paginate(products, PAGE_SIZE, request.GET.get("page"))
    return render(request, "publications/product_list.html", {
        "page": page, "filters": filters, "filtered": any(filters.values().values()),
        "may_create": selectors.team_programmes(request.user).exists(),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def product_create(request):
    programmes = list(selectors.team_programmes(request.user).order_by("name"))
    if not programmes:
        raise PermissionDenied if selectors.takes_part(request.user) else Http404
    form = ProductCreateForm(request.POST or None, programmes=programmes,
                             initial={"authors": default_authors(request.user)})
    if request.method == "POST" and form.is_valid():
        try:
            product = workflow.create_product(by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error, fields={"product_type": "product_type"})
        else:
            messages.success(request, _("The product has been created as a draft. Write its sections now."))
            return redirect("publications:version-update", product.slug, 1)
    return render(request, "publications/product_form.html", {"form": form})


def render_product(request, product, *, unpublish_form=None, errors=(), status=200):
    """The product's overview; a failed step shows its form with errors or the service's ``errors``."""
    overview = selectors.product_overview(product, request.user)
    is_team = may_write_products(request.user, product.programme)
    return render(request, "publications/product_detail.html", {
        "product": product, "overview": overview, "steps": overview.steps, "step_errors": list(errors),
        "unpublish_form": unpublish_form or ReasonForm(auto_id="unpublish_%s"),
        "request_changes_form": ReasonForm(auto_id="changes_%s"),
        "audit_events": audit_trail(product, limit=200) if is_team else None,
    }, status=status)


@login_required
@require_safe
def product_detail(request, slug):
    return render_product(request, get_product_for_user(request.user, slug))


@login_required
@require_POST
def version_new(request, slug):
    product = get_product_for_user(request.user, slug)
    if not may_write_products(request.user, product.programme):
        raise PermissionDenied
    try:
        version = workflow.start_new_version(product, by=request.user)
    except ValidationError as error:
        return render_product(request, product, errors=error.messages)
    messages.success(request, _("Version %(number)s has been started as a draft. The public keeps reading the "
                                "published version until this one is published.") % {"number": version.number})
    return redirect("publications:version-update", product.slug, version.number)


@login_required
@require_POST
def product_unpublish(request, slug):
    product = get_product_for_user(request.user, slug)
    if not may_publish(request.user, product.programme):
        raise PermissionDenied
    if product.published_version is None:
        return render_product(request, product, errors=[_("This product is not published.")])
    return take_step(
        request, VERSIONS, product.published_version, "unpublish",
        form=ReasonForm(request.POST, auto_id="unpublish_%s"),
        success=_("The product has been taken off the public site."),
        done=reverse("publications:product-detail", args=[product.slug]),
        run=lambda reason: workflow.unpublish_product(product, by=request.user, reason=reason),
        invalid=lambda form: render_product(request, product, unpublish_form=form),
        refused=lambda errors: render_product(request, product, errors=errors))
