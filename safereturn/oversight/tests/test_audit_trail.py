import pytest

from safereturn.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_only_auditors_open_the_audit_trail(client, make_officer, force_sign_in):
    for role in ("system_admin", "case_worker", "supervisor", "reporting_officer"):
        user = make_officer(role)
        force_sign_in(user)
        assert client.get("/audit/").status_code == 403, role
        client.logout()


def test_auditor_filters_by_user_case_and_action(client, make_agency, make_officer, force_sign_in):
    auditor = make_officer("auditor", agency=make_agency("ministry", level="national"))
    audit_record(
        action="reveal",
        actor_username="ct.ca.verifier",
        object_type="case",
        object_id="abc-1",
        purpose="Liên hệ gia đình",
    )
    audit_record(action="view", actor_username="ct.ca.verifier", object_type="case", object_id="abc-2")
    audit_record(action="view", actor_username="dn.syt.supervisor", object_type="case", object_id="abc-1")
    force_sign_in(auditor)
    rows = lambda **q: [e.object_id + ":" + e.action for e in client.get("/audit/", q).context["page"]]  # noqa: E731
    assert rows(user="ct.ca.verifier", object_id="abc-1") == ["abc-1:reveal"]
    assert rows(object_id="abc-1", action="view") == ["abc-1:view"]
    page = client.get("/audit/", {"action": "reveal"}).content.decode()
    # The reason is free text that may name people: read only through a recorded reveal.
    assert "Liên hệ gia đình" not in page and "Hiển thị danh tính" in page
    bad = client.get("/audit/", {"date_from": "not a date"})
    assert "date_from" in bad.context["form"].errors
    # Reading the audit trail is itself recorded.
    from safereturn.audit.models import AuditEvent

    assert AuditEvent.objects.filter(actor_id=auditor.pk, object_type="audit_trail").count() >= 3
