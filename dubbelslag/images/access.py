"""Access gates of the image library.

The library is the programme team's (coordinators and researchers): they see, upload and edit the programme's
images; everyone else gets 404, as if the image did not exist. An image that belongs to an experiment is also seen
by whoever may see that experiment (its picture on the internal experiment page). Images shown in a knowledge
product are served through the product's own gates (``publications``: the version's readers; ``public``: a
published product), never from here.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from dubbelslag.programme.access import experiment_role, is_programme_team
from dubbelslag.programme.models import Programme

from .models import Image


def may_use_library(user, programme: Programme) -> bool:
    """See, upload and edit the programme's images: the programme team."""
    return is_programme_team(user, programme)


def library_programmes(user):
    """The programmes whose library ``user`` may use."""
    programmes = Programme.objects.order_by("name")
    if user.is_authenticated and user.is_superuser:
        return programmes
    if not user.is_authenticated:
        return programmes.none()
    return programmes.filter(memberships__user=user, memberships__experiment__isnull=True).distinct()


def get_library_for_user(user, slug: str) -> Programme:
    programme = get_object_or_404(Programme, slug=slug)
    if not may_use_library(user, programme):
        raise Http404
    return programme


def get_image_for_user(user, slug: str, pk: int) -> Image:
    """An image of the programme's library, for its team; 404 for everyone else."""
    programme = get_library_for_user(user, slug)
    return get_object_or_404(Image.objects.select_related("programme", "experiment", "uploaded_by"),
                             programme=programme, pk=pk)


def may_view_image(user, image: Image) -> bool:
    """Whether ``user`` may fetch the image's files from the library: the team, or whoever may see its experiment."""
    if may_use_library(user, image.programme):
        return True
    return image.experiment_id is not None and experiment_role(user, image.experiment) is not None
