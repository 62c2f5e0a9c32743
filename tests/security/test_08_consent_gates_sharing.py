"""Finding 8: consent gates sharing.

After consent to share with foreign affairs, NGOs and shelters was withdrawn, a new task to the
foreign-affairs department was still created and its officer could open the case. Now sharing that relies
on consent is refused without a consent in force for that kind of recipient (a clear message in
Vietnamese and English, nothing created) unless an officer records a legal exception chosen from the rule
rows (allowed, audited); withdrawing consent ends the participations that relied on it; verification by
the health department and the police, the law's duty, needs no consent and says on which legal basis.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation

from safereturn.access import policy
from safereturn.audit.models import AuditEvent
from safereturn.cases import services as case_services
from safereturn.cases.models import Case, CaseEvent, CaseParticipant
from safereturn.identification import services as identification_services
from safereturn.identification.models import VerificationTask
from safereturn.notifications.models import Notification
from safereturn.rules.models import SharingException
from safereturn.rules.selectors import sharing_exceptions
from safereturn.testing.personas import CAN_THO, PHU_LOI, actor_of, new_agency, new_officer, record_case

pytestmark = pytest.mark.django_db

SHARED_BY_CONSENT = ["foreign_affairs", "ngo", "social_support_facility"]


@pytest.fixture
def cast(personas):
    """The Phú Lợi ward (which receives the person; its case worker assigns the tasks), Cần Thơ's health
    department (the lead agency), police, foreign-affairs department and a shelter."""
    personas.build("intake", "commune_case_worker", "police_verifier", "health_supervisor")
    foreign = new_agency("foreign_affairs", province_code=CAN_THO, name="Sở Ngoại vụ Cần Thơ (thử)")
    shelter = new_agency("social_support_facility", province_code=CAN_THO, name="Trung tâm CTXH Cần Thơ (thử)")
    return {
        "personas": personas,
        "assigner": personas.actor("commune_case_worker"),
        "foreign": foreign,
        "foreign_officer": actor_of(new_officer("verifier", agency=foreign, username="kit.foreign_verifier")),
        "shelter": shelter,
    }


def _case(cast, *, consent=None):
    fields = {
        "province_id": CAN_THO,
        "commune_id": PHU_LOI,
        "received_at": timezone.now() - datetime.timedelta(hours=3),
    }
    if consent is not None:
        fields.update(consent_processing=True, consent_share_with=consent, consent_given_on=timezone.localdate())
    return record_case(cast["personas"].actor("intake"), **fields)


def _task_to(cast, case, agency, **extra):
    return identification_services.verification_task_create(
        actor=cast["assigner"], case=case, kind="documents_abroad", assignee_agency_id=agency.pk, **extra
    )


def _opens(actor, case):
    try:
        return policy.case_for_actor(actor, case.pk) == case
    except Http404:
        return False


def test_without_consent_a_task_to_foreign_affairs_is_refused_in_both_languages_and_nothing_is_created(cast):
    case = _case(cast)
    for language, words in (("vi", "sự đồng ý"), ("en", "consent")):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            _task_to(cast, case, cast["foreign"])
        message = refused.value.message_dict["assignee_agency"][0]
        assert words in message and cast["foreign"].name in message, message
    assert not VerificationTask.objects.filter(case=case).exists()
    assert not CaseParticipant.objects.filter(case=case, agency=cast["foreign"]).exists()
    assert not _opens(cast["foreign_officer"], case)


def test_the_api_refuses_it_as_input(cast, client, force_sign_in):
    case = _case(cast)
    force_sign_in(cast["assigner"].user)
    response = client.post(
        reverse("api:case-verification-tasks", args=[case.pk]),
        {"kind": "documents_abroad", "assignee_agency": cast["foreign"].pk},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 400
    assert "sự đồng ý" in str(response.json()), response.json()
    assert not VerificationTask.objects.filter(case=case).exists()


def test_a_shelter_as_responsible_agency_needs_consent_at_intake(cast):
    before = Case.objects.count()
    with pytest.raises(ValidationError) as refused:
        record_case(cast["personas"].actor("intake"), responsible_agency_id=cast["shelter"].pk)
    assert "responsible_agency" in refused.value.message_dict
    assert Case.objects.count() == before, "nothing is created"
    # With the person's consent to share with shelters, it is allowed.
    case = record_case(
        cast["personas"].actor("intake"),
        responsible_agency_id=cast["shelter"].pk,
        consent_processing=True,
        consent_share_with=["social_support_facility"],
        consent_given_on=timezone.localdate(),
    )
    assert CaseParticipant.objects.get(case=case, agency=cast["shelter"]).basis == "consent"


def test_withdrawing_consent_ends_the_access_that_relied_on_it_and_refuses_new_sharing(cast):
    """The finding's own steps: consent to foreign affairs, NGOs and shelters, then withdrawn."""
    case = _case(cast, consent=SHARED_BY_CONSENT)
    first = _task_to(cast, case, cast["foreign"])
    joined = CaseParticipant.objects.get(case=case, agency=cast["foreign"], role="assignee")
    assert _opens(cast["foreign_officer"], case)
    police_task = _task_to(cast, case, cast["personas"].police)

    consent = case.consents.get()
    receiver = cast["personas"].actor("intake")
    assert case_services.consent_withdraw(
        actor=receiver, case=case, consent_id=consent.pk, withdrawn_on=timezone.localdate()
    )

    assert not _opens(cast["foreign_officer"], case), "the foreign-affairs officer can no longer open the case"
    joined.refresh_from_db()
    assert not joined.is_active and joined.basis == "consent" and joined.consent == consent, "it relied on it"
    told = Notification.objects.get(kind="case_access_ended_consent", recipient=cast["foreign_officer"].user)
    assert told.params == {"number": case.number} and told.link == "", "told why, with no link to a closed case"
    assert CaseEvent.objects.filter(
        case=case, kind="participant_ended", data__agency=cast["foreign"].pk, data__reason="consent_withdrawn"
    ).exists()
    # What the law requires stays: the lead agency and the police keep their access.
    assert CaseParticipant.objects.get(case=case, agency=cast["personas"].health, role="lead").is_active
    assert CaseParticipant.objects.get(case=case, agency=cast["personas"].police, role="assignee").is_active
    assert _opens(cast["personas"].actor("police_verifier"), case)
    # A new task to foreign affairs is refused, and the first one no longer opens the case.
    with pytest.raises(ValidationError):
        _task_to(cast, case, cast["foreign"])
    assert VerificationTask.objects.filter(case=case).count() == 2
    assert {first.pk, police_task.pk} == set(VerificationTask.objects.filter(case=case).values_list("pk", flat=True))


def test_a_recorded_legal_exception_allows_sharing_and_is_audited(cast):
    case = _case(cast)
    exception = sharing_exceptions(timezone.localdate()).get(code="criminal_proceedings")
    assert exception.citation_document, "the officer picks a row with its citation"

    task = _task_to(cast, case, cast["foreign"], legal_exception_id=exception.pk)

    joined = CaseParticipant.objects.get(case=case, agency=cast["foreign"], role="assignee")
    assert joined.basis == "exception" and joined.sharing_exception == exception
    assert _opens(cast["foreign_officer"], case)
    audit = AuditEvent.objects.get(object_type="verification_task", object_id=str(task.pk), action="create")
    assert audit.details["sharing"]["assignee_agency"] == {
        "basis": "exception",
        "consent": None,
        "sharing_rule": None,
        "sharing_exception": exception.pk,
    }
    # A later withdrawal of some consent does not end what rests on the law's exception.
    consent = case_services.consent_record(
        actor=cast["personas"].actor("intake"),
        case=case,
        processing=True,
        share_with=["ngo"],
        given_on=timezone.localdate(),
    )
    case_services.consent_withdraw(
        actor=cast["personas"].actor("intake"), case=case, consent_id=consent.pk, withdrawn_on=timezone.localdate()
    )
    assert CaseParticipant.objects.get(pk=joined.pk).is_active


def test_an_exception_not_in_the_rule_rows_in_force_is_refused(cast):
    case = _case(cast)
    ended = SharingException.objects.create(
        code="expired_ground",
        name_vi="Căn cứ đã hết hiệu lực",
        name_en="A ground no longer in force",
        effective_from=datetime.date(2000, 1, 1),
        effective_to=datetime.date(2001, 1, 1),
        citation_document="Văn bản thử",
    )
    for exception_id in (ended.pk, 999_999):
        with pytest.raises(ValidationError) as refused:
            _task_to(cast, case, cast["foreign"], legal_exception_id=exception_id)
        assert "legal_exception" in refused.value.message_dict
    assert not VerificationTask.objects.filter(case=case).exists()


def test_verification_by_the_health_department_and_the_police_needs_no_consent_and_says_why(
    cast, client, force_sign_in
):
    case = _case(cast)  # no consent at all
    task = identification_services.verification_task_create(
        actor=cast["assigner"],
        case=case,
        kind="initial",
        assignee_agency_id=cast["personas"].health.pk,
        partner_agency_id=cast["personas"].police.pk,
    )
    bases = {
        row.role: row for row in CaseParticipant.objects.filter(case=case, role__in=("assignee", "partner", "lead"))
    }
    assert {role: row.basis for role, row in bases.items()} == {
        "lead": "legal_duty",
        "assignee": "legal_duty",
        "partner": "legal_duty",
    }

    force_sign_in(cast["assigner"].user)
    api = client.get(reverse("api:case-verification-task", args=[case.pk, task.pk]), HTTP_ACCEPT_LANGUAGE="en")
    shown = {row["role"]: row for row in api.json()["sharing"]}
    assert shown["assignee"]["basis"] == "legal_duty" and shown["partner"]["basis"] == "legal_duty"
    assert "53/2024" in shown["assignee"]["description"] and "53/2024" in shown["partner"]["description"]
    page = client.get(reverse("identification:task", args=[case.pk, task.pk])).content.decode()
    assert "Nghĩa vụ pháp lý" in page and "53/2024" in page, "the page says on which legal basis"
    case_page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Nghĩa vụ pháp lý" in case_page, "the case page says why each agency takes part"
