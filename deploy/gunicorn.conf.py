"""gunicorn's configuration for SafeReturn: ``gunicorn -c deploy/gunicorn.conf.py safereturn.wsgi``.

Officers search cases by a person's name or ID number, and those words travel in query strings. The
access log therefore records the method and the path only (``%(U)s``), never the request line
(``%(r)s``), the query string (``%(q)s``) or the Referer (``%(f)s``, the previous page's address with
its query). The request id lets a log line be matched with the audit trail (docs/decisions/0023).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", "4"))  # about 2 per core
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# Behind nginx on the same machine: the proxy's headers are trusted from it alone.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
# Address, time, method, path without its query string, status, bytes, duration (µs), request id.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(D)s %({x-request-id}o)s'
