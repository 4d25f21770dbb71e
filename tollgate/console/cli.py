"""``tollgate console``: serve the review console against the configured Kafka and ClickHouse."""

from __future__ import annotations

import asyncio
import contextlib

import click

from tollgate.config import ConfigError, load_settings
from tollgate.logs import configure_logging
from tollgate.reviewers import reviewer_tokens


@click.command("console")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8080, show_default=True, type=int, help="Port to listen on.")
def console(host: str, port: int) -> None:
    """Serve the review console (sign in with a token from TOLLGATE_REVIEWER_TOKENS)."""
    from tollgate.console import run_console

    try:
        settings = load_settings()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    if not reviewer_tokens(settings):
        raise click.ClickException("TOLLGATE_REVIEWER_TOKENS is empty: nobody could sign in")
    configure_logging(settings.log_level, settings.log_format)
    click.echo(f"review console on http://{host}:{port}/ (Ctrl-C stops it)")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run_console(settings, host, port))
