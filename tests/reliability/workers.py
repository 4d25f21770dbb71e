"""Worker processes for fault tests: real `tollgate worker` subprocesses on the test broker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from tollgate.config import Settings, settings_env

TOLLGATE = str(Path(sys.executable).with_name("tollgate"))


class WorkerProcess:
    """`tollgate worker --no-sink` with the test's settings; the sink runs in the test process
    (chdb allows one engine per process)."""

    def __init__(self, settings: Settings, log: Path) -> None:
        self.settings = settings
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> WorkerProcess:
        env = {**os.environ, **settings_env(self.settings), "TOLLGATE_LOG_LEVEL": "warning"}
        out = open(self.log, "ab")  # noqa: SIM115 - handed to the child
        self.proc = subprocess.Popen(
            [TOLLGATE, "worker", "--no-sink"], env=env, stdout=out, stderr=subprocess.STDOUT
        )
        return self

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, no final commit."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def terminate(self, timeout: float = 30) -> int | None:
        """SIGTERM: graceful shutdown."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.proc.returncode if self.proc else None

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None
