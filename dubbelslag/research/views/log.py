"""Pages of the research log: the research overview, an experiment's log (learning agenda, cycles, entries), the
forms that write them, attachments and the export of the log.

Everything is read through the gates in ``access.py`` (404 for whoever may not read the experiment, 403 for a reader
who tries to write) and written through ``services.log``.
"""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dubbelslag.core.forms import add_service_errors
from dubbelslag.core.params import as_pk, paginate
from dubbelslag.core.spreadsheets import csv_response, spreadsheet_export
from dubbelslag.programme.access import experiment_role
from dubbelslag.programme.selectors import audit_trail

from .. import exports, selectors
from ..access import (
    get_attachment_for_user,
    get_cycle_for_user,
    get_entry_for_user,
    get_experiment_log_for_user,
    get_learning_question_for_user,
    may_read_codebook,
    may_write_log,
)
from ..enums import AnchorStatus, CyclePhase
from ..forms import log as forms
from ..services import log as services

PAGE_SIZE = 20
HOME_PAGE_SIZE = 20


# --- Helpers -----------------------------------------------------------------------------------------------------


def with_phase(cycle, today=None):
    """``cycle`` with ``phase_today`` (the phase's value, or None) and ``phase_label`` set, for templates."""
    if cycle is not None:
        cycle.phase_today = cycle.current_phase(today)
        cycle.phase_label = CyclePhase(cycle.phase_today).label if cycle.phase_today else ""
    return cycle


def current_cycle(cycles, today=None):
    """The cycle running today (the latest started when several run), else the last one; None without cycles."""
    cycles = list(cycles)
    running = [cycle for cycle in cycles if cycle.current_phase(today) is not None]
    if running:
        return max(running, key=lambda cycle: cycle.number)
    return max(cycles, key=lambda cycle: cycle.number) if cycles else None


def _opening_mark(excerpt, depth: int) -> str:
    labels = ", ".join(getattr(excerpt, "code_labels", []))
    if labels:
        return format_html('<mark id="excerpt-{}" class="excerpt depth-{}" title="{}">', excerpt.pk, depth, labels)
    return format_html('<mark id="excerpt-{}" class="excerpt depth-{}">', excerpt.pk, depth)


def marked_text(text: str, excerpts) -> SafeString:
    """The raw text, escaped, with each excerpt (not lost) wrapped in ``<mark>``; the excerpt's first piece carries
    ``id="excerpt-<pk>"`` so a link can jump to it. Overlapping excerpts are cut into pieces at every boundary, so the
    marks nest properly; ``depth-N`` says how many excerpts cover a piece."""
    length = len(text)
    spans = []
    for excerpt in excerpts:
        if excerpt.anchor_status == AnchorStatus.LOST:
            continue
        start, end = min(excerpt.start, length), min(excerpt.end, length)
        if start < end:
            spans.append((excerpt, start, end))
    points = sorted({0, length, *(start for _e, start, _end in spans), *(end for _e, _start, end in spans)})
    pieces = []
    for begin, finish in zip(points, points[1:], strict=False):
        piece = escape(text[begin:finish])
        covering = [excerpt for excerpt, start, end in spans if start <= begin and finish <= end]
        if not covering:
            pieces.append(piece)
            continue
        depth = min(len(covering), 3)
        starting = sorted((excerpt for excerpt, start, _end in spans if start == begin), key=lambda e: e.pk)
        if starting:
            opening = "".join(_opening_mark(excerpt, depth) for excerpt in starting)
            pieces.append(f"{opening}{piece}{'</mark>' * len(starting)}")
        else:
            pieces.append(f'<mark class="excerpt depth-{depth}">{piece}</mark>')
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text is escaped above


def _save_or_errors(form, call):
    """Run a service; on refusal show its messages on ``form`` and return None."""
    try:
        return call()
    except ValidationError as error:
        add_service_errors(form, error)
        return None


# --- Overview pages ----------------------------------------------------------------------------------------------


@login_required
@require_safe
def home(request):
    """The research overview: the experiments the user may read, each with its open learning questions, its current
    cycle and its latest entries; links to the codebook, the harvest register and search."""
    page = paginate(selectors.research_overview(request.user), HOME_PAGE_SIZE, request.GET.get("page"))
    today = timezone.localdate()
    for experiment in page:
        experiment.current_cycle = with_phase(current_cycle(experiment.all_cycles, today), today)
    return render(request, "research/home.html", {"page": page, "today": today,
                                                  "takes_part": may_read_codebook(request.user)})


def _entries(experiment, filters: dict):
    entries = experiment.log_entries.select_related("author", "cycle").prefetch_related("attachments")
    if filters.get("kind"):
        entries = entries.filter(kind=filters["kind"])
    if filters.get("cycle"):
        entries = entries.filter(cycle=filters["cycle"])
    if filters.get("question"):
        entries = entries.filter(learning_questions=filters["question"])
    if filters.get("q"):
        entries = entries.filter(Q(title__icontains=filters["q"]) | Q(text__icontains=filters["q"]))
    return entries.order_by("-occurred_on", "-pk")


@login_required
@require_safe
def experiment_log(request, pk):
    experiment, role = get_experiment_log_for_user(request.user, pk)
    filter_form = forms.EntryFilterForm(request.GET, experiment=experiment)
    filters = filter_form.filters()
    page = paginate(_entries(experiment, filters), PAGE_SIZE, request.GET.get("page"))
    cycles = list(experiment.cycles.order_by("number"))
    today = timezone.localdate()
    for cycle in cycles:
        with_phase(cycle, today)
    return render(request, "research/experiment_log.html", {
        "experiment": experiment, "role": role, "may_write": may_write_log(role),
        "questions": experiment.learning_questions.select_related("knowledge_question"),
        "cycles": cycles, "current_cycle": current_cycle(cycles, today),
        "filter_form": filter_form, "filtered": bool(filters), "page": page,
    })


# --- Learning questions ------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def learning_question_create(request, pk):
    experiment, _role = get_experiment_log_for_user(request.user, pk, write=True)
    form = forms.LearningQuestionForm(request.POST or None, experiment=experiment, user=request.user, editing=False)
    if request.method == "POST" and form.is_valid():
        question = _save_or_errors(form, lambda: services.create_learning_question(
            experiment=experiment, by=request.user, **form.cleaned_data))
        if question is not None:
            messages.success(request, _("The learning question has been added to the learning agenda."))
            return redirect(reverse("research:experiment-log", args=[experiment.pk]) + "#learning-agenda")
    return render(request, "research/learning_question_form.html", {"form": form, "experiment": experiment})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def learning_question_update(request, pk):
    question = get_learning_question_for_user(request.user, pk, write=True)
    experiment = question.experiment
    form = forms.LearningQuestionForm(request.POST or None, experiment=experiment, user=request.user, editing=True,
                                      initial=forms.LearningQuestionForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        saved = _save_or_errors(form, lambda: services.update_learning_question(
            question, by=request.user, **form.service_kwargs()))
        if saved is not None:
            messages.success(request, _("Your changes have been saved."))
            return redirect(reverse("research:experiment-log", args=[experiment.pk]) + "#learning-agenda")
    return render(request, "research/learning_question_form.html",
                  {"form": form, "experiment": experiment, "question": question})


# --- Cycles ------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cycle_create(request, pk):
    experiment, _role = get_experiment_log_for_user(request.user, pk, write=True)
    form = forms.CycleForm(request.POST or None, experiment=experiment, editing=False,
                           initial={"plan_starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        cycle = _save_or_errors(form, lambda: services.create_cycle(
            experiment=experiment, by=request.user, **form.cleaned_data))
        if cycle is not None:
            messages.success(request, _("Cycle %(number)d has been started.") % {"number": cycle.number})
            return redirect("research:cycle-detail", cycle.pk)
    return render(request, "research/cycle_form.html", {"form": form, "experiment": experiment})


@login_required
@require_safe
def cycle_detail(request, pk):
    cycle = get_cycle_for_user(request.user, pk)
    experiment = cycle.experiment
    return render(request, "research/cycle_detail.html", {
        "cycle": with_phase(cycle), "experiment": experiment,
        "may_write": may_write_log(experiment_role(request.user, experiment)),
        "questions": cycle.learning_questions.all(),
        "entries": cycle.entries.select_related("author").order_by("-occurred_on", "-pk"),
        "audit_events": audit_trail(cycle),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cycle_update(request, pk):
    cycle = get_cycle_for_user(request.user, pk, write=True)
    form = forms.CycleForm(request.POST or None, experiment=cycle.experiment, editing=True,
                           initial=forms.CycleForm.initial_for(cycle))
    if request.method == "POST" and form.is_valid():
        saved = _save_or_errors(form, lambda: services.update_cycle(cycle, by=request.user, **form.service_kwargs()))
        if saved is not None:
            messages.success(request, _("Your changes have been saved."))
            return redirect("research:cycle-detail", cycle.pk)
    return render(request, "research/cycle_form.html", {"form": form, "experiment": cycle.experiment, "cycle": cycle})


# --- Entries -----------------------------------------------------------------------------------------------------


def _entry_initial(request, experiment) -> dict:
    initial = {"occurred_on": timezone.localdate()}
    cycle = as_pk(request.GET.get("cycle", ""))
    if cycle is not None and experiment.cycles.filter(pk=cycle).exists():
        initial["cycle"] = cycle
    else:
        running = current_cycle(experiment.cycles.all())
        if running is not None and running.current_phase() is not None:
            initial["cycle"] = running.pk
    question = as_pk(request.GET.get("question", ""))
    if question is not None and experiment.learning_questions.filter(pk=question).exists():
        initial["learning_questions"] = [question]
    return initial


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry_create(request, pk):
    experiment, _role = get_experiment_log_for_user(request.user, pk, write=True)
    form = forms.EntryForm(request.POST or None, request.FILES or None, experiment=experiment, editing=False,
                           initial=_entry_initial(request, experiment))
    if request.method == "POST" and form.is_valid():
        entry = _save_or_errors(form, lambda: services.create_entry(
            experiment=experiment, by=request.user, **form.create_kwargs()))
        if entry is not None:
            messages.success(request, _("The entry has been added to the log."))
            return redirect(entry)
    return render(request, "research/entry_form.html", {"form": form, "experiment": experiment})


@login_required
@require_safe
def entry_detail(request, pk):
    entry = get_entry_for_user(request.user, pk)
    role = experiment_role(request.user, entry.experiment)
    contents = selectors.entry_contents(entry, request.user)
    return render(request, "research/entry_detail.html", {
        "entry": entry, "experiment": entry.experiment, "may_write": may_write_log(role),
        "marked_text": marked_text(entry.text, contents.excerpts),
        "excerpts": contents.excerpts, "lost_excerpts": contents.lost,
        "attachments": contents.attachments, "questions": contents.questions, "records": contents.records,
        "audit_events": audit_trail(entry),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry_update(request, pk):
    entry = get_entry_for_user(request.user, pk, write=True)
    form = forms.EntryForm(request.POST or None, experiment=entry.experiment, editing=True,
                           initial=forms.EntryForm.initial_for(entry))
    if request.method == "POST" and form.is_valid():
        saved = _save_or_errors(form, lambda: services.update_entry(entry, by=request.user, **form.service_kwargs()))
        if saved is not None:
            messages.success(request, _("Your changes have been saved."))
            lost = saved.reanchored.get(AnchorStatus.LOST, 0)
            if lost:
                messages.warning(request, ngettext(
                    "%(count)d excerpt is no longer found in the text; its quote is kept below the text.",
                    "%(count)d excerpts are no longer found in the text; their quotes are kept below the text.",
                    lost) % {"count": lost})
            return redirect(saved)
    return render(request, "research/entry_form.html", {
        "form": form, "experiment": entry.experiment, "entry": entry, "excerpt_count": entry.excerpts.count()})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def entry_delete(request, pk):
    entry = get_entry_for_user(request.user, pk, write=True)
    error = None
    if request.method == "POST":
        try:
            services.delete_entry(entry, by=request.user)
        except ValidationError as refused:
            error = refused
        else:
            messages.success(request, _("The entry has been deleted."))
            return redirect("research:experiment-log", entry.experiment_id)
    return render(request, "research/entry_confirm_delete.html", {
        "entry": entry, "experiment": entry.experiment, "errors": error.messages if error else [],
        "excerpt_count": entry.excerpts.count(), "attachment_count": entry.attachments.count(),
    }, status=400 if error else 200)


# --- Attachments -------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attachment_upload(request, pk):
    entry = get_entry_for_user(request.user, pk, write=True)
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attachment = _save_or_errors(form, lambda: services.add_attachment(
            entry, by=request.user, title=form.cleaned_data["title"], file=form.cleaned_data["file"]))
        if attachment is not None:
            messages.success(request, _("The file has been attached."))
            return redirect(reverse("research:entry-detail", args=[entry.pk]) + "#attachments")
    return render(request, "research/attachment_upload.html", {
        "form": form, "entry": entry, "experiment": entry.experiment,
        "max_mb": services.max_upload_bytes() / 1_048_576})


@login_required
@require_safe
def attachment_download(request, pk):
    """The file, to those who may read its entry, as a download that browsers do not sniff or render."""
    attachment = get_attachment_for_user(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=os.path.basename(attachment.file.name),
                            content_type=attachment.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = get_attachment_for_user(request.user, pk, write=True)
    entry = attachment.entry
    services.delete_attachment(attachment, by=request.user)
    messages.success(request, _("The attachment “%(title)s” has been removed.") % {"title": attachment.title})
    return redirect(reverse("research:entry-detail", args=[entry.pk]) + "#attachments")


# --- Export ------------------------------------------------------------------------------------------------------

EXPORT_FORMATS = ("md", "csv")
def _export_data(experiment):
    cycles = list(experiment.cycles.prefetch_related("learning_questions").order_by("number"))
    entries = list(experiment.log_entries.select_related("author", "cycle").prefetch_related(
        "learning_questions", "attachments").order_by("occurred_on", "pk"))
    return cycles, entries


@spreadsheet_export
@login_required
@require_safe
def experiment_log_export(request, pk):
    """The experiment's learning agenda, cycles and entries as Markdown (``?format=md``, the default) or CSV
    (``?format=csv``), for those who may read the experiment."""
    experiment, _role = get_experiment_log_for_user(request.user, pk)
    export_format = request.GET.get("format", "md")
    if export_format not in EXPORT_FORMATS:
        export_format = "md"
    cycles, entries = _export_data(experiment)
    stem = f"onderzoekslog-{experiment.pk}-{timezone.localdate():%Y%m%d}"
    if export_format == "csv":
        response = csv_response(exports.log_rows(cycles, entries), filename=f"{stem}.csv")
    else:
        content = render_to_string("research/experiment_log_export.md", {
            "experiment": experiment, "cycles": cycles, "entries": entries, "exported_at": timezone.localtime(),
            "questions": experiment.learning_questions.select_related("knowledge_question"),
        }, request=request)
        response = HttpResponse(content, content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.md"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("", home, name="home"),
    path("experimenten/<int:pk>/", experiment_log, name="experiment-log"),
    path("experimenten/<int:pk>/export/", experiment_log_export, name="experiment-log-export"),
    path("experimenten/<int:pk>/leervragen/nieuw/", learning_question_create, name="learning-question-create"),
    path("leervragen/<int:pk>/bewerken/", learning_question_update, name="learning-question-update"),
    path("experimenten/<int:pk>/cycli/nieuw/", cycle_create, name="cycle-create"),
    path("cycli/<int:pk>/", cycle_detail, name="cycle-detail"),
    path("cycli/<int:pk>/bewerken/", cycle_update, name="cycle-update"),
    path("experimenten/<int:pk>/logboek/nieuw/", entry_create, name="entry-create"),
    path("logboek/<int:pk>/", entry_detail, name="entry-detail"),
    path("logboek/<int:pk>/bewerken/", entry_update, name="entry-update"),
    path("logboek/<int:pk>/verwijderen/", entry_delete, name="entry-delete"),
    path("logboek/<int:pk>/bijlagen/nieuw/", attachment_upload, name="attachment-upload"),
    path("bijlagen/<int:pk>/", attachment_download, name="attachment-download"),
    path("bijlagen/<int:pk>/verwijderen/", attachment_delete, name="attachment-delete"),
]
