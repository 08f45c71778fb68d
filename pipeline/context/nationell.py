"""The national comparison's contexts (`kommunrapport jämförelse`): one per kommun, every figure formatted
(Swedish numbers, places 'N av M'), from pipeline.model.nationell's table."""

from __future__ import annotations

import pandas as pd

from pipeline.context.format import long_date, number

SOURCE = ("Källa: Kolada (RKA), alla kommuners värden, i open-numbers DDF-dump av Kolada (hämtad från Koladas API "
          "hösten 2024).")
METHOD = [
    "Plats räknas från det högsta värdet bland alla kommuner med ett värde samma år (plats 1 = högst; lika värden "
    "delar den bästa platsen). Kolada säger inte om ett högt värde är bra eller dåligt för ett nyckeltal, så "
    "rapporten bedömer inte: fjärdedelen anger bara var värdet ligger (högsta fjärdedelen, mittersta hälften eller "
    "lägsta fjärdedelen; ingen när färre än fyra kommuner har ett värde).",
    "Kommungruppens median är medianen av alla kommuner i kommunens grupp i SKR:s kommungruppsindelning 2017 som har "
    "ett värde, kommunen själv medräknad.",
    "Trenden jämför det första och det sista värdet under de senaste tre åren (oförändrad när skillnaden är högst "
    "1 procent av det första värdet). Kvinnor och män visas för de nyckeltal som Kolada redovisar per kön.",
]


def _decimals(value: float) -> int:
    return 0 if abs(value) >= 100 else 1


def _fmt(value) -> str:
    return "–" if pd.isna(value) else number(float(value), _decimals(float(value)))


def comparison_contexts(dump, table: pd.DataFrame, groups: pd.DataFrame, codes: list[str], year: int,
                        day) -> list[dict]:
    """One context per kommun in `codes`, in that order: `dump` the KoladaDump (names, KPI titles), `table`
    pipeline.model.nationell.national_comparison's, `groups` SKR's kommungrupper (kommun, grupp)."""
    names = dict(zip(dump.kommuner["kommun"], dump.kommuner["namn"]))
    group_of = dict(zip(groups["kommun"], groups["grupp"]))
    titles = dict(zip(dump.kpis["kpi"], dump.kpis["titel"]))
    parts = {k: rows for k, rows in table.groupby("kommun", sort=False)}
    return [comparison_context(k, names.get(k, k), group_of.get(k, "ingen"), parts[k], titles, year, day)
            for k in codes]


def comparison_context(kommun: str, name: str, group: str, rows: pd.DataFrame, titles: dict[str, str], year: int,
                       day) -> dict:
    """A kommun's context: `rows` its part of the model's table (one row per KPI)."""
    table = []
    for r in rows.sort_values("kpi").itertuples(index=False):
        trend = "–" if pd.isna(r.trend_ord) else f"{r.trend_pil} {r.trend_ord} sedan {int(r.trend_fran)}"
        table.append({"kpi": r.kpi, "titel": titles.get(r.kpi, ""), "varde": _fmt(r.varde),
                      "plats": f"{r.plats} av {r.antal}", "kvartil": "–" if pd.isna(r.kvartil) else str(r.kvartil),
                      "grupp_median": _fmt(r.grupp_median), "riket": _fmt(r.riket), "trend": trend,
                      "kvinnor": _fmt(r.varde_k), "man": _fmt(r.varde_m)})
    counts = rows["kvartil"].value_counts()
    stem = f"{year} Jämförelserapport {name}"
    return {
        "dokument": {"titel": f"Jämförelserapport {year}: {name}", "ar": year, "filnamn": stem,
                     "datum": long_date(day), "datum_iso": day.isoformat(),
                     "amne": f"{name} jämförd med alla kommuner i Kolada {year}",
                     "nyckelord": "Kolada, jämförelse, nyckeltal"},
        "kommun": {"kod": kommun, "namn": name, "grupp": group},
        "sammanfattning": {"antal": len(table), "hogsta": int(counts.get("högsta fjärdedelen", 0)),
                           "lagsta": int(counts.get("lägsta fjärdedelen", 0)),
                           "mittersta": int(counts.get("mittersta hälften", 0))},
        "rader": table,
        "kalla": SOURCE,
        "metod": METHOD,
    }
