"""Kafka client settings shared by faust, aiokafka producers/consumers and the admin client."""

from __future__ import annotations

import contextlib
import ssl
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from schemas.topics import compacted_topic_names
from tollgate.config import Settings
from tollgate.logs import get_logger

log = get_logger(component="kafka")


COMPACTED = {"cleanup.policy": "compact", "min.compaction.lag.ms": "60000"}
"""Configs of the compacted topics (the session-state changelog, the replay ledger): the latest
record per key is kept (a null value deletes it); brokers without compaction (the embedded one)
keep every record."""


async def caught_up(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
    """Whether ``consumer``'s position is at or past ``ends`` on every partition."""
    for tp, end in ends.items():
        if await consumer.position(tp) < end:
            return False
    return True


def _ssl_context(settings: Settings) -> ssl.SSLContext | None:
    if "SSL" not in settings.kafka_security_protocol:
        return None
    cafile = str(settings.kafka_ssl_cafile) if settings.kafka_ssl_cafile else None
    context = ssl.create_default_context(cafile=cafile)
    if settings.kafka_ssl_certfile is not None:  # mutual TLS
        context.load_cert_chain(
            str(settings.kafka_ssl_certfile),
            str(settings.kafka_ssl_keyfile) if settings.kafka_ssl_keyfile else None,
        )
    return context


def client_kwargs(settings: Settings) -> dict[str, Any]:
    """Connection and security options for any aiokafka client."""
    kwargs: dict[str, Any] = {
        "bootstrap_servers": settings.kafka_servers,
        "security_protocol": settings.kafka_security_protocol,
    }
    context = _ssl_context(settings)
    if context is not None:
        kwargs["ssl_context"] = context
    if settings.kafka_security_protocol.startswith("SASL"):
        kwargs["sasl_mechanism"] = settings.kafka_sasl_mechanism
        kwargs["sasl_plain_username"] = settings.kafka_sasl_username
        kwargs["sasl_plain_password"] = settings.kafka_sasl_password.get_secret_value()
    return kwargs


def consumer_kwargs(settings: Settings, group_id: str | None) -> dict[str, Any]:
    return {
        **client_kwargs(settings),
        "group_id": group_id,
        "session_timeout_ms": 10_000,
        "heartbeat_interval_ms": 1_000,
        "rebalance_timeout_ms": int(settings.kafka_rebalance_timeout_s * 1000),
    }


async def ensure_topics(settings: Settings, names: list[str]) -> None:
    """Create missing topics with ``settings.topic_partitions`` partitions (idempotent); the
    compacted ones of the topic catalogue (``schemas.topics``) with :data:`COMPACTED`."""
    compacted = compacted_topic_names(settings)
    admin = AIOKafkaAdminClient(**client_kwargs(settings))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [n for n in names if n not in existing]
        if missing:
            new = [
                NewTopic(
                    n,
                    settings.topic_partitions,
                    settings.topic_replication,
                    topic_configs=COMPACTED if n in compacted else None,
                )
                for n in missing
            ]
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(new)
            log.info("topics created", topics=missing)
    finally:
        await admin.close()
