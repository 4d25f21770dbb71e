"""The intent degradation chain: LLM → local model → escalate.

:class:`FallbackChain` asks the primary (LLM) model first, in chunks, reporting every outcome to a
:class:`~tollgate.intent.breaker.CircuitBreaker`. Texts the primary failed on go to the local
model (``fallback=True``, ``model`` names the local model); texts the local model fails on too
become escalations: ``out_of_scope`` with confidence 0, ``error`` set and ``fallback=True``, so
the decision stage hands them to a human. While the breaker is open the primary is not called at
all, so a dead LLM costs one chunk's time limit and then nothing; once the cool-down is over a
single text probes it in the background (the batch itself never waits on a half-open LLM) and
a successful probe closes the breaker for the following batches.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from collections.abc import Sequence

import structlog

from tollgate.config import Settings
from tollgate.intent.base import OUT_OF_SCOPE, IntentModel, IntentPrediction
from tollgate.intent.breaker import BreakerState, CircuitBreaker

log = structlog.get_logger(__name__)

ESCALATE_MODEL = "escalate"
"""``model`` of a prediction nobody could make."""


def escalation(
    error: str, *, latency_ms: float = 0.0, tokens: int = 0, cost: float = 0.0
) -> IntentPrediction:
    """The prediction for a text no model could classify: the decision stage escalates it."""
    return IntentPrediction(
        intent=OUT_OF_SCOPE,
        confidence=0.0,
        reasoning="no intent model could classify this message",
        model=ESCALATE_MODEL,
        fallback=True,
        error=error,
        tokens=tokens,
        cost=cost,
        latency_ms=latency_ms,
    )


_KIND = re.compile(r"[A-Za-z_][\w.]{0,48}")


def error_kind(error: str) -> str:
    """A low-cardinality label for an error text: its leading name (``RateLimitError: ...``)."""
    match = _KIND.match(error.strip())
    return match.group(0) if match else "other"


class FallbackChain:
    """An :class:`~tollgate.intent.base.IntentModel`: primary → local → escalation."""

    def __init__(
        self,
        primary: IntentModel | None,
        local: IntentModel,
        breaker: CircuitBreaker | None = None,
        *,
        chunk_size: int = 64,
        primary_timeout_s: float | None = None,
    ) -> None:
        self.primary = primary
        self.local = local
        self.breaker = breaker or CircuitBreaker()
        self.chunk_size = max(1, chunk_size)
        self.primary_timeout_s = primary_timeout_s
        self.name = f"{primary.name}>{local.name}" if primary is not None else local.name
        self.primary_errors: Counter[str] = Counter()
        """Failed primary (LLM) predictions by error kind, for /metrics."""
        self.fallbacks = 0
        """Texts the local model answered because the primary failed or was skipped."""
        self._probes: set[asyncio.Future[None]] = set()

    @property
    def breaker_state(self) -> BreakerState:
        return self.breaker.state

    @property
    def probing(self) -> bool:
        """A background probe of a half-open breaker is under way."""
        return bool(self._probes)

    async def classify_batch(self, texts: Sequence[str]) -> list[IntentPrediction]:
        """One prediction per text, in order; never raises."""
        texts = list(texts)
        results: list[IntentPrediction | None] = [None] * len(texts)
        failed: dict[int, IntentPrediction] = {}  # index -> the primary's failed prediction
        if self.primary is None:
            pending = list(range(len(texts)))
        else:
            pending = await self._run_primary(self.primary, texts, results, failed)
        if pending:
            await self._run_local(texts, pending, results, failed)
        return [r if r is not None else escalation("internal: no prediction") for r in results]

    async def _run_primary(
        self,
        primary: IntentModel,
        texts: list[str],
        results: list[IntentPrediction | None],
        failed: dict[int, IntentPrediction],
    ) -> list[int]:
        """Fill ``results`` from the primary while the breaker lets it; return the indices left."""
        start = 0
        while start < len(texts):
            if self.breaker.state is BreakerState.HALF_OPEN:
                if self.breaker.allow():
                    self._start_probe(primary, texts[start])
                break
            if not self.breaker.allow():
                break
            indices = list(range(start, min(start + self.chunk_size, len(texts))))
            start = indices[-1] + 1
            predictions = await self._call_primary(primary, [texts[i] for i in indices])
            for index, prediction in zip(indices, predictions, strict=True):
                if prediction.error is None:
                    self.breaker.record_success()
                    results[index] = prediction
                else:
                    self.breaker.record_failure()
                    failed[index] = prediction
                    self.primary_errors[error_kind(prediction.error)] += 1
        if self.breaker.state is not BreakerState.CLOSED and failed:
            log.warning(
                "intent_llm_breaker",
                state=self.breaker.state.value,
                failures=self.breaker.consecutive_failures,
                error=next(iter(failed.values())).error,
            )
        return [i for i in range(len(texts)) if results[i] is None]

    def _start_probe(self, primary: IntentModel, text: str) -> None:
        """Probe a half-open breaker in the background: the batch never waits on a maybe-dead
        LLM. The probe's answer only moves the breaker; the batch goes to the local model."""
        task = asyncio.ensure_future(self._probe(primary, text))
        self._probes.add(task)
        task.add_done_callback(self._probes.discard)

    async def _probe(self, primary: IntentModel, text: str) -> None:
        [prediction] = await self._call_primary(primary, [text])
        if prediction.error is None:
            self.breaker.record_success()
            log.info("intent_llm_breaker", state=self.breaker.state.value, probe="ok")
        else:
            self.breaker.record_failure()
            log.warning("intent_llm_breaker", state="open", probe="failed", error=prediction.error)

    async def drain(self) -> None:
        """Wait for background breaker probes (for shutdown and tests)."""
        while self._probes:
            await asyncio.gather(*list(self._probes), return_exceptions=True)

    async def _call_primary(self, primary: IntentModel, chunk: list[str]) -> list[IntentPrediction]:
        started = time.perf_counter()
        try:
            if self.primary_timeout_s is None:
                predictions = await primary.classify_batch(chunk)
            else:
                async with asyncio.timeout(self.primary_timeout_s):
                    predictions = await primary.classify_batch(chunk)
            if len(predictions) == len(chunk):
                return list(predictions)
            error = f"internal: {len(predictions)} predictions for {len(chunk)} texts"
        except TimeoutError:
            error = f"timeout: primary model exceeded {self.primary_timeout_s:g}s"
        except Exception as exc:  # the protocol says never raise; do not trust it
            error = f"{type(exc).__name__}: primary model raised"
        latency = (time.perf_counter() - started) * 1000
        failure = IntentPrediction(
            intent=OUT_OF_SCOPE, confidence=0.0, model=primary.name, error=error, latency_ms=latency
        )
        return [failure] * len(chunk)

    async def _run_local(
        self,
        texts: list[str],
        pending: list[int],
        results: list[IntentPrediction | None],
        failed: dict[int, IntentPrediction],
    ) -> None:
        is_fallback = self.primary is not None
        if is_fallback:
            self.fallbacks += len(pending)
        skipped = f"llm skipped: circuit {self.breaker.state.value}"
        started = time.perf_counter()
        try:
            predictions = list(await self.local.classify_batch([texts[i] for i in pending]))
            if len(predictions) != len(pending):
                raise ValueError(f"{len(predictions)} predictions for {len(pending)} texts")
            local_error: str | None = None
        except Exception as exc:
            predictions = []
            local_error = f"local model failed: {type(exc).__name__}"
        local_ms = (time.perf_counter() - started) * 1000
        for n, index in enumerate(pending):
            before = failed.get(index)
            cause = before.error if before is not None and before.error else skipped
            spent_ms = before.latency_ms if before is not None else 0.0
            tokens = before.tokens if before is not None else 0
            cost = before.cost if before is not None else 0.0
            local = predictions[n] if predictions else None
            if local is None or local.error is not None:
                why = local_error or (local.error if local is not None else None) or "local failed"
                errors = f"{cause}; {why}" if is_fallback else why
                results[index] = escalation(
                    errors, latency_ms=spent_ms + local_ms, tokens=tokens, cost=cost
                )
                continue
            if not is_fallback:
                results[index] = local
                continue
            results[index] = local.model_copy(
                update={
                    "fallback": True,
                    "model": local.model or self.local.name,
                    "reasoning": f"[llm unavailable: {cause}] {local.reasoning}".strip(),
                    "latency_ms": spent_ms + local.latency_ms,
                    "tokens": tokens + local.tokens,
                    "cost": cost + local.cost,
                }
            )


def build_intent_model(
    settings: Settings, local: IntentModel, domain_intents: dict[str, str]
) -> IntentModel:
    """The local model alone when no LLM is configured, else LLM → local → escalate."""
    if not settings.intent_model:
        return local
    from tollgate.intent.llm import LLMIntentModel  # imports litellm: only when configured

    llm = LLMIntentModel(settings, domain_intents)
    breaker = CircuitBreaker(settings.breaker_failure_threshold, settings.breaker_cooldown_s)
    chunk = settings.llm_max_concurrency * llm.texts_per_request  # one wave of requests
    return FallbackChain(
        llm, local, breaker, chunk_size=chunk, primary_timeout_s=llm.deadline_for(chunk) + 1.0
    )
