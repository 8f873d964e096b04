"""The image library's pages (namespace ``images``, under /afbeeldingen/): the programme team's list, upload and
metadata form, and the library's own file view. Every page goes through ``access``; every write is a service."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dubbelslag.core.forms import add_service_errors
from dubbelslag.core.params import paginate

from . import selectors, services
from .access import get_image_for_user, get_library_for_user, library_programmes, may_view_image
from .display import THUMBNAIL_SIZES, image_view, serve_variant, snapshot
from .forms import ImageUpdateForm, ImageUploadForm
from .models import Image

PER_PAGE = 24
GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def library_view(image: Image, **kwargs):
    """The view of a library image, served by the library's own gate."""
    return image_view(snapshot(image), url=lambda name: reverse("images:file", args=[image.token, name]), **kwargs)


@login_required
@require_safe
def library_index(request):
    """The library of the user's programme; a choice when they are on the team of more than one."""
    programmes = list(library_programmes(request.user))
    if not programmes:
        raise Http404
    if len(programmes) == 1:
        return redirect("images:image-list", programme=programmes[0].slug)
    return render(request, "images/library_index.html", {"programmes": programmes})


@login_required
@require_safe
def image_list(request, programme):
    programme = get_library_for_user(request.user, programme)
    page = paginate(selectors.library_images(programme), PER_PAGE, request.GET.get("page"))
    items = [(image, library_view(image, sizes=THUMBNAIL_SIZES, largest=640)) for image in page]
    return render(request, "images/image_list.html", {"programme": programme, "page": page, "items": items})


@login_required
@GET_POST
def image_upload(request, programme):
    programme = get_library_for_user(request.user, programme)
    form = ImageUploadForm(request.POST or None, request.FILES or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            image = services.upload_image(programme, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The image has been added to the library, without its hidden metadata."))
            return redirect("images:image-update", programme=programme.slug, pk=image.pk)
    return render(request, "images/image_upload.html", {
        "programme": programme, "form": form, "max_mb": settings.IMAGE_MAX_BYTES / 1_048_576,
        "max_megapixels": settings.IMAGE_MAX_PIXELS / 1_000_000})


@login_required
@GET_POST
def image_update(request, programme, pk):
    image = get_image_for_user(request.user, programme, pk)
    initial = {**ImageUpdateForm.initial_for(image), "edit_version": image.edit_version}
    form = ImageUpdateForm(request.POST or None, programme=image.programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_image(image, by=request.user, expected_edit_version=form.cleaned_data["edit_version"],
                                  **form.service_kwargs())
        except ValidationError as error:
            image.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("images:image-list", programme=image.programme.slug)
    return render(request, "images/image_form.html", {
        "programme": image.programme, "image": image, "form": form, "view": library_view(image)})


@login_required
@require_safe
def image_file(request, token, name):
    """One variant file of a library image, for the programme team and whoever may see its experiment."""
    image = get_object_or_404(Image.objects.select_related("programme", "experiment"), token=token)
    if not may_view_image(request.user, image):
        raise Http404
    return serve_variant(request, image.token, name, image.variants, public=False)


urlpatterns = [
    path("", library_index, name="library"),
    path("bestand/<str:token>/<str:name>", image_file, name="file"),
    path("<slug:programme>/", image_list, name="image-list"),
    path("<slug:programme>/nieuw/", image_upload, name="image-upload"),
    path("<slug:programme>/<int:pk>/", image_update, name="image-update"),
]
