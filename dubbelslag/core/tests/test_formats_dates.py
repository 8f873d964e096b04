"""Dates read "9 mei 2019" in Dutch (month names in lower case) and "9 May 2019" in English, in every template."""

import datetime
import re
from pathlib import Path

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
DATE_FILTER = re.compile(r"""\|date:(["'])(.*?)\1""")
NAMED = {"DATE_FORMAT", "DATETIME_FORMAT", "SHORT_DATE_FORMAT", "SHORT_DATETIME_FORMAT", "YEAR_MONTH_FORMAT",
         "MONTH_DAY_FORMAT"}


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


class DateFormatTests(SimpleTestCase):
    def test_dutch_month_names_are_lower_case_in_every_named_format(self):
        day = datetime.datetime(2019, 5, 9, 14, 30)
        source = ('{{ d|date:"DATE_FORMAT" }}|{{ d|date:"SHORT_DATE_FORMAT" }}|{{ d|date:"SHORT_DATETIME_FORMAT" }}|'
                  '{{ d|date:"DATETIME_FORMAT" }}|{{ d|date:"YEAR_MONTH_FORMAT" }}|{{ o|date:"SHORT_DATE_FORMAT" }}')
        self.assertEqual(render(source, "nl", d=day, o=datetime.date(2019, 10, 1)).split("|"),
                         ["9 mei 2019", "9 mei 2019", "9 mei 2019 14:30", "9 mei 2019 14:30", "mei 2019",
                          "1 okt 2019"])

    def test_english_short_dates_put_the_day_first(self):
        day = datetime.datetime(2019, 5, 9, 14, 30)
        self.assertEqual(render('{{ d|date:"SHORT_DATE_FORMAT" }}|{{ d|date:"SHORT_DATETIME_FORMAT" }}', "en", d=day),
                         "9 May 2019|9 May 2019 14:30")

    def test_no_template_uses_the_title_cased_month_abbreviation(self):
        offenders = []
        for path in ROOT.rglob("templates/**/*.*"):
            if path.suffix not in {".html", ".txt", ".xml"}:
                continue
            for match in DATE_FILTER.finditer(path.read_text(encoding="utf-8")):
                fmt = match.group(2)
                # "M" is Django's title-cased abbreviation ("Mei"); escaped "\M" is a literal letter.
                if fmt not in NAMED and re.search(r"(?<!\\)M", fmt):
                    offenders.append(f"{path.relative_to(ROOT)}: {fmt}")
        self.assertEqual(offenders, [])
