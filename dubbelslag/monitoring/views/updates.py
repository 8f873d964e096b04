"""Reporting an update (part U of issue 15): the update page (create, edit, save and submit), the update's own page
with its workflow steps and comments, and its attachments.

Every write is a service call; every read goes through a gate: 404 for who may not read the experiment, 403 for
who may read but not take the step.
"""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dubbelslag.core.forms import add_service_errors
from dubbelslag.core.workflow_views import take_step

from .. import selectors_updates, services
from ..access import (
    get_attachment_for_user,
    get_indicator_for_user,
    get_update_for_user,
    may_comment,
    may_report,
    may_report_update,
)
from ..enums import UpdateStatus, Verb
from ..forms_updates import AttachmentForm, CommentForm, StepForm, UpdateForm
from ..models import ReportingPeriod
from ..workflows import UPDATES

EDITABLE = {UpdateStatus.DRAFT, UpdateStatus.RETURNED}


def _detail_url(update) -> str:
    return reverse("monitoring:update-detail", args=[update.pk])


def _edit_url(update) -> str:
    return reverse("monitoring:update-edit", args=[update.indicator_id, update.period_id])


# --- The update page ---------------------------------------------------------------------------------------------

def _reporting_gate(user, indicator_pk: int, period_pk: int):
    """The experiment's indicator and a period of its programme: 404 unless readable (a shared indicator is
    reported on through its adoptions), 403 for who may read but not report."""
    indicator = get_indicator_for_user(user, indicator_pk)
    if indicator.is_shared:
        raise Http404
    period = get_object_or_404(ReportingPeriod, pk=period_pk, programme_id=indicator.programme_id)
    if not may_report(user, indicator.experiment):
        raise PermissionDenied
    return indicator, period


def _render_edit(request, indicator, period, update, *, form=None, attachment_form=None, status=200):
    context = selectors_updates.reporting_context(indicator, period)
    if form is None:
        form = UpdateForm(indicator=indicator, update=update, user=request.user, categories=context["categories"])
    return render(request, "monitoring/update_form.html", {
        **context, "indicator": indicator, "period": period, "experiment": indicator.experiment, "update": update,
        "form": form, "attachment_form": attachment_form or AttachmentForm(),
        "max_mb": services.max_upload_bytes() / 1_048_576,
    }, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def update_edit(request, indicator_pk, period_pk):
    indicator, period = _reporting_gate(request.user, indicator_pk, period_pk)
    update = selectors_updates.update_for_page(indicator, period)
    if update is not None and update.status not in EDITABLE:
        messages.info(request, _("This update is “%(status)s”; it can be changed once it is returned.")
                      % {"status": update.get_status_display()})
        return redirect(_detail_url(update))
    if request.method != "POST":
        return _render_edit(request, indicator, period, update)
    form = UpdateForm(request.POST, indicator=indicator, update=update, user=request.user,
                      categories=selectors_updates.reporting_context(indicator, period)["categories"])
    if form.is_valid():
        submit = request.POST.get("action") == "submit"
        save = services.save_and_submit if submit else services.save_draft
        try:
            update = save(indicator, period, by=request.user, **form.service_kwargs())
        except ValidationError as refused:
            form.add_refusal(refused)
        else:
            if submit:
                messages.success(request, _("The update has been submitted for approval."))
                return redirect(_detail_url(update))
            messages.success(request, _("The draft has been saved."))
            return redirect(_edit_url(update))
    return _render_edit(request, indicator, period, update, form=form, status=400)


# --- The update's own page and its steps -------------------------------------------------------------------------

def _score_label(update) -> str:
    labels = update.indicator.score_labels
    return labels[update.score - 1] if update.score and update.score <= len(labels) else ""


def _render_detail(request, update, *, step_forms=None, comment_form=None, status=200):
    user = request.user
    verbs = UPDATES.available(user, update)
    forms = {verb: StepForm(initial={"version": update.version}, reason_required=verb == Verb.RETURN,
                            prefix=verb) for verb in verbs}
    forms.update(step_forms or {})
    return render(request, "monitoring/update_detail.html", {
        **selectors_updates.update_page(update, user), "update": update, "indicator": update.indicator,
        "period": update.period, "experiment": update.indicator.experiment, "verbs": verbs, "step_forms": forms,
        "may_edit": update.status in EDITABLE and may_report_update(user, update),
        "may_comment": may_comment(user, update), "comment_form": comment_form or CommentForm(),
        "score_label": _score_label(update),
    }, status=status)


@login_required
@require_safe
def update_detail(request, pk):
    update = get_update_for_user(request.user, pk)
    return _render_detail(request, update)


STEPS = {
    Verb.SUBMIT: (services.submit_update, lambda: _("The update has been submitted for approval.")),
    Verb.APPROVE: (services.approve_update, lambda: _("The update has been approved.")),
    Verb.RETURN: (services.return_update, lambda: _("The update has been returned; the reporter sees your "
                                                    "reason at the top of it.")),
}


@login_required
@require_POST
def update_step(request, pk, verb):
    """Submit, approve or return as posted from the update's page: a stale version or a missing reason shows the
    page again with the problem beside the step; a step the state no longer allows becomes a message."""
    if verb not in STEPS:
        raise Http404
    update = get_update_for_user(request.user, pk)
    service, success = STEPS[verb]
    form = StepForm(request.POST, reason_required=verb == Verb.RETURN, prefix=verb)
    return take_step(
        request, UPDATES, update, verb, success=success(), done=_detail_url(update), form=form,
        invalid=lambda form: _render_detail(request, update, step_forms={verb: form}, status=400),
        run=lambda **values: service(update, by=request.user, **values))


@login_required
@require_POST
def update_comment(request, pk):
    update = get_update_for_user(request.user, pk)
    if not may_comment(request.user, update):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_on_update(update, by=request.user, text=form.cleaned_data["text"])
        except ValidationError as refused:
            form.add_error("text", refused.messages)
        else:
            messages.success(request, _("Your comment has been added."))
            return redirect(_detail_url(update) + "#comments")
    return _render_detail(request, update, comment_form=form, status=400)


# --- Attachments ---------------------------------------------------------------------------------------------------

@login_required
@require_POST
def attachment_add(request, pk):
    update = get_update_for_user(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(update, by=request.user, file=form.cleaned_data["file"])
        except ValidationError as refused:
            add_service_errors(form, refused)
        else:
            messages.success(request, _("The file has been attached."))
            return redirect(_edit_url(update) + "#attachments")
    if update.status not in EDITABLE:  # submitted or approved meanwhile: its page says so, not a form
        for message in form.non_field_errors():
            messages.error(request, message)
        return redirect(_detail_url(update))
    return _render_edit(request, update.indicator, update.period, selectors_updates.update_for_page(
        update.indicator, update.period), attachment_form=form, status=400)


@login_required
@require_safe
def attachment_download(request, pk):
    """The file, to those who may read its update, as a download that browsers do not sniff or render."""
    attachment = get_attachment_for_user(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name or
                            os.path.basename(attachment.file.name), content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_remove(request, pk):
    attachment = get_attachment_for_user(request.user, pk, write=True)
    update = attachment.update
    try:
        services.remove_attachment(attachment, by=request.user)
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return redirect(_detail_url(update))
    messages.success(request, _("The attachment “%(name)s” has been removed.") % {"name": attachment.original_name})
    return redirect(_edit_url(update) + "#attachments")
