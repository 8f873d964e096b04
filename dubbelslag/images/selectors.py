"""Reads of the image library."""

from django.db.models import QuerySet

from dubbelslag.programme.models import Programme

from .models import Image


def library_images(programme: Programme) -> QuerySet[Image]:
    """The programme's images, newest first, with what the list shows."""
    return programme.images.select_related("experiment", "uploaded_by").order_by("-created_at", "-pk")


def experiment_picture(experiment, *, public: bool) -> Image | None:
    """The picture of an experiment's page; on the public page only one that may be shown in public."""
    images = Image.objects.filter(experiment=experiment, on_experiment_page=True)
    if public:
        images = images.publishable()
    return images.first()
