"""The one view helper for "POST a step of a workflow, with an optional reason or a small form"."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from .forms import add_service_errors
from .workflow import Workflow


def take_step(request, workflow: Workflow, obj, verb: str, *, success: str, done, form=None,
              invalid: Callable[[object], HttpResponse] | None = None,
              refused: Callable[[list[str]], HttpResponse] | None = None, run: Callable | None = None,
              data: dict | None = None) -> HttpResponse:
    """Gate → the state allows the step → the form → the executor → a message and a redirect to ``done``.

    403 without the right to take ``verb``. A step the state no longer allows (someone else was quicker) is
    refused with the declaration's message. A form that does not validate, or a refusal that names one of its
    fields, is shown by ``invalid(form)`` (the page again, with the errors); any other refusal is shown by
    ``refused(messages)``, or becomes a message on the page ``done`` leads to.
    ``run(**data)`` takes the step (default: ``workflow.apply`` as the user), ``data`` being the form's
    ``service_kwargs()`` or cleaned data, plus ``data``."""
    if not workflow.may(request.user, obj, verb):
        raise PermissionDenied
    if not workflow.allows(obj, verb):
        return _refuse(request, workflow.refusal(obj, verb).messages, done=done, refused=refused)
    if form is not None and not form.is_valid():
        if invalid is None:
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return redirect(done)
        return invalid(form)
    values = {}
    if form is not None:
        values = form.service_kwargs() if hasattr(form, "service_kwargs") else dict(form.cleaned_data)
    values.update(data or {})
    try:
        if run is not None:
            run(**values)
        else:
            workflow.apply(obj, verb, by=request.user, **values)
    except ValidationError as error:
        if form is not None and invalid is not None and workflow.allows(obj, verb):
            add_service_errors(form, error)
            return invalid(form)
        return _refuse(request, error.messages, done=done, refused=refused)
    messages.success(request, success)
    return redirect(done)


def _refuse(request, refusals: list[str], *, done, refused) -> HttpResponse:
    if refused is not None:
        return refused(refusals)
    for message in refusals:
        messages.error(request, message)
    return redirect(done)
