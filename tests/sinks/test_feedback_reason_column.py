"""Issue 17: ``agent_feedback.reason_code`` (what the decision stage did with a feedback) and
``reviewer_reason`` (the reviewer's own reason code), added to tables made before them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sinks.ddl import FEEDBACK_COLUMNS

MIGRATE_OLD_TABLE = """
import sys
from sinks import get_store
from sinks.ddl import TABLES
store = get_store("chdb://" + sys.argv[1])
old = TABLES["agent_feedback"].replace("    reason_code LowCardinality(String),\\n", "")
old = old.replace("    reviewer_reason LowCardinality(String),\\n", "")
assert old != TABLES["agent_feedback"]
store.query(old)  # a table made before the columns existed
store.query("INSERT INTO agent_feedback (feedback_id, ticket_id, kind) VALUES ('f', 't', 'k')")
store.apply_ddl()
store.apply_ddl()
print(store.query("SELECT reason_code, reviewer_reason FROM agent_feedback FINAL"))
print(",".join(r[0] for r in store.query(
    "SELECT name FROM system.columns WHERE table = 'agent_feedback'"
    " AND database = currentDatabase() ORDER BY position")))
"""


def test_a_feedback_table_made_before_the_reason_columns_gains_them(tmp_path: Path) -> None:
    # chdb allows one engine per process: the old table lives in a process of its own
    done = subprocess.run(
        [sys.executable, "-c", MIGRATE_OLD_TABLE, str(tmp_path / "ch")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows, columns = done.stdout.strip().splitlines()[-2:]
    assert rows == "[('', '')]"  # older rows: '' (counted as applied by the metrics)
    assert [c for c in columns.split(",") if c != "inserted_at"] == list(FEEDBACK_COLUMNS)
