"""One version: the preview with its review comments and publishing checklist, editing a draft beside the record
picker, its figures, what changed against the previous version, and the steps (submit, request changes, publish,
comment, resolve)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dubbelslag.core.forms import add_service_errors
from dubbelslag.core.params import as_pk
from dubbelslag.core.workflow_views import take_step
from dubbelslag.images.display import serve_variant
from dubbelslag.images.models import Image

from .. import selectors
from ..access import get_version_for_user, may_read_version, may_review, may_write_products
from ..diff import compare_versions, previous_version
from ..enums import TEMPLATES, VersionStatus
from ..figures import figure_view
from ..forms import CommentForm, FigureForm, MonitoringFigureForm, ReasonForm, RecordPickerFilters, VersionForm
from ..models import ProductImage, ReviewComment
from ..rendering import render_version
from ..services import workflow
from ..workflows import VERSIONS


def _version_url(version, name: str = "version-detail") -> str:
    return reverse(f"publications:{name}", args=[version.product.slug, version.number])


def _steps(user, version) -> set[str]:
    """The steps on this page: those on the version, when it is the product's open one."""
    open_version = version if version.is_open else version.product.versions.open().first()
    if open_version != version:
        return set()
    return selectors.product_steps(user, version.product, open_version) - {"new_version", "unpublish"}


def _review(version, sections, rendered, comments, *, commenting: bool, failed_form=None) -> list[dict]:
    """Per section (first the whole version): its heading, its anchor in the preview, its comments and, while the
    user may comment, a comment form (the failed one again, with its errors, for the section it was sent for)."""
    rendered_sections = {section.key: section for section in rendered.sections}
    keys = ["", *(section.key for section in sections)]
    failed_key = None
    if failed_form is not None:
        failed_key = failed_form.data.get("section_key", "")
        failed_key = failed_key if failed_key in keys else ""
    review = []
    for section in [None, *sections]:
        key = section.key if section else ""
        form = None
        if commenting:
            form = failed_form if failed_key == key else CommentForm(
                version=version, initial={"section_key": key}, auto_id=f"comment-{key or 'all'}-%s")
        review.append({
            "key": key, "heading": section.get_key_display() if section else _("The whole version"),
            "anchor": rendered_sections[key].anchor if key in rendered_sections else "",
            "comments": comments.get(key, []), "form": form})
    return review


def render_version_page(request, version, *, comment_form=None, changes_form=None, errors=()):
    """The preview of ``version`` with its review comments, the checklist and the steps open to the user; a failed
    step shows its form with errors, or the service's ``errors``."""
    user = request.user
    comments = selectors.review_comments(version)
    sections = list(version.sections.all())
    rendered = render_version(version, viewer=user, public=False)
    commenting = version.status == VersionStatus.IN_REVIEW and may_review(user, version)
    if comment_form is not None and not commenting:
        # Refused because the version is no longer in review: no comment form to show the message on.
        errors = [*errors, *(error for field_errors in comment_form.errors.values() for error in field_errors)]
    return render(request, "publications/version_detail.html", {
        "product": version.product, "version": version, "rendered": rendered,
        "review": _review(version, sections, rendered, comments, commenting=commenting, failed_form=comment_form),
        "commenting": commenting, "steps": _steps(user, version), "step_errors": list(errors),
        "checklist": selectors.publish_checklist(version, user, comments, sections) if version.is_open else None,
        "changes_form": changes_form or ReasonForm(auto_id="changes_%s"),
        "may_write": may_write_products(user, version.product.programme),
    })


@login_required
@require_safe
def version_detail(request, slug, number):
    return render_version_page(request, get_version_for_user(request.user, slug, number))


def _picker(request, version, data) -> dict:
    """The record picker: citable records of the product's programme that the user may read, filtered."""
    programme = version.product.programme
    choices = selectors.picker_choices(request.user, programme)
    filters = RecordPickerFilters(data, auto_id="picker-%s", form_id="version-form", **choices)
    values = filters.values()
    records = selectors.citable_records(request.user, programme, values)
    return {"picker": filters, "records": records[:selectors.PICKER_LIMIT], "record_count": records.count(),
            "picker_query": urlencode({name: value for name, value in values.items() if value}),
            "figures": selectors.version_figures(version)}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def version_update(request, slug, number):
    version = get_version_for_user(request.user, slug, number, write=True)
    if request.method != "POST" and version.status != VersionStatus.DRAFT:
        messages.info(request, _("Only a draft can be edited. Start a new version to change a published one."))
        return redirect(_version_url(version))
    data = request.POST if request.method == "POST" else None
    form = VersionForm(data, version=version, user=request.user, initial=VersionForm.initial_for(version))
    if data is not None and "_search" in data:
        # A search in the record picker: show the form again as typed, without saving or checking it.
        form = VersionForm(version=version, user=request.user, initial=VersionForm.initial_from_data(form))
    elif data is not None and form.is_valid():
        try:
            workflow.update_version(version, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error, fields=form.error_fields())
        else:
            messages.success(request, _("Your changes have been saved."))
            if "_continue" in data:
                picker_query = _picker(request, version, data)["picker_query"]
                return redirect(_version_url(version, "version-update") + (f"?{picker_query}" if picker_query else ""))
            return redirect(_version_url(version))
    return render(request, "publications/version_form.html", {
        "product": version.product, "version": version, "form": form,
        **_picker(request, version, data if data is not None else request.GET)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def version_figures(request, slug, number):
    version = get_version_for_user(request.user, slug, number, write=request.method == "POST")
    may_edit = version.status == VersionStatus.DRAFT and may_write_products(request.user, version.product.programme)
    form = FigureForm(request.POST if request.POST.get("action") == "add" else None)
    monitoring_form = MonitoringFigureForm(request.POST if request.POST.get("action") == "add-monitoring" else None,
                                           programme=version.product.programme)
    errors = []
    if request.method == "POST":
        try:
            if monitoring_form.is_bound and monitoring_form.is_valid():
                figure = workflow.add_monitoring_figure(version, by=request.user, **monitoring_form.service_kwargs())
                messages.success(request, _("Figure %(number)s has been added: put [[figure %(number)s]] in a "
                                            "section where it belongs.") % {"number": figure.number})
                return redirect(_version_url(version, "version-figures"))
            if request.POST.get("action") == "remove":
                figure = get_object_or_404(version.figures, pk=as_pk(request.POST.get("figure", "")) or 0)
                workflow.remove_figure(figure, by=request.user)
                messages.success(request, _("Figure %(number)s has been removed.") % {"number": figure.number})
                return redirect(_version_url(version, "version-figures"))
            if form.is_valid():
                figure = workflow.add_figure(version, by=request.user, **form.service_kwargs())
                messages.success(request, _("Figure %(number)s has been added: put [[figure %(number)s]] in a "
                                            "section where it belongs.") % {"number": figure.number})
                return redirect(_version_url(version, "version-figures"))
        except ValidationError as error:
            if monitoring_form.is_bound:
                add_service_errors(monitoring_form, error)
            elif form.is_bound:
                add_service_errors(form, error, fields={"area": "area_code", "indicator": "indicator_code"})
            else:
                errors = error.messages
    # As stored: the snapshot taken when the figure was added or the draft last saved (frozen on publication).
    figures = [(figure, figure_view(figure)) for figure in selectors.version_figures(version)]
    return render(request, "publications/version_figures.html", {
        "product": version.product, "version": version, "figures": figures, "form": form, "may_edit": may_edit,
        "monitoring_form": monitoring_form,
        "step_errors": errors})


@login_required
@require_safe
def version_compare(request, slug, number):
    version = get_version_for_user(request.user, slug, number)
    previous = previous_version(version)
    changes = compare_versions(previous, version) if previous else []
    return render(request, "publications/version_compare.html", {
        "product": version.product, "version": version, "previous": previous,
        "may_write": may_write_products(request.user, version.product.programme),
        "field_changes": [change for change in changes if change.area == "field"],
        "section_changes": [change for change in changes if change.area == "section"]})


def _step(request, version, verb: str, success: str, *, form=None):
    """Take a step of the version's workflow; back to the version with ``success``, or the page again with the
    refusal (on the form, when the step has one)."""
    return take_step(request, VERSIONS, version, verb, form=form, success=success, done=_version_url(version),
                     invalid=lambda form: render_version_page(request, version, changes_form=form),
                     refused=lambda errors: render_version_page(request, version, errors=errors))


@login_required
@require_POST
def version_submit(request, slug, number):
    version = get_version_for_user(request.user, slug, number, write=True)
    return _step(request, version, "submit",
                 _("The version has been submitted for review. Reviewers can comment on its sections now."))


@login_required
@require_POST
def version_request_changes(request, slug, number):
    version = get_version_for_user(request.user, slug, number, write=True)
    return _step(request, version, "request_changes", _("The version is a draft again, for the changes asked."),
                 form=ReasonForm(request.POST, auto_id="changes_%s"))


@login_required
@require_POST
def version_publish(request, slug, number):
    version = get_version_for_user(request.user, slug, number)
    return _step(request, version, "publish",
                 _("Version %(number)s has been published: everyone can read it now.") % {"number": version.number})


@login_required
@require_POST
def comment_create(request, slug, number):
    version = get_version_for_user(request.user, slug, number)
    if not may_review(request.user, version):
        raise Http404
    key = request.POST.get("section_key", "")
    key = key if key in TEMPLATES[version.product.product_type] else "all"
    form = CommentForm(request.POST, version=version, auto_id=f"comment-{key}-%s")
    if form.is_valid():
        try:
            comment = workflow.add_review_comment(version, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your comment has been added."))
            return redirect(f"{_version_url(version)}#comment-{comment.pk}")
    return render_version_page(request, version, comment_form=form)


@login_required
@require_POST
def comment_resolve(request, pk):
    comment = get_object_or_404(ReviewComment.objects.select_related("version__product__programme"), pk=pk)
    version = comment.version
    if not may_read_version(request.user, version):
        raise Http404
    try:
        workflow.resolve_comment(comment, by=request.user)
    except ValidationError as error:
        return render_version_page(request, version, errors=error.messages)
    messages.success(request, _("The comment has been marked as resolved."))
    return redirect(f"{_version_url(version)}#comment-{comment.pk}")


@login_required
@require_safe
def version_image(request, slug, number, token, name):
    """One file of an image placed in a version, for whoever may read the version (a draft's images included)."""
    version = get_version_for_user(request.user, slug, number)
    placement = get_object_or_404(ProductImage.objects.select_related("image"), version=version, image__token=token)
    return serve_variant(request, placement.image.token, name, placement.image.variants, public=False)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def version_images(request, slug, number):
    """The images placed in a version: its cover and those its text shows with ``[[image N]]``."""
    version = get_version_for_user(request.user, slug, number, write=request.method == "POST")
    may_edit = version.status == VersionStatus.DRAFT and may_write_products(request.user, version.product.programme)
    errors = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add":
                image = Image.objects.filter(programme=version.product.programme,
                                             pk=as_pk(request.POST.get("image", "")) or 0).first()
                if image is None:
                    raise ValidationError(_("Choose an image of the programme's library."))
                placement = workflow.add_image(version, by=request.user, image=image,
                                               is_cover=request.POST.get("is_cover") == "on")
                messages.success(request, _("Image %(number)s has been placed: put [[image %(number)s]] in a section "
                                            "where it belongs.") % {"number": placement.number})
            else:
                placement = get_object_or_404(version.images, pk=as_pk(request.POST.get("placement", "")) or 0)
                if action == "cover":
                    workflow.set_cover(placement, by=request.user)
                    messages.success(request, _("Image %(number)s is now the cover.") % {"number": placement.number})
                elif action == "remove":
                    workflow.remove_image(placement, by=request.user)
                    messages.success(request, _("Image %(number)s has been removed.") % {"number": placement.number})
                else:
                    raise Http404
            return redirect(_version_url(version, "version-images"))
        except ValidationError as error:
            errors = error.messages
    rendered = render_version(version, viewer=request.user, public=False)
    placed = {placement.number: placement for placement in version.images.select_related("image")}
    return render(request, "publications/version_images.html", {
        "product": version.product, "version": version, "may_edit": may_edit, "step_errors": errors,
        "placements": [(placed[view.number], view) for view in rendered.images if view.number in placed],
        "library": Image.objects.filter(programme=version.product.programme).order_by("-created_at"),
    })
