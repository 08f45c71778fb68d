"""Build the two template sets' logos (PNG, no text in the image): pipeline/resources/templates/html/logo.png (a blue shield with
waves) and templates/alternativ/html/logo.png (a green circle with a hill). The docx builder embeds the same
files. A kommun replaces logo.png with its own. Run: .venv/bin/python tools/build_logo.py
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Circle, Polygon  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
from pipeline.resources import TEMPLATES
LOGOS = {TEMPLATES / "html" / "logo.png": "standard",
         TEMPLATES / "alternativ" / "html" / "logo.png": "alternativ"}


def logo_png(kind: str) -> bytes:
    fig = plt.figure(figsize=(1.2, 1.2), dpi=200)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    if kind == "standard":
        ax.add_patch(Polygon([(0.12, 0.92), (0.88, 0.92), (0.88, 0.45), (0.5, 0.06), (0.12, 0.45)],
                             closed=True, color="#1F4E79"))
        for y in (0.66, 0.5, 0.34):
            xs = [0.2 + 0.6 * i / 40 for i in range(41)]
            ys = [y + 0.035 * __import__("math").sin(i / 40 * 12.566) for i in range(41)]
            ax.plot(xs, ys, color="white", linewidth=3.2, solid_capstyle="round")
    else:
        ax.add_patch(Circle((0.5, 0.5), 0.45, color="#2E6B3A"))
        ax.add_patch(Polygon([(0.16, 0.36), (0.42, 0.72), (0.58, 0.52), (0.68, 0.62), (0.86, 0.36)], closed=True,
                             color="white"))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", transparent=True, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def build() -> list[Path]:
    for path, kind in LOGOS.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(logo_png(kind))
    return list(LOGOS)


if __name__ == "__main__":
    for p in build():
        print(p, p.stat().st_size)
