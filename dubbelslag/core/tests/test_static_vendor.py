"""The NL Design System CSS we serve is the copy of exactly the npm package pinned in package.json and
package-lock.json (tools/vendor_frontend.py makes the copy; `make vendor` runs it)."""

import hashlib
import json
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[3]
VENDOR = ROOT / "dubbelslag" / "core" / "static" / "vendor"


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


class VendoredCssTests(SimpleTestCase):
    def setUp(self):
        self.manifest = load(VENDOR / "manifest.json")
        self.package = load(ROOT / "package.json")
        self.lock = load(ROOT / "package-lock.json")

    def test_every_vendored_package_is_pinned_exactly_at_the_vendored_version(self):
        self.assertEqual(set(self.manifest), {"@utrecht/component-library-css"})
        for name, entry in self.manifest.items():
            self.assertEqual(self.package["devDependencies"][name], entry["version"], name)
            locked = self.lock["packages"][f"node_modules/{name}"]
            self.assertEqual((locked["version"], locked["integrity"]), (entry["version"], entry["integrity"]), name)

    def test_the_vendored_files_are_the_ones_the_manifest_records(self):
        on_disk = {path.relative_to(VENDOR).as_posix() for path in VENDOR.rglob("*") if path.is_file()}
        recorded = {name for entry in self.manifest.values() for name in entry["files"]}
        self.assertEqual(on_disk - {"manifest.json"}, recorded)
        for entry in self.manifest.values():
            for name, digest in entry["files"].items():
                self.assertEqual(hashlib.sha256((VENDOR / name).read_bytes()).hexdigest(), digest, name)

    def test_the_vendored_files_equal_the_installed_package_when_npm_ci_has_run(self):
        installed = ROOT / "node_modules" / "@utrecht" / "component-library-css"
        if not (installed / "package.json").is_file():
            self.skipTest("node_modules is not installed (`npm ci`)")
        self.assertEqual(load(installed / "package.json")["version"],
                         self.manifest["@utrecht/component-library-css"]["version"])
        for source, copy in [("dist/index.css", "index.css"), ("LICENSE.md", "LICENSE.md")]:
            self.assertEqual((installed / source).read_bytes(),
                             (VENDOR / "utrecht" / "component-library-css" / copy).read_bytes(), source)

    def test_the_component_css_is_served_and_has_no_external_references(self):
        # The strict CSP allows only our own origin (and data: images): the copy may not load anything from elsewhere.
        path = finders.find("vendor/utrecht/component-library-css/index.css")
        self.assertIsNotNone(path)
        css = Path(path).read_text(encoding="utf-8")
        self.assertIn(".utrecht-button", css)
        self.assertNotIn("@import", css)
        self.assertNotRegex(css, r"url\((?![\"']?data:)")
