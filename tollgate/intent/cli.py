"""``tollgate train`` and ``tollgate eval``: fit the local model, and measure the whole system.

``eval`` runs the labelled texts through the same four stages as the stream, in process
(:func:`streams.inline.run_inline`), so its outcomes are the ones tickets would get.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from tollgate.config import ConfigError, Settings, load_settings
from tollgate.constraints.evaluate import format_result, labelled_rows, score_outcomes
from tollgate.intent.base import OUT_OF_SCOPE, IntentModel
from tollgate.intent.domain import Domain, DomainError, Example, load_domain, load_examples
from tollgate.intent.embeddings import EmbeddingsUnavailable
from tollgate.intent.evaluate import Row, build_report, format_report, load_test_data
from tollgate.intent.floor import ACCURACY_FLOOR, intent_needs
from tollgate.intent.local import LocalIntentModel, config_for, load_or_train, train_local_model
from tollgate.logs import configure_logging

_EXAMPLES = click.Path(exists=True, dir_okay=False, path_type=Path)
_DOMAIN = click.Path(exists=True, file_okay=False, path_type=Path)
_EMBEDDINGS = click.option(
    "--embeddings",
    default=None,
    help="Sentence encoder for the local model: '' none, 'minilm', or a folder with "
    "model.onnx + tokenizer.json (default: the intent_embeddings setting, '').",
)

_CLOSED_SET = click.option(
    "--closed-set",
    is_flag=True,
    help="Local model without the out-of-scope gate: it never answers out_of_scope; low "
    "confidence still escalates (default: the intent_open_set setting, true).",
)


def _settings(domain: Path | None, closed_set: bool = False) -> Settings:
    overrides: dict[str, object] = {"domain_dir": domain} if domain is not None else {}
    if closed_set:
        overrides["intent_open_set"] = False
    try:
        settings = load_settings(**overrides)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    quiet = settings.log_level if settings.log_level in ("warning", "error") else "warning"
    configure_logging(quiet, settings.log_format)
    return settings


def _domain(settings: Settings) -> Domain:
    try:
        return load_domain(settings.domain_dir)
    except DomainError as exc:
        raise click.ClickException(str(exc)) from None


def _examples(path: Path, domain: Domain | None) -> list[Example]:
    """Examples from a file; with a domain, their intents must be in its catalogue."""
    try:
        examples = load_examples(path)
    except DomainError as exc:
        raise click.ClickException(str(exc)) from None
    if domain is not None:
        unknown = sorted({e.intent for e in examples} - domain.intents.keys())
        if unknown:
            raise click.ClickException(
                f"{path}: intents not in domain {domain.name!r}: {', '.join(unknown[:10])}"
            )
    return examples


@click.command("train")
@click.option("--examples", "examples_path", type=_EXAMPLES, help="JSONL or TSV (default: domain).")
@click.option("--domain", "domain_dir", type=_DOMAIN, help="Domain folder (default: settings).")
@click.option(
    "--floor",
    type=click.FloatRange(0, 1),
    default=ACCURACY_FLOOR,
    show_default=True,
    help="Fail when the validation accuracy is below this (0 disables).",
)
@_EMBEDDINGS
@_CLOSED_SET
def train(
    examples_path: Path | None,
    domain_dir: Path | None,
    floor: float,
    embeddings: str | None,
    closed_set: bool,
) -> None:
    """Fit the local intent model on labelled examples and cache it; report the accuracy per
    intent and fail below the floor, naming the intents that need more examples."""
    settings = _settings(domain_dir, closed_set)
    if examples_path is None:
        examples = _domain(settings).examples
    else:
        examples = _examples(examples_path, _domain(settings) if domain_dir else None)
    config = config_for(settings, embeddings)
    try:
        model = train_local_model(examples, settings.data_dir / "models", config)
    except EmbeddingsUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    info = model.info
    click.echo(f"examples hash        {info.examples_hash}")
    click.echo(f"examples             {len(examples)} ({info.intents} intents)")
    click.echo(f"trained on           {info.n_train}, validation {info.n_validation}")
    click.echo(f"features             {info.features}")
    click.echo(f"sentence embeddings  {config.embeddings or 'none'}")
    if config.open_set:
        click.echo(f"oos cut-off          P(in scope) < {info.oos_threshold:.3f}")
    else:
        click.echo("oos cut-off          none (closed set: never out_of_scope)")
    click.echo(f"validation accuracy  {info.validation_accuracy:.3f} (closed set)")
    click.echo(
        f"simulated open set   accuracy {info.simulated_open_accuracy:.3f}, "
        f"oos recall {info.simulated_oos_recall:.3f} (held-out intents as unknown)"
    )
    click.echo(f"seconds              {info.seconds:.1f}")
    _report_floor(examples, info.per_intent, info.validation_accuracy, floor)


def _report_floor(
    examples: Sequence[Example],
    per_intent: dict[str, tuple[int, int]],
    accuracy: float,
    floor: float,
) -> None:
    click.echo("per intent (held-out right / held-out, examples):")
    counts: dict[str, int] = {}
    for example in examples:
        counts[example.intent] = counts.get(example.intent, 0) + 1
    for intent in sorted(per_intent):
        right, held = per_intent[intent]
        score = f"{right / held:.2f}" if held else "  - "
        click.echo(f"  {intent:32s} {score}  {right}/{held}, {counts.get(intent, 0)} examples")
    needs = intent_needs(examples, per_intent, floor) if floor > 0 else []
    for need in needs:
        click.echo(f"needs examples: {need.intent}: add at least {need.more} more")
    if accuracy < floor:
        raise click.ClickException(
            f"validation accuracy {accuracy:.3f} is below the floor {floor:.2f}: add examples to "
            + (", ".join(n.intent for n in needs) or "the weakest intents")
        )


def cascade_outcome(intent: str, confidence: float, settings: Settings) -> str:
    """The decision stage's confidence cascade alone (for ``--intent-only``)."""
    if intent == OUT_OF_SCOPE:
        return "escalate"
    if confidence >= settings.threshold_respond:
        return "respond"
    if confidence >= settings.threshold_review:
        return "respond_review"
    if confidence >= settings.threshold_draft:
        return "draft"
    return "escalate"


def decide(
    texts: Sequence[str],
    labels: Sequence[str],
    settings: Settings,
    model: IntentModel | None,
    *,
    intent_only: bool = False,
) -> list[Row]:
    """Where each text ends: the four stages in process, or the intent model + cascade."""
    if intent_only:
        if model is None:
            raise click.ClickException("--intent-only needs --examples")
        predictions = asyncio.run(model.classify_batch(list(texts)))
        return [
            Row(
                label=label,
                intent=p.intent,
                confidence=p.confidence,
                outcome=cascade_outcome(p.intent, p.confidence, settings),
            )
            for label, p in zip(labels, predictions, strict=True)
        ]
    from streams.inline import run_inline

    results = asyncio.run(run_inline(list(texts), settings, intent_model=model))
    return [
        Row(
            label=label,
            intent=r.intent,
            confidence=r.confidence,
            outcome=r.outcome,
            triggers=tuple(r.triggers),
            action=r.action,
            response=r.decision.response,
            citations=tuple(r.decision.citations),
            doubts=tuple(t.name for t in r.decision.verdict.trigger_doubts),
        )
        for label, r in zip(labels, results, strict=True)
    ]


def _model(
    settings: Settings, examples_path: Path | None, domain: Path | None, embeddings: str | None
) -> IntentModel | None:
    """The model to evaluate: the local model on ``--examples`` (behind the LLM when one is
    configured), or ``None`` for the services' own choice (the domain's model)."""
    if examples_path is None:
        return None
    from tollgate.intent.chain import build_intent_model

    examples = _examples(examples_path, _domain(settings) if domain else None)
    try:
        local: LocalIntentModel = load_or_train(
            examples, settings.data_dir / "models", config_for(settings, embeddings)
        )
    except EmbeddingsUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    catalogue = _domain(settings).intents if domain else {i: i for i in local.intents}
    return build_intent_model(settings, local, catalogue)


def trigger_section(path: Path, rows: Sequence[Row], *, all_ordinary: bool) -> dict[str, Any]:
    """``{"triggers": score}`` when the test file labels triggers, else ``{}``."""
    labelled = labelled_rows(path, all_ordinary=all_ordinary)
    if labelled is None:
        return {}
    fired = [row.triggers for row in rows]
    outcomes = [row.outcome for row in rows]
    return {"triggers": score_outcomes(labelled, fired, outcomes, [row.doubts for row in rows])}


@click.command("eval")
@click.option("--data", "data_path", type=_EXAMPLES, required=True, help="Labelled test file.")
@click.option("--examples", "examples_path", type=_EXAMPLES, help="Train the local model on this.")
@click.option("--domain", "domain_dir", type=_DOMAIN, help="Domain folder (default: settings).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--intent-only", is_flag=True, help="Intent model + cascade only (no stages).")
@click.option(
    "--ordinary",
    is_flag=True,
    help="Count every line as an ordinary request in the trigger section (e.g. a TSV).",
)
@_EMBEDDINGS
@_CLOSED_SET
def eval_cmd(
    data_path: Path,
    examples_path: Path | None,
    domain_dir: Path | None,
    as_json: bool,
    out_path: Path | None,
    intent_only: bool,
    embeddings: str | None,
    closed_set: bool,
    ordinary: bool,
) -> None:
    """Run labelled texts (label "oos" = out of scope) through the system and report.

    --out writes one JSON line per input: label, intent, confidence, outcome, triggers, action,
    response and citations (knowledge sources: source, title, score).
    Lines with a "triggers" list (or all, with --ordinary) add per-trigger recall, the
    false-trigger rate, the trigger cases that ended autonomously and the ordinary requests a
    trigger's near miss held for a human.
    """
    settings = _settings(domain_dir, closed_set)
    try:
        data = load_test_data(data_path)
    except DomainError as exc:
        raise click.ClickException(str(exc)) from None
    model = _model(settings, examples_path, domain_dir, embeddings)
    rows = decide(
        [e.text for e in data], [e.intent for e in data], settings, model, intent_only=intent_only
    )
    if out_path is not None:
        with out_path.open("w", encoding="utf-8") as fh:
            for row in rows:
                line = {
                    "label": row.label,
                    "intent": row.intent,
                    "confidence": round(row.confidence, 4),
                    "outcome": row.outcome,
                    "triggers": list(row.triggers),
                    "action": row.action,
                    "response": row.response,
                    "citations": [c.model_dump() for c in row.citations],
                }
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
    report = build_report(rows)
    triggers = trigger_section(data_path, rows, all_ordinary=ordinary)
    if as_json:
        json.dump(report.as_dict() | triggers, sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        click.echo(format_report(report))
        if triggers:
            click.echo("\n" + "\n".join(format_result("triggers", triggers["triggers"])))
