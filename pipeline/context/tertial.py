"""Build the plain-data context of one nämnd's report (tertialrapport): strings and lists only.

Templates (docx and html) receive exactly this dict; nothing in it is a pandas object.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from pipeline.config import Config
from pipeline.context.common import ReportMeta, decision_status, status
from pipeline.context.common import text as _text
from pipeline.context.format import indicator_value, long_date, period_text, tkr
from pipeline.context.styrsystem import styrsystem_context
from pipeline.context.extern_regi import extern_regi_context
from pipeline.context.avrundning import rounded_model
from pipeline.context.atgarder import decision_rows, effect_summary, follow_up_rows, plan_items
from pipeline.context.mal import (appendix_units, avvikelse_row, best_rows, cause_groups, comparison_texts, computed_mal_status, cost_text,
                                  framgang_rows, indicator_comment, indicator_cost_text, kf_signal, spread_text,
                                  status_counts, value_text)
from pipeline.model.ekonomi import BALANS, OVERSKOTT, UNDERSKOTT, budgetbalans, investering_totals
from pipeline.model.mal import mal_for_namnd
from pipeline.read import kinds

__all__ = ["ReportMeta", "build_contexts", "build_namnd_context", "namnd_context"]


def amount_row(row) -> dict:
    """The amount columns of a driftredovisning row (a verksamhet, a nämnd or the kommun), in tkr."""
    return {
        "arsbudget": tkr(row["arsbudget"]), "periodbudget": tkr(row["periodbudget"]), "utfall": tkr(row["utfall"]),
        "avvikelse": tkr(row["avvikelse"]), "prognos": tkr(row["prognos"]),
        "prognos_beraknad": tkr(row["prognos_beraknad"]), "avvikelse_helar": tkr(row["avvikelse_helar"]),
        "flagga": "Ja" if bool(row["prognos_flagga"]) else "",
    }


def summary_text(meta: ReportMeta, namn: str, total: pd.Series, balans_kr: float) -> str:
    """One paragraph on the period and the year for a nämnd (or the kommun): utfall, prognos, över/underskott
    (within `balans_kr`, config troskel.budget_i_balans_kr: en budget i balans). At the bokslut the year is
    closed: the year's utfall against the årsbudget, no prognos."""
    result = total["avvikelse_helar"]
    verdict = {BALANS: "en budget i balans", OVERSKOTT: f"ett överskott på {tkr(result)} tkr",
               UNDERSKOTT: f"ett underskott på {tkr(-result)} tkr"}[budgetbalans(result, balans_kr)]
    if meta.till_manad == 12:
        return (f"{namn} redovisar för {meta.year} ett utfall på {tkr(total['utfall'])} tkr mot en årsbudget på "
                f"{tkr(total['arsbudget'])} tkr, vilket innebär {verdict}.")
    period = total["avvikelse"]
    period_word = "överskott" if period >= 0 else "underskott"
    return (f"{namn} redovisar för perioden {period_text(meta.year, meta.till_manad)} ett utfall på "
            f"{tkr(total['utfall'])} tkr mot en periodbudget på {tkr(total['periodbudget'])} tkr, ett {period_word} på "
            f"{tkr(abs(period))} tkr. Helårsprognosen är {tkr(total['prognos'])} tkr mot en årsbudget på "
            f"{tkr(total['arsbudget'])} tkr, vilket innebär {verdict}.")


@dataclass(frozen=True)
class NamndData:
    """The kommun-wide model sliced for one nämnd (frames keep their model columns)."""

    drift: pd.DataFrame
    total: pd.Series
    investeringar: pd.DataFrame
    mal: pd.DataFrame              # the nämnd's mål with kf_formulering (model.mal.mal_for_namnd)
    indikatorer: pd.DataFrame
    analys: pd.DataFrame
    handelser: tuple[str, ...]
    atgardsplan: pd.DataFrame
    aktiviteter: pd.DataFrame
    avvikelser: pd.DataFrame
    internkontroll: pd.DataFrame = field(default_factory=pd.DataFrame)   # kinds.INTERNKONTROLL keys


def internkontroll_rows(frame: pd.DataFrame) -> list[dict]:
    """The Internkontroll sheet's rows: kontrollmoment, risk, resultat, avvikelse, atgard (texts, '–' if empty)."""
    keys = ("kontrollmoment", "risk", "resultat", "avvikelse", "atgard")
    return [{k: _text(r.get(k)) or "–" for k in keys} for r in frame.to_dict("records")] if len(frame) else []


def headings_for(meta: ReportMeta) -> dict:
    """Column and section words that differ at the bokslut, where the year is known (no prognos)."""
    if meta.till_manad == 12:
        return {"prognos": "Utfall helår", "kommentarer": "Kommentarer till årets utfall"}
    return {"prognos": "Helårsprognos", "kommentarer": "Helårsprognos och kommentarer"}


def _key_figures(meta: ReportMeta, total: pd.Series, effect: dict, investeringar: str) -> list[dict]:
    """The Nyckeltal table: at the bokslut the closed year (utfall against årsbudget, no prognos, no effect of
    åtgärder); at the delår the helårsprognos first; at the tertial the period first."""
    if meta.till_manad == 12:
        return [{"namn": "Årsbudget", "varde": tkr(total["arsbudget"])},
                {"namn": f"Utfall {meta.year}", "varde": tkr(total["utfall"])},
                {"namn": "Avvikelse mot årsbudget", "varde": tkr(total["avvikelse_helar"])},
                {"namn": f"Investeringsutgifter {meta.year}", "varde": investeringar}]
    key_figures = [
        {"namn": "Årsbudget", "varde": tkr(total["arsbudget"])},
        {"namn": "Utfall " + period_text(meta.year, meta.till_manad), "varde": tkr(total["utfall"])},
        {"namn": "Avvikelse mot periodbudget", "varde": tkr(total["avvikelse"])},
        {"namn": "Helårsprognos", "varde": tkr(total["prognos"])},
        {"namn": "Budgetavvikelse helår", "varde": tkr(total["avvikelse_helar"])},
    ]
    if meta.tillfalle == "delar":   # at the delår the helårsprognos is the main figure
        key_figures = key_figures[3:5] + key_figures[:3]
    if effect["finns"]:
        key_figures.append({"namn": "Prognos efter åtgärder", "varde": effect["prognos_efter"]})
    key_figures.append({"namn": "Investeringsutgifter hittills", "varde": investeringar})
    return key_figures


def _indicator_item(r: dict, data: NamndData, model, meta: ReportMeta, charts: dict) -> dict:
    ind = r["indikator_id"]
    return {
        "id": ind, "namn": _text(r["namn"]), "enhet": _text(r["enhet"]),
        "malvarde": indicator_value(r["malvarde"]),
        "varde": value_text(r, meta),
        "status": status(r["status"]),
        **comparison_texts(r),
        "kommentar": indicator_comment(data.analys, ind),
        "spridning": spread_text(model.enhet_spridning, ind),
        "kostnad": indicator_cost_text(model.indikator_kostnad, ind, meta),
        "diagram": charts.get(ind, {"historik": None, "position": None}),
    }


def _mal_items(meta: ReportMeta, data: NamndData, model, charts: dict) -> list[dict]:
    computed = model.mal_status.set_index("mal_id") if len(model.mal_status) else None
    costs = model.mal_kostnad.set_index("mal_id") if len(model.mal_kostnad) else None
    items = []
    for m in data.mal.to_dict("records"):
        own = data.analys[(data.analys["avser_typ"] == "mal") & (data.analys["avser"] == m["mal_id"])]
        a = own.iloc[0] if len(own) else None
        rows = data.indikatorer[data.indikatorer["mal_id"] == m["mal_id"]]
        items.append({
            "id": m["mal_id"], "formulering": _text(m["formulering"]), "kf_id": _text(m["overordnat"]),
            "kf": f"{_text(m['overordnat'])} {_text(m['kf_formulering'])}".strip(),
            "bedomning": status(a["bedomning"] if a is not None else None),
            **computed_mal_status(computed, m["mal_id"], a["bedomning"] if a is not None else None, meta),
            "kostnad": cost_text(costs, m["mal_id"], meta),
            "analys": _text(a["analys"]) if a is not None else "",
            "indikatorer": [_indicator_item(r, data, model, meta, charts) for r in rows.to_dict("records")],
        })
    return items


def _kf_groups(meta: ReportMeta, mal_items: list[dict], model) -> list[dict]:
    """The nämnd's mål grouped under their KF-mål, each KF-mål with its own signal across all nämnder."""
    kf = model.kf_status.set_index("mal_id") if len(model.kf_status) else None
    groups: dict[str, dict] = {}
    for item in mal_items:
        key = item["kf_id"]
        if key not in groups:
            if kf is not None and key in kf.index:
                row = kf.loc[key]
                groups[key] = {"id": key, "formulering": _text(row["formulering"]), **kf_signal(row, meta), "mal": []}
            else:
                groups[key] = {"id": key, "formulering": "Nämndmål utan kommunfullmäktiges mål",
                               "signal": status(None), "grund": "", "mal": []}
        groups[key]["mal"].append(item)
    return [groups[k] for k in sorted(groups, key=lambda k: (k == "", k))]


def namnd_context(meta: ReportMeta, config: Config, namnd_id: str, data: NamndData, model,
                  charts: dict | None = None) -> dict:
    """Everything one nämnd's tertialrapport shows, formatted. `model` is the kommun-wide ReportModel (for
    the KF-mål roll-up and the per-enhet and cost figures); `charts` the per-indicator chart data."""
    n = config.namnd(namnd_id)
    decision = decision_status(config)
    drift, total, investeringar = data.drift, data.total, data.investeringar
    title = f"{meta.namnd_dokumenttyp} {meta.year} {n.namn}"
    drift_rows = [{"kod": r["verksamhet"], "namn": _text(r["verksamhet_namn"]), **amount_row(r)}
                  for r in drift.to_dict("records")]
    comments = [{"verksamhet": f"{r['verksamhet']} {_text(r['verksamhet_namn'])}", "text": _text(r["kommentar"]),
                 "flagga": bool(r["prognos_flagga"]), "prognos": tkr(r["prognos_forvaltning"]),
                 "beraknad": tkr(r["prognos_beraknad"])}
                for r in drift.to_dict("records") if _text(r["kommentar"]) or bool(r["prognos_flagga"])]
    inv_rows = [{"projekt": _text(r["projekt"]), "namn": _text(r["projektnamn"]), "budget": tkr(r["budget"]),
                 "utfall": tkr(r["utfall"]), "aterstar": tkr(r["aterstar"])} for r in investeringar.to_dict("records")]
    inv_sum = {k: tkr(v) for k, v in investering_totals(investeringar).items()}
    mal_items = _mal_items(meta, data, model, charts or {})
    effect = effect_summary(model.atgardseffekt, namnd_id)
    key_figures = _key_figures(meta, total, effect, inv_sum["utfall"])
    framgang = model.framgangar[model.framgangar["namnd"] == namnd_id] if len(model.framgangar) else model.framgangar
    own_ids = set(data.indikatorer["indikator_id"]) if len(data.indikatorer) else set()
    return {
        "kommun": {"namn": meta.kommun},
        "namnd": {"id": n.id, "namn": n.namn, "forvaltning": n.forvaltning},
        "dokument": {
            "typ": meta.namnd_dokumenttyp, "titel": title, "ar": str(meta.year),
            "period": period_text(meta.year, meta.till_manad), "datum": long_date(meta.end_date),
            "datum_iso": meta.end_date.isoformat(), "amne": f"Uppföljning {period_text(meta.year, meta.till_manad)}. {decision['text']}.",
            "nyckelord": f"{meta.namnd_dokumenttyp}, {n.namn}, {meta.kommun}, {meta.year}, {decision['ord']}",
            "status": decision,
        },
        "sammanfattning": summary_text(meta, n.namn, total, config.troskel.budget_i_balans_kr),
        "statusrader": status_counts(mal_items),
        "jamforelse": {"grupp": model.grupp.namn,
                       "text": "Plats avser alla kommuner med ett värde för samma period. Utfall, riket och "
                               "jämförelsekommunernas värden för Kolada-nyckeltal: Källa: Kolada (RKA). Plats, "
                               "fjärdedel och gruppens median är beräknade av kommunen. Jämförelsegrupp: "
                               f"{model.grupp.namn}." + own_figures_text(model, own_ids, meta)},
        "nyckeltal": key_figures,
        "drift": {"rader": drift_rows, "summa": amount_row(total)},
        "prognoskommentarer": comments,
        "investeringar": {"rader": inv_rows, "summa": inv_sum},
        "kf_mal": _kf_groups(meta, mal_items, model),
        "mal": mal_items,
        "framgangar": framgang_rows(framgang),
        "handelser": list(data.handelser),
        "internkontroll": internkontroll_rows(data.internkontroll),
        "extern_regi": extern_regi_context(model, namnd_id, {str(r["verksamhet"]): _text(r["verksamhet_namn"])
                                                             for r in drift.to_dict("records")}, meta.end_date,
                                           config.extern_regi.sanktionstrappa),
        "rubriker": headings_for(meta),
        "atgardsplaner": plan_items(data.atgardsplan, data.aktiviteter),
        "atgardseffekt": effect,
        "beslut": decision_rows(model.beslut, namnd_id),
        "uppfoljning": follow_up_rows(model.uppfoljning, namnd_id, model.fore_efter),
        "uppfoljning_tillfalle": meta.previous_text,
        "avvikelser": [avvikelse_row(r, meta) for r in data.avvikelser.to_dict("records")],
        "basta": best_rows(model.basta, data.indikatorer),
        "orsaker": cause_groups(data.analys, data.mal, data.indikatorer,
                                {str(r["verksamhet"]): _text(r["verksamhet_namn"]) for r in drift.to_dict("records")}),
        "bilaga_enheter": appendix_units(model.enheter[model.enheter["indikator_id"].isin(list(own_ids))]
                                         if len(model.enheter) else model.enheter, data.indikatorer),
        "diagram": chart_data(drift, n.namn, meta),
        "styrsystem": [],   # the nämnd's styrsystemsanalys warnings, filled by build_contexts
    }


def own_figures_text(model, ids: set, meta: ReportMeta) -> str:
    """The sentence naming the indicators whose own values come from the kommun's books, not Kolada
    (model.arsredovisning.egna_nyckeltal), among `ids`; '' when there are none. At the bokslut the year is
    closed: its figures come from the year's books, no prognos."""
    egna = getattr(model, "egna_nyckeltal", None)
    own = sorted(set(egna["indikator_id"]) & ids) if egna is not None and len(egna) else []
    if not own:
        return ""
    this_year = "årets huvudbok" if meta.till_manad == 12 else "årets huvudbok eller helårsprognos"
    return (f" Kommunens egna värden för {', '.join(own)} kommer ur kommunens räkenskaper ({this_year}, "
            "föregående års huvudbok och årsredovisningarnas femårsöversikt), inte ur Kolada; "
            "Kolada används för de andra kommunerna.")


def _wrap(text: str, width: int) -> str:
    """Break a chart label over at most two lines."""
    import textwrap

    lines = textwrap.wrap(text, width)
    return "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")


def chart_data(drift: pd.DataFrame, namnd_namn: str, meta: ReportMeta | None = None) -> dict:
    """Numbers for the budget-vs-prognos chart (tkr, floats) and its alt text; at the bokslut the bars are the
    year's utfall (serie "Utfall {år}")."""
    closed = meta is not None and meta.till_manad == 12
    serie = f"Utfall {meta.year}" if closed else "Helårsprognos"
    labels = [_wrap(f"{r['verksamhet']} {_text(r['verksamhet_namn'])}", 34) for r in drift.to_dict("records")]
    budget = (drift["arsbudget"] / 1000.0).round(0).tolist()
    prognos = (drift["prognos"] / 1000.0).round(0).tolist()
    if len(drift):
        worst = drift.loc[drift["avvikelse_helar"].idxmin()]
        best = drift.loc[drift["avvikelse_helar"].idxmax()]
        alt = (f"Stapeldiagram över årsbudget och {serie.lower()} i tkr för {namnd_namn}s {len(drift)} verksamheter. "
               f"Störst underskott mot budget: {worst['verksamhet']} {_text(worst['verksamhet_namn'])} "
               f"({tkr(worst['avvikelse_helar'])} tkr). Störst överskott: {best['verksamhet']} "
               f"{_text(best['verksamhet_namn'])} ({tkr(best['avvikelse_helar'])} tkr).")
    else:
        alt = f"Diagrammet saknas: {namnd_namn} har ingen budget eller utfall."
    return {"etiketter": labels, "budget": budget, "prognos": prognos, "alt": alt, "serie": serie,
            "rubrik": f"Årsbudget och {serie.lower()} per verksamhet, tkr"}


def build_namnd_context(meta: ReportMeta, config: Config, staged, model, namnd_id: str,
                        charts: dict | None = None) -> dict:
    """Slice the kommun-wide model for one nämnd and format it (staged: StagedInputs, model: ReportModel)."""
    model = rounded_model(model)   # amounts as printed: rounded once, totals and differences from them
    totals = model.totals.set_index("namnd")
    total = totals.loc[namnd_id] if namnd_id in totals.index else pd.Series(
        {c: 0.0 for c in totals.columns}).assign(prognos_flagga=False)
    mal = mal_for_namnd(staged.mal, namnd_id)
    indikatorer = model.indikatorer[model.indikatorer["mal_id"].isin(list(mal["mal_id"]))] \
        if len(model.indikatorer) else model.indikatorer
    underlag = staged.underlag.get(namnd_id)
    empty_plans = pd.DataFrame(columns=[c.key for c in kinds.ATGARDSPLAN])
    empty_activities = pd.DataFrame(columns=[c.key for c in kinds.AKTIVITETER])
    data = NamndData(
        drift=model.drift[model.drift["namnd"] == namnd_id], total=total,
        investeringar=model.investeringar[model.investeringar["namnd"] == namnd_id], mal=mal,
        indikatorer=indikatorer, analys=model.analys[model.analys["namnd"] == namnd_id],
        handelser=underlag.handelser if underlag else (),
        atgardsplan=underlag.atgardsplan if underlag else empty_plans,
        aktiviteter=underlag.aktiviteter if underlag else empty_activities,
        avvikelser=model.avvikelser[model.avvikelser["namnd"] == namnd_id],
        internkontroll=underlag.internkontroll if underlag else pd.DataFrame(),
    )
    return namnd_context(meta, config, namnd_id, data, model, charts)


def build_contexts(meta: ReportMeta, config: Config, staged, model, styrsystem: pd.DataFrame | None = None,
                   charts: dict | None = None) -> list[dict]:
    """One context per nämnd, in the configuration's order. `styrsystem`: the run's styrsystemsanalys
    warnings (model.styrsystem); each nämnd's appendix lists its own. `charts`: per-indicator chart data."""
    model = rounded_model(model)   # once for all nämnder (build_namnd_context then takes it as it is)
    out = []
    for n in config.namnder:
        context = build_namnd_context(meta, config, staged, model, n.id, charts)
        own = styrsystem[styrsystem["namnd"] == n.id] if styrsystem is not None and len(styrsystem) else None
        context["styrsystem"] = styrsystem_context(own) if own is not None else []
        out.append(context)
    return out
