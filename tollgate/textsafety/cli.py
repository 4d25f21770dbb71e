"""``tollgate redaction eval``: redaction recall and over-redaction on a labelled set."""

from __future__ import annotations

from pathlib import Path

import click

from tollgate.textsafety.evaluate import DEFAULT_SET, load_rows, score


@click.group("redaction")
def redaction() -> None:
    """The redactor that runs before any model, topic, store or log."""


@redaction.command("eval")
@click.option(
    "--file",
    "path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DEFAULT_SET,
    show_default=True,
    help="labelled JSONL set (kind, text, secrets)",
)
@click.option("--show-misses", is_flag=True, help="print every miss and over-redacted line")
def eval_cmd(path: Path, show_misses: bool) -> None:
    """Print redaction recall (target >= 0.98) and over-redaction (target <= 0.02)."""
    result = score(load_rows(path))
    click.echo(f"secrets {result.secrets}  caught {result.caught}  recall {result.recall:.3f}")
    click.echo(
        f"ordinary lines {result.ordinary}  changed {result.changed}  "
        f"over-redaction {result.over_redaction:.3f}"
    )
    for kind, (hit, total) in result.by_kind.items():
        click.echo(f"  {kind:8} {hit}/{total}")
    if show_misses:
        for line in [*result.misses, *result.over]:
            click.echo(f"  {line}")
