"""Banking77 benchmark of the local intent model (closed set and the open-intent protocol).

Banking77: Casanueva et al., "Efficient Intent Detection with Dual Sentence Encoders"
(NLP4ConvAI 2020), CC BY 4.0. Read from ../shared/datasets/banking77.

    .venv/bin/python bench/intent_eval.py                 # report on test.tsv
    .venv/bin/python bench/intent_eval.py --tune          # dev-only protocol, for choosing knobs
    .venv/bin/python bench/intent_eval.py --speed         # ms per ticket of predict_batch only
    python bench/intent_eval.py --embeddings minilm       # with the optional sentence encoder

Report mode: (a) closed set: fit on train.tsv, gate and calibration learned on dev.tsv, scored
on test.tsv; (b) open set: for each known_intents/partP_known_0.75.list, the same with train/dev
filtered to the known intents, and every test line of another intent labelled ``oos``. The open
set lines go through the four stages in process (``streams.inline.run_inline``), as
``tollgate eval`` does, so ``autonomous_on_oos`` is the system's, not the model's.

Tune mode never reads test.tsv: train.tsv is split 80/20 into fit/validation, a quarter of each
part's known intents play the unknown ones, and scores are on dev.tsv.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import math
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tollgate.intent.domain import Example, load_examples  # noqa: E402
from tollgate.intent.embeddings import Encoder, load_encoder  # noqa: E402
from tollgate.intent.evaluate import OOS, Row, build_report  # noqa: E402
from tollgate.intent.local import LocalIntentModel, LocalModelConfig, fit_local_model  # noqa: E402

DATA = REPO.parent / "shared" / "datasets" / "banking77"


class MemoEncoder(Encoder):
    """Remembers the vectors of the training and validation texts across the many fits of a
    run; ``remember = False`` while test texts are classified, so their timing is real."""

    remember = True
    memo: dict[str, Any]

    def encode(self, texts: Sequence[str]) -> Any:
        if not self.remember:
            return super().encode(texts)
        if not hasattr(self, "memo"):
            self.memo = {}
        new = sorted({t for t in texts if t not in self.memo})
        if new:
            self.memo.update(zip(new, super().encode(new), strict=True))
        return np.vstack([self.memo[t] for t in texts]) if texts else super().encode(texts)


ENCODER: MemoEncoder | None = None


def fit(
    examples: Sequence[Example], validation: Sequence[Example], config: LocalModelConfig
) -> LocalIntentModel:
    if ENCODER is not None:
        ENCODER.remember = True
    return fit_local_model(examples, validation, config, encoder=ENCODER)


def known_intents(part: int, ratio: str = "0.75") -> set[str]:
    path = DATA / "known_intents" / f"part{part}_known_{ratio}.list"
    return set(path.read_text().split())


def model_rows(model: LocalIntentModel, data: Sequence[Example]) -> tuple[list[Row], float]:
    """Rows from the model alone (outcome from the cascade) and ms per text in one batch."""
    from tollgate.config import load_settings
    from tollgate.intent.cli import cascade_outcome

    settings = load_settings()
    if ENCODER is not None:
        ENCODER.remember = False
    started = time.perf_counter()
    predictions = model.predict_batch([e.text for e in data])
    ms = (time.perf_counter() - started) * 1000 / max(1, len(data))
    rows = [
        Row(e.intent, p.intent, p.confidence, cascade_outcome(p.intent, p.confidence, settings))
        for e, p in zip(data, predictions, strict=True)
    ]
    return rows, ms


def pipeline_rows(model: LocalIntentModel, data: Sequence[Example]) -> list[Row]:
    """Rows from the four stages in process, with this model as the intent model."""
    from streams.inline import run_inline
    from tollgate.config import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp), intent_model="")
        results = asyncio.run(run_inline([e.text for e in data], settings, intent_model=model))
    return [
        Row(e.intent, r.intent, r.confidence, r.outcome, tuple(r.triggers), r.action)
        for e, r in zip(data, results, strict=True)
    ]


def summary(rows: Sequence[Row]) -> dict[str, Any]:
    report = build_report(rows).as_dict()
    keys = ("n", "intent_accuracy", "oos_recall", "open_accuracy", "macro_f1")
    out = {k: report[k] for k in keys}
    out |= {"autonomous_on_oos": report["autonomous_on_oos"], "ece": report["ece"]}
    out["outcomes"] = report["outcomes"]
    return out


def top1(model: LocalIntentModel, data: Sequence[Example]) -> float:
    """Closed-set accuracy of the classifier's best intent, gate ignored."""
    texts = [e.text for e in data]
    vectors = model._encoder.encode(texts) if model._encoder is not None else None
    probs, _ = model._classifier.predict(texts, vectors)
    best = np.asarray(model._classifier.classes)[probs.argmax(axis=1)]
    return float(np.mean(best == np.asarray([e.intent for e in data])))


def closed_set(
    config: LocalModelConfig, train: list[Example], dev: list[Example], test: list[Example]
) -> dict[str, Any]:
    started = time.perf_counter()
    model = fit(train, dev, config)
    fit_s = time.perf_counter() - started
    rows, ms = model_rows(model, test)
    closed = dataclasses.replace(config, open_set=False)
    no_gate = fit(train, dev, closed) if config.open_set else model
    rows_no_gate, _ = model_rows(no_gate, test)
    return {
        "top1_accuracy": top1(model, test),
        "with_gate": summary(rows),
        "without_gate": summary(rows_no_gate),
        "ms_per_ticket": ms,
        "fit_seconds": fit_s,
        "oos_threshold": model.threshold,
    }


def open_set(
    config: LocalModelConfig,
    train: list[Example],
    dev: list[Example],
    test: list[Example],
    known: set[str],
    *,
    pipeline: bool,
) -> dict[str, Any]:
    started = time.perf_counter()
    model = fit(
        [e for e in train if e.intent in known], [e for e in dev if e.intent in known], config
    )
    fit_s = time.perf_counter() - started
    data = [e if e.intent in known else Example(e.text, OOS) for e in test]
    rows, ms = model_rows(model, data)
    result = {"model": summary(rows), "ms_per_ticket": ms, "fit_seconds": fit_s}
    result["oos_threshold"] = model.threshold
    if pipeline:
        result["pipeline"] = summary(pipeline_rows(model, data))
    return result


def speed(model: LocalIntentModel, texts: Sequence[str], rounds: int = 2) -> dict[str, Any]:
    """Wall and CPU (whole process) ms per ticket of ``predict_batch`` at several batch sizes,
    texts shuffled; the best of ``rounds`` (the machine is shared)."""
    if ENCODER is not None:
        ENCODER.remember = False
    rng = np.random.default_rng(0)
    shuffled = [texts[i] for i in rng.permutation(len(texts))]
    model.predict_batch(shuffled[:64])  # warm-up: sessions, derived matrices
    out: dict[str, Any] = {}
    for size in (len(shuffled), 256, 64, 8):
        n = len(shuffled) if size >= 64 else min(len(shuffled), 800)
        best = (math.inf, math.inf)
        for _ in range(rounds):
            wall, cpu = time.perf_counter(), time.process_time()
            for start in range(0, n, size):
                model.predict_batch(shuffled[start : start + size])
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            best = min(best, (cpu * 1000 / n, wall * 1000 / n))
        out[f"batch_{size}"] = {"cpu_ms_per_ticket": best[0], "wall_ms_per_ticket": best[1]}
    return out


def split(examples: list[Example], seed: int = 7) -> tuple[list[Example], list[Example]]:
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(examples))
    cut = int(0.8 * len(examples))
    return [examples[i] for i in order[:cut]], [examples[i] for i in order[cut:]]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tune", action="store_true", help="dev-only protocol (no test.tsv)")
    parser.add_argument("--parts", default="0,1,2,3,4")
    parser.add_argument("--no-closed", action="store_true")
    parser.add_argument("--no-pipeline", action="store_true", help="model + cascade only")
    parser.add_argument(
        "--speed",
        action="store_true",
        help="only time predict_batch of the closed-set model on test texts (no scores)",
    )
    parser.add_argument("--config", default="{}", help="LocalModelConfig overrides as JSON")
    parser.add_argument("--json", type=Path, help="write all numbers here")
    parser.add_argument(
        "--embeddings", default="", help="sentence encoder: '' (default), 'minilm' or a folder"
    )
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"{DATA} not found", file=sys.stderr)
        return 2
    overrides = json.loads(args.config)
    for key in ("word_ngrams", "char_ngrams"):
        if key in overrides:
            overrides[key] = tuple(overrides[key])
    if args.embeddings:
        overrides["embeddings"] = args.embeddings
    config = dataclasses.replace(LocalModelConfig(), **overrides)
    global ENCODER
    plain = load_encoder(config.embeddings)
    if plain is not None:
        ENCODER = MemoEncoder(plain.spec)
    train = load_examples(DATA / "train.tsv")
    dev = load_examples(DATA / "dev.tsv")
    if args.tune:
        train, validation = split(train)
        test = dev
    else:
        validation, test = dev, load_examples(DATA / "test.tsv")
    results: dict[str, Any] = {"config": dataclasses.asdict(config), "tune": args.tune}
    if args.speed:
        results["speed"] = speed(fit(train, validation, config), [e.text for e in test])
        print("speed", json.dumps(results["speed"]), flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))
        return 0
    if not args.no_closed:
        results["closed"] = closed_set(config, train, validation, test)
        print("closed", json.dumps(results["closed"]), flush=True)
    parts = [int(p) for p in args.parts.split(",") if p.strip()]
    rng = np.random.default_rng(11)
    for part in parts:
        known = known_intents(part)
        if args.tune:  # a quarter of the known intents play the unknown ones
            names = sorted(known)
            known = {names[i] for i in rng.permutation(len(names))[: round(0.75 * len(names))]}
        res = open_set(
            config, train, validation, test, known, pipeline=not (args.no_pipeline or args.tune)
        )
        results[f"part{part}"] = res
        print(f"part{part}", json.dumps(res), flush=True)
    keys = ("open_accuracy", "oos_recall", "intent_accuracy", "macro_f1", "autonomous_on_oos")
    if parts:
        source = "model" if args.no_pipeline or args.tune else "pipeline"
        results["open_mean"] = {
            k: float(np.mean([results[f"part{p}"][source][k] for p in parts])) for k in keys
        }
        results["open_mean_model"] = {
            k: float(np.mean([results[f"part{p}"]["model"][k] for p in parts])) for k in keys
        }
        print("open mean", json.dumps(results["open_mean"]), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
