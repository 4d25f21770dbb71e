"""A SIGKILLed owner does not leave its embedded broker running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

_OWNER = """
import sys, time
from tollgate.embedded.broker import EmbeddedBroker
broker = EmbeddedBroker().start()
print("PID", broker.pid, flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:  # a zombie is dead for this purpose
            return stat.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux")
def test_the_broker_stops_when_its_owner_is_killed() -> None:
    owner = subprocess.Popen([sys.executable, "-c", _OWNER], stdout=subprocess.PIPE, text=True)
    try:
        assert owner.stdout is not None
        line = ""
        while not line.startswith("PID "):  # the owner's logs come first
            line = owner.stdout.readline()
            assert line, "the owner exited before starting the broker"
        broker_pid = int(line.split()[1])
        assert _alive(broker_pid)
        owner.send_signal(signal.SIGKILL)
        owner.wait(timeout=10)
        deadline = time.monotonic() + 15
        while _alive(broker_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(broker_pid), "the broker outlived its SIGKILLed owner"
    finally:
        if owner.poll() is None:
            owner.kill()
        if "broker_pid" in locals() and _alive(broker_pid):
            os.kill(broker_pid, signal.SIGKILL)
