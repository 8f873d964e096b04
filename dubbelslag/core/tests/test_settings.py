import os
import subprocess
import sys
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from dubbelslag.settings import BASE_DIR, database_from_url, env_bool


class SettingsTests(SimpleTestCase):
    def run_settings(self, **env):
        environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
        environment.update(env)
        return subprocess.run(
            [sys.executable, "-c", "import dubbelslag.settings"], cwd=Path(BASE_DIR), env=environment,
            capture_output=True, text=True, check=False,
        )

    def test_refuses_to_start_with_debug_off_and_default_secret_key(self):
        result = self.run_settings(DEBUG="false")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY is the default development key", result.stderr)

    def test_starts_with_a_real_secret_key(self):
        self.assertEqual(self.run_settings(DEBUG="false", SECRET_KEY="a-real-secret").returncode, 0)
        self.assertEqual(self.run_settings(DEBUG="true").returncode, 0)

    def test_sqlite_url_gets_wal_and_busy_timeout(self):
        database = database_from_url("sqlite:///var/db.sqlite3")
        self.assertEqual(database["NAME"], str(BASE_DIR / "var/db.sqlite3"))
        self.assertIn("journal_mode=WAL", database["OPTIONS"]["init_command"])
        self.assertGreater(database["OPTIONS"]["timeout"], 0)
        self.assertEqual(database_from_url("sqlite:////tmp/x.db")["NAME"], "/tmp/x.db")

    def test_postgres_url(self):
        database = database_from_url("postgres://user:p%40ss@db.example:6543/dubbel")
        self.assertEqual(
            {k: database[k] for k in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")},
            {"ENGINE": "django.db.backends.postgresql", "NAME": "dubbel", "USER": "user", "PASSWORD": "p@ss",
             "HOST": "db.example", "PORT": "6543"},
        )

    def test_bad_values_fail_loudly(self):
        with self.assertRaises(ImproperlyConfigured):
            database_from_url("mysql://x/y")
        os.environ["DUBBELSLAG_TEST_BOOL"] = "maybe"
        try:
            with self.assertRaises(ImproperlyConfigured):
                env_bool("DUBBELSLAG_TEST_BOOL", False)
        finally:
            del os.environ["DUBBELSLAG_TEST_BOOL"]
