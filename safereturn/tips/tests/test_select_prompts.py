"""Issue #16: "Nguồn tin" and "Lý do kết thúc" start empty ("— Chọn —") instead of preselecting their
first option, and leaving them empty is refused."""

from django.utils import translation

from safereturn.tips import forms


def test_source_and_closing_reason_start_empty_and_must_be_chosen(db):
    with translation.override("vi"):
        for form, name in ((forms.TipForm(), "source"), (forms.CloseForm(), "reason")):
            first = form.fields[name].choices[0]
            assert first == ("", "— Chọn —"), name
            html = str(form[name])
            assert html.count(" selected") == 1 and 'value="" selected' in html, "only the prompt is selected"
    assert "reason" in forms.CloseForm({"version": "1", "reason": ""}).errors
