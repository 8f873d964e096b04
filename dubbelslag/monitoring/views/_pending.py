"""A stand-in for pages whose part has not been merged yet: every address answers 404 until its view replaces it.
Removed once every part is in."""

from django.http import Http404


def pending(request, *args, **kwargs):
    raise Http404
