"""The Server-Timing header the benchmark reads: off by default, and when on, measured inside the request."""

import re

import pytest
from django.test import Client

from safereturn.cases.models import Case
from safereturn.cases.tests.test_intake_and_cases import intake_form

pytestmark = pytest.mark.django_db


def _timings(response):
    return {name: float(ms) for name, ms in re.findall(r"(\w+);dur=([0-9.]+)", response["Server-Timing"])}


def test_no_timings_are_sent_unless_asked_for(client, force_sign_in):
    force_sign_in("intake")  # the Phú Lợi ward's intake officer
    client.post("/cases/intake/", intake_form())
    response = client.get(f"/cases/{Case.objects.get().pk}/")
    assert response.status_code == 200
    assert "Server-Timing" not in response


def test_the_case_page_tells_its_time_in_sql_and_in_the_audit_write(settings, force_sign_in):
    settings.SAFERETURN_SERVER_TIMING = True
    client = Client()  # its handler loads the middleware with the setting on
    force_sign_in("intake", client=client)
    client.post("/cases/intake/", intake_form())
    page = client.get(f"/cases/{Case.objects.get().pk}/")
    assert page.status_code == 200
    timings = _timings(page)
    assert set(timings) == {"app", "db", "audit"}
    assert 0 < timings["audit"] < timings["db"] < timings["app"]  # the page reads more than it audits

    unaudited = client.get("/healthz/")
    assert _timings(unaudited)["audit"] == 0
