"""Build the plain-data context of one nämnd's report (tertialrapport): strings and lists only.

Templates (docx and html) receive exactly this dict; nothing in it is a pandas object.
"""

from __future__ import annotations

import pandas as pd

from pipeline.config import Config
from pipeline.context.common import ReportMeta, status
from pipeline.context.common import text as _text
from pipeline.context.format import EMPTY, indicator_value, long_date, period_text, tkr
from pipeline.context.mal import avvikelse_row, comparison_texts, computed_mal_status, cost_text, status_counts
from pipeline.model.mal import mal_for_namnd

__all__ = ["ReportMeta", "build_contexts", "build_namnd_context", "namnd_context"]


def _amount_row(row) -> dict:
    return {
        "arsbudget": tkr(row["arsbudget"]), "periodbudget": tkr(row["periodbudget"]), "utfall": tkr(row["utfall"]),
        "avvikelse": tkr(row["avvikelse"]), "prognos": tkr(row["prognos"]),
        "prognos_beraknad": tkr(row["prognos_beraknad"]), "avvikelse_helar": tkr(row["avvikelse_helar"]),
        "flagga": "Ja" if bool(row["prognos_flagga"]) else "",
    }


def _summary_text(meta: ReportMeta, namn: str, total: pd.Series) -> str:
    result = total["avvikelse_helar"]
    if abs(result) < 500:
        verdict = "en budget i balans"
    elif result > 0:
        verdict = f"ett överskott på {tkr(result)} tkr"
    else:
        verdict = f"ett underskott på {tkr(-result)} tkr"
    period = total["avvikelse"]
    period_word = "överskott" if period >= 0 else "underskott"
    return (f"{namn} redovisar för perioden {period_text(meta.year, meta.till_manad)} ett utfall på "
            f"{tkr(total['utfall'])} tkr mot en periodbudget på {tkr(total['periodbudget'])} tkr, ett {period_word} på "
            f"{tkr(abs(period))} tkr. Helårsprognosen är {tkr(total['prognos'])} tkr mot en årsbudget på "
            f"{tkr(total['arsbudget'])} tkr, vilket innebär {verdict}.")


def namnd_context(meta: ReportMeta, config: Config, namnd_id: str, drift: pd.DataFrame, total: pd.Series,
                  investeringar: pd.DataFrame, mal: pd.DataFrame, indikatorer: pd.DataFrame, analys: pd.DataFrame,
                  handelser: tuple[str, ...], atgardsplan: pd.DataFrame, aktiviteter: pd.DataFrame,
                  avvikelser: pd.DataFrame, mal_status: pd.DataFrame, mal_kostnad: pd.DataFrame,
                  grupp_namn: str) -> dict:
    """Everything one nämnd's tertialrapport shows, formatted."""
    n = config.namnd(namnd_id)
    title = f"{meta.dokumenttyp} {meta.year} {n.namn}"
    drift_rows = [{"kod": r["verksamhet"], "namn": _text(r["verksamhet_namn"]), **_amount_row(r)}
                  for r in drift.to_dict("records")]
    comments = [{"verksamhet": f"{r['verksamhet']} {_text(r['verksamhet_namn'])}", "text": _text(r["kommentar"]),
                 "flagga": bool(r["prognos_flagga"]), "prognos": tkr(r["prognos_forvaltning"]),
                 "beraknad": tkr(r["prognos_beraknad"])}
                for r in drift.to_dict("records") if _text(r["kommentar"]) or bool(r["prognos_flagga"])]
    inv_rows = [{"projekt": _text(r["projekt"]), "namn": _text(r["projektnamn"]), "budget": tkr(r["budget"]),
                 "utfall": tkr(r["utfall"]), "aterstar": tkr(r["aterstar"])} for r in investeringar.to_dict("records")]
    inv_sum = {"budget": tkr(investeringar["budget"].sum()), "utfall": tkr(investeringar["utfall"].sum()),
               "aterstar": tkr(investeringar["aterstar"].sum())}
    mal_items = []
    computed = mal_status.set_index("mal_id") if len(mal_status) else None
    costs = mal_kostnad.set_index("mal_id") if len(mal_kostnad) else None
    for m in mal.to_dict("records"):
        own = analys[(analys["avser_typ"] == "mal") & (analys["avser"] == m["mal_id"])]
        a = own.iloc[0] if len(own) else None
        rows = indikatorer[indikatorer["mal_id"] == m["mal_id"]]
        mal_items.append({
            "id": m["mal_id"], "formulering": _text(m["formulering"]),
            "kf": f"{_text(m['overordnat'])} {_text(m['kf_formulering'])}".strip(),
            "bedomning": status(a["bedomning"] if a is not None else None),
            **computed_mal_status(computed, m["mal_id"], a["bedomning"] if a is not None else None, meta),
            "kostnad": cost_text(costs, m["mal_id"], meta),
            "analys": _text(a["analys"]) if a is not None else "",
            "indikatorer": [{
                "id": r["indikator_id"], "namn": _text(r["namn"]), "enhet": _text(r["enhet"]),
                "malvarde": indicator_value(r["malvarde"]),
                "varde": indicator_value(r["varde"]) + (f" ({r['varde_period']})" if _text(r["varde_period"]) else ""),
                "status": status(r["status"]),
                **comparison_texts(r),
            } for r in rows.to_dict("records")],
        })
    activities = {}
    for a in aktiviteter.to_dict("records"):
        activities.setdefault(_text(a["atgard_id"]), []).append(
            {"aktivitet": _text(a["aktivitet"]), "ansvar": _text(a["ansvar"]), "nar": _text(a["nar"])})
    plans = [{"id": _text(p["atgard_id"]), "avser": _text(p["avser"]), "omrade": _text(p["omrade"]),
              "nulage": _text(p["nulage"]), "mal": _text(p["mal"]), "ansvar": _text(p["ansvar"]),
              "uppfoljning": _text(p["uppfoljning"]), "nar": _text(p["nar"]), "status": _text(p["status"]),
              "effekt": tkr(p["ekonomisk_effekt"] * 1000.0) if pd.notna(p["ekonomisk_effekt"]) else EMPTY,
              "aktiviteter": activities.get(_text(p["atgard_id"]), [])}
             for p in atgardsplan.to_dict("records")]
    key_figures = [
        {"namn": "Årsbudget", "varde": tkr(total["arsbudget"])},
        {"namn": "Utfall " + period_text(meta.year, meta.till_manad), "varde": tkr(total["utfall"])},
        {"namn": "Avvikelse mot periodbudget", "varde": tkr(total["avvikelse"])},
        {"namn": "Helårsprognos", "varde": tkr(total["prognos"])},
        {"namn": "Budgetavvikelse helår", "varde": tkr(total["avvikelse_helar"])},
        {"namn": "Investeringsutgifter hittills", "varde": inv_sum["utfall"]},
    ]
    return {
        "kommun": {"namn": meta.kommun},
        "namnd": {"id": n.id, "namn": n.namn, "forvaltning": n.forvaltning},
        "dokument": {
            "typ": meta.dokumenttyp, "titel": title, "ar": str(meta.year),
            "period": period_text(meta.year, meta.till_manad), "datum": long_date(meta.end_date),
            "datum_iso": meta.end_date.isoformat(), "amne": f"Uppföljning {period_text(meta.year, meta.till_manad)}",
            "nyckelord": f"{meta.dokumenttyp}, {n.namn}, {meta.kommun}, {meta.year}",
        },
        "sammanfattning": _summary_text(meta, n.namn, total),
        "statusrader": status_counts(mal_items),
        "jamforelse": {"grupp": grupp_namn,
                       "text": "Plats avser alla kommuner med ett värde för samma period. Utfall, riket och "
                               "jämförelsekommunernas värden för Kolada-nyckeltal: Källa: Kolada (RKA). Plats, "
                               f"fjärdedel och gruppens median är beräknade av kommunen. Jämförelsegrupp: {grupp_namn}."},
        "nyckeltal": key_figures,
        "drift": {"rader": drift_rows, "summa": _amount_row(total)},
        "prognoskommentarer": comments,
        "investeringar": {"rader": inv_rows, "summa": inv_sum},
        "mal": mal_items,
        "handelser": list(handelser),
        "atgardsplaner": plans,
        "avvikelser": [avvikelse_row(r) for r in avvikelser.to_dict("records")],
        "diagram": chart_data(drift, n.namn),
    }


def _wrap(text: str, width: int) -> str:
    """Break a chart label over at most two lines."""
    import textwrap

    lines = textwrap.wrap(text, width)
    return "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")


def chart_data(drift: pd.DataFrame, namnd_namn: str) -> dict:
    """Numbers for the budget-vs-prognos chart (tkr, floats) and its alt text."""
    labels = [_wrap(f"{r['verksamhet']} {_text(r['verksamhet_namn'])}", 34) for r in drift.to_dict("records")]
    budget = (drift["arsbudget"] / 1000.0).round(0).tolist()
    prognos = (drift["prognos"] / 1000.0).round(0).tolist()
    if len(drift):
        worst = drift.loc[drift["avvikelse_helar"].idxmin()]
        best = drift.loc[drift["avvikelse_helar"].idxmax()]
        alt = (f"Stapeldiagram över årsbudget och helårsprognos i tkr för {namnd_namn}s {len(drift)} verksamheter. "
               f"Störst underskott mot budget: {worst['verksamhet']} {_text(worst['verksamhet_namn'])} "
               f"({tkr(worst['avvikelse_helar'])} tkr). Störst överskott: {best['verksamhet']} "
               f"{_text(best['verksamhet_namn'])} ({tkr(best['avvikelse_helar'])} tkr).")
    else:
        alt = f"Diagrammet saknas: {namnd_namn} har ingen budget eller utfall."
    return {"etiketter": labels, "budget": budget, "prognos": prognos, "alt": alt,
            "rubrik": "Årsbudget och helårsprognos per verksamhet, tkr"}


def build_namnd_context(meta: ReportMeta, config: Config, staged, model, namnd_id: str) -> dict:
    """Slice the kommun-wide model for one nämnd and format it (staged: StagedInputs, model: ReportModel)."""
    drift = model.drift[model.drift["namnd"] == namnd_id]
    totals = model.totals.set_index("namnd")
    total = totals.loc[namnd_id] if namnd_id in totals.index else pd.Series(
        {c: 0.0 for c in totals.columns}).assign(prognos_flagga=False)
    mal = mal_for_namnd(staged.mal, namnd_id)
    indikatorer = model.indikatorer[model.indikatorer["mal_id"].isin(list(mal["mal_id"]))] \
        if len(model.indikatorer) else model.indikatorer
    underlag = staged.underlag.get(namnd_id)
    analys = model.analys[model.analys["namnd"] == namnd_id]
    empty = pd.DataFrame(columns=["atgard_id", "avser", "omrade", "nulage", "mal", "ansvar", "uppfoljning", "nar",
                                  "status", "ekonomisk_effekt"])
    return namnd_context(
        meta, config, namnd_id, drift, total,
        model.investeringar[model.investeringar["namnd"] == namnd_id], mal, indikatorer, analys,
        underlag.handelser if underlag else (),
        underlag.atgardsplan if underlag else empty,
        underlag.aktiviteter if underlag else pd.DataFrame(columns=["atgard_id", "aktivitet", "ansvar", "nar"]),
        model.avvikelser[model.avvikelser["namnd"] == namnd_id],
        model.mal_status,
        model.mal_kostnad,
        model.grupp.namn,
    )


def build_contexts(meta: ReportMeta, config: Config, staged, model) -> list[dict]:
    """One context per nämnd, in the configuration's order."""
    return [build_namnd_context(meta, config, staged, model, n.id) for n in config.namnder]
