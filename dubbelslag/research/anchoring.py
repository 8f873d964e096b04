"""Where an excerpt sits in its entry's text, and how it is found again after the text was edited.

An excerpt keeps its character offsets, the quoted text and up to ``CONTEXT`` characters on either side (the W3C
Web Annotation "text quote selector" idea). After an edit ``locate`` tries, in order: the old offsets still hold the
quote; the quote occurs elsewhere (the occurrence whose surroundings best match the stored context wins, then the
one nearest the old place); the quote's words occur with other whitespace between them. Failing all three the
excerpt is *lost*: it keeps its quote, so nothing coded is thrown away, and the researcher can re-mark it.
"""

import re
from dataclasses import dataclass

from .enums import AnchorStatus

CONTEXT = 32


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    status: str = AnchorStatus.EXACT


def normalise_newlines(text: str) -> str:
    """Text as a browser holds it: every ``\\r\\n`` and lone ``\\r`` a ``\\n``. Entries are stored this way, so
    the character offsets of excerpts count the same in the database and on the page."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def anchor(text: str, start: int, end: int) -> Anchor:
    """The anchor of ``text[start:end]``; ValueError when the span is empty or outside the text."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span {start}-{end} is not inside a text of {len(text)} characters")
    return Anchor(start=start, end=end, quote=text[start:end], prefix=text[max(0, start - CONTEXT):start],
                  suffix=text[end:end + CONTEXT])


def find_quote(text: str, quote: str) -> list[int]:
    """Every start offset of ``quote`` in ``text`` (overlapping occurrences included)."""
    if not quote:
        return []
    found, position = [], text.find(quote)
    while position != -1:
        found.append(position)
        position = text.find(quote, position + 1)
    return found


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[n] == b[n]:
        n += 1
    return n


def locate(text: str, old: Anchor) -> Anchor:
    """``old`` found again in (edited) ``text``: exact, moved (with new offsets and context) or lost."""
    if text[old.start:old.end] == old.quote:
        return anchor(text, old.start, old.end)
    starts = find_quote(text, old.quote)
    if starts:
        length = len(old.quote)

        def score(start: int) -> tuple[int, int]:
            context = (_common_suffix(text[max(0, start - CONTEXT):start], old.prefix)
                       + _common_prefix(text[start + length:start + length + CONTEXT], old.suffix))
            return (-context, abs(start - old.start))

        best = min(starts, key=score)
        moved = anchor(text, best, best + length)
        return Anchor(moved.start, moved.end, moved.quote, moved.prefix, moved.suffix, AnchorStatus.MOVED)
    words = old.quote.split()
    if words:
        pattern = re.compile(r"\s+".join(re.escape(word) for word in words))
        matches = list(pattern.finditer(text))
        if matches:
            best = min(matches, key=lambda match: abs(match.start() - old.start))
            moved = anchor(text, best.start(), best.end())
            return Anchor(moved.start, moved.end, moved.quote, moved.prefix, moved.suffix, AnchorStatus.MOVED)
    return Anchor(old.start, old.end, old.quote, old.prefix, old.suffix, AnchorStatus.LOST)
