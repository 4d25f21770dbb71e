"""Tollgate: support agents behind constraints, confidence gates and human escalation."""

__version__ = "0.1.0"
