"""`tollgate worker` as a subprocess with given settings: for fault tests and the benchmark.

A worker is a process of its own in production; measuring or killing one in a subprocess is
what an operator would see (its RSS, a SIGKILL, a rebalance when a second one joins).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Collection
from pathlib import Path
from types import TracebackType
from typing import Self

from prometheus_client.parser import text_string_to_metric_families

from schemas import Stage
from tollgate.config import Settings, settings_env

TOLLGATE = str(Path(sys.executable).with_name("tollgate"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class WorkerProcess:
    """One ``tollgate worker`` child process; ``sink=False`` runs it with ``--no-sink``,
    ``stages=False`` with ``--no-stages`` (a sink-only process), a set of stages with
    ``--stage`` (only those).

    chdb allows one engine per process and path: give each worker that runs the sink its own
    ``clickhouse_dsn`` path, or run the sink elsewhere.
    """

    def __init__(
        self,
        settings: Settings,
        log: Path,
        *,
        sink: bool = False,
        stages: bool | Collection[Stage] = True,
        log_level: str = "warning",
    ) -> None:
        self.settings = settings
        self.log = log
        self.sink = sink
        self.stages = stages
        self.log_level = log_level
        self.port = settings.web_port if settings.web_enabled else 0
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> WorkerProcess:
        env = {**os.environ, **settings_env(self.settings), "TOLLGATE_LOG_LEVEL": self.log_level}
        env.pop("TOLLGATE_WORKER_STAGES", None)  # the stages are this object's to choose
        if self.port:
            env["TOLLGATE_WEB_PORT"] = str(self.port)
        out = open(self.log, "ab")  # noqa: SIM115 - handed to the child
        args = [TOLLGATE, "worker"]
        args += [] if self.sink else ["--no-sink"]
        if isinstance(self.stages, bool):
            args += [] if self.stages else ["--no-stages"]
        else:
            args += ["--stage", ",".join(stage.value for stage in Stage if stage in self.stages)]
        self.proc = subprocess.Popen(  # noqa: S603 - our own executable, fixed arguments
            args, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        return self

    def wait_ready(self, timeout_s: float = 180.0) -> None:
        """Poll ``/health/ready`` (needs ``web_enabled``) until the worker says it is ready."""
        if not self.port:
            raise RuntimeError("wait_ready needs settings.web_enabled and a web_port")
        deadline = time.monotonic() + timeout_s
        url = f"http://127.0.0.1:{self.port}/health/ready"
        while time.monotonic() < deadline:
            if not self.alive:
                raise RuntimeError(f"worker exited with {self.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise TimeoutError(f"worker not ready after {timeout_s:.0f} s; see {self.log}")

    def metric(self, name: str) -> float:
        """The value of an unlabelled Prometheus sample ``name`` from ``/metrics`` (needs
        ``web_enabled``), e.g. ``tollgate_sink_rows_total``."""
        url = f"http://127.0.0.1:{self.port}/metrics"
        with urllib.request.urlopen(url, timeout=5) as response:
            text = response.read().decode()
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name == name and not sample.labels:
                    return float(sample.value)
        raise KeyError(name)

    def peak_rss_mb(self) -> float:
        """The child's peak resident set size (VmHWM), in MiB."""
        assert self.proc is not None
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("VmHWM not found")

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, no final commit."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)

    def terminate(self, timeout: float = 30) -> int | None:
        """SIGTERM: graceful shutdown (SIGKILL after ``timeout``)."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        return self.returncode

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def returncode(self) -> int | None:
        return self.proc.returncode if self.proc else None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.terminate()
