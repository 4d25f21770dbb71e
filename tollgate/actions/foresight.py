"""What an action's success returns that is known before the call (issue 16: a draft shows the
reply a success sends, and approving it sends that reply).

An action declares it in ``actions.yaml`` (``foreseen``): data key → ``$param`` (the value of
the call's param of that name) or a literal (what the backend returns on every success, e.g.
``status: issued``). Keys it does not list are known only after the call (a refund's
reference, an order's status): a reply written for the projection cannot name them, since the
templates skip a sentence whose values are missing and a ``when`` on a missing key never
matches. An action that declares nothing is projected as its params (the data keys a reply
needs beyond them make that reply wait for the real result).

The projection is a claim, never trusted: approval compares the real result's known part
(:func:`known_part`) with it by the reply both render, and a difference goes back to the
reviewer (``streams/stage3_decision.py``, ``foresaw``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from schemas import ActionResult

Scalar = str | int | float | bool
PARAM_REF = re.compile(r"\$([a-z][a-z0-9_]{0,63})")
"""A ``foreseen`` value that names a param (``$amount``); any other value is a literal."""


def foresee(
    declared: Mapping[str, Scalar] | None, params: Mapping[str, Scalar]
) -> dict[str, Scalar]:
    """The success data known before the call: ``declared`` filled from ``params`` (a key whose
    param is absent stays unknown); ``declared`` None: the params themselves."""
    if declared is None:
        return dict(params)
    data: dict[str, Scalar] = {}
    for key, source in declared.items():
        ref = PARAM_REF.fullmatch(source) if isinstance(source, str) else None
        if ref is None:
            data[key] = source
        elif ref.group(1) in params:
            data[key] = params[ref.group(1)]
    return data


def known_part(result: ActionResult, foreseen: ActionResult) -> ActionResult:
    """``result`` with only the data keys ``foreseen`` has: what a reply written for the
    projection can state about the real result."""
    data = {k: v for k, v in result.data.items() if k in foreseen.data}
    return result.model_copy(update={"data": data})
