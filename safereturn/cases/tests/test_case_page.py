"""The case page's drawing helpers (cases.case_page)."""

from django import forms
from django.utils import translation

from safereturn.cases import case_page
from safereturn.cases.forms import NoteForm


class CountingForm(forms.Form):
    built = 0
    reason = forms.CharField(label="Lý do")

    def __init__(self, *args, **kwargs):
        type(self).built += 1
        super().__init__(*args, **kwargs)


class InitialForm(CountingForm):
    reason = forms.CharField(label="Lý do", initial="đã có")


def test_an_empty_form_is_drawn_once_per_language_and_arguments():
    CountingForm.built = 0
    case_page._empty_form_html.clear()
    with translation.override("vi"):
        first = case_page.empty_form_html(CountingForm)
        assert case_page.empty_form_html(CountingForm) == first and CountingForm.built == 1
    with translation.override("en"):
        case_page.empty_form_html(CountingForm)
    assert CountingForm.built == 2

    general = case_page.empty_form_html(NoteForm, categories={"general"})
    medical = case_page.empty_form_html(NoteForm, categories={"medical", "general"})
    assert 'value="medical"' in medical and 'value="medical"' not in general
    assert case_page.empty_form_html(NoteForm, categories=["general", "medical"]) == medical

    InitialForm.built = 0
    assert "đã có" in case_page.empty_form_html(InitialForm)
    case_page.empty_form_html(InitialForm)
    assert InitialForm.built == 2  # a form with initial values is drawn every time
