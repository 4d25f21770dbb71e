"""Small hand-written SVG charts (no plotting library): lines over time, bars, a reliability
diagram. Every label is escaped; every mark carries ``data-*`` attributes with its exact value,
so the page can be checked by a machine as well as read by a human."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape

from tollgate.report.data import CalibrationBin

PALETTE = ("#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2")
FONT = "font-family='system-ui,sans-serif' font-size='11'"


def _esc(value: object) -> str:
    return escape(str(value), quote=True)


def _f(value: float) -> str:
    return f"{value:.1f}"


def _svg(width: int, height: int, title: str, body: list[str], kind: str) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' class='chart' data-chart='{_esc(kind)}' "
        f"width='{width}' height='{height}' viewBox='0 0 {width} {height}' role='img' "
        f"aria-label='{_esc(title)}'><title>{_esc(title)}</title>"
        f"<text x='{width / 2}' y='16' text-anchor='middle' {FONT} font-weight='600'>"
        f"{_esc(title)}</text>" + "".join(body) + "</svg>"
    )


def _no_data(x: float, y: float) -> str:
    return f"<text x='{_f(x)}' y='{_f(y)}' text-anchor='middle' {FONT} fill='#888'>no data</text>"


def _y_axis(left: float, top: float, width: float, height: float, ticks: int = 4) -> list[str]:
    """Horizontal grid lines and percentage labels for a 0..1 axis."""
    out = []
    for i in range(ticks + 1):
        share = i / ticks
        y = top + height - share * height
        out.append(
            f"<line x1='{_f(left)}' y1='{_f(y)}' x2='{_f(left + width)}' y2='{_f(y)}' "
            "stroke='#e5e7eb'/>"
            f"<text x='{_f(left - 6)}' y='{_f(y + 4)}' text-anchor='end' {FONT}>"
            f"{share:.0%}</text>"
        )
    return out


def line_chart(
    title: str,
    x_labels: Sequence[str],
    series: Mapping[str, Sequence[float | None]],
    *,
    width: int = 720,
    height: int = 280,
) -> str:
    """Shares (0..1) over evenly spaced x positions; ``None`` leaves a gap in the line."""
    left, right, top, bottom = 48.0, 150.0, 28.0, 36.0
    pw, ph = width - left - right, height - top - bottom
    body = _y_axis(left, top, pw, ph)
    n = len(x_labels)
    if n == 0:
        body.append(_no_data(left + pw / 2, top + ph / 2))
        return _svg(width, height, title, body, "line")

    def x_at(i: int) -> float:
        return left + (i / (n - 1) * pw if n > 1 else pw / 2)

    def y_at(v: float) -> float:
        return top + ph - max(0.0, min(1.0, v)) * ph

    step = max(1, (n + 7) // 8)
    for i in range(0, n, step):
        body.append(
            f"<text x='{_f(x_at(i))}' y='{_f(top + ph + 16)}' text-anchor='middle' {FONT}>"
            f"{_esc(x_labels[i])}</text>"
        )
    for s, (name, values) in enumerate(series.items()):
        colour = PALETTE[s % len(PALETTE)]
        segment: list[str] = []
        segments = [segment]
        for i, v in enumerate(values):
            if v is None:
                segment = []
                segments.append(segment)
                continue
            segment.append(f"{_f(x_at(i))},{_f(y_at(v))}")
            body.append(
                f"<circle cx='{_f(x_at(i))}' cy='{_f(y_at(v))}' r='3' fill='{colour}' "
                f"data-series='{_esc(name)}' data-x='{_esc(x_labels[i])}' data-value='{v:.6g}'>"
                f"<title>{_esc(name)} {_esc(x_labels[i])}: {v:.1%}</title></circle>"
            )
        body += [
            f"<polyline points='{' '.join(seg)}' fill='none' stroke='{colour}' "
            f"stroke-width='2' data-series='{_esc(name)}'/>"
            for seg in segments
            if len(seg) > 1
        ]
        ly = top + 8 + s * 18
        body.append(
            f"<rect x='{_f(width - right + 12)}' y='{_f(ly - 8)}' width='10' height='10' "
            f"fill='{colour}'/><text x='{_f(width - right + 26)}' y='{_f(ly + 1)}' {FONT}>"
            f"{_esc(name)}</text>"
        )
    return _svg(width, height, title, body, "line")


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    *,
    kind: str = "bar",
    fmt: Callable[[float], str] = lambda v: f"{v:g}",
    width: int = 720,
    height: int = 260,
) -> str:
    """Vertical bars from zero, the value written above each bar."""
    left, right, top, bottom = 16.0, 16.0, 40.0, 40.0
    pw, ph = width - left - right, height - top - bottom
    body = [
        f"<line x1='{_f(left)}' y1='{_f(top + ph)}' x2='{_f(left + pw)}' y2='{_f(top + ph)}' "
        "stroke='#9ca3af'/>"
    ]
    peak = max(values, default=0)
    if not values or peak <= 0:
        body.append(_no_data(left + pw / 2, top + ph / 2))
        return _svg(width, height, title, body, kind)
    slot = pw / len(values)
    bar = slot * 0.7
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = value / peak * ph
        x = left + i * slot + (slot - bar) / 2
        y = top + ph - h
        body.append(
            f"<rect x='{_f(x)}' y='{_f(y)}' width='{_f(bar)}' height='{_f(h)}' "
            f"fill='{PALETTE[0]}' data-label='{_esc(label)}' data-value='{value:g}'>"
            f"<title>{_esc(label)}: {_esc(fmt(value))}</title></rect>"
            f"<text x='{_f(x + bar / 2)}' y='{_f(y - 4)}' text-anchor='middle' {FONT}>"
            f"{_esc(fmt(value))}</text>"
            f"<text x='{_f(x + bar / 2)}' y='{_f(top + ph + 16)}' text-anchor='middle' {FONT}>"
            f"{_esc(label)}</text>"
        )
    return _svg(width, height, title, body, kind)


def reliability_diagram(title: str, bins: Sequence[CalibrationBin], *, size: int = 360) -> str:
    """Confidence (x) against the share of labelled tickets whose intent was right (y).

    A bar per confidence bin, a dot at the bin's mean confidence, the diagonal for perfect
    calibration; bars below the diagonal mean the model is over-confident there.
    """
    left, top, bottom, right = 48.0, 28.0, 40.0, 16.0
    pw, ph = size - left - right, size - top - bottom
    body = _y_axis(left, top, pw, ph)
    body.append(
        f"<line x1='{_f(left)}' y1='{_f(top + ph)}' x2='{_f(left + pw)}' y2='{_f(top)}' "
        "stroke='#6b7280' stroke-dasharray='4 3' data-role='perfect-calibration'/>"
    )
    for i in range(0, 11, 2):
        x = left + i / 10 * pw
        body.append(
            f"<text x='{_f(x)}' y='{_f(top + ph + 14)}' text-anchor='middle' {FONT}>"
            f"{i / 10:.1f}</text>"
        )
    body.append(
        f"<text x='{_f(left + pw / 2)}' y='{_f(size - 6)}' text-anchor='middle' {FONT}>"
        "confidence</text>"
    )
    if not bins:
        body.append(_no_data(left + pw / 2, top + ph / 2))
    for b in bins:
        x0, x1 = left + b.lower * pw, left + b.upper * pw
        y = top + ph - b.accuracy * ph
        body.append(
            f"<rect x='{_f(x0 + 1)}' y='{_f(y)}' width='{_f(x1 - x0 - 2)}' "
            f"height='{_f(top + ph - y)}' fill='{PALETTE[0]}' fill-opacity='0.35' "
            f"data-bin='{b.lower:.1f}-{b.upper:.1f}' data-labelled='{b.labelled}' "
            f"data-correct='{b.correct}' data-accuracy='{b.accuracy:.6g}'>"
            f"<title>confidence {b.lower:.1f}–{b.upper:.1f}: {b.correct}/{b.labelled} right"
            f"</title></rect>"
            f"<circle cx='{_f(left + b.mean_confidence * pw)}' cy='{_f(y)}' r='3.5' "
            f"fill='{PALETTE[2]}'/>"
            f"<text x='{_f((x0 + x1) / 2)}' y='{_f(y - 5)}' text-anchor='middle' {FONT}>"
            f"n={b.labelled}</text>"
        )
    return _svg(size, size, title, body, "reliability")
