"""Results of a benchmark run: a JSON document and a Markdown table (bench/results/)."""

import json
from pathlib import Path


def _num(value, digits=1):
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def _met(value):
    if value is None:
        return "—"
    return "yes" if value else "**no**"


def markdown(result):
    cfg, machine, data = result["config"], result["machine"], result["data"]
    commit = (result.get("git") or {}).get("commit", "")[:10]
    if (result.get("git") or {}).get("dirty"):
        commit += " (with uncommitted changes)"
    lines = [
        f"# SafeReturn benchmark — {result['started_at'][:16].replace('T', ' ')} UTC",
        "",
        f"{_num(data['cases'])} cases ({_num(data['persons'])} persons, {_num(data['participants'])} participants, "
        f"{_num(data['events'])} timeline events; seed {cfg['seed']}, received until {cfg['until']}) · "
        f"{machine['cores']} cores, {machine['memory_mb'] / 1024:.1f} GB RAM · PostgreSQL "
        f"{machine['postgresql_version']} · gunicorn {cfg['workers']} {cfg['worker_class']} workers, production "
        f"settings, DEBUG off · concurrency {cfg['concurrency']} · {cfg['requests']} requests per latency measure · "
        f"commit {commit or 'unknown'}",
        "",
        "| measure | p50 ms | p95 ms | p99 ms / value | goal | met |",
        "|---|---:|---:|---:|---|---|",
    ]
    for row in result["table"]:
        if row.get("value") is not None or row.get("p50_ms") is None:
            value = _num(row.get("value"), row.get("digits", 1))
            if row.get("unit"):
                value += f" {row['unit']}"
            lines.append(f"| {row['measure']} | | | {value} | {row.get('goal') or ''} | {_met(row.get('met'))} |")
        else:
            lines.append(
                f"| {row['measure']} | {_num(row['p50_ms'])} | {_num(row['p95_ms'])} | {_num(row['p99_ms'])} | "
                f"{row.get('goal') or ''} | {_met(row.get('met'))} |"
            )
    missed = [row["measure"] for row in result["table"] if row.get("met") is False]
    lines += ["", f"Goals missed: {len(missed)} of {sum(1 for r in result['table'] if r.get('met') is not None)}."]
    if result.get("errors"):
        lines.append(f"**{result['errors']} requests failed** (see the JSON: `first_error`).")
    lines += ["", "How it was measured:", ""]
    lines += [f"- {note}" for note in result["notes"]]
    load = machine.get("load_average") or {}
    if load:
        lines.append(
            f"- Load average (1 min) at start {load.get('start', '?')}, at end {load.get('end', '?')}: other work on "
            "the machine shows up in these numbers; treat them as rough."
        )
    lines.append("")
    return "\n".join(lines)


def write(result, results_dir):
    """``<UTC timestamp>.json``, ``<UTC timestamp>.md`` and ``latest.md``; returns their paths."""
    results_dir = Path(results_dir)
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = result["started_at"].replace("-", "").replace(":", "")[:15] + "Z"
    json_path = results_dir / f"{stamp}.json"
    json_path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    text = markdown(result)
    md_path = results_dir / f"{stamp}.md"
    md_path.write_text(text, encoding="utf-8")
    latest = results_dir / "latest.md"
    latest.write_text(text, encoding="utf-8")
    return json_path, md_path, latest
