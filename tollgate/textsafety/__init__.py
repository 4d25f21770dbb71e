"""Text safety rules, each defined once: redaction, credentials, checksums, look-alikes, money,
dates and durations, error descriptions.

Hygiene, entities, triggers, the output guard, logging and the ClickHouse sink import these
modules instead of keeping their own copies:

* :mod:`.checksums` — Luhn (cards) and ISO 7064 mod-97 (IBAN);
* :mod:`.confusables` — the Cyrillic/Greek/… look-alike table and how it folds;
* :mod:`.credentials` — credential shapes (API keys, tokens, private keys, stated passwords) and
  secret values from the environment;
* :mod:`.money` — amounts with or without currency, decimal comma or point, numbers in words;
* :mod:`.dates` — calendar dates in any case and separator, relative times and durations;
* :mod:`.redaction` — :func:`~.redaction.redact`, the one PII/secret redactor;
* :mod:`.errors` — exception descriptions that never carry input fragments;
* :mod:`.grounding` — model-proposed parameters kept only when the customer wrote them;
* :mod:`.evaluate` / :mod:`.cli` — ``tollgate redaction eval`` on the labelled set.
"""

from tollgate.textsafety.redaction import PII_KINDS, PLACEHOLDERS, redact, redact_text

__all__ = ["PII_KINDS", "PLACEHOLDERS", "redact", "redact_text"]
