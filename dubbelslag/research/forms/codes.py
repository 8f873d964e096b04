"""Forms of the codebook, the coding view, memos and the REFI-QDA import."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from ..codebook import code_choices, grouped_code_choices
from ..models import Code, Memo

COLOR = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


class CodeChoiceField(forms.TypedChoiceField):
    """A code from the tree (indented names), cleaned to the ``Code`` or None."""

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        code = Code.objects.filter(pk=value).first()
        if code is None:
            raise forms.ValidationError(_("That code no longer exists."), code="invalid_choice")
        return code


class CodeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    description = forms.CharField(label=_("Definition"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=_("When to apply this code, and when not (Markdown)."))
    color = forms.CharField(label=_("Colour"), max_length=7, required=False,
                            widget=forms.TextInput(attrs={"placeholder": "#1f6feb", "size": 8}),
                            help_text=_("Optional: # and six hexadecimal digits, like #1f6feb."))
    parent = CodeChoiceField(label=_("Parent code"), required=False, coerce=int, empty_value=None)
    is_codable = forms.BooleanField(label=_("Can be applied to excerpts"), required=False, initial=True,
                                    help_text=_("Leave off for a code that only groups others."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, code: Code | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", _("(top level)"))] + code_choices(exclude=code)

    @classmethod
    def initial_for(cls, code: Code) -> dict:
        return {"name": code.name, "name_en": code.name_en, "description": code.description, "color": code.color,
                "parent": code.parent_id or "", "is_codable": code.is_codable, "version": code.version}

    def clean_color(self):
        color = self.cleaned_data["color"].strip()
        if color and not COLOR.match(color):
            raise forms.ValidationError(_("Give the colour as # and six hexadecimal digits, like #1f6feb."))
        return color

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in ("name", "name_en", "description", "color", "parent", "is_codable")}


class CodeMergeForm(forms.Form):
    into = CodeChoiceField(label=_("Merge into"), coerce=int, empty_value=None,
                           help_text=_("The code that takes over the codings, sub-codes and memos."))

    def __init__(self, *args, code: Code, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [("", "---------")] + code_choices(exclude=code)


class CodesField(forms.TypedMultipleChoiceField):
    """Codable codes in tree order, cleaned to ``Code`` objects in that order."""

    def __init__(self, **kwargs):
        kwargs.setdefault("coerce", int)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(**kwargs)

    def clean(self, value):
        pks = super().clean(value)
        codes = Code.objects.in_bulk(pks)
        return [codes[pk] for pk in pks if pk in codes]


class ExcerptForm(forms.Form):
    """Mark a passage: with JavaScript the selection fills ``start``/``end`` (offsets in the text as the page shows
    it) and ``quote``; without it the user pastes the passage into ``quote``."""

    quote = forms.CharField(label=_("Passage to mark"), required=False, strip=False,
                            widget=forms.Textarea(attrs={"rows": 3, "class": "excerpt-quote"}),
                            help_text=_("Select the passage in the text, or copy it here exactly as it stands. "
                                        "It must occur only once: add a few words around it if needed."))
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput(attrs={"class": "excerpt-start"}))
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput(attrs={"class": "excerpt-end"}))
    codes = CodesField(label=_("Codes"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["codes"].choices = grouped_code_choices()

    def clean(self):
        data = super().clean()
        if data.get("start") is None or data.get("end") is None:
            data["start"] = data["end"] = None
        if data["start"] is None and not (data.get("quote") or "").strip():
            raise forms.ValidationError(_("Select a passage of the text, or paste the passage you want to mark."))
        return data


class CodingForm(forms.Form):
    code = CodeChoiceField(label=_("Code"), coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "---------")] + grouped_code_choices()


class MemoForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    text = forms.CharField(label=_("Memo"), widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("Markdown. No names or addresses of residents."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def initial_for(cls, memo: Memo) -> dict:
        return {"title": memo.title, "text": memo.text, "version": memo.version}


class CodebookImportForm(forms.Form):
    file = forms.FileField(label=_("REFI-QDA file"),
                           help_text=_("A codebook (.qdc) or a project (.qdpx or .qde) from ATLAS.ti, NVivo, MAXQDA, "
                                       "Taguette or another QDA program."))
