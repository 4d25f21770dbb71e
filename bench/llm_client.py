"""Client-side throughput of the LLM intent path, against a fake LLM in another process.

    .venv/bin/python bench/llm_client.py --texts 3000 --latency-ms 0 --repeat 3
    .venv/bin/python bench/llm_client.py --texts 3000 --profile /tmp/llm.prof

Classifies ``--texts`` demo ticket texts (each one made unique) with
:class:`~tollgate.intent.llm.LLMIntentModel` (or the whole :class:`FallbackChain` with
``--chain``) in batches of ``--batch`` and prints texts/s (wall) and the client's CPU
milliseconds per text (``time.process_time``, which the other engineers' load on the shared
machine disturbs far less than wall time). ``--in-thread`` runs the server in this process
instead, as the old benchmark did. ``--compare A B`` runs the model class built with each
keyword set alternately (``--repeat`` rounds) so the ratio comes from the same minutes;
``--baseline REV`` adds ``LLMIntentModel`` as it was at a git revision; ``--calls`` adds Python
function calls per text (cProfile), a proxy for CPU that the shared machine's load cannot skew.

Measured 2026-11-23 (2 shared cores, load 5-8; best of 3 rounds, 1600 texts, fake LLM at 0 ms in
its own process, ``--calls --baseline a55dd52 --compare {} '{"texts_per_request": 4}' ...``):

    llm.py before this work       96 texts/s   9.5 ms CPU/text   26,138 calls/text
    now, 1 text per request      127 texts/s   7.2 ms CPU/text   24,018 calls/text
    now, 4 texts per request     455 texts/s   1.8 ms CPU/text    6,022 calls/text
    now, 8 texts per request     878 texts/s   0.9 ms CPU/text    3,023 calls/text
    now, 16 texts per request   1345 texts/s   0.5 ms CPU/text    1,540 calls/text

At 200 ms fake latency (concurrency 1000): 95 / 330 / 584 / 1092 texts/s for 1 / 4 / 8 / 16.
Of the remaining per-request CPU, ~42 % is the OpenAI SDK (request transform, httpx), the rest
litellm's Router and response/cost/logging work; tollgate's own code is ~4 %. ``--gc-freeze``
cut the cyclic GC's share of the CPU from ~30 % to ~12 % (a worker-level setting).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import json
import pstats
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml

from tollgate.config import DEFAULT_DOMAIN_DIR, load_settings
from tollgate.demo import sample_tickets
from tollgate.intent.base import IntentModel, IntentPrediction
from tollgate.intent.chain import FallbackChain, escalation
from tollgate.intent.llm import LLMIntentModel
from tollgate.testing.fake_llm import FakeLLMServer
from tollgate.testing.fake_llm_process import FakeLLMProcess


def texts(n: int) -> list[str]:
    samples = [json.loads(raw)["text"] for raw in sample_tickets()]
    return [f"{samples[i % len(samples)]} (ref {i})" for i in range(n)]


INTENTS: dict[str, str] = yaml.safe_load((DEFAULT_DOMAIN_DIR / "intents.yaml").read_text())[
    "intents"
]
CALLBACK_LISTS = (
    "success_callback",
    "_async_success_callback",
    "failure_callback",
    "_async_failure_callback",
)


class NoLocal:
    """Stand-in local model for ``--chain``: whatever the LLM fails on is an escalation."""

    name = "no-local"

    async def classify_batch(self, texts: Sequence[str]) -> list[IntentPrediction]:
        return [escalation("no local model in this benchmark") for _ in texts]


@dataclass
class Variant:
    """One model to measure, with the litellm callbacks its construction registered."""

    label: str
    model: IntentModel
    callbacks: dict[str, list[Any]] = field(default_factory=dict)
    rates: list[float] = field(default_factory=list)
    cpu_ms: list[float] = field(default_factory=list)

    def activate(self) -> None:
        """Give litellm's global callback lists this variant's callbacks only."""
        import litellm

        for name, callbacks in self.callbacks.items():
            getattr(litellm, name)[:] = callbacks


def baseline_class(rev: str) -> type[Any]:
    """``LLMIntentModel`` as it was at git revision ``rev`` (for same-run before/after)."""
    source = subprocess.run(
        ["git", "show", f"{rev}:tollgate/intent/llm.py"],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout
    name = f"llm_at_{rev.replace('~', '_').replace('^', '_')}"
    module = types.ModuleType(name)
    sys.modules[name] = module
    exec(compile(source, f"{rev}:tollgate/intent/llm.py", "exec"), module.__dict__)
    return cast(type[Any], module.LLMIntentModel)


def build(
    base_url: str, args: argparse.Namespace, label: str, cls: type[Any], extra: dict[str, Any]
) -> Variant:
    import litellm

    settings = load_settings(
        intent_model=args.model,
        llm_api_base=base_url,
        llm_api_key="bench-not-a-secret",
        llm_max_concurrency=args.concurrency,
        llm_timeout_s=30.0,
    )
    before = {name: list(getattr(litellm, name)) for name in CALLBACK_LISTS}
    model: IntentModel = cls(settings, INTENTS, **extra)
    if args.chain:
        model = FallbackChain(model, NoLocal(), chunk_size=args.concurrency)
    added = {
        name: [cb for cb in getattr(litellm, name) if cb not in before[name]]
        for name in CALLBACK_LISTS
    }
    return Variant(label, model, added)


async def run(model: IntentModel, batch: Sequence[str], size: int) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, failures) for classifying ``batch`` in batches of ``size``."""
    wall, cpu, failed = time.perf_counter(), time.process_time(), 0
    for start in range(0, len(batch), size):
        predictions = await model.classify_batch(batch[start : start + size])
        failed += sum(p.error is not None or p.fallback for p in predictions)
    await settle()  # litellm's queued success logging is part of the cost of these calls
    return time.perf_counter() - wall, time.process_time() - cpu, failed


async def settle(limit_s: float = 60.0) -> None:
    """Wait until litellm's background logging queue is empty (it lags behind the calls; left
    alone, one variant's backlog would be charged to the next)."""
    from litellm.litellm_core_utils.logging_worker import GLOBAL_LOGGING_WORKER

    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        queue = getattr(GLOBAL_LOGGING_WORKER, "_queue", None)
        if queue is None or queue.qsize() == 0:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.05)  # the last dequeued handlers finish


def server(args: argparse.Namespace) -> AbstractContextManager[FakeLLMServer | FakeLLMProcess]:
    if args.in_thread:
        return FakeLLMServer(latency_ms=args.latency_ms)
    return FakeLLMProcess(latency_ms=args.latency_ms)


async def measure(base_url: str, args: argparse.Namespace) -> None:
    """Warm up, then run every variant ``--repeat`` times, alternating, on one event loop."""
    specs: list[tuple[str, type[Any], dict[str, Any]]] = []
    if args.baseline:
        specs.append((f"at {args.baseline}", baseline_class(args.baseline), {}))
    specs += [(f"now {v}", LLMIntentModel, json.loads(v)) for v in args.compare or ["{}"]]
    variants = [build(base_url, args, *spec) for spec in specs]
    work = texts(args.texts)
    for variant in variants:  # warm up the HTTP connections and lazy paths
        variant.activate()
        await run(variant.model, work[: min(200, len(work))], args.batch)
    if args.gc_freeze:  # what a worker can do once it is built: the cyclic GC then skips the
        gc.freeze()  # ~400k long-lived objects (litellm's tables, ...) on every older-gen pass
    if args.gc_threshold:
        gc.set_threshold(args.gc_threshold, *gc.get_threshold()[1:])
    for round_ in range(args.repeat):
        for variant in variants:
            variant.activate()
            await settle()
            profiler = cProfile.Profile() if args.profile else None
            if profiler is not None:
                profiler.enable()
            wall, cpu, failed = await run(variant.model, work, args.batch)
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(args.profile)
            variant.rates.append(len(work) / wall)
            variant.cpu_ms.append(cpu / len(work) * 1000)
            print(
                f"round {round_} {variant.label:32s} {variant.rates[-1]:7.1f} texts/s  "
                f"{variant.cpu_ms[-1]:6.3f} ms CPU/text  failed {failed}",
                flush=True,
            )
    calls = [
        await python_calls(variant, work, args.batch) if args.calls else 0.0 for variant in variants
    ]
    first = min(variants[0].cpu_ms)
    for variant, per_text in zip(variants, calls, strict=True):
        cpu = min(variant.cpu_ms)
        print(
            f"best {variant.label:32s} {max(variant.rates):7.1f} texts/s  {cpu:6.3f} ms CPU/text "
            f"(x{cpu / first:.2f} of the first; median {statistics.median(variant.cpu_ms):.3f})"
            + (f"  {per_text:,.0f} Python calls/text" if args.calls else "")
        )


async def python_calls(variant: Variant, work: Sequence[str], size: int) -> float:
    """Python function calls per text under cProfile: a proxy for CPU that load cannot skew."""
    variant.activate()
    await settle()
    profiler = cProfile.Profile()
    profiler.enable()
    await run(variant.model, work, size)
    profiler.disable()
    return pstats.Stats(profiler).total_calls / len(work)  # type: ignore[attr-defined,no-any-return]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=1000, help="texts per classify_batch")
    parser.add_argument("--concurrency", type=int, default=1000, help="llm_max_concurrency")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--model", default="openai/fake-model")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--chain", action="store_true", help="LLM > local > escalate chain")
    parser.add_argument("--in-thread", action="store_true", help="server in this process")
    parser.add_argument("--profile", type=Path, help="write cProfile stats here")
    parser.add_argument("--calls", action="store_true", help="count Python calls per text")
    parser.add_argument("--gc-freeze", action="store_true", help="gc.freeze() after warm-up")
    parser.add_argument("--gc-threshold", type=int, help="gc generation-0 threshold")
    parser.add_argument("--baseline", metavar="REV", help="also measure llm.py at this git rev")
    parser.add_argument(
        "--compare",
        nargs="+",
        metavar="JSON",
        help="LLMIntentModel keyword sets to alternate, e.g. {} '{\"texts_per_request\": 8}'",
    )
    args = parser.parse_args(argv)
    with server(args) as srv:
        asyncio.run(measure(srv.base_url, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
