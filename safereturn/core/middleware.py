import re

from django.utils.cache import add_never_cache_headers

from . import request_context
from .access_marks import CASE_DATA, access_mark

# A client's X-Request-ID is kept only if it is this (the whole value: no newline, nothing after it).
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")


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
        request_id = incoming if _SAFE_REQUEST_ID.fullmatch(incoming) else request_context.new_request_id()
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


class CaseDataNoStoreMiddleware:
    """Answers of views marked as reaching case data (``access_marks.CASE_DATA``: case pages, the case
    API, documents...) are never stored by a browser or a proxy: ``Cache-Control: no-store``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        # A view that already said no-store (a printed document) is left as it is.
        if (
            match is not None
            and access_mark(match.func) == CASE_DATA
            and "no-store" not in response.get("Cache-Control", "")
        ):
            add_never_cache_headers(response)
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
