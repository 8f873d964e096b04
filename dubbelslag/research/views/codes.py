"""Pages of the codebook, the coding of log entries, memos and the REFI-QDA exchange.

The codebook is read by everyone who takes part in a programme and changed by the programme team; an entry is coded
by whoever may write its experiment's log. Every write goes through ``services.coding`` or ``services.exchange``.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dubbelslag.core.forms import add_service_errors
from dubbelslag.core.params import as_pk, paginate
from dubbelslag.core.spreadsheets import csv_response, spreadsheet_export
from dubbelslag.programme.access import experiment_role, is_programme_team

from .. import codebook as reads
from ..access import (
    get_code_for_user,
    get_entry_for_user,
    get_excerpt_for_user,
    get_experiment_log_for_user,
    get_memo_for_user,
    get_memo_target_for_user,
    may_change_codebook,
    may_read_codebook,
    may_write_log,
)
from ..enums import AnchorStatus
from ..forms.codes import CodebookImportForm, CodeForm, CodeMergeForm, CodingForm, ExcerptForm, MemoForm
from ..models import Code, Coding, Cycle, Excerpt, HarvestRecord, LearningQuestion, LogEntry
from ..services import coding as services
from ..services import exchange
from ..templatetags.research_tags import attach_memo_blocks

PAGE_SIZE = 25
MEMO_KINDS = ("logentry", "excerpt", "cycle", "learningquestion", "code", "harvestrecord")


def _codebook_gate(user, *, write: bool = False) -> None:
    if not may_read_codebook(user):
        raise Http404
    if write and not may_change_codebook(user):
        raise PermissionDenied


def _next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()},
                                                     require_https=request.is_secure()):
        return candidate
    return default


def _download(data: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- The codebook ------------------------------------------------------------------------------------------------


@login_required
@require_safe
def codebook(request):
    _codebook_gate(request.user)
    tree = reads.codebook_tree(request.user)
    return render(request, "research/codebook.html", {
        "tree": tree,
        "items": reads.tree_items(tree),
        "may_change": may_change_codebook(request.user),
    })


def _matrix_wants_sub(request) -> bool:
    return request.GET.get("sub") == "1"


@login_required
@require_safe
def code_matrix(request):
    """Codes × experiments: how many excerpts the user may see have each code in each experiment."""
    _codebook_gate(request.user)
    include_sub = _matrix_wants_sub(request)
    return render(request, "research/code_matrix.html", {
        "matrix": reads.code_matrix(request.user, include_sub=include_sub),
        "include_sub": include_sub,
    })


def code_matrix_rows(matrix: reads.CodeMatrix) -> list[list]:
    """The matrix as rows for a spreadsheet: a header, a row per code, a row of totals."""
    header = [_("code id"), _("code"), _("parent code id"), _("level")]
    header += [f"{column.experiment.title} ({column.experiment.gemeente.name})" for column in matrix.columns]
    header.append(_("total"))
    rows = [header]
    for row in matrix.rows:
        rows.append([row.code.pk, row.code.label, row.code.parent_id or "", row.depth,
                     *(cell.count for cell in row.cells), row.total])
    rows.append(["", _("total (distinct excerpts)"), "", "", *(column.total for column in matrix.columns),
                 matrix.total])
    return rows


@spreadsheet_export
@login_required
@require_safe
def code_matrix_csv(request):
    _codebook_gate(request.user)
    include_sub = _matrix_wants_sub(request)
    matrix = reads.code_matrix(request.user, include_sub=include_sub)
    name = "code-matrix-with-sub-codes.csv" if include_sub else "code-matrix.csv"
    response = csv_response(code_matrix_rows(matrix), filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def code_create(request):
    _codebook_gate(request.user, write=True)
    parent = request.GET.get("parent", "")
    initial = {"parent": parent} if as_pk(parent) is not None else {}
    form = CodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            code = services.create_code(by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The code “%(name)s” has been added.") % {"name": code.name})
            return redirect(code)
    return render(request, "research/code_form.html", {"form": form})


@login_required
@require_safe
def code_detail(request, pk):
    code = get_code_for_user(request.user, pk)
    include_sub = request.GET.get("sub") == "1"
    use = reads.code_use(request.user, code, include_sub=include_sub,
                         experiment_pk=as_pk(request.GET.get("experiment", "")))
    if use.experiment_missing:
        messages.info(request, _("No excerpts with this code in that experiment; showing all experiments."))
    return render(request, "research/code_detail.html", {
        "code": code,
        "ancestors": reads.code_ancestors(code),
        "children": code.children.order_by("position", "name"),
        "page": paginate(use.codings, PAGE_SIZE, request.GET.get("page")),
        "experiments": use.experiments,
        "experiment": use.experiment,
        "include_sub": include_sub,
        "has_children": code.children.exists(),
        "may_change": may_change_codebook(request.user),
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def code_update(request, pk):
    code = get_code_for_user(request.user, pk, write=True)
    form = CodeForm(request.POST or None, initial=CodeForm.initial_for(code), code=code)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_code(code, by=request.user, version=form.cleaned_data["version"] or 0,
                                 **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(code)
    return render(request, "research/code_form.html", {"form": form, "code": code})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def code_merge(request, pk):
    code = get_code_for_user(request.user, pk, write=True)
    form = CodeMergeForm(request.POST or None, code=code)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.merge_code(code, into=form.cleaned_data["into"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _(
                "The code has been merged into “%(into)s”: %(moved)d codings moved, %(dropped)d duplicate codings "
                "dropped, %(children)d sub-codes and %(memos)d memos moved.") % {
                "into": result.into.name, "moved": result.moved_codings, "dropped": result.dropped_codings,
                "children": result.moved_children, "memos": result.moved_memos})
            return redirect(result.into)
    return render(request, "research/code_merge.html", {"form": form, "code": code,
                                                        "usage": services.code_usage(code)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def code_delete(request, pk):
    code = get_code_for_user(request.user, pk, write=True)
    usage = services.code_usage(code)
    if request.method == "POST":
        try:
            services.delete_code(code, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(code)
        messages.success(request, _("The code “%(name)s” has been deleted.") % {"name": code.name})
        return redirect("research:codebook")
    return render(request, "research/code_confirm_delete.html", {"code": code, "usage": usage,
                                                                 "in_use": any(usage.values())})


# --- REFI-QDA exchange -------------------------------------------------------------------------------------------


@login_required
@require_safe
def codebook_export(request):
    _codebook_gate(request.user)
    try:
        data = exchange.export_codebook()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("research:codebook")
    return _download(data, filename="dubbelslag-codebook.qdc", content_type="application/xml; charset=utf-8")


@login_required
@require_safe
def project_export(request):
    """The entries the user may read (of one experiment with ``?experiment=<pk>``) as a REFI-QDA project."""
    _codebook_gate(request.user)
    experiments = None
    experiment_pk = as_pk(request.GET.get("experiment", ""))
    if experiment_pk is not None:
        experiment, _role = get_experiment_log_for_user(request.user, experiment_pk)
        experiments = [experiment]
    try:
        data = exchange.export_project(request.user, experiments=experiments)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("research:codebook")
    name = f"dubbelslag-experiment-{experiments[0].pk}.qdpx" if experiments else "dubbelslag-research-log.qdpx"
    return _download(data, filename=name, content_type="application/zip")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def codebook_import(request):
    _codebook_gate(request.user, write=True)
    form = CodebookImportForm(request.POST or None, request.FILES or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        limit = settings.REFI_QDA_MAX_UPLOAD_BYTES
        if upload.size > limit:
            form.add_error("file", _("The file is %(size)s MB; the limit is %(limit)s MB. Nothing has been imported.")
                           % {"size": f"{upload.size / 1_048_576:.1f}", "limit": f"{limit / 1_048_576:.1f}"})
        else:
            try:
                summary = exchange.import_codebook(upload.read(), by=request.user)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("file", message)
            else:
                messages.success(request, _("The codebook has been imported: %(created)d codes added, %(updated)d "
                                            "updated, %(unchanged)d unchanged.") % {
                    "created": len(summary.created), "updated": len(summary.updated),
                    "unchanged": len(summary.unchanged)})
    return render(request, "research/codebook_import.html", {
        "form": form, "summary": summary, "max_mb": f"{settings.REFI_QDA_MAX_UPLOAD_BYTES / 1_048_576:.0f}"})


# --- Coding an entry ---------------------------------------------------------------------------------------------


def _entry_code_context(request, entry: LogEntry, *, excerpt_form=None) -> dict:
    may_write = may_write_log(experiment_role(request.user, entry.experiment))
    excerpts = list(entry.excerpts.select_related("created_by").prefetch_related("codings__code",
                                                                                 "codings__coder"))
    # services.may_remove_coding's rule (own codings; the programme team anyone's), asking for the team once.
    team = may_write and is_programme_team(request.user, entry.experiment.programme)
    for excerpt in excerpts:
        excerpt.removable = {coding.pk for coding in excerpt.codings.all()
                             if may_write and (team or coding.coder_id == request.user.pk)}
    # The excerpts are the entry's, which the user may read (and write on when ``may_write``).
    attach_memo_blocks(excerpts, request.user, may_write=may_write)
    return {
        "entry": entry,
        "segments": reads.highlight_segments(entry.text, excerpts),
        "excerpts": excerpts,
        "lost": [excerpt for excerpt in excerpts if excerpt.anchor_status == AnchorStatus.LOST],
        "may_write": may_write,
        "excerpt_form": excerpt_form or (ExcerptForm() if may_write else None),
        "code_groups": _option_groups(reads.grouped_code_choices()) if may_write else [],
        "entry_url": reverse("research:entry-detail", args=[entry.pk]),
        "log_url": reverse("research:experiment-log", args=[entry.experiment_id]),
    }


def _option_groups(choices) -> list[dict]:
    """Grouped choices in a shape a template can tell apart: ``{"label", "value"}`` or ``{"label", "options"}``."""
    groups = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            groups.append({"label": value, "options": label})
        else:
            groups.append({"label": label, "value": value})
    return groups


@login_required
@require_safe
def entry_code(request, pk):
    entry = get_entry_for_user(request.user, pk)
    return render(request, "research/entry_code.html", _entry_code_context(request, entry))


@login_required
@require_POST
def excerpt_create(request, pk):
    entry = get_entry_for_user(request.user, pk, write=True)
    form = ExcerptForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            excerpt = services.mark_excerpt(entry, by=request.user, start=data["start"], end=data["end"],
                                            quote=data["quote"], codes=data["codes"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The passage has been marked."))
            return redirect(reverse("research:entry-code", args=[entry.pk]) + f"#excerpt-{excerpt.pk}")
    return render(request, "research/entry_code.html", _entry_code_context(request, entry, excerpt_form=form))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def excerpt_delete(request, pk):
    excerpt = get_excerpt_for_user(request.user, pk, write=True)
    back = reverse("research:entry-code", args=[excerpt.entry_id])
    if request.method == "POST":
        try:
            services.delete_excerpt(excerpt, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(f"{back}#excerpt-{excerpt.pk}")
        messages.success(request, _("The excerpt and its codings have been deleted."))
        return redirect(back)
    return render(request, "research/excerpt_confirm_delete.html", {
        "excerpt": excerpt, "back": back, "records": excerpt.harvest_records.all(),
        "codings": excerpt.codings.select_related("code", "coder")})


@login_required
@require_POST
def coding_create(request, pk):
    excerpt = get_excerpt_for_user(request.user, pk, write=True)
    form = CodingForm(request.POST)
    back = reverse("research:entry-code", args=[excerpt.entry_id]) + f"#excerpt-{excerpt.pk}"
    if not form.is_valid():
        messages.error(request, _("Choose a code to apply."))
        return redirect(back)
    try:
        services.apply_code(excerpt, code=form.cleaned_data["code"], by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The code “%(name)s” has been applied.") % {"name": form.cleaned_data["code"]})
    return redirect(back)


@login_required
@require_POST
def coding_delete(request, pk):
    coding = get_object_or_404(Coding.objects.select_related("code"), pk=pk)
    excerpt = get_excerpt_for_user(request.user, coding.excerpt_id, write=True)
    coding.excerpt = excerpt
    if not services.may_remove_coding(request.user, coding):
        raise PermissionDenied
    services.remove_coding(coding, by=request.user)
    messages.success(request, _("The code “%(name)s” has been removed from the excerpt.") % {"name": coding.code})
    return redirect(reverse("research:entry-code", args=[excerpt.entry_id]) + f"#excerpt-{excerpt.pk}")


# --- Memos -------------------------------------------------------------------------------------------------------


def target_url(target) -> str:
    """Where a memo's target is shown (with its memos)."""
    if isinstance(target, Code):
        return reverse("research:code-detail", args=[target.pk])
    if isinstance(target, Excerpt):
        return reverse("research:entry-code", args=[target.entry_id]) + f"#excerpt-{target.pk}"
    if isinstance(target, LogEntry):
        return reverse("research:entry-detail", args=[target.pk])
    if isinstance(target, Cycle):
        return reverse("research:cycle-detail", args=[target.pk])
    if isinstance(target, LearningQuestion):
        return reverse("research:experiment-log", args=[target.experiment_id])
    if isinstance(target, HarvestRecord):
        return reverse("research:record-detail", args=[target.pk])
    return reverse("research:memo-list")


@login_required
@require_safe
def memo_list(request):
    kind = request.GET.get("kind", "")
    kind = kind if kind in MEMO_KINDS else ""
    mine = request.GET.get("mine") == "1"
    page = paginate(reads.memos_for(request.user, kind=kind, mine=mine), PAGE_SIZE, request.GET.get("page"))
    items = reads.with_targets(page.object_list)
    for memo in items:
        memo.target_link = target_url(memo.target_object) if memo.target_object is not None else None
    kinds = [(model._meta.model_name, model._meta.verbose_name) for model in reads.MEMO_TARGET_MODELS]
    return render(request, "research/memo_list.html", {"page": page, "memos": items, "kind": kind, "kinds": kinds,
                                                       "mine": mine})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def memo_create(request, model, pk):
    target = get_memo_target_for_user(request.user, model, pk, write=True)
    form = MemoForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_memo(target, by=request.user, title=form.cleaned_data["title"],
                              text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your memo has been saved."))
            return redirect(_next_url(request, target_url(target)))
    return render(request, "research/memo_form.html", {
        "form": form, "target": target, "target_link": target_url(target),
        "next": _next_url(request, "")})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def memo_update(request, pk):
    memo = get_memo_for_user(request.user, pk, write=True)
    target = memo.target
    form = MemoForm(request.POST or None, initial=MemoForm.initial_for(memo))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_memo(memo, by=request.user, version=form.cleaned_data["version"] or 0,
                                 title=form.cleaned_data["title"], text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(_next_url(request, target_url(target)))
    return render(request, "research/memo_form.html", {
        "form": form, "memo": memo, "target": target, "target_link": target_url(target),
        "next": _next_url(request, "")})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def memo_delete(request, pk):
    memo = get_memo_for_user(request.user, pk, write=True)
    target = memo.target
    if request.method == "POST":
        services.delete_memo(memo, by=request.user)
        messages.success(request, _("The memo has been deleted."))
        return redirect(_next_url(request, target_url(target)))
    return render(request, "research/memo_confirm_delete.html", {
        "memo": memo, "target": target, "target_link": target_url(target), "next": _next_url(request, "")})


urlpatterns = [
    path("codes/", codebook, name="codebook"),
    path("codes/nieuw/", code_create, name="code-create"),
    path("codes/matrix/", code_matrix, name="code-matrix"),
    path("codes/matrix/csv/", code_matrix_csv, name="code-matrix-csv"),
    path("codes/export/codeboek.qdc", codebook_export, name="codebook-export"),
    path("codes/export/project.qdpx", project_export, name="project-export"),
    path("codes/importeren/", codebook_import, name="codebook-import"),
    path("codes/<int:pk>/", code_detail, name="code-detail"),
    path("codes/<int:pk>/bewerken/", code_update, name="code-update"),
    path("codes/<int:pk>/samenvoegen/", code_merge, name="code-merge"),
    path("codes/<int:pk>/verwijderen/", code_delete, name="code-delete"),
    path("logboek/<int:pk>/coderen/", entry_code, name="entry-code"),
    path("logboek/<int:pk>/fragmenten/", excerpt_create, name="excerpt-create"),
    path("fragmenten/<int:pk>/verwijderen/", excerpt_delete, name="excerpt-delete"),
    path("fragmenten/<int:pk>/coderingen/", coding_create, name="coding-create"),
    path("coderingen/<int:pk>/verwijderen/", coding_delete, name="coding-delete"),
    path("memos/", memo_list, name="memo-list"),
    path("memos/nieuw/<str:model>/<int:pk>/", memo_create, name="memo-create"),
    path("memos/<int:pk>/bewerken/", memo_update, name="memo-update"),
    path("memos/<int:pk>/verwijderen/", memo_delete, name="memo-delete"),
]
