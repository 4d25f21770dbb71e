"""CPU per ticket of each in-process stage (``streams.inline.InlinePipeline``, local model).

Tickets cycle over the demo samples (``tollgate/domains/shop/demo_tickets.jsonl``) and, by default,
the labelled constraint set (``tests/constraints/data/labelled.jsonl``); each gets its own ticket
and session id. Stages run batch by batch as in the pipeline; each stage's CPU time (the
process's, ``time.process_time``, so other load on the machine matters less than for wall time)
is summed over the batches.

Run: ``.venv/bin/python bench/stage_cpu.py [-n 2000] [--batch 256] [--source both]
[--repeat 3] [--profile 25]``. ``--profile N`` prints the N most expensive functions by
cumulative time of one extra cProfile run.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import logging
import pstats
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import structlog

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from schemas import Ticket  # noqa: E402
from streams.inline import InlinePipeline  # noqa: E402
from streams.services import build_services  # noqa: E402
from tollgate.config import load_settings  # noqa: E402

SAMPLES = ROOT / "tollgate" / "domains" / "shop" / "demo_tickets.jsonl"
LABELLED = ROOT / "tests" / "constraints" / "data" / "labelled.jsonl"
STAGES = ("intent", "constraint", "decision", "escalation")


def texts(source: str) -> list[str]:
    """The texts tickets cycle over: ``samples``, ``labelled`` or ``both``."""
    out: list[str] = []
    for path, name in ((SAMPLES, "samples"), (LABELLED, "labelled")):
        if source in (name, "both"):
            lines = path.read_text(encoding="utf-8").splitlines()
            out += [json.loads(line)["text"] for line in lines if line.strip()]
    return out


def make_tickets(n: int, source: str, run: int, unique: bool = False) -> list[Ticket]:
    """``unique``: each text gets its run and ticket number appended, so no text repeats
    (per-text caches such as the sentence-vector one then only help within a ticket)."""
    pool = texts(source)
    if unique:
        pool = [f"{pool[i % len(pool)]} (ref {run}-{i})" for i in range(n)]
    return [
        Ticket(
            ticket_id=f"cpu{run}-{i}",
            session_id=f"cpu{run}-s{i}",
            customer_id=f"c-{i % 97}",
            text=pool[i % len(pool)],
        )
        for i in range(n)
    ]


async def timed_run(
    pipeline: InlinePipeline, tickets: Sequence[Ticket], batch: int
) -> dict[str, float]:
    """CPU seconds spent in each stage over all batches."""
    spent = dict.fromkeys(STAGES, 0.0)
    for start in range(0, len(tickets), batch):
        chunk = tickets[start : start + batch]
        t0 = time.process_time()
        intents = await pipeline.intent.process(chunk)
        t1 = time.process_time()
        verdicts = await pipeline.constraint.process(intents)
        t2 = time.process_time()
        decisions = await pipeline.decision.process(verdicts)
        t3 = time.process_time()
        await pipeline.escalation.process(decisions)
        t4 = time.process_time()
        for stage, seconds in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            spent[stage] += seconds
    return spent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-n", type=int, default=2000, help="tickets per run")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--source", choices=("samples", "labelled", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is shown")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="cProfile top N")
    parser.add_argument("--unique", action="store_true", help="no text repeats across tickets")
    args = parser.parse_args(argv)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(intent_model="", data_dir=tmp)
        pipeline = InlinePipeline(build_services(settings))
        asyncio.run(timed_run(pipeline, make_tickets(min(args.n, 300), args.source, 0), 64))
        batches = [
            make_tickets(args.n, args.source, r, args.unique) for r in range(1, args.repeat + 1)
        ]
        runs = [asyncio.run(timed_run(pipeline, tickets, args.batch)) for tickets in batches]
        print(f"{args.n} tickets from {args.source}, batches of {args.batch}, best of {len(runs)}")
        best = {stage: min(run[stage] for run in runs) for stage in STAGES}
        for stage in STAGES:
            all_ms = " ".join(f"{run[stage] * 1000 / args.n:.3f}" for run in runs)
            print(f"  {stage:<11} {best[stage] * 1000 / args.n:8.3f} ms/ticket   (runs: {all_ms})")
        print(f"  {'total':<11} {sum(best.values()) * 1000 / args.n:8.3f} ms/ticket")
        if args.profile:
            tickets = make_tickets(args.n, args.source, len(runs) + 1, args.unique)
            profiler = cProfile.Profile()
            profiler.enable()
            asyncio.run(timed_run(pipeline, tickets, args.batch))
            profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(args.profile)
            stats.sort_stats("tottime").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
