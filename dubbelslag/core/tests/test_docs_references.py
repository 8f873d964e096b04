"""The repository explains itself: no file cites the team's reference notes that live outside the repository, and
every ``docs/…`` page a file points at (with its ``#section``, when given) exists.

The notes' names are assembled below rather than written out, so that this file does not cite them itself."""

import os
import re
import unicodedata
from pathlib import Path
from tempfile import TemporaryDirectory

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[3]
# Installed or generated, not ours: virtualenv, JavaScript packages, git, caches, the local database and media.
SKIPPED_DIRS = {".venv", "node_modules", ".git", "var", "__pycache__", ".pytest_cache", ".ruff_cache"}

OUTSIDE_NOTES = re.compile("|".join(
    [re.escape(name + ".md") for name in ("DOMAIN", "PEERS", "STYLE")] + [re.escape("..") + "/shared/"]))
# A page of the docs folder, with or without its #section, anywhere (code, templates, docs), but not a docs folder
# inside another path (another project's).
DOCS_CITATION = re.compile(r"(?<![\w./-])docs/([\w./-]+?\.md)(#[\w-]+)?")
# A relative Markdown link in a Markdown file: `[text](page.md#section)`.
MARKDOWN_LINK = re.compile(r"\]\((?![a-z]+:)([^)#\s]+\.md)(#[^)\s]+)?\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def text_files(root: Path):
    """(path, text) of every text file under ``root`` outside ``SKIPPED_DIRS`` (binary files are left out)."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = [name for name in dirs if name not in SKIPPED_DIRS and not name.endswith(".egg-info")]
        for name in files:
            path = Path(folder) / name
            data = path.read_bytes()
            if b"\0" in data[:8192]:
                continue
            try:
                yield path, data.decode("utf-8")
            except UnicodeDecodeError:
                continue


def heading_anchor(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", r"\1", heading).strip().lower()
    kept = "".join(char for char in text if char in " -_" or unicodedata.category(char)[0] in "LN")
    return kept.replace(" ", "-")


def anchors_of(page: Path) -> set[str]:
    return {heading_anchor(heading) for heading in HEADING.findall(page.read_text(encoding="utf-8"))}


def outside_citations(root: Path) -> list[str]:
    """``path:line`` of every citation of the outside notes."""
    found = []
    for path, text in text_files(root):
        for match in OUTSIDE_NOTES.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(root)}:{line}: {match.group(0)}")
    return found


def doc_references(root: Path) -> list[tuple[str, Path, str]]:
    """(where, target page, anchor or "") of every ``docs/…`` citation and every relative link in a Markdown file."""
    references = []
    for path, text in text_files(root):
        where = str(path.relative_to(root))
        for match in DOCS_CITATION.finditer(text):
            references.append((where, root / "docs" / match.group(1), (match.group(2) or "")[1:]))
        if path.suffix == ".md":
            for match in MARKDOWN_LINK.finditer(text):
                references.append((where, (path.parent / match.group(1)).resolve(), (match.group(2) or "")[1:]))
    return references


def broken_doc_references(root: Path) -> list[str]:
    broken = []
    for where, page, anchor in doc_references(root):
        if not page.is_file():
            broken.append(f"{where}: {page.relative_to(root) if page.is_relative_to(root) else page} does not exist")
        elif anchor and anchor not in anchors_of(page):
            broken.append(f"{where}: {page.name} has no section #{anchor}")
    return broken


class RepositoryReferenceTests(SimpleTestCase):
    def test_no_file_cites_the_notes_outside_the_repository(self):
        self.assertEqual(outside_citations(ROOT), [])

    def test_every_cited_docs_page_and_section_exists(self):
        self.assertEqual(broken_doc_references(ROOT), [])

    def test_code_points_at_the_domain_privacy_and_style_pages(self):
        cited = {(page.name, anchor) for _where, page, anchor in doc_references(ROOT)}
        for expected in [("domain.md", "koppelkansen"), ("domain.md", "the-seeded-indicator-catalogue"),
                         ("privacy.md", "consent"), ("style.md", "views")]:
            self.assertIn(expected, cited)

    def test_the_readme_links_the_new_pages(self):
        readme = {page.name for where, page, _anchor in doc_references(ROOT) if where == "README.md"}
        self.assertLessEqual({"domain.md", "privacy.md", "style.md"}, readme)


# The docs folder of the planted trees, spelled apart so that this file cites no page itself.
DOCS = "do" + "cs/"


class CheckerTests(SimpleTestCase):
    """The checks find what they are meant to find, and only there."""

    def plant(self, root: Path, files: dict[str, str]) -> None:
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding="utf-8")

    def test_finds_outside_citations_but_not_in_installed_folders(self):
        notes = "DOM" + "AIN.md §3"
        with TemporaryDirectory() as folder:
            root = Path(folder)
            self.plant(root, {
                "app/models.py": f'"""A koppelkans ({notes})."""\n',
                f"{DOCS}a.md": "See `" + ".." + "/shared/data/README.md`.\n",
                "app/styleguide.html": "<!-- PEERS" + ".md -->\n",
                ".venv/lib/site.py": f"# {notes}\n",
                "node_modules/x/readme.md": f"{notes}\n",
                f"{DOCS}style.md": "# House style\n",  # its own page, in lower case, is fine
            })
            self.assertEqual(sorted(hit.split(":")[0] for hit in outside_citations(root)),
                             ["app/models.py", "app/styleguide.html", f"{DOCS}a.md"])

    def test_finds_missing_pages_and_sections(self):
        docs = DOCS
        with TemporaryDirectory() as folder:
            root = Path(folder)
            self.plant(root, {
                f"{docs}domain.md": "# Domain\n\n## The seeded indicator catalogue\n\n### Energy poverty (CBS/TNO)\n",
                "app/models.py": (f'"""See {docs}domain.md#the-seeded-indicator-catalogue, {docs}domain.md#energy-'
                                  f'poverty-cbstno, {docs}domain.md#roles and {docs}gone.md."""\n'
                                  f"# other/{docs}elsewhere.md is another project's\n"),
                f"{docs}index.md": "[a](domain.md#koppelkansen), [web](https://example.org/x.md), [ok](domain.md)\n",
            })
            self.assertEqual(sorted(broken_doc_references(root)), [
                f"app/models.py: {docs}gone.md does not exist",
                "app/models.py: domain.md has no section #roles",
                f"{docs}index.md: domain.md has no section #koppelkansen",
            ])
