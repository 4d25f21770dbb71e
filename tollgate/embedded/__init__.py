"""Embedded engines for the demo and tests: the Tansu broker and chdb-backed ClickHouse."""
