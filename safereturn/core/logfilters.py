"""Logging filters."""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """Keeps a client error's log line (a 403, a 404) but drops its traceback: the request was refused or
    missed, nothing failed. Django's ``django.request`` logger attaches the exception (Http404,
    PermissionDenied) to these records; a server error (5xx) keeps its traceback."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
