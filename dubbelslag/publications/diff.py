"""What changed between two versions of a knowledge product: per metadata field and per section, each with an inline
word diff for the version-compare page.

``compare_versions(old, new)`` lists the changes: first the fields (titles, lead, at a glance, authors, evidence
level, licence, links, citations, figures), then the sections in the order of the product type's template, each
language apart. Every change says whether the text was added, removed or changed, and carries ``html``: the new text
with removed words in ``<del>`` and added words in ``<ins>``, every word escaped (safe to show as is).

Citations are named by record number (R12), not by title: the compare page is internal, and its readers (editors of
an experiment the version is about) may not be allowed to read every cited record.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .enums import TEMPLATES, SectionKey
from .models import ProductVersion

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
# Words, runs of white space and single other characters: diffs read as whole words, and rejoin exactly.
TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

TEXT_FIELDS = (
    "title_nl", "title_en", "subtitle_nl", "subtitle_en", "lead_nl", "lead_en", "project_status", "period",
    "partners", "budget", "funding", "scale", "contact", "authors", "evidence_level", "licence",
)
LINK_FIELDS = ("themes", "koppelkansen", "knowledge_questions", "experiments", "areas")
LANGUAGE_LABELS = {"nl": _("Dutch"), "en": _("English")}


@dataclass
class Change:
    area: str  # "field" or "section"
    key: str  # the field name or section key
    heading: str  # the field's label or the section's heading, in the active language
    language: str  # "nl" or "en" for a section's text; "" for a field
    kind: str  # ADDED, REMOVED or CHANGED
    old: str
    new: str
    html: SafeString  # the inline word diff

    @property
    def kind_label(self) -> str:
        return str({ADDED: _("added"), REMOVED: _("removed"), CHANGED: _("changed")}[self.kind])

    @property
    def language_label(self) -> str:
        return str(LANGUAGE_LABELS.get(self.language, ""))


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with the words removed from ``old`` in ``<del>`` and the words added in ``<ins>``, all escaped."""
    before, after = TOKEN.findall(old or ""), TOKEN.findall(new or "")
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(escape("".join(after[j1:j2])))
            continue
        if tag in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(before[i1:i2]))}</del>")
        if tag in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(after[j1:j2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def _kind(old: str, new: str) -> str | None:
    if old == new:
        return None
    if not old.strip():
        return ADDED
    if not new.strip():
        return REMOVED
    return CHANGED


def _field_values(version: ProductVersion | None) -> dict[str, str]:
    if version is None:
        return {}
    values = {}
    for name in TEXT_FIELDS:
        field = ProductVersion._meta.get_field(name)
        values[name] = str(getattr(version, f"get_{name}_display")()) if field.choices and getattr(
            version, name) else getattr(version, name) or ""
    for name in LINK_FIELDS:
        values[name] = "\n".join(sorted(str(obj) for obj in getattr(version, name).all()))
    values["citations"] = "\n".join(f"[{number}] R{record_id}" for number, record_id in
                                    version.citations.order_by("number").values_list("number", "record_id"))
    values["figures"] = "\n".join(
        (f"{figure.number}: M{figure.result_indicator_id} · {figure.reporting_period.label}" if figure.is_monitoring
         else f"{figure.number}: {figure.indicator.code} · {figure.area.code} · {figure.period or '–'}")
        + (f" · {figure.caption_nl}" if figure.caption_nl else "")
        for figure in version.figures.select_related("indicator", "area", "reporting_period"))
    return values


def _field_label(name: str) -> str:
    if name == "citations":
        return str(_("Cited harvest records"))
    if name == "figures":
        return str(_("Figures"))
    return str(ProductVersion._meta.get_field(name).verbose_name)


def _sections(version: ProductVersion | None) -> dict[str, tuple[str, str]]:
    if version is None:
        return {}
    return {section.key: (section.body_nl, section.body_en) for section in version.sections.all()}


def compare_versions(old: ProductVersion | None, new: ProductVersion) -> list[Change]:
    """The changes from ``old`` to ``new`` (``old`` None: everything in ``new`` counts as added)."""
    changes = []
    old_fields, new_fields = _field_values(old), _field_values(new)
    for name in (*TEXT_FIELDS, *LINK_FIELDS, "citations", "figures"):
        before, after = old_fields.get(name, ""), new_fields.get(name, "")
        kind = _kind(before, after)
        if kind:
            changes.append(Change(area="field", key=name, heading=_field_label(name), language="", kind=kind,
                                  old=before, new=after, html=word_diff(before, after)))
    old_sections, new_sections = _sections(old), _sections(new)
    order = list(TEMPLATES.get(new.product.product_type, []))
    keys = sorted(set(old_sections) | set(new_sections),
                  key=lambda key: (order.index(key) if key in order else len(order), key))
    for key in keys:
        for index, language in enumerate(("nl", "en")):
            before = old_sections.get(key, ("", ""))[index]
            after = new_sections.get(key, ("", ""))[index]
            kind = _kind(before, after)
            if kind:
                heading = str(SectionKey(key).label) if key in SectionKey.values else key
                changes.append(Change(area="section", key=key, heading=heading, language=language, kind=kind,
                                      old=before, new=after, html=word_diff(before, after)))
    return changes


def previous_version(version: ProductVersion) -> ProductVersion | None:
    """The version before ``version`` (by number), or None for the first."""
    return version.product.versions.filter(number__lt=version.number).order_by("-number").first()
