"""Stage a rapportunderlag's verksamhet in extern regi (sheets Extern regi and Begärda åtgärder, read.kinds): rename
and cast with located problems.

- `stage_extern_regi` -> one row per verksamhet or enhet run by an utförare: verksamhet, enhet, utforare, avtal,
  avtal_till (ISO date text), sanktioner.
- `stage_begaran` -> one row per åtgärd requested of an utförare: utforare, brist, begard_atgard, begard,
  svar_senast, svar_inkommit (ISO date texts), bedomning (kinds.UTFORARBEDOMNINGAR), genomford (Ja/Nej),
  sanktionssteg (one of config extern_regi.sanktionstrappa when the kommun has set its steps), kommentar.
"""

from __future__ import annotations

import pandas as pd

from pipeline.config import Config
from pipeline.config.problems import Problems
from pipeline.read import kinds
from pipeline.read.table import RawTable
from pipeline.staging.cast import parse_choice, parse_code, parse_date, parse_text
from pipeline.staging.checks import duplicated_keys, report, required, show

REGI_COLUMNS = [c.key for c in kinds.EXTERN_REGI]
BEGARAN_COLUMNS = [c.key for c in kinds.BEGARDA_ATGARDER]
DATE_EXAMPLE = "skriv ÅÅÅÅ-MM-DD, t.ex. 2026-03-16"


def _texts(table: RawTable | None, keys: list[str]) -> pd.DataFrame:
    if table is None:
        return pd.DataFrame({k: pd.Series(dtype="string[pyarrow]") for k in keys})
    f = table.frame
    return pd.DataFrame({k: parse_text(f[k]) if k in f else pd.Series(pd.NA, index=f.index, dtype="string[pyarrow]")
                         for k in keys})


def _dates(out: pd.DataFrame, table: RawTable, key: str, what: str, problems: Problems) -> None:
    if key not in table.frame:
        return
    out[key], bad = parse_date(table.frame[key])
    report(problems, table, key, bad, lambda v: f"{what} {show(v)} är inget datum; {DATE_EXAMPLE}.")


def stage_extern_regi(table: RawTable | None, namnd_id: str, config: Config, problems: Problems) -> pd.DataFrame:
    """The sheet Extern regi of nämnd `namnd_id`'s workbook (empty frame when there is none)."""
    out = _texts(table, REGI_COLUMNS)
    if table is None:
        return out
    out["verksamhet"] = parse_code(table.frame["verksamhet"]) if "verksamhet" in table.frame else out["verksamhet"]
    required(problems, table, "utforare", out["utforare"], "Utföraren")
    required(problems, table, "avtal", out["avtal"], "Avtalet")
    neither = out["verksamhet"].isna() & out["enhet"].isna()
    report(problems, table, "verksamhet" if "verksamhet" in table.frame else "utforare", neither,
           lambda v: "Ange vad utföraren driver: fyll i Verksamhet (koden) eller Enhet (som i Egna mätningar).")
    own = [v.kod for v in config.verksamheter_for(namnd_id)]
    foreign = out["verksamhet"].notna() & ~out["verksamhet"].isin(own).fillna(False).astype(bool)
    report(problems, table, "verksamhet", foreign,
           lambda v: f"Verksamhet {show(v)} hör inte till nämnd {namnd_id}; nämndens verksamheter: {', '.join(own)}.")
    _dates(out, table, "avtal_till", "Avtalstiden", problems)
    duplicated_keys(problems, table, out.assign(_rad=table.frame["_rad"], _v=out["verksamhet"].fillna(""),
                                                _e=out["enhet"].fillna("")),
                    ["utforare", "_v", "_e"], "Utföraren/verksamheten/enheten")
    return out


def stage_begaran(table: RawTable | None, regi: pd.DataFrame, config: Config, problems: Problems) -> pd.DataFrame:
    """The sheet Begärda åtgärder; every utförare must be listed in the same workbook's Extern regi (`regi`)."""
    out = _texts(table, BEGARAN_COLUMNS)
    if table is None:
        return out
    f = table.frame
    for key, what in (("utforare", "Utföraren"), ("brist", "Den påpekade bristen"),
                      ("begard_atgard", "Den begärda åtgärden"), ("begard", "Datum då åtgärden begärdes"),
                      ("svar_senast", "Svar senast (hur lång tid utföraren har på sig)")):
        required(problems, table, key, out[key], what)
    known = sorted(set(regi["utforare"].dropna()))
    unknown = out["utforare"].notna() & ~out["utforare"].isin(known).fillna(False).astype(bool)
    report(problems, table, "utforare", unknown,
           lambda v: f"Utföraren {show(v)} finns inte i bladet {kinds.EXTERN_REGI_SHEET}"
                     + (f" (där finns: {', '.join(known)})." if known else
                        "; lägg till utföraren och dess avtal där."))
    for key, what in (("begard", "Datumet"), ("svar_senast", "Svar senast"), ("svar_inkommit", "Svar inkommit")):
        _dates(out, table, key, what, problems)
    begard = pd.to_datetime(out["begard"].astype(object), errors="coerce")
    for key, what in (("svar_senast", "Svar senast"), ("svar_inkommit", "Svar inkommit")):
        before = (pd.to_datetime(out[key].astype(object), errors="coerce") < begard).fillna(False).astype(bool)
        report(problems, table, key, before, lambda v, w=what: f"{w} {show(v)} ligger före datumet då åtgärden "
                                                                "begärdes.")
    out["bedomning"], bad = parse_choice(f["bedomning"], kinds.UTFORARBEDOMNINGAR) if "bedomning" in f \
        else (out["bedomning"], pd.Series(False, index=out.index))
    report(problems, table, "bedomning", bad,
           lambda v: f"Bedömningen {show(v)} är okänd; skriv {' eller '.join(kinds.UTFORARBEDOMNINGAR)}.")
    unanswered = out["bedomning"].notna() & out["svar_inkommit"].isna()
    report(problems, table, "bedomning", unanswered,
           lambda v: "En bedömning av utförarens åtgärdsplan kräver att svaret har kommit in: fyll i Svar inkommit.")
    out["genomford"], bad = parse_choice(f["genomford"], kinds.JA_NEJ) if "genomford" in f \
        else (out["genomford"], pd.Series(False, index=out.index))
    report(problems, table, "genomford", bad, lambda v: f"Genomförd {show(v)}: skriv Ja eller Nej.")
    steps = config.extern_regi.sanktionstrappa
    if steps and "sanktionssteg" in f:
        out["sanktionssteg"], bad = parse_choice(f["sanktionssteg"], steps)
        report(problems, table, "sanktionssteg", bad,
               lambda v: f"Steget {show(v)} finns inte i kommunens sanktionstrappa (extern_regi.sanktionstrappa i "
                         f"konfigurationen): {'; '.join(steps)}.")
    return out
