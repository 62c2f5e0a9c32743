"""A small HTTP/1.1 load client for the benchmark: stdlib only (``http.client``), one connection per session.

Timing starts before the request is written and stops when the whole body is read, so a new TCP
connection is included whenever the server closes the previous one (gunicorn's sync workers close
after every response, as nginx's upstream connections would be opened per request by default).
"""

import http.client
import re
import statistics
import threading
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

USER_AGENT = "safereturn-bench/1"
_CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
_SERVER_TIMING = re.compile(r"(\w+);dur=([0-9.]+)")


@dataclass
class Response:
    status: int
    headers: object
    body: bytes
    seconds: float

    @property
    def server_timing(self):
        """{name: seconds} from the server's own ``Server-Timing`` header (SAFERETURN_SERVER_TIMING)."""
        header = self.headers.get("Server-Timing", "") if self.headers is not None else ""
        return {name: float(ms) / 1000 for name, ms in _SERVER_TIMING.findall(header)}

    @property
    def location(self):
        return self.headers.get("Location", "")


class Session:
    """Cookies and default headers of one signed-in client, over its own connection.

    ``forwarded_https`` sends ``X-Forwarded-Proto: https`` as nginx does in production, so the
    application treats the request as secure (``SECURE_PROXY_SSL_HEADER``) on plain loopback HTTP.
    """

    def __init__(self, host, port, *, forwarded_https=True, token=None, timeout=300):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = {}
        self.headers = {"User-Agent": USER_AGENT}
        if forwarded_https:
            self.headers["X-Forwarded-Proto"] = "https"
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        self._conn = None

    @property
    def origin(self):
        scheme = "https" if self.headers.get("X-Forwarded-Proto") == "https" else "http"
        return f"{scheme}://{self.host}:{self.port}"

    def close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def request(self, method, path, body=None, headers=None):
        sent = dict(self.headers)
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if headers:
            sent.update(headers)
        if isinstance(body, str):
            body = body.encode()
        response, data, seconds = self._exchange(method, path, body, sent)
        self._keep_cookies(response)
        return Response(response.status, response.headers, data, seconds)

    def _exchange(self, method, path, body, headers):
        """Send the request and read the whole response, timed; returns ``(response, body, seconds)``."""
        for attempt in (1, 2):
            reused = self._conn is not None and self._conn.sock is not None
            if self._conn is None:
                self._conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            started = time.perf_counter()
            try:
                self._conn.request(method, path, body=body, headers=headers)
                response = self._conn.getresponse()
                data = response.read()
            except (http.client.HTTPException, OSError):
                self.close()
                if attempt == 2 or not reused:  # a kept-alive connection the server dropped: retry once
                    raise
                continue
            return response, data, time.perf_counter() - started

    def _keep_cookies(self, response):
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post_form(self, path, fields):
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": self.origin,
            "Referer": self.origin + path,
        }
        return self.request("POST", path, body=urlencode(fields), headers=headers)


class LoginError(RuntimeError):
    pass


def _csrf_token(response):
    match = _CSRF_FIELD.search(response.body)
    if match is None:
        raise LoginError(f"no CSRF token in the form (HTTP {response.status})")
    return match.group(1).decode()


def sign_in(session, username, password, totp_code):
    """Sign in through the real login form and the second-factor form, as an officer does."""
    page = session.get("/accounts/login/")
    if page.status != 200:
        raise LoginError(f"GET /accounts/login/ answered {page.status}")
    answer = session.post_form(
        "/accounts/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": _csrf_token(page)},
    )
    if answer.status != 302:
        raise LoginError(f"password refused for {username} (HTTP {answer.status})")
    target = answer.location
    if "/accounts/2fa/" in target and "setup" not in target:
        path = target[target.index("/accounts/2fa/") :]
        form = session.get(path)
        answer = session.post_form(path, {"token": totp_code(), "csrfmiddlewaretoken": _csrf_token(form)})
        if answer.status != 302:
            raise LoginError(f"second factor refused for {username} (HTTP {answer.status})")
    elif "/accounts/" in target:
        raise LoginError(f"{username} was sent to {target} after the password")
    home = session.get("/")
    if home.status != 200:
        raise LoginError(f"home page after sign-in answered {home.status} for {username}")
    return session


# ---- measuring ------------------------------------------------------------------------------------


def percentile(values, q):
    """Linear interpolation between closest ranks (numpy's default); ``values`` need not be sorted."""
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def summary_ms(seconds):
    if not seconds:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "mean_ms": None, "max_ms": None}
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": round(percentile(ms, 0.50), 3),
        "p95_ms": round(percentile(ms, 0.95), 3),
        "p99_ms": round(percentile(ms, 0.99), 3),
        "mean_ms": round(statistics.fmean(ms), 3),
        "min_ms": round(min(ms), 3),
        "max_ms": round(max(ms), 3),
    }


def measure_latency(session, make_request, *, count, warmup, check, between=None):
    """``count`` requests one after another (no concurrency); ``make_request(i)`` gives
    ``(method, path, body, headers)`` and ``check(i, response)`` returns an outcome label, or None for an error.
    Warm-up requests are made first and not recorded. ``between()``, if given, is called after each
    recorded request, before the next one is sent (for a measure taken turn about with this one).
    Where the server sends ``Server-Timing``, each part is summarised too (``server_timing``), with
    the median of its share of each request's whole time (``server_timing_share_median``)."""
    seconds, outcomes, errors, first_error = [], {}, 0, None
    parts, shares = {}, {}
    for i in range(-warmup, count):
        method, path, body, headers = make_request(i)  # negative i during warm-up
        response = session.request(method, path, body=body, headers=headers)
        if i < 0:
            continue
        if between is not None:
            between()
        label = check(i, response)
        if label is None:
            errors += 1
            if first_error is None:
                first_error = f"{method} {path} → HTTP {response.status}: {response.body[:200]!r}"
            continue
        seconds.append(response.seconds)
        outcomes.setdefault(label, []).append(response.seconds)
        for name, spent in response.server_timing.items():
            parts.setdefault(name, []).append(spent)
            shares.setdefault(name, []).append(spent / response.seconds)
    result = summary_ms(seconds)
    if parts:
        result["server_timing"] = {name: summary_ms(values) for name, values in sorted(parts.items())}
        result["server_timing_share_median"] = {
            name: round(statistics.median(values), 4) for name, values in sorted(shares.items())
        }
    result["errors"] = errors
    if first_error:
        result["first_error"] = first_error
    if len(outcomes) > 1:
        result["by_outcome"] = {label: summary_ms(values) for label, values in sorted(outcomes.items())}
    return result


def _throughput_round(sessions, make_request, duration, check, offset):
    """One thread per session sending requests back to back for ``duration`` seconds."""
    barrier = threading.Barrier(len(sessions) + 1)
    lock = threading.Lock()
    latencies, errors, last_done, first_error = [], [0], [0.0], []
    start_at = [0.0]

    def worker(index, session):
        done, failed = [], 0
        barrier.wait()
        deadline = start_at[0] + duration
        i = offset + index
        while time.perf_counter() < deadline:
            method, path, body, headers = make_request(i)
            i += len(sessions)
            try:
                response = session.request(method, path, body=body, headers=headers)
            except (http.client.HTTPException, OSError) as exc:
                failed += 1
                if not first_error:
                    first_error.append(f"{method} {path}: {exc!r}")
                continue
            if check(i, response) is None:
                failed += 1
                if not first_error:
                    first_error.append(f"{method} {path} → HTTP {response.status}")
                continue
            done.append(response.seconds)
        finished = time.perf_counter()
        with lock:
            latencies.extend(done)
            errors[0] += failed
            last_done[0] = max(last_done[0], finished)

    threads = [threading.Thread(target=worker, args=(i, s), daemon=True) for i, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    start_at[0] = time.perf_counter()
    barrier.wait()
    for thread in threads:
        thread.join()
    return latencies, errors[0], max(last_done[0] - start_at[0], 1e-9), first_error[:1]


def measure_throughput(targets, *, duration, rounds=3):
    """Requests per second of each target at a fixed concurrency, the targets taking turns.

    ``targets``: name → (sessions, make_request, check). Each target runs ``rounds`` times for
    ``duration / rounds`` seconds, alternating, so a busy machine weighs on all of them alike.
    Also returns the latency under load and the CPU the load generator itself used (it runs on
    the same machine as the server).
    """
    totals = {name: {"latencies": [], "errors": 0, "wall": 0.0, "cpu": 0.0, "first_error": []} for name in targets}
    for round_no in range(rounds):
        for name, (sessions, make_request, check) in targets.items():
            cpu_before = time.process_time()
            latencies, errors, wall, first_error = _throughput_round(
                sessions, make_request, duration / rounds, check, offset=round_no * 100_003
            )
            total = totals[name]
            total["cpu"] += time.process_time() - cpu_before
            total["latencies"] += latencies
            total["errors"] += errors
            total["wall"] += wall
            total["first_error"] = total["first_error"] or first_error
    results = {}
    for name, (sessions, _make, _check) in targets.items():
        total = totals[name]
        results[name] = {
            "concurrency": len(sessions),
            "rounds": rounds,
            "duration_s": round(total["wall"], 3),
            "requests": len(total["latencies"]),
            "errors": total["errors"],
            "requests_per_second": round(len(total["latencies"]) / total["wall"], 2),
            "latency": summary_ms(total["latencies"]),
            "client_cpu_seconds": round(total["cpu"], 3),
        }
        if total["first_error"]:
            results[name]["first_error"] = total["first_error"][0]
    return results
