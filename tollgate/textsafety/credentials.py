"""Credentials: the shapes of keys and tokens, passwords stated in text, secrets from the env.

:data:`CREDENTIAL_RULES` is the one list of credential shapes. Hygiene redacts every match,
logging scrubs them and the output guard refuses a response that holds one. Each rule has cheap
lower-case hints: its regex can only match if a hint occurs in the lower-cased text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

__all__ = [
    "CREDENTIAL_RULES",
    "SECRET_NAME_WORDS",
    "CredentialRule",
    "env_secrets",
    "find_credentials",
    "redact_credentials",
]


@dataclass(frozen=True, slots=True)
class CredentialRule:
    """A labelled credential shape. ``group`` is the part to hide (0: the whole match)."""

    label: str
    hints: tuple[str, ...]
    pattern: re.Pattern[str]
    group: int = 0


def _rule(
    label: str, hints: tuple[str, ...], regex: str, flags: int = 0, group: int = 0
) -> CredentialRule:
    return CredentialRule(label, hints, re.compile(regex, flags), group)


# Words that, after "password is", say something about the password rather than being it.
_NOT_A_VALUE = (
    r"(?:not|no|wrong|incorrect|invalid|expired|correct|right|the|a|an|my|your|too|very|still|"
    r"being|been|now|reset|changed|locked|working|accepted|rejected|case|required|needed|"
    r"empty|blank|same|different|forgotten|lost|stolen|compromised|weak|strong|short|long|"
    r"saved|stored|set|sent|shown|hidden|and|or|but|so|because|for|to|of|in|on|at|it|this|that|"
    r"what|which|fine|ok|okay)\b"
)

CREDENTIAL_RULES: tuple[CredentialRule, ...] = (
    _rule("private key", ("private key",),
          r"-{3,}BEGIN [A-Z ]*PRIVATE KEY-{3,}[\s\S]*?(?:-{3,}END [A-Z ]*PRIVATE KEY-{3,}|$)"),
    _rule("API key (sk-/pk-/rk-)", ("sk", "pk", "rk"),
          r"\b(?:sk|pk|rk)(?:[-_](?:live|test|proj|ant))?[-_][A-Za-z0-9_-]{16,}"),
    _rule("AWS access key", ("akia", "asia"), r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    _rule("GitHub token", ("gh", "github_pat_"),
          r"\bgh[pousr]_[A-Za-z0-9]{20,}|\bgithub_pat_[A-Za-z0-9_]{20,}"),
    _rule("GitLab token", ("glpat-",), r"\bglpat-[A-Za-z0-9_-]{20,}"),
    _rule("Slack token", ("xox",), r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    _rule("Google API key", ("aiza",), r"\bAIza[0-9A-Za-z_-]{30,}"),
    _rule("Hugging Face token", ("hf_",), r"\bhf_[A-Za-z0-9]{30,}"),
    _rule("JWT", ("eyj",), r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    _rule("bearer token", ("bearer",), r"\b[Bb]earer\s+[A-Za-z0-9._~+/-]{8,}=*"),
    _rule("URL with credentials", ("://",),
          r"\b[a-z][a-z0-9+.-]*://[^\s/:@]+:([^\s/@]+)@", re.I, 1),
    _rule("stated password", ("pass", "pwd", "pin", "pw"),
          r"\b(?:pass(?:word|wd|code|phrase)?|pwd|pw|pin(?:\s+(?:code|number))?)"
          r"(?:\s+(?:is|was|=)|['’]s|\s*[:=])(?:\s+(?:now|still|just|simply))?\s*"
          rf"(?!{_NOT_A_VALUE}|[<\[(])[\"'“‘]?([^\s\"'”’\\]{{3,64}}?)[\"'”’]?(?=[.,;!?]*(?:\s|$)|[\\\"'”’,}}])",
          re.I, 1),
    _rule("quoted password", ("pass", "pwd"),
          r"\b(?:pass(?:word|wd|code|phrase)?|pwd)\s+[\"'“‘]([^\s\"'”’]{3,64})[\"'”’]", re.I, 1),
    _rule("password after its name", ("pass", "pwd", "pw"),
          r"\b(?:pass(?:word|wd)|pwd|pw)\s+"
          r"((?=[^\s\"'”’]*\d)(?=[^\s\"'”’]*[A-Za-z])[^\s\"'”’]{4,64}?)(?=[.,;!?]*(?:\s|$))",
          re.I, 1),
    _rule("password before its name", ("pass", "pwd", "pin"),
          r"(?<![^\s\"'“‘(:])((?=\S*[\d!@#$%^&*])[^\s\"'“‘]{3,64}?)[\"'”’]?\s+(?:is|was)\s+"
          r"(?:my|the|our|his|her|their)\s+(?:new\s+|old\s+|current\s+)?"
          r"(?:password|passwd|pwd|passcode|pin)\b",
          re.I, 1),
    _rule("stated key or token", ("key", "token", "secret"),
          r"\b(?:api[ _-]?key|access[ _-]?key|secret(?:[ _-]?key)?|token|client[ _-]?secret)"
          r"(?:\s+(?:is|was|=)|\s*[:=])\s*[\"'“‘]?((?=[A-Za-z0-9_\-./+=]*\d)[A-Za-z0-9_\-./+=]{12,})",
          re.I, 1),
)  # fmt: skip
"""Every credential shape, most specific first (a private key before anything inside it)."""

SECRET_NAME_WORDS = ("KEY", "SECRET", "TOKEN", "PASSWORD", "PASSWD", "PASSPHRASE", "CREDENTIAL",
                     "DSN")  # fmt: skip
"""An environment variable whose name holds one of these words holds a secret."""


def find_credentials(text: str) -> list[str]:
    """Labels of the credential shapes found in ``text`` (each once, in rule order)."""
    lowered = text.lower()
    return [
        rule.label
        for rule in CREDENTIAL_RULES
        if any(h in lowered for h in rule.hints) and rule.pattern.search(text)
    ]


def redact_credentials(text: str, placeholder: str = "<PII:SECRET>") -> tuple[str, int]:
    """``text`` with every credential (or its secret part) replaced; and how many there were."""
    count = 0

    def hide(match: re.Match[str], group: int) -> str:
        nonlocal count
        count += 1
        if group == 0:
            return placeholder
        start, end = match.span(group)
        whole = match.group(0)
        offset = match.start()
        return whole[: start - offset] + placeholder + whole[end - offset :]

    lowered = text.lower()
    for rule in CREDENTIAL_RULES:
        if any(h in lowered for h in rule.hints):
            text = rule.pattern.sub(partial(hide, group=rule.group), text)
    return text, count


def env_secrets(
    environ: Mapping[str, str] | None = None, *, min_length: int = 8
) -> list[tuple[str, str]]:
    """(name, value) of environment variables whose names say they are secret.

    Values shorter than ``min_length`` are skipped (they would match ordinary words).
    """
    env = os.environ if environ is None else environ
    return [
        (name, value.strip())
        for name, value in env.items()
        if len(value.strip()) >= min_length and any(w in name.upper() for w in SECRET_NAME_WORDS)
    ]
