"""English short date formats: day, month, year as in the Dutch ones ("9 May 2019"). Everything else is Django's."""

SHORT_DATE_FORMAT = "j M Y"  # 9 May 2019
SHORT_DATETIME_FORMAT = "j M Y H:i"
