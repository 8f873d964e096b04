"""Template tags for pages of apps to the left of ``images`` (the experiment page of ``programme``), which may not
import it in Python: ``{% load images_tags %}{% experiment_picture experiment %}``."""

from django import template

from ..selectors import experiment_picture as picture_of
from ..views import library_view

register = template.Library()


@register.inclusion_tag("images/includes/experiment_picture.html")
def experiment_picture(experiment):
    """The picture of ``experiment``'s internal page, served through the library's gate (whoever may see the
    experiment). The caller has already checked that the user may see the experiment."""
    image = picture_of(experiment, public=False)
    return {"image": library_view(image) if image else None}
