"""The pluggable action registry: typed params, bounded calls, retries and idempotency.

Actions are ``async def fn(params: ParamsModel, ctx: ActionContext) -> Mapping[str, scalar]``.
They are registered from code (:meth:`ActionRegistry.register`), by dotted path
(:meth:`ActionRegistry.register_path`, ``"package.module:function"``) or from the
``tollgate.actions`` entry-point group (:meth:`ActionRegistry.load_entry_points`).

:meth:`ActionRegistry.execute` never raises: every outcome is an :class:`~schemas.ActionResult`.
Params are validated before the call; each attempt is bounded by a timeout; transient failures
(``TransientActionError``, timeouts, connection errors) are retried with exponential backoff,
permanent ones are not. Definitive outcomes (success, permanent failure) are remembered per
idempotency key, so a replayed key returns the stored result without calling the action again.
Transient exhaustion is not remembered: a redelivered ticket may try again, and the backend
receives the same key in :class:`ActionContext` to deduplicate on its side.

The store is the registry's own (in memory by default) or one passed per call (``store=``, e.g. the
durable :class:`~tollgate.actions.idempotency.SqliteIdempotencyStore` for tickets read from
Kafka). A store that cannot be read fails the call (unknown whether it ran: never run it twice);
one that cannot be written is logged and the result still returned (the action did run).

**Calls once, effects once** (issue 16). A store that is also a
:class:`~tollgate.actions.idempotency.WriteAheadStore` (the session state,
``streams/session_stage.py``) records that a call started before the call and its result as soon
as it returned, both durably. A worker that finds a started call without a result (its previous
owner was killed in between) does not guess:

* an action registered ``idempotent_by_key`` (HTTP actions: they send ``Idempotency-Key``, and a
  backend must answer a repeated key with the first call's result and no second effect; the
  stateless demo backend) is called again **with the same key**: the backend's effect happens
  once, the call may reach it twice;
* any other action is not called again: the result is a failure ``outcome_unknown`` (the
  ticket escalates with it as evidence): such an action is called at most once.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import inspect
import pkgutil
import re
import traceback
import typing
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, TypeVar

import structlog
from pydantic import BaseModel, ValidationError
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
    wait_none,
)

from schemas import ActionResult
from tollgate.actions.errors import (
    ActionError,
    ErrorCode,
    TransientActionError,
    format_error,
)
from tollgate.actions.idempotency import (
    IdempotencyRecord,
    IdempotencyStore,
    MemoryIdempotencyStore,
    WriteAheadStore,
)
from tollgate.textsafety.errors import describe_validation

ENTRY_POINT_GROUP = "tollgate.actions"
"""Entry-point group third-party packages use to ship actions (name = action name)."""

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_RETRYABLE: tuple[type[BaseException], ...] = (TransientActionError, TimeoutError, ConnectionError)
_MAX_BACKOFF_FACTOR = 16
_UNKNOWN = (
    "a call with this key started and its result was never recorded (its worker stopped): "
    "not called again, the action is not idempotent by key"
)

log = structlog.get_logger(__name__)

P = TypeVar("P", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class ActionContext:
    """What an action knows about the call besides its params."""

    name: str
    idempotency_key: str
    attempt: int
    """1-based attempt number within this ``execute`` call."""
    customer_id: str | None = None
    """The ticket's customer: the action acts for this customer only (``None``: unknown)."""
    session_id: str | None = None
    """The conversation the ticket belongs to."""


ActionFn = Callable[[Any, ActionContext], Awaitable[Mapping[str, object]]]
AccessCheck = Callable[[str, Mapping[str, object], ActionContext], Awaitable[None]]
"""A backend's ownership check: raises ``PermanentActionError`` (``forbidden_resource``) when
the context's customer may not act on the resource the params name."""
CustomerDirectory = Callable[[str | None], Sequence[str]]
"""A backend's customer directory for the output guard: the identifying values (ids, names,
e-mail addresses, postal addresses, order ids) of every customer *other than* the one given
(``None``: the ticket has no customer, so every known customer is another). Synchronous and
cheap: it is asked once per guarded reply (a backend behind a network keeps a local copy)."""


def no_other_customers(customer_id: str | None) -> tuple[str, ...]:
    """The directory of a backend that declares none: the guard gets no other customers' data
    (it still rejects order ids not in the ticket's own data, e-mail and street addresses)."""
    return ()


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """A registered action."""

    name: str
    fn: ActionFn
    params_model: type[BaseModel]
    source: str = "code"
    timeout_s: float | None = None
    """Overrides the caller's per-attempt timeout (an action that times its own attempts)."""
    max_attempts: int | None = None
    """Overrides the caller's attempts (1: the action retries by itself, e.g. HTTP actions)."""
    idempotent_by_key: bool = False
    """The backend answers a repeated idempotency key with the first call's result and acts
    once: a call whose outcome is unknown may be repeated with the same key (module docstring)."""
    foreseen: Mapping[str, str | int | float | bool] | None = None
    """What a success returns that is known before the call (``tollgate.actions.foresight``;
    ``None``: not declared)."""


@dataclass(slots=True)
class _Outcome:
    result: ActionResult
    remember: bool


@dataclass(slots=True)
class _Slot:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


class _KeyedLocks:
    """One lock per key, dropped when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._slots: dict[str, _Slot] = {}

    @contextlib.asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        slot = self._slots.setdefault(key, _Slot())
        slot.users += 1
        try:
            async with slot.lock:
                yield
        finally:
            slot.users -= 1
            if slot.users == 0:
                del self._slots[key]


def params_model_of(fn: Callable[..., object]) -> type[BaseModel]:
    """The pydantic model annotated on ``fn``'s first parameter."""
    parameters = list(inspect.signature(fn).parameters.values())
    if not parameters:
        raise TypeError(f"{fn!r} takes no params argument")
    hints = typing.get_type_hints(fn)
    model = hints.get(parameters[0].name)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError(
            f"cannot infer the params model of {fn!r}: annotate its first parameter with a "
            "pydantic model or pass params_model"
        )
    return model


class ActionRegistry:
    """Named actions with typed params, executed with timeout, retries and idempotency."""

    def __init__(self, store: IdempotencyStore | None = None) -> None:
        self._specs: dict[str, ActionSpec] = {}
        self._store: IdempotencyStore = store if store is not None else MemoryIdempotencyStore()
        self._locks = _KeyedLocks()
        self.access_check: AccessCheck | None = None
        """Set by a backend that owns resources; asked by :meth:`authorize`."""
        self.other_customers: CustomerDirectory = no_other_customers
        """Set by a backend that knows its customers; the output guard's "other customers"."""

    # Registration ------------------------------------------------------------------------

    def register(
        self,
        name: str,
        fn: Callable[[P, ActionContext], Awaitable[Mapping[str, object]]],
        params_model: type[P],
        *,
        replace: bool = False,
        source: str = "code",
        timeout_s: float | None = None,
        max_attempts: int | None = None,
        idempotent_by_key: bool = False,
        foreseen: Mapping[str, str | int | float | bool] | None = None,
    ) -> ActionSpec:
        """Register ``fn`` under ``name``; ``params_model`` validates its params.

        ``timeout_s``/``max_attempts`` replace the values :meth:`execute` is called with;
        ``idempotent_by_key``, ``foreseen``: see :class:`ActionSpec`.
        """
        if not _NAME_RE.fullmatch(name):
            raise ValueError(f"invalid action name {name!r}: use lower_snake_case")
        if not (isinstance(params_model, type) and issubclass(params_model, BaseModel)):
            raise TypeError(f"params_model of {name!r} must be a pydantic model class")
        if not inspect.iscoroutinefunction(fn):
            raise TypeError(f"action {name!r} must be an async function")
        if name in self._specs and not replace:
            raise ValueError(f"action {name!r} is already registered")
        spec = ActionSpec(
            name, fn, params_model, source, timeout_s, max_attempts, idempotent_by_key, foreseen
        )
        self._specs[name] = spec
        return spec

    def register_path(
        self,
        name: str,
        path: str,
        params_model: type[BaseModel] | str | None = None,
        *,
        replace: bool = False,
        idempotent_by_key: bool = False,
        foreseen: Mapping[str, str | int | float | bool] | None = None,
    ) -> ActionSpec:
        """Register the function at ``"package.module:function"``.

        ``params_model`` may be a class, a dotted path, or omitted to use the annotation of the
        function's first parameter.
        """
        fn = pkgutil.resolve_name(path)
        if not callable(fn):
            raise TypeError(f"{path!r} is not callable")
        model = _resolve_model(params_model, fn)
        return self.register(
            name,
            fn,
            model,
            replace=replace,
            source=f"path:{path}",
            idempotent_by_key=idempotent_by_key,
            foreseen=foreseen,
        )

    def load_entry_points(
        self, group: str = ENTRY_POINT_GROUP, *, replace: bool = False
    ) -> list[str]:
        """Register every action of the entry-point ``group``; returns the names registered.

        A broken entry point is logged and skipped so one bad plugin cannot stop the rest.
        """
        loaded: list[str] = []
        for entry in metadata.entry_points(group=group):
            try:
                fn = entry.load()
                model = params_model_of(fn)
                self.register(
                    entry.name, fn, model, replace=replace, source=f"entry_point:{entry.value}"
                )
            except Exception as exc:
                log.warning(
                    "action.entry_point_failed",
                    entry_point=entry.name,
                    value=entry.value,
                    error=type(exc).__name__,
                    detail=str(exc),
                )
                continue
            loaded.append(entry.name)
        return loaded

    # Introspection -----------------------------------------------------------------------

    def get(self, name: str) -> ActionSpec | None:
        return self._specs.get(name)

    def names(self) -> list[str]:
        return sorted(self._specs)

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def __len__(self) -> int:
        return len(self._specs)

    # Execution ---------------------------------------------------------------------------

    async def authorize(
        self,
        name: str,
        params: Mapping[str, object],
        *,
        idempotency_key: str,
        customer_id: str | None,
        session_id: str | None = None,
    ) -> ActionResult | None:
        """Whether ``customer_id`` may run ``name`` on what ``params`` name, without running it:
        ``None`` if allowed (or no backend check), else the refusal as a failed result."""
        if self.access_check is None:
            return None
        ctx = ActionContext(
            name, idempotency_key, 0, customer_id=customer_id, session_id=session_id
        )
        try:
            await self.access_check(name, params, ctx)
        except ActionError as exc:
            return _failure(name, idempotency_key, exc.code, exc.message, 0)
        return None

    async def execute(
        self,
        name: str,
        params: Mapping[str, object],
        *,
        idempotency_key: str,
        timeout_s: float = 2.0,
        max_attempts: int = 3,
        backoff_s: float = 0.05,
        store: IdempotencyStore | None = None,
        customer_id: str | None = None,
        session_id: str | None = None,
    ) -> ActionResult:
        """Run action ``name`` once per ``idempotency_key`` (remembered in ``store``, default the
        registry's own) for ``customer_id`` (every backend receives it in the context, and must
        refuse resources the customer does not own). Never raises."""
        try:
            return await self._execute(
                name,
                params,
                key=idempotency_key,
                timeout_s=timeout_s,
                max_attempts=max_attempts,
                backoff_s=backoff_s,
                store=store if store is not None else self._store,
                owner=(customer_id, session_id),
            )
        except Exception as exc:  # last line of defence: execute never raises
            log.error(
                "action.internal_error", action=name, error=type(exc).__name__, at=_where(exc)
            )
            return _failure(
                name, idempotency_key, ErrorCode.INTERNAL, type(exc).__name__, attempts=0
            )

    async def _execute(
        self,
        name: str,
        params: Mapping[str, object],
        *,
        key: str,
        timeout_s: float,
        max_attempts: int,
        backoff_s: float,
        store: IdempotencyStore,
        owner: tuple[str | None, str | None] = (None, None),
    ) -> ActionResult:
        spec = self._specs.get(name)
        if spec is None:
            return _failure(name, key, ErrorCode.UNKNOWN_ACTION, f"no action {name[:64]!r}", 0)
        if not key:
            return _failure(name, key, ErrorCode.INVALID_PARAMS, "empty idempotency key", 0)
        try:
            model = spec.params_model.model_validate(dict(params))
        except ValidationError as exc:
            return _failure(name, key, ErrorCode.INVALID_PARAMS, describe_validation(exc), 0)
        fingerprint = hashlib.sha256(
            f"{name}\x00{model.model_dump_json()}".encode(), usedforsecurity=False
        ).hexdigest()

        async with self._locks.hold(key):
            record = await store.get(key)
            if record is not None:
                if record.fingerprint != fingerprint:
                    return _failure(
                        name,
                        key,
                        ErrorCode.IDEMPOTENCY_CONFLICT,
                        "key already used for another action or other params",
                        0,
                    )
                if record.result is not None:
                    log.debug("action.replayed", action=name, idempotency_key=key)
                    return record.result
                if not spec.idempotent_by_key:  # it may have acted: never call it twice
                    log.warning("action.outcome_unknown", action=name, idempotency_key=key)
                    return _failure(name, key, ErrorCode.OUTCOME_UNKNOWN, _UNKNOWN, 0)
                log.info("action.called_again", action=name, idempotency_key=key)
            elif isinstance(store, WriteAheadStore):
                await store.begin(key, fingerprint)
            outcome = await self._call(
                spec,
                model,
                key,
                timeout_s=max(spec.timeout_s or timeout_s, 1e-3),
                max_attempts=max(1, spec.max_attempts or max_attempts),
                backoff_s=max(0.0, backoff_s),
                owner=owner,
            )
            if outcome.remember:
                try:
                    await store.put(
                        key, IdempotencyRecord(fingerprint=fingerprint, result=outcome.result)
                    )
                except Exception as exc:  # the action ran: report its result regardless
                    log.error(
                        "action.idempotency_write_failed",
                        action=name,
                        idempotency_key=key,
                        error=type(exc).__name__,
                    )
        result = outcome.result
        (log.debug if result.success else log.info)(
            "action.executed",
            action=name,
            idempotency_key=key,
            success=result.success,
            attempts=result.attempts,
            error=None if result.success else (result.error or "").split(":", 1)[0],
        )
        return result

    async def _call(
        self,
        spec: ActionSpec,
        params: BaseModel,
        key: str,
        *,
        timeout_s: float,
        max_attempts: int,
        backoff_s: float,
        owner: tuple[str | None, str | None] = (None, None),
    ) -> _Outcome:
        name = spec.name
        attempts = 1

        async def attempt(number: int) -> object:
            ctx = ActionContext(name, key, number, customer_id=owner[0], session_id=owner[1])
            async with asyncio.timeout(timeout_s):
                return await spec.fn(params, ctx)

        try:
            try:  # the common case, without the retry machinery's per-call cost
                raw = await attempt(1)
            except _RETRYABLE:
                if max_attempts == 1:
                    raise
                await asyncio.sleep(backoff_s)  # tenacity waits between its own attempts only
                retrying = AsyncRetrying(
                    stop=stop_after_attempt(max_attempts - 1),
                    wait=(
                        wait_exponential(
                            multiplier=2 * backoff_s, max=backoff_s * _MAX_BACKOFF_FACTOR
                        )
                        if backoff_s > 0
                        else wait_none()
                    ),
                    retry=retry_if_exception_type(_RETRYABLE),
                    reraise=True,
                )
                async for retry in retrying:
                    with retry:
                        attempts = 1 + retry.retry_state.attempt_number
                        raw = await attempt(attempts)
        except TimeoutError:
            detail = f"no answer within {timeout_s:g}s"
            return _Outcome(_failure(name, key, ErrorCode.TIMEOUT, detail, attempts), False)
        except TransientActionError as exc:
            return _Outcome(_failure(name, key, exc.code, exc.message, attempts), False)
        except ConnectionError as exc:
            code = ErrorCode.UNAVAILABLE
            return _Outcome(_failure(name, key, code, type(exc).__name__, attempts), False)
        except ActionError as exc:  # PermanentActionError and custom codes: not retried
            return _Outcome(_failure(name, key, exc.code, exc.message, attempts), True)
        except Exception as exc:
            log.error("action.crashed", action=name, error=type(exc).__name__, at=_where(exc))
            code = ErrorCode.INTERNAL
            return _Outcome(_failure(name, key, code, type(exc).__name__, attempts), False)
        if not isinstance(raw, Mapping):
            detail = f"returned {type(raw).__name__}, not a mapping"
            return _Outcome(_failure(name, key, ErrorCode.INVALID_RESULT, detail, attempts), True)
        try:
            result = ActionResult(
                name=name,
                idempotency_key=key,
                success=True,
                attempts=attempts,
                first_try=attempts == 1,
                data=dict(raw),  # validated (and rejected if not scalar) by pydantic
            )
        except ValidationError as exc:
            detail = describe_validation(exc)
            return _Outcome(_failure(name, key, ErrorCode.INVALID_RESULT, detail, attempts), True)
        return _Outcome(result, True)


def _resolve_model(
    params_model: type[BaseModel] | str | None, fn: Callable[..., object]
) -> type[BaseModel]:
    if params_model is None:
        return params_model_of(fn)
    if isinstance(params_model, str):
        resolved = pkgutil.resolve_name(params_model)
        if not (isinstance(resolved, type) and issubclass(resolved, BaseModel)):
            raise TypeError(f"{params_model!r} is not a pydantic model class")
        return resolved
    return params_model


def _where(exc: BaseException) -> str:
    """Where ``exc`` was raised, without its message (which may carry secrets or PII)."""
    frames = traceback.extract_tb(exc.__traceback__)
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"


def _failure(name: str, key: str, code: str, detail: str, attempts: int) -> ActionResult:
    return ActionResult(
        name=name,
        idempotency_key=key,
        success=False,
        attempts=attempts,
        first_try=False,
        error=format_error(str(code), detail),
    )
