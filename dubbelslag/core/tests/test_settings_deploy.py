"""The deployment settings: HTTPS redirect, HSTS and the proxy's SSL header from the environment, and the production
settings of docs/configuration.md passing ``manage.py check --deploy`` without a single warning."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.test import Client, SimpleTestCase, TestCase, override_settings

from dubbelslag.settings import BASE_DIR

CONFIGURATION = Path(BASE_DIR) / "docs" / "configuration.md"


def documented_production_settings() -> dict[str, str]:
    """The ``sh`` block of the production section of docs/configuration.md, as variables (the secret key's
    placeholder replaced by a fresh random key, as the section says to generate one)."""
    text = CONFIGURATION.read_text(encoding="utf-8")
    section = text.split("\n## Production", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    settings = dict(line.split("=", 1) for line in block.splitlines() if line.strip())
    assert settings["SECRET_KEY"].startswith("<"), "the docs must not carry a real key"
    settings["SECRET_KEY"] = secrets.token_urlsafe(50)
    return settings


def run(args: list[str], **env) -> subprocess.CompletedProcess:
    """``python args`` in the worktree with only ``env`` (and the path) in its environment."""
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", ""), **env}
    return subprocess.run([sys.executable, *args], cwd=Path(BASE_DIR), env=environment, capture_output=True,
                          text=True, check=False, timeout=120)


def load_settings(**env) -> subprocess.CompletedProcess:
    code = ("import dubbelslag.settings as s; print(repr((s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER, "
            "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)))")
    return run(["-c", code], DEBUG="true", **env)


class DeployCheckTests(SimpleTestCase):
    def test_documented_production_settings_pass_the_deploy_check_without_any_warning(self):
        settings = documented_production_settings()
        self.assertEqual(
            {name for name in settings if name.startswith("SECURE_")},
            {"SECURE_COOKIES", "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS",
             "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"})
        result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], **settings)
        self.assertEqual((result.returncode, result.stderr), (0, ""), result.stdout)
        self.assertEqual(result.stdout.strip(), "System check identified no issues (0 silenced).")

    def test_without_them_the_check_warns_about_hsts_and_the_redirect(self):
        settings = documented_production_settings()
        for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
                     "SECURE_HSTS_PRELOAD"):
            del settings[name]
        result = run(["manage.py", "check", "--deploy"], **settings)
        self.assertEqual(set(re.findall(r"security\.W\d+", result.stderr)), {"security.W004", "security.W008"})


class EnvironmentTests(SimpleTestCase):
    def test_development_defaults_are_plain_http(self):
        result = load_settings()
        self.assertEqual((result.returncode, result.stdout.strip()), (0, "(False, None, 0, False, False)"),
                         result.stderr)

    def test_values_are_read(self):
        result = load_settings(SECURE_SSL_REDIRECT="true", SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto=https",
                               SECURE_HSTS_SECONDS="3600", SECURE_HSTS_INCLUDE_SUBDOMAINS="yes",
                               SECURE_HSTS_PRELOAD="1")
        self.assertEqual(result.stdout.strip(), "(True, ('HTTP_X_FORWARDED_PROTO', 'https'), 3600, True, True)",
                         result.stderr)
        result = load_settings(SECURE_PROXY_SSL_HEADER=" HTTP_X_FORWARDED_SSL = on ")
        self.assertEqual(result.stdout.strip(), "(False, ('HTTP_X_FORWARDED_SSL', 'on'), 0, False, False)",
                         result.stderr)

    def test_a_bad_value_stops_the_start_naming_the_variable(self):
        cases = {
            "SECURE_HSTS_SECONDS": ["one year", "-1", "３６００", "3600s", "1e6", "+60"],
            "SECURE_SSL_REDIRECT": ["sometimes", "2"],
            "SECURE_HSTS_INCLUDE_SUBDOMAINS": ["ja"],
            "SECURE_PROXY_SSL_HEADER": ["X-Forwarded-Proto", "=https", "X-Forwarded-Proto=", "X Forwarded=https",
                                        "X-Förwarded=https"],
        }
        for name, values in cases.items():
            for value in values:
                with self.subTest(name=name, value=value):
                    result = load_settings(**{name: value, "SECURE_HSTS_SECONDS": "60"} if name.startswith(
                        "SECURE_HSTS_INCLUDE") else {name: value})
                    self.assertNotEqual(result.returncode, 0)
                    self.assertIn("ImproperlyConfigured", result.stderr)
                    self.assertIn(f"{name} must be", result.stderr)

    def test_subdomains_or_preload_without_hsts_is_refused(self):
        for name in ("SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"):
            with self.subTest(name=name):
                result = load_settings(**{name: "true"})
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("need SECURE_HSTS_SECONDS", result.stderr)


class HttpsBehaviourTests(TestCase):
    def test_tests_and_development_get_neither_redirect_nor_hsts(self):
        response = Client().get("/api/v1/openapi.json", secure=True)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Strict-Transport-Security", response.headers)
        self.assertEqual(Client().get("/api/v1/openapi.json").status_code, 200)  # plain HTTP: no redirect

    @override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
                       SECURE_HSTS_PRELOAD=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
                       ALLOWED_HOSTS=["dubbelslag.example.nl"])
    def test_production_redirects_to_https_and_sends_hsts_behind_the_proxy(self):
        client = Client(HTTP_HOST="dubbelslag.example.nl")
        response = client.get("/kennisbank/?q=warmte")
        self.assertEqual((response.status_code, response["Location"]),
                         (301, "https://dubbelslag.example.nl/kennisbank/?q=warmte"))
        proxied = client.get("/api/v1/openapi.json", HTTP_X_FORWARDED_PROTO="https")
        self.assertEqual(proxied.status_code, 200)
        self.assertEqual(proxied["Strict-Transport-Security"], "max-age=31536000; includeSubDomains; preload")
        # The load balancer's probe over plain HTTP is not redirected.
        self.assertEqual(client.get("/healthz").content, b"ok\n")
