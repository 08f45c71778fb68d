"""Plain data for the two charts per indicator (history against målvärde; position among all kommuner).

`indicator_charts` turns model.indikatordiagram's series into {indikator_id: {"historik": dict | None,
"position": dict | None}} of floats, ints, bools and Swedish strings (titles, labels, alt texts); the
renderer (render.chart) draws them, the context layer formats every number a reader sees except axis ticks.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from pipeline.context.format import MONTH_NAMES, NBSP, indicator_value
from pipeline.context.mal import KVARTIL_TEXT
from pipeline.model.indikatordiagram import ChartSeries, chart_series
from pipeline.model.jamforelse import TREND_TOLERANCE

KVARTIL_NAMN = [f"bästa 25{NBSP}%", f"mittersta 50{NBSP}%", f"sämsta 25{NBSP}%"]


def genitive(name: str) -> str:
    """'Exempelkommun' -> 'Exempelkommuns', 'Västerås' -> 'Västerås'; a name not ending in a letter is
    left as it is and put after 'för' by the caller (see _whose)."""
    if name[-1:].lower() in ("s", "x", "z"):
        return name
    return name + "s"


def _whose(name: str, what: str) -> str:
    """'Exempelkommuns värde'; 'värdet för Storkommun (skalningstest)' where no genitive s fits."""
    if name[-1:].isalpha():
        return f"{genitive(name)} {what}"
    return f"{what}et för {name}" if what == "värde" else f"{what} för {name}"


def period_kind_text(period: str) -> str:
    """'2025' -> '', '2026-T1' -> 'tertial 1', '2026-03' -> 'mars'."""
    rest = period[4:]
    if rest.startswith("-T"):
        return f"tertial {rest[2:]}"
    if rest.startswith("-") and rest[1:].isdigit():
        return MONTH_NAMES[int(rest[1:]) - 1]
    return ""


def period_text(period: str) -> str:
    """'2025' -> '2025', '2026-T1' -> 'tertial 1 2026', '2026-03' -> 'mars 2026'."""
    kind = period_kind_text(period)
    return f"{kind} {period[:4]}" if kind else period[:4]


def _float(value) -> float | None:
    if value is None or value is pd.NA:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _year_span(first: int, last: int) -> str:
    return f"{first}–{last}" if first != last else str(first)


def _change(first: float, last: float, subject: str = "") -> str:
    """'steg från 70,2 till 76,4' / 'sjönk …' / 'var i stort sett oförändrat (…)'; a `subject` follows the
    verb ('steg värdet från …', Swedish word order after a leading adverbial)."""
    values = f"från {indicator_value(first)} till {indicator_value(last)}"
    after = f" {subject}" if subject else ""
    if abs(last - first) <= TREND_TOLERANCE * max(abs(first), 1e-9):
        return f"var{after} i stort sett oförändrat ({values})"
    return ("steg" if last > first else "sjönk") + after + " " + values


def _target_text(last: float, target: float | None, target_year: int | None, higher: bool) -> str:
    if target is None:
        return ""
    reached = last >= target if higher else last <= target
    year = f" ({target_year})" if target_year is not None else ""
    return f"; målvärdet {indicator_value(target)}{year} är {'nått' if reached else 'inte nått'}"


def _runs(frame: pd.DataFrame, keys: list[str]) -> dict[tuple, dict[str, list]]:
    """The contiguous runs of equal `keys` in a frame sorted by them: {key values: {column: list}} (plain
    Python values, one conversion per column instead of pandas work per indicator)."""
    n = len(frame)
    if n == 0:
        return {}
    columns = {c: frame[c].tolist() for c in frame.columns}
    start = np.zeros(n, dtype=bool)
    start[0] = True
    for k in keys:
        a = frame[k].to_numpy(dtype=object)
        start[1:] |= a[1:] != a[:-1]
    bounds = np.flatnonzero(start).tolist() + [n]
    return {tuple(columns[k][a] for k in keys): {c: v[a:b] for c, v in columns.items()}
            for a, b in zip(bounds, bounds[1:])}


_NO_POINTS = {"ar": [], "varde": [], "efter_byte": [], "period": []}


def history_chart(own: dict[str, list], rik: dict[str, list], info: dict, kommun_namn: str) -> dict | None:
    """One indicator's history chart data from its own and riket rows of ChartSeries.historik (column →
    list, oldest first); None with fewer than two own points."""
    if len(own["ar"]) < 2:
        return None
    years = [int(y) for y in own["ar"]]
    values = [float(v) for v in own["varde"]]
    after = [bool(b) for b in own["efter_byte"]]
    first_year, last_year = years[0], years[-1]
    kind = period_kind_text(str(own["period"][-1]))
    byte = _float(info.get("definitionsbyte"))
    byte = int(byte) if byte is not None and first_year < byte <= last_year else None
    target = _float(info.get("malvarde"))
    target_year = _float(info.get("malar"))
    target_year = int(target_year) if target_year is not None else None
    higher = info.get("riktning") != "Lägre är bättre"
    span = _year_span(first_year, last_year)
    what = f"{_whose(kommun_namn, 'värde')}{' för ' + kind if kind else ''}"

    if byte is None:
        alt = f"Linjediagram: {what} {span} {_change(values[0], values[-1])}"
    else:
        since = [v for v, a in zip(values, after) if a]
        since_years = [y for y, a in zip(years, after) if a]
        alt = (f"Linjediagram: {what} {span}, med definitionsbyte {byte} (värdena före och efter går inte att "
               f"jämföra). ")
        if len(since) >= 2:
            alt += f"Sedan {byte} {_change(since[0], since[-1], 'värdet')}"
        else:
            alt += f"Efter bytet: {indicator_value(since[-1])} ({since_years[-1]})"
    alt += _target_text(values[-1], target, target_year, higher) + "."
    if rik["ar"] and rik["ar"][-1] == last_year:
        alt += f" Riket {last_year}: {indicator_value(float(rik['varde'][-1]))}."
    year_word = f"{kind}, " if kind else ""
    return {
        "rubrik": f"Utveckling {year_word}{span}",
        "kommun": kommun_namn,
        "ar": years, "varden": values, "efter_byte": after,
        "riket_ar": [int(y) for y in rik["ar"]], "riket_varden": [float(v) for v in rik["varde"]],
        "riket_efter_byte": [bool(b) for b in rik["efter_byte"]],
        "riket_etikett": "Riket",
        "malvarde": target,
        "malvarde_etikett": (f"Målvärde {indicator_value(target)}" + (f" ({target_year})" if target_year else ""))
        if target is not None else "",
        "definitionsbyte": byte,
        "definitionsbyte_etikett": f"Definitionsbyte {byte}" if byte is not None else "",
        "alt": alt,
    }


def position_chart(rows: dict[str, list], ref: dict, kommun_namn: str) -> dict | None:
    """One indicator's position chart data from its rows of ChartSeries.position (column → list, best
    first) and its ChartSeries.referens row."""
    if len(rows["varde"]) < 2 or True not in rows["egen"]:
        return None
    values = [float(v) for v in rows["varde"]]
    kvartil = rows["kvartil"]
    at = rows["egen"].index(True)
    own = {c: v[at] for c, v in rows.items()}
    plats, antal = int(own["plats"]), int(own["antal"])
    index = int(own["ordning"])
    # Too few kommuner for quartiles (model.jamforelse.MIN_FOR_QUARTILES): no bands, the ends named instead.
    quartiles = all(isinstance(k, str) for k in kvartil)
    n_best = kvartil.count("bäst")
    n_middle = kvartil.count("mellan")
    own_quartile = f", {KVARTIL_TEXT[own['kvartil']]}" if quartiles else ""
    higher = bool(ref["hogre_ar_battre"])
    period = str(ref["period"])
    median, riket = _float(ref.get("grupp_median")), _float(ref.get("riket"))
    refs = []
    if median is not None:
        refs.append(f"jämförelsegruppens median {indicator_value(median)}")
    if riket is not None:
        refs.append(f"riket {indicator_value(riket)}")
    alt = (f"Punktdiagram över kommunernas värden {period_text(period)}, sorterade från bäst till sämst "
           f"({'högre' if higher else 'lägre'} är bättre). {_whose(kommun_namn, 'plats')} bland {antal} kommuner: "
           f"plats {plats} av {antal}{own_quartile}, värde {indicator_value(float(own['varde']))}"
           + (f"; {', '.join(refs)}" if refs else "")
           + f"; från {indicator_value(values[0])} (bäst) till {indicator_value(values[-1])} (sämst).")
    return {
        "rubrik": f"Plats bland kommunerna, {period_text(period)}",
        "varden": values,
        "egen_index": index,
        "egen_etikett": f"{kommun_namn}: plats {plats} av {antal}",
        "kvartil_granser": [n_best, n_best + n_middle] if quartiles else [],
        "kvartil_namn": list(KVARTIL_NAMN) if quartiles else [],
        "andar": ["bäst", "sämst"],
        "grupp_median": median,
        "grupp_etikett": f"Jämförelsegrupp, median {indicator_value(median)}" if median is not None else "",
        "riket": riket,
        "riket_etikett": f"Riket {indicator_value(riket)}" if riket is not None else "",
        "hogre_ar_battre": higher,
        "alt": alt,
    }


def indicator_charts(series: ChartSeries, indikatorer: pd.DataFrame, kommun_namn: str) -> dict[str, dict]:
    """{indikator_id: {"historik": dict | None, "position": dict | None}} for every indicator in
    `indikatorer` (indikator_id, riktning, malvarde, malar, definitionsbyte; the first row of an indicator
    listed under several mål gives its målvärde)."""
    if indikatorer is None or len(indikatorer) == 0:
        return {}
    columns = [c for c in ("indikator_id", "riktning", "malvarde", "malar", "definitionsbyte")
               if c in indikatorer]
    info = {r["indikator_id"]: r for r in indikatorer.drop_duplicates("indikator_id")[columns].to_dict("records")}
    out = {str(i): {"historik": None, "position": None} for i in info}
    history = _runs(series.historik, ["indikator_id", "serie"])
    for (kpi, serie), own in history.items():
        if serie == "egen" and kpi in out:
            out[kpi]["historik"] = history_chart(own, history.get((kpi, "riket"), _NO_POINTS), info[kpi],
                                                 kommun_namn)
    refs = {r["indikator_id"]: r for r in series.referens.to_dict("records")}
    for (kpi,), rows in _runs(series.position, ["indikator_id"]).items():
        if kpi in out and kpi in refs:
            out[kpi]["position"] = position_chart(rows, refs[kpi], kommun_namn)
    return out


def report_indicator_charts(staged, model, config) -> dict[str, dict]:
    """indicator_charts for a run: staged (StagedInputs), model (ReportModel), config (Config). Computed once
    for the whole kommun; each nämnd's indicator rows then take theirs by indikator_id."""
    if len(staged.indikatorer) == 0 or len(model.indikatorer) == 0:
        return {}
    latest = model.indikatorer[["indikator_id", "varde_period"]]
    values = model.indikatorvarden if getattr(model, "indikatorvarden", None) is not None else staged.indikatorvarden
    series = chart_series(values, staged.indikatorer, latest, config.kommun_kod,
                          tuple(model.grupp.kommuner))
    return indicator_charts(series, staged.indikatorer, config.kommun_namn)
