"""Kolada indicator values for all kommuner, riket and the own kommun, written as Kolada API v2 JSON.

Years up to 2022 are the real values of the committed extract (`data/kolada_extract.csv.gz`, from the
open-numbers Kolada dump). Later years do not exist in the dump: each kommun's series is carried on from
its last real value with a small seeded drift whose size follows the KPI's real year-to-year changes
(`extrapolate`). A KPI that Kolada stopped publishing (last real year before 2022, e.g. N15535) is not
carried on. The own kommun (not in Kolada) gets the designed series of `goals.INDICATORS`.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from exempel.goals import Indicator

DATA_DIR = Path(__file__).parent / "data"
LAST_REAL_YEAR = 2022
RIKET = "0000"


def load_extract() -> pd.DataFrame:
    """The committed extract: kpi, municipality (str), year (int), gender (T/K/M), value (float)."""
    with gzip.open(DATA_DIR / "kolada_extract.csv.gz", "rt", encoding="utf-8") as fh:
        frame = pd.read_csv(fh, dtype={"municipality": str, "kpi": str, "gender": str})
    return frame


def load_kommuner() -> pd.DataFrame:
    """code, name of the 290 real kommuner."""
    return pd.read_csv(DATA_DIR / "kommuner.csv", dtype=str)


@lru_cache(maxsize=1)
def load_titles() -> dict[str, str]:
    """Kolada id → Kolada title (whitespace runs collapsed)."""
    kpi = pd.read_csv(DATA_DIR / "kolada_kpi.csv", dtype=str)
    return {k: re.sub(r"\s+", " ", t).strip() for k, t in zip(kpi["kpi"], kpi["title"])}


def _decimals(values: pd.Series) -> int:
    return 0 if np.allclose(values, np.round(values)) else 1


def extrapolate(real: pd.DataFrame, kpi: str, years: list[int], rng: np.random.Generator) -> pd.DataFrame:
    """Carry every municipality's real series of `kpi` on through `years` (all > LAST_REAL_YEAR).

    Returns kpi, municipality, year, gender, value. Each step is a drift drawn per municipality (the
    same draw for T, K and M plus a little gender-specific noise): relative for strictly positive KPIs,
    absolute otherwise, with median and spread of the KPI's real year-to-year changes since 2016.
    """
    data = real[real["kpi"] == kpi]
    total = data[data["gender"] == "T"].pivot(index="municipality", columns="year", values="value")
    total = total.loc[:, [c for c in total.columns if c >= 2016]]
    relative = bool((data["value"] > 0).all())
    steps = (total.pct_change(axis=1, fill_method=None) if relative else total.diff(axis=1)).to_numpy().ravel()
    steps = steps[np.isfinite(steps)]
    mu = float(np.median(steps))
    sd = float((np.percentile(steps, 75) - np.percentile(steps, 25)) / 1.349 * 0.6)
    if relative:
        mu, sd = float(np.clip(mu, -0.04, 0.04)), float(np.clip(sd, 0.005, 0.06))
    decimals = _decimals(data["value"])
    title = load_titles().get(kpi, "")
    percent = ("(%)" in title or "andel" in title) and bool(data["value"].min() >= 0)
    municipalities = sorted(data["municipality"].unique())
    drift = rng.normal(mu, sd, size=(len(municipalities), len(years)))
    out = []
    for gender in sorted(data["gender"].unique()):
        g = data[data["gender"] == gender].pivot(index="municipality", columns="year", values="value")
        g = g.reindex(index=municipalities, columns=range(LAST_REAL_YEAR - 2, LAST_REAL_YEAR + 1))
        start = g.ffill(axis=1).iloc[:, -1].to_numpy()  # last real value within two years
        step = drift + (rng.normal(0, sd / 3, size=drift.shape) if gender != "T" else 0.0)
        series = start[:, None] * np.cumprod(1 + step, axis=1) if relative else start[:, None] + np.cumsum(step, axis=1)
        if percent:
            series = np.clip(series, 0, 100)
        series = np.round(series, decimals)
        frame = pd.DataFrame(series, index=municipalities, columns=years).stack().rename("value").reset_index()
        frame.columns = ["municipality", "year", "value"]
        frame["gender"] = gender
        frame["kpi"] = kpi
        out.append(frame)
    return pd.concat(out)[["kpi", "municipality", "year", "gender", "value"]]


def own_series(ind: Indicator, years: list[int], gap: float, rng: np.random.Generator) -> pd.DataFrame:
    """The own kommun's designed values in `years`: anchors exact, between them linear plus small noise."""
    anchors = sorted(ind.design)
    values = np.interp(years, anchors, [ind.design[y] for y in anchors])
    noise = rng.normal(0, 0.006, size=len(years)) * np.abs(values)
    values = np.where(np.isin(years, anchors), values, values + noise)
    rows = [(ind.id, y, "T", round(float(v), ind.decimals)) for y, v in zip(years, values)]
    if ind.gender:
        for y, v in zip(years, values):
            jitter = float(rng.normal(0, abs(gap) * 0.1 + 0.1))
            rows.append((ind.id, y, "K", round(float(v + gap / 2 + jitter), ind.decimals)))
            rows.append((ind.id, y, "M", round(float(v - gap / 2 + jitter), ind.decimals)))
    return pd.DataFrame(rows, columns=["kpi", "year", "gender", "value"])


def build_values(indicators: list[Indicator], own_code: str, years: range, seed: int) -> pd.DataFrame:
    """Long frame kpi, municipality, year, gender, value (NaN = missing) for every Kolada indicator,
    every (kpi, year) Kolada publishes within `years`, all 290 kommuner + riket + `own_code`."""
    rng = np.random.default_rng([seed, 1])
    real = load_extract()
    kommuner = sorted(load_kommuner()["code"])
    everyone = sorted(kommuner + [RIKET, own_code])
    small = _smallest_kommuner(real, 6)
    frames = []
    for ind in sorted((i for i in indicators if i.source == "Kolada"), key=lambda i: i.id):
        data = real[real["kpi"] == ind.id]
        real_years = sorted(data["year"].unique())
        future = [y for y in years if y > LAST_REAL_YEAR] if real_years[-1] == LAST_REAL_YEAR else []
        parts = [data[data["year"].isin(list(years))]]
        if future:
            parts.append(extrapolate(real, ind.id, future, rng))
        kpi_years = [y for y in years if y in real_years or y in future]
        latest = data[data["year"] == real_years[-1]].pivot(index="municipality", columns="gender", values="value")
        gap = float((latest["K"] - latest["M"]).median()) if "K" in latest else 0.0
        own = own_series(ind, kpi_years, gap, rng)
        own["municipality"] = own_code
        parts.append(own)
        values = pd.concat(parts)
        genders = sorted(values["gender"].unique())
        grid = pd.MultiIndex.from_product([[ind.id], everyone, kpi_years, genders],
                                          names=["kpi", "municipality", "year", "gender"])
        values = values.set_index(["kpi", "municipality", "year", "gender"])["value"].reindex(grid).reset_index()
        if ind.id in ("U21468", "U23471"):  # too few answers in the smallest kommuner: not published
            values.loc[values["municipality"].isin(small) & (values["year"] == max(kpi_years)), "value"] = np.nan
        if ind.id == "N15419":
            values.loc[values["municipality"].isin(small[:3]) & (values["year"] == 2024), "value"] = np.nan
        frames.append(values)
    return pd.concat(frames, ignore_index=True)


def _smallest_kommuner(real: pd.DataFrame, n: int) -> list[str]:
    pop = real[(real["kpi"] == "N01951") & (real["year"] == LAST_REAL_YEAR) & (real["gender"] == "T")]
    pop = pop[pop["municipality"] != RIKET].sort_values(["value", "municipality"])
    return list(pop["municipality"].head(n))


def write_json(values: pd.DataFrame, path: Path) -> Path:
    """Write Kolada API v2 JSON: one entry per (kpi, municipality, period), genders K, M, T in order."""
    v = values.sort_values(["kpi", "municipality", "year", "gender"]).reset_index(drop=True)
    missing = v["value"].isna().to_numpy()
    numbers = v["value"].to_numpy(dtype=float)
    parts = [
        f'{{"gender":"{g}","value":null,"count":0,"status":"Missing"}}' if m
        else f'{{"gender":"{g}","value":{json.dumps(float(x))},"count":1,"status":""}}'
        for g, m, x in zip(v["gender"].tolist(), missing, numbers)
    ]
    keys = list(zip(v["kpi"].tolist(), v["municipality"].tolist(), v["year"].tolist()))
    starts = [i for i in range(len(keys)) if i == 0 or keys[i] != keys[i - 1]] + [len(keys)]
    entries = [
        f'{{"kpi":"{keys[a][0]}","municipality":"{keys[a][1]}","period":{int(keys[a][2])},'
        f'"values":[{",".join(parts[a:b])}]}}'
        for a, b in zip(starts[:-1], starts[1:])
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"values":[\n' + ",\n".join(entries) + "\n]}\n", encoding="utf-8")
    return path
