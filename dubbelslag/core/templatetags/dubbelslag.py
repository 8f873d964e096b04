from django import template

from ..history import event_in_words
from ..markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    return render_markdown(text)


@register.filter
def in_words(event):
    """An audit event as the history panel shows it (``core.history``)."""
    return event_in_words(event)


@register.simple_tag(takes_context=True)
def querystring_with(context, **kwargs):
    """The current query string with some parameters replaced (for pagination next to filters)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return "?" + query.urlencode()


# The NL Design System class of each kind of control (includes/field.html); a control not listed keeps its own look.
UTRECHT_CONTROL_CLASSES = {
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "select": "utrecht-select utrecht-select--html-select",
    "selectmultiple": "utrecht-select utrecht-select--html-select",
    "nullbooleanselect": "utrecht-select utrecht-select--html-select",
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "clearablefile": "utrecht-file-input",
    "file": "utrecht-file-input",
}
TEXTBOX_CLASS = "utrecht-textbox utrecht-textbox--html-input"
GROUPED = {"checkboxselectmultiple", "radioselect"}


@register.simple_tag
def control(field):
    """A form field's widget with its NL Design System classes added (kept: classes the form set itself), and marked
    invalid for the component CSS when the field has errors."""
    if field.widget_type in GROUPED:
        return field.as_widget()
    classes = UTRECHT_CONTROL_CLASSES.get(field.widget_type, TEXTBOX_CLASS)
    if field.errors and classes != UTRECHT_CONTROL_CLASSES["checkbox"]:
        classes += " " + classes.split()[0] + "--invalid"
    own = field.field.widget.attrs.get("class")
    attrs = {"class": f"{own} {classes}" if own else classes}
    if field.errors and field.auto_id:
        # Django links the help text itself, but not the errors: name both (ids as in includes/field.html).
        described = [f"{field.auto_id}_helptext"] if field.help_text else []
        described += [f"{field.auto_id}_error{'' if number == 1 else number}"
                      for number in range(1, len(field.errors) + 1)]
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
