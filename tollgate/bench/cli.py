"""The ``tollgate bench`` command (also ``python -m tollgate.bench``)."""

from __future__ import annotations

import json
import sys

import click

from tollgate.bench.harness import BenchConfig, render_table, run_bench


@click.command()
@click.option(
    "--tickets",
    type=click.IntRange(min=10),
    default=10_000,
    show_default=True,
    help="Tickets per throughput run (long enough that filling and draining the pipeline "
    "is a small part of the timed window).",
)
@click.option("--llm-tickets", type=click.IntRange(min=10), default=2000, show_default=True)
@click.option("--llm-latency-ms", type=click.FloatRange(min=0), default=200.0, show_default=True)
@click.option("--sink-rows", type=click.IntRange(min=100), default=100_000, show_default=True)
@click.option(
    "--rounds",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Rounds of the throughput comparisons, in alternating order; medians are reported.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def bench(
    tickets: int,
    llm_tickets: int,
    llm_latency_ms: float,
    sink_rows: int,
    rounds: int,
    as_json: bool,
) -> None:
    """Measure the pipeline against a raw Kafka chain and a one-at-a-time design."""
    config = BenchConfig(
        tickets=tickets,
        llm_tickets=llm_tickets,
        llm_latency_ms=llm_latency_ms,
        sink_rows=sink_rows,
        latency_tickets=min(3000, tickets),
        rounds=rounds,
    )
    result = run_bench(config, log=lambda msg: print(msg, file=sys.stderr, flush=True))
    click.echo(json.dumps(result) if as_json else render_table(result))
