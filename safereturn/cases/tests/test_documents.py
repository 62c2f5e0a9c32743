"""Case documents: allow-listed uploads sealed at rest, policy-checked and audited downloads."""

import datetime
import hashlib
import io
import urllib.parse
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safereturn.audit.models import AuditEvent
from safereturn.cases import services
from safereturn.cases.models import CaseDocument, CaseEvent
from safereturn.testing.personas import actor_of, record_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]  # the kit's media: a temporary MEDIA_ROOT

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nGiay to tuy than CCCD 092301004455\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(64)) + b"\xff\xd9"
VIETNAMESE_NAME = "Biên bản tiếp nhận – Nguyễn Thị Hương.pdf"


def _office_zip(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<document>Hồ sơ</document>")
    return buffer.getvalue()


def stored_files(media):
    return sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []


def open_case(user, *, name="Nguyễn Thị Hương", birth_year=1996):
    """A case received an hour ago in Phú Lợi (Cần Thơ), its person with an ID number."""
    return record_case(
        actor_of(user),
        full_name=name,
        sex="female",
        birth_year=birth_year,
        id_number="092301004455",
        received_at=timezone.now() - datetime.timedelta(hours=1),
        province_id=92,
        commune_id=31510,
    )


@pytest.fixture
def officer(personas):
    """A case worker of Cần Thơ's health department."""
    return personas.health_case_worker


@pytest.fixture
def case(officer):
    return open_case(officer)


def upload(client, case, name=VIETNAMESE_NAME, content=PDF, kind="intake_record"):
    data = {"file": SimpleUploadedFile(name, content, content_type="application/pdf")}
    if kind is not None:
        data["kind"] = kind
    return client.post(f"/cases/{case.pk}/documents/", data)


def test_upload_is_sealed_at_rest_and_downloads_byte_identical(client, officer, case, media, force_sign_in):
    force_sign_in(officer)
    response = upload(client, case)
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/#documents"

    document = CaseDocument.objects.get()
    assert document.kind == "intake_record" and document.case == case
    assert document.size == len(PDF) and document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.content_type == "application/pdf"
    assert document.original_name == VIETNAMESE_NAME
    assert document.storage_name.startswith("documents/") and document.storage_name.endswith(".bin")

    # On disk: one file, random name, neither the content nor the name in clear.
    files = stored_files(media)
    assert [p.relative_to(media).as_posix() for p in files] == [document.storage_name]
    on_disk = files[0].read_bytes()
    assert on_disk.startswith(b"test1:")
    for clear in (PDF, b"%PDF", b"092301004455", VIETNAMESE_NAME.encode(), "Nguyễn".encode()):
        assert clear not in on_disk
    assert "Nguy" not in document.storage_name

    # Documents carry identity: the download needs a reveal with a reason first.
    refused = client.get(f"/cases/{case.pk}/documents/{document.pk}/")
    assert refused.status_code == 302 and refused["Location"] == f"/cases/{case.pk}/#identity"
    client.post(f"/cases/{case.pk}/reveal/", {"reason": "Cần đối chiếu biên bản tiếp nhận"})
    download = client.get(f"/cases/{case.pk}/documents/{document.pk}/")
    assert download.status_code == 200
    assert download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"].startswith("no-store")
    assert download["X-Content-Type-Options"] == "nosniff"
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment;")
    # Served under a neutral name, never the one it was uploaded with.
    assert f'filename="{case.number}-intake_record-{document.pk}.pdf"' in disposition
    assert "Nguy" not in urllib.parse.unquote(disposition)

    # Timeline and audit trail: the upload (CREATE) and the download (EXPORT), never the file name.
    assert CaseEvent.objects.filter(case=case, kind="document_added", data__document=document.pk).exists()
    created = AuditEvent.objects.get(action="create", object_type="case_document", object_id=str(document.pk))
    assert created.actor_id == officer.pk and created.details["case"] == str(case.pk)
    exported = AuditEvent.objects.get(action="export", object_type="case_document", object_id=str(document.pk))
    assert exported.actor_id == officer.pk and exported.details["via"] == "web"
    for event in (created, exported):
        assert "Nguyễn" not in str(event.details) + event.purpose


def test_case_page_lists_documents_and_shows_the_file_name_only_when_revealed(client, officer, case, force_sign_in):
    force_sign_in(officer)
    upload(client, case, kind="medical", name="Kết quả khám.pdf")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="documents"' in page and 'data-testid="document-row"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "Kết quả khám.pdf" not in page
    document = CaseDocument.objects.get()
    assert f"/cases/{case.pk}/documents/{document.pk}/" not in page  # offered only after the reveal
    client.post(f"/cases/{case.pk}/reveal/", {"reason": "Cần đối chiếu hồ sơ y tế"})
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Kết quả khám.pdf" in page and f"/cases/{case.pk}/documents/{document.pk}/" in page


@pytest.mark.parametrize(
    "name, content, kind",
    [
        ("giay-to.docx", _office_zip("word"), "id_document"),
        ("bang-ke.xlsx", _office_zip("xl"), "other"),
        ("anh.PNG", PNG, "photo"),
        ("anh.jpeg", JPEG, "photo"),
        ("ghi-chu.txt", "Ghi chú: đã liên hệ gia đình.\n".encode(), "other"),
    ],
)
def test_each_allowed_type_is_accepted(client, officer, case, force_sign_in, name, content, kind):
    force_sign_in(officer)
    assert upload(client, case, name=name, content=content, kind=kind).status_code == 302
    document = CaseDocument.objects.get()
    client.post(f"/cases/{case.pk}/reveal/", {"reason": "Cần đối chiếu giấy tờ"})
    assert client.get(f"/cases/{case.pk}/documents/{document.pk}/").content == content


@pytest.mark.parametrize(
    "name, content, kind, field, message",
    [
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "other", "file", "not a real PDF"),
        ("trang.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "other", "file", "not a real PDF"),
        ("trang.txt", b"  <html><body onload=alert(1)></body></html>", "other", "file", "not a real TXT"),
        ("setup.exe", PDF, "other", "file", "cannot be added"),
        ("trang.html", b"<p>hi</p>", "other", "file", "cannot be added"),
        ("khong-duoi", PDF, "other", "file", "cannot be added"),
        ("fake.docx", b"PK\x03\x04" + bytes(100), "other", "file", "not a real DOCX"),
        ("anh.docx", _office_zip("xl"), "other", "file", "not a real DOCX"),
        ("anh.png", JPEG, "photo", "file", "not a real PNG"),
        ("latin1.txt", "Nguyễn".encode("utf-16"), "other", "file", "not a real TXT"),
        ("rong.pdf", b"", "other", "file", "The file is empty."),
        ("giay.pdf", PDF, None, "kind", "Choose what kind of document this is."),
        ("giay.pdf", PDF, "passport_scan", "kind", "Select a valid choice"),
    ],
)
def test_bad_uploads_are_refused_with_a_field_message_and_nothing_stored(
    client, officer, case, media, force_sign_in, settings, name, content, kind, field, message
):
    settings.LANGUAGE_CODE = "en"
    force_sign_in(officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = upload(client, case, name=name, content=content, kind=kind)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field]), errors
    assert message.split(":")[0] in response.content.decode().replace("&#x27;", "'")
    assert CaseDocument.objects.count() == 0
    assert stored_files(media) == []
    assert not AuditEvent.objects.filter(object_type="case_document").exists()
    assert not CaseEvent.objects.filter(kind="document_added").exists()


def test_oversize_upload_is_refused_and_never_spooled_to_disk(client, officer, case, media, force_sign_in, settings):
    settings.SAFERETURN_MAX_UPLOAD_BYTES = 1024
    force_sign_in(officer)
    response = upload(client, case, content=PDF + b"0" * 5000)
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert CaseDocument.objects.count() == 0 and stored_files(media) == []
    # At the limit exactly is fine.
    assert upload(client, case, content=PDF + b"0" * (1024 - len(PDF))).status_code == 302


def test_a_failed_transaction_removes_the_stored_file(officer, case, media, monkeypatch):
    def broken_audit(*args, **kwargs):
        raise RuntimeError("database went away")

    from safereturn.cases.services import documents as document_services

    monkeypatch.setattr(document_services, "record", broken_audit)
    with pytest.raises(RuntimeError):
        services.document_add(
            actor=actor_of(officer), case=case, kind="other", uploaded_file=SimpleUploadedFile("a.pdf", PDF)
        )
    assert CaseDocument.objects.count() == 0
    assert stored_files(media) == []


def test_files_of_an_outer_transaction_rolled_back_are_swept_once_old(officer, case, media):
    import os

    from django.db import transaction

    from safereturn.cases import documents, tasks

    kept = services.document_add(
        actor=actor_of(officer), case=case, kind="other", uploaded_file=SimpleUploadedFile("kept.pdf", PDF)
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        services.document_add(
            actor=actor_of(officer), case=case, kind="other", uploaded_file=SimpleUploadedFile("lost.pdf", PDF)
        )
        raise RuntimeError("the evidence item around it was refused")
    assert CaseDocument.objects.count() == 1 and len(stored_files(media)) == 2
    assert documents.sweep_orphan_files() == 0  # too young: its transaction might still be running
    hour_ago = (timezone.now() - datetime.timedelta(hours=2)).timestamp()
    for path in stored_files(media):
        os.utime(path, (hour_ago, hour_ago))
    assert tasks.sweep_orphan_document_files.call_local() == 1
    assert [p.name for p in stored_files(media)] == [kept.storage_name.removeprefix(documents.STORAGE_PREFIX)]
    assert services.document_open(actor=actor_of(officer), case=case, document_id=kept.pk, revealed=True)


def test_a_swapped_file_does_not_decrypt(officer, case, media):
    from safereturn.core.crypto import DecryptionError

    actor = actor_of(officer)
    first = services.document_add(actor=actor, case=case, kind="other", uploaded_file=SimpleUploadedFile("a.pdf", PDF))
    second = services.document_add(
        actor=actor, case=case, kind="other", uploaded_file=SimpleUploadedFile("b.pdf", PDF + b"2")
    )
    first_path, second_path = media / first.storage_name, media / second.storage_name
    first_bytes = first_path.read_bytes()
    first_path.write_bytes(second_path.read_bytes())
    with pytest.raises(DecryptionError):
        services.document_open(actor=actor, case=case, document_id=first.pk, revealed=True)
    first_path.write_bytes(first_bytes)
    assert services.document_open(actor=actor, case=case, document_id=first.pk, revealed=True)[1] == PDF


def test_api_upload_list_and_download(client, officer, case, media, force_sign_in):
    force_sign_in(officer)
    url = f"/api/cases/{case.pk}/documents/"
    response = client.post(url, {"kind": "handover_record", "file": SimpleUploadedFile(VIETNAMESE_NAME, PDF)})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "handover_record" and body["size"] == len(PDF)
    assert "Nguyễn" not in response.content.decode()
    listing = client.get(url)
    assert listing.status_code == 200 and [d["id"] for d in listing.json()] == [body["id"]]
    assert "Nguyễn" not in listing.content.decode()
    assert client.get(body["download_url"]).status_code == 403  # no reveal yet
    reveal = client.post(
        f"/api/cases/{case.pk}/reveal/", {"reason": "Cần đối chiếu biên bản"}, content_type="application/json"
    )
    assert reveal.status_code == 200
    download = client.get(body["download_url"])
    assert body["download_url"] == f"{url}{body['id']}/"
    assert download.status_code == 200 and download.content == PDF
    assert download["Cache-Control"].startswith("no-store") and download["X-Content-Type-Options"] == "nosniff"
    assert f"{case.number}-handover_record-{body['id']}.pdf" in download["Content-Disposition"]
    assert AuditEvent.objects.filter(action="export", object_id=str(body["id"]), details__via="api").exists()
    assert AuditEvent.objects.filter(action="create", object_type="case_document", object_id=str(body["id"])).exists()


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"kind": "other", "file": ("x.pdf", b"<html></html>")}, "file"),
        ({"kind": "other", "file": ("x.pdf", b"")}, "file"),
        ({"file": ("x.pdf", PDF)}, "kind"),
        ({"kind": "other"}, "file"),
    ],
)
def test_api_bad_uploads_get_400_and_store_nothing(client, officer, case, media, force_sign_in, payload, field):
    force_sign_in(officer)
    data = {k: SimpleUploadedFile(*v) if isinstance(v, tuple) else v for k, v in payload.items()}
    response = client.post(f"/api/cases/{case.pk}/documents/", data)
    assert response.status_code == 400 and field in response.json(), response.content
    assert CaseDocument.objects.count() == 0 and stored_files(media) == []


def test_officer_of_another_province_gets_404_everywhere(
    client, officer, case, make_agency, make_officer, force_sign_in
):
    document = services.document_add(
        actor=actor_of(officer), case=case, kind="medical", uploaded_file=SimpleUploadedFile("a.pdf", PDF)
    )
    elsewhere = make_officer("case_worker", agency=make_agency("health_department", province_code=48))
    force_sign_in(elsewhere)
    assert client.get(f"/cases/{case.pk}/documents/{document.pk}/").status_code == 404
    assert upload(client, case).status_code == 404
    assert client.get(f"/api/cases/{case.pk}/documents/").status_code == 404
    assert client.get(f"/api/cases/{case.pk}/documents/{document.pk}/").status_code == 404
    api_post = client.post(
        f"/api/cases/{case.pk}/documents/", {"kind": "other", "file": SimpleUploadedFile("b.pdf", PDF)}
    )
    assert api_post.status_code == 404
    assert CaseDocument.objects.count() == 1
    assert not AuditEvent.objects.filter(action="export").exists()


def test_a_document_of_another_case_is_404(client, officer, case, force_sign_in):
    other_case = open_case(officer, name="Trần Thị Mai")
    document = services.document_add(
        actor=actor_of(officer), case=other_case, kind="medical", uploaded_file=SimpleUploadedFile("a.pdf", PDF)
    )
    force_sign_in(officer)
    assert client.get(f"/cases/{case.pk}/documents/{document.pk}/").status_code == 404
    assert client.get(f"/api/cases/{case.pk}/documents/{document.pk}/").status_code == 404


def test_system_admin_gets_403(client, officer, case, make_officer, force_sign_in):
    document = services.document_add(
        actor=actor_of(officer), case=case, kind="medical", uploaded_file=SimpleUploadedFile("a.pdf", PDF)
    )
    admin = make_officer("system_admin", agency=officer.memberships.first().agency)
    force_sign_in(admin)
    assert client.get(f"/cases/{case.pk}/documents/{document.pk}/").status_code == 403
    assert upload(client, case).status_code == 403
    assert client.get(f"/api/cases/{case.pk}/documents/").status_code == 403
    assert client.get(f"/api/cases/{case.pk}/documents/{document.pk}/").status_code == 403
    assert CaseDocument.objects.count() == 1
    assert not AuditEvent.objects.filter(action="export").exists()


def test_documents_of_a_child_only_for_roles_that_may_reveal(client, officer, make_officer, force_sign_in):
    """Every document may carry identity (an intake record names the child): an intake officer, who may
    not reveal a child's identity, opens none of them."""
    child = open_case(officer, name="Lò Thị Em", birth_year=timezone.now().year - 14)
    actor = actor_of(officer)
    photo = services.document_add(
        actor=actor, case=child, kind="photo", uploaded_file=SimpleUploadedFile("Lò Thị Em.png", PNG)
    )
    medical = services.document_add(
        actor=actor, case=child, kind="medical", uploaded_file=SimpleUploadedFile("Lò Thị Em kham.pdf", PDF)
    )
    intake_officer = make_officer("intake_officer", agency=officer.memberships.first().agency)
    force_sign_in(intake_officer)
    for document in (photo, medical):
        assert client.get(f"/cases/{child.pk}/documents/{document.pk}/").status_code == 403
        assert client.get(f"/api/cases/{child.pk}/documents/{document.pk}/").status_code == 403
    page = client.get(f"/cases/{child.pk}/").content.decode()
    assert f"/documents/{photo.pk}/" not in page and f"/documents/{medical.pk}/" not in page
    assert not AuditEvent.objects.filter(action="export").exists()
    assert AuditEvent.objects.filter(action="view", details__refused=True, actor_id=intake_officer.pk).count() == 4

    client.logout()
    force_sign_in(officer)
    client.post(f"/cases/{child.pk}/reveal/", {"reason": "Cần đối chiếu ảnh"})
    response = client.get(f"/cases/{child.pk}/documents/{photo.pk}/")
    assert response.content == PNG
    assert "Lò" not in urllib.parse.unquote(response["Content-Disposition"])
    assert child.number in response["Content-Disposition"]


def _page_queries(client, case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    return page.content.decode(), [q["sql"] for q in queries.captured_queries]


def test_case_page_reads_each_list_once_and_skips_empty_ones(client, officer, case, force_sign_in):
    """The most opened page: the session, the officer (user, second-factor device and memberships in
    one statement), the case, its participants (which answer the policy's participation checks) with
    which lists have rows, the audit insert, the timeline, then one query per list that has rows."""
    force_sign_in(officer)
    client.get(f"/cases/{case.pk}/")  # the session is renewed (one write) on the first page only
    _page, bare = _page_queries(client, case)
    assert len(bare) <= 6, "\n".join(bare)
    assert sum(q.startswith('INSERT INTO "audit_auditevent"') for q in bare) == 1
    assert sum(q.startswith("SELECT") and ' FROM "directory_user"' in q for q in bare) == 1  # the officer, once
    # The participants are read once, for the page and the policy alike (the case's own read probes
    # them for its scope).
    assert sum('"cases_caseparticipant"' in q and 'FROM "cases_case" ' not in q for q in bare) == 1

    upload(client, case, kind="medical", name="Kết quả khám.pdf")
    services.note_add(actor=actor_of(officer), case=case, category="general", body="Đã liên hệ gia đình")
    page, full = _page_queries(client, case)
    assert 'data-testid="document-row"' in page and 'data-testid="note-masked"' in page
    assert "Đã liên hệ gia đình" not in page  # a note's text only after the reveal
    assert len(full) <= len(bare) + 2, "\n".join(full)
    assert page.count('name="csrfmiddlewaretoken"') >= 3 and 'name="category"' in page and 'name="kind"' in page
