"""``tollgate domain``: work with domain packs."""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def domain() -> None:
    """Domain packs (one folder per business: TOLLGATE_DOMAIN_DIR)."""


@domain.command("check")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def check(directory: Path) -> None:
    """Validate a whole pack across its files; one line per problem: file: field: problem."""
    from tollgate.domains.check import check_pack

    report = check_pack(directory)
    for warning in report.warnings:
        click.echo(f"warning: {warning}")
    for problem in [*report.problems, *report.gaps]:
        click.echo(f"error: {problem}")
    counts = ", ".join(f"{n} {name}" for name, n in report.counts.items())
    if not report.ok:
        n = len(report.problems) + len(report.gaps)
        raise click.ClickException(f"{n} problem(s) in {directory} ({counts})")
    click.echo(f"OK: {directory} ({counts})")
