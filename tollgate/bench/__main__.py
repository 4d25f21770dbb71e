"""``python -m tollgate.bench`` — the same as ``tollgate bench``."""

from tollgate.bench.cli import bench

bench()
