"""The prioriteringsmodell workbooks, as plain data: per nämnd and the kommunövergripande sammanställning.

Columns follow the Prioriteringar sheet (SPEC §2, Motala Bilaga 3's order) with `Beräknad rang` beside
`Nämndens rang`, the prioriteringsmatris field and whether the konsekvensbeskrivning is complete last; the row
above the header explains each scale. Rows are sorted by Typ (in the SPEC's order), then beräknad rang, then
förslags-id. Numbers stay numbers; text stays text. `rangordning` gives the render what its rank formulas need
(the scales best first) and `rangnyckel` per row the model's value of the helper column.
"""

from __future__ import annotations

import pandas as pd

from pipeline.context.common import text as _text
from pipeline.context.konsekvens import brist
from pipeline.model.prioritering import (FALT_BESKRIVNING, KOSTNADSEFFEKTIVITET_ORDER, NYTTA_ORDER, SVARIGHET_ORDER,
                                         rangnyckel, summa, summor_per_typ)
from pipeline.read import kinds

COLUMNS = ["Förslags-id", "Typ", "Problem", "Målgrupp", "Åtgärd", "Nuvarande åtgärd", "Kostnad (tkr)",
           "Svårighetsgrad", "Nytta", "Skala", "Kostnadseffektivitet", "Nämndens rang", "Beräknad rang",
           "Prioriteringsmatris", "Konsekvensbeskrivning"]
KEYS = ["forslag_id", "typ", "problem", "malgrupp", "atgard", "nuvarande", "kostnad", "svarighetsgrad", "nytta",
        "skala", "kostnadseffektivitet", "namndens_rang", "beraknad_rang", "falt", "konsekvens"]
LEGEND = {
    "Typ": " / ".join(kinds.TYPER),
    "Kostnad (tkr)": "Årlig kostnad i tkr; negativt belopp = besparing",
    "Svårighetsgrad": "Problemets svårighetsgrad: " + " / ".join(kinds.SVARIGHETSGRADER),
    "Nytta": "Åtgärdens nytta: " + " / ".join(kinds.NYTTOR),
    "Skala": "Vem nyttan gäller: " + " / ".join(kinds.SKALOR),
    "Kostnadseffektivitet": "Nytta per krona: " + " / ".join(kinds.KOSTNADSEFFEKTIVITET) + " (Mycket hög bäst)",
    "Nämndens rang": "Nämndens egen rangordning inom typen (1 = högst)",
    "Beräknad rang": "Formel inom typen: kostnadseffektivitet, nytta, lägre svårighetsgrad, lägre kostnad; lika delar "
                     "bästa plats. Markeras när den skiljer sig från nämndens rang",
    "Prioriteringsmatris": "Genomför / Utmana / Möjligt / Avfärda",
    "Konsekvensbeskrivning": "Från bladet Konsekvenser: Fullständig, eller vad som saknas (varje krävt perspektiv på "
                             "kort och lång sikt, med egen text för varje sikt)",
}
RANGNYCKEL = ("Rangnyckel", "Hjälpkolumn för Beräknad rang: 100 × kostnadseffektivitet + 10 × nytta + svårighetsgrad, "
                            "platsen i skalan räknad från 1 = bäst")
SCALE_COLUMNS = {"Typ": kinds.TYPER, "Svårighetsgrad": kinds.SVARIGHETSGRADER, "Nytta": kinds.NYTTOR,
                 "Skala": kinds.SKALOR, "Kostnadseffektivitet": kinds.KOSTNADSEFFEKTIVITET}


def _value(value):
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):   # numpy / pandas scalars -> Python
        value = value.item()
    return value


def _konsekvens(r: dict) -> str:
    """The workbook's Konsekvensbeskrivning cell: Fullständig, or Ofullständig with what is missing."""
    return "Fullständig" if r["fullstandig"] else "Ofullständig: " + brist(r["saknas"], r["samma_text"])


def _rows(frame: pd.DataFrame, with_namnd: bool) -> list[dict]:
    order = {t: i for i, t in enumerate(kinds.TYPER)}
    frame = frame.assign(_typ=frame["typ"].map(order), _nyckel=rangnyckel(frame)).sort_values(
        ["_typ", "beraknad_rang", "namnd", "forslag_id"], kind="stable")
    rows = []
    for r in frame.to_dict("records"):
        r["konsekvens"] = _konsekvens(r)
        values = [_value(r[k]) if k not in ("problem", "malgrupp", "atgard", "nuvarande") else (_text(r[k]) or None)
                  for k in KEYS]
        rows.append({"varden": ([r["namnd_namn"]] if with_namnd else []) + values, "avviker": bool(r["avviker"]),
                     "rangnyckel": int(r["_nyckel"])})
    return rows


def workbook_context(kommun: str, year: int, title: str, frame: pd.DataFrame, preliminar: bool,
                     with_namnd: bool = False) -> dict:
    """`frame`: förslag with beraknad_rang, avviker (model.prioritering.beraknad_rang), falt and effekt /
    resursinsats (model.prioritering.matris), namnd_namn, fullstandig / saknas / samma_text
    (model.prioritering.konsekvensbeskrivning). With the Nämnd column (the sammanställning) the rank is across
    the nämnder, so the nämnd's own rank is not compared with it."""
    columns = (["Nämnd"] if with_namnd else []) + COLUMNS
    return {
        "titel": title, "kommun": kommun, "amne": f"{title}. {'Preliminär (valår). ' if preliminar else ''}",
        "nyckelord": f"Prioriteringsmodell, {kommun}, {year}", "datum_iso": f"{year - 1}-01-01",
        "preliminar": preliminar,
        "kolumner": columns,
        "forklaring": [LEGEND.get(c, "") for c in columns],
        "skalor": {c: list(SCALE_COLUMNS[c]) for c in columns if c in SCALE_COLUMNS},
        "rader": _rows(frame, with_namnd),
        "summor": summor_per_typ(frame),
        "totalt": summa(frame),
        "rangordning": {"Kostnadseffektivitet": list(KOSTNADSEFFEKTIVITET_ORDER), "Nytta": list(NYTTA_ORDER),
                        "Svårighetsgrad": list(SVARIGHET_ORDER)},
        "rangnyckel": {"rubrik": RANGNYCKEL[0], "forklaring": RANGNYCKEL[1]},
        "jamfor_rang": not with_namnd,
        "matris": [{"forslag": r["forslag_id"], "namnd": r["namnd_namn"], "atgard": _text(r["atgard"]),
                    "effekt": float(r["effekt"]), "resursinsats": float(r["resursinsats"]), "falt": r["falt"]}
                   for r in frame.sort_values(["namnd", "forslag_id"]).to_dict("records")],
        "falt": [{"namn": k, "beskrivning": v} for k, v in FALT_BESKRIVNING.items()],
    }
