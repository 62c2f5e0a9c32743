"""Labels and dates from the tables in core.display read exactly as Django's own helpers write them."""

import datetime

import pytest
from django.template.defaultfilters import date as django_date
from django.utils import timezone, translation

from safereturn.cases import vocab
from safereturn.cases.models import Case
from safereturn.core import display


@pytest.mark.parametrize("language", ["vi", "en"])
def test_labels_and_dates_match_djangos(language):
    with translation.override(language):
        for field in ("status", "channel", "route", "risk_level", "age_group"):
            for value, _text in Case._meta.get_field(field).flatchoices:
                case = Case(**{field: value})
                assert display.label(case, field) == getattr(case, f"get_{field}_display")()
        assert display.label(Case(status="no-such-status"), "status") == "no-such-status"
        for choices in (vocab.ExploitationForm, vocab.EventKind, vocab.ParticipantRole):
            assert display.vocab_labels(choices) == {value: str(text) for value, text in choices.choices}
        assert display.vocab_labels(vocab.ExploitationForm)["sexual"] == (
            "Bóc lột tình dục" if language == "vi" else "Sexual exploitation"
        )
        moment = timezone.make_aware(datetime.datetime(2026, 1, 5, 23, 30), datetime.UTC)
        for value, name in ((moment, "SHORT_DATETIME_FORMAT"), (moment.date(), "SHORT_DATE_FORMAT")):
            assert display.date_text(value, name) == django_date(
                timezone.localtime(moment) if value is moment else value, name
            )
        assert display.date_text(moment, "SHORT_DATETIME_FORMAT").startswith("06/01/2026")  # Hanoi time
        assert display.date_text(None) == ""


def test_a_format_strftime_cannot_say_is_left_to_django(monkeypatch):
    monkeypatch.setattr(display.formats, "get_format", lambda name, *args, **kwargs: "j N Y")
    monkeypatch.setattr(display, "_strftime", {})
    assert display._strftime_for("ODD_FORMAT") is None
    assert display.date_text(datetime.date(2026, 1, 5), "ODD_FORMAT") == display.formats.date_format(
        datetime.date(2026, 1, 5), "ODD_FORMAT"
    )
