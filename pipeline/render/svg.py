"""Accessible SVG charts for the website: role="img", a <title> and a <desc> that say what the chart shows, sized
by viewBox so that they scale to a phone's width; the figures are in a table beside the chart (the page template
puts it there). Text is escaped; the output is deterministic (fixed decimals, no ids from memory)."""

from __future__ import annotations

from xml.sax.saxutils import escape

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 56
INK, MUTED, TARGET, OWN, NATION, NEGATIVE = "#1a1a1a", "#5f6368", "#8a6d00", "#1f4e79", "#5f6368", "#b3261e"


def _f(x: float) -> str:
    return f"{x:.1f}"


def _number(value: float) -> str:
    text = f"{value:,.1f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:,.0f}"
    return text.replace(",", "\u00a0").replace(".", ",").replace("-", "−")


def _frame(chart_id: str, title: str, desc: str, body: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-labelledby="{chart_id}-titel {chart_id}-beskrivning" class="diagram" focusable="false">'
            f'<title id="{chart_id}-titel">{escape(title)}</title>'
            f'<desc id="{chart_id}-beskrivning">{escape(desc)}</desc>' + "".join(body) + "</svg>")


def _nice_step(span: float) -> float:
    """A round step (1, 2 or 5 × 10^k) giving about four intervals over `span`."""
    import math

    raw = span / 4 if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _scale(values: list[float]) -> tuple[float, float]:
    """Axis limits on round numbers that include 0 and every value."""
    import math

    low, high = min(values + [0.0]), max(values + [0.0])
    step = _nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step if high > low else low + step


def _y(value: float, low: float, high: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (high - value) / (high - low)


def _axis(low: float, high: float) -> list[str]:
    out = []
    step = _nice_step(high - low)
    k = 0
    while low + k * step <= high + step / 1000:
        value = low + k * step
        y = _y(value, low, high)
        out.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_f(y)}" y2="{_f(y)}" stroke="#d0d0d0" '
                   'stroke-width="1"/>')
        out.append(f'<text x="{LEFT - 6}" y="{_f(y + 4)}" text-anchor="end" font-size="12" fill="{INK}">'
                   f'{escape(_number(value))}</text>')
        k += 1
    return out


def bar_chart(chart_id: str, title: str, labels: list[str], values: list[float], desc: str) -> str:
    """Horizontal-axis bars, one per label; negative values red and below the zero line."""
    low, high = _scale(values)
    plot = WIDTH - LEFT - RIGHT
    step = plot / max(len(values), 1)
    zero = _y(0.0, low, high)
    body = _axis(low, high)
    for i, (label, value) in enumerate(zip(labels, values)):
        x = LEFT + i * step + step * 0.15
        y = _y(value, low, high)
        top, height = (y, zero - y) if value >= 0 else (zero, y - zero)
        body.append(f'<rect x="{_f(x)}" y="{_f(top)}" width="{_f(step * 0.7)}" height="{_f(max(height, 0.5))}" '
                    f'fill="{OWN if value >= 0 else NEGATIVE}"><title>{escape(label)}: {escape(_number(value))}'
                    '</title></rect>')
        short = label if len(label) <= 14 else label[:13] + "…"
        body.append(f'<text x="{_f(x + step * 0.35)}" y="{HEIGHT - BOTTOM + 16}" text-anchor="end" font-size="11" '
                    f'fill="{INK}" transform="rotate(-30 {_f(x + step * 0.35)} {HEIGHT - BOTTOM + 16})">'
                    f'{escape(short)}</text>')
    body.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_f(zero)}" y2="{_f(zero)}" stroke="{INK}"/>')
    return _frame(chart_id, title, desc, body)


def line_chart(chart_id: str, title: str, desc: str, periods: list[str], series: list[tuple[str, list[float], str]],
               target: float | None = None, target_label: str = "") -> str:
    """Lines over `periods`, one per (name, values, colour); a dashed line at `target`; a legend in words."""
    values = [v for _, vs, _ in series for v in vs if v is not None] + ([target] if target is not None else [])
    low, high = _scale(values)
    if min(values) > 0:   # a line chart need not start at 0: from a round number below the lowest value
        step = _nice_step(max(values) - min(values) or max(values))
        low = max(0.0, (min(values) // step - 1) * step)
        high = (max(values) // step + 1) * step
    n = max(len(periods), 2)
    x = lambda i: LEFT + (WIDTH - LEFT - RIGHT) * i / (n - 1)  # noqa: E731
    body = _axis(low, high)
    for i, p in enumerate(periods):
        body.append(f'<text x="{_f(x(i))}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="12" '
                    f'fill="{INK}">{escape(p)}</text>')
    if target is not None:
        y = _y(target, low, high)
        body.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_f(y)}" y2="{_f(y)}" stroke="{TARGET}" '
                    'stroke-width="2" stroke-dasharray="6 4"/>')
    legend_x = LEFT
    for name, vs, colour in series:
        points = [(x(i), _y(v, low, high)) for i, v in enumerate(vs) if v is not None]
        if len(points) > 1:
            body.append(f'<polyline fill="none" stroke="{colour}" stroke-width="3" points="'
                        + " ".join(f"{_f(a)},{_f(b)}" for a, b in points) + '"/>')
        body += [f'<circle cx="{_f(a)}" cy="{_f(b)}" r="4" fill="{colour}"/>' for a, b in points]
        body.append(f'<rect x="{legend_x}" y="{HEIGHT - 18}" width="14" height="4" fill="{colour}"/>'
                    f'<text x="{legend_x + 20}" y="{HEIGHT - 12}" font-size="12" fill="{INK}">{escape(name)}</text>')
        legend_x += 24 + 8 * len(name)
    if target is not None:
        body.append(f'<line x1="{legend_x}" x2="{legend_x + 14}" y1="{HEIGHT - 16}" y2="{HEIGHT - 16}" '
                    f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="4 3"/>'
                    f'<text x="{legend_x + 20}" y="{HEIGHT - 12}" font-size="12" fill="{INK}">'
                    f'{escape(target_label)}</text>')
    return _frame(chart_id, title, desc, body)
