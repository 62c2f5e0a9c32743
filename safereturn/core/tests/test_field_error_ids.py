"""Every id a form field points to (aria-describedby: its hint and its error) exists on the page, so a
screen reader reads the error with the field (axe: aria-valid-attr-value). Django 5.2 names the error
``<id>_error``; the shared field templates must use the same id."""

import re

from django import forms
from django.template.loader import render_to_string


class _Form(forms.Form):
    name = forms.CharField(label="Họ tên", help_text="Như trên giấy tờ")
    code = forms.CharField(label="Mã")
    choice = forms.ChoiceField(label="Lựa chọn", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(
        label="Nhiều", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple, help_text="Chọn"
    )


def _dangling(html):
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    pointed = {ref for refs in re.findall(r'aria-describedby="([^"]*)"', html) for ref in refs.split()}
    return pointed - ids


def test_fields_with_errors_point_only_at_ids_that_exist():
    form = _Form(data={})
    assert not form.is_valid()
    for name in form.fields:
        for template in ("includes/field.html", "includes/radios.html"):
            if template.endswith("radios.html") and name in ("name", "code"):
                continue
            html = render_to_string(template, {"field": form[name]})
            assert "_error" in html, (template, name)
            assert not _dangling(html), (template, name, _dangling(html))
