"""Form helpers shared by the apps' views."""

from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError, *, fields: dict[str, str] | None = None) -> None:
    """Show a service's refusal on the form it came from: on the fields it names (``fields`` maps model field names
    to form field names where they differ), else as a form-wide error."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = (fields or {}).get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
