"""Time the two charts per indicator: the series (model.indikatordiagram), the chart data (context.diagram)
and the PNG rendering (render.chart), for the example kommun and the scale test. Prints figures only.

Usage: .venv/bin/python bench/charts.py [--upprepa N] [--stor K]
  --upprepa N  render every chart N times (default 5) and report mean / median / min per chart
  --stor K     also time the series on the scale test's values copied K times under new indicator ids
               (K × 25 indicators), to show how the vectorised step grows
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from exempel import EXEMPELKOMMUN as EXAMPLE
sys.path.insert(0, str(ROOT))


def _load(config_path: Path, inputs: Path):
    from pipeline.config import load_config
    from pipeline.model.report import build_report_model
    from pipeline.config.problems import Problems
    from pipeline.read.discover import read_inputs
    from pipeline.staging import stage_inputs

    config = load_config(config_path)
    problems = Problems()
    raw = read_inputs(inputs, 2026, "tertial", problems)
    staged = stage_inputs(raw, config, 2026, "tertial", problems)
    return config, staged, build_report_model(staged, config)


def _best_of(fn, n: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(n):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def _series_and_data(config, staged, model, label: str):
    from pipeline.context.diagram import indicator_charts
    from pipeline.model.indikatordiagram import chart_series

    latest = model.indikatorer[["indikator_id", "varde_period"]]
    t_series, series = _best_of(lambda: chart_series(staged.indikatorvarden, staged.indikatorer, latest,
                                                     config.kommun_kod, tuple(model.grupp.kommuner)))
    t_data, charts = _best_of(lambda: indicator_charts(series, staged.indikatorer, config.kommun_namn))
    n_hist = sum(c["historik"] is not None for c in charts.values())
    n_pos = sum(c["position"] is not None for c in charts.values())
    print(f"{label}: {len(staged.indikatorvarden):_} indikatorvärden, {len(charts)} indikatorer → {n_hist} "
          f"historik- och {n_pos} positionsdiagram; serier {t_series * 1000:.0f} ms, diagramdata "
          f"{t_data * 1000:.0f} ms (bästa av 5)".replace("_", " "))
    return charts


def _per_namnd(staged, charts) -> dict[str, int]:
    """Charts per nämnd: the indicators of the nämnd's own mål."""
    mal = staged.mal
    own = mal[mal["niva"] == "Nämnd"][["mal_id", "namnd"]]
    rows = staged.indikatorer.merge(own, on="mal_id", how="inner").drop_duplicates(["namnd", "indikator_id"])
    counts: dict[str, int] = {}
    for r in rows.itertuples():
        c = charts.get(r.indikator_id, {})
        counts[r.namnd] = counts.get(r.namnd, 0) + sum(c.get(k) is not None for k in ("historik", "position"))
    return counts


def _render_times(charts: dict, repeat: int) -> dict[str, list[float]]:
    from pipeline.render.chart import indicator_history_chart, indicator_position_chart

    draw = {"historik": indicator_history_chart, "position": indicator_position_chart}
    times: dict[str, list[float]] = {"historik": [], "position": []}
    for _ in range(repeat):
        for c in charts.values():
            for kind, fn in draw.items():
                if c[kind] is not None:
                    t = time.perf_counter()
                    fn(c[kind])
                    times[kind].append(time.perf_counter() - t)
    return times


def _pdf_embedding(charts: dict) -> None:
    """What an image costs in WeasyPrint (it decodes and re-encodes every PNG): a bare page with and
    without the example kommun's charts."""
    import base64

    from weasyprint import HTML

    from pipeline.render.report import with_indicator_images

    rendered = with_indicator_images({"r": [{"diagram": c} for c in charts.values()]})
    srcs = [d["src"] for r in rendered["r"] for d in r["diagram"].values() if d is not None]
    assert all(s.startswith("data:image/png;base64,") and base64.b64decode(s[22:])[:4] == b"\x89PNG" for s in srcs)

    def page(images):
        return "<html><body>" + "".join(f'<img style="width:80mm" src="{s}" alt="">' for s in images) + "</body></html>"

    t_without, _ = _best_of(lambda: HTML(string=page([])).write_pdf(), 3)
    t_with, _ = _best_of(lambda: HTML(string=page(srcs)).write_pdf(), 3)
    print(f"  PDF (WeasyPrint): {(t_with - t_without) / len(srcs) * 1000:.1f} ms per inbäddat diagram "
          f"({len(srcs)} diagram)")


def _stor(staged, config, model, k: int) -> None:
    """The scale test's values and indicators copied k times under new ids."""
    import pandas as pd

    from pipeline.model.indikatordiagram import chart_series

    values = pd.concat([staged.indikatorvarden.assign(indikator_id=staged.indikatorvarden["indikator_id"] + f"_{i}")
                        for i in range(k)], ignore_index=True)
    ind = pd.concat([staged.indikatorer.assign(indikator_id=staged.indikatorer["indikator_id"] + f"_{i}")
                     for i in range(k)], ignore_index=True)
    latest = model.indikatorer[["indikator_id", "varde_period"]]
    latest = pd.concat([latest.assign(indikator_id=latest["indikator_id"] + f"_{i}") for i in range(k)],
                       ignore_index=True)
    t, series = _best_of(lambda: chart_series(values, ind, latest, config.kommun_kod, tuple(model.grupp.kommuner)), 3)
    print(f"skala ×{k}: {len(values):_} indikatorvärden, {ind['indikator_id'].nunique()} indikatorer: serier "
          f"{t * 1000:.0f} ms (bästa av 3; {len(series.position):_} positionsrader)".replace("_", " "))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--upprepa", type=int, default=5)
    parser.add_argument("--stor", type=int, default=0)
    args = parser.parse_args()

    from pipeline.render.chart import indicator_history_chart

    config, staged, model = _load(EXAMPLE / "config" / "kommun.toml", EXAMPLE / "inputs")
    charts = _series_and_data(config, staged, model, "Exempelkommun")
    first = next(c["historik"] for c in charts.values() if c["historik"] is not None)
    t = time.perf_counter()
    indicator_history_chart(first)
    print(f"första diagrammet i processen (typsnitt laddas): {(time.perf_counter() - t) * 1000:.0f} ms")
    times = _render_times(charts, args.upprepa)
    for kind, ts in times.items():
        ms = [x * 1000 for x in ts]
        print(f"  {kind:8s} {len(ms) // args.upprepa:3d} diagram × {args.upprepa}: medel {statistics.mean(ms):.1f} ms, "
              f"median {statistics.median(ms):.1f} ms, min {min(ms):.1f} ms, max {max(ms):.1f} ms")
    mean = {k: statistics.mean(v) for k, v in times.items() if v}
    total = sum(mean[k] * len(v) / args.upprepa for k, v in times.items() if v)
    per_chart = total / max(1, sum(len(v) for v in times.values()) / args.upprepa)
    counts = _per_namnd(staged, charts)
    print(f"  alla Exempelkommuns diagram: {total * 1000:.0f} ms ({per_chart * 1000:.1f} ms per diagram); "
          f"per nämnd {min(counts.values(), default=0)}–{max(counts.values(), default=0)} diagram, "
          f"högst {max(counts.values(), default=0) * per_chart * 1000:.0f} ms per dokument")
    print(f"  vid 20 diagram per nämnd och 30 nämnder: {600 * per_chart:.1f} s (CPU, före fördelning på processer)")
    _pdf_embedding(charts)

    skala = ROOT / "bench" / "data" / "skala"
    if (skala / "kommun.toml").exists():
        s_config, s_staged, s_model = _load(skala / "kommun.toml", skala / "inputs")
        s_charts = _series_and_data(s_config, s_staged, s_model, "Skalningstest")
        s_counts = _per_namnd(s_staged, s_charts)
        n = sum(s_counts.values())
        print(f"  {len(s_config.namnder)} nämnder, {n} diagram i nämndrapporterna: uppskattat "
              f"{n * per_chart:.1f} s renderingstid (CPU, före fördelning på processer)")
        if args.stor:
            _stor(s_staged, s_config, s_model, args.stor)
    else:
        print("Skalningstestets data saknas: kör .venv/bin/kommunrapport generera --skala --utdata bench/data/skala")


if __name__ == "__main__":
    main()
