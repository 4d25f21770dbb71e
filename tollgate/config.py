"""Settings from the environment (``TOLLGATE_*``) and ``.env``, validated by pydantic-settings.

A bad value fails fast with a message naming the variable (see :func:`load_settings`).
"""

from __future__ import annotations

import difflib
import json
import os
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, FilePath, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ENV_PREFIX = "TOLLGATE_"
PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_DOMAIN_DIR = PACKAGE_DIR / "domains" / "shop"


EXTRA_ENV_NAMES = frozenset({"TOLLGATE_WORKER_STAGES"})
"""``TOLLGATE_*`` names read outside :class:`Settings` (click options); known, never "unknown"."""

StrList = Annotated[list[str], NoDecode]
"""A list setting: a JSON list (``["general","legal"]``) or comma-separated (``general,legal``)."""


class ConfigError(ValueError):
    """Configuration is invalid; the message names the offending variable(s), one line each."""


class Settings(BaseSettings):
    """Every knob Tollgate has. Environment names are ``TOLLGATE_`` + the field name, upper case."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", extra="ignore", validate_default=True
    )

    # Engines
    kafka_bootstrap_servers: str = Field(
        default="127.0.0.1:9092", description="Comma-separated host:port list"
    )
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = "PLAIN"
    kafka_sasl_username: str = ""
    kafka_sasl_password: SecretStr = SecretStr("")
    kafka_ssl_cafile: FilePath | None = Field(
        default=None, description="CA bundle that signed the broker certificate"
    )
    kafka_ssl_certfile: FilePath | None = Field(
        default=None, description="Client certificate for brokers that require mutual TLS"
    )
    kafka_ssl_keyfile: FilePath | None = Field(
        default=None, description="Private key of the client certificate"
    )
    clickhouse_dsn: SecretStr = Field(
        default=SecretStr(""),
        description="chdb:///path (embedded) or http(s)://user:pass@host:8123/db; "
        "empty = embedded under the data dir",
    )
    data_dir: Path = Field(
        default=Path(".tollgate"), description="faust state, embedded ClickHouse"
    )
    web_port: int = Field(default=6066, ge=0, le=65535)
    web_enabled: bool = True
    app_id: str = Field(default="tollgate", pattern=r"^[A-Za-z0-9._-]+$")
    topic_partitions: int = Field(default=4, ge=1, le=1024)
    topic_replication: int = Field(default=1, ge=1, le=16)
    kafka_fetch_max_wait_ms: int = Field(
        default=20, ge=1, le=10_000, description="Longest a stage's fetch waits for new data"
    )
    kafka_max_message_bytes: int = Field(
        default=1_000_000,
        ge=4096,
        description="Largest message a stage produces; longer text fields are cut with a marker",
    )
    kafka_rebalance_timeout_s: float = Field(
        default=10.0, gt=0, description="Group rebalance timeout (the embedded broker waits it out)"
    )
    log_format: Literal["json", "console"] = "console"
    log_level: Literal["debug", "info", "warning", "error"] = "info"

    # Topics (names configurable; defaults are the documented contract)
    topic_inbound: str = "tickets.inbound"
    topic_intent: str = "tollgate.intent"
    topic_constraint: str = "tollgate.constraint"
    topic_decision: str = "tollgate.decision"
    topic_responses: str = "tickets.responses"
    topic_drafts: str = "tickets.drafts"
    topic_escalations_prefix: str = "tickets.escalations."
    topic_deadletter: str = "tickets.deadletter"
    topic_interactions: str = "tollgate.interactions"
    topic_feedback: str = "tickets.feedback"
    topic_sessions: str = Field(
        default="tollgate.sessions",
        description="Changelog of session state (compacted in production; key session_id)",
    )
    escalation_queues: StrList = Field(
        default_factory=lambda: ["general", "legal", "security", "billing"]
    )

    # Models and domain
    intent_model: str = Field(default="", description="litellm model string; empty = local model")
    intent_model_class: str = Field(
        default="",
        pattern=r"^$|^[A-Za-z_][\w.]*:[A-Za-z_]\w*$",
        description="Custom IntentModel as 'package.module:Class' (no-arg constructor)",
    )
    intent_fallback_models: StrList = Field(default_factory=list)
    intent_embeddings: str = Field(
        default="",
        description="Sentence encoder for the local model: '' none, 'minilm' (extra "
        "'embeddings'), or a folder with model.onnx + tokenizer.json",
    )
    intent_open_set: bool = Field(
        default=True,
        description="False: the local model never answers out_of_scope (a closed domain); "
        "its confidence stays calibrated, so unsure tickets still escalate",
    )
    trigger_model: Literal["local", "off"] = Field(
        default="local",
        description="Learned trigger model beside the phrase rules (trained on the domain "
        "pack's triggers/examples.jsonl, features as intent_embeddings); off = rules only",
    )
    llm_api_base: str = ""
    llm_api_key: SecretStr = SecretStr("")
    llm_timeout_s: float = Field(default=10.0, gt=0)
    llm_max_retries: int = Field(default=1, ge=0, le=10)
    llm_max_concurrency: int = Field(default=64, ge=1)
    llm_texts_per_request: int = Field(
        default=1,
        ge=1,
        le=32,
        description="Tickets classified per LLM request; above 1 an injection in one ticket can "
        "sway the others in its request (opt-in)",
    )
    breaker_failure_threshold: int = Field(default=5, ge=1)
    breaker_cooldown_s: float = Field(default=30.0, gt=0)
    domain_dir: Path = DEFAULT_DOMAIN_DIR
    constraints_file: Path | None = Field(
        default=None, description="Constraint schema YAML; default <domain_dir>/constraints.yaml"
    )
    action_timeout_s: float = Field(default=2.0, gt=0)
    action_max_attempts: int = Field(default=3, ge=1, le=10)
    action_entry_points: list[str] = Field(
        default_factory=list,
        description="Actions of the `tollgate.actions` entry-point group to load (names, or "
        "'*' for all), replacing the pack's actions of the same name",
    )

    # Response generation and durable action idempotency
    response_model: str = Field(
        default="", description="litellm model string for customer responses; empty = templates"
    )
    action_idempotency_store: Literal["sqlite", "memory"] = Field(
        default="sqlite",
        description="Where keys of tickets read from Kafka are kept: sqlite under the data dir "
        "(survives restarts) or memory",
    )
    action_idempotency_ttl_s: float = Field(
        default=7 * 24 * 3600.0, gt=0, description="How long an action outcome is remembered"
    )
    action_idempotency_max_entries: int = Field(
        default=1_000_000, ge=1, description="Action outcomes remembered at most (oldest go first)"
    )

    # Confidence cascade
    threshold_respond: float = Field(default=0.9, ge=0, le=1)
    threshold_review: float = Field(default=0.7, ge=0, le=1)
    threshold_draft: float = Field(default=0.5, ge=0, le=1)

    # Stream processing
    batch_size: int = Field(default=256, ge=1, le=10_000)
    batch_within_s: float = Field(default=0.02, gt=0)
    commit_interval_s: float = Field(
        default=1.0, gt=0, description="How often acknowledged offsets are committed"
    )
    shutdown_grace_s: float = Field(
        default=20.0, gt=0, description="Time an in-flight batch gets to finish on shutdown"
    )
    health_broker_timeout_s: float = Field(
        default=15.0,
        gt=0,
        description="/health/ready is false once Kafka was unreachable this long",
    )
    health_stall_s: float = Field(
        default=60.0,
        gt=0,
        description="/health/ready is false once a stage with input waiting made no progress "
        "this long",
    )
    stage_max_attempts: int = Field(default=3, ge=1, le=20)
    gc_threshold: int = Field(
        default=50_000,
        ge=0,
        description="Allocations between young-generation runs of Python's cyclic GC in a "
        "worker (0: Python's default, 700)",
    )
    sink_batch_size: int = Field(
        default=10_000, ge=1, description="Most events the sink holds and inserts at once"
    )
    sink_flush_s: float = Field(default=0.5, gt=0)
    sink_max_backoff_s: float = Field(default=30.0, gt=0)
    state_max_sessions: int = Field(
        default=100_000, ge=1, description="Sessions one worker keeps (least recently active go)"
    )
    history_size: int = Field(
        default=10, ge=0, le=100, description="Turns a session keeps for packages and drafts"
    )
    session_ttl_hours: float = Field(
        default=168.0, gt=0, description="A session idle this long is forgotten (7 days)"
    )
    session_max_bytes: int = Field(
        default=65_536, ge=4096, description="Cap on one session's state JSON (oldest data go)"
    )
    pending_ttl_minutes: float = Field(
        default=1440.0, gt=0, description="A clarifying question unanswered this long expires"
    )
    max_clarify_rounds: int = Field(
        default=3, ge=1, description="Clarifying questions per request before it escalates"
    )
    escalation_sla_minutes: int = Field(default=240, ge=1)
    draft_sla_minutes: float = Field(
        default=60.0, gt=0, description="A draft not reviewed within this escalates"
    )
    draft_sla_check_s: float = Field(default=30.0, gt=0, description="Expired-draft scan interval")
    max_text_chars: int = Field(default=4_000, ge=64, description="Hygiene cap before models")

    # Reviewers and the review console
    reviewer_tokens: SecretStr = Field(
        default=SecretStr(""),
        description="name:token,... — reviewers whose HMAC-signed feedback is applied "
        "(unsigned feedback is dead-lettered)",
    )
    topic_claims: str = "tickets.claims"
    topic_replays: str = Field(
        default="tollgate.replays",
        description="What dead-letter replay published, once per ticket id (compacted; key "
        "ticket_id)",
    )
    console_claim_minutes: float = Field(
        default=15.0, gt=0, description="How long a reviewer's claim on a queue item lasts"
    )
    console_session_hours: float = Field(
        default=12.0, gt=0, description="How long a console sign-in lasts"
    )

    @field_validator("escalation_queues", "intent_fallback_models", mode="before")
    @classmethod
    def _split_list(cls, value: Any) -> Any:
        """A string is a JSON list when it starts with ``[``, else comma-separated names."""
        if not isinstance(value, str):
            return value
        if value.strip().startswith("["):
            try:
                return json.loads(value)
            except ValueError as exc:
                raise ValueError(f"not a JSON list ({exc.args[0]})") from None
        return [part.strip() for part in value.split(",") if part.strip()]

    @field_validator("kafka_bootstrap_servers")
    @classmethod
    def _check_servers(cls, value: str) -> str:
        servers = [s.strip() for s in value.split(",") if s.strip()]
        if not servers:
            raise ValueError("needs at least one host:port")
        for server in servers:
            host, sep, port = server.rpartition(":")
            if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
                raise ValueError(f"{server!r} is not host:port")
        return ",".join(servers)

    @field_validator("clickhouse_dsn")
    @classmethod
    def _check_dsn(cls, value: SecretStr) -> SecretStr:
        dsn = value.get_secret_value()
        if dsn and not dsn.startswith(("chdb://", "http://", "https://")):
            raise ValueError("must start with chdb://, http:// or https://")
        return value

    @field_validator("reviewer_tokens")
    @classmethod
    def _check_reviewer_tokens(cls, value: SecretStr) -> SecretStr:
        from tollgate.reviewers import parse_reviewer_tokens

        parse_reviewer_tokens(value.get_secret_value())  # raises ValueError naming the entry
        return value

    @model_validator(mode="after")
    def _check_cascade(self) -> Settings:
        if not self.threshold_draft <= self.threshold_review <= self.threshold_respond:
            raise ValueError(
                "thresholds must satisfy TOLLGATE_THRESHOLD_DRAFT <= TOLLGATE_THRESHOLD_REVIEW "
                "<= TOLLGATE_THRESHOLD_RESPOND"
            )
        if "general" not in self.escalation_queues:
            raise ValueError("TOLLGATE_ESCALATION_QUEUES must include 'general'")
        return self

    @property
    def kafka_servers(self) -> list[str]:
        return self.kafka_bootstrap_servers.split(",")

    @cached_property
    def clickhouse_url(self) -> str:
        """The DSN to connect with; the embedded engine under the data dir by default."""
        dsn = self.clickhouse_dsn.get_secret_value()
        return dsn or f"chdb://{(self.data_dir / 'clickhouse').resolve()}"

    @property
    def constraints_path(self) -> Path:
        return self.constraints_file or self.domain_dir / "constraints.yaml"

    def escalation_topic(self, queue: str) -> str:
        """The topic for a queue; unknown queues fall back to ``general``."""
        name = queue if queue in self.escalation_queues else "general"
        return f"{self.topic_escalations_prefix}{name}"

    @property
    def terminal_topics(self) -> list[str]:
        return [
            self.topic_responses,
            self.topic_drafts,
            self.topic_deadletter,
            *(self.escalation_topic(q) for q in self.escalation_queues),
        ]


def load_settings(**overrides: object) -> Settings:
    """Build settings, turning every problem into a :class:`ConfigError` of one line per variable.

    Unknown ``TOLLGATE_*`` names in the environment or ``.env`` are errors too (a misspelled
    setting would otherwise be ignored silently); each names the closest known setting.
    """
    lines = unknown_setting_lines()
    try:
        settings = Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        for err in exc.errors():
            loc = [str(part) for part in err["loc"]]
            var = f"{ENV_PREFIX}{loc[0].upper()}" if loc else "configuration"
            lines.append(f"{var}: {err['msg']}")
        settings = None
    if lines:
        raise ConfigError("; ".join(lines))
    assert settings is not None
    return settings


def unknown_setting_lines(env_file: Path = Path(".env")) -> list[str]:
    """One line per ``TOLLGATE_*`` name in the environment or ``env_file`` that no setting
    has, with the closest known name when there is one."""
    from dotenv import dotenv_values

    known = {*setting_names(), *EXTRA_ENV_NAMES}
    sources: dict[str, str] = {}
    if env_file.is_file():
        for name in dotenv_values(env_file):
            sources.setdefault(name.upper(), str(env_file))
    for name in os.environ:
        sources[name.upper()] = "the environment"
    lines = []
    for name, source in sorted(sources.items()):
        if not name.startswith(ENV_PREFIX) or name in known:
            continue
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]}?)" if close else ""
        lines.append(f"{name}: unknown setting in {source}{hint}")
    return lines


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that reproduces ``settings`` in another process."""
    env: dict[str, str] = {}
    for name, value in settings.model_dump().items():
        if value is None:
            continue
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        elif isinstance(value, list):
            value = json.dumps(value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        env[ENV_PREFIX + name.upper()] = str(value)
    return env


def prefixed_topics(prefix: str) -> dict[str, str]:
    """Every topic setting renamed ``<prefix>.<default>``: isolated runs on a shared broker."""
    return {
        name: f"{prefix}.{field.default}"
        for name, field in Settings.model_fields.items()
        if name.startswith("topic_") and isinstance(field.default, str)
    }


def setting_names() -> list[str]:
    """Every environment variable Tollgate reads (for docs and deploy checks)."""
    return [ENV_PREFIX + name.upper() for name in Settings.model_fields]


os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
