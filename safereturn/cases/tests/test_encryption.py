"""Identity data is encrypted at rest, and keys can be rotated without losing a single record."""

import base64
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from safereturn.cases import services
from safereturn.cases.models import Case, CaseNote, Consent, Person
from safereturn.core import crypto, rotation
from safereturn.core.fields import EncryptedTextField
from safereturn.testing.personas import record_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]  # the kit's media: a temporary MEDIA_ROOT

NAME = "Nguyễn Thị Hương Giang"
ID_NUMBER = "092301004455"
PHONE = "0912 736 481"
ADDRESS = "Số 7 hẻm 12, phường Phú Lợi"
CIRCUMSTANCES = "Bị dụ sang biên giới làm việc"
PDF = b"%PDF-1.7\nBien ban ban giao 092301004455\n%%EOF\n"
NEW_KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()
OTHER_KEY = base64.urlsafe_b64encode(bytes(range(100, 132))).decode()


@pytest.fixture
def actor(personas):
    """A case worker of Cần Thơ's health department."""
    return personas.actor("health_case_worker")


def record(actor, name=NAME, id_number=ID_NUMBER, phone=PHONE):
    """A case with every kind of identity field filled, a consent with notes and a note."""
    case = record_case(
        actor,
        full_name=name,
        other_names="Giang",
        sex="female",
        date_of_birth=datetime.date(1999, 4, 30),
        id_number=id_number,
        phone=phone,
        address=ADDRESS,
        relatives=[{"relation": "mother", "name": "Lê Thị Thu"}],
        channel="self_return",
        received_at=timezone.now() - datetime.timedelta(hours=1),
        province_id=92,
        commune_id=31510,
        route="cross_border",
        destination_country="CN",
        risk_level="high",
        risk_notes="Kẻ môi giới biết địa chỉ nhà",
        circumstances=CIRCUMSTANCES,
        accompanying_details=[{"name": "Bé Na", "age": 3}],
        consent_processing=True,
        consent_given_on=timezone.localdate(),
    )
    Consent.objects.filter(case=case).update(notes="Đồng ý chia sẻ với Sở Y tế")
    services.note_add(actor=actor, case=case, category="general", body=f"Đã gọi {phone}")
    return case


def raw_rows(model, columns):
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM {table}")  # noqa: S608 - names come from the model
        return cursor.fetchall()


def all_raw_values():
    """Every stored ciphertext of every encrypted column of every model (found as the command finds them)."""
    values = {}
    for column in rotation.encrypted_columns():
        for pk, raw in column.present().values_list("pk", rotation.RAW):
            values[(column.label, pk)] = raw
    return values


def decrypted_snapshot():
    snapshot = {}
    for column in rotation.encrypted_columns():
        for obj in column.model._base_manager.all():
            snapshot[(column.label, obj.pk)] = getattr(obj, column.field.attname)
    return snapshot


def test_database_rows_hold_no_clear_identity(actor):
    case = record(actor)
    person_rows = raw_rows(Person, ["full_name", "other_names", "date_of_birth", "id_number", "phone", "address"])
    case_rows = raw_rows(Case, ["circumstances", "risk_notes", "accompanying_details"])
    note_rows = raw_rows(CaseNote, ["body"])
    stored = " ".join(str(v) for row in person_rows + case_rows + note_rows for v in row)
    assert stored.count("test1:") == 6 + 3 + 1
    for clear in (NAME, "Nguyễn", "Nguyen Thi Huong", "nguyen", ID_NUMBER, "736481", "736 481", "Phú Lợi", "1999"):
        assert clear.lower() not in stored.lower(), clear
    assert "biên giới" not in stored and "Lê Thị Thu" not in stored and "Bé Na" not in stored
    # Through the model everything reads back.
    person = Person.objects.get(pk=case.person_id)
    assert (person.full_name, person.id_number, person.phone) == (NAME, ID_NUMBER, PHONE)
    assert person.date_of_birth == datetime.date(1999, 4, 30)
    assert person.relatives == [{"relation": "mother", "name": "Lê Thị Thu"}]


def test_the_database_file_holds_no_clear_identity(actor):
    if connection.vendor != "sqlite":
        pytest.skip("reads the SQLite database bytes")
    case = record(actor)
    connection.ensure_connection()
    image = connection.connection.serialize()
    # The image holds this test's uncommitted rows: the clear case number is there...
    assert case.number.encode() in image
    # ...and no identity in any encoding we would use.
    for clear in (NAME, ID_NUMBER, PHONE, "0912736481", ADDRESS, CIRCUMSTANCES, "Lê Thị Thu"):
        for encoded in (clear.encode("utf-8"), clear.encode("utf-16-le")):
            assert encoded not in image, clear


def test_a_value_under_a_key_no_longer_configured_raises(actor, settings):
    case = record(actor)
    settings.SAFERETURN_ENCRYPTION_KEYS = {"new": NEW_KEY}
    with pytest.raises(crypto.DecryptionError):
        Person.objects.get(pk=case.person_id)
    with pytest.raises(crypto.DecryptionError):
        list(CaseNote.objects.all())
    with pytest.raises(CommandError, match="REFUSING TO START"):
        call_command("rotate_keys")
    with pytest.raises(CommandError, match="REFUSING TO START"):
        call_command("rotate_keys", "--check")


def test_rotation_refuses_to_start_when_a_key_cannot_decrypt_its_sample(actor, settings, media):
    record(actor)
    services.document_add(
        actor=actor, case=Case.objects.get(), kind="other", uploaded_file=SimpleUploadedFile("a.pdf", PDF)
    )
    before = all_raw_values()
    # Same id, wrong key material: loads fine, but cannot open what "test1" sealed.
    settings.SAFERETURN_ENCRYPTION_KEYS = {"new": NEW_KEY, "test1": OTHER_KEY}
    with pytest.raises(CommandError, match="REFUSING TO START"):
        call_command("rotate_keys")
    settings.SAFERETURN_ENCRYPTION_KEYS = {"new": NEW_KEY, "test1": "too-short"}
    with pytest.raises(CommandError, match="not usable"):
        call_command("rotate_keys")
    assert all_raw_values() == before


def test_rotation_re_encrypts_everything_and_keeps_every_record_readable(
    actor, settings, media, django_capture_on_commit_callbacks, capsys
):
    cases = [record(actor, name=f"{NAME} {i}", id_number=f"09230100{i:04d}") for i in range(3)]
    documents = [
        services.document_add(
            actor=actor,
            case=case,
            kind="other",
            uploaded_file=SimpleUploadedFile(f"Biên bản {i}.pdf", PDF + bytes([i])),
        )
        for i, case in enumerate(cases)
    ]
    old_files = {d.pk: (media / d.storage_name) for d in documents}
    snapshot = decrypted_snapshot()
    before = all_raw_values()
    assert before and all(v.startswith("test1:") for v in before.values())
    labels = {label for label, _pk in before}
    assert {"cases.Person.full_name", "cases.Person.relatives", "cases.Case.circumstances"} <= labels
    assert {"cases.CaseNote.body", "cases.Consent.notes", "cases.CaseDocument.original_name"} <= labels

    settings.SAFERETURN_ENCRYPTION_KEYS = {"new": NEW_KEY, "test1": settings.SAFERETURN_ENCRYPTION_KEYS["test1"]}
    # Still readable under the old key; --check reports the work to do.
    assert decrypted_snapshot() == snapshot
    with pytest.raises(CommandError) as failed:
        call_command("rotate_keys", "--check")
    assert failed.value.returncode == 1
    assert "under an older key" in str(failed.value)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("rotate_keys", "--batch-size", "2")
    out = capsys.readouterr().out
    assert "cases.Person.full_name: 3 value(s) re-encrypted" in out
    assert "document files: 3 re-encrypted" in out
    assert "every encrypted value and document is under the key 'new'" in out

    after = all_raw_values()
    assert after.keys() == before.keys()
    assert all(v.startswith("new:") for v in after.values())
    assert decrypted_snapshot() == snapshot
    call_command("rotate_keys", "--check")  # exit 0

    # The old key can go now: every record and every document still opens, byte for byte.
    settings.SAFERETURN_ENCRYPTION_KEYS = {"new": NEW_KEY}
    assert decrypted_snapshot() == snapshot
    for i, (case, document) in enumerate(zip(cases, documents, strict=True)):
        document.refresh_from_db()
        assert (media / document.storage_name).read_bytes().startswith(b"new:")
        assert not old_files[document.pk].exists()
        opened = services.document_open(actor=actor, case=case, document_id=document.pk, revealed=True)
        assert opened[1] == PDF + bytes([i])
    call_command("rotate_keys", "--check")


def test_rotation_is_resumable_and_only_rewrites_old_values(actor, settings, media):
    record(actor)
    document = services.document_add(
        actor=actor, case=Case.objects.get(), kind="other", uploaded_file=SimpleUploadedFile("a.pdf", PDF)
    )
    settings.SAFERETURN_ENCRYPTION_KEYS = {"new": NEW_KEY, "test1": settings.SAFERETURN_ENCRYPTION_KEYS["test1"]}
    # A first run "stops" after one column.
    column = next(c for c in rotation.encrypted_columns() if c.label == "cases.Person.full_name")
    assert rotation.rotate_column(column, batch_size=1) == 1
    partial = all_raw_values()
    assert partial[("cases.Person.full_name", Person.objects.get().pk)].startswith("new:")
    assert any(v.startswith("test1:") for v in partial.values())
    with pytest.raises(CommandError):
        call_command("rotate_keys", "--check")
    # The next run leaves what is already done untouched and finishes the rest.
    call_command("rotate_keys", "--batch-size", "1")
    done = all_raw_values()
    assert (
        done[("cases.Person.full_name", Person.objects.get().pk)]
        == partial[("cases.Person.full_name", Person.objects.get().pk)]
    )
    assert all(v.startswith("new:") for v in done.values())
    document.refresh_from_db()
    stored_name = document.storage_name
    call_command("rotate_keys")
    assert all_raw_values() == done
    document.refresh_from_db()
    assert document.storage_name == stored_name
    call_command("rotate_keys", "--check")


def test_missing_document_file_fails_the_check_loudly(actor, settings, media):
    record(actor)
    document = services.document_add(
        actor=actor, case=Case.objects.get(), kind="other", uploaded_file=SimpleUploadedFile("a.pdf", PDF)
    )
    (media / document.storage_name).unlink()
    with pytest.raises(CommandError, match="missing"):
        call_command("rotate_keys", "--check")


def test_every_encrypted_field_is_discovered_without_being_listed():
    found = {column.label for column in rotation.encrypted_columns()}
    assert found >= {
        "cases.Person.full_name",
        "cases.Person.other_names",
        "cases.Person.date_of_birth",
        "cases.Person.id_number",
        "cases.Person.phone",
        "cases.Person.address",
        "cases.Person.relatives",
        "cases.Case.accompanying_details",
        "cases.Case.risk_notes",
        "cases.Case.circumstances",
        "cases.Consent.notes",
        "cases.CaseNote.body",
        "cases.CaseDocument.original_name",
    }
    assert all(isinstance(column.field, EncryptedTextField) for column in rotation.encrypted_columns())
