"""Server-rendered SVG charts: daily received / resolved as lines, on-time rate per procedure as
bars. Scalable (viewBox, width 100%), labelled for screen readers (role="img", <title>, <desc>),
text large enough on a tablet; the same numbers are in the tables beside them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from i18n import format_date

WIDTH, HEIGHT, PAD = 720, 300, 48


def _frame(key: str, title: str, desc: str, body: str, height: int = HEIGHT) -> Markup:
    # Every interpolated text is escaped above; numbers and fixed markup only otherwise.
    return Markup(  # noqa: S704
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{key}-title {key}-desc" data-testid="chart-{key}" '
        f'preserveAspectRatio="xMidYMid meet">'
        f'<title id="{key}-title">{escape(title)}</title><desc id="{key}-desc">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def line_chart(days: Sequence[dict[str, Any]], labels: dict[str, str]) -> Markup:
    """labels: title, received, resolved."""
    top = max([1, *(max(d["received"], d["resolved"]) for d in days)])
    step = (WIDTH - 2 * PAD) / max(len(days) - 1, 1)

    def point(n: int, value: int) -> str:
        return f"{PAD + n * step:.1f},{HEIGHT - PAD - value * (HEIGHT - 2 * PAD) / top:.1f}"

    body = [
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" class="axis"/>',
        f'<text x="{PAD - 8}" y="{PAD + 6}" text-anchor="end" class="tick">{top}</text>',
        f'<text x="{PAD - 8}" y="{HEIGHT - PAD}" text-anchor="end" class="tick">0</text>',
    ]
    for key, css in (("received", "series-a"), ("resolved", "series-b")):
        points = " ".join(point(n, d[key]) for n, d in enumerate(days))
        body.append(f'<polyline points="{points}" class="{css}" fill="none"/>')
    if days:
        body.append(f'<text x="{PAD}" y="{HEIGHT - 16}" class="tick">{format_date(days[0]["day"])}</text>')
        body.append(
            f'<text x="{WIDTH - PAD}" y="{HEIGHT - 16}" text-anchor="end" class="tick">'
            f"{format_date(days[-1]['day'])}</text>"
        )
    body.append(f'<text x="{PAD}" y="24" class="legend series-a-text">■ {escape(labels["received"])}</text>')
    body.append(
        f'<text x="{PAD + 260}" y="24" class="legend series-b-text">■ {escape(labels["resolved"])}</text>'
    )
    desc = "; ".join(
        f"{format_date(d['day'])}: {labels['received']} {d['received']}, {labels['resolved']} {d['resolved']}"
        for d in days
        if d["received"] or d["resolved"]
    )
    return _frame("daily", labels["title"], desc or labels["empty"], "".join(body))


def bar_chart(rows: Sequence[dict[str, Any]], labels: dict[str, str], name_key: str) -> Markup:
    """One horizontal bar per procedure with resolved dossiers: its on-time rate in %."""
    rated = [r for r in rows if r["on_time_rate"] is not None]
    bar, gap, left = 28, 12, 260
    height = max(PAD * 2, PAD + len(rated) * (bar + gap) + 8)
    body = []
    for n, r in enumerate(rated):
        y = PAD // 2 + n * (bar + gap)
        length = (WIDTH - left - 80) * r["on_time_rate"]
        name = str(r.get(name_key) or r.get("name_vi") or r["code"])
        short = name if len(name) <= 26 else name[:25] + "…"  # fits the 260-unit label column
        percent = f"{r['on_time_rate'] * 100:.0f}%"
        body.append(
            f'<text x="8" y="{y + bar * 0.7:.0f}" class="tick">'
            f"{escape(short)}</text>"
            f'<rect x="{left}" y="{y}" width="{length:.1f}" height="{bar}" class="series-b"/>'
            f'<text x="{left + length + 6:.1f}" y="{y + bar * 0.7:.0f}" class="tick">{percent}</text>'
        )
    desc = "; ".join(f"{r.get(name_key) or r['code']}: {r['on_time_rate'] * 100:.0f}%" for r in rated)
    return _frame("ontime", labels["title"], desc or labels["empty"], "".join(body), height)
