"""Reports on the metrics: a self-contained HTML page (``tollgate report``) and the Grafana
dashboard generator (:mod:`tollgate.report.grafana`)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tollgate.config import Settings
from tollgate.report.data import ReportData, load_report_data
from tollgate.report.html import render_report

__all__ = ["ReportData", "load_report_data", "render_report", "write_report"]


def write_report(
    settings: Settings, path: Path, since: timedelta, *, end: datetime | None = None
) -> ReportData:
    """Write the HTML report for ``[end - since, end)`` (``end`` defaults to now) to ``path``."""
    from tollgate.rundata import run_report_data

    end = end or datetime.now(UTC)
    data = run_report_data(settings, end - since, end)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(data), encoding="utf-8")
    return data
