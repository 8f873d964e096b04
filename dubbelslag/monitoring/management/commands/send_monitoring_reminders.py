from datetime import date

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from dubbelslag.core.management import TranslatedCommand
from dubbelslag.monitoring.notifications import send_period_reminders


class Command(TranslatedCommand):
    help_text = gettext_lazy(
        "Remind the editors of each experiment that has not submitted every update of a reporting period that ends "
        "within MONITORING_REMINDER_DAYS days, or has ended and is not locked: in-app and by e-mail, once per "
        "person, period and experiment. The one scheduler entry of monitoring: run it daily (cron).")

    def add_arguments(self, parser):
        parser.add_argument("--today", help=str(gettext_lazy("Act as if today were this date (YYYY-MM-DD).")))

    def handle(self, *args, **options):
        today = None
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(_("Give --today as a date, YYYY-MM-DD.")) from None
        count = send_period_reminders(today=today)
        self.stdout.write(ngettext("%(count)d reminder sent.", "%(count)d reminders sent.", count) % {"count": count})
