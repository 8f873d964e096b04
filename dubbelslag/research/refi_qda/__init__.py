"""REFI-QDA ("QDA-XML") exchange: read and write codebooks (``.qdc``) and projects (``.qdpx``) as plain dataclasses.

No database here: the research app's services map these records to and from its models. The standard is that of the
Rotterdam Exchange Format Initiative (www.qdasoftware.org); its two schemas ship in ``schemas/`` (see SOURCE.md there).

- ``read_codebook(data)`` reads a ``.qdc``; ``read_project_codebook(data)`` the codebook in a ``.qdpx`` or ``.qde``;
  ``read_any_codebook(data)`` either; ``read_project(data)`` a project with its text sources, selections and codings.
  They return results with translated ``errors`` (file refused, nothing to import) and ``warnings``; never raise.
- ``write_codebook(codebook)`` and ``write_project(project)`` return bytes that validate against the schemas; they
  raise ``WriteError`` (translated ``problems``) for input that cannot be written.
- ``validate_codebook(data)`` and ``validate_project(data)`` list schema problems, ``[]`` when valid.

Uploaded files are parsed with a hardened parser (no DOCTYPE, no entities, no network) and archives are read within
size and entry limits; see ``safe_xml``. User-facing messages use ``gettext`` and are translated when produced.
"""

from .reader import CODEBOOK_NS, PROJECT_NS, read_any_codebook, read_codebook, read_project, read_project_codebook
from .records import (
    Code,
    Codebook,
    CodeSet,
    Coding,
    Project,
    ProjectReadResult,
    ReadResult,
    TextSelection,
    TextSource,
    User,
    canonical_guid,
    new_guid,
)
from .safe_xml import RefiQdaError
from .validation import validate_codebook, validate_project
from .writer import WriteError, project_document, write_codebook, write_project

__all__ = [
    "CODEBOOK_NS",
    "PROJECT_NS",
    "Code",
    "CodeSet",
    "Codebook",
    "Coding",
    "Project",
    "ProjectReadResult",
    "ReadResult",
    "RefiQdaError",
    "TextSelection",
    "TextSource",
    "User",
    "WriteError",
    "canonical_guid",
    "new_guid",
    "project_document",
    "read_any_codebook",
    "read_codebook",
    "read_project",
    "read_project_codebook",
    "validate_codebook",
    "validate_project",
    "write_codebook",
    "write_project",
]
