"""Upload handling that never writes an uploaded file to disk in clear text.

Django's default handlers spill uploads above ``FILE_UPLOAD_MAX_MEMORY_SIZE`` into a temporary
file; an identity document would then sit unencrypted in the temporary directory. This handler
keeps uploads in memory and, per request, keeps at most ``SAFERETURN_MAX_UPLOAD_BYTES`` + 1 bytes:
anything beyond is counted but dropped, so the file's ``size`` still reports what was sent and
the upload is refused as too large (or, for a file cut short by the budget, as incomplete).
"""

import io

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


def max_upload_bytes():
    return int(getattr(settings, "SAFERETURN_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


class BoundedMemoryUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.budget = max_upload_bytes() + 1

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        keep = raw_data[: max(self.budget, 0)]
        if keep:
            self.buffer.write(keep)
            self.budget -= len(keep)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
