"""Charts as PNG bytes (matplotlib, Agg, no timestamps: identical input gives identical bytes)."""

from __future__ import annotations

import functools
import io

import matplotlib

matplotlib.use("Agg")
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties, findfont  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402
from matplotlib.transforms import (Bbox, BboxTransform, BboxTransformTo, TransformedBbox,  # noqa: E402
                                   blended_transform_factory)
from PIL import Image, ImageFont  # noqa: E402

from pipeline.context.format import number  # noqa: E402

BUDGET_COLOUR = "#9DB9D5"
PROGNOS_COLOUR = "#1F4E79"


def _sv_thousands(x: float, _pos=None) -> str:
    """An axis tick in whole units, Swedish: −1 000."""
    return number(x)


def opaque_png(fig: Figure) -> bytes:
    """The figure drawn as an opaque RGB PNG (no alpha channel: WeasyPrint would split one off into a soft mask and
    re-encode both), fast zlib level (the image is compressed again inside the .docx and the PDF), no metadata."""
    canvas = fig.canvas
    canvas.draw()
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


# --- Two small charts per indicator (history against målvärde; position among all kommuner), and the budget
# chart, drawn the same way -------------
# 3.2 × 1.8 in at 150 dpi = 480 × 270 px (about 8.1 × 4.6 cm): two fit side by side on A4 portrait.
# Speed: a bare Figure on an Agg canvas (no pyplot figure manager), fixed margins in inches, no matplotlib
# Tick or Legend objects (labels, grid and legend are drawn directly; text widths are measured with the same
# DejaVu Sans file through Pillow instead of a draw), and unhinted glyphs, which matplotlib renders markedly
# faster. Every font size and line width is explicit, so the output does not depend on rcParams set by
# other charts; the same data always gives the same bytes.

SMALL_SIZE = (3.2, 1.8)
SMALL_DPI = 150
FONT_FAMILY = "DejaVu Sans"
TITLE_PT = 6.5
TEXT_PT = 5.5
TEXT_COLOUR = "#333333"
OWN_COLOUR = PROGNOS_COLOUR
RIKET_COLOUR = "#8C8C8C"
TARGET_COLOUR = "#1E7B34"
MEDIAN_COLOUR = "#333333"
CHANGE_COLOUR = "#404040"
DOT_COLOUR = "#8497B0"
GRID_COLOUR = "#E3E3E3"
# Kolada's quartile colours (green / yellow / red), lightened: a background, named in text below the axis.
QUARTILE_COLOURS = ("#D5EDD9", "#FFF1C2", "#F7D4D2")
_RC = {"text.hinting": "no_hinting", "font.family": FONT_FAMILY}
_HANDLE_IN = 0.2     # legend line length
_GAP_IN = 0.05       # legend line to text
_ENTRY_GAP_IN = 0.14  # between legend entries
_LEGEND_ROW_IN = 0.12
_LABEL_GAP_IN = 0.04  # value labels to the axes
_LEGEND_Y_IN = SMALL_SIZE[1] - 0.25


@functools.lru_cache(maxsize=1)
def _measuring_font():
    return ImageFont.truetype(findfont(FontProperties(family=FONT_FAMILY)), 100)


def _text_width(text: str, points: float = TEXT_PT) -> float:
    """Width of `text` in inches, measured from the font file (no matplotlib draw needed)."""
    return _measuring_font().getlength(text) / 100.0 * points / 72.0


def _legend_layout(labels: list[str]) -> list[tuple[float, int]]:
    """(x in inches, row) of each legend entry: a row until the figure's width is used, then the next."""
    places, x, row = [], 0.05, 0
    for label in labels:
        width = _HANDLE_IN + _GAP_IN + _text_width(label)
        if x > 0.05 and x + width > SMALL_SIZE[0] - 0.05:
            x, row = 0.05, row + 1
        places.append((x, row))
        x += width + _ENTRY_GAP_IN
    return places


class _Plot:
    """A SMALL_SIZE figure with a plot area placed by margins (inches) and fixed data limits. No Axes: its
    tick machinery costs more than the rest of the chart, so artists go straight onto the figure through
    the transforms below (data, x-data/y-area and y-data/x-area blends)."""

    def __init__(self, left: float, right: float, top: float, bottom: float, xlim: tuple[float, float],
                 ylim: tuple[float, float], size: tuple[float, float] = SMALL_SIZE, dpi: int = SMALL_DPI):
        self.w, self.h = size
        self.fig = Figure(figsize=size, dpi=dpi)
        FigureCanvasAgg(self.fig)
        self.area_width = self.w - left - right
        self.area_height = self.h - top - bottom
        box = TransformedBbox(Bbox.from_bounds(left / self.w, bottom / self.h, self.area_width / self.w,
                                               1 - (top + bottom) / self.h), self.fig.transFigure)
        self.area = BboxTransformTo(box)
        self.data = BboxTransform(Bbox.from_extents(xlim[0], ylim[0], xlim[1], ylim[1]), box)
        self.x_data = blended_transform_factory(self.data, self.area)
        self.y_data = blended_transform_factory(self.area, self.data)
        self.line([0, 0, 1], [1, 0, 0], transform=self.area, color=CHANGE_COLOUR, linewidth=0.6, zorder=6,
                  solid_joinstyle="miter")

    def line(self, xs, ys, transform=None, zorder: float = 2, **style):
        return self.fig.add_artist(Line2D(xs, ys, transform=transform or self.data, zorder=zorder, **style))

    def hline(self, y: float, zorder: float = 3, **style):
        return self.line([0, 1], [y, y], transform=self.y_data, zorder=zorder, **style)

    def vline(self, x: float, zorder: float = 3, y0: float = 0.0, y1: float = 1.0, **style):
        return self.line([x, x], [y0, y1], transform=self.x_data, zorder=zorder, **style)

    def band(self, x0: float, x1: float, colour: str) -> None:
        self.fig.add_artist(Rectangle((x0, 0), x1 - x0, 1, transform=self.x_data, facecolor=colour, linewidth=0,
                                      zorder=0))

    def text(self, x: float, y: float, s: str, transform=None, size: float = TEXT_PT, **kw):
        kw.setdefault("color", TEXT_COLOUR)
        return self.fig.text(x, y, s, transform=transform or self.data, fontsize=size, family=FONT_FAMILY,
                             parse_math=False, zorder=7, **kw)

    def inch_text(self, x_in: float, y_in: float, s: str, size: float = TEXT_PT, **kw):
        """Text placed in inches from the figure's lower left corner."""
        return self.text(x_in / self.w, y_in / self.h, s, transform=self.fig.transFigure, size=size, **kw)

    def title(self, s: str) -> None:
        self.inch_text(0.05, self.h - 0.05, s, size=TITLE_PT, fontweight="bold", ha="left", va="top",
                       color="#222222")

    def y_labels(self, ticks: list[float], labels: list[str]) -> None:
        """Value labels left of the plot area and light horizontal grid lines at `ticks`."""
        for t, s in zip(ticks, labels):
            self.hline(t, zorder=0.5, color=GRID_COLOUR, linewidth=0.5)
            self.text(-_LABEL_GAP_IN / self.area_width, t, s, transform=self.y_data, ha="right",
                      va="center_baseline")

    def legend(self, entries: list[tuple[str, dict]], y_in: float) -> None:
        """Line handles with labels (_legend_layout); entries: (label, Line2D keywords)."""
        for (label, style), (x, row) in zip(entries, _legend_layout([e[0] for e in entries])):
            y = y_in - row * _LEGEND_ROW_IN
            xs = [x / self.w, (x + _HANDLE_IN / 2) / self.w, (x + _HANDLE_IN) / self.w]
            self.line(xs, [y / self.h] * 3, transform=self.fig.transFigure, markevery=[1], **style)
            self.inch_text(x + _HANDLE_IN + _GAP_IN, y, label, ha="left", va="center_baseline")

    def png(self) -> bytes:
        return opaque_png(self.fig)


def _legend_rows(labels: list[str]) -> int:
    return _legend_layout(labels)[-1][1] + 1 if labels else 0


def _value_ticks(values: list[float], pad: float = 0.08) -> tuple[tuple[float, float], list[float], list[str]]:
    """y-limits, tick positions and Swedish tick labels (NBSP thousands, decimal comma) for `values`."""
    lo, hi = min(values), max(values)
    span = hi - lo if hi > lo else max(abs(hi) * 0.1, 1.0)
    lo, hi = lo - pad * span, hi + pad * span
    ticks = [float(t) for t in MaxNLocator(nbins=4, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi) if lo <= t <= hi]
    ticks = ticks or [(lo + hi) / 2]
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    decimals = 0
    while decimals < 3 and abs(step * 10 ** decimals - round(step * 10 ** decimals)) > 1e-6 * 10 ** decimals:
        decimals += 1
    return (lo, hi), ticks, [number(t, decimals) for t in ticks]


def _segments(xs: list, ys: list, after: list[bool]):
    """Runs of consecutive points on the same side of a Definitionsbyte: no line joins across it."""
    start = 0
    for i in range(1, len(xs) + 1):
        if i == len(xs) or after[i] != after[start]:
            yield xs[start:i], ys[start:i]
            start = i


def indicator_history_chart(data: dict) -> bytes:
    """Line chart of the kommun's values over the years (context.diagram.history_chart): riket as a thin grey
    line, målvärde as a dashed line, a dotted vertical marker at a Definitionsbyte with no line across it."""
    years, values = data["ar"], data["varden"]
    target = data.get("malvarde")
    own_style = {"color": OWN_COLOUR, "linewidth": 1.4, "marker": "o", "markersize": 2.6}
    riket_style = {"color": RIKET_COLOUR, "linewidth": 0.8}
    target_style = {"color": TARGET_COLOUR, "linewidth": 0.9, "linestyle": (0, (4, 2))}
    entries = [(data["kommun"], own_style)]
    if data["riket_ar"]:
        entries.append((data["riket_etikett"], riket_style))
    if target is not None:
        entries.append((data["malvarde_etikett"], target_style))
    rows = _legend_rows([e[0] for e in entries])
    lims, ticks, labels = _value_ticks(values + data["riket_varden"] + ([target] if target is not None else []))
    left = 0.07 + _LABEL_GAP_IN + max(_text_width(s) for s in labels)
    first, last = years[0], years[-1]
    with matplotlib.rc_context(_RC):
        c = _Plot(left=left, right=0.1, top=0.2 + _LEGEND_ROW_IN * rows, bottom=0.17,
                  xlim=(first - 0.5, last + 0.5), ylim=lims)
        c.y_labels(ticks, labels)
        for xs, ys in _segments(data["riket_ar"], data["riket_varden"], data["riket_efter_byte"]):
            c.line(xs, ys, zorder=2, **riket_style)
        for xs, ys in _segments(years, values, data["efter_byte"]):
            c.line(xs, ys, zorder=4, **own_style)
        if target is not None:
            c.hline(target, zorder=3, **target_style)
        shown = years if len(years) <= 6 else list(range(last, first - 1, -2))[::-1]
        for y in shown:
            c.vline(y, y0=-0.035, y1=0, zorder=6, color=CHANGE_COLOUR, linewidth=0.5)
            c.text(y, -0.06, str(y), transform=c.x_data, ha="center", va="top")
        if data.get("definitionsbyte") is not None:
            x = data["definitionsbyte"] - 0.5
            c.vline(x, zorder=3, color=CHANGE_COLOUR, linewidth=0.8, linestyle=(0, (1, 1.5)))
            c.text(x - 0.08, 0.97, data["definitionsbyte_etikett"], transform=c.x_data, rotation=90, ha="right",
                   va="top", size=TEXT_PT - 0.5, color=CHANGE_COLOUR)
        c.title(data["rubrik"])
        c.legend(entries, _LEGEND_Y_IN)
        return c.png()


def indicator_position_chart(data: dict) -> bytes:
    """All kommuner's values, best to worst (context.diagram.position_chart): dots on light quartile bands
    named below the axis, the own kommun marked and labelled, jämförelsegrupp median and riket as lines."""
    values = data["varden"]
    n = len(values)
    median_style = {"color": MEDIAN_COLOUR, "linewidth": 0.8, "linestyle": (0, (3, 1.5))}
    riket_style = {"color": RIKET_COLOUR, "linewidth": 0.8}
    entries = []
    if data.get("grupp_median") is not None:
        entries.append((data["grupp_etikett"], median_style, data["grupp_median"]))
    if data.get("riket") is not None:
        entries.append((data["riket_etikett"], riket_style, data["riket"]))
    rows = _legend_rows([e[0] for e in entries])
    lims, ticks, labels = _value_ticks(values + [e[2] for e in entries], pad=0.06)
    left = 0.07 + _LABEL_GAP_IN + max(_text_width(s) for s in labels)
    with matplotlib.rc_context(_RC):
        # title, legend rows, then the own kommun's label just above the plot area
        c = _Plot(left=left, right=0.1, top=0.2 + _LEGEND_ROW_IN * rows + 0.12, bottom=0.15,
                  xlim=(0.5, n + 0.5), ylim=lims)
        c.y_labels(ticks, labels)
        if data["kvartil_granser"]:
            bounds = [0, *data["kvartil_granser"], n]
            for (a, b), colour, name in zip(zip(bounds, bounds[1:]), QUARTILE_COLOURS, data["kvartil_namn"]):
                if b > a:
                    c.band(a + 0.5, b + 0.5, colour)
                    c.text((a + b + 1) / 2, -0.05, name, transform=c.x_data, ha="center", va="top")
        else:  # too few kommuner for quartiles: name the ends
            best, worst = data["andar"]
            c.text(0, -0.05, best, transform=c.area, ha="left", va="top")
            c.text(1, -0.05, worst, transform=c.area, ha="right", va="top")
        c.line(range(1, n + 1), values, linestyle="none", marker="o", markersize=1.7 if n > 60 else 2.6,
               markeredgewidth=0, color=DOT_COLOUR, zorder=2)
        for _, style, value in entries:
            c.hline(value, zorder=3, **style)
        i = data["egen_index"]
        x = i + 1
        c.vline(x, zorder=4, color=OWN_COLOUR, linewidth=0.7)
        c.line([x], [values[i]], linestyle="none", marker="o", markersize=4.2, color=OWN_COLOUR,
               markeredgecolor="white", markeredgewidth=0.6, zorder=5)
        share = (x - 0.5) / n
        ha = "left" if share < 0.3 else ("right" if share > 0.7 else "center")
        c.text(x, 1.03, data["egen_etikett"], transform=c.x_data, ha=ha, va="bottom", fontweight="bold",
               color=OWN_COLOUR)
        c.title(data["rubrik"])
        if entries:
            c.legend([(label, style) for label, style, _ in entries], _LEGEND_Y_IN)
        return c.png()


def budget_prognos_chart(labels: list[str], budget: list[float], prognos: list[float], title: str,
                         serie: str = "Helårsprognos") -> bytes:
    """Horizontal bars: årsbudget and helårsprognos (tkr) per verksamhet, first verksamhet on top; `serie` names
    the second bar (at the bokslut the year's utfall). Drawn like the indicator charts: artists straight on the
    figure (no Axes and no tick machinery, half the time), the legend in its own row under the title (never over
    a bar), a thin line at zero, Swedish tick labels."""
    n = len(labels)
    height = max(2.2, 0.42 * n + 1.2)
    values = [0.0, *budget, *prognos]
    lo, hi = min(values), max(values)
    pad = 0.05 * (hi - lo if hi > lo else 1.0)
    lo, hi = (lo - pad if lo < 0 else 0.0), hi + pad
    ticks = [float(t) for t in MaxNLocator(nbins=7, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi) if lo <= t <= hi]
    with matplotlib.rc_context(_RC):
        c = _Plot(left=2.3, right=0.25, top=0.62, bottom=0.5, xlim=(lo, hi), ylim=(n - 0.5, -0.5),
                  size=(7.0, height), dpi=110)
        for values_, offset, colour in ((budget, 0.2, BUDGET_COLOUR), (prognos, -0.2, PROGNOS_COLOUR)):
            c.fig.add_artist(PolyCollection(
                [[(0, p + offset - 0.19), (v, p + offset - 0.19), (v, p + offset + 0.19), (0, p + offset + 0.19)]
                 for p, v in enumerate(values_)],
                transform=c.data, facecolors=colour, linewidths=0, zorder=2))
        if lo < 0:
            c.vline(0.0, zorder=3, color=CHANGE_COLOUR, linewidth=0.5)
        for p, label in enumerate(labels):
            c.text(-_LABEL_GAP_IN * 2 / c.area_width, p, label, transform=c.y_data, size=8, ha="right",
                   va="center_baseline")
        for t in ticks:
            c.vline(t, y0=-0.05 / c.area_height, y1=0, zorder=6, color=CHANGE_COLOUR, linewidth=0.6)
            c.text(t, -0.09 / c.area_height, number(t), transform=c.x_data, size=8, ha="center", va="top")
        c.inch_text(2.3 + c.area_width / 2, 0.06, "tkr", size=8, ha="center", va="bottom")
        c.inch_text(2.3, height - 0.08, title, size=9, ha="left", va="top", color="#222222")
        x = 2.3
        for label, colour in (("Årsbudget", BUDGET_COLOUR), (serie, PROGNOS_COLOUR)):
            c.fig.add_artist(Rectangle((x / 7.0, (height - 0.47) / height), 0.22 / 7.0, 0.1 / height,
                                       transform=c.fig.transFigure, facecolor=colour, linewidth=0, zorder=7))
            c.inch_text(x + 0.3, height - 0.42, label, size=8, ha="left", va="center_baseline")
            x += 0.3 + _text_width(label, 8) + 0.25
        return c.png()


def prioriteringsmatris_chart(data: dict) -> bytes:
    """The prioriteringsmatris (context.konsekvens): resursinsats (tkr) on x, effekt (0–4,5) on y, four named
    fields split at `grans_x` and `grans_y`, each förslag a labelled dot."""
    points = data["punkter"]
    xmax = max([p["x"] for p in points] + [data["grans_x"] * 2]) * 1.12
    fig = Figure(figsize=(6.4, 4.2), dpi=110)
    FigureCanvasAgg(fig)
    with matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 8, "svg.hashsalt": "kommunrapport"}):
        ax = fig.add_axes((0.15, 0.13, 0.82, 0.78))
        gx, gy = data["grans_x"], data["grans_y"]
        for (x0, x1, y0, y1, name, colour) in ((0, gx, gy, 4.6, data["falt"]["Genomför"], "#E2EFDA"),
                                                (gx, xmax, gy, 4.6, data["falt"]["Utmana"], "#FFF2CC"),
                                                (0, gx, 0, gy, data["falt"]["Möjligt"], "#EDEDED"),
                                                (gx, xmax, 0, gy, data["falt"]["Avfärda"], "#FCE4D6")):
            ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, color=colour, zorder=0, linewidth=0))
            ax.text(x0 + (x1 - x0) / 2, y1 - 0.12, name, ha="center", va="top", fontsize=9, fontweight="bold",
                    color="#333333")
        for p in points:
            ax.plot([p["x"]], [p["y"]], marker="o", markersize=4.5, color="#1F4E79", zorder=3)
            ax.annotate(p["id"], (p["x"], p["y"]), xytext=(4, 3), textcoords="offset points", fontsize=7.5, zorder=4)
        ax.set_xlim(0, xmax)
        ax.set_ylim(0, 4.6)
        ax.set_xlabel("Resursinsats: kostnad, tkr (besparing = 0)")
        ax.set_ylabel("Effekt: nytta och konsekvenser")
        ax.xaxis.set_major_formatter(FuncFormatter(_sv_thousands))
        ax.set_yticks([0, 1, 2, 3, 4])
        ax.set_yticklabels(["Ingen", "Liten", "Måttlig", "Stor", "Mycket stor"])
        ax.set_title(data["rubrik"], fontsize=9, loc="left")
        buf = io.BytesIO()
        fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
