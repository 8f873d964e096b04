"""Marking excerpts and keeping them anchored when their entry's text changes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import anchoring
from ..enums import AnchorStatus
from ..models import Excerpt, LogEntry


def anchor_from_excerpt(excerpt: Excerpt) -> anchoring.Anchor:
    return anchoring.Anchor(excerpt.start, excerpt.end, excerpt.quote, excerpt.prefix, excerpt.suffix,
                            excerpt.anchor_status)


def span_for(entry: LogEntry, *, start: int | None = None, end: int | None = None,
             quote: str = "") -> anchoring.Anchor:
    """The anchor of a span to mark in ``entry``: given by offsets (a selection in the browser) or, without
    JavaScript, by its quoted text, which must then occur exactly once. ValidationError says what is wrong."""
    text = entry.text
    if start is not None and end is not None:
        try:
            found = anchoring.anchor(text, start, end)
        except ValueError:
            raise ValidationError(_("The selected text is not in this entry (any more). Select it again.")) from None
        if quote and found.quote != quote:
            raise ValidationError(_("The entry changed since you selected the text. Select it again."))
        return found
    quote = quote.strip()
    if not quote:
        raise ValidationError(_("Select a passage of the text, or paste the passage you want to mark."))
    starts = anchoring.find_quote(text, quote)
    if not starts:
        raise ValidationError(_("This passage does not occur in the entry. Copy it exactly from the text."))
    if len(starts) > 1:
        raise ValidationError(
            _("This passage occurs %(count)d times in the entry. Add a few words around it so it is unique.")
            % {"count": len(starts)})
    return anchoring.anchor(text, starts[0], starts[0] + len(quote))


def reanchor_excerpts(entry: LogEntry) -> dict[str, int]:
    """Find every excerpt of ``entry`` again in its (just edited) text and store where it now sits. Call inside
    the transaction that saves the entry. Returns how many excerpts stayed, moved and were lost."""
    counts = {AnchorStatus.EXACT: 0, AnchorStatus.MOVED: 0, AnchorStatus.LOST: 0}
    changed = []
    for excerpt in entry.excerpts.all():
        found = anchoring.locate(entry.text, anchor_from_excerpt(excerpt))
        status = found.status
        counts[found.status] += 1
        if (found.start, found.end, found.prefix, found.suffix, status) != (
                excerpt.start, excerpt.end, excerpt.prefix, excerpt.suffix, excerpt.anchor_status):
            excerpt.start, excerpt.end, excerpt.prefix, excerpt.suffix = found.start, found.end, found.prefix, \
                found.suffix
            excerpt.anchor_status = status
            changed.append(excerpt)
    Excerpt.objects.bulk_update(changed, ["start", "end", "prefix", "suffix", "anchor_status"])
    return {str(key): value for key, value in counts.items()}
