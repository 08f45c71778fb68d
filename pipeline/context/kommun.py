"""The kommunövergripande report to KS/KF at a reporting point (issue 7 point 3): every nämnd's economy in one
table whose sum is the kommun's, every KF-mål with its signal rolled up from the nämnder's mål, the finansiella
mål, all avvikelser with or without åtgärdsplan, and one part per nämnd. Plain strings and lists only.

Finansiella mål: until the central workbook of the årsredovisning names them, they are the indicators of the
mål whose Målområde is "Ekonomi" (the example's KF5 God ekonomisk hushållning).
"""

from __future__ import annotations

import pandas as pd

from pipeline.config import Config
from pipeline.context.avrundning import rounded_model
from pipeline.context.common import ReportMeta, decision_status, status
from pipeline.context.common import text as _text
from pipeline.context.extern_regi import kommun_rows
from pipeline.context.atgarder import evaluation_rows
from pipeline.context.format import count_phrase, indicator_value, long_date, period_text
from pipeline.context.mal import avvikelse_row, computed_mal_status, kf_signal, value_text
from pipeline.context.tertial import amount_row, headings_for, summary_text
from pipeline.model.ekonomi import kommun_totals
from pipeline.model.mal import FINANCIAL_AREA


def _own(analys: pd.DataFrame, namnd: str, mal_id: str) -> dict:
    rows = analys[(analys["namnd"] == namnd) & (analys["avser_typ"] == "mal") & (analys["avser"] == mal_id)]
    return status(rows["bedomning"].iloc[0] if len(rows) else None)


def kommun_context(meta: ReportMeta, config: Config, staged, model) -> dict:
    """Everything the kommunövergripande report shows, formatted."""
    model = rounded_model(model)   # amounts as printed: rounded once, totals and differences from them
    names = {n.id: n.namn for n in config.namnder}
    balans_kr = config.troskel.budget_i_balans_kr
    totals = model.totals.set_index("namnd")
    total = kommun_totals(model.drift)
    economy = [{"namnd": n.namn, **amount_row(totals.loc[n.id])} for n in config.namnder if n.id in totals.index]
    mal = staged.mal
    computed = model.mal_status.set_index("mal_id") if len(model.mal_status) else None

    def beraknad(mal_id: str) -> dict:
        return computed_mal_status(computed, mal_id, None, meta)["beraknad"]

    kf_items = []
    for kf in model.kf_status.to_dict("records"):
        children = mal[(mal["niva"] == "Nämnd") & (mal["overordnat"] == kf["mal_id"])].sort_values(["namnd", "mal_id"])
        kf_items.append({
            "id": kf["mal_id"], "formulering": _text(kf["formulering"]), **kf_signal(kf, meta),
            "namndmal": [{"id": m["mal_id"], "namnd": names.get(m["namnd"], _text(m["namnd"])),
                          "formulering": _text(m["formulering"]),
                          "beraknad": beraknad(m["mal_id"]),
                          "bedomning": _own(model.analys, m["namnd"], m["mal_id"])}
                         for m in children.to_dict("records")],
        })
    financial_ids = set(mal.loc[mal["malomrade"] == FINANCIAL_AREA, "mal_id"]) if len(mal) else set()
    financial = model.indikatorer[model.indikatorer["mal_id"].isin(list(financial_ids))] \
        if len(model.indikatorer) else model.indikatorer
    finansiella = [{"mal": r["mal_id"], "namn": _text(r["namn"]), "malvarde": indicator_value(r["malvarde"]),
                    "varde": value_text(r, meta),
                    "status": status(r["status"])}
                   for r in financial.drop_duplicates("indikator_id").to_dict("records")]
    deviations = [{"namnd": names.get(r["namnd"], r["namnd"]), **avvikelse_row(r, meta)}
                  for r in model.avvikelser.to_dict("records")]
    parts = []
    for n in config.namnder:
        t = totals.loc[n.id] if n.id in totals.index else None
        own_mal = mal[(mal["niva"] == "Nämnd") & (mal["namnd"] == n.id)].sort_values("mal_id")
        parts.append({
            "namn": n.namn, "forvaltning": n.forvaltning,
            "sammanfattning": summary_text(meta, n.namn, t, balans_kr) if t is not None else
            f"{n.namn} har ingen budget eller utfall för perioden.",
            "mal": [{"id": m["mal_id"], "formulering": _text(m["formulering"]),
                     "beraknad": beraknad(m["mal_id"]),
                     "bedomning": _own(model.analys, n.id, m["mal_id"])} for m in own_mal.to_dict("records")],
            "saknas": (own_missing := sum(d["saknas"] for d in deviations if d["namnd"] == n.namn)),
            "saknas_text": count_phrase(own_missing, "avvikelse saknar", "avvikelser saknar") + " åtgärdsplan eller analys.",
        })
    decision = decision_status(config)
    typ = f"Kommunövergripande uppföljning, {meta.dokumenttyp}"
    missing = sum(d["saknas"] for d in deviations)
    return {
        "kommun": {"namn": meta.kommun},
        "dokument": {
            "typ": typ, "titel": f"{typ} {meta.year} {meta.kommun}", "ar": str(meta.year),
            "period": period_text(meta.year, meta.till_manad), "datum": long_date(meta.end_date),
            "datum_iso": meta.end_date.isoformat(),
            "amne": f"Kommunövergripande uppföljning {period_text(meta.year, meta.till_manad)}. {decision['text']}.",
            "nyckelord": f"{meta.dokumenttyp}, kommunövergripande, {meta.kommun}, {meta.year}, {decision['ord']}",
            "status": decision, "mottagare": "Kommunstyrelsen och kommunfullmäktige",
            "filnamn": f"{meta.year} {meta.dokumenttyp} Kommunövergripande",
        },
        "sammanfattning": summary_text(meta, meta.kommun, total, balans_kr)
        + f" {count_phrase(len(deviations), 'avvikelse redovisas', 'avvikelser redovisas')}; {missing} saknar "
          "åtgärdsplan eller analys.",
        "rubriker": headings_for(meta),
        "ekonomi": {"rader": economy, "summa": amount_row(total)},
        "kf_mal": kf_items,
        "finansiella_mal": finansiella,
        "avvikelser": deviations,
        "namnder": parts,
        "utvardering": {"tillfalle": meta.previous_text, "rader": evaluation_rows(model, config)},
        "extern_regi_namnder": kommun_rows(model, config, meta.end_date),
    }
