"""CpuMeter: a busy process shows up as used cores, a sleeping one does not."""

from __future__ import annotations

import subprocess
import sys
import time

from tollgate.bench.cpu import CpuMeter, process_cpu_s


def test_busy_process_uses_cores_and_sleeping_one_does_not() -> None:
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    idle = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        time.sleep(0.3)  # both interpreters started
        meter = CpuMeter({"busy": [busy.pid], "idle": [idle.pid], "none": []})
        meter.start()
        time.sleep(1.0)
        cores = meter.stop()
    finally:
        for proc in (busy, idle):
            proc.kill()
            proc.wait()
    assert cores["busy"] > 0.1
    assert cores["idle"] < 0.05
    assert cores["none"] == 0
    assert cores["machine"] >= cores["busy"] - 0.05  # the machine includes our busy process
    assert process_cpu_s(busy.pid) == 0.0  # gone: nothing to read
