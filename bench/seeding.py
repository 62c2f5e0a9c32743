"""Seeding the scratch database with ``seed_demo`` (timed), or reusing one seeded before (BENCH_REUSE)."""

import json
import re
import subprocess
import sys
import time

from .config import REPO


def seed(env, cfg, manifest):
    """``seed_demo`` as documented, timed; progress echoed, the summary line parsed."""
    command = [
        sys.executable,
        "manage.py",
        "seed_demo",
        "--cases",
        str(cfg.cases),
        "--seed",
        str(cfg.seed),
        "--until",
        cfg.until.isoformat(),
        "--manifest",
        str(manifest),
        "--bulk",
        "--quiet-logins",
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603
    output = bytearray()
    while chunk := process.stdout.read1(4096):
        output += chunk
        sys.stdout.write(chunk.decode(errors="replace"))
        sys.stdout.flush()
    if process.wait() != 0:
        raise RuntimeError(f"seed_demo failed (exit {process.returncode})")
    wall = time.perf_counter() - started
    text = output.decode(errors="replace")
    match = re.search(r"demo cases: ([\d,]+) written.* in ([\d.]+)s \(([\d,]+) cases/s\)", text)
    written = int(match.group(1).replace(",", "")) if match else cfg.cases
    seconds = float(match.group(2)) if match else wall
    return {
        "cases": written,
        "seconds": round(seconds, 2),
        "cases_per_second": float(match.group(3).replace(",", "")) if match else round(written / max(seconds, 1e-9), 1),
        "command_seconds": round(wall, 2),
        "command_cases_per_second": round(written / max(wall, 1e-9), 1),
        "summary": match.group(0) if match else text.strip().splitlines()[-1:],
    }


def reusable(cfg, db, manifest_path, seed_info_path):
    """What the run that seeded this database recorded, if BENCH_REUSE asks for it and the database fits
    (same seed and end date, at least BENCH_CASES cases, its manifest still there); else None."""
    if not cfg.reuse or not db.exists() or not manifest_path.exists() or not seed_info_path.exists():
        return None
    info = json.loads(seed_info_path.read_text())
    count = db.case_count()
    if info.get("seed") != cfg.seed or info.get("until") != cfg.until.isoformat() or count < cfg.cases:
        return None
    return info | {"database_cases": count}
