"""Åtgärder and their follow-up (issue 5 point 6; SKL *Skapa en handlingsplan*, SKR steg 6 "Följ upp att
åtgärderna genomförts").

- `prognos_efter_atgarder`: per nämnd the helårsprognos and what it becomes when the planned åtgärder take
  effect. A plan's `Ekonomisk effekt helår` (tkr) is an improvement of the result: it lowers the nettokostnad.
  Plans that are Genomförd (their effect is already in the prognos) or Avbruten do not count.
  Columns: namnd, prognos, avvikelse_helar, effekt (kr), prognos_efter, avvikelse_efter, planer (count),
  kvarstar (kr: the deficit left after the åtgärder of a nämnd whose total has a väsentlig underskott; 0 else)
  and racker_inte (kvarstar is over the tolerance: the plans do not close the gap; Motala's riktlinjer: the
  åtgärdsplan shall ensure "att beslutad resursfördelning inte överskrids", SKR steg 6: judge whether it is enough).
- `beslut_behovs`: plans whose Beslutsnivå is Nämnd, KS or KF (a decision is needed beyond the förvaltning).
- `utvardering`: "Utvärdera föregående uppföljningstillfälle" (Motala's Bilaga 4) per nämnd: the previous
  point's plans followed up (how many, genomförda, försenade, not reported now) and the avvikelser that recur:
  an economic or mål avvikelse now on something a previous plan targeted; and the nämnder that delivered no
  rapportunderlag at that point. (When an underlag was delivered is not said: a file's time is not an input the
  documents may depend on, so that a rerun gives the same bytes; `kommunrapport status` shows it.)
- `fore_efter`: "har åtgärden haft effekt?": for each followed-up plan on an indicator, the kommun's latest value at
  the previous point and now; on a verksamhet (same year only: the budget is the same), its avvikelse helår
  then (årsbudget − that point's helårsprognos) and now.
- `uppfoljning`: the previous reporting point's plans, each with its status now (from this reporting point's
  workbook when the plan was carried forward, else as last reported), klart_senast, effekt and forsenad
  (Klart senast has passed at the end of this period and the plan is neither Genomförd nor Avbruten).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from pipeline.read.kinds import AVSLAGEN_STATUS

DONE = ("Genomförd", "Avbruten", AVSLAGEN_STATUS)   # the last: the nämnd said no (Nämndbeslut)
DECISION_LEVELS = ("Nämnd", "KS", "KF")
FOLLOW_UP = ["namnd", "atgard_id", "avser", "omrade", "mal", "ansvar", "klart_senast", "status", "effekt",
             "rapporterad", "forsenad", "beslut"]


def _active(plans: pd.DataFrame) -> pd.Series:
    return ~plans["status"].isin(list(DONE)).fillna(False).astype(bool)


def prognos_efter_atgarder(totals: pd.DataFrame, plans: pd.DataFrame, tolerans_kr: float = 500.0,
                           closed: bool = False) -> pd.DataFrame:
    """See module docstring. `totals`: namnd, prognos, avvikelse_helar (kr), vasentlig; `plans`: namnd, status,
    ekonomisk_effekt (tkr). `closed` (the bokslut): the year is over, no plan counts and nothing is left to close."""
    plans = plans.iloc[0:0] if closed else plans
    active = plans[_active(plans) & plans["ekonomisk_effekt"].notna()] if len(plans) else plans
    effect = (active.groupby("namnd")["ekonomisk_effekt"].agg(["sum", "count"]) if len(active)
              else pd.DataFrame({"sum": pd.Series(dtype="float64"), "count": pd.Series(dtype="int64")}))
    columns = ["namnd", "prognos", "avvikelse_helar"] + (["vasentlig"] if "vasentlig" in totals else [])
    out = totals[columns].merge(effect, left_on="namnd", right_index=True, how="left")
    out["effekt"] = out["sum"].fillna(0.0).astype("float64") * 1000.0
    out["planer"] = out["count"].fillna(0).astype("int64")
    out["prognos_efter"] = out["prognos"] - out["effekt"]
    out["avvikelse_efter"] = out["avvikelse_helar"] + out["effekt"]
    deficit = (out["avvikelse_helar"] < 0) & (out["vasentlig"].astype(bool) if "vasentlig" in out else True) \
        & (not closed)
    out["kvarstar"] = (-out["avvikelse_efter"]).clip(lower=0.0).where(deficit, 0.0)
    out["racker_inte"] = out["kvarstar"] > tolerans_kr
    return out[["namnd", "prognos", "avvikelse_helar", "effekt", "prognos_efter", "avvikelse_efter", "planer",
                "kvarstar", "racker_inte"]].reset_index(drop=True)


def beslut_behovs(plans: pd.DataFrame) -> pd.DataFrame:
    """Active plans that need a decision by the nämnd, KS or KF."""
    if plans.empty or "beslutsniva" not in plans:
        return plans.iloc[0:0]
    return plans[plans["beslutsniva"].isin(list(DECISION_LEVELS)).fillna(False).astype(bool) & _active(plans)] \
        .reset_index(drop=True)


def parse_dates(text: pd.Series) -> pd.Series:
    """'2026-03-31', '2026-03-31 00:00:00' -> Timestamp; anything else NaT."""
    return pd.to_datetime(text.astype("string").str.slice(0, 10), format="%Y-%m-%d", errors="coerce")


def uppfoljning(previous: pd.DataFrame, current: pd.DataFrame, end: date) -> pd.DataFrame:
    """See module docstring. Both frames: namnd, atgard_id, avser, omrade, mal, ansvar, status, klart_senast,
    effekt (texts)."""
    if previous.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in FOLLOW_UP})
    keys = ["namnd", "atgard_id"]
    now = current[keys + ["status", "klart_senast", "effekt"]].drop_duplicates(keys) if len(current) else \
        pd.DataFrame(columns=keys + ["status", "klart_senast", "effekt"])
    out = previous.drop_duplicates(keys).merge(now, on=keys, how="left", suffixes=("_fg", ""), indicator=True)
    out["rapporterad"] = out["_merge"] == "both"
    for column in ("status", "klart_senast", "effekt"):
        out[column] = out[column].where(out["rapporterad"], out[f"{column}_fg"])
    deadline = parse_dates(out["klart_senast"])
    out["forsenad"] = (deadline < pd.Timestamp(end)).fillna(False).astype(bool) & ~out["status"].isin(list(DONE)) \
        .fillna(False).astype(bool)
    if "beslut" not in out:
        out["beslut"] = ""
    rejected = out["beslut"].astype(str).str.startswith("Avslagen")
    out["status"] = out["status"].astype(object).where(~rejected, AVSLAGEN_STATUS)   # whatever the book says
    out["forsenad"] = out["forsenad"] & ~rejected
    return out[FOLLOW_UP].sort_values(keys, ignore_index=True)


def utvardering(follow_up: pd.DataFrame, avvikelser: pd.DataFrame, delivered_before: frozenset | None = None,
                namnder: tuple[str, ...] = ()) -> pd.DataFrame:
    """See module docstring. Columns: namnd, planer, genomforda, forsenade, ej_rapporterade, aterkommande (the
    avser of recurring avvikelser, joined with ', '), saknades (the nämnd delivered no rapportunderlag at the
    previous point); one row per nämnd with previous plans or missing then. `delivered_before`: the nämnder whose
    underlag the previous point has (None: that point's folder is unknown, nothing is said about missing ones);
    `namnder`: every nämnd, in the configuration's order (the order of the rows)."""
    columns = ["namnd", "planer", "genomforda", "forsenade", "ej_rapporterade", "aterkommande", "saknades"]
    missing = [n for n in namnder if delivered_before is not None and delivered_before and n not in delivered_before]
    required = avvikelser[avvikelser["kraver_atgard"].astype(bool)] if len(avvikelser) else avvikelser
    rows = {}
    for namnd, plans in (follow_up.groupby("namnd", sort=True) if len(follow_up) else []):
        targets = set(plans["avser"].dropna().astype(str))
        now = required[required["namnd"] == namnd] if len(required) else required
        recurring = sorted({str(a) for a in now["avser"] if str(a) in targets}) if len(now) else []
        rows[namnd] = {"namnd": namnd, "planer": len(plans), "genomforda": int((plans["status"] == "Genomförd").sum()),
                       "forsenade": int(plans["forsenad"].astype(bool).sum()),
                       "ej_rapporterade": int((~plans["rapporterad"].astype(bool)
                                               & (plans["status"] != AVSLAGEN_STATUS)).sum()),
                       "aterkommande": ", ".join(recurring), "saknades": False}
    for namnd in missing:
        rows.setdefault(namnd, {"namnd": namnd, "planer": 0, "genomforda": 0, "forsenade": 0, "ej_rapporterade": 0,
                                "aterkommande": ""})["saknades"] = True
    order = {n: i for i, n in enumerate(namnder)}
    return pd.DataFrame(sorted(rows.values(), key=lambda r: (order.get(r["namnd"], len(order)), r["namnd"])),
                        columns=columns)


def fore_efter(follow_up: pd.DataFrame, values: pd.DataFrame, kommun: str, before: tuple[int, int],
               now: tuple[int, int], drift: pd.DataFrame, prognos_fg: pd.DataFrame, same_year: bool) -> pd.DataFrame:
    """See module docstring. `before`/`now`: (year, till_manad) of the previous and this point; `drift`: namnd,
    verksamhet, arsbudget, avvikelse_helar (kr); `prognos_fg`: namnd, verksamhet, prognos (kr). Columns namnd,
    atgard_id, slag ('indikator' or 'verksamhet'), fore, fore_period, efter, efter_period (values; kr for a
    verksamhet)."""
    from pipeline.model.mal import latest_values

    columns = ["namnd", "atgard_id", "slag", "fore", "fore_period", "efter", "efter_period"]
    if follow_up.empty:
        return pd.DataFrame(columns=columns)
    then = latest_values(values, kommun, *before).set_index("indikator_id") if len(values) else pd.DataFrame()
    latest = latest_values(values, kommun, *now).set_index("indikator_id") if len(values) else pd.DataFrame()
    budget = {(str(r["namnd"]), str(r["verksamhet"])): r for r in drift.to_dict("records")}
    prior = {(str(r["namnd"]), str(r["verksamhet"])): r["prognos"] for r in prognos_fg.to_dict("records")
             if r["prognos"] == r["prognos"]}
    rows = []
    for r in follow_up.to_dict("records"):
        avser, namnd = str(r["avser"]) if isinstance(r["avser"], str) else "", str(r["namnd"])
        if avser and avser in latest.index:
            was = then.loc[avser] if avser in then.index else None
            rows.append({"namnd": namnd, "atgard_id": r["atgard_id"], "slag": "indikator",
                         "fore": float(was["varde"]) if was is not None else float("nan"),
                         "fore_period": str(was["varde_period"]) if was is not None else "",
                         "efter": float(latest.loc[avser, "varde"]), "efter_period": str(latest.loc[avser, "varde_period"])})
        elif same_year and (namnd, avser) in budget and (namnd, avser) in prior:
            b = budget[(namnd, avser)]
            rows.append({"namnd": namnd, "atgard_id": r["atgard_id"], "slag": "verksamhet",
                         "fore": float(b["arsbudget"]) - float(prior[(namnd, avser)]), "fore_period": "",
                         "efter": float(b["avvikelse_helar"]), "efter_period": ""})
    return pd.DataFrame(rows, columns=columns)
