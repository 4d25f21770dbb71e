"""JSON Schema export for every topic payload, so producers and consumers can validate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from schemas.topics import ESCALATION_PAYLOAD, TOPICS

if TYPE_CHECKING:
    from tollgate.config import Settings


def export_json_schemas(out_dir: Path, settings: Settings) -> list[Path]:
    """Write ``<topic>.schema.json`` per topic (escalation queues share one file)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = [(spec.name(settings), spec.payload) for spec in TOPICS]
    targets.append((f"{settings.topic_escalations_prefix}QUEUE", ESCALATION_PAYLOAD))
    written = []
    for topic, model in targets:
        schema = model.model_json_schema(mode="serialization")
        schema["$id"] = f"urn:tollgate:topic:{topic}"
        schema["x-tollgate-topic"] = topic
        path = out_dir / f"{topic}.schema.json"
        path.write_text(json.dumps(schema, indent=2, sort_keys=True) + "\n")
        written.append(path)
    return written
