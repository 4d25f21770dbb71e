"""Run :class:`~tollgate.testing.fake_llm.FakeLLMServer` in a process of its own.

In a benchmark the fake "external" LLM should not share the client's interpreter (and GIL), just
as a real API would not. From a shell::

    python -m tollgate.testing.fake_llm_process --port 0 --latency-ms 200 --mode good

prints one JSON line (``{"port": ..., "base_url": ..., "pid": ...}``) once it listens, serves
until SIGTERM/SIGINT or until its standard input reaches end of file (so a server started by
:class:`FakeLLMProcess` never outlives the process that started it). ``GET /stats`` answers
``{"requests": ..., "in_flight": ..., "max_in_flight": ...}``. From Python::

    with FakeLLMProcess(mode="good", latency_ms=200) as srv:
        ...  # litellm model "openai/fake-model", api_base=srv.base_url; srv.stats()
"""

from __future__ import annotations

import argparse
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Mapping, Sequence
from types import FrameType
from typing import IO, Any, Self, cast

from tollgate.testing.fake_llm import MODES, FakeLLMServer, FakeMode
from tollgate.testing.local_server import LocalServer

MODULE = "tollgate.testing.fake_llm_process"


class FakeLLMProcessError(RuntimeError):
    """The server process did not start, or stopped answering."""


class FakeLLMProcess(LocalServer):
    """A fake OpenAI-compatible server in a child process on a free ``127.0.0.1`` port."""

    def __init__(
        self,
        mode: FakeMode = "good",
        *,
        latency_ms: float = 0.0,
        confidence: float = 0.95,
        hang_s: float = 30.0,
        model_modes: Mapping[str, FakeMode] | None = None,
        port: int = 0,
        startup_timeout_s: float = 30.0,
        quiet: bool = True,
    ) -> None:
        if mode == "down":
            raise ValueError("mode 'down' would never answer: start 'good' and stop() instead")
        for value in (mode, *(model_modes or {}).values()):
            if value not in MODES:
                raise ValueError(f"unknown mode {value!r}; one of {sorted(MODES)}")
        self.mode = mode
        self.latency_ms = latency_ms
        self.confidence = confidence
        self.hang_s = hang_s
        self.model_modes = dict(model_modes or {})
        self.startup_timeout_s = startup_timeout_s
        self.quiet = quiet  # False: the child's stderr goes to ours; True: kept for errors only
        self._requested_port = port
        self._port = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def command(self) -> list[str]:
        """The command line that starts the server."""
        cmd = [
            sys.executable,
            "-m",
            MODULE,
            "--port",
            str(self._requested_port),
            "--mode",
            self.mode,
            "--latency-ms",
            f"{self.latency_ms:g}",
            "--confidence",
            f"{self.confidence:g}",
            "--hang-s",
            f"{self.hang_s:g}",
        ]
        for model, mode in self.model_modes.items():
            cmd += ["--model-mode", f"{model}={mode}"]
        return cmd

    def start(self) -> Self:
        """Start the process, read its port and wait until ``/stats`` answers."""
        if self._proc is not None:
            return self
        self._stderr = tempfile.TemporaryFile() if self.quiet else None  # noqa: SIM115 (closed in stop)
        self._proc = subprocess.Popen(  # noqa: S603 (our own module, fixed arguments)
            self.command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        try:
            deadline = time.monotonic() + self.startup_timeout_s
            ready = json.loads(self._read_line(deadline))
            self._port = int(ready["port"])
            self._wait_until_answering(deadline)
        except FakeLLMProcessError as exc:
            if self._proc is not None:
                self._stop(self._proc)  # so its stderr is complete
            tail = self._stderr_tail()
            self.stop()
            raise FakeLLMProcessError(f"{exc}; its stderr ends: {tail!r}") from None
        except BaseException:
            self.stop()
            raise
        return self

    def stats(self) -> dict[str, int]:
        """The server's request counters (``requests``, ``in_flight``, ``max_in_flight``)."""
        url = f"http://127.0.0.1:{self._port}/stats"
        with urllib.request.urlopen(url, timeout=5.0) as response:
            return cast(dict[str, int], json.loads(response.read()))

    @property
    def requests(self) -> int:
        """Requests answered so far (as :attr:`FakeLLMServer.requests`)."""
        return self.stats()["requests"]

    @property
    def max_in_flight(self) -> int:
        """The most requests open at once (as :attr:`FakeLLMServer.max_in_flight`)."""
        return self.stats()["max_in_flight"]

    def stop(self) -> None:
        """Close the child's stdin (it exits), then terminate/kill it if it lingers."""
        proc, self._proc = self._proc, None
        if proc is not None:
            self._stop(proc)
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    @staticmethod
    def _stop(proc: subprocess.Popen[bytes]) -> None:
        for stream in (proc.stdin, proc.stdout):
            if stream is not None and not stream.closed:
                stream.close()
        try:
            proc.wait(timeout=5.0)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=5.0)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def _stderr_tail(self, limit: int = 2000) -> str:
        """The end of the child's stderr (``quiet`` mode), for error messages."""
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")[-limit:].strip()

    def _read_line(self, deadline: float) -> str:
        assert self._proc is not None and self._proc.stdout is not None
        stdout = self._proc.stdout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FakeLLMProcessError("fake LLM server did not report its port in time")
            readable, _, _ = select.select([stdout], [], [], min(remaining, 0.5))
            if readable:
                line = stdout.readline().decode()
                if not line:
                    raise FakeLLMProcessError(
                        f"fake LLM server exited (code {self._proc.wait()}) before listening"
                    )
                return line

    def _wait_until_answering(self, deadline: float) -> None:
        while True:
            try:
                self.stats()
                return
            except OSError as exc:
                if time.monotonic() >= deadline:
                    raise FakeLLMProcessError("fake LLM server does not answer") from exc
                time.sleep(0.05)


def _model_mode(value: str) -> tuple[str, str]:
    model, sep, mode = value.partition("=")
    if not sep or mode not in MODES:
        raise argparse.ArgumentTypeError(f"expected MODEL=MODE with MODE in {sorted(MODES)}")
    return model, mode


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog=f"python -m {MODULE}", description="Fake OpenAI-compatible LLM server."
    )
    parser.add_argument("--port", type=int, default=0, help="0 = a free port (default)")
    parser.add_argument("--mode", choices=sorted(MODES - {"down"}), default="good")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--confidence", type=float, default=0.95)
    parser.add_argument("--hang-s", type=float, default=30.0)
    parser.add_argument(
        "--model-mode", type=_model_mode, action="append", default=[], metavar="MODEL=MODE"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None, stdin: IO[bytes] | None = None) -> int:
    """Serve until SIGTERM/SIGINT or end of file on ``stdin``."""
    args = parse_args(argv)
    server = FakeLLMServer(
        args.mode,
        latency_ms=args.latency_ms,
        confidence=args.confidence,
        hang_s=args.hang_s,
        model_modes=dict(args.model_mode),
        port=args.port,
    )
    done = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    watched = stdin if stdin is not None else sys.stdin.buffer

    def watch_stdin() -> None:
        while watched.read(4096):
            pass
        done.set()

    with server:
        ready: dict[str, Any] = {"port": server.port, "base_url": server.base_url}
        print(json.dumps({**ready, "pid": os.getpid()}), flush=True)
        threading.Thread(target=watch_stdin, name="fake-llm-stdin", daemon=True).start()
        while not done.wait(0.5):
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
