"""An unanswered match request is pressed (issue 16): it is due in the days of the rule in force
(``rules.MatchRequestRule``: 3 working days as seeded, "to confirm"); once overdue the holding agency's
answering officers are reminded once, and past the rule's escalation date its supervisors are told once.
No notice names the person; running the sweep again tells nobody twice."""

import datetime

import pytest
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.cases import services
from safereturn.cases.models import Case, MatchRequest
from safereturn.cases.services.match_requests import escalation_date
from safereturn.notifications.models import Notification
from safereturn.rules import seed
from safereturn.rules.models import MatchRequestRule
from safereturn.rules.selectors import add_days

from .test_intake_and_cases import intake_form
from .test_match_requests import NAME, held  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _asked(client, force_sign_in, held):  # noqa: F811
    force_sign_in("intake")
    client.post("/cases/intake/", intake_form(ask_holding_agency="on"))
    return MatchRequest.objects.get(case=Case.objects.exclude(pk=held.pk).get())


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))


def _told(kind):
    return list(Notification.objects.filter(kind=kind).order_by("recipient_id"))


def test_the_seeded_rule_is_to_confirm_and_cites_the_law():
    rule = MatchRequestRule.objects.get(effective_from=seed.NEW_LAW_FROM)
    assert (rule.answer_days, rule.counting, rule.escalate_after_days) == (3, "working_days", 2)
    assert rule.verified is False and "53/2024/QH15" in rule.citation_document
    assert rule.citation_document_vi.startswith("Luật Phòng, chống mua bán người số 53/2024/QH15")


def test_the_answer_is_due_in_the_working_days_of_the_rule(held, client, force_sign_in):  # noqa: F811
    request = _asked(client, force_sign_in, held)
    today = timezone.localdate(request.created_at)
    assert request.due_date == add_days(today, 3, "working_days")
    assert request.due_date.weekday() < 5 and request.due_date > today


def test_overdue_requests_are_reminded_once_then_escalated_to_supervisors_once(
    held,  # noqa: F811
    client,
    personas,
    force_sign_in,
):
    request = _asked(client, force_sign_in, held)
    assert services.match_requests_remind(now=_at(request.due_date)) == {"reminded": 0, "escalated": 0}
    assert _told("match_reminder") == []

    day_after = request.due_date + datetime.timedelta(days=1)
    assert services.match_requests_remind(now=_at(day_after)) == {"reminded": 1, "escalated": 0}
    reminded = _told("match_reminder")
    assert {n.recipient for n in reminded} == {personas.other_verifier, personas.other_supervisor}
    for notice in reminded:
        assert NAME not in str(notice.params) and held.number not in str(notice.params)
        assert notice.params["number"] == request.case.number and notice.link.endswith(f"/{request.pk}/")
    # Again, the same day or the next: nobody is reminded twice, and nobody is escalated yet.
    assert services.match_requests_remind(now=_at(day_after)) == {"reminded": 0, "escalated": 0}
    escalate_after = escalation_date(request)
    assert escalate_after == add_days(request.due_date, 2, "working_days")
    assert services.match_requests_remind(now=_at(escalate_after)) == {"reminded": 0, "escalated": 0}
    assert len(_told("match_reminder")) == 2 and _told("match_escalated") == []

    later = escalate_after + datetime.timedelta(days=1)
    assert services.match_requests_remind(now=_at(later)) == {"reminded": 0, "escalated": 1}
    escalated = _told("match_escalated")
    assert [n.recipient for n in escalated] == [personas.other_supervisor]  # supervisors only
    assert services.match_requests_remind(now=_at(later + datetime.timedelta(days=5))) == {
        "reminded": 0,
        "escalated": 0,
    }
    assert len(_told("match_escalated")) == 1
    request.refresh_from_db()
    assert request.reminded_at and request.escalated_at and request.status == "pending"
    stages = AuditEvent.objects.filter(object_type="match_request", object_id=str(request.pk), action="change")
    assert {tuple(sorted(set(e.details) - {"case", "due"})) for e in stages} == {("reminded_at",), ("escalated_at",)}
    assert all(e.actor_username == "system:match-request-reminders" for e in stages)


def test_an_answered_request_is_not_pressed(held, client, personas, force_sign_in):  # noqa: F811
    request = _asked(client, force_sign_in, held)
    client.logout()
    force_sign_in("other_verifier")
    client.post(f"/cases/match-requests/{request.pk}/", {"version": request.version, "answer": "other"})
    request.refresh_from_db()
    assert request.status == "declined"
    later = request.due_date + datetime.timedelta(days=30)
    assert services.match_requests_remind(now=_at(later)) == {"reminded": 0, "escalated": 0}
    assert _told("match_reminder") == [] and _told("match_escalated") == []


def test_the_escalation_follows_the_rule_row_in_force(held, client, force_sign_in):  # noqa: F811
    """Law as data: an administrator who gives the holder ten more working days moves the escalation."""
    request = _asked(client, force_sign_in, held)
    MatchRequestRule.objects.filter(effective_from=seed.NEW_LAW_FROM).update(escalate_after_days=10)
    services.match_requests_remind(now=_at(request.due_date + datetime.timedelta(days=1)))
    five_days_on = add_days(request.due_date, 5, "working_days")
    assert services.match_requests_remind(now=_at(five_days_on)) == {"reminded": 0, "escalated": 0}
    assert escalation_date(request) == add_days(request.due_date, 10, "working_days")
