"""Formatting of mål and indicator figures for the documents (statuses, comparisons, costs)."""

from __future__ import annotations

import pandas as pd

from pipeline.context.common import STATUS_STYLE, ReportMeta, status
from pipeline.context.format import EMPTY, indicator_value, percent, period_text, tkr
from pipeline.model.mal import PROGNOS_WORDS, STATUS_INFORMATION, STATUS_KAN_EJ


def status_counts(mal_items: list[dict]) -> list[dict]:
    """The opening of the sammanfattning: how many mål and indicators have each status, symbol + word."""
    def count(words: list[str]) -> str:
        parts = [f"{STATUS_STYLE[w][0]} {words.count(w)} {w.lower()}" for w in STATUS_STYLE if words.count(w)]
        return ", ".join(parts) if parts else "inga"
    mal_words = [m["beraknad"]["ord"] for m in mal_items]
    ind_words = [i["status"]["ord"] for m in mal_items for i in m["indikatorer"]]
    information = ind_words.count(STATUS_INFORMATION)
    return [
        {"namn": f"Mål ({len(mal_words)}), beräknat utifrån indikatorerna", "text": count(mal_words)},
        {"namn": f"Indikatorer ({len(ind_words)})",
         "text": count(ind_words) + (f"; {information} informationsmått utan status" if information else "")},
    ]


def computed_mal_status(computed, mal_id: str, own: str | None, meta: ReportMeta) -> dict:
    """The mål's status computed from its indicators: a prognosis for the year at tertial and delår, a verdict
    at bokslut; flagged where the förvaltning's own bedömning says otherwise."""
    if computed is None or mal_id not in computed.index:
        word, row = STATUS_KAN_EJ, None
    else:
        row = computed.loc[mal_id]
        word = row["beraknad"]
    label = PROGNOS_WORDS[word] if meta.tillfalle in ("tertial", "delar") else word
    basis = (f"{int(row['uppfyllda'])} av {int(row['bedomda'])} bedömda indikatorer uppfyllda, "
             f"{int(row['delvis'])} delvis" if row is not None and row["bedomda"] else "inga bedömda indikatorer")
    differs = isinstance(own, str) and own != STATUS_KAN_EJ and word != STATUS_KAN_EJ and own != word
    return {"beraknad": status(word, label), "beraknad_grund": basis,
            "avviker": "Förvaltningens bedömning avviker från den beräknade." if differs else ""}


def cost_text(costs, mal_id: str, meta: ReportMeta) -> str:
    """'Verksamheterna 407, 440: årsbudget …' – what the mål's verksamheter cost; '' without linked ones."""
    if costs is None or mal_id not in costs.index:
        return ""
    c = costs.loc[mal_id]
    change = ""
    if pd.notna(c["utfall_fg"]):
        change = f" (samma period {meta.year - 1}: {tkr(c['utfall_fg'])} tkr"
        change += f", {'+' if c['forandring'] >= 0 else ''}{percent(c['forandring'])})" if pd.notna(c["forandring"]) else ")"
    codes = ", ".join(c["verksamheter"])
    word = "Verksamheten" if len(c["verksamheter"]) == 1 else "Verksamheterna"
    return (f"{word} {codes}: årsbudget {tkr(c['arsbudget'])} tkr, utfall {period_text(meta.year, meta.till_manad)} "
            f"{tkr(c['utfall'])} tkr{change}, helårsprognos {tkr(c['prognos'])} tkr.")


KVARTIL_TEXT = {"bäst": "bästa fjärdedelen", "mellan": "mittersta hälften", "sämst": "sämsta fjärdedelen"}


def comparison_texts(row: dict) -> dict:
    """Trend, plats, jämförelsegrupp, riket and K/M of one indicator row, formatted."""
    plats = (f"plats {int(row['plats'])} av {int(row['antal'])}" if pd.notna(row.get("plats")) else EMPTY)
    kvartil = row.get("kvartil")
    km = EMPTY
    if pd.notna(row.get("varde_k")) and pd.notna(row.get("varde_m")):
        km = f"K {indicator_value(row['varde_k'])}, M {indicator_value(row['varde_m'])}"
    trend = f"{row['trend_pil']} {row['trend_ord']}".strip() if isinstance(row.get("trend_ord"), str) else EMPTY
    return {
        "trend": trend,
        "plats": plats,
        "kvartil": KVARTIL_TEXT.get(kvartil, "") if isinstance(kvartil, str) else "",
        "grupp": indicator_value(row.get("grupp_median")),
        "riket": indicator_value(row.get("riket")),
        "km": km,
    }




def avvikelse_row(r: dict) -> dict:
    """One row of the avvikelser table: what, which kind, how far off, and how it is handled."""
    kind = r["typ"]
    if kind == "ekonomisk":
        description = f"prognostiserat underskott {tkr(-r['belopp'])} tkr"
    elif kind == "mot mål":
        description = f"{indicator_value(r['varde'])} mot målvärdet {indicator_value(r['malvarde'])}"
    elif kind == "mot andra kommuner":
        description = f"sämsta fjärdedelen, plats {int(r['plats'])} av {int(r['antal'])}"
    else:
        description = "försämras: " + " → ".join(indicator_value(v) for v in r["trend_varden"])
    if r["saknas"]:
        handling = "Åtgärdsplan saknas"
    elif isinstance(r["atgard_ids"], str) and r["atgard_ids"]:
        handling = f"Åtgärdsplan {r['atgard_ids']}"
    elif r["har_analys"]:
        handling = "Analys finns"
    else:
        handling = EMPTY
    return {"avser": f"{r['avser']} {r['namn'] if isinstance(r['namn'], str) else ''}".strip(), "slag": kind,
            "beskrivning": description, "hantering": handling, "saknas": bool(r["saknas"])}
