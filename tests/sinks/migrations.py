"""Run the DDL over a table made before some of its columns existed, in a process of its own
(chdb allows one engine per process), and report what the table looks like afterwards."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

_SCRIPT = """
import json, sys
from sinks import get_store
from sinks.ddl import TABLES
path, table, dropped, insert = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
store = get_store("chdb://" + path)
old = TABLES[table]
for line in dropped:
    assert line in old, line
    old = old.replace(line, "")
store.query(old)  # the table as made before the columns existed
if insert:
    store.query(insert)
store.apply_ddl()
store.apply_ddl()  # idempotent
rows = [list(map(str, r)) for r in store.query("SELECT * FROM " + table + " FINAL")]
columns = [r[0] for r in store.query(
    "SELECT name FROM system.columns WHERE table = {t:String}"
    " AND database = currentDatabase() ORDER BY position", {"t": table})]
print(json.dumps({"rows": rows, "columns": columns}))
"""


def migrated(
    tmp_path: Path, table: str, dropped: list[str], insert: str = ""
) -> dict[str, list[object]]:
    """``{"columns": [...], "rows": [...]}`` of ``table`` after the DDL ran over an older
    version of it (its ``CREATE`` without the ``dropped`` lines, ``insert`` run on it first)."""
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(tmp_path / "ch"), table, json.dumps(dropped), insert],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, list[object]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
