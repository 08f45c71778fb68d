"""Stage the Mål and Indikatorer sheets.

Output columns:
- mal: mal_id, niva (KF/Nämnd), overordnat, namnd, formulering, malomrade
- indikatorer: indikator_id, namn, mal_id, kalla, riktning, malvarde, malar, basvarde, basar, enhet, kategori,
  paverkansgrad, verksamheter (tuple of codes), konsuppdelad (bool), malriktning, definitionsbyte
"""

from __future__ import annotations

import pandas as pd

from pipeline.config import Config
from pipeline.config.problems import Problems
from pipeline.read import kinds
from pipeline.read.table import RawTable
from pipeline.staging.cast import parse_amount, parse_choice, parse_code, parse_int, parse_text
from pipeline.staging.checks import duplicated_keys, report, required, show


def _optional(table: RawTable, key: str) -> pd.Series:
    f = table.frame
    return f[key] if key in f else pd.Series([None] * len(f), index=f.index, dtype=object)


def stage_mal(table: RawTable, config: Config, problems: Problems) -> pd.DataFrame:
    f = table.frame
    mal_id = parse_code(f["mal_id"])
    required(problems, table, "mal_id", mal_id, "Mål-id")
    niva, bad = parse_choice(f["niva"], ("KF", "Nämnd"), {"namnd": "Nämnd", "nämndmål": "Nämnd", "kf-mål": "KF"})
    report(problems, table, "niva", bad, lambda v: f"Nivån {show(v)} är okänd; skriv KF eller Nämnd.")
    namnd = parse_code(_optional(table, "namnd"))
    is_namnd = (niva == "Nämnd").fillna(False)
    missing_namnd = is_namnd & namnd.isna()
    report(problems, table, "namnd" if "namnd" in f else "niva", missing_namnd,
           lambda v: "Ett nämndmål måste ange nämnd i kolumnen Nämnd.")
    ids = [n.id for n in config.namnder]
    report(problems, table, "namnd", namnd.notna() & ~namnd.isin(ids),
           lambda v: f"Okänd nämnd {show(v)}. Tillåtna id enligt konfigurationen: {', '.join(ids)}.")
    out = pd.DataFrame({
        "mal_id": mal_id, "niva": niva, "overordnat": parse_code(_optional(table, "overordnat")), "namnd": namnd,
        "formulering": parse_text(f["formulering"]), "malomrade": parse_text(_optional(table, "malomrade")),
        "_rad": f["_rad"],
    })
    required(problems, table, "formulering", out["formulering"], "Målformulering")
    duplicated_keys(problems, table, out, ["mal_id"], "Mål-id")
    kf = set(out.loc[out["niva"] == "KF", "mal_id"].dropna())
    orphan = is_namnd & out["overordnat"].notna() & ~out["overordnat"].isin(list(kf))
    report(problems, table, "overordnat", orphan,
           lambda v: f"Överordnat mål {show(v)} finns inte bland KF-målen i bladet.")
    return out.drop(columns="_rad")


def stage_indikatorer(table: RawTable, mal_ids: set[str], config: Config, problems: Problems) -> pd.DataFrame:
    f = table.frame
    ind_id = parse_code(f["indikator_id"])
    required(problems, table, "indikator_id", ind_id, "Indikator-id")
    mal_id = parse_code(_optional(table, "mal_id"))
    unknown_mal = mal_id.notna() & ~mal_id.isin(list(mal_ids))
    report(problems, table, "mal_id", unknown_mal, lambda v: f"Mål-id {show(v)} finns inte i bladet Mål.")
    kalla, bad = parse_choice(f["kalla"], ("Kolada", "Egen"), {"egna": "Egen", "eget": "Egen"})
    report(problems, table, "kalla", bad, lambda v: f"Källan {show(v)} är okänd; skriv Kolada eller Egen.")
    riktning, bad = parse_choice(f["riktning"], kinds.RIKTNINGAR, {"högre": "Högre är bättre", "lägre": "Lägre är bättre"})
    report(problems, table, "riktning", bad | riktning.isna() & ~bad,
           lambda v: f"Riktningen {show(v)} är okänd; skriv Högre är bättre eller Lägre är bättre.")
    numbers = {}
    for key, what in (("malvarde", "Målvärdet"), ("basvarde", "Basvärdet")):
        values, bad = parse_amount(_optional(table, key))
        report(problems, table, key, bad, lambda v, w=what: f"{w} {show(v)} är inte ett tal.")
        numbers[key] = values
    for key, what in (("malar", "Målåret"), ("basar", "Basåret"), ("definitionsbyte", "Definitionsbytet")):
        values, bad = parse_int(_optional(table, key))
        report(problems, table, key, bad, lambda v, w=what: f"{w} {show(v)} är inte ett årtal.")
        numbers[key] = values
    kategori, bad = parse_choice(_optional(table, "kategori"), kinds.KATEGORIER)
    report(problems, table, "kategori", bad,
           lambda v: f"Kategorin {show(v)} är okänd; tillåtna: {', '.join(kinds.KATEGORIER)}.")
    paverkan, bad = parse_choice(_optional(table, "paverkansgrad"), kinds.PAVERKANSGRADER,
                                 {f"till {w.lower()} del": w for w in kinds.PAVERKANSGRADER})
    report(problems, table, "paverkansgrad", bad, lambda v: f"Påverkansgraden {show(v)} är okänd; skriv Stor, Viss eller Liten.")
    malriktning, bad = parse_choice(_optional(table, "malriktning"), kinds.MALRIKTNINGAR)
    report(problems, table, "malriktning", bad, lambda v: f"Målriktningen {show(v)} är okänd; skriv Öka, Minska eller Oförändrad.")
    kon, bad = parse_choice(_optional(table, "konsuppdelad"), ("Ja", "Nej"))
    report(problems, table, "konsuppdelad", bad, lambda v: f"Könsuppdelad {show(v)}: skriv Ja eller Nej.")
    codes = parse_text(_optional(table, "verksamheter")).fillna("")
    lists = codes.str.replace(";", ",").str.split(",").map(lambda xs: tuple(x.strip() for x in xs if x.strip()))
    known = {v.kod for v in config.verksamheter}
    unknown_codes = lists.map(lambda xs: [x for x in xs if x not in known])
    report(problems, table, "verksamheter", unknown_codes.map(bool),
           lambda v, u: f"Verksamhetskoderna {', '.join(u)} finns inte i konfigurationen.", extra=unknown_codes)
    out = pd.DataFrame({
        "indikator_id": ind_id, "namn": parse_text(f["namn"]), "mal_id": mal_id, "kalla": kalla, "riktning": riktning,
        **numbers, "enhet": parse_text(_optional(table, "enhet")), "kategori": kategori, "paverkansgrad": paverkan,
        "verksamheter": lists, "konsuppdelad": (kon == "Ja").fillna(False).astype(bool), "malriktning": malriktning,
        "_rad": f["_rad"],
    })
    duplicated_keys(problems, table, out, ["indikator_id", "mal_id"], "Indikatorn (indikator-id / mål-id)")
    return out.drop(columns="_rad")
