"""Plain value objects for the REFI-QDA exchange: a codebook, and a project with text sources, selections and codings.

Nothing here touches the database: the research app's services turn these into model rows and back. All classes are
frozen so a read result can be passed around (and compared in tests) without anyone editing it on the way.

GUIDs are kept in one canonical form, lower-case without braces (``str(uuid.UUID(...))``), whatever the file had:
ATLAS.ti writes upper case and the standard also allows ``{...}``. Comparing, de-duplicating and storing them in a
``UUIDField`` then needs no further care. ``canonical_guid`` does the conversion.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime


def canonical_guid(raw: str | uuid.UUID) -> str:
    """``'{1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294}'`` -> ``'1ff58b12-6f6f-4b0c-8be5-bbdc91f55294'``.

    Raise ValueError for anything that is not a GUID in one of the two forms the standard allows (36 characters with
    hyphens, optionally in braces); ``uuid.UUID`` alone would also take the 32-digit and ``urn:uuid:`` forms.
    """
    if isinstance(raw, uuid.UUID):
        return str(raw)
    text = raw.strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    if len(text) != 36 or text.count("-") != 4:
        raise ValueError(f"not a GUID: {raw!r}")
    return str(uuid.UUID(text))


def new_guid() -> str:
    """A fresh random GUID in canonical form."""
    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class Code:
    """One code of a codebook, with its sub-codes in ``children`` (the standard nests ``Code`` in ``Code``).

    ``color`` is ``#RRGGBB`` or ``#RGB`` as written, or ``""``; ``description`` is ``""`` when the file had none.
    """

    guid: str
    name: str
    is_codable: bool = True
    color: str = ""
    description: str = ""
    children: tuple[Code, ...] = ()

    def walk(self, depth: int = 0) -> Iterator[tuple[int, Code]]:
        """This code and all its descendants, depth first, as ``(depth, code)``; with its own stack, so a file
        nested deeper than Python's recursion limit is walked too."""
        pending = [(depth, self)]
        while pending:
            level, code = pending.pop()
            yield level, code
            pending.extend((level + 1, child) for child in reversed(code.children))


@dataclass(frozen=True, slots=True)
class CodeSet:
    """A named group of codes (ATLAS.ti's "code group"); ``member_guids`` refer to codes in the same codebook."""

    guid: str
    name: str
    description: str = ""
    member_guids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Codebook:
    """A hierarchical codebook. ``origin`` is the writing program as the file names it (``"ATLAS.ti Win 23.4.0"``)."""

    codes: tuple[Code, ...] = ()
    origin: str = ""
    sets: tuple[CodeSet, ...] = ()

    def walk(self) -> Iterator[tuple[int, Code]]:
        """Every code, depth first, as ``(depth, code)``; top-level codes have depth 0."""
        for code in self.codes:
            yield from code.walk()

    def levels(self) -> int:
        """How deep the codebook is nested: 1 when it has only top-level codes, 0 when it has none."""
        return max((depth + 1 for depth, _code in self.walk()), default=0)

    def by_guid(self) -> dict[str, Code]:
        """All codes, nested ones included, keyed by GUID."""
        return {code.guid: code for _depth, code in self.walk()}


@dataclass(frozen=True, slots=True)
class User:
    """A person (or program) named in a project; codings and selections refer to users by GUID."""

    guid: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class Coding:
    """One code applied to a selection by one user at one time."""

    guid: str
    code_guid: str
    creating_user: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class TextSelection:
    """A span of a text source: ``start`` and ``end`` count characters (Unicode code points) in the plain text from 0,
    ``end`` exclusive, so the quoted text is ``source.text[start:end]`` (``PlainTextSelection`` in the standard)."""

    guid: str
    start: int
    end: int
    name: str = ""
    description: str = ""
    codings: tuple[Coding, ...] = ()
    creating_user: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class TextSource:
    """A plain-text document. ``text`` is ``None`` only when a project read from a file did not contain the text
    (a bare ``.qde`` pointing to ``internal://`` files it does not carry); the writer needs the text."""

    guid: str
    name: str
    text: str | None
    description: str = ""
    selections: tuple[TextSelection, ...] = ()
    creating_user: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Project:
    """A REFI-QDA project as far as Dubbelslag uses it: users, the codebook and coded text sources."""

    name: str
    origin: str = ""
    codebook: Codebook = field(default_factory=Codebook)
    users: tuple[User, ...] = ()
    sources: tuple[TextSource, ...] = ()
    description: str = ""
    creating_user: str = ""
    created_at: datetime | None = None
    modified_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What ``read_codebook`` and ``read_project_codebook`` return.

    ``errors`` are problems that make the file unusable: when there is any, ``codebook`` is ``None`` and nothing
    should be imported. ``warnings`` are things that were tolerated or left out (an unknown colour, a code group that
    names a missing code). Both hold messages already translated into the language active when the file was read.
    """

    codebook: Codebook | None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class ProjectReadResult:
    """What ``read_project`` returns; same contract as ``ReadResult``."""

    project: Project | None
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors
