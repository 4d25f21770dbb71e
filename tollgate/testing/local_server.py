"""The address and ``with`` protocol of a fake server listening on a ``127.0.0.1`` port."""

from __future__ import annotations

from abc import ABC, abstractmethod
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
