"""``tollgate knowledge``: search a pack's knowledge base and score it on a FAQ set."""

from __future__ import annotations

import json
from pathlib import Path

import click

from tollgate.cli import _settings


def _pack(domain: Path | None) -> Path:
    return domain if domain is not None else _settings().domain_dir


@click.group()
def knowledge() -> None:
    """The domain pack's knowledge base (knowledge/*.md)."""


@knowledge.command("ask")
@click.argument("question")
@click.option("--domain", type=click.Path(file_okay=False, path_type=Path), default=None)
def ask(question: str, domain: Path | None) -> None:
    """Print the offline answer to QUESTION with its citation and score."""
    from tollgate.knowledge import load_knowledge

    kb = load_knowledge(_pack(domain))
    answer = kb.answer(question) if kb is not None else None
    if answer is None:
        raise click.ClickException("no passage found")
    click.echo(answer.text)
    for citation in answer.citations:
        click.echo(f"[{citation.source}] {citation.title} (score {citation.score:.2f})")
    for problem in answer.problems:
        click.echo(f"check: {problem}")


@knowledge.command("eval")
@click.argument("faq_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--domain", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def eval_faq(faq_file: Path, domain: Path | None, as_json: bool) -> None:
    """Answer rate, groundedness and wrong-answer rate on a labelled FAQ file (JSON lines)."""
    from tollgate.knowledge import KnowledgeError, load_knowledge
    from tollgate.knowledge.faq import evaluate_faq, load_faq

    settings = _settings()
    try:
        kb = load_knowledge(_pack(domain))
        items = load_faq(faq_file)
    except KnowledgeError as exc:
        raise click.ClickException(str(exc)) from None
    if kb is None:
        raise click.ClickException(f"{_pack(domain)}: no knowledge/*.md articles")
    report = evaluate_faq(kb, items, settings)
    if as_json:
        click.echo(json.dumps(report.as_dict()))
        return
    click.echo(f"questions {report.questions} (answerable {report.answerable})")
    for name in ("answer_rate", "groundedness", "wrong_answer_rate"):
        value = getattr(report, name)
        click.echo(f"{name:18s} {'-' if value is None else f'{value:.3f}'}")
    for question in report.wrong_questions:
        click.echo(f"wrong: {question}")
