"""Reading pack files: YAML into a pydantic contract, JSON lines; errors name file and field."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


def read_yaml_model(path: Path, model: type[M], error: type[Exception]) -> M:
    """``path`` parsed and validated as ``model``; ``error("<path>: <field>: <problem>")``."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, yaml.YAMLError) as exc:
        missing = isinstance(exc, FileNotFoundError)
        raise error(f"{path}: {'not found' if missing else f'invalid YAML: {exc}'}") from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise error(f"{path}: {where}: {first['msg']}") from None


def json_lines(path: Path) -> Iterator[tuple[int, Any, str | None]]:
    """``(line number, value, problem)`` for every non-empty line (``problem`` set: not JSON)."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line), None
        except json.JSONDecodeError as exc:
            yield number, None, f"invalid JSON: {exc.msg}"
