"""CPU time of the processes in a measurement: who used the machine's cores, and how much.

Read from ``/proc`` (Linux): a process's user + system time, and the whole machine's busy time,
so a report can tell the pipeline's own processes from other load on a shared machine.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` so far (0.0 once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime


def machine_busy_s() -> float:
    """CPU seconds all cores of the machine spent not idle, so far."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return (sum(values[:8]) - idle) / _TICKS


class CpuMeter:
    """Cores used per named group of processes between :meth:`start` and :meth:`stop`."""

    def __init__(self, groups: Mapping[str, Sequence[int]]) -> None:
        self.groups = {name: list(pids) for name, pids in groups.items()}
        self._start: dict[str, float] = {}
        self._machine = 0.0
        self._wall = 0.0

    def _sample(self) -> dict[str, float]:
        return {name: sum(process_cpu_s(p) for p in pids) for name, pids in self.groups.items()}

    def start(self) -> None:
        self._start = self._sample()
        self._machine = machine_busy_s()
        self._wall = time.monotonic()

    def stop(self) -> dict[str, float]:
        """Average cores per group over the window, plus ``machine`` (all processes, ours and
        others') and ``other`` (what none of the groups used)."""
        wall = max(time.monotonic() - self._wall, 1e-9)
        end = self._sample()
        cores = {name: (end[name] - self._start[name]) / wall for name in self.groups}
        machine = (machine_busy_s() - self._machine) / wall
        return {
            **{name: round(value, 2) for name, value in cores.items()},
            "machine": round(machine, 2),
            "other": round(max(0.0, machine - sum(cores.values())), 2),
        }


def probe_cpu_ms(loops: int = 1_000_000) -> float:
    """CPU milliseconds this process spends on a fixed pure-Python loop: how fast the machine
    runs Python code right now. On a shared host the same loop's time drifts by more than
    half within minutes, so the bench records it beside each round."""
    started = time.process_time()
    total = 0
    for i in range(loops):
        total += i * i % 7
    return (time.process_time() - started) * 1000
