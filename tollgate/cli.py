"""The ``tollgate`` command line."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import sys
from pathlib import Path
from typing import Any

import click

from schemas import Stage
from tollgate.config import ConfigError, Settings, load_settings
from tollgate.logs import configure_logging


def _settings(**overrides: Any) -> Settings:
    try:
        settings = load_settings(**overrides)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    configure_logging(settings.log_level, settings.log_format)
    return settings


class LazyGroup(click.Group):
    """A group whose heavier subcommands are imported only when used (click's lazy recipe)."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            module_name, _, attr = self.lazy[cmd_name].partition(":")
            command: click.Command = getattr(importlib.import_module(module_name), attr)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    lazy={
        "train": "tollgate.intent.cli:train",
        "eval": "tollgate.intent.cli:eval_cmd",
        "constraints": "tollgate.constraints.cli:constraints",
        "console": "tollgate.console.cli:console",
        "redaction": "tollgate.textsafety.cli:redaction",
    },
)
@click.version_option(package_name="tollgate")
def main() -> None:
    """Tollgate: support agents behind constraints, confidence gates and human escalation."""


def _stage_set(names: tuple[str, ...]) -> frozenset[Stage]:
    """``--stage`` values (repeated and/or comma-separated) as stages; empty = all four."""
    chosen = {part.strip() for name in names for part in name.split(",") if part.strip()}
    known = {stage.value: stage for stage in Stage}
    unknown = sorted(chosen - known.keys())
    if unknown:
        raise click.BadParameter(
            f"unknown stage {', '.join(unknown)}; choose from {', '.join(known)}",
            param_hint="--stage",
        )
    return frozenset(known[name] for name in chosen) or frozenset(Stage)


@main.command()
@click.option("--stages/--no-stages", default=True, help="Run the stage agents.")
@click.option(
    "--stage",
    "stage_names",
    multiple=True,
    metavar="NAME",
    envvar="TOLLGATE_WORKER_STAGES",
    help="Run only these stages: intent, constraint, decision, escalation (repeat the option "
    "or separate by commas; default all four). The feedback loop goes with escalation; a "
    "worker without the intent stage loads no intent model.",
)
@click.option("--sink/--no-sink", default=True, help="Run the ClickHouse sink.")
def worker(stages: bool, stage_names: tuple[str, ...], sink: bool) -> None:
    """Run the stages and the sink against the configured Kafka and ClickHouse."""
    from tollgate.worker import Worker, run_forever

    if stage_names and not stages:
        raise click.UsageError("--stage and --no-stages exclude each other")
    chosen = _stage_set(stage_names) if stages else frozenset()
    settings = _settings()
    sys.exit(asyncio.run(run_forever(Worker(settings, stages=chosen, sink=sink))))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@click.option("--timeout", "timeout_s", default=180.0, show_default=True, help="Seconds to wait.")
@click.option(
    "--console",
    "console_port",
    is_flag=False,
    flag_value=8080,
    default=None,
    type=int,
    help="Then serve the review console on this port (8080) until Ctrl-C.",
)
def demo(as_json: bool, timeout_s: float, console_port: int | None) -> None:
    """Run the whole system on an embedded broker and ClickHouse with sample tickets."""
    from tollgate.demo import main as demo_main

    settings = _settings()
    configure_logging(
        "error" if as_json else settings.log_level if settings.log_level != "info" else "warning",
        settings.log_format,
    )
    console = ("127.0.0.1", console_port) if console_port is not None else None
    sys.exit(demo_main(as_json, timeout_s, console))


@main.command("publish")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--topic", default=None, help="Topic (default: the inbound topic).")
def publish_cmd(file: Path, topic: str | None) -> None:
    """Publish the lines of a JSONL file as tickets (each line as-is, keyed by session_id)."""
    from tollgate.clients import publish, read_jsonl

    settings = _settings()
    published = asyncio.run(publish(settings, read_jsonl(file), topic))
    click.echo(f"published {len(published)} messages to {topic or settings.topic_inbound}")


@main.command()
@click.argument("topic")
@click.option("--from-beginning/--from-end", default=True, show_default=True)
@click.option("--idle-timeout", type=float, default=None, help="Stop after this many idle seconds.")
def tail(topic: str, from_beginning: bool, idle_timeout: float | None) -> None:
    """Print the messages of a topic as JSON lines."""
    from tollgate.clients import follow

    settings = _settings()

    async def run() -> None:
        stream = follow(
            settings, [topic], from_beginning=from_beginning, idle_timeout_s=idle_timeout
        )
        async with contextlib.aclosing(stream) as messages:
            async for _topic, partition, offset, value in messages:
                try:
                    payload: Any = json.loads(value)
                except (ValueError, UnicodeDecodeError):
                    payload = {"raw": repr(value)}
                click.echo(
                    json.dumps(
                        {"partition": partition, "offset": offset, "value": payload},
                        ensure_ascii=False,
                    )
                )

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run())


@main.group()
def schemas() -> None:
    """Topic payload contracts."""


@schemas.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def schemas_export(directory: Path) -> None:
    """Write a JSON Schema per topic into DIRECTORY."""
    from schemas.export import export_json_schemas

    for path in export_json_schemas(directory, _settings()):
        click.echo(str(path))


@main.group()
def topics() -> None:
    """Kafka topics."""


@topics.command("create")
def topics_create() -> None:
    """Create every topic Tollgate uses (idempotent), with TOLLGATE_TOPIC_PARTITIONS partitions."""
    from schemas.topics import all_topic_names
    from tollgate.kafka import ensure_topics

    settings = _settings()
    names = all_topic_names(settings)
    asyncio.run(ensure_topics(settings, names))
    click.echo("\n".join(names))


@topics.command("list")
def topics_list() -> None:
    """Print every topic name with its payload contract."""
    from schemas.topics import ESCALATION_PAYLOAD, TOPICS

    settings = _settings()
    for spec in TOPICS:
        click.echo(f"{spec.name(settings):<32} {spec.payload.__name__:<18} {spec.role}")
    for queue in settings.escalation_queues:
        name = settings.escalation_topic(queue)
        click.echo(f"{name:<32} {ESCALATION_PAYLOAD.__name__:<18} terminal: escalate")


@main.command()
@click.option("--since", default="7d", show_default=True, help="Window: 30m, 24h, 7d, 2w.")
@click.option("--by", type=click.Choice(["intent", "model", "queue"]), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def metrics(since: str, by: str | None, as_json: bool) -> None:
    """Print the core metrics: intent accuracy, action success rate, escalation precision, ..."""
    from sinks import get_store
    from sinks.metrics import parse_since, read_metrics

    settings = _settings()
    try:
        window = parse_since(since)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from None
    store = get_store(settings.clickhouse_url)
    store.apply_ddl()
    result = read_metrics(store, window, by)
    if as_json:
        click.echo(json.dumps(result, default=str))
        return
    for key, value in result.items():
        if not key.startswith("by_"):
            click.echo(f"{key:<22} {value if value is not None else '-'}")
    for row in result.get(f"by_{by}", []):
        click.echo(json.dumps(row, default=str))


@main.group()
def deadletter() -> None:
    """The dead-letter topic."""


@deadletter.command("replay")
@click.option("--since", default=None, help="Only letters newer than this: 30m, 24h, 7d.")
@click.option("--dry-run", is_flag=True, help="Count what would be replayed, publish nothing.")
def deadletter_replay(since: str | None, dry_run: bool) -> None:
    """Re-inject dead-lettered tickets (their original bytes) into the inbound topic."""
    from datetime import UTC, datetime

    from sinks.metrics import parse_since
    from tollgate.deadletter import replay

    settings = _settings()
    start = None
    if since:
        try:
            start = datetime.now(UTC) - parse_since(since)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--since") from None
    report = asyncio.run(replay(settings, since=start, dry_run=dry_run))
    verb = "would replay" if dry_run else "replayed"
    click.echo(f"scanned {report.scanned}, {verb} {report.replayed}, skipped {report.skipped}")


@main.group()
def clickhouse() -> None:
    """ClickHouse schema."""


@clickhouse.command("ddl")
def clickhouse_ddl() -> None:
    """Print the DDL (tables, then views) exactly as applied at startup."""
    from sinks.ddl import statements

    click.echo(";\n\n".join(statements()) + ";")


@clickhouse.command("migrate")
def clickhouse_migrate() -> None:
    """Apply the DDL to the configured ClickHouse (idempotent)."""
    from sinks import get_store

    settings = _settings()
    get_store(settings.clickhouse_url).apply_ddl()
    click.echo("schema applied")


@main.command()
@click.option(
    "--queue",
    type=click.Choice(["drafts", "review", "escalations", "all"]),
    default="all",
    show_default=True,
)
@click.option("--reviewer", default=None, help="Name recorded on feedback (default: login name).")
@click.option(
    "--idle-timeout",
    type=float,
    default=2.0,
    show_default=True,
    help="Stop loading the queue after this many seconds without new messages.",
)
def review(queue: str, reviewer: str | None, idle_timeout: float) -> None:
    """Review drafts, flagged responses and escalations; publish feedback (keys on a TTY,
    one command per line otherwise)."""
    from tollgate.review import ReviewerError, run_review

    try:
        run_review(_settings(), queue=queue, reviewer=reviewer, idle_timeout_s=idle_timeout)
    except ReviewerError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.option("--html", "html_file", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--since", default="30d", show_default=True, help="Window: 30m, 24h, 7d, 2w.")
def report(html_file: Path, since: str) -> None:
    """Write a self-contained HTML metrics report (plots, calibration, overall metrics)."""
    from sinks.metrics import parse_since
    from tollgate.report import write_report

    settings = _settings()
    try:
        window = parse_since(since)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from None
    write_report(settings, html_file, window)
    click.echo(f"report written to {html_file}")


main.lazy["bench"] = "tollgate.bench.cli:bench"
main.lazy["knowledge"] = "tollgate.knowledge.cli:knowledge"
main.lazy["domain"] = "tollgate.domains.cli:domain"
