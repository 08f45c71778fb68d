"""Avvikelser that demand action (SPEC §3): every verksamhet with a väsentlig underskott for the year and every
indicator Ej uppfyllt must have an åtgärdsplan or an analysis.

`avvikelser` returns one row per such deviation: namnd, typ ('ekonomi' | 'indikator'), avser (verksamhet code or
indikator id), namn, belopp (avvikelse helår in kr; NaN for indicators), atgard_ids (plans covering it, joined
with ', '), har_analys (bool), saknas (True when neither plan nor analysis exists).
"""

from __future__ import annotations

import pandas as pd

from pipeline.model.mal import STATUS_EJ

COLUMNS = ["namnd", "typ", "avser", "namn", "belopp", "atgard_ids", "har_analys", "saknas"]


def _plans_by_target(plans: pd.DataFrame) -> dict[tuple[str, str], list[str]]:
    """(namnd, target) -> plan ids; a plan targets its Avser and its Verksamhet."""
    out: dict[tuple[str, str], list[str]] = {}
    for row in plans.to_dict("records"):
        for target in {row.get("avser"), row.get("verksamhet")} - {None}:
            if isinstance(target, str):
                out.setdefault((row["namnd"], target), []).append(str(row["atgard_id"]))
    return out


def avvikelser(drift: pd.DataFrame, indikatorer: pd.DataFrame, mal: pd.DataFrame, analys: pd.DataFrame,
               plans: pd.DataFrame) -> pd.DataFrame:
    """See module docstring. `plans`: all åtgärdsplaner with a namnd column; `mal`: mal_id, namnd."""
    economic = drift[drift["vasentlig"] & (drift["avvikelse_helar"] < 0)]
    rows = [{"namnd": r["namnd"], "typ": "ekonomi", "avser": r["verksamhet"], "namn": r["verksamhet_namn"],
             "belopp": r["avvikelse_helar"], "mal_id": None} for r in economic.to_dict("records")]
    owners = dict(zip(mal["mal_id"], mal["namnd"])) if len(mal) else {}
    failing = indikatorer[indikatorer["status"] == STATUS_EJ] if len(indikatorer) else indikatorer
    rows += [{"namnd": owners.get(r["mal_id"]), "typ": "indikator", "avser": r["indikator_id"], "namn": r["namn"],
              "belopp": float("nan"), "mal_id": r["mal_id"]}
             for r in failing.to_dict("records") if owners.get(r["mal_id"])]
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    frame = pd.DataFrame(rows)
    by_target = _plans_by_target(plans)
    analysed = {(r["namnd"], r["avser"]) for r in analys.to_dict("records")
                if isinstance(r.get("analys"), str) and r["analys"].strip()}
    frame["atgard_ids"] = [", ".join(sorted(set(by_target.get((n, a), []) + by_target.get((n, m), []) if m else
                                                by_target.get((n, a), []))))
                           for n, a, m in zip(frame["namnd"], frame["avser"], frame["mal_id"])]
    frame["har_analys"] = [(n, a) in analysed or (m is not None and (n, m) in analysed)
                           for n, a, m in zip(frame["namnd"], frame["avser"], frame["mal_id"])]
    frame["saknas"] = (frame["atgard_ids"] == "") & ~frame["har_analys"]
    return frame[COLUMNS].sort_values(["namnd", "typ", "avser"], ignore_index=True)
