"""Test and benchmark helpers that ship with Tollgate (no test framework needed to use them)."""

from tollgate.testing.fake_llm import FakeLLMServer, FakeMode

__all__ = ["FakeLLMServer", "FakeMode"]
