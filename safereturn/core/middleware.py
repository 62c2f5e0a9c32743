import re
import time

from . import request_context

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request):
    # Behind nginx the real address is in X-Forwarded-For only when the proxy is trusted;
    # deployments set SAFERETURN_TRUST_PROXY so a client cannot forge its address.
    from django.conf import settings

    if getattr(settings, "SAFERETURN_TRUST_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Gives every request an id (kept from a well-formed X-Request-ID, else new) for audit and logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _SAFE_REQUEST_ID.match(incoming) else request_context.new_request_id()
        request.request_id = request_id
        token = request_context.activate(
            request_context.RequestContext(
                request_id=request_id,
                ip_address=client_ip(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:255],
            )
        )
        try:
            response = self.get_response(request)
        finally:
            request_context.reset(token)
        response["X-Request-ID"] = request_id
        return response


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the officer chose English (language cookie set by the switch).

    Browsers on government PCs often send an English Accept-Language; pages must not follow it.
    API clients may still ask for a language with Accept-Language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        supported = {code for code, _name in settings.LANGUAGES}
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in supported:
            language = settings.LANGUAGE_CODE
            if request.path.startswith("/api/"):
                header = translation.get_language_from_request(request)
                language = header if header in supported else language
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class ServerTimingMiddleware:
    """Where a request's time went, as measured inside it: a ``Server-Timing`` header with the time in
    the application (``app``), in SQL (``db``) and in writing audit events (``audit``), in ms.

    For measurement (the benchmark reads it): only with ``SAFERETURN_SERVER_TIMING`` on, as timings
    tell a client something about the server. Off, Django drops the middleware at start-up.
    """

    def __init__(self, get_response):
        from django.conf import settings
        from django.core.exceptions import MiddlewareNotUsed

        if not settings.SAFERETURN_SERVER_TIMING:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self._audit_insert = None

    def _audit_prefix(self, connection):
        if self._audit_insert is None:
            from django.apps import apps

            table = apps.get_model("audit", "AuditEvent")._meta.db_table
            self._audit_insert = f"INSERT INTO {connection.ops.quote_name(table)}"
        return self._audit_insert

    def __call__(self, request):
        from django.db import connection

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
