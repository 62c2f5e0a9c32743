import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from safereturn.notifications import kinds

from .conftest import OVERDUE_PARAMS


def test_a_registered_kind_is_found_by_its_code_and_listed(overdue_kind, emergency_kind):
    assert kinds.get("test_task_overdue") is overdue_kind
    listed = kinds.all_kinds()
    assert listed.index(overdue_kind) < listed.index(emergency_kind)
    with pytest.raises(kinds.UnknownKind):
        kinds.get("test_never_registered")


def test_a_second_kind_with_the_same_code_is_refused(overdue_kind):
    with pytest.raises(kinds.KindAlreadyRegistered):
        kinds.register(kinds.NotificationKind("test_task_overdue", label="x", message="Something."))
    assert kinds.get("test_task_overdue") is overdue_kind


def test_unregistering_removes_the_kind(register_kind):
    register_kind("test_short_lived", label="x", message="Something.")
    kinds.unregister("test_short_lived")
    assert "test_short_lived" not in [k.code for k in kinds.all_kinds()]


@pytest.mark.parametrize(
    "message, params",
    [
        ("Case %(number)s for %(name)s.", ("number",)),  # a placeholder the kind does not declare
        ("Case %s.", ("number",)),  # positional placeholders cannot be checked
        ("Case %(number)d%.", ("number",)),
    ],
)
def test_a_message_may_use_only_declared_named_parameters(message, params):
    with pytest.raises(ValueError):
        kinds.NotificationKind("test_bad", label="x", message=message, params=params)


def test_a_code_is_a_plain_identifier():
    with pytest.raises(ValueError):
        kinds.NotificationKind("Bad Code!", label="x", message="Something.")


def test_the_message_is_drawn_in_the_readers_language_with_dates_as_day_month_year(overdue_kind):
    with translation.override("vi"):
        vi = overdue_kind.render(OVERDUE_PARAMS)
    with translation.override("en"):
        en = overdue_kind.render(OVERDUE_PARAMS)
    assert vi == "Nhiệm vụ xác minh (identity) hồ sơ 92-2026-000123 đã quá hạn: hạn là ngày 05/01/2026."
    assert en == "The verification task (identity) on case 92-2026-000123 is overdue: it was due 05/01/2026."


def test_present_shows_a_code_as_its_label_in_the_readers_language(register_kind):
    labels = {"identity": _("Identity verification")}
    kind = register_kind(
        "test_with_label",
        label="x",
        message=_("The verification task (%(kind)s) on case %(number)s is overdue: it was due %(due)s."),
        params=("kind", "number", "due"),
        present=lambda p: {"kind": labels[p["kind"]]},
    )
    with translation.override("en"):
        assert "(Identity verification)" in kind.render(OVERDUE_PARAMS)
    with translation.override("vi"):
        assert "(Xác minh nhân thân)" in kind.render(OVERDUE_PARAMS)


def test_a_notification_of_a_kind_no_longer_registered_still_reads():
    with translation.override("en"):
        assert kinds.render("test_gone", {"x": 1}) == "A notification (test_gone)."
