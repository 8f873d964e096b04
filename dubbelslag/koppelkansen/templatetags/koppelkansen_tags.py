"""Template tags for pages of apps to the left of `koppelkansen`, which may not import it in Python (the import
rule) but may show its parts: `{% load koppelkansen_tags %}{% experiment_adoptions experiment can_change %}`."""

from django import template

from ..selectors import adoptions_for

register = template.Library()


@register.inclusion_tag("koppelkansen/includes/experiment_adoptions.html", takes_context=True)
def experiment_adoptions(context, experiment, can_change=False):
    """The koppelkansen `experiment` has adopted. The caller has already checked that the user may see the
    experiment; `can_change` offers removal."""
    return {"experiment": experiment, "adoptions": adoptions_for(experiment), "can_change": can_change,
            "csrf_token": context.get("csrf_token"), "request": context.get("request")}
