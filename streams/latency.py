"""A fixed-bucket latency histogram, cheap enough for the hot path, read at scrape time."""

from __future__ import annotations

import bisect
from collections.abc import Iterable

BUCKETS_MS: tuple[float, ...] = (5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)


class Histogram:
    """Counts per bucket (not cumulative), plus total count and sum."""

    def __init__(self, buckets: tuple[float, ...] = BUCKETS_MS) -> None:
        self.buckets = buckets
        self.counts = [0] * (len(buckets) + 1)  # the last one is +Inf
        self.count = 0
        self.sum = 0.0

    def observe_many(self, values: Iterable[float]) -> None:
        for value in values:
            self.counts[bisect.bisect_left(self.buckets, value)] += 1
            self.count += 1
            self.sum += value

    def cumulative(self) -> list[tuple[str, int]]:
        """(upper bound, cumulative count) pairs as Prometheus expects, ending with +Inf."""
        pairs, running = [], 0
        for bound, n in zip([*map(str, self.buckets), "+Inf"], self.counts, strict=True):
            running += n
            pairs.append((bound, running))
        return pairs
