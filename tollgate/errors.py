"""Start-up and command failures as one readable line (``--debug`` keeps the traceback).

Contract: :func:`one_line` never raises and never returns more than one line; it names the
address for connection failures ("cannot reach Kafka at host:port") and otherwise the error's
type and first line.
"""

from __future__ import annotations

from tollgate.config import Settings

KAFKA_HINT = "start a local stack with `tollgate up`, or set TOLLGATE_KAFKA_BOOTSTRAP_SERVERS"


def _root(exc: BaseException) -> BaseException:
    """The first leaf of an exception group; otherwise the exception itself."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def one_line(exc: BaseException, settings: Settings | None) -> str:
    """A one-line description of ``exc`` for a person at a terminal."""
    from aiokafka.errors import KafkaConnectionError, KafkaError

    exc = _root(exc)
    servers = settings.kafka_bootstrap_servers if settings else "the configured address"
    if isinstance(exc, KafkaConnectionError) or (
        isinstance(exc, KafkaError) and "bootstrap" in str(exc).lower()
    ):
        return f"cannot reach Kafka at {servers} ({KAFKA_HINT})"
    if isinstance(exc, KafkaError):
        return f"Kafka at {servers}: {type(exc).__name__} {_first_line(str(exc))}".strip()
    if isinstance(exc, TimeoutError):
        return f"timed out ({_first_line(str(exc)) or 'no answer in time'})"
    message = _first_line(str(exc))
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
