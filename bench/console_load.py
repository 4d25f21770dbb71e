"""Page load time of the review console with 10,000 items in its queues.

    .venv/bin/python bench/console_load.py                 # 10,000 items, 20 loads per page
    .venv/bin/python bench/console_load.py --items 2000 --loads 10 --no-browser

Starts an embedded broker, publishes ``--items`` queue items (a third each: drafts on
``tickets.drafts``, flagged ``respond_review`` answers on ``tickets.responses``, escalations over
the four queues), starts the console (in this process) and measures:

* catch-up: seconds until the console has read every item;
* server: milliseconds per page (median, p95) over ``--loads`` HTTP GETs of the queue page (all
  queues; 200 rows rendered, counts of all), a filtered page, the rows fragment htmx polls, and
  an item page;
* browser: the queue page in headless Chromium (Navigation Timing ``loadEventEnd``), if the
  Debian ``chromium`` and ``chromium-driver`` are installed.

Measured 2026-12-02 (2 shared cores, other engineers' tests running; 10,000 items, 20 loads):
catch-up 0.8 s; queue page median 45 ms / p95 296 ms; filtered 49 / 297 ms; rows fragment
45 / 66 ms; item page 0.9 / 5.5 ms; Chromium ``loadEventEnd`` of the queue page 143 / 260 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schemas import Outcome
from tests.review.builders import decision, escalation
from tollgate.clients import publish
from tollgate.config import load_settings, prefixed_topics
from tollgate.console import auth, start_console
from tollgate.console.app import LIVE
from tollgate.embedded.broker import EmbeddedBroker
from tollgate.kafka import ensure_topics
from tollgate.review.items import review_topics
from tollgate.testing.worker_process import free_port

TOKEN = "bench-reviewer-token-1"


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 1),
    }


def _get(url: str, cookie: str) -> float:
    request = urllib.request.Request(url, headers={"Cookie": f"{auth.COOKIE}={cookie}"})
    started = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        response.read()
    return time.perf_counter() - started


async def run(items: int, loads: int, browser: bool) -> dict[str, Any]:
    with EmbeddedBroker(log_file=None) as broker:
        settings = load_settings(
            kafka_bootstrap_servers=broker.bootstrap_servers,
            reviewer_tokens=f"bench:{TOKEN}",
            web_enabled=False,
            **prefixed_topics("bench"),
        )
        await ensure_topics(settings, [*review_topics(settings), settings.topic_claims])
        per_topic: dict[str, list[bytes]] = {}
        queues = settings.escalation_queues
        for n in range(items):
            ticket = f"B{n:06d}"
            if n % 3 == 0:
                topic, value = settings.topic_drafts, decision(ticket, Outcome.DRAFT, minutes=n)
            elif n % 3 == 1:
                topic = settings.topic_responses
                value = decision(ticket, Outcome.RESPOND_REVIEW, minutes=n)
            else:
                queue = queues[n % len(queues)]
                topic, value = settings.escalation_topic(queue), escalation(ticket, queue=queue)
            per_topic.setdefault(topic, []).append(value.model_dump_json().encode())
        for topic, values in per_topic.items():
            await publish(settings, values, topic)
        started = time.perf_counter()
        port = free_port()
        runner = await start_console(settings, "127.0.0.1", port)
        catch_up = time.perf_counter() - started
        live = runner.app[LIVE]
        assert len(live.items()) == items, len(live.items())
        base = f"http://127.0.0.1:{port}"
        cookie = auth.issue_session("bench", TOKEN, 1.0)
        pages = {
            "queue_all": "/?queue=all",
            "queue_filtered": "/?queue=escalations&equeue=legal&q=lawyer",
            "rows_fragment": "/rows?queue=drafts",
            "item": "/item/B000300",
        }
        result: dict[str, Any] = {"items": items, "catch_up_s": round(catch_up, 2)}
        for name, path in pages.items():
            samples = [await asyncio.to_thread(_get, base + path, cookie) for _ in range(loads)]
            result[name] = _ms(samples)
        if browser:
            result["browser_queue_all"] = await asyncio.to_thread(_browser, base, loads)
        await runner.cleanup()
        return result


def _browser(base: str, loads: int) -> dict[str, float]:
    from selenium.webdriver.common.by import By

    from tests.console.harness import chromium

    samples = []
    with chromium() as driver:
        driver.get(base + "/login")
        field = driver.find_element(By.NAME, "token")
        field.send_keys(TOKEN)
        field.submit()
        for _ in range(loads):
            driver.get(base + "/?queue=all")
            timing = driver.execute_script(
                "const t = performance.getEntriesByType('navigation')[0];"
                "return t.loadEventEnd - t.startTime;"
            )
            samples.append(float(timing) / 1000)
    return _ms(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--loads", type=int, default=20)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    browser = not args.no_browser and Path("/usr/bin/chromedriver").exists()
    print(json.dumps(asyncio.run(run(args.items, args.loads, browser)), indent=2))


if __name__ == "__main__":
    main()
