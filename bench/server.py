"""The server under test: gunicorn with the production settings on 127.0.0.1, its environment
(the demo profile's keys, Redis when it answers), its static files, its start, memory and stop."""

import contextlib
import hashlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from . import client as bench_client
from .config import BARE_PATH, REPO, SETTINGS, clean_env, log

# ---- its environment and static files -------------------------------------------------------------


def demo_keys(scratch_dir):
    """The demo profile's encryption and blind-index keys (safereturn/settings/dev.py): seeded data decrypts."""
    env = clean_env() | {"DJANGO_SETTINGS_MODULE": "safereturn.settings.dev", "SAFERETURN_VAR_DIR": str(scratch_dir)}
    code = (
        "import json; from django.conf import settings; print(json.dumps({'keys': settings.SAFERETURN_ENCRYPTION_KEYS,"
        " 'blind': settings.SAFERETURN_BLIND_INDEX_KEY}))"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=REPO, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def redis_reachable(url):
    match = re.match(r"redis://([^:/]+)(?::(\d+))?", url or "")
    if not match:
        return False
    try:
        with socket.create_connection((match.group(1), int(match.group(2) or 6379)), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def server_env(cfg, keys, redis_url):
    env = {
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": cfg.database_url,
        "SAFERETURN_ENCRYPTION_KEYS": json.dumps(keys["keys"]),
        "SAFERETURN_BLIND_INDEX_KEY": keys["blind"],
        "SAFERETURN_AUDIT_CHECKPOINT_KEY": "bench-audit-checkpoint-key-not-a-secret-0123456789",
        "SAFERETURN_AUDIT_CHECKPOINT_LOG": str(cfg.scratch_dir / "var" / "audit-checkpoints.log"),
        "SAFERETURN_BENCH_VIEWS": "1",
        "SAFERETURN_SERVER_TIMING": "1",
        # One officer submits every new person of the duplicate-check measure (220 in a few seconds): the
        # limit that stops an officer fishing through the records (30 an hour) would refuse all but the first.
        "SAFERETURN_DUPLICATE_CHECK_LIMIT": "100000",
        "SAFERETURN_VAR_DIR": str(cfg.scratch_dir / "var"),
        "DJANGO_STATIC_ROOT": str(cfg.static_root),
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def static_fingerprint():
    """Changes when any static source file changes (collectstatic with compression takes ~25 s: do it once)."""
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256()
    entries = []
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            full = storage.path(path)
            stat = os.stat(full)
            entries.append(f"{path}\0{full}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


class StaticFiles:
    """``collectstatic`` into the server's static root, in the background while the database is prepared,
    and only when a static source file changed since the last run (a fingerprint is kept beside them)."""

    def __init__(self, static_root, env):
        self.static_root, self.env = static_root, env
        self.process = None

    def start(self):
        fingerprint = static_fingerprint()
        stamp = self.static_root / ".bench-fingerprint"
        if stamp.exists() and stamp.read_text() == fingerprint and (self.static_root / "staticfiles.json").exists():
            return
        log(f"collectstatic into {self.static_root} (in the background)")
        self.static_root.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=REPO,
            env=self.env,
        )
        self._stamp = (stamp, fingerprint)

    def wait(self):
        if self.process is not None:
            if self.process.wait() != 0:
                raise RuntimeError("collectstatic failed")
            stamp, fingerprint = self._stamp
            stamp.write_text(fingerprint)
            self.process = None

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait()


# ---- gunicorn -------------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, env, workers, log_path):
        self.env, self.workers, self.log_path = env, workers, log_path
        self.port = free_port()
        self.process = None

    def command(self):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "safereturn.wsgi",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--timeout",
            "120",
        ]
        helptext = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "--help"], capture_output=True, text=True, check=False
        ).stdout
        if "--no-control-socket" in helptext:
            command.append("--no-control-socket")
        return command

    def start(self):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603
            self.command(), cwd=REPO, env=clean_env() | self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 90
        probe = bench_client.Session("127.0.0.1", self.port, timeout=5)
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(OSError):
                response = probe.get(BARE_PATH)
                if response.status == 200:
                    probe.close()
                    return
                raise RuntimeError(f"{BARE_PATH} answered {response.status}:\n{self.log_tail()}")
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 90 s:\n{self.log_tail()}")

    def worker_pids(self):
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        with contextlib.suppress(OSError):
            return [int(pid) for pid in path.read_text().split()]
        return []

    def memory(self):
        """Peak (VmHWM) and current (VmRSS) resident memory of each worker, in MB."""
        workers = []
        for pid in self.worker_pids():
            fields = {}
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    name, _, value = line.partition(":")
                    if name in ("VmHWM", "VmRSS"):
                        fields[name] = round(int(value.split()[0]) / 1024, 1)
            if fields:
                workers.append({"pid": pid, "peak_mb": fields.get("VmHWM"), "rss_mb": fields.get("VmRSS")})
        return workers

    def log_tail(self, lines=40):
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()
