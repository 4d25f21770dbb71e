"""A tiny deterministic IntentModel for stream tests that must not depend on the trained model."""

from __future__ import annotations

from collections.abc import Sequence

from tollgate.intent.base import OUT_OF_SCOPE, IntentPrediction

RULES: list[tuple[str, str, float]] = [
    ("where is my order", "check_order_status", 0.95),
    ("status of order", "check_order_status", 0.93),
    ("return", "process_return", 0.92),
    ("delivery address", "update_shipping_address", 0.8),
    ("discount code", "apply_discount_code", 0.75),
    ("refund", "request_refund", 0.6),
    ("cancel", "cancel_order", 0.91),
    ("charged twice", "billing_question", 0.95),
    ("log in", "account_access", 0.95),
    ("hello", "greeting", 0.97),
    ("thanks", "thanks", 0.97),
    ("real person", "speak_to_human", 0.96),
]


class KeywordModel:
    name = "keyword-test"

    async def classify_batch(self, texts: Sequence[str]) -> list[IntentPrediction]:
        out = []
        for text in texts:
            low = text.lower()
            for needle, intent, confidence in RULES:
                if needle in low:
                    out.append(
                        IntentPrediction(intent=intent, confidence=confidence, model=self.name)
                    )
                    break
            else:
                out.append(IntentPrediction(intent=OUT_OF_SCOPE, confidence=0.3, model=self.name))
        return out
