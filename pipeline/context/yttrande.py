"""The nämnd's yttrande in the planning round (Motala Bilaga 1, "Prioritera inom nämnd"), formatted: the
förslag per section in the order prioriteringar inom ram, kommunövergripande prioriteringar, investeringar,
effektiviseringar och ransoneringar (each ranked by the nämnd, computed rank beside, with its konsekvensanalys),
the ekonomisk avstämning against the Ramar, and the åtgärds- och handlingsplaner."""

from __future__ import annotations

import pandas as pd

from pipeline.context.avrundning import round_series
from pipeline.context.common import text as _text, sentence
from pipeline.context.format import number
from pipeline.context.konsekvens import _matrix, brist, goals_of, plan_status
from pipeline.model.plan import PlanModel
from pipeline.model.prioritering import avstamning

SECTIONS = (
    ("Prioriteringar inom ram", ("Prioritering inom ram",)),
    ("Förslag till kommunövergripande prioriteringar", ("Kommunövergripande prioritering",)),
    ("Investeringsprioriteringar", ("Investering",)),
    ("Effektiviseringar och ransoneringar", ("Effektivisering", "Ransonering")),
)


def _avstamning(forslag: pd.DataFrame, ramar: pd.DataFrame, namnd_id: str) -> dict:
    """The förslag summed per Typ against the preliminary driftram and investeringsutrymme (tkr), in words."""
    a = avstamning(forslag.assign(kostnad=round_series(forslag["kostnad"], 1.0)), ramar, namnd_id)   # printed tkr
    rows = [{"namn": typ, "kostnad": number(kostnad)} for typ, kostnad in a.per_typ.items()]
    if not a.finns_ramar:
        return {"finns": False, "per_typ": rows,
                "text": "Preliminära ramar saknas (inget Ramar-blad med nämnden); avstämningen mot driftram och "
                        "investeringsutrymme kan inte göras. Förslagens summor per typ redovisas ovan."}
    inom, invest = a.inom_ram, a.investeringar
    drift_text = (f"Prioriteringar inom ram, effektiviseringar och ransoneringar ger tillsammans {number(inom)} tkr: "
                  + (f"{number(-inom)} tkr frigörs inom driftramen på {number(a.driftram)} tkr." if inom <= 0 else
                     f"{number(inom)} tkr saknas inom driftramen på {number(a.driftram)} tkr."))
    inv_text = (f"Investeringsförslagen uppgår till {number(invest)} tkr mot investeringsutrymmet "
                f"{number(a.investeringsutrymme)} tkr: "
                + (f"{number(a.investeringsutrymme_kvar)} tkr kvar." if a.investeringsutrymme_kvar >= 0 else
                   f"{number(-a.investeringsutrymme_kvar)} tkr saknas."))
    outside_text = f"Kommunövergripande prioriteringar, {number(a.kommunovergripande)} tkr, begärs utöver ramen."
    return {"finns": True, "per_typ": rows, "driftram": number(a.driftram),
            "investeringsutrymme": number(a.investeringsutrymme), "text": " ".join([drift_text, inv_text, outside_text])}


def yttrande_context(kommun: str, model: PlanModel, plan, namnd_id: str, namnd_namn: str) -> dict:
    """Everything one nämnd's yttrande shows."""
    year = model.year
    forslag = model.forslag[model.forslag["namnd"] == namnd_id]
    kons = plan.konsekvenser[plan.konsekvenser["namnd"] == namnd_id] if len(plan.konsekvenser) else plan.konsekvenser
    sections = []
    for title, types in SECTIONS:
        rows = forslag[forslag["typ"].isin(list(types))].sort_values(["typ", "namndens_rang", "beraknad_rang",
                                                                       "forslag_id"], na_position="last")
        items = []
        for f in rows.to_dict("records"):
            own = kons[kons["forslag_id"] == f["forslag_id"]] if len(kons) else kons
            rang = f["namndens_rang"]
            items.append({
                "rang": "–" if pd.isna(rang) else str(int(rang)), "beraknad_rang": str(int(f["beraknad_rang"])),
                "id": f["forslag_id"], "atgard": _text(f["atgard"]), "typ": f["typ"], "problem": sentence(f["problem"]),
                "malgrupp": _text(f["malgrupp"]), "kostnad": number(f["kostnad"]) + " tkr", "falt": f["falt"],
                "matris": _matrix(own),
                "agenda2030": goals_of(own),
                "ofullstandig": "" if f["fullstandig"] else brist(f["saknas"], f["samma_text"]),
            })
        sections.append({"rubrik": title, "forslag": items})
    plans = plan.atgardsplan[plan.atgardsplan["namnd"] == namnd_id] if len(plan.atgardsplan) else plan.atgardsplan
    acts = plan.aktiviteter[plan.aktiviteter["namnd"] == namnd_id] if len(plan.aktiviteter) else plan.aktiviteter
    handlingsplaner = [{"id": _text(p["atgard_id"]), "omrade": _text(p["omrade"]), "vad": _text(p["mal"]),
                        "vem": _text(p["ansvar"]), "nar": _text(p["nar"]), "uppfoljning": _text(p["uppfoljning"]),
                        "aktiviteter": [{"vad": _text(a["aktivitet"]), "hur": _text(a["viktiga_faktorer"]),
                                         "vem": _text(a["ansvar"]), "nar": _text(a["nar"])}
                                        for a in acts[acts["atgard_id"] == p["atgard_id"]].to_dict("records")]}
                       for p in plans.to_dict("records")]
    start = model.utgangslage[model.utgangslage["namnd"] == namnd_id] if len(model.utgangslage) else model.utgangslage
    own_mal = model.mal_fg[model.mal_fg["namnd"] == namnd_id] if len(model.mal_fg) else model.mal_fg
    utgangslage = {"finns": bool(len(start)), "ar": str(year - 1),
                   # per verksamhet rounded once and added, as the verksamhetsberättelse printed them
                   "text": (f"Budget {year - 1}: {number(round_series(start['budget'].fillna(0)).sum() / 1000)} tkr; "
                            f"utfall {year - 1}: {number(round_series(start['utfall'].fillna(0)).sum() / 1000)} tkr "
                            "(nettokostnad).") if len(start) else "",
                   "mal": [{"id": m["mal_id"], "formulering": _text(m["formulering"])}
                           for m in own_mal.sort_values("mal_id").to_dict("records")]}
    typ = "Yttrande"
    return {
        "kommun": {"namn": kommun},
        "namnd": {"id": namnd_id, "namn": namnd_namn},
        "dokument": {
            "typ": typ, "titel": f"{namnd_namn}s yttrande: prioriteringar inför mål och resursplan {year}"
                                 + (" – preliminärt (valår)" if model.preliminar else ""),
            "ar": str(year), "datum_iso": f"{year - 1}-05-01",
            "amne": f"Prioritera inom nämnd: {namnd_namn}s prioriteringar och konsekvenser inför {year}.",
            "nyckelord": f"Yttrande, prioritering, {namnd_namn}, {kommun}, {year}",
            "filnamn": f"{year} Yttrande prioriteringar {namnd_namn}",
            "status": plan_status(model.preliminar),
        },
        "avsnitt": sections,
        "avstamning": _avstamning(forslag, plan.ramar, namnd_id),
        "utgangslage": utgangslage,
        "handlingsplaner": handlingsplaner,
    }
