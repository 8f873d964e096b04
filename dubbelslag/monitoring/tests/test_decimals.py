"""Figures read as text: the same Decimal as the field's own conversion, on either database."""

from decimal import Decimal

from django.test import TestCase

from dubbelslag.monitoring.decimals import DecimalReader, as_text, to_decimal
from dubbelslag.monitoring.models import Update
from testing.base import BaseTestCase
from testing.factories.monitoring import make_goal, make_indicator, make_period, make_update


class DecimalTextTests(TestCase):
    def test_text_is_quantized_to_the_fields_places(self):
        self.assertEqual(str(to_decimal("12.5", 2)), "12.50")
        self.assertEqual(str(to_decimal("3", 1)), "3.0")
        self.assertIsNone(to_decimal(None))

    def test_reader_gives_each_text_once_and_the_same_value(self):
        read = DecimalReader(2)
        first, again = read("7.25"), read("7.25")
        self.assertIs(first, again)
        self.assertEqual(str(first), "7.25")
        self.assertEqual(str(read("0")), "0.00")
        self.assertIsNone(read(None))


class DecimalColumnTests(BaseTestCase):
    def test_a_column_read_as_text_gives_what_the_field_gives(self):
        goal, period = make_goal(self.programme), make_period(self.programme)
        figures = [Decimal("12.50"), Decimal("0.00"), Decimal("123456.75"), Decimal("3.10")]
        for position, value in enumerate(figures):
            first = position == 0
            make_update(make_indicator(goal, title_nl=f"Indicator {position}"), period, value=value,
                        numerator=Decimal("1.5") if first else None, denominator=Decimal("4") if first else None)
        read = DecimalReader(Update._meta.get_field("value").decimal_places)
        as_texts = Update.objects.order_by("pk").annotate(text=as_text("value"), top=as_text("numerator"))
        self.assertEqual([(read(text), read(top)) for text, top in as_texts.values_list("text", "top")],
                         [(update.value, update.numerator) for update in Update.objects.order_by("pk")])
        self.assertEqual([str(read(text)) for text in as_texts.values_list("text", flat=True)],
                         ["12.50", "0.00", "123456.75", "3.10"])
