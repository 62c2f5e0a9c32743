"""Finding 4: documents and API text bypassed the reveal rules.

Every way out of identity data — pages, API fields, downloads, prints, exports — goes through the
same reveal rule (``cases.reveal``): an officer who may not reveal the person's identity on the case
is refused (403, recorded) or gets masked, neutral output; an officer who may reveal gets it only
after a reveal with a reason (recorded), within the reveal window. Original file names are stored
encrypted and downloads carry neutral names.

The case is a child's (scenario 3): only the social worker and the police verifier may reveal her
identity; the ward's intake officer and its supervisor take part in the case but may not.
"""

import datetime
import urllib.parse
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.cases import selectors as case_selectors
from safereturn.cases import services as case_services
from safereturn.cases.models import CaseDocument
from safereturn.identification import services as identification_services
from safereturn.testing.personas import CAN_THO, PHU_LOI, record_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

CHILD = "Hồ Thị Mai"
ID_NUMBER = "092301009988"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MASK = "[Cần mở thông tin nhận dạng]"
REASON = "Cần liên hệ người giám hộ của cháu"
MAY_NOT_REVEAL = ("intake", "commune_supervisor")


def _identity_in(text):
    return any(piece in text for piece in (CHILD, "Hồ Thị", ID_NUMBER, "Ho Thi Mai", "Ho_Thi_Mai"))


@pytest.fixture
def child(personas):
    """The child's case with everything that carries her identity: an intake record and a medical
    file named after her, a note, evidence, a task's findings and the victim confirmation."""
    intake = personas.actor("intake")
    worker = personas.actor("commune_case_worker")
    supervisor = personas.actor("commune_supervisor")
    verifier = personas.actor("police_verifier")
    case = record_case(
        intake,
        full_name=CHILD,
        sex="female",
        birth_year=timezone.now().year - 15,
        id_number=ID_NUMBER,
        received_at=timezone.now() - datetime.timedelta(hours=2),
        province_id=CAN_THO,
        commune_id=PHU_LOI,
    )
    intake_record = case_services.document_add(
        actor=intake,
        case=case,
        kind="intake_record",
        uploaded_file=SimpleUploadedFile(f"Biên bản tiếp nhận {CHILD} {ID_NUMBER}.pdf", PDF),
    )
    medical = case_services.document_add(
        actor=worker, case=case, kind="medical", uploaded_file=SimpleUploadedFile(f"{CHILD} khám.pdf", PDF)
    )
    case_services.note_add(actor=worker, case=case, category="general", body=f"Đã gọi cho bà của {CHILD}")
    case.refresh_from_db()
    identification_services.case_transition(
        actor=supervisor, case=case, transition="start_verification", expected_version=case.version
    )
    task = identification_services.verification_task_create(
        actor=supervisor, case=case, kind="identity", assignee_agency_id=personas.police.pk
    )
    evidence = identification_services.evidence_add(
        actor=worker,
        case=case,
        source="person_or_relatives",
        obtained_on=timezone.localdate(),
        description=f"Lời khai của {CHILD}, CCCD {ID_NUMBER}",
    )
    case.refresh_from_db()
    decision = identification_services.identification_decide(
        actor=verifier,
        case=case,
        kind="victim",
        decided_on=timezone.localdate(),
        reason=f"{CHILD} bị đưa sang biên giới để kết hôn",
        evidence_ids=[evidence.pk],
        expected_version=case.version,
    )
    task.refresh_from_db()
    identification_services.verification_task_complete(
        actor=verifier, task=task, findings=f"CCCD {ID_NUMBER} khớp dữ liệu dân cư", expected_version=task.version
    )
    case.refresh_from_db()
    return {"case": case, "documents": (intake_record, medical), "decision": decision}


def _ways_out(child):
    """Every way out of the child's identity data: (name, web or API, URL)."""
    case, decision = child["case"], child["decision"]
    ways = []
    for document in child["documents"]:
        ways.append((f"{document.kind} download", f"/cases/{case.pk}/documents/{document.pk}/"))
        ways.append((f"{document.kind} download (API)", f"/api/cases/{case.pk}/documents/{document.pk}/"))
    for fmt in ("pdf", "docx"):
        ways.append((f"decision print {fmt}", f"/identification/cases/{case.pk}/decisions/{decision.pk}/print/{fmt}/"))
        ways.append((f"decision print {fmt} (API)", f"/api/cases/{case.pk}/decisions/{decision.pk}/print/{fmt}/"))
    return ways


def _api_texts(client, case):
    return {
        "notes": client.get(f"/api/cases/{case.pk}/notes/"),
        "evidence": client.get(f"/api/cases/{case.pk}/evidence/"),
        "tasks": client.get(f"/api/cases/{case.pk}/verification-tasks/"),
        "decisions": client.get(f"/api/cases/{case.pk}/decisions/"),
        "documents": client.get(f"/api/cases/{case.pk}/documents/"),
    }


@pytest.mark.parametrize("who", MAY_NOT_REVEAL)
def test_an_officer_who_may_not_reveal_gets_no_identity_by_any_way_out(client, child, force_sign_in, personas, who):
    case = child["case"]
    force_sign_in(who)
    officer = personas.officer(who)
    for name, url in _ways_out(child):
        response = client.get(url)
        assert response.status_code == 403, (who, name, response.status_code)
        assert not _identity_in(response.content.decode("utf-8", "replace")), (who, name)
    # Each refusal is in the audit trail; nothing was exported or printed.
    refused = AuditEvent.objects.filter(actor_id=officer.pk, details__refused=True, object_id=str(case.pk))
    assert refused.count() == len(_ways_out(child))
    assert not AuditEvent.objects.filter(actor_id=officer.pk, action__in=("export", "print")).exists()

    # The case page: notes, evidence, findings and decision reasons stay hidden; no download or print offered.
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert not _identity_in(page)
    assert "/documents/" not in page.split('id="documents"')[1].split("</table>")[0]
    assert "/print/" not in page
    task = case.verification_tasks.get()
    assert not _identity_in(client.get(f"/identification/cases/{case.pk}/tasks/{task.pk}/").content.decode())

    # The API: officers' free text is a placeholder, file names never appear.
    texts = _api_texts(client, case)
    for name, response in texts.items():
        assert response.status_code == 200, name
        assert not _identity_in(response.content.decode()), name
    assert [n["body"] for n in texts["notes"].json()] == [MASK]
    assert [e["description"] for e in texts["evidence"].json()] == [MASK]
    assert [t["findings"] for t in texts["tasks"].json()] == [MASK]
    assert [d["reason"] for d in texts["decisions"].json()] == [MASK]

    # And the reveal itself is refused to them.
    reveal = client.post(f"/api/cases/{case.pk}/reveal/", {"reason": REASON}, content_type="application/json")
    assert reveal.status_code == 403
    assert [n["body"] for n in client.get(f"/api/cases/{case.pk}/notes/").json()] == [MASK]


def test_an_officer_who_may_reveal_gets_identity_only_after_a_reasoned_reveal_on_the_pages(
    client, child, force_sign_in, personas
):
    case = child["case"]
    intake_record = child["documents"][0]
    force_sign_in("commune_case_worker")
    officer = personas.officer("commune_case_worker")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert not _identity_in(page) and 'data-testid="note-masked"' in page
    before = client.get(f"/cases/{case.pk}/documents/{intake_record.pk}/")
    assert before.status_code == 302 and before["Location"] == f"/cases/{case.pk}/#identity"
    print_url = f"/identification/cases/{case.pk}/decisions/{child['decision'].pk}/print/pdf/"
    assert client.get(print_url).status_code == 302
    assert not AuditEvent.objects.filter(actor_id=officer.pk, action__in=("export", "print")).exists()

    assert client.post(f"/cases/{case.pk}/reveal/", {"reason": REASON}).status_code == 302
    # The reason is stored encrypted (decision 20): compared once read.
    assert REASON in [
        e.purpose for e in AuditEvent.objects.filter(actor_id=officer.pk, action="reveal", object_id=str(case.pk))
    ]
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"Đã gọi cho bà của {CHILD}" in page and f"Lời khai của {CHILD}" in page
    download = client.get(f"/cases/{case.pk}/documents/{intake_record.pk}/")
    assert download.status_code == 200 and download.content == PDF
    disposition = urllib.parse.unquote(download["Content-Disposition"])
    assert not _identity_in(disposition) and f"{case.number}-intake_record-{intake_record.pk}.pdf" in disposition
    assert AuditEvent.objects.filter(actor_id=officer.pk, action="export", object_id=str(intake_record.pk)).exists()
    printed = client.get(print_url)
    assert printed.status_code == 200 and not _identity_in(printed["Content-Disposition"])
    assert AuditEvent.objects.filter(actor_id=officer.pk, action="print", object_id=str(case.pk)).exists()


def test_an_officer_who_may_reveal_gets_api_text_and_files_only_after_a_reasoned_reveal(
    client, child, force_sign_in, personas
):
    case = child["case"]
    medical = child["documents"][1]
    force_sign_in("commune_case_worker")
    officer = personas.officer("commune_case_worker")
    texts = _api_texts(client, case)
    assert [n["body"] for n in texts["notes"].json()] == [MASK]
    assert [t["findings"] for t in texts["tasks"].json()] == [MASK]
    assert client.get(f"/api/cases/{case.pk}/documents/{medical.pk}/").status_code == 403
    url = f"/api/cases/{case.pk}/decisions/{child['decision'].pk}/print/docx/"
    assert client.get(url).status_code == 403

    reveal = client.post(f"/api/cases/{case.pk}/reveal/", {"reason": REASON}, content_type="application/json")
    assert reveal.status_code == 200
    assert REASON in [e.purpose for e in AuditEvent.objects.filter(actor_id=officer.pk, action="reveal")]
    texts = _api_texts(client, case)
    assert [n["body"] for n in texts["notes"].json()] == [f"Đã gọi cho bà của {CHILD}"]
    assert [e["description"] for e in texts["evidence"].json()] == [f"Lời khai của {CHILD}, CCCD {ID_NUMBER}"]
    assert [t["findings"] for t in texts["tasks"].json()] == [f"CCCD {ID_NUMBER} khớp dữ liệu dân cư"]
    assert CHILD in texts["decisions"].json()[0]["reason"]
    assert not _identity_in(texts["documents"].content.decode())  # the list never names files
    download = client.get(f"/api/cases/{case.pk}/documents/{medical.pk}/")
    assert download.status_code == 200 and download.content == PDF
    assert not _identity_in(urllib.parse.unquote(download["Content-Disposition"]))
    assert client.get(url).status_code == 200


def test_the_api_reveal_lasts_only_its_window(client, child, force_sign_in, monkeypatch):
    case = child["case"]
    force_sign_in("commune_case_worker")
    client.post(f"/api/cases/{case.pk}/reveal/", {"reason": REASON}, content_type="application/json")
    assert [n["body"] for n in client.get(f"/api/cases/{case.pk}/notes/").json()] == [f"Đã gọi cho bà của {CHILD}"]
    # Sixteen minutes later (the audit trail cannot be rewritten: the reveal window's clock moves on).
    later = timezone.now() + datetime.timedelta(minutes=16)
    monkeypatch.setattr(case_selectors, "timezone", SimpleNamespace(now=lambda: later))
    assert [n["body"] for n in client.get(f"/api/cases/{case.pk}/notes/").json()] == [MASK]


def test_original_file_names_are_ciphertext_in_the_database(child):
    table = connection.ops.quote_name(CaseDocument._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT original_name FROM {table}")  # noqa: S608 - our table's name
        stored = [row[0] for row in cursor.fetchall()]
    assert len(stored) == 2
    for value in stored:
        assert not _identity_in(value) and "Biên bản" not in value and ".pdf" not in value
    assert {d.original_name for d in CaseDocument.objects.all()} == {
        f"Biên bản tiếp nhận {CHILD} {ID_NUMBER}.pdf",
        f"{CHILD} khám.pdf",
    }


def test_the_person_page_shows_identity_only_after_the_officer_s_own_reasoned_reveal(child, client, force_sign_in):
    """The person page used to reveal on a fixed reason of its own: it now waits for the officer's."""
    case = child["case"]
    force_sign_in("commune_case_worker")
    before = client.get(f"/cases/{case.pk}/person/")
    assert before.status_code == 302 and not _identity_in(before.content.decode())
    assert not AuditEvent.objects.filter(action="reveal", object_id=str(case.pk)).exists()
    client.post(f"/cases/{case.pk}/reveal/", {"reason": REASON})
    after = client.get(f"/cases/{case.pk}/person/")
    assert after.status_code == 200 and CHILD in after.content.decode()
    force_sign_in("intake")  # may not reveal a child's identity
    assert client.get(f"/cases/{case.pk}/person/").status_code == 403
