"""Intent recognition: what does the user want, and how sure are we."""

from tollgate.intent.base import OUT_OF_SCOPE, IntentModel, IntentPrediction

__all__ = ["OUT_OF_SCOPE", "IntentModel", "IntentPrediction"]
