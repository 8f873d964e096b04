"""A base for management commands whose help text is translated."""

from django.core.management.base import BaseCommand


class TranslatedCommand(BaseCommand):
    """Set ``help_text`` to a lazy translation. argparse cannot format a lazy string as the parser's description, so
    ``help`` turns it into text in the active language when the parser is built."""

    help_text = ""

    @property
    def help(self):
        return str(self.help_text)
