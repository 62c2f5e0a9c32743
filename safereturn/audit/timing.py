"""Where a request's time went, for measuring (the benchmark reads it): see ``ServerTimingMiddleware``."""

import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connection

from .models import AuditEvent


class ServerTimingMiddleware:
    """Where a request's time went, as measured inside it: a ``Server-Timing`` header with the time in
    the application (``app``), in SQL (``db``) and in writing audit events (``audit``), in ms.

    For measurement (the benchmark reads it): only with ``SAFERETURN_SERVER_TIMING`` on, as timings
    tell a client something about the server. Off, Django drops the middleware at start-up.
    """

    def __init__(self, get_response):
        if not settings.SAFERETURN_SERVER_TIMING:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self._audit_insert = None

    def _audit_prefix(self, connection):
        if self._audit_insert is None:
            self._audit_insert = f"INSERT INTO {connection.ops.quote_name(AuditEvent._meta.db_table)}"
        return self._audit_insert

    def __call__(self, request):
        audit_insert = self._audit_prefix(connection)
        spent = {"db": 0.0, "audit": 0.0}

        def timed(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                elapsed = time.perf_counter() - started
                spent["db"] += elapsed
                if sql.startswith(audit_insert):
                    spent["audit"] += elapsed

        started = time.perf_counter()
        with connection.execute_wrapper(timed):
            response = self.get_response(request)
        spent["app"] = time.perf_counter() - started
        response["Server-Timing"] = ", ".join(f"{name};dur={spent[name] * 1000:.3f}" for name in ("app", "db", "audit"))
        return response
