"""Plain-data views of the styrsystemsanalys (model.styrsystem): a document appendix per nämnd, the run
summary's block and the workbook styrsystemsanalys.xlsx. Strings and lists only, no pandas objects."""

from __future__ import annotations

import pandas as pd

from pipeline.context.common import ReportMeta
from pipeline.context.common import text as _text
from pipeline.model.styrsystem import (AKTUELL_AR, FRAGOR, MIN_AR, MIN_JAMFORELSE, SKALA, SKALA_JA, SKALA_LITEN,
                                       Styrsystem)

FILENAME = "styrsystemsanalys.xlsx"
KF_LABEL = "KF-mål"


def styrsystem_context(warnings: pd.DataFrame) -> list[dict]:
    """One nämnd's warnings (rows of model.styrsystem COLUMNS) for a document appendix: per warning `mal`,
    `indikator` ('' when about the mål), `avser` ("Mål BUN1" / "Indikator N15535 (mål BUN1)"), `kod`, `varning`."""
    rows = []
    for w in warnings.to_dict("records"):
        mal, ind = _text(w["mal_id"]), _text(w["indikator_id"])
        rows.append({"mal": mal, "indikator": ind, "avser": f"Indikator {ind} (mål {mal})" if ind else f"Mål {mal}",
                     "kod": _text(w["kod"]), "varning": _text(w["varning"])})
    return rows


def _count(n: int) -> str:
    return f"{n} varning" if n == 1 else f"{n} varningar"


def summary_lines(warnings: pd.DataFrame, config) -> list[str]:
    """The run summary's block: the number of warnings per nämnd (KF-mål first, then the configuration's order),
    each followed by its warnings. Empty list when there is nothing to say about."""
    if warnings is None:
        return []
    if not len(warnings):
        return ["Styrsystemsanalys: inga varningar (se styrsystemsanalys.xlsx)."]
    lines = [f"Styrsystemsanalys: {_count(len(warnings))} om mål och indikatorer (se {FILENAME}):"]
    groups = [(KF_LABEL, warnings[warnings["namnd"].isna()])]
    known = {n.id for n in config.namnder}
    groups += [(n.namn, warnings[warnings["namnd"] == n.id]) for n in config.namnder]
    groups += [(str(other), warnings[warnings["namnd"] == other])
               for other in sorted(set(warnings["namnd"].dropna()) - known)]
    for label, rows in groups:
        if not len(rows):
            continue
        lines.append(f"  {label}: {_count(len(rows))}")
        for w in rows.to_dict("records"):
            about = w["mal_id"] + (f" {w['indikator_id']}" if _text(w["indikator_id"]) else "")
            lines.append(f"    - {about}: {w['varning']}")
    return lines


def _namnd_name(config, namnd_id) -> str:
    """The nämnd's name from the configuration ('' for a KF-mål, the id for an unknown nämnd)."""
    if not _text(namnd_id):
        return ""
    return {n.id: n.namn for n in config.namnder}.get(namnd_id, str(namnd_id))


def _mal_order(mal: pd.DataFrame) -> list[dict]:
    """KF-mål in input order, each followed by its nämndmål; nämndmål without a KF-mål last."""
    records = mal.to_dict("records")
    kf = [m for m in records if m["niva"] == "KF"]
    kf_ids = {m["mal_id"] for m in kf}
    ordered = []
    for k in kf:
        ordered.append(k)
        ordered += [m for m in records if m["niva"] != "KF" and _text(m["overordnat"]) == k["mal_id"]]
    ordered += [m for m in records if m["niva"] != "KF" and _text(m["overordnat"]) not in kf_ids]
    return ordered


SCALE_NOTE = (f"Beräknade svar: andelen som uppfyller frågan ger svaret – 0 % Nej, under "
              f"{round(SKALA_LITEN * 100)} % Till liten del, under {round(SKALA_JA * 100)} % Till viss del, annars "
              "Ja, nästan helt och hållet. Finns inget att räkna lämnas frågan till er.")


def workbook_context(meta: ReportMeta, config, mal: pd.DataFrame, indikatorer: pd.DataFrame,
                     indikator_utfall: pd.DataFrame, analysis: Styrsystem) -> dict:
    """Everything styrsystemsanalys.xlsx shows (mal, indikatorer: staged frames; indikator_utfall: the model's)."""
    warnings = analysis.warnings
    mal_warn: dict[str, list[str]] = {}
    ind_warn: dict[tuple[str, str], list[str]] = {}
    for w in warnings.to_dict("records"):
        if w["indikator_id"] is None:
            mal_warn.setdefault(w["mal_id"], []).append(w["varning"])
        else:
            ind_warn.setdefault((w["mal_id"], w["indikator_id"]), []).append(w["varning"])
    status = {}
    if len(indikator_utfall) and "status" in indikator_utfall:
        status = {(_text(r["mal_id"]), _text(r["indikator_id"])): _text(r["status"])
                  for r in indikator_utfall.to_dict("records")}
    linked = indikatorer[indikatorer["mal_id"].notna()] if len(indikatorer) else indikatorer
    by_mal: dict[str, list[dict]] = {}
    for r in linked.to_dict("records"):
        by_mal.setdefault(_text(r["mal_id"]), []).append(r)
    kf_text = {m["mal_id"]: f"{m['mal_id']} {_text(m['formulering'])}".strip()
               for m in mal.to_dict("records") if m["niva"] == "KF"}

    rows = []
    for m in _mal_order(mal):
        mid = _text(m["mal_id"])
        kf = kf_text.get(mid) if m["niva"] == "KF" else kf_text.get(_text(m["overordnat"]), "")
        base = [kf, _namnd_name(config, m["namnd"]), mid, _text(m["formulering"])]
        about_mal = "\n".join(mal_warn.get(mid, []))
        indicators = by_mal.get(mid, [])
        if not indicators:
            rows.append(base + ["", "", "", "", "", about_mal, ""])
        for r in indicators:
            iid = _text(r["indikator_id"])
            rows.append(base + [iid, _text(r["namn"]), _text(r.get("kategori")), _text(r.get("paverkansgrad")),
                                status.get((mid, iid), ""), about_mal, "\n".join(ind_warn.get((mid, iid), []))])

    answers = {(r["kf_mal_id"], r["fraga"]): r for r in analysis.tydlighet.to_dict("records")}
    blocks = []
    for m in mal.to_dict("records"):
        if m["niva"] != "KF":
            continue
        questions = []
        for f in FRAGOR:
            a = answers.get((m["mal_id"], f.key), {})
            av = a.get("av")
            counted = f.basis and av is not None and not pd.isna(av)
            if counted and int(av) > 0:
                underlag = f.basis.format(antal=int(a["antal"]), av=int(av), ar=meta.year - AKTUELL_AR)
            elif counted:
                underlag = f.empty + "; fyll i."
            else:
                underlag = ""
            svar = a.get("svar")
            questions.append({"text": f.text, "svar": SKALA.index(svar) if isinstance(svar, str) else None,
                              "underlag": underlag, "ifylld": "Beräknad" if isinstance(svar, str) else "Fyll i"})
        blocks.append({"rubrik": kf_text[m["mal_id"]], "fragor": questions})

    names = {n.id: n.namn for n in config.namnder}
    warning_rows = [[KF_LABEL if w["namnd"] is None else names.get(w["namnd"], w["namnd"]), w["mal_id"],
                     w["indikator_id"] or "", w["kod"], w["varning"]] for w in warnings.to_dict("records")]
    title = f"Styrsystemsanalys {meta.dokumenttyp} {meta.year}"
    return {
        "titel": title,
        "amne": f"Mål och indikatorer – {meta.kommun}",
        "kommun": meta.kommun,
        "datum_iso": meta.end_date.isoformat(),
        "nyckelord": f"Styrsystemsanalys, {meta.dokumenttyp}, {meta.kommun}, {meta.year}",
        "mal_rader": rows,
        "skala": list(SKALA),
        "tydlighet": blocks,
        "tydlighet_intro": [
            "Självskattning per KF-mål efter SKL:s guide för styrning och uppföljning. KF-målet bedöms genom "
            "nämndmålens indikatorer.",
            "Sätt ett X i en av de fyra svarskolumnerna för varje fråga. Rader märkta \"Fyll i\" besvaras av er; "
            "rader märkta \"Beräknad\" är ifyllda utifrån mål, indikatorer och värden och kan ändras. Summa och "
            "andel räknas om när ni fyller i.",
            SCALE_NOTE + f" Aktuellt värde: från {meta.year - AKTUELL_AR} eller senare; tidsserie: minst {MIN_AR} "
            f"år med samma definition; jämförelse: minst {MIN_JAMFORELSE} andra kommuner med värde.",
        ],
        "varningar": warning_rows,
    }
