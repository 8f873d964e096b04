import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

from dubbelslag.settings import BASE_DIR


class LoginThrottleSettingsTests(SimpleTestCase):
    def load_settings(self, **env) -> subprocess.CompletedProcess:
        environment = {k: v for k, v in os.environ.items() if not k.startswith("LOGIN_")}
        environment.update(DEBUG="true", **env)
        return subprocess.run(
            [sys.executable, "-c", "from dubbelslag import settings; print(settings.LOGIN_ACCOUNT_FAILURE_LIMIT, "
             "settings.LOGIN_LOCKOUT_MAX_SECONDS)"],
            cwd=Path(BASE_DIR), env=environment, capture_output=True, text=True, check=False,
        )

    def test_limits_come_from_the_environment(self):
        result = self.load_settings(LOGIN_ACCOUNT_FAILURE_LIMIT="50", LOGIN_LOCKOUT_MAX_SECONDS="1800")
        self.assertEqual(result.stdout.split(), ["50", "1800"])

    def test_limits_that_cannot_work_stop_the_start(self):
        for env in [{"LOGIN_FAILURE_LIMIT": "0"},
                    {"LOGIN_FAILURE_LIMIT": "30"},  # above the account's limit of 20
                    {"LOGIN_LOCKOUT_SECONDS": "0"},
                    {"LOGIN_LOCKOUT_SECONDS": "7200"},  # above the cap of an hour
                    {"LOGIN_FAILURE_WINDOW": "900"},  # the old lockout length: shorter than the cap
                    {"LOGIN_LOCKOUT_MAX_SECONDS": "lots"}]:
            with self.subTest(env):
                result = self.load_settings(**env)
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("ImproperlyConfigured", result.stderr)
                self.assertIn("LOGIN_", result.stderr.splitlines()[-1])
