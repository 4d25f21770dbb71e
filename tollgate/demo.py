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

import click

from tollgate.clients import follow, publish
from tollgate.config import DEFAULT_DOMAIN_DIR, Settings, load_settings
from tollgate.embedded.broker import EmbeddedBroker
from tollgate.runs import record_run
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


async def wait_terminal(
    settings: Settings, tracker: TerminalTracker, timeout_s: float, quiet: bool
) -> None:
    """Follow the terminal topics until every published message is accounted for; a progress
    bar on stderr shows how many have landed (nothing when ``quiet``)."""
    total = len(tracker.expected)
    bar = click.progressbar(
        length=total, label="tickets landed", file=sys.stderr, show_pos=True, width=30
    )
    shown = 0
    with contextlib.suppress(TimeoutError), bar if not quiet else contextlib.nullcontext():
        async with asyncio.timeout(timeout_s):
            async with contextlib.aclosing(follow(settings, settings.terminal_topics)) as stream:
                async for topic, _partition, _offset, value in stream:
                    tracker.observe(topic, value)
                    if not quiet and tracker.terminal > shown:
                        bar.update(tracker.terminal - shown)
                        shown = tracker.terminal
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
            await wait_terminal(settings, tracker, timeout_s, quiet)
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
            per_ticket = _per_ticket(tracker, messages)
            if console is not None:
                from tollgate.console.serve import serve_until_interrupted

                await serve_until_interrupted(settings, *console, demo_token)
    record_run(base.data_dir, "demo", settings.clickhouse_url)  # metrics/report read it next
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


TEXT_CHARS = 70
REPLY_CHARS = 160


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis when longer than ``limit``."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0] or flat[: limit - 1]
    return cut + "…"


def _ticket_text(raw: bytes) -> str:
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return repr(raw[:40])
    text = value.get("text") if isinstance(value, dict) else None
    return text if isinstance(text, str) else json.dumps(value)[:80]


def _why_human(outcome: str, payload: dict[str, Any]) -> str:
    """Why a person (not the agent) has this ticket, or ``""`` when the agent answered."""
    if outcome == "escalate":
        return f"{payload.get('queue', 'general')} queue: {payload.get('reason', '')}"
    if outcome == "dead_letter":
        return f"dead letter: {payload.get('reason', '')} ({payload.get('error', '')})"
    if outcome == "draft":
        return "draft waiting for a reviewer's approval"
    if outcome == "respond_review":
        return "answered; flagged for a reviewer to check"
    return ""


def _per_ticket(tracker: TerminalTracker, messages: list[bytes]) -> list[dict[str, Any]]:
    rows = []
    for p, key, raw in zip(tracker.published, tracker.keys, messages, strict=True):
        landing = tracker.first(key)
        payload = landing.payload if landing else {}
        verdict = payload.get("verdict") or {}
        intent = (verdict.get("intent") or {}) if verdict else {}
        outcome = landing.outcome if landing else "LOST"
        rows.append(
            {
                "ticket_id": p.ticket_id or f"(malformed @{p.partition}:{p.offset})",
                "outcome": outcome,
                "topic": landing.topic if landing else "",
                "intent": intent.get("intent") or payload.get("intent") or "",
                "confidence": round(
                    float(intent.get("confidence", payload.get("confidence", 0.0)) or 0.0), 2
                ),
                "triggers": [
                    t["name"] for t in (verdict.get("triggers") or payload.get("triggers") or [])
                ],
                "reason": payload.get("reasoning") or payload.get("reason") or "",
                "text": shorten(_ticket_text(raw), TEXT_CHARS),
                "reply": payload.get("response") or payload.get("draft_response") or "",
                "why_human": _why_human(outcome, payload),
            }
        )
    return rows


def render_summary(s: dict[str, Any]) -> str:
    """Per ticket: id, outcome, intent and confidence; the (shortened) text; then what the
    agent answered or why a human has it. Then the totals."""
    lines = [
        "",
        f"Tollgate demo: {s['tickets']} messages ({s['valid']} tickets + "
        f"{s['malformed']} malformed) in {s['elapsed_s']} s",
        "",
    ]
    for r in s["per_ticket"]:
        intent = f"{r['intent']} {r['confidence']:.2f}" if r["intent"] else ""
        lines.append(f"{r['ticket_id'][:28]:<28} {r['outcome']:<15} {intent}")
        lines.append(f"    ticket: {r['text']}")
        if r["reply"]:
            lines.append(f"    agent:  {shorten(r['reply'], REPLY_CHARS)}")
        if r["why_human"]:
            triggers = f" [{', '.join(r['triggers'])}]" if r["triggers"] else ""
            lines.append(f"    human:  {shorten(r['why_human'], REPLY_CHARS)}{triggers}")
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
    lines.append(
        "Next: `tollgate metrics`, `tollgate report --html report.html`; your own "
        "tickets: `tollgate up` (README: Run your own tickets)"
    )
    return "\n".join(lines)


def main(as_json: bool, timeout_s: float, console: tuple[str, int] | None = None) -> int:
    summary = asyncio.run(run_demo(as_json=as_json, timeout_s=timeout_s, console=console))
    if as_json:
        print(json.dumps(summary, default=str))
    else:
        print(render_summary(summary))
    return 0 if summary["lost"] == 0 and summary["conflicting"] == 0 else 1
