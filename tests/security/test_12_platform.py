"""Finding 12 (platform parts): the access log keeps no query string, case data is never cached, the
API schema and docs need sign-in and load nothing from a CDN, a client's request id is checked, and
the CSP nonce is real (docs/decisions/0023)."""

import base64
import datetime
import json
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from safereturn.audit.models import AuditAction, AuditEvent
from safereturn.cases.models import Case
from safereturn.notifications.models import Notification
from safereturn.testing.personas import record_case

ROOT = Path(__file__).resolve().parents[2]


# ---- logs without query strings -------------------------------------------------------------------


def test_gunicorn_access_log_format_has_no_query_string_nor_referer():
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    log_format = config["access_log_format"]
    # %(r)s is the request line (path and query), %(q)s the query, %(f)s the Referer (a page's address).
    for atom in ("%(r)s", "%(q)s", "%(f)s", "{referer}i", "{referer}I"):
        assert atom not in log_format.lower()
    assert "%(U)s" in log_format  # the path alone
    assert config["accesslog"]


def test_gunicorn_logs_the_path_of_a_search_without_its_words():
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    config = Config()
    config.set("access_log_format", runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["access_log_format"])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/cases/?q=Nguyen+Thi+Lan&id_number=012345678901",
        "PATH_INFO": "/cases/",
        "QUERY_STRING": "q=Nguyen+Thi+Lan&id_number=012345678901",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "https://safereturn.example/cases/?q=Nguyen+Thi+Lan",
    }

    class Response:
        status = "200 OK"
        sent = 10
        headers = [("X-Request-ID", "abc123abc123")]

    request_headers = [("REFERER", environ["HTTP_REFERER"])]
    atoms = Logger(config).atoms(Response(), request_headers, environ, datetime.timedelta(seconds=0.01))
    line = config.access_log_format % atoms
    assert "/cases/" in line and "abc123abc123" in line
    assert "Nguyen" not in line and "012345678901" not in line


def test_nginx_example_logs_no_query_string():
    conf = (ROOT / "deploy" / "nginx.conf.example").read_text()
    [log_format] = re.findall(r"log_format\s+safereturn\s+(.*?);", conf, re.S)
    for variable in ("$request ", '$request"', "$request_uri", "$args", "$query_string", "$http_referer"):
        assert variable not in log_format
    assert "$uri" in log_format
    assert "access_log /var/log/nginx/safereturn.access.log safereturn;" in conf


# ---- no-store on case data ---------------------------------------------------------------------------


def test_case_page_and_case_api_are_not_stored(client, force_sign_in, make_case):
    case = make_case()
    force_sign_in("intake")
    for url in (reverse("cases:detail", args=[case.pk]), reverse("api:case", args=[case.pk])):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def test_a_refused_case_page_is_not_stored_either(client, force_sign_in, make_case):
    case = make_case()
    force_sign_in("other_case_worker")
    response = client.get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]


# ---- the API schema and docs ------------------------------------------------------------------------

_PRODUCTION_REQUESTS = """
import django, json
django.setup()
from django.test import Client
client = Client()
print(json.dumps({path: client.get(path, secure=True).status_code for path in ("/api/schema/", "/api/docs/")}))
"""


def test_schema_and_docs_need_sign_in_under_production_settings(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safereturn.settings.production",
        "DJANGO_SECRET_KEY": "p" * 64,
        "SAFERETURN_ENCRYPTION_KEYS": json.dumps({"k1": base64.urlsafe_b64encode(b"k" * 32).decode()}),
        "SAFERETURN_BLIND_INDEX_KEY": "blind",
        "SAFERETURN_AUDIT_CHECKPOINT_KEY": "c" * 40,
        "SAFERETURN_AUDIT_CHECKPOINT_LOG": str(tmp_path / "audit-checkpoints.log"),
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "SAFERETURN_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "",
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _PRODUCTION_REQUESTS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    statuses = json.loads(result.stdout.strip().splitlines()[-1])
    assert statuses["/api/schema/"] in (401, 403)
    assert statuses["/api/docs/"] in (401, 403)


@pytest.mark.django_db
def test_schema_and_docs_refuse_anonymous_callers(client):
    assert client.get(reverse("api-schema")).status_code in (401, 403)
    assert client.get(reverse("api-docs")).status_code in (401, 403)


def test_docs_page_loads_swagger_ui_from_our_static_files_not_a_cdn(client, force_sign_in):
    force_sign_in("intake")
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page)
    assert sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))], sources
    assert any(s.startswith(django_settings.STATIC_URL + "drf_spectacular_sidecar/") for s in sources), sources
    assert "cdn" not in page.lower()
    # No inline script (the page's CSP allows none): the set-up script is fetched from the docs URL.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert client.get(reverse("api-schema")).status_code == 200


# ---- X-Request-ID -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad",
    [
        "abcdefgh\n",  # a well-formed value followed by a newline
        "short",
        "x" * 65,
        "abc def ghi",
        "<script>alert(1)</script>",
        "../../etc/passwd",
    ],
)
def test_a_bad_request_id_is_replaced(client, bad):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID=bad)
    assert response.status_code == 200
    assert response["X-Request-ID"] != bad
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


@pytest.mark.django_db
def test_a_well_formed_request_id_is_kept(client):
    response = client.get("/accounts/login/", HTTP_X_REQUEST_ID="nginx-0123456789abcdef")
    assert response["X-Request-ID"] == "nginx-0123456789abcdef"


# ---- the CSP nonce --------------------------------------------------------------------------------------


def _nonce(response):
    policy = response["Content-Security-Policy"]
    assert "'nonce'" not in policy
    [script_src] = [d for d in policy.split(";") if d.strip().startswith("script-src")]
    [nonce] = re.findall(r"'nonce-([^']+)'", script_src)
    return nonce


def test_the_csp_nonce_is_random_per_response_and_carried_by_every_script(client, force_sign_in, make_case):
    case = make_case()
    force_sign_in("intake")
    seen = set()
    # A Django-template page (the intake form) and a Jinja2 page (the case page), twice each.
    for url in [reverse("cases:intake"), reverse("cases:detail", args=[case.pk])] * 2:
        response = client.get(url)
        assert response.status_code == 200
        nonce = _nonce(response)
        assert len(base64.b64decode(nonce)) >= 16
        page = response.content.decode()
        scripts = re.findall(r"<script\b[^>]*>", page)
        assert scripts
        assert all(f'nonce="{nonce}"' in tag for tag in scripts), scripts
        seen.add(nonce)
    assert len(seen) == 4


# ---- the duplicate check: limited, audited, watched ----------------------------------------------------

INTAKE_BODY = {
    "full_name": "Chau Thi Ngoc",
    "sex": "female",
    "birth_year": 2001,
    "id_number": "079301000123",
    "channel": "self_return",
    "received_at": "2026-11-01T08:30",
    "province": 92,
    "commune": 31510,
    "route": "cross_border",
    "destination_country": "KH",
    "risk_level": "low",
    "exploitation_forms": ["forced_crime"],
}


def test_duplicate_check_is_limited_audited_and_watched(client, force_sign_in, personas, make_officer, settings):
    settings.SAFERETURN_DUPLICATE_CHECK_LIMIT = 3
    settings.SAFERETURN_DUPLICATE_CHECK_MINUTES = 60
    supervisor = personas.commune_supervisor
    auditor = make_officer("auditor", agency=personas.health)
    far_auditor = make_officer("auditor", agency=personas.other_police)
    record_case(
        personas.actor("other_case_worker"),
        full_name="Trương Thị Mỹ",
        birth_year=1980,
        id_number=INTAKE_BODY["id_number"],
    )
    officer = personas.intake
    force_sign_in(officer)

    def check():
        return client.post(reverse("api:cases"), INTAKE_BODY, content_type="application/json")

    for n in (1, 2):
        response = check()
        assert response.status_code == 409
        assert response.json()["held_elsewhere"] == 1
        assert not Notification.objects.filter(kind="duplicate_checks_alert").exists(), n

    assert check().status_code == 409  # the third check: allowed, and the limit is reached
    alerts = Notification.objects.filter(kind="duplicate_checks_alert")
    assert {a.recipient_id for a in alerts} == {supervisor.pk, auditor.pk}
    assert far_auditor.pk not in {a.recipient_id for a in alerts}
    assert alerts[0].params == {"officer": officer.username, "count": 3, "minutes": 60}

    refused = check()
    assert refused.status_code == 429
    assert "held_elsewhere" not in refused.json()

    checks = AuditEvent.objects.filter(actor_id=officer.pk, object_type="duplicate_check")
    assert checks.filter(action=AuditAction.VIEW).count() == 3
    assert all(e.details == {"shown": 0, "held_elsewhere": 1, "id_number": True} for e in checks.filter(action="view"))
    assert checks.filter(action=AuditAction.DENIED).count() == 1
    assert not any(INTAKE_BODY["id_number"] in str(e.details) for e in checks)

    # The page is refused too, with a message on the form, and nothing is saved.
    page = client.post(
        reverse("cases:intake"),
        {
            **{k: v for k, v in INTAKE_BODY.items() if k not in {"received_at", "province", "commune"}},
            "province": "92",
            "commune": "31510",
            "received_at": "01/11/2026 08:30",
            "consent_processing": "on",
            "consent_given_on": "01/11/2026",
        },
    )
    assert page.status_code == 200
    assert page.context["form"].non_field_errors()
    assert page.context["hidden_matches"] == 0
    assert checks.filter(action=AuditAction.DENIED).count() == 2
    assert Case.objects.count() == 1
