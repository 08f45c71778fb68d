"""Avvikelser, with their kinds (SPEC §3, issue 5 point 5; SKR: mål som inte nås, sämre än andra kommuner,
avvikande trend).

`avvikelser` returns one row per deviation:
- namnd, typ, avser (verksamhet code or indikator id), namn;
- typ is one of 'ekonomisk' (a väsentlig underskott for the year), 'mot mål' (indicator Ej uppfyllt),
  'mot andra kommuner' (indicator in the worst quartile), 'trend försämras' or 'kvinnor–män' (the K − M gap is
  more than `kon_gap_andel` of the total value, or it has widened by more than half that since the same
  period a year earlier);
- belopp (avvikelse helår in kr; NaN for indicators), varde, malvarde, plats, antal, trend_varden;
- avstand: how far from what was expected (a share: of the årsbudget, of the målvärde, position among kommuner,
  change over the trend), and the list is ordered by it within each nämnd;
- an indicator whose latest value is too old to judge (column for_gammal, model.mal.too_old) is no avvikelse of
  any kind: it is "Kan ej bedömas";
- kraver_atgard: kinds 'ekonomisk' and 'mot mål' must be handled: an 'ekonomisk' one by an åtgärdsplan (an
  analysis alone does not keep the resursfördelning: Motala's riktlinjer, "Periodisk rapportering"), a 'mot mål'
  one by an åtgärdsplan or an analysis with its Orsakskategori (the SKL guide's "Checklista sök orsaker");
- atgard_ids (plans covering it, joined with ', '), har_analys (an analysis text; for 'mot mål' with its
  Orsakskategori), saknas (an action is required and what it needs is missing).
"""

from __future__ import annotations

import pandas as pd

from pipeline.model.mal import STATUS_EJ

COLUMNS = ["namnd", "typ", "avser", "namn", "belopp", "varde", "malvarde", "plats", "antal", "trend_varden",
           "kon_gap", "kon_gap_fg", "avstand", "kraver_atgard", "atgard_ids", "har_analys", "orsakskategori",
           "saknas"]
KON_GAP = "kvinnor–män"

REQUIRES_ACTION = ("ekonomisk", "mot mål")


def _plans_by_target(plans: pd.DataFrame) -> dict[tuple[str, str], list[str]]:
    """(namnd, target) -> plan ids; a plan targets its Avser and its Verksamhet."""
    out: dict[tuple[str, str], list[str]] = {}
    for row in plans.to_dict("records"):
        for target in {row.get("avser"), row.get("verksamhet")} - {None}:
            if isinstance(target, str):
                out.setdefault((row["namnd"], target), []).append(str(row["atgard_id"]))
    return out


def _gender_gap(r: dict, threshold: float) -> float | None:
    """The relative K − M gap when it is an avvikelse (see module docstring), else None."""
    gap, total = r.get("kon_gap"), r.get("varde")
    if gap is None or pd.isna(gap) or total is None or pd.isna(total):
        return None
    scale = max(abs(total), 1e-9)
    relative = abs(gap) / scale
    before = r.get("kon_gap_fg")
    widened = before is not None and pd.notna(before) and (abs(gap) - abs(before)) / scale > threshold / 2
    return relative if relative > threshold or widened else None


def avvikelser(drift: pd.DataFrame, indikatorer: pd.DataFrame, mal: pd.DataFrame, analys: pd.DataFrame,
               plans: pd.DataFrame, kon_gap_andel: float = 0.10) -> pd.DataFrame:
    """See module docstring. `plans`: all åtgärdsplaner with a namnd column; `mal`: mal_id, namnd."""
    economic = drift[drift["vasentlig"] & (drift["avvikelse_helar"] < 0)]
    rows = [{"namnd": r["namnd"], "typ": "ekonomisk", "avser": r["verksamhet"], "namn": r["verksamhet_namn"],
             "belopp": r["avvikelse_helar"], "mal_id": None,
             "avstand": abs(r["avvikelse_helar"]) / max(abs(r["arsbudget"]), 1.0)}
            for r in economic.to_dict("records")]
    owners = dict(zip(mal["mal_id"], mal["namnd"])) if len(mal) else {}
    for r in (indikatorer.to_dict("records") if len(indikatorer) else []):
        namnd = owners.get(r["mal_id"])
        if not namnd or r.get("for_gammal") in (True,):   # too old to judge: no avvikelse
            continue
        base = {"namnd": namnd, "avser": r["indikator_id"], "namn": r["namn"], "belopp": float("nan"),
                "mal_id": r["mal_id"], "varde": r.get("varde"), "malvarde": r.get("malvarde"),
                "plats": r.get("plats"), "antal": r.get("antal"), "trend_varden": r.get("trend_varden"),
                "kon_gap": r.get("kon_gap"), "kon_gap_fg": r.get("kon_gap_fg")}
        if r["status"] == STATUS_EJ:
            rows.append({**base, "typ": "mot mål",
                         "avstand": abs(r["varde"] - r["malvarde"]) / max(abs(r["malvarde"]), 1e-9)})
        if r.get("kvartil") == "sämst":
            rows.append({**base, "typ": "mot andra kommuner", "avstand": (r["plats"] - 1) / r["antal"]})
        if r.get("trend_ord") == "försämras":
            points = r["trend_varden"]
            rows.append({**base, "typ": "trend försämras",
                         "avstand": abs(points[-1] - points[0]) / max(abs(points[0]), 1e-9)})
        if r["status"] != "Informationsmått" and (relative := _gender_gap(r, kon_gap_andel)) is not None:
            rows.append({**base, "typ": KON_GAP, "avstand": relative})
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    frame = pd.DataFrame(rows)
    by_target = _plans_by_target(plans)
    analysed = {(r["namnd"], r["avser"]): r.get("orsakskategori") if isinstance(r.get("orsakskategori"), str) else None
                for r in analys.to_dict("records") if isinstance(r.get("analys"), str) and r["analys"].strip()}
    frame["orsakskategori"] = [analysed.get((n, a)) or (analysed.get((n, m)) if m is not None else None)
                               for n, a, m in zip(frame["namnd"], frame["avser"], frame["mal_id"])]
    frame["atgard_ids"] = [", ".join(sorted(set(by_target.get((n, a), []) + by_target.get((n, m), []) if m else
                                                by_target.get((n, a), []))))
                           for n, a, m in zip(frame["namnd"], frame["avser"], frame["mal_id"])]
    frame["har_analys"] = [(n, a) in analysed or (m is not None and (n, m) in analysed)
                           for n, a, m in zip(frame["namnd"], frame["avser"], frame["mal_id"])]
    # a mål deviation is handled by an analysis that names its cause (category); an economic one only by a plan
    categorised = frame["orsakskategori"].notna()
    frame["kraver_atgard"] = frame["typ"].isin(REQUIRES_ACTION)
    handled = (frame["atgard_ids"] != "") | (categorised & (frame["typ"] != "ekonomisk"))
    frame["saknas"] = frame["kraver_atgard"] & ~handled
    frame = frame.reindex(columns=COLUMNS)
    return frame.sort_values(["namnd", "avstand", "typ", "avser"], ascending=[True, False, True, True],
                             ignore_index=True)
