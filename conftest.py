"""Test fixtures shared by the whole suite. Browser fixtures drive Debian's Chromium (/usr/bin/chromium) through
Playwright; Playwright is imported only when a browser test asks for them."""

import hashlib
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from unittest import mock

import pytest

ROOT = Path(__file__).resolve().parent

# Browser tests drive Playwright's sync API, which runs an event loop in the test thread; Django then refuses ORM
# calls from that thread unless told it is safe (it is: the live server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail(f"Chromium not found at {path}: install Debian's chromium package (make test does so as root).")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached summaries of one test's data must not answer another's."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _temporary_media_root(tmp_path_factory):
    """Uploaded files, generated demo images and PDFs go to a temporary folder, never to var/media; a test that
    looks at its own files overrides MEDIA_ROOT again."""
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))):
        yield


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Tests hash passwords with MD5: the production hasher's million rounds cost half a second per persona."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


# A migrated test database costs each worker about four seconds (the migrations seed the themes, the indicator
# catalogue, the koppelkansen and the codebook). On SQLite in memory, the first run keeps a copy of the migrated
# database in var/, named for everything the migrations can read (the code and data of the apps, Django's version);
# later runs load that copy instead of migrating. Any change to the apps' code or data names another copy, so a stale
# schema is never used. PostgreSQL (CI) migrates as usual.
TEMPLATE_DIR = ROOT / "var"
TEMPLATE_SKIP = {"tests", "templates", "locale", "static", "__pycache__"}


def migrated_template() -> Path:
    import django

    digest = hashlib.sha256(django.get_version().encode())
    for path in sorted((ROOT / "dubbelslag").rglob("*")):
        if path.is_file() and not TEMPLATE_SKIP & set(path.relative_to(ROOT).parts) and path.suffix != ".pyc":
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return TEMPLATE_DIR / f"test-template-{digest.hexdigest()[:16]}.sqlite3"


def prepared_create_test_db(creation, template: Path):
    """``creation.create_test_db`` that loads ``template`` in place of running the migrations, or runs them and then
    saves the result as ``template``."""
    from django.core import management

    create_test_db, call_command = creation.create_test_db, management.call_command

    def load_instead_of_migrating(name, *args, **options):
        if name != "migrate":
            return call_command(name, *args, **options)
        creation.connection.ensure_connection()
        with closing(sqlite3.connect(template)) as source:
            source.backup(creation.connection.connection)

    def create(*args, **kwargs):
        if template.is_file():
            with mock.patch.object(management, "call_command", load_instead_of_migrating):
                return create_test_db(*args, **kwargs)
        name = create_test_db(*args, **kwargs)
        TEMPLATE_DIR.mkdir(exist_ok=True)
        for old in TEMPLATE_DIR.glob("test-template-*.sqlite3"):
            old.unlink(missing_ok=True)
        partial = template.with_suffix(f".{os.getpid()}.partial")
        with closing(sqlite3.connect(partial)) as target:
            creation.connection.connection.backup(target)
        partial.replace(template)  # atomic: a worker never reads half a copy
        return name

    return create


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_createdb):
    """Just before the test databases are made: SQLite in memory starts from the prepared copy (see above);
    ``--create-db`` runs the migrations again and renews the copy."""
    from django.db import connections

    patches = []
    for connection in connections.all():
        creation = connection.creation
        if connection.vendor == "sqlite" and creation.is_in_memory_db(creation._get_test_db_name()):
            template = migrated_template()
            if django_db_createdb:
                template.unlink(missing_ok=True)
            patches.append(mock.patch.object(creation, "create_test_db", prepared_create_test_db(creation, template)))
    for patch in patches:
        patch.start()
    yield
    for patch in patches:
        patch.stop()
