from django import forms
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from dubbelslag.core.forms import add_service_errors


class NameForm(forms.Form):
    name = forms.CharField()
    code = forms.CharField()


class AddServiceErrorsTests(SimpleTestCase):
    def form(self):
        form = NameForm({"name": "x", "code": "y"})
        self.assertTrue(form.is_valid())
        return form

    def test_errors_land_on_the_fields_they_name_and_the_rest_on_the_form(self):
        form = self.form()
        add_service_errors(form, ValidationError({"name": "Taken.", "version": "Changed meanwhile."}))
        self.assertEqual(form.errors["name"], ["Taken."])
        self.assertEqual(form.non_field_errors(), ["Changed meanwhile."])

    def test_a_model_field_maps_to_its_form_field(self):
        form = self.form()
        add_service_errors(form, ValidationError({"area": "Unknown code."}), fields={"area": "code"})
        self.assertEqual(form.errors["code"], ["Unknown code."])

    def test_a_plain_refusal_is_a_form_error(self):
        form = self.form()
        add_service_errors(form, ValidationError("Not allowed now."))
        self.assertEqual(form.non_field_errors(), ["Not allowed now."])
        self.assertFalse(form.is_valid())
