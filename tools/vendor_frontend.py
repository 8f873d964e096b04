"""Copy the NL Design System CSS we serve from the npm packages pinned in package-lock.json into core's static files.

Run by `make vendor` after `npm ci`. The copies are committed, so `make run` on a fresh machine needs no npm; the
manifest written next to them records each package's version, its lock-file integrity and the SHA-256 of every copied
file, and a unit test (dubbelslag/core/tests/test_static_vendor.py) checks the copies against the manifest and the
manifest against package.json and package-lock.json, so a version bump without a fresh copy fails CI.
"""

import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "dubbelslag" / "core" / "static" / "vendor"
MANIFEST = VENDOR / "manifest.json"

# package -> the files of its dist/ we serve (and its licence, which must travel with the copy).
FILES = {
    "@utrecht/component-library-css": ["dist/index.css", "LICENSE.md"],
}


def target(package: str, name: str) -> Path:
    return VENDOR / package.removeprefix("@") / Path(name).name


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    manifest = {}
    for package, names in FILES.items():
        source = ROOT / "node_modules" / package
        locked = lock["packages"].get(f"node_modules/{package}")
        if locked is None or not source.is_dir():
            print(f"{package} is not installed: run `npm ci` first", file=sys.stderr)
            return 1
        installed = json.loads((source / "package.json").read_text(encoding="utf-8"))["version"]
        if installed != locked["version"]:
            print(f"{package} {installed} installed, {locked['version']} locked: run `npm ci`", file=sys.stderr)
            return 1
        files = {}
        for name in names:
            destination = target(package, name)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, destination)
            files[destination.relative_to(VENDOR).as_posix()] = sha256(destination)
        manifest[package] = {"version": locked["version"], "integrity": locked["integrity"], "files": files}
        print(f"{package} {locked['version']}: {len(files)} files")
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
