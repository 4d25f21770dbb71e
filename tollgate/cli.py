"""The ``tollgate`` command line."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from schemas import Stage
from tollgate.config import ConfigError, Settings, load_settings
from tollgate.logs import configure_logging

_SETTINGS, _DEBUG = "tollgate.settings", "tollgate.debug"
_SERVICES = frozenset({"worker", "up", "demo"})


def _settings(**overrides: Any) -> Settings:
    from tollgate.runs import running_kafka

    try:
        settings = load_settings(**overrides)
        if kafka := running_kafka(settings):  # a live `tollgate up` in this data dir
            settings = load_settings(**{"kafka_bootstrap_servers": kafka, **overrides})
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    configure_logging(settings.log_level, settings.log_format)
    ctx = click.get_current_context(silent=True)
    if ctx is not None:  # for the one-line error of a failure later on
        ctx.meta[_SETTINGS] = settings
        if ctx.info_name not in _SERVICES and not ctx.meta.get(_DEBUG):
            # a short command's client failure ends as one line (LazyGroup.invoke), not a
            # log line per retry as well; long-running services keep them (throttled)
            for name in ("aiokafka", "asyncio"):  # asyncio: "Unclosed AIOKafkaConsumer"
                logging.getLogger(name).setLevel(logging.CRITICAL)
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

    def invoke(self, ctx: click.Context) -> Any:
        """Failures end as one line and exit 1 (``--debug``: the traceback instead)."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            if ctx.meta.get(_DEBUG):
                raise
            from tollgate.errors import one_line

            raise click.ClickException(one_line(exc, ctx.meta.get(_SETTINGS))) from None


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
@click.option("--debug", is_flag=True, help="Show the traceback of a failure.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Tollgate: support agents behind constraints, confidence gates and human escalation."""
    ctx.meta[_DEBUG] = debug


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
    from tollgate.runs import holding_run

    chosen = _stage_set(stage_names) if stages else frozenset()
    settings = _settings()
    embedded = sink and settings.clickhouse_url.startswith("chdb://")
    with holding_run(settings, "worker") if embedded else contextlib.nullcontext():
        running = Worker(settings, stages=chosen, sink=sink)
        with _quiet_client_logs_until_started(running):
            code = asyncio.run(run_forever(running))
    sys.exit(code)


class _UntilStarted(logging.Filter):
    """Drops the Kafka client's log records (``aiokafka`` and its children) until ``worker``
    has started."""

    def __init__(self, worker: object) -> None:
        super().__init__()
        self.worker = worker

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name != "aiokafka" and not record.name.startswith("aiokafka."):
            return True
        return bool(getattr(self.worker, "started", True))


@contextlib.contextmanager
def _quiet_client_logs_until_started(worker: object) -> Iterator[None]:
    """A start that fails (no broker) ends as one line, not the client's log lines before it;
    once started, the client's (throttled) logs flow as usual. ``--debug`` keeps them all."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and ctx.meta.get(_DEBUG):
        yield
        return
    quiet = _UntilStarted(worker)
    handlers = list(logging.getLogger().handlers)  # where every client record ends up
    for handler in handlers:
        handler.addFilter(quiet)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(quiet)


@main.command("up")
@click.option("--port", default=9092, show_default=True, help="Port of the embedded Kafka broker.")
def up_cmd(port: int) -> None:
    """Run a local stack: embedded broker, worker (and the console) until Ctrl-C."""
    from tollgate.localstack import up

    _settings()
    sys.exit(up(port, announce=lambda text: click.echo(text, err=True)))


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
        "error" if as_json or settings.log_level == "info" else settings.log_level,
        settings.log_format,
    )
    console = ("127.0.0.1", console_port) if console_port is not None else None
    sys.exit(demo_main(as_json, timeout_s, console))


@main.command("publish")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--topic", default=None, help="Topic (default: the inbound topic).")
@click.option(
    "--allow-invalid", is_flag=True, help="Send lines that are not valid tickets too (inbound)."
)
def publish_cmd(file: Path, topic: str | None, allow_invalid: bool) -> None:
    """Publish the lines of a JSONL file as tickets (each line as-is, keyed by session_id).

    To the inbound topic every line is checked against the Ticket contract first: invalid lines
    are reported by number and nothing is sent unless --allow-invalid."""
    from tollgate.clients import publish
    from tollgate.ticketfile import read_ticket_lines

    settings = _settings()
    target = topic or settings.topic_inbound
    lines = read_ticket_lines(file)
    invalid = [line for line in lines if line.problem] if target == settings.topic_inbound else []
    for line in invalid:
        click.echo(f"{file}:{line.number}: invalid ticket: {line.problem}", err=True)
    if invalid and not allow_invalid:
        raise click.ClickException(
            f"{len(invalid)} of {len(lines)} lines are not valid tickets; nothing published "
            "(fix them, or --allow-invalid to send them to the dead-letter path)"
        )
    published = asyncio.run(publish(settings, [line.raw for line in lines], topic))
    note = f" ({len(invalid)} invalid)" if invalid else ""
    click.echo(f"published {len(published)} messages{note} to {target}")


@main.command()
@click.argument("topic")
@click.option("--from-beginning/--from-end", default=True, show_default=True)
@click.option(
    "--idle-timeout",
    type=float,
    default=None,
    help="Stop after this many idle seconds (never before the messages there at start are read).",
)
@click.option("--meta", is_flag=True, help="Wrap each message with its partition and offset.")
def tail(topic: str, from_beginning: bool, idle_timeout: float | None, meta: bool) -> None:
    """Print a topic's messages as published, one per line (--meta: as JSON with partition and
    offset). An unknown topic is an error that lists close names."""
    from tollgate.tailing import check_topic, render

    settings = _settings()

    async def run() -> None:
        from tollgate.clients import follow

        await check_topic(settings, topic)
        stream = follow(
            settings, [topic], from_beginning=from_beginning, idle_timeout_s=idle_timeout
        )
        async with contextlib.aclosing(stream) as messages:
            async for _topic, partition, offset, value in messages:
                click.echo(render(value, partition, offset, meta=meta))

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
    from tollgate.rundata import run_metrics

    settings = _settings()
    try:
        result = run_metrics(settings, since, by)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--since") from None
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
@click.option(
    "--dry-run", is_flag=True, help="Sort letters into replayable and not, publish nothing."
)
def deadletter_replay(since: str | None, dry_run: bool) -> None:
    """Re-inject dead-lettered tickets into the inbound topic, each ticket id once (originals
    read back from the inbound topic while it retains them)."""
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
    already = report.already_replayed
    click.echo(f"  already replayed (in the replay ledger, or id sent again since): {already}")
    for why, count in sorted(report.not_replayable.items()):
        click.echo(f"  not replayable, {why}: {count}")
    for line in report.unavailable:
        click.echo(f"  {line}")


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
