"""Every kind of notification, sent through the service that sends it, carries nothing that
identifies the person: not in the inbox (in either language), not in the e-mail.

The kinds sent here are checked against every registered kind, so a kind added without being
exercised here fails this test."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from unidecode import unidecode

from safereturn.access import refusals
from safereturn.cases import services as case_services
from safereturn.cases.models import CaseParticipant
from safereturn.cases.services.match_requests import escalation_date
from safereturn.coordination import services as coordination_services
from safereturn.directory.models import FacilityService
from safereturn.directory.services import membership_grant
from safereturn.identification import services as identification_services
from safereturn.identification.models import VerificationTask
from safereturn.notifications import kinds
from safereturn.notifications.models import Notification
from safereturn.notifications.selectors import message_of
from safereturn.protection import services as protection_services
from safereturn.referrals import services as referral_services
from safereturn.shelters import services as shelter_services
from safereturn.shelters.models import FacilityPlaces
from safereturn.testing.personas import actor_of, new_agency, new_officer, record_case

NAME, ID_NUMBER, PHONE, ADDRESS = "Lò Thị Mỷ Duyên", "092301008877", "0912345678", "Bản Nà Hừ, xã Tây Giang"
# The name whole and its distinctive parts, the numbers, the address and the date of birth.
IDENTITY = [NAME, "Mỷ Duyên", "Duyên", ID_NUMBER, PHONE, ADDRESS, "Nà Hừ", "17/05/2003", "2003-05-17"]

pytestmark = pytest.mark.django_db


def _leaks(text):
    """The parts of the identity in ``text``, with or without their accents."""
    plain = unidecode(text).lower()
    return [part for part in IDENTITY if part in text or unidecode(part).lower() in plain]


def test_every_kind_of_notification_reaches_someone_and_names_no_one(
    personas, django_capture_on_commit_callbacks, settings
):
    # The Phú Lợi ward (its intake officer and supervisor), Cần Thơ's police (verifier and supervisor)
    # and the Đà Nẵng police (its supervisor, and a verifier who uses emergency access): all exist
    # before anything happens, since who is told depends on who there is. The health department's
    # supervisor hears of the intake: the department is the province's lead agency.
    personas.build(
        "commune_supervisor", "police_verifier", "police_supervisor", "other_supervisor", "auditor", "health_supervisor"
    )
    # A Đà Nẵng border post with a verifier and no supervisor, in a province with no lead agency: its
    # notices reach nobody, and the administrator is told.
    border_post = new_agency("border_post", province_code=48, name="Đồn biên phòng thử (thử)")
    lone_verifier = actor_of(new_officer("verifier", agency=border_post))
    new_officer("system_admin", agency=personas.other_police)
    police = personas.police
    intake = personas.actor("intake")
    commune_supervisor = personas.actor("commune_supervisor")
    outsider = personas.actor("other_verifier")

    with django_capture_on_commit_callbacks(execute=True):
        case = record_case(
            intake,
            full_name=NAME,
            sex="female",
            date_of_birth=datetime.date(2003, 5, 17),
            id_number=ID_NUMBER,
            phone=PHONE,
            address=ADDRESS,
            channel="official_handover",
            received_at=timezone.now() - datetime.timedelta(days=10),
            province_id=92,
            commune_id=31510,
            route="cross_border",
            destination_country="CN",
            risk_level="high",
        )
        # Emergency access from another province: a request, the supervisors are told; approved, it is
        # used, the auditors and the case's agencies are told; reviewed as not justified.
        why = "Người này gọi đường dây nóng báo đang bị giữ tại bến xe, cần xác minh ngay"
        other_supervisor = personas.actor("other_supervisor")
        asked = case_services.emergency_access_ask(
            actor=outsider, case_id=case.pk, category="danger_to_life", justification=why
        )
        case_services.emergency_access_decide(actor=other_supervisor, grant_id=asked.pk, approve=True)
        case_services.emergency_access_review(
            actor=other_supervisor, grant_id=asked.pk, outcome="not_justified", note="Không có căn cứ khẩn cấp"
        )
        refused = case_services.emergency_access_ask(
            actor=personas.actor("other_case_worker"), case_id=case.pk, category="missing_person", justification=why
        )
        case_services.emergency_access_decide(
            actor=other_supervisor, grant_id=refused.pk, approve=False, note="Liên hệ Công an Cần Thơ"
        )
        case_services.emergency_access_ask(
            actor=lone_verifier, case_id=case.pk, category="danger_to_life", justification=why
        )
        # A task assigned, its due date moved, then the deadline sweep: due soon, overdue, escalated.
        late = identification_services.verification_task_create(
            actor=commune_supervisor, case=case, kind="identity", assignee_agency_id=police.pk
        )
        identification_services.verification_task_change_due_date(
            actor=commune_supervisor,
            task=late,
            due_date=timezone.localdate() + datetime.timedelta(days=30),
            reason=f"Chờ xác minh với gia đình {NAME}",
        )
        identification_services.verification_task_create(
            actor=commune_supervisor,
            case=case,
            kind="nationality",
            assignee_agency_id=police.pk,
            due_date=timezone.localdate(),
        )
        # The health department verifies with the police, named as partner.
        identification_services.verification_task_create(
            actor=commune_supervisor,
            case=case,
            kind="initial",
            assignee_agency_id=personas.health.pk,
            partner_agency_id=police.pk,
        )
        # Foreign affairs verifies documents abroad with the person's consent; when it is withdrawn, the
        # department's officers are told their access ended.
        foreign = new_agency("foreign_affairs", province_code=92, name="Sở Ngoại vụ Cần Thơ (thử)")
        new_officer("verifier", agency=foreign, username="kit.foreign_verifier")
        consent = case_services.consent_record(
            actor=intake, case=case, processing=True, share_with=["foreign_affairs"], given_on=timezone.localdate()
        )
        identification_services.verification_task_create(
            actor=commune_supervisor, case=case, kind="documents_abroad", assignee_agency_id=foreign.pk
        )
        case_services.consent_withdraw(
            actor=intake, case=case, consent_id=consent.pk, withdrawn_on=timezone.localdate()
        )
        VerificationTask.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
        identification_services.deadline_sweep()
        # An officer refused the case (alerts from the first refusal here), and the duplicate check
        # run up to its limit (here one).
        settings.SAFERETURN_REFUSAL_ALERT_COUNT = 1
        refusals.refusal_recorded(
            user=outsider.user,
            actor=outsider,
            route="cases:detail",
            method="GET",
            status=404,
            url_kwargs={"case_id": case.pk},
        )
        settings.SAFERETURN_DUPLICATE_CHECK_LIMIT = 1
        case_services.duplicate_check_recorded(actor=intake, shown=0, hidden=1, id_number_given=True)
        # An administrator asks for a case role for an officer (who happens to bear the same name):
        # the police supervisors are asked to approve it.
        administrator = new_officer("system_admin", agency=police)
        officer = new_officer("reporting_officer", agency=police, full_name=NAME)
        membership_grant(user=officer, agency=police, role="verifier", by=administrator)
        # The Đà Nẵng police record the same person again and ask the ward, which holds her record, to
        # confirm; the ward's supervisor confirms and the asking officer is told.
        dn_intake = actor_of(new_officer("intake_officer", agency=personas.other_police))
        again = record_case(
            dn_intake,
            full_name=NAME,
            sex="female",
            date_of_birth=datetime.date(2003, 5, 17),
            id_number=ID_NUMBER,
            province_id=48,
        )
        (match,) = case_services.match_requests_open(actor=dn_intake, case=again)
        # Left unanswered past its due date: the ward's officers are reminded, later its supervisors told.
        for day in (match.due_date, escalation_date(match)):
            after = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(9)))
            case_services.match_requests_remind(now=after)
        match.refresh_from_db()
        case_services.match_request_answer(actor=commune_supervisor, request=match, same_person=True)
        # ---- protection ----
        # The ward raises a danger alert (its text names her: it is encrypted and stays in the system);
        # the police hear at once; nobody acknowledges in time, so it escalates; then the police acknowledge.
        alert = protection_services.alert_raise(
            actor=intake, case=case, description=f"Có người gọi hỏi chỗ ở của {NAME}"
        )
        protection_services.escalation_sweep(now=alert.escalate_at + datetime.timedelta(minutes=1))
        protection_services.alert_acknowledge(
            actor=personas.actor("police_verifier"), alert=alert, expected_version=alert.version, action_taken="Đã cử"
        )
        # ---- shelters ----
        # The city's social support centre, referred the case, houses her; the daily job warns it before
        # her support reaches its cap.
        centre = new_agency("social_support_facility", province_code=92, name="Trung tâm Công tác xã hội (thử)")
        FacilityService.objects.create(agency=centre, service_type="accommodation", capacity=10)
        FacilityPlaces.objects.create(facility=centre, group="women", places=10)
        CaseParticipant.objects.create(case=case, agency=centre, role="referral_recipient")
        shelter_worker = actor_of(new_officer("case_worker", agency=centre))
        shelter_services.stay_admit(actor=shelter_worker, case=case, group="women", admitted_on=timezone.localdate())
        shelter_services.cap_warning_sweep(today=timezone.localdate() + datetime.timedelta(days=110))
        # ---- referrals ----
        # The ward refers her to the city's legal-aid centre with her consent (the centre's officers hear);
        # unanswered, it is reminded then escalated; the centre accepts and completes (the ward hears). A
        # second referral is declined, a third revoked by the ward.
        legal_aid = new_agency("legal_aid_centre", province_code=92, name="Trung tâm Trợ giúp pháp lý (thử)")
        lawyer = actor_of(new_officer("case_worker", agency=legal_aid))
        new_officer("supervisor", agency=legal_aid)
        case_services.consent_record(
            actor=intake, case=case, processing=True, share_with=["legal_aid_centre"], given_on=timezone.localdate()
        )

        def referred():
            draft = referral_services.referral_draft(
                actor=intake,
                case=case,
                kind="legal_aid",
                recipient_agency_id=legal_aid.pk,
                sections=["basic", "needs"],
                wish="return_home",
            )
            return referral_services.referral_act(actor=intake, referral=draft, action="send", expected_version=1)

        referral = referred()
        for days in (0, 30):
            later = timezone.make_aware(
                datetime.datetime.combine(referral.due_date + datetime.timedelta(days=days), datetime.time(9))
            )
            referral_services.referrals_remind(now=later)
        referral.refresh_from_db()
        for action in ("accept", "complete"):
            referral = referral_services.referral_act(
                actor=lawyer, referral=referral, action=action, expected_version=referral.version
            )
        declined = referred()
        referral_services.referral_act(
            actor=lawyer, referral=declined, action="decline", expected_version=2, decline_reason="no_capacity"
        )
        revoked = referred()
        referral_services.referral_act(actor=intake, referral=revoked, action="revoke", expected_version=2)
        # ---- coordination ----
        # A joint reception whose minutes and action item name her (an officer's slip): the owner agency
        # is told of the item, reminded before it is due and again when it is overdue — by dates only.
        police_verifier = personas.actor("police_verifier")
        meeting = coordination_services.meeting_record(
            actor=police_verifier,
            data=coordination_services.MeetingData(
                kind="joint_reception",
                held_on=timezone.localdate(),
                purpose=f"Tiếp nhận {NAME}",
                minutes=f"{NAME}, {ADDRESS}, {PHONE}",
                agency_ids=[centre.pk],
            ),
        )
        due = timezone.localdate() + datetime.timedelta(days=10)
        coordination_services.action_item_add(
            actor=police_verifier,
            meeting=meeting,
            description=f"Đưa {NAME} về",
            owner_agency_id=centre.pk,
            due_date=due,
        )
        coordination_services.reminder_sweep(today=due - datetime.timedelta(days=1))
        coordination_services.reminder_sweep(today=due + datetime.timedelta(days=1))

    sent = Notification.objects.all()
    assert {n.kind for n in sent} == {kind.code for kind in kinds.all_kinds()}, "every kind is sent here"
    for notification in sent:
        assert not _leaks(str(notification.params)), notification.kind
        for language in ("vi", "en"):
            with translation.override(language):
                message = message_of(notification)
                assert message and not _leaks(message), (notification.kind, language, message)
    assert mail.outbox, "officers with an address get the kinds they want (and every mandatory one) by e-mail"
    for email in mail.outbox:
        assert not _leaks(email.subject) and not _leaks(email.body), email.subject
    emailed = {n.kind for n in sent.filter(emailed_at__isnull=False)}
    assert "emergency_requested" in emailed, "a mandatory kind always goes by e-mail"
