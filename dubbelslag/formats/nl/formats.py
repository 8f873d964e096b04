"""Dutch short date formats. Dutch writes month names in lower case ("9 mei 2019"): Django's Dutch formats already do
for the full name (F), but its abbreviated month (M) is title-cased ("Mei"). Our short formats use the lower-case
abbreviation (b) instead; templates write short dates as SHORT_DATE_FORMAT or SHORT_DATETIME_FORMAT and never spell
out "M" (dubbelslag/core/tests/test_formats_dates.py checks every template). Everything else is Django's."""

SHORT_DATE_FORMAT = "j b Y"  # 9 mei 2019, 9 okt 2019
SHORT_DATETIME_FORMAT = "j b Y H:i"
