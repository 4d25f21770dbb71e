"""The address and ``with`` protocol of a fake server listening on a ``127.0.0.1`` port."""

from __future__ import annotations

import contextlib
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self


class LocalServer(ABC):
    """A server on ``127.0.0.1``: ``port``/``base_url`` once started; ``with`` starts and stops it.

    Subclasses set ``_port`` when they listen and implement :meth:`start` and :meth:`stop`.
    """

    _port: int = 0

    @abstractmethod
    def start(self) -> Self:
        """Start serving; a second call does nothing."""

    @abstractmethod
    def stop(self) -> None:
        """Stop serving. Safe to call twice."""

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        """The ``api_base`` to give an OpenAI-compatible client."""
        return f"http://127.0.0.1:{self._port}/v1"

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@contextlib.contextmanager
def http_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on a free ``127.0.0.1`` port from a thread; yields ``http://host:port``
    and stops the server on exit (a fake company API for HTTP actions)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
