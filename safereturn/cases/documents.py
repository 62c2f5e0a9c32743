"""Case documents: what may be uploaded, and how files are sealed, stored, read and re-sealed.

A file is checked twice, by its extension and by its first bytes, against a short allow-list.
It is then sealed whole with AES-GCM (``crypto.seal_blob``) with its storage name as associated
data, and saved through Django's default storage under a random name: neither the clear bytes
nor the original name ever reach the disk. The original name is kept in an encrypted column and
never sent with the file: downloads carry a neutral name (``download_name``).
"""

import hashlib
import io
import logging
import re
import unicodedata
import urllib.parse
import uuid
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from unidecode import unidecode

from safereturn.core import crypto
from safereturn.core.uploads import max_upload_bytes

from .models import CaseDocument

logger = logging.getLogger(__name__)

STORAGE_PREFIX = "documents/"

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# extension → (content type sent back on download, content check)
ALLOWED = {
    ".pdf": ("application/pdf", "pdf"),
    ".jpg": ("image/jpeg", "jpeg"),
    ".jpeg": ("image/jpeg", "jpeg"),
    ".png": ("image/png", "png"),
    ".docx": (DOCX, "docx"),
    ".xlsx": (XLSX, "xlsx"),
    ".txt": ("text/plain; charset=utf-8", "text"),
}
ACCEPT_ATTRIBUTE = ",".join(ALLOWED)
_MARKUP = re.compile(rb"^\s*<(?:!doctype|html|head|body|script|svg|\?xml|iframe|object)", re.IGNORECASE)
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    name: str
    extension: str
    content_type: str
    sha256: str


def _refuse(message):
    return ValidationError({"file": [message]})


def clean_file_name(name):
    """The name the officer's file had, without any path, control characters or excessive length."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 200 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 10 else name[:200]
    return name or "document"


def _extension(name):
    _stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot else ""


def _zip_names(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return []


def _content_matches(check, data):
    if check == "pdf":
        return data.startswith(b"%PDF-")
    if check == "jpeg":
        return data.startswith(b"\xff\xd8\xff")
    if check == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if check in ("docx", "xlsx"):
        if not data.startswith(b"PK\x03\x04"):
            return False
        names = _zip_names(data)
        folder = "word/" if check == "docx" else "xl/"
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
    if check == "text":
        body = data.removeprefix(b"\xef\xbb\xbf")
        if _MARKUP.match(body):
            return False
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return not _TEXT_CONTROL.search(text)
    return False  # pragma: no cover


def check_upload(uploaded_file):
    """Read and check an upload; return its bytes and facts, or raise ``ValidationError`` on ``file``."""
    if uploaded_file is None:
        raise _refuse(_("Choose a file to add."))
    limit = max_upload_bytes()
    declared = getattr(uploaded_file, "size", None)
    if declared is not None and declared > limit:
        raise _refuse(_("The file is too large: the limit is %(limit)s.") % {"limit": filesizeformat(limit)})
    uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if len(data) > limit:
        raise _refuse(_("The file is too large: the limit is %(limit)s.") % {"limit": filesizeformat(limit)})
    if not data:
        raise _refuse(_("The file is empty."))
    if declared is not None and declared != len(data):
        raise _refuse(_("The file was not received completely. Please try again."))
    name = clean_file_name(getattr(uploaded_file, "name", ""))
    extension = _extension(name)
    if extension not in ALLOWED:
        raise _refuse(
            _(
                "This type of file cannot be added. Accepted: PDF, JPEG or PNG images, "
                "Word (.docx), Excel (.xlsx) and plain text (.txt)."
            )
        )
    content_type, check = ALLOWED[extension]
    if not _content_matches(check, data):
        raise _refuse(
            _(
                "The content of this file is not a real %(type)s file. Only genuine PDF, JPEG, PNG, "
                "Word, Excel or UTF-8 plain-text files can be added."
            )
            % {"type": extension.lstrip(".").upper()}
        )
    return CheckedUpload(
        data=data,
        name=name,
        extension=extension,
        content_type=content_type,
        sha256=hashlib.sha256(data).hexdigest(),
    )


# ---- storage ---------------------------------------------------------------------------------


def new_storage_name():
    return f"{STORAGE_PREFIX}{uuid.uuid4().hex}.bin"


def store_sealed(data):
    """Seal ``data`` under the current key and save it under a new random name; return the name."""
    name = new_storage_name()
    saved = default_storage.save(name, ContentFile(crypto.seal_blob(data, name.encode("ascii"))))
    if saved != name:  # the associated data names where the file lives: it must not move
        default_storage.delete(saved)
        raise RuntimeError("the storage renamed a new document file")
    return saved


def delete_quietly(name):
    """Cleanup after a failure: never hides the first error, but says what it left behind."""
    try:
        default_storage.delete(name)
    except Exception:
        logger.warning("could not delete the sealed document file %s", name, exc_info=True)


def sweep_orphan_files(*, older_than_seconds=3600, now=None, batch_size=1000):
    """Delete sealed files that no document row names and that are older than ``older_than_seconds``.

    A file is written before its row; when a transaction around the upload rolls back after the
    row's savepoint succeeded (an evidence item refused at the end, say), the file is left
    behind. Younger files are spared: their transaction may still be running (uploads, key
    rotation). Returns the number of files deleted.
    """
    import datetime

    from django.utils import timezone

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=older_than_seconds)
    try:
        _dirs, files = default_storage.listdir(STORAGE_PREFIX.rstrip("/"))
    except FileNotFoundError:
        return 0
    names = [f"{STORAGE_PREFIX}{f}" for f in files if f.endswith(".bin")]
    deleted = 0
    for start in range(0, len(names), batch_size):
        batch = names[start : start + batch_size]
        known = set(CaseDocument._base_manager.filter(storage_name__in=batch).values_list("storage_name", flat=True))
        for name in batch:
            if name in known or default_storage.get_modified_time(name) > cutoff:
                continue
            # Checked again just before deleting: a row written since the batch query keeps its file.
            if not CaseDocument._base_manager.filter(storage_name=name).exists():
                default_storage.delete(name)
                deleted += 1
    if deleted:
        logger.warning("deleted %d sealed document files no record named", deleted)
    return deleted


def read_sealed(storage_name):
    with default_storage.open(storage_name, "rb") as handle:
        return handle.read()


def sealed_key_id(storage_name):
    with default_storage.open(storage_name, "rb") as handle:
        return crypto.blob_key_id(handle.read(crypto.BLOB_HEADER_MAX))


def open_document(document):
    """The clear bytes of a stored document; raises ``DecryptionError`` if anything does not match."""
    data = crypto.open_blob(read_sealed(document.storage_name), document.storage_name.encode("ascii"))
    if hashlib.sha256(data).hexdigest() != document.sha256:
        raise crypto.DecryptionError(f"document #{document.pk} does not match its recorded checksum")
    return data


def download_name(document):
    """The neutral name a file is served under: the case number, the kind and the document's number.
    The name it was uploaded with often carries the person's name: it is never sent."""
    extension = _extension(document.original_name) or ".bin"
    return f"{document.case.number}-{document.kind}-{document.pk}{extension}"


def content_disposition(filename):
    """``attachment`` with an ASCII fallback and an RFC 5987 ``filename*`` for Vietnamese names."""
    filename = clean_file_name(filename)
    fallback = re.sub(r"[^A-Za-z0-9._ ()-]+", "_", unidecode(filename)).strip() or "document"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{urllib.parse.quote(filename, safe='')}"


def attachment_response(document, data, filename):
    """An attachment that no cache keeps and no browser sniffs or renders inside the site."""
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition(filename)
    response["Content-Length"] = str(len(data))
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---- key rotation ----------------------------------------------------------------------------


@dataclass
class FileSurvey:
    total: int = 0
    stale: int = 0
    missing: list = field(default_factory=list)
    unknown_key: list = field(default_factory=list)
    problems: list = field(default_factory=list)


def survey_files(*, sample=True):
    """Read the header of every stored document: how many are under an old key, missing, unreadable.

    With ``sample``, one document per configured key is decrypted in full (and its checksum checked).
    """

    survey = FileSurvey()
    current, configured = crypto.current_key_id(), set(crypto.configured_key_ids())
    sampled = set()
    rows = CaseDocument._base_manager.only("pk", "storage_name", "sha256").order_by("pk")
    for document in rows.iterator(chunk_size=500):
        survey.total += 1
        try:
            key_id = sealed_key_id(document.storage_name)
        except FileNotFoundError:
            survey.missing.append(document.pk)
            continue
        except crypto.DecryptionError:
            survey.unknown_key.append(document.pk)
            continue
        if key_id not in configured:
            survey.unknown_key.append(document.pk)
            continue
        if key_id != current:
            survey.stale += 1
        if sample and key_id not in sampled:
            sampled.add(key_id)
            try:
                open_document(document)
            except crypto.DecryptionError as exc:
                survey.problems.append(f"document #{document.pk}: key {key_id!r} cannot decrypt it ({exc})")
    return survey


def rotate_files(*, batch_size, progress=None):
    """Re-seal every stored document not under the current key, one transaction per batch.

    The new sealed copy gets a new storage name (the name is the associated data); the row is
    switched to it in the transaction and the old file is deleted only after the commit. A batch
    that fails deletes the copies it made. Missing files are skipped and returned.
    """
    from django.db import transaction

    current = crypto.current_key_id()
    total, last_pk, missing = 0, None, []
    while True:
        created, replaced = [], []
        try:
            with transaction.atomic():
                queryset = CaseDocument._base_manager.only("pk", "storage_name", "sha256")
                queryset = queryset.select_for_update().order_by("pk")
                if last_pk is not None:
                    queryset = queryset.filter(pk__gt=last_pk)
                batch = list(queryset[:batch_size])
                if not batch:
                    return total, missing
                for document in batch:
                    try:
                        if sealed_key_id(document.storage_name) == current:
                            continue
                    except FileNotFoundError:
                        missing.append(document.pk)
                        continue
                    new_name = store_sealed(open_document(document))
                    created.append(new_name)
                    CaseDocument._base_manager.filter(pk=document.pk).update(storage_name=new_name)
                    replaced.append(document.storage_name)
                old_names = list(replaced)
                transaction.on_commit(lambda names=old_names: [delete_quietly(n) for n in names])
        except BaseException:
            for name in created:
                delete_quietly(name)
            raise
        last_pk = batch[-1].pk
        total += len(replaced)
        if progress and replaced:
            progress(len(replaced), total)
