"""The shared form includes render NL Design System form fields, and a form with errors opens with an error summary
that names every problem and links each field's problem to its control."""

import re

from django import forms
from django.template.loader import render_to_string
from django.test import SimpleTestCase
from django.utils import translation


class ExampleForm(forms.Form):
    title = forms.CharField(label="Titel", help_text="Kort en duidelijk.")
    summary = forms.CharField(label="Samenvatting", widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(label="Soort", choices=[("a", "A"), ("b", "B")])
    themes = forms.MultipleChoiceField(label="Thema's", choices=[("x", "X"), ("y", "Y")],
                                       widget=forms.CheckboxSelectMultiple)
    agree = forms.BooleanField(label="Akkoord")
    file = forms.FileField(label="Bestand", required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        if self.cleaned_data.get("title") == "clash":
            raise forms.ValidationError("De titel botst met een ander product.")
        return self.cleaned_data


def render(form) -> str:
    with translation.override("nl"):
        return render_to_string("includes/form.html", {"form": form})


class FormIncludeTests(SimpleTestCase):
    def test_an_unbound_form_has_no_summary_and_every_control_its_component_class(self):
        html = render(ExampleForm())
        self.assertNotIn("data-error-summary", html)
        self.assertRegex(html, r'<input type="text" name="title" class="utrecht-textbox utrecht-textbox--html-input"')
        self.assertRegex(html, r'<textarea name="summary"[^>]* class="utrecht-textarea '
                               r'utrecht-textarea--html-textarea"')
        self.assertRegex(html, r'<select name="kind" class="utrecht-select utrecht-select--html-select"')
        self.assertRegex(html, r'<input type="checkbox" name="agree" class="utrecht-checkbox '
                               r'utrecht-checkbox--html-input"')
        self.assertIn('<label class="checkbox utrecht-form-label utrecht-form-label--checkbox">', html)
        self.assertIn('<p class="help utrecht-form-field-description" id="id_title_helptext">'
                      'Kort en duidelijk.</p>', html)
        # Django still links the help text when there are no errors.
        self.assertRegex(html, r'<input type="text" name="title"[^>]*aria-describedby="id_title_helptext"')

    def test_errors_open_with_a_summary_linking_each_field_to_its_control(self):
        form = ExampleForm(data={"title": "", "kind": "z"})
        html = render(form)
        summary = re.search(r'<div class="error-summary.*?</ul>', html, re.S).group(0)
        self.assertIn('role="alert"', summary)
        self.assertIn("Er zijn 4 problemen met dit formulier", summary)
        links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
        self.assertEqual({target for target, _text in links}, {"id_title", "id_kind", "id_themes_0", "id_agree"})
        self.assertIn(("id_title", "Titel: Dit veld is verplicht."), links)
        # Each control names its error (and help text), so a screen reader reads them with the field.
        self.assertRegex(html, r'<input type="text" name="title"[^>]*'
                               r'aria-describedby="id_title_helptext id_title_error"')
        self.assertIn('<p class="error utrecht-form-field-error-message" id="id_title_error">'
                      'Dit veld is verplicht.</p>', html)
        self.assertRegex(html, r'<input type="text" name="title"[^>]*'
                               r'class="[^"]*utrecht-textbox--invalid')
        self.assertEqual(html.count('<div class="field field-invalid">'), 4)

    def test_a_form_wide_error_is_in_the_summary_without_a_link(self):
        form = ExampleForm(data={"title": "clash", "kind": "a", "themes": ["x"], "agree": "on"})
        html = render(form)
        summary = re.search(r'<div class="error-summary.*?</ul>', html, re.S).group(0)
        self.assertIn("Er is een probleem met dit formulier", summary)
        self.assertIn("<li>De titel botst met een ander product.</li>", summary)
        self.assertNotIn("<a ", summary)

    def test_a_form_without_errors_after_posting_has_no_summary(self):
        form = ExampleForm(data={"title": "Goed", "kind": "a", "themes": ["x"], "agree": "on"})
        self.assertTrue(form.is_valid())
        self.assertNotIn("error-summary", render(form))
