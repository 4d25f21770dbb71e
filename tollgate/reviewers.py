"""Who may judge the agent: reviewer tokens, and the HMAC that binds a Feedback to its reviewer.

``TOLLGATE_REVIEWER_TOKENS=name:token,...`` lists the reviewers. A reviewer signs a
:class:`~schemas.Feedback` with :func:`sign_feedback`: ``signature = "v1:" + HMAC-SHA256(token,
canonical payload)``, where the canonical payload is the Feedback's JSON without ``signature``,
keys sorted, no whitespace. :func:`verify_feedback` is the only check: ``tollgate review``, the
console and the feedback stage all use it, so a tampered field, an unknown name or a missing
signature is refused the same way everywhere.

This proves that whoever wrote the message knew the reviewer's token; production adds Kafka
ACLs (only the console and the review tool may write ``tickets.feedback``) and TLS/mTLS client
identities on top.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING

from schemas import Feedback, FeedbackReason

if TYPE_CHECKING:
    from tollgate.config import Settings

SIGNATURE_VERSION = "v1"
MIN_TOKEN_CHARS = 12
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-@")


def parse_reviewer_tokens(text: str) -> dict[str, str]:
    """``"ann:t0k3n...,bob:..."`` → ``{"ann": "t0k3n...", ...}``.

    Raises ValueError (naming the entry, never the token) for an entry without ``:``, a name
    with characters outside ``[A-Za-z0-9._@-]``, a token shorter than 12 characters, a repeated
    name or a token shared by two reviewers.
    """
    tokens: dict[str, str] = {}
    for position, entry in enumerate((e.strip() for e in text.split(",")), 1):
        if not entry:
            continue
        name, sep, token = entry.partition(":")
        name, token = name.strip(), token.strip()
        if not sep or not name:
            raise ValueError(f"entry {position} is not name:token")
        if not set(name) <= _NAME_CHARS or len(name) > 64:
            raise ValueError(f"reviewer name {name[:64]!r} may use only letters, digits, . _ - @")
        if len(token) < MIN_TOKEN_CHARS:
            raise ValueError(f"the token of {name!r} is shorter than {MIN_TOKEN_CHARS} characters")
        if name in tokens:
            raise ValueError(f"reviewer {name!r} is listed twice")
        if token in tokens.values():
            raise ValueError(f"reviewer {name!r} shares a token with another reviewer")
        tokens[name] = token
    return tokens


def reviewer_tokens(settings: Settings) -> dict[str, str]:
    """The configured reviewers (validated when the settings were loaded)."""
    return parse_reviewer_tokens(settings.reviewer_tokens.get_secret_value())


def canonical_payload(feedback: Feedback) -> bytes:
    """What is signed: every field but ``signature``, as sorted compact JSON."""
    data = feedback.model_dump(mode="json", exclude={"signature"})
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _mac(token: str, payload: bytes) -> str:
    return hmac.new(token.encode(), payload, hashlib.sha256).hexdigest()


def sign_feedback(feedback: Feedback, reviewer: str, token: str) -> Feedback:
    """``feedback`` as written by ``reviewer`` (``reviewer`` field set), signed with ``token``."""
    named = feedback.model_copy(update={"reviewer": reviewer, "signature": ""})
    return named.model_copy(
        update={"signature": f"{SIGNATURE_VERSION}:{_mac(token, canonical_payload(named))}"}
    )


def verify_feedback(feedback: Feedback, tokens: Mapping[str, str]) -> str | None:
    """Why ``feedback`` must not be applied, or None when a known reviewer signed exactly it."""
    refused = refusal(feedback, tokens)
    return refused[1] if refused is not None else None


def refusal(feedback: Feedback, tokens: Mapping[str, str]) -> tuple[FeedbackReason, str] | None:
    """:func:`verify_feedback` with the refusal's code (``agent_feedback.reason_code``)."""
    if not feedback.signature:
        return FeedbackReason.UNSIGNED, f"unsigned feedback (reviewer {feedback.reviewer[:64]!r})"
    token = tokens.get(feedback.reviewer)
    if token is None:
        return FeedbackReason.UNKNOWN_REVIEWER, f"unknown reviewer {feedback.reviewer[:64]!r}"
    version, _, mac = feedback.signature.partition(":")
    if version != SIGNATURE_VERSION:
        return FeedbackReason.BAD_SIGNATURE, f"unsupported signature version {version[:16]!r}"
    if not hmac.compare_digest(mac, _mac(token, canonical_payload(feedback))):
        return (
            FeedbackReason.BAD_SIGNATURE,
            f"bad signature for reviewer {feedback.reviewer!r} (tampered or wrong token)",
        )
    return None


def reviewer_for_token(tokens: Mapping[str, str], token: str) -> str | None:
    """The reviewer a sign-in token belongs to (constant-time per comparison), or None."""
    found = None
    for name, known in tokens.items():
        if hmac.compare_digest(known.encode(), token.strip().encode()):
            found = name
    return found


def signed_feedback(raw: bytes | str, tokens: Mapping[str, str]) -> Feedback:
    """Parse one serialized Feedback and verify it; ValueError (with :func:`verify_feedback`'s
    reason) when no known reviewer signed it, pydantic's ValidationError when it is malformed."""
    feedback = Feedback.model_validate_json(raw)
    refused = verify_feedback(feedback, tokens)
    if refused is not None:
        raise ValueError(f"feedback refused: {refused}")
    return feedback
