"""``tollgate demo``: the whole system on the embedded broker and ClickHouse, end to end."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from tollgate.clients import follow, publish
from tollgate.config import DEFAULT_DOMAIN_DIR, Settings, load_settings
from tollgate.embedded.broker import EmbeddedBroker
from tollgate.tracking import TerminalTracker
from tollgate.worker import Worker

MALFORMED: list[bytes] = [
    b"this is not json",
    b"\xff\xfe\x00\x01binary\x00garbage",
    b'{"ticket_id": "BAD-1", "channel": "email"}',
    b'{"ticket_id": 42, "text": ["not", "a", "string"]}',
]
STAGE_EVENTS = {"intent": 1, "constraint": 2, "decision": 3, "escalation": 4}


def sample_tickets(pack: Path = DEFAULT_DOMAIN_DIR) -> list[bytes]:
    """The domain pack's sample tickets (``<pack>/demo_tickets.jsonl``), one JSON per item."""
    data = (pack / "demo_tickets.jsonl").read_bytes()
    return [line for line in data.splitlines() if line.strip()]


def _progress(msg: str, quiet: bool) -> None:
    if not quiet:
        print(msg, file=sys.stderr, flush=True)


async def _wait_terminal(
    settings: Settings, tracker: TerminalTracker, timeout_s: float, quiet: bool
) -> None:
    """Follow the terminal topics until every published message is accounted for."""
    last = -1
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(timeout_s):
            async with contextlib.aclosing(follow(settings, settings.terminal_topics)) as stream:
                async for topic, _partition, _offset, value in stream:
                    tracker.observe(topic, value)
                    if tracker.terminal != last:
                        last = tracker.terminal
                        _progress(f"  terminal {tracker.terminal}/{len(tracker.expected)}", quiet)
                    if tracker.done:
                        return


def _expected_rows(tracker: TerminalTracker) -> int:
    rows = 0
    for key in tracker.expected:
        landing = tracker.first(key)
        if landing is None:
            continue
        if landing.outcome == "dead_letter":
            rows += STAGE_EVENTS.get(str(landing.payload.get("stage")), 1)
        else:
            rows += 4
    return rows


async def _wait_rows(worker: Worker, expected: int, timeout_s: float) -> int:
    store = worker.sink.store if worker.sink else None
    if store is None:
        return 0
    deadline = time.monotonic() + timeout_s
    rows = 0
    while time.monotonic() < deadline:
        rows = int(
            (
                await store.run(
                    lambda c: c.query("SELECT count() FROM agent_interactions FINAL").result_rows
                )
            )[0][0]
        )
        if rows >= expected:
            break
        await asyncio.sleep(0.2)
    return rows


async def run_demo(
    *, as_json: bool = False, timeout_s: float = 180.0, console: tuple[str, int] | None = None
) -> dict[str, Any]:
    """Start broker + worker + embedded ClickHouse, publish the samples, account for each;
    with ``console`` (host, port), then serve the review console until Ctrl-C."""
    quiet = as_json
    base = load_settings()
    demo_dir = base.data_dir / "demo"
    for stale in ("clickhouse", "faust"):
        shutil.rmtree(demo_dir / stale, ignore_errors=True)
    started = time.monotonic()
    with EmbeddedBroker(log_file=None) as broker:
        settings = load_settings(
            kafka_bootstrap_servers=broker.bootstrap_servers,
            data_dir=demo_dir,
            clickhouse_dsn="",
            web_enabled=False,
            kafka_rebalance_timeout_s=1.0,
            app_id="tollgate-demo",
        )
        demo_token: str | None = None
        if console is not None:  # the worker must know the reviewer who will sign
            from tollgate.console.serve import with_demo_reviewer

            settings, demo_token = with_demo_reviewer(settings)
        _progress(
            f"Tansu broker on {broker.bootstrap_servers}; starting worker (4 stages + sink)…", quiet
        )
        async with Worker(settings) as worker:
            messages = sample_tickets(settings.domain_dir) + MALFORMED
            published = await publish(settings, messages)
            _progress(f"published {len(published)} messages ({len(MALFORMED)} malformed)", quiet)
            tracker = TerminalTracker(settings, published)
            await _wait_terminal(settings, tracker, timeout_s, quiet)
            expected_rows = _expected_rows(tracker)
            rows = await _wait_rows(worker, expected_rows, timeout_s=30)
            assert worker.sink is not None
            store = worker.sink.store
            metrics = await store.run(
                lambda c: c.query("SELECT * FROM agent_metrics ORDER BY date DESC LIMIT 1")
            )
            metric_row = (
                dict(zip(metrics.column_names, metrics.result_rows[0], strict=True))
                if metrics.result_rows
                else {}
            )
            per_ticket = _per_ticket(tracker)
            if console is not None:
                from tollgate.console.serve import serve_until_interrupted

                await serve_until_interrupted(settings, *console, demo_token)
    summary: dict[str, Any] = {
        "tickets": len(published),
        "valid": len(published) - len(MALFORMED),
        "malformed": len(MALFORMED),
        "terminal": tracker.terminal,
        "outcomes": tracker.outcomes(),
        "lost": tracker.lost,
        "duplicates": tracker.duplicates,
        "conflicting": len(tracker.conflicting),
        "clickhouse_rows": rows,
        "clickhouse_rows_expected": expected_rows,
        "metrics": {
            k: (str(v) if k == "date" else round(float(v), 4)) for k, v in metric_row.items()
        },
        "elapsed_s": round(time.monotonic() - started, 2),
        "per_ticket": per_ticket,
    }
    return summary


def _per_ticket(tracker: TerminalTracker) -> list[dict[str, Any]]:
    rows = []
    for p, key in zip(tracker.published, tracker.keys, strict=True):
        landing = tracker.first(key)
        payload = landing.payload if landing else {}
        verdict = payload.get("verdict") or {}
        intent = (verdict.get("intent") or {}) if verdict else {}
        rows.append(
            {
                "ticket_id": p.ticket_id or f"(malformed @{p.partition}:{p.offset})",
                "outcome": landing.outcome if landing else "LOST",
                "topic": landing.topic if landing else "",
                "intent": intent.get("intent") or payload.get("intent") or "",
                "confidence": round(
                    float(intent.get("confidence", payload.get("confidence", 0.0)) or 0.0), 2
                ),
                "triggers": [
                    t["name"] for t in (verdict.get("triggers") or payload.get("triggers") or [])
                ],
                "reason": (payload.get("reasoning") or payload.get("reason") or "")[:80],
                "text": (intent.get("clean_text") or payload.get("text") or "")[:60],
            }
        )
    return rows


def render_summary(s: dict[str, Any]) -> str:
    lines = [
        "",
        f"Tollgate demo: {s['tickets']} messages ({s['valid']} tickets + "
        f"{s['malformed']} malformed) in {s['elapsed_s']} s",
        "",
        f"{'ticket':<24} {'outcome':<15} {'intent':<24} {'conf':>5}  triggers / reason",
    ]
    for r in s["per_ticket"]:
        why = ", ".join(r["triggers"]) or r["reason"]
        lines.append(
            f"{r['ticket_id'][:24]:<24} {r['outcome']:<15} {r['intent'][:24]:<24} "
            f"{r['confidence']:>5.2f}  {why[:60]}"
        )
    lines += ["", "outcomes: " + ", ".join(f"{k}={v}" for k, v in s["outcomes"].items())]
    lines.append(
        f"lost: {s['lost']}   duplicates: {s['duplicates']}   "
        f"ClickHouse rows: {s['clickhouse_rows']}/{s['clickhouse_rows_expected']}"
    )
    m = s["metrics"]
    if m:
        lines.append(
            "agent_metrics ({date}): total_interactions={total_interactions:.0f} "
            "avg_confidence={avg_confidence:.3f} success_rate={success_rate:.3f} "
            "escalation_rate={escalation_rate:.3f}".format(**m)
        )
    lines.append(
        "OK: every ticket reached exactly one terminal place"
        if s["lost"] == 0 and not s["conflicting"]
        else "FAILED: tickets lost or split"
    )
    return "\n".join(lines)


def main(as_json: bool, timeout_s: float, console: tuple[str, int] | None = None) -> int:
    summary = asyncio.run(run_demo(as_json=as_json, timeout_s=timeout_s, console=console))
    if as_json:
        print(json.dumps(summary, default=str))
    else:
        print(render_summary(summary))
    return 0 if summary["lost"] == 0 and summary["conflicting"] == 0 else 1
