"""Charts as PNG bytes (matplotlib, Agg, no timestamps: identical input gives identical bytes)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

BUDGET_COLOUR = "#9DB9D5"
PROGNOS_COLOUR = "#1F4E79"


def _sv_thousands(x: float, _pos=None) -> str:
    text = f"{abs(x):,.0f}".replace(",", "\u00a0")
    return ("\u2212" if x < 0 else "") + text


def budget_prognos_chart(labels: list[str], budget: list[float], prognos: list[float], title: str) -> bytes:
    """Horizontal bars: årsbudget and helårsprognos (tkr) per verksamhet."""
    plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 8, "svg.hashsalt": "kommunrapport"})
    height = max(2.2, 0.42 * len(labels) + 1.2)
    fig, ax = plt.subplots(figsize=(7.0, height), dpi=110)
    # Fixed margins (in inches) instead of tight_layout, which draws the figure an extra time.
    fig.subplots_adjust(left=2.3 / 7.0, right=0.97, top=1 - 0.45 / height, bottom=0.55 / height)
    pos = list(range(len(labels)))
    ax.barh([p + 0.2 for p in pos], budget, height=0.38, color=BUDGET_COLOUR, label="Årsbudget")
    ax.barh([p - 0.2 for p in pos], prognos, height=0.38, color=PROGNOS_COLOUR, label="Helårsprognos")
    ax.set_yticks(pos, labels)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(FuncFormatter(_sv_thousands))
    ax.set_xlabel("tkr")
    ax.set_title(title, loc="left", fontsize=9)
    ax.legend(loc="lower right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    buf = io.BytesIO()
    # Fast zlib level: the chart is re-compressed inside the .docx and the PDF anyway.
    fig.savefig(buf, format="png", metadata={"Software": None}, pil_kwargs={"compress_level": 1})
    plt.close(fig)
    return buf.getvalue()
