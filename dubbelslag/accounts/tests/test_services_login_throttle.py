from datetime import timedelta

from django.test import TestCase, override_settings
from django.utils import timezone

from dubbelslag.accounts import services
from dubbelslag.accounts.models import LoginFailure

ADDRESS = "203.0.113.9"


def failures(email: str, count: int, *, ip_address: str | None = ADDRESS, ago: timedelta = timedelta(0)) -> None:
    for _n in range(count):
        services.record_login_failure(email=email, ip_address=ip_address)
    LoginFailure.objects.filter(email=email, at__gte=timezone.now() - timedelta(seconds=5)).update(
        at=timezone.now() - ago)


@override_settings(LOGIN_FAILURE_LIMIT=5, LOGIN_ACCOUNT_FAILURE_LIMIT=20, LOGIN_LOCKOUT_SECONDS=60,
                   LOGIN_LOCKOUT_MAX_SECONDS=3600, LOGIN_FAILURE_WINDOW=86400)
class LoginThrottleServiceTests(TestCase):
    def wait_after_last_failure(self, email: str, ip_address: str | None = ADDRESS) -> int:
        until = services.login_throttled_until(email=email, ip_address=ip_address)
        if until is None:
            return 0
        last = LoginFailure.objects.filter(email=email).latest("at").at
        return round((until - last).total_seconds())

    def test_waits_double_from_the_limit_up_to_the_cap(self):
        waits = []
        for _failure in range(14):
            failures("eva@example.org", 1)
            waits.append(self.wait_after_last_failure("eva@example.org"))
        self.assertEqual(waits, [0, 0, 0, 0, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600])

    def test_the_account_limit_counts_every_address(self):
        for n in range(19):
            failures("eva@example.org", 1, ip_address=f"192.0.2.{n + 1}")
        self.assertIsNone(services.login_throttled_until(email="eva@example.org", ip_address="198.51.100.1"))
        failures("eva@example.org", 1, ip_address="192.0.2.100")
        self.assertEqual(self.wait_after_last_failure("eva@example.org", "198.51.100.1"), 60)
        self.assertEqual(self.wait_after_last_failure("eva@example.org", None), 60)
        self.assertIsNone(services.login_throttled_until(email="lars@example.org", ip_address="192.0.2.100"))

    def test_the_address_limit_holds_only_that_account_at_that_address(self):
        failures("eva@example.org", 5)
        self.assertEqual(self.wait_after_last_failure("eva@example.org"), 60)
        self.assertIsNone(services.login_throttled_until(email="eva@example.org", ip_address="198.51.100.1"))
        self.assertIsNone(services.login_throttled_until(email="eva@example.org", ip_address=None))
        self.assertIsNone(services.login_throttled_until(email="lars@example.org", ip_address=ADDRESS))
        self.assertTrue(services.login_is_throttled(email=" Eva@Example.org ", ip_address=ADDRESS))

    def test_the_wait_runs_from_the_last_failure(self):
        failures("eva@example.org", 5, ago=timedelta(seconds=59))
        self.assertTrue(services.login_is_throttled(email="eva@example.org", ip_address=ADDRESS))
        LoginFailure.objects.update(at=timezone.now() - timedelta(seconds=61))
        self.assertFalse(services.login_is_throttled(email="eva@example.org", ip_address=ADDRESS))

    @override_settings(LOGIN_FAILURE_WINDOW=7200)
    def test_failures_older_than_the_window_are_forgotten_and_removed(self):
        failures("eva@example.org", 4, ago=timedelta(seconds=7201))
        failures("eva@example.org", 4)
        self.assertFalse(services.login_is_throttled(email="eva@example.org", ip_address=ADDRESS))
        self.assertEqual(LoginFailure.objects.count(), 4)

    def test_clearing_forgets_the_account_at_every_address_and_nothing_else(self):
        failures("eva@example.org", 5)
        failures("eva@example.org", 5, ip_address="198.51.100.1")
        failures("lars@example.org", 5)
        services.clear_login_failures(email="EVA@example.org")
        self.assertFalse(services.login_is_throttled(email="eva@example.org", ip_address=ADDRESS))
        self.assertEqual(set(LoginFailure.objects.values_list("email", flat=True)), {"lars@example.org"})
