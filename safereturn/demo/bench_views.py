"""A bare view for the benchmark's framework ceiling (`make bench`).

Routed only when the server runs with ``SAFERETURN_BENCH_VIEWS=1`` (see safereturn/urls.py), so a
production deployment has no such URL. It goes through the whole middleware stack and returns a
few bytes: the fastest any page of this server can be.
"""

from django.http import HttpResponse

from safereturn.core.access_marks import not_case_data


@not_case_data
def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")
