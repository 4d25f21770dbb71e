"""The pack's ``actions.yaml``: which backend serves each action.

::

    actions:
      lookup_order: {backend: demo}                  # the demo backend's function of that name
      issue_refund: {backend: http, http: {...}}     # a declarative HTTP call (actions.http)
      open_ticket: {backend: entry_point}            # the `tollgate.actions` entry point of that
                                                     # name (entry_point: other-name to rename)
      send_sms: {backend: path, path: "my_pkg.actions:send_sms"}
    customers: "my_pkg.crm:other_customers"          # optional: the customer directory

A pack without ``actions.yaml`` gets the demo backend's actions. Errors name the file, the
action and the field.

``customers`` (optional) names a :data:`~tollgate.actions.registry.CustomerDirectory`: a
synchronous function ``(customer_id) -> identifiers of every other customer`` the output guard
rejects in replies. Without it, a pack with a ``demo`` action gets the demo backend's directory
and any other pack none (its replies are still checked for order ids not in the ticket's own
data, e-mail and street addresses, card numbers; not for names). An HTTP directory is not
offered: the guard runs per reply and must not wait on a network call.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field, model_validator

from tollgate.actions.demo_backend import DEMO_ACTIONS, default_registry, demo_access_check
from tollgate.actions.demo_orders import other_customers as demo_other_customers
from tollgate.actions.http import HttpActionSpec, HttpParams, http_action
from tollgate.actions.idempotency import IdempotencyStore
from tollgate.actions.registry import (
    ENTRY_POINT_GROUP,
    ActionRegistry,
    CustomerDirectory,
    no_other_customers,
    params_model_of,
)
from tollgate.domains.files import read_yaml_model

ACTIONS_FILE = "actions.yaml"
Backend = Literal["demo", "http", "entry_point", "path"]


class ActionsError(ValueError):
    """``actions.yaml`` is malformed or names a backend that is not there."""


class ActionDecl(BaseModel):
    """One action's backend."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    backend: Backend
    http: HttpActionSpec | None = None
    path: str | None = None
    entry_point: str | None = None
    idempotent_by_key: bool = False
    """``path``/``entry_point`` backends: the backend answers a repeated idempotency key with
    the first call's result and acts once, so a call whose outcome is unknown (its worker was
    killed mid-call) is repeated with the same key instead of escalated. ``http`` and ``demo``
    actions are idempotent by key always (``Idempotency-Key`` header; stateless demo)."""
    returns: list[str] = Field(default_factory=list)
    """Data keys the action's result carries (an HTTP action's are its ``response`` keys);
    ``tollgate domain check`` checks the success sentences against them."""
    foreseen: dict[str, str | int | float | bool] | None = None
    """What a success returns that is known before the call, for the reply a draft shows:
    data key → ``$param`` (that param's value) or a literal the backend returns on every
    success (``tollgate.actions.foresight``). Unset: the params stand in for the data."""

    def data_keys(self) -> set[str]:
        return set(self.returns) | (set(self.http.response) if self.http else set())

    @model_validator(mode="after")
    def _complete(self) -> ActionDecl:
        if self.backend == "http" and self.http is None:
            raise ValueError("backend http needs an 'http' block")
        if self.backend == "path" and not self.path:
            raise ValueError("backend path needs 'path: package.module:function'")
        keys = self.data_keys()
        unknown = sorted(set(self.foreseen or {}) - keys) if keys else []
        if unknown:
            raise ValueError(f"foreseen names keys the action does not return: {unknown}")
        return self


class _ActionsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    actions: dict[str, ActionDecl]
    customers: str | None = Field(default=None, pattern=r"^[\w.]+:[\w.]+$")
    """``package.module:function``: the pack's customer directory (module docstring)."""


def _load(pack_dir: Path) -> _ActionsFile | None:
    path = pack_dir / ACTIONS_FILE
    if not path.is_file():
        return None
    return read_yaml_model(path, _ActionsFile, ActionsError)


def load_action_decls(pack_dir: Path) -> dict[str, ActionDecl] | None:
    """The declarations of ``<pack>/actions.yaml`` (``None``: the pack has none)."""
    loaded = _load(pack_dir)
    return None if loaded is None else loaded.actions


def customer_directory(pack_dir: Path) -> CustomerDirectory:
    """The pack's customer directory for the output guard: the ``customers`` function its
    ``actions.yaml`` names, else the demo backend's when it serves any action, else none."""
    loaded = _load(pack_dir)
    return _directory(pack_dir, loaded)


def _directory(pack_dir: Path, loaded: _ActionsFile | None) -> CustomerDirectory:
    if loaded is None:
        return demo_other_customers
    if loaded.customers:
        try:
            fn = pkgutil.resolve_name(loaded.customers)
        except (ImportError, AttributeError) as exc:
            where = pack_dir / ACTIONS_FILE
            raise ActionsError(f"{where}: customers: cannot import {loaded.customers!r}") from exc
        if not callable(fn):
            where = pack_dir / ACTIONS_FILE
            raise ActionsError(f"{where}: customers: {loaded.customers!r} is not callable")
        directory: CustomerDirectory = fn
        return directory
    if any(decl.backend == "demo" for decl in loaded.actions.values()):
        return demo_other_customers
    return no_other_customers


def backend_problem(name: str, decl: ActionDecl) -> str | None:
    """Why ``decl`` cannot serve action ``name`` (``None``: it can)."""
    if decl.backend == "demo" and name not in DEMO_ACTIONS:
        return f"the demo backend has no action {name!r}"
    if decl.backend == "entry_point":
        wanted = decl.entry_point or name
        if not metadata.entry_points(group=ENTRY_POINT_GROUP, name=wanted):
            return f"no installed entry point {wanted!r} in group {ENTRY_POINT_GROUP!r}"
    return None


def pack_registry(
    pack_dir: Path,
    store: IdempotencyStore | None = None,
    *,
    client: httpx.AsyncClient | None = None,
    entry_points: Sequence[str] = (),
) -> ActionRegistry:
    """A registry with the pack's actions (the demo actions when it declares none), then the
    ``entry_points`` of the ``tollgate.actions`` group named (``"*"``: all) over them."""
    loaded = _load(pack_dir)
    registry = (
        default_registry(store)
        if loaded is None
        else _declared(pack_dir, loaded.actions, store, client)
    )
    registry.other_customers = _directory(pack_dir, loaded)
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        if "*" in entry_points or entry.name in entry_points:
            _register_entry_point(registry, entry.name, entry, replace=True)
    return registry


def _register_entry_point(
    registry: ActionRegistry,
    name: str,
    entry: metadata.EntryPoint,
    idempotent_by_key: bool = False,
    *,
    replace: bool = False,
    foreseen: dict[str, str | int | float | bool] | None = None,
) -> None:
    fn = entry.load()
    source = f"entry_point:{entry.value}"
    registry.register(
        name,
        fn,
        params_model_of(fn),
        replace=replace,
        source=source,
        idempotent_by_key=idempotent_by_key,
        foreseen=foreseen,
    )


def _declared(
    pack_dir: Path,
    decls: dict[str, ActionDecl],
    store: IdempotencyStore | None,
    client: httpx.AsyncClient | None,
) -> ActionRegistry:
    registry = ActionRegistry(store)
    registry.access_check = demo_access_check([n for n, d in decls.items() if d.backend == "demo"])
    demo = default_registry()
    where = pack_dir / ACTIONS_FILE
    for name, decl in decls.items():
        problem = backend_problem(name, decl)
        if problem:
            raise ActionsError(f"{where}: actions.{name}.backend: {problem}")
        if decl.backend == "demo":
            spec = demo.get(name)
            assert spec is not None  # backend_problem checked it
            registry.register(
                name,
                spec.fn,
                spec.params_model,
                source=spec.source,
                idempotent_by_key=True,
                foreseen=decl.foreseen,
            )
        elif decl.backend == "http":
            assert decl.http is not None
            registry.register(
                name,
                http_action(decl.http, client=client),
                HttpParams,
                source=f"http:{decl.http.method} {decl.http.url}",
                timeout_s=decl.http.budget_s,
                max_attempts=1,
                idempotent_by_key=True,
                foreseen=decl.foreseen,
            )
        elif decl.backend == "path":
            assert decl.path is not None
            registry.register_path(
                name, decl.path, idempotent_by_key=decl.idempotent_by_key, foreseen=decl.foreseen
            )
        else:
            wanted = decl.entry_point or name
            (entry,) = metadata.entry_points(group=ENTRY_POINT_GROUP, name=wanted)
            _register_entry_point(
                registry, name, entry, decl.idempotent_by_key, foreseen=decl.foreseen
            )
    return registry
