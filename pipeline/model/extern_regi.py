"""Verksamhet in extern regi (SKR steg 6, docs/kallor/002_0fe1128f78ddec9d.txt, "Åtgärder i verksamheten" and
"Åtgärdsplan oavsett regiform"): what each utförare has been asked to do and how it went, and its results against
the same indicators as the kommun's.

- `utforararenden(begaran, as_of)`: per requested åtgärd (namnd, utforare, brist, begard_atgard, begard,
  svar_senast, svar_inkommit, bedomning, genomford, sanktionssteg, kommentar) the columns
  `besvarad` (an answer has come in), `forsenad` (no answer and svar senast passed at `as_of`, or an answer
  after svar senast), `dagar_sen` (days past svar senast: to the answer, or to `as_of` when none; 0 when in time)
  and `oppen` (not yet followed up as carried out: Genomförd is not Ja). "Följ upp att åtgärderna genomförts."
- `utforare_resultat(regi, enheter, indikatorer)`: per (namnd, utforare, enhet, indikator_id) the enhet's latest
  value (model.enheter.enhet_varden) beside the kommun's own latest value and the målvärde of the same indicator,
  and under_mal (the enhet does not reach the målvärde, respecting Riktning).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

ARENDE_COLUMNS = ["namnd", "utforare", "brist", "begard_atgard", "begard", "svar_senast", "svar_inkommit",
                  "bedomning", "genomford", "sanktionssteg", "kommentar"]
RESULT_COLUMNS = ["namnd", "utforare", "enhet", "indikator_id", "namn", "enhet_matt", "period", "varde",
                  "kommun_varde", "malvarde", "under_mal"]


def utforararenden(begaran: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """See the module docstring; `as_of`: the day the report speaks of (the period's last day)."""
    out = begaran.reindex(columns=ARENDE_COLUMNS).reset_index(drop=True)
    due = pd.to_datetime(out["svar_senast"].astype(object), errors="coerce")
    answered = pd.to_datetime(out["svar_inkommit"].astype(object), errors="coerce")
    reference = answered.fillna(pd.Timestamp(as_of))
    late_days = (reference - due).dt.days
    out["besvarad"] = answered.notna().to_numpy()
    out["dagar_sen"] = late_days.clip(lower=0).fillna(0).astype("int64").to_numpy()
    out["forsenad"] = (late_days > 0).fillna(False).astype(bool).to_numpy()
    out["oppen"] = (out["genomford"].astype(object) != "Ja").to_numpy()
    return out


def utforare_resultat(regi: pd.DataFrame, enheter: pd.DataFrame, indikatorer: pd.DataFrame) -> pd.DataFrame:
    """See the module docstring. `regi`: namnd, utforare, enhet (staging.extern_regi, all nämnder); `enheter`:
    model.enheter.enhet_varden; `indikatorer`: model.indikatorer (indikator_id, namn, enhet, varde, malvarde)."""
    named = regi[regi["enhet"].notna()][["namnd", "utforare", "enhet"]].drop_duplicates() if len(regi) else \
        pd.DataFrame(columns=["namnd", "utforare", "enhet"])
    units = enheter[enheter["slag"] == "Enhet"] if len(enheter) else enheter
    if not len(named) or not len(units):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in RESULT_COLUMNS})
    values = named.astype({"enhet": object}).merge(
        units[["indikator_id", "namn", "period", "varde", "under_mal"]].rename(columns={"namn": "enhet"})
        .astype({"enhet": object}), on="enhet", how="inner")
    info = indikatorer.drop_duplicates("indikator_id")[["indikator_id", "namn", "enhet", "varde", "malvarde"]] \
        .rename(columns={"enhet": "enhet_matt", "varde": "kommun_varde"})
    out = values.merge(info, on="indikator_id", how="inner")
    return out[RESULT_COLUMNS].sort_values(["namnd", "utforare", "enhet", "indikator_id"], ignore_index=True)


def extern_regi_per_namnd(underlag: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(every nämnd's Extern regi rows, every nämnd's Begärda åtgärder rows), each with a namnd column, from the
    staged rapportunderlag (staging.Underlag by nämnd id)."""
    regi = [u.extern_regi.assign(namnd=n) for n, u in sorted(underlag.items()) if len(u.extern_regi)]
    begaran = [u.begaran.assign(namnd=n) for n, u in sorted(underlag.items()) if len(u.begaran)]
    empty_regi = pd.DataFrame(columns=["namnd", "verksamhet", "enhet", "utforare", "avtal", "avtal_till", "sanktioner"])
    return (pd.concat(regi, ignore_index=True) if regi else empty_regi,
            pd.concat(begaran, ignore_index=True) if begaran else pd.DataFrame(columns=ARENDE_COLUMNS))


__all__ = ["utforararenden", "utforare_resultat", "extern_regi_per_namnd"]
