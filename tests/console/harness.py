"""A console (or two) and a worker on the real broker, in a background event loop, and a
headless Debian Chromium driven by Selenium."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import tempfile
import threading
from collections.abc import Callable, Collection, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from schemas import Ticket
from tollgate.clients import follow, publish
from tollgate.config import Settings

T = TypeVar("T")
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
requires_chromium = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs Debian's chromium and chromium-driver (.ci/run installs them)",
)


class LoopThread:
    """An asyncio loop in a daemon thread; :meth:`run` blocks until a coroutine is done."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout_s: float = 120.0) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout_s)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A fresh headless Chromium (own profile directory), closed afterwards."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="tollgate-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,900",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


async def collect(
    settings: Settings,
    topics: list[str],
    done: Callable[[list[tuple[str, dict[str, Any]]]], bool],
    timeout_s: float = 60.0,
) -> list[tuple[str, dict[str, Any]]]:
    """(topic, payload) of every message on ``topics`` from the beginning, until ``done``."""
    seen: list[tuple[str, dict[str, Any]]] = []
    async with asyncio.timeout(timeout_s):
        async with contextlib.aclosing(follow(settings, topics)) as stream:
            async for topic, _p, _o, value in stream:
                seen.append((topic, json.loads(value)))
                if done(seen):
                    return seen
    raise AssertionError("not found")


async def publish_until_drafted(
    settings: Settings, ticket_ids: Collection[str], text: Callable[[str], str]
) -> None:
    """Publish a ticket of ``cust-1`` per id (its text ``text(id)``), then wait until each has
    a draft on ``tickets.drafts``."""
    tickets = [
        Ticket(ticket_id=t, text=text(t), customer_id="cust-1").model_dump_json().encode()
        for t in ticket_ids
    ]
    await publish(settings, tickets)
    await collect(
        settings,
        [settings.topic_drafts],
        lambda seen: {p["ticket_id"] for _, p in seen} >= set(ticket_ids),
    )


async def find_on(
    settings: Settings, topics: list[str], match: Callable[[str, dict[str, Any]], bool]
) -> dict[str, Any]:
    """The first message on ``topics`` (from the beginning) that ``match`` accepts."""
    seen = await collect(settings, topics, lambda seen: match(*seen[-1]))
    return seen[-1][1]


def click_and_wait(driver: Any, element: Any, timeout_s: float = 30.0) -> None:
    """Click (or submit) ``element`` and wait until the browser has left its page, then until
    the new page has loaded.

    Probing an element of a page being replaced raises ``StaleElementReferenceException`` or,
    mid-navigation, Chromium's "Node with given id does not belong to the document": both mean
    the old page is gone (Selenium's ``staleness_of`` only knows the first).
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    def left(_driver: Any) -> bool:
        try:
            element.is_enabled()
        except WebDriverException:
            return True
        return False

    element.click()
    wait = WebDriverWait(driver, timeout_s)
    wait.until(left)
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
