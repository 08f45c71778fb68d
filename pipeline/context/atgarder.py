"""Åtgärdsplaner, their aktiviteter (VEM / VAD / HUR / NÄR), prognos efter åtgärder, decisions needed and the
follow-up of the previous reporting point's plans, formatted for the documents."""

from __future__ import annotations

import pandas as pd

from pipeline.context.common import text
from pipeline.read.kinds import AVSLAGEN_STATUS
from pipeline.context.format import EMPTY, count_phrase, indicator_value, long_date, tkr

PLAN_FIELDS = (("Avser", "avser"), ("Område", "omrade"), ("Verksamhet", "verksamhet"), ("Varför", "varfor"),
               ("Nuläge/problematik", "nulage"), ("Mål", "mal"), ("Ansvar", "ansvar"), ("Beslutsnivå", "beslutsniva"),
               ("När", "nar"), ("Klart senast", "klart_senast"), ("Uppföljning", "uppfoljning"),
               ("Rapporteras till", "rapporteras_till"), ("Pågår redan", "pagar_redan"), ("Status", "status"),
               ("Effekt", "effekt"))


def _effect(value) -> str:
    return f"{tkr(value * 1000.0)} tkr" if pd.notna(value) else EMPTY


def _date(value) -> str:
    if not isinstance(value, str) or not value:
        return EMPTY
    stamp = pd.Timestamp(value)
    return long_date(stamp.date())


def plan_items(atgardsplan: pd.DataFrame, aktiviteter: pd.DataFrame) -> list[dict]:
    """Each plan as a field table (filled fields only) and its aktiviteter as VAD / HUR / VEM / NÄR rows."""
    activities: dict[str, list[dict]] = {}
    for a in aktiviteter.to_dict("records"):
        activities.setdefault(text(a["atgard_id"]), []).append({
            "vad": text(a["aktivitet"]), "hur": text(a.get("viktiga_faktorer")), "vem": text(a["ansvar"]),
            "nar": text(a["nar"]), "uppfoljning": text(a.get("uppfoljning"))})
    out = []
    for p in atgardsplan.to_dict("records"):
        fields = [{"namn": label, "varde": _date(p.get(key)) if key == "klart_senast" else text(p.get(key))}
                  for label, key in PLAN_FIELDS]
        fields = [f for f in fields if f["varde"] and f["varde"] != EMPTY]
        fields.append({"namn": "Ekonomisk effekt helår", "varde": _effect(p.get("ekonomisk_effekt"))})
        pid = text(p["atgard_id"])
        out.append({"id": pid, "rubrik": f"{pid} {text(p['omrade'])}".strip(), "avser": text(p["avser"]),
                    "falt": fields, "aktiviteter": activities.get(pid, [])})
    return out


def effect_summary(effekt: pd.DataFrame, namnd_id: str) -> dict:
    """Helårsprognos beside 'Prognos efter åtgärder' (tkr, formatted); finns is False without active plans
    that carry an ekonomisk effekt. `racker_inte`: "Åtgärderna räcker inte: kvarstående underskott X tkr." when
    the nämnd's väsentlig underskott is not closed by its plans (model.atgarder), else ''."""
    own = effekt[effekt["namnd"] == namnd_id] if len(effekt) else effekt
    short = not_enough_text(own.iloc[0]) if len(own) else ""
    left = tkr(own.iloc[0]["kvarstar"]) if short else ""
    rows = own[own["planer"] > 0] if len(own) else own
    if rows.empty:
        return {"finns": False, "rader": [], "racker_inte": short, "kvarstar": left}
    r = rows.iloc[0]
    out = {"finns": True, "prognos": tkr(r["prognos"]), "effekt": tkr(r["effekt"]),
           "prognos_efter": tkr(r["prognos_efter"]), "avvikelse_helar": tkr(r["avvikelse_helar"]),
           "avvikelse_efter": tkr(r["avvikelse_efter"]), "planer": str(int(r["planer"])), "racker_inte": short,
           "kvarstar": left}
    out["rader"] = [
        {"namn": "Helårsprognos (nettokostnad)", "varde": out["prognos"]},
        {"namn": "Åtgärdernas effekt helår (" + count_phrase(int(r["planer"]), "plan som inte är genomförd eller avbruten",
                                                             "planer som inte är genomförda eller avbrutna") + ")",
         "varde": out["effekt"]},
        {"namn": "Prognos efter åtgärder", "varde": out["prognos_efter"]},
        {"namn": f"Budgetavvikelse helår efter åtgärder (före åtgärder: {out['avvikelse_helar']})",
         "varde": out["avvikelse_efter"]},
    ]
    return out


def not_enough_text(row) -> str:
    """The sentence for a nämnd whose plans do not close its väsentlig underskott; '' otherwise."""
    if "racker_inte" not in row or not bool(row["racker_inte"]):
        return ""
    return f"Åtgärderna räcker inte: kvarstående underskott {tkr(row['kvarstar'])} tkr."


def decision_rows(beslut: pd.DataFrame, namnd_id: str) -> list[dict]:
    rows = beslut[beslut["namnd"] == namnd_id] if len(beslut) else beslut
    return [{"id": text(r["atgard_id"]), "omrade": text(r["omrade"]), "avser": text(r["avser"]),
             "niva": text(r["beslutsniva"]), "effekt": _effect(r.get("ekonomisk_effekt"))}
            for r in rows.to_dict("records")]


def before_after_text(row: dict | None) -> str:
    """"Har åtgärden haft effekt?" in words: the target's value at the previous point and now (model.atgarder)."""
    if row is None:
        return ""
    if row["slag"] == "verksamhet":
        return f"Avvikelse helår förra tillfället {tkr(row['fore'])} tkr, nu {tkr(row['efter'])} tkr."
    if row["fore"] != row["fore"]:   # NaN: no value at the previous point
        return f"Nu {indicator_value(row['efter'])} ({row['efter_period']}); inget värde förra tillfället."
    if row["fore_period"] == row["efter_period"]:
        return f"{indicator_value(row['efter'])} ({row['efter_period']}); inget nyare värde sedan förra tillfället."
    return (f"Förra tillfället {indicator_value(row['fore'])} ({row['fore_period']}), nu "
            f"{indicator_value(row['efter'])} ({row['efter_period']}).")


def follow_up_rows(uppfoljning: pd.DataFrame, namnd_id: str, fore_efter: pd.DataFrame | None = None) -> list[dict]:
    """The previous point's plans: status now, Klart senast, effekt; overdue ones say 'Försenad'; the target's value
    before and after (fore_efter: model.atgarder.fore_efter)."""
    rows = uppfoljning[uppfoljning["namnd"] == namnd_id] if len(uppfoljning) else uppfoljning
    effect = {r["atgard_id"]: r for r in fore_efter[fore_efter["namnd"] == namnd_id].to_dict("records")} \
        if fore_efter is not None and len(fore_efter) else {}
    out = []
    for r in rows.to_dict("records"):
        status, beslut = text(r["status"]) or EMPTY, text(r.get("beslut")) or ""
        rejected = status == AVSLAGEN_STATUS
        if rejected and beslut.startswith(status):   # "Avslagen av nämnden, § 9, …": said once
            status, beslut = beslut, ""
        out.append({"id": text(r["atgard_id"]), "avser": text(r["avser"]), "omrade": text(r["omrade"]),
                    "klart_senast": _date(r["klart_senast"]), "status": status, "effekt": text(r["effekt"]) or EMPTY,
                    "rapporterad": "" if r["rapporterad"] or rejected else
                    "Inte med i detta underlag; status enligt föregående tillfälle.",
                    "forsenad": "⚠ Försenad" if r["forsenad"] else "", "beslut": beslut,
                    "fore_efter": before_after_text(effect.get(r["atgard_id"]))})
    return out


def evaluation_rows(model, config) -> list[dict]:
    """Bilaga 4, "Utvärdera föregående uppföljningstillfälle", per nämnd with previous plans or no underlag then:
    {namnd, text} (model.utvardering)."""
    rows = []
    for r in model.utvardering.to_dict("records"):
        parts = ["lämnade inget rapportunderlag vid föregående tillfälle"] if r["saknades"] else []
        if r["planer"]:
            parts.append(f"{count_phrase(r['planer'], 'åtgärdsplan följs upp', 'åtgärdsplaner följs upp')}, "
                         f"{r['genomforda']} genomförda, {r['forsenade']} försenade, {r['ej_rapporterade']} inte "
                         "rapporterade i detta underlag")
        text = "; ".join(parts)
        if r["aterkommande"]:
            text += f"; avvikelsen kvarstår trots planen: {r['aterkommande']}"
        rows.append({"namnd": config.namnd(r["namnd"]).namn, "text": text[:1].upper() + text[1:] + "."})
    return rows
