"""Issue 17: ``agent_feedback.reason_code`` (what the decision stage did with a feedback) and
``reviewer_reason`` (the reviewer's own reason code), added to tables made before them."""

from __future__ import annotations

from pathlib import Path

from sinks.ddl import FEEDBACK_COLUMNS
from tests.sinks.migrations import migrated

NEW = ["    reason_code LowCardinality(String),\n", "    reviewer_reason LowCardinality(String),\n"]


def test_a_feedback_table_made_before_the_reason_columns_gains_them(tmp_path: Path) -> None:
    insert = "INSERT INTO agent_feedback (feedback_id, ticket_id, kind) VALUES ('f', 't', 'k')"
    table = migrated(tmp_path, "agent_feedback", NEW, insert)
    assert [c for c in table["columns"] if c != "inserted_at"] == list(FEEDBACK_COLUMNS)
    [row] = table["rows"]
    by_name = dict(zip(table["columns"], row, strict=True))  # type: ignore[call-overload]
    assert by_name["reason_code"] == by_name["reviewer_reason"] == ""  # counted as applied
