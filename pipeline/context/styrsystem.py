"""Plain-data views of the styrsystemsanalys (model.styrsystem): a document appendix per nämnd, the run
summary's block and the workbook styrsystemsanalys.xlsx. Strings and lists only, no pandas objects."""

from __future__ import annotations

import pandas as pd

from pipeline.context.common import ReportMeta
from pipeline.context.common import text as _text
from pipeline.model import guide_verktyg as G
from pipeline.model.styrsystem import SKALA_JA, SKALA_LITEN, Styrsystem

FILENAME = "styrsystemsanalys.xlsx"
KF_LABEL = "KF-mål"
MARK = "X"


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


SCALE_NOTE = (f"Beräknade svar: andelen som uppfyller frågan ger svaret – ingen: det första steget (Nej), under "
              f"{round(SKALA_LITEN * 100)} %: det andra, under {round(SKALA_JA * 100)} %: det tredje, annars det "
              "fjärde (när det sista steget säger \"alla\": under 100 % det tredje). Finns inget att räkna lämnas "
              "frågan till er.")
FILL = "Besvaras av er"
COMPUTED = "Beräknad"


def _text_block(text: str) -> dict:
    return {"typ": "text", "text": text}


def _people_block(rubrik: str) -> dict:
    """The visible note on who answers what data cannot: the guide's own words on who does the tool."""
    return _text_block(f"Besvaras av er: gula rutor och rader märkta \"{FILL}\" kan inte besvaras ur kommunens "
                       f"filer. Guiden: \"{G.MALGRUPP[rubrik]}\"")


def _mal_rows(config, mal: pd.DataFrame, indikatorer: pd.DataFrame, indikator_utfall: pd.DataFrame,
              warnings: pd.DataFrame) -> list[list[str]]:
    """The sheet "Mål och indikatorer": one row per mål and indicator (a mål without indicators: one row)."""
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
    by_mal: dict[str, list[dict]] = {}
    for r in _linked(indikatorer).to_dict("records"):
        by_mal.setdefault(_text(r["mal_id"]), []).append(r)
    kf_text = _kf_texts(mal)
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
    return rows


def _linked(indikatorer: pd.DataFrame) -> pd.DataFrame:
    return indikatorer[indikatorer["mal_id"].notna()] if len(indikatorer) else indikatorer


def _kf_texts(mal: pd.DataFrame) -> dict[str, str]:
    return {m["mal_id"]: f"{m['mal_id']} {_text(m['formulering'])}".strip() for m in mal.to_dict("records")
            if m["niva"] == "KF"}


def _names(indikatorer: pd.DataFrame) -> dict[str, str]:
    return {_text(r["indikator_id"]): _text(r["namn"]) for r in indikatorer.to_dict("records")}


def _tydlig_sheet(mal: pd.DataFrame, analysis: Styrsystem) -> dict:
    """"Hur tydlig är …": one row per KF-mål, one column per question, X where the answer is yes; Summa and Andel
    av total (%) per question; the underlag of the computed answers in the last column."""
    answers = {(r["kf_mal_id"], r["fraga"]): r for r in analysis.tydlig.to_dict("records")}
    head1 = ["", *[f.avsnitt if i in (0, 5) else "" for i, f in enumerate(G.TYDLIG)], "Underlag"]
    head2 = ["Kommunövergripande mål", *[f"{f.nr} {f.text}" for f in G.TYDLIG], ""]
    rows = []
    for kf_id, label in _kf_texts(mal).items():
        cells, inputs, basis = [label], [], []
        for i, f in enumerate(G.TYDLIG, start=1):
            a = answers.get((kf_id, f.nr), {})
            if a.get("svar") is None:
                cells.append("")
                inputs.append(i)
                if a.get("underlag"):
                    basis.append(f"{f.nr}: {a['underlag']}")   # why it is left to people
            else:
                cells.append(MARK if a["svar"] else "")
                basis.append(f"{f.nr}: {a['underlag']}")
        rows.append({"celler": [*cells, "; ".join(basis)], "inmatning": inputs})
    return {"namn": "Hur tydlig", "bredder": [40, *[16] * len(G.TYDLIG), 70], "block": [
        {"typ": "rubrik", "text": G.TYDLIG_RUBRIK},
        _text_block(G.kallhanvisning(G.TYDLIG_RUBRIK)),
        _people_block(G.TYDLIG_RUBRIK),
        _text_block(G.TYDLIG_INLEDNING + " Ett X betyder ja; ju fler kryss i rutorna, desto bättre mål. Kryssen är "
                    "beräknade ur mål, indikatorer, värden och rapportunderlag (se sista kolumnen) och kan ändras; "
                    "gula rutor besvaras av er."),
        {"typ": "tabell", "huvud": [head1, head2], "rader": rows, "kryss": list(range(1, len(G.TYDLIG) + 1)),
         "summa": (G.SUMMA, G.ANDEL)},
    ]}


def _answer_rows(fragor, computed: dict[str, dict], skalor: list[tuple[str, ...]], with_example: bool) -> list[dict]:
    """One row per question: Nr, Fråga, Svar (a dropdown of the question's own scale), [Exempel:], Underlag,
    Ifylld; a question without a scale is a free text (the answer cell is for people)."""
    rows = []
    for f in fragor:
        a = computed.get(f.nr)
        svar = a["svar"] if a is not None and a.get("svar") is not None and not pd.isna(a["svar"]) else None
        answer = f.skala[int(svar)] if svar is not None and f.skala else ""
        cells = [f.nr, f.text, answer, *([""] if with_example else []), a["underlag"] if a is not None else "",
                 COMPUTED if answer else FILL]
        rows.append({"celler": cells, "inmatning": [2, *([3] if with_example else [])] if not answer else
                     ([3] if with_example else []), "val": {2: skalor.index(f.skala)} if f.skala else {}})
    return rows


def _styr_sheet(analysis: Styrsystem) -> dict:
    computed = {r["fraga"]: r for r in analysis.styr.to_dict("records")}
    skalor = [G.STYR_SKALA]
    block = [{"typ": "rubrik", "text": G.STYR_RUBRIK},
             _text_block(G.kallhanvisning(G.STYR_RUBRIK)),
             _people_block(G.STYR_RUBRIK),
             _text_block("Skalan: " + " / ".join(G.STYR_SKALA) + ". " + SCALE_NOTE)]
    for nr, rubrik in G.STYR_AVSNITT:
        fragor = [f for f in G.STYR if f.avsnitt == nr]
        block.append({"typ": "tabell", "titel": f"{nr} {rubrik}", "huvud": [["Nr", "Fråga", "Svar", G.EXEMPEL,
                                                                             "Underlag", "Ifylld"]],
                      "rader": _answer_rows(fragor, computed, skalor, True)})
    return {"namn": "Styr- och uppföljningssystem", "bredder": [6, 70, 26, 40, 60, 11], "block": block,
            "skalor": skalor}


def _paverkan_sheet(mal: pd.DataFrame, indikatorer: pd.DataFrame, analysis: Styrsystem) -> dict:
    names = _names(indikatorer)
    kf = _kf_texts(mal)
    rows = []
    for r in analysis.paverkan.to_dict("records"):
        steg = r["steg"] if r["steg"] is not None and not pd.isna(r["steg"]) else None
        cells = [kf.get(r["kf_mal_id"], r["kf_mal_id"]), f"{r['indikator_id']} {names.get(r['indikator_id'], '')}".strip(),
                 *[MARK if steg == i else "" for i in range(3)]]
        rows.append({"celler": cells, "inmatning": [] if steg is not None else [2, 3, 4]})
    head1 = [G.PAVERKAN_KOLUMNER[0], G.PAVERKAN_KOLUMNER[1], G.PAVERKAN_KOLUMNER[2], "", ""]
    head2 = ["", "", *G.PAVERKAN_SKALA]
    return {"namn": "Påverkansgrad", "bredder": [44, 54, 14, 14, 14], "block": [
        {"typ": "rubrik", "text": G.PAVERKAN_RUBRIK},
        _text_block(G.kallhanvisning(G.PAVERKAN_RUBRIK)),
        _people_block(G.PAVERKAN_RUBRIK),
        _text_block(G.PAVERKAN_UPPGIFT),
        _text_block("Varje KF-mål med indikatorerna som hör till det och till dess nämndmål. Krysset följer "
                    "kolumnen Påverkansgrad i målfilen (Stor, Viss, Liten); gula rader saknar påverkansgrad."),
        {"typ": "tabell", "huvud": [head1, head2], "rader": rows, "kryss": [2, 3, 4], "summa": (G.SUMMA, G.ANDEL)},
    ]}


# the verksamhetsresultat added up under the Kategorisering table (Effektivitet counts, 001_…, "Kategorisering av mått")
RESULTAT_SUMMA = "Summa RESULTAT (Subjektiva, Objektiva och Effektivitet):"
RESULTAT_ANDEL = "Andel RESULTAT av total: (%)"


def _kategori_sheet(indikatorer: pd.DataFrame, analysis: Styrsystem) -> dict:
    names = _names(indikatorer)
    columns = ["RESURSER", "AKTIVITETER /PRESTATIONER", "Subjektiva", "Objektiva", G.KATEGORI_EFFEKTIVITET,
               "VIKTIG INFORMATION"]
    rows = []
    for i, r in enumerate(analysis.kategorier.to_dict("records"), start=1):
        cells = [str(i), f"{r['indikator_id']} {names.get(r['indikator_id'], '')}".strip(),
                 *[MARK if r["kolumn"] == c else "" for c in columns]]
        rows.append({"celler": cells, "inmatning": [] if r["kolumn"] else list(range(2, 8))})
    head1 = ["", G.KATEGORI_KOLUMNER[0], G.KATEGORI_KOLUMNER[1], G.KATEGORI_KOLUMNER[2], G.KATEGORI_KOLUMNER[3], "", "",
             G.KATEGORI_KOLUMNER[4]]
    head2 = ["", "", "", "", *G.KATEGORI_RESULTAT, G.KATEGORI_EFFEKTIVITET, ""]
    return {"namn": "Kategorisering", "bredder": [5, 54, 13, 16, 13, 13, 13, 14], "block": [
        {"typ": "rubrik", "text": G.KATEGORI_RUBRIK},
        _text_block(G.kallhanvisning(G.KATEGORI_RUBRIK)),
        _people_block(G.KATEGORI_RUBRIK),
        _text_block("Varje indikator som är kopplad till ett mål, en gång. Krysset följer kolumnen Kategori i "
                    "målfilen: Resurs → RESURSER, Aktivitet och Interna processer → AKTIVITETER /PRESTATIONER, "
                    "Resultat subjektiv → Subjektiva, Resultat objektiv → Objektiva, Effektivitet → Effektivitet, "
                    "Viktig information → VIKTIG INFORMATION. Kolumnen Effektivitet under RESULTAT kommer från "
                    "guidens \"Kategorisering av mått\" (VERKSAMHETSRESULTAT: Subjektiva, Objektiva, Effektivitet): "
                    "effektivitetsmått räknas som verksamhetsresultat, och raderna Summa RESULTAT och Andel "
                    "RESULTAT under tabellen räknar dem med. Gula rader saknar kategori."),
        {"typ": "tabell", "huvud": [head1, head2], "rader": rows, "kryss": list(range(2, 8)),
         "summa": (G.KATEGORI_SUMMA, G.KATEGORI_ANDEL), "summa_kolumn": 1,
         "grupp_summa": ((RESULTAT_SUMMA, RESULTAT_ANDEL), [4, 5, 6])},
    ]}


def _ars_sheet(meta: ReportMeta, analysis: Styrsystem) -> dict:
    computed = {r["fraga"]: r for r in analysis.arsberattelse.to_dict("records")} \
        if analysis.arsberattelse is not None else {}
    skalor = list(dict.fromkeys(f.skala for f in G.ARS if f.skala))
    when = (f"Körd mot kommunens årsredovisning {meta.year} och nämndernas verksamhetsberättelser (bokslutet): "
            "frågor som deras innehåll besvarar är ifyllda (Beräknad), övriga besvaras av er." if computed else
            "Övningen körs mot årsredovisningen och nämndernas verksamhetsberättelser: vid bokslutet fylls frågorna "
            "som de besvarar i. Nu besvaras alla av er.")
    block = [{"typ": "rubrik", "text": G.ARS_RUBRIK},
             _text_block(G.kallhanvisning(G.ARS_RUBRIK)),
             _people_block(G.ARS_RUBRIK),
             _text_block("Årsredovisningen ska spegla sig i budget/verksamhetsplan."),
             _text_block(when + " " + SCALE_NOTE)]
    comments = {"A", "B", "E", "F"}   # the sections the guide ends with "Kommentarer:"
    for letter, rubrik in G.ARS_AVSNITT:
        rows = _answer_rows([f for f in G.ARS if f.avsnitt == letter], computed, skalor, False)
        out = []
        for row in rows:
            out.append(row)
            if row["celler"][0] == "9":
                nine = computed.get("9", {})
                if any(not pd.isna(nine.get(f"andel_{label}", float("nan"))) for label in G.ARS_FORDELNING_9):
                    row["celler"][-1], row["inmatning"] = COMPUTED, []   # the distribution below is computed
                for label in G.ARS_FORDELNING_9:
                    share = nine.get(f"andel_{label}")
                    known = share is not None and not pd.isna(share)
                    out.append({"celler": ["", f"{label}:%", share / 100 if known else "", "",
                                           COMPUTED if known else FILL], "inmatning": [] if known else [2],
                                "procent": [2]})
            if row["celler"][0] == "13":
                out += [{"celler": ["", f"{label}:%", "", "", FILL], "inmatning": [2], "procent": [2]}
                        for label in G.ARS_FORDELNING_13]
        if letter in comments:
            out.append({"celler": ["", G.KOMMENTARER, "", "", FILL], "inmatning": [2]})
        block.append({"typ": "tabell", "titel": f"{letter}. {rubrik}", "huvud": [["Nr", "Fråga", "Svar", "Underlag",
                                                                                  "Ifylld"]], "rader": out})
    return {"namn": "Årsberättelse", "bredder": [6, 70, 24, 60, 11], "block": block, "skalor": skalor}


def _handlingsplan_sheet(mal: pd.DataFrame, warnings: pd.DataFrame) -> dict:
    """The guide's two tables; one row per mål with warnings, its problems as NULÄGE/ PROBLEMATIK, the rest for
    people."""
    texts = {m["mal_id"]: f"Mål {m['mal_id']} {_text(m['formulering'])}".strip() for m in mal.to_dict("records")}
    problems: dict[str, list[str]] = {}
    for w in warnings.to_dict("records"):
        about = w["varning"] if w["indikator_id"] is None else f"{w['indikator_id']}: {w['varning']}"
        problems.setdefault(w["mal_id"], []).append(about)
    rows = [{"celler": [texts.get(mid, mid), "\n".join(found), "", "", "", ""], "inmatning": [2, 3, 4, 5]}
            for mid, found in problems.items()]
    rows += [{"celler": [""] * 6, "inmatning": list(range(6))} for _ in range(3)]
    activities = [{"celler": [""] * 5, "inmatning": list(range(5))} for _ in range(5)]
    return {"namn": "Handlingsplan", "bredder": [40, 60, 30, 24, 24, 18], "block": [
        {"typ": "rubrik", "text": G.HANDLINGSPLAN_RUBRIK},
        _text_block(G.kallhanvisning(G.HANDLINGSPLAN_RUBRIK)),
        _people_block(G.HANDLINGSPLAN_RUBRIK),
        _text_block(G.HANDLINGSPLAN_SYFTE + " Förifyllt: varje mål med varningar från styrsystemsanalysen och "
                    "varningarna som nuläge; resten fyller ni i."),
        {"typ": "tabell", "huvud": [[h for h, _ in G.HANDLINGSPLAN_MAL], [q for _, q in G.HANDLINGSPLAN_MAL]],
         "rader": rows},
        {"typ": "tabell", "huvud": [[h for h, _ in G.HANDLINGSPLAN_AKTIVITETER],
                                    [q for _, q in G.HANDLINGSPLAN_AKTIVITETER]], "rader": activities},
    ]}


def _kkik_sheet(mal: pd.DataFrame, indikatorer: pd.DataFrame, analysis: Styrsystem) -> dict:
    rows, section = [], None
    for avsnitt, nr, text in G.KKIK_MATT:
        if avsnitt != section:
            rows.append({"celler": ["", avsnitt, "", "", "", ""], "fet": True})
            section = avsnitt
        rows.append({"celler": [nr, text, "", "", "", ""], "inmatning": [2, 3, 4, 5]})
    names = _names(indikatorer)
    kf_linked = set(analysis.paverkan["indikator_id"]) if len(analysis.paverkan) else set()
    information = set(analysis.checks.loc[analysis.checks["information"].astype(bool), "indikator_id"]) \
        if len(analysis.checks) else set()
    rows.append({"celler": ["", f"Kommunens egna indikatorer. {G.KKIK_ANDRA}", "", "", "", ""], "fet": True})
    for iid in analysis.kategorier["indikator_id"]:
        a = MARK if iid in kf_linked else ""
        d = MARK if iid in information else ""
        rows.append({"celler": [iid, names.get(iid, ""), a, "", "", d], "inmatning": [3, 4] + ([2] if not a else [])
                     + ([5] if not d else [])})
    return {"namn": "KKiK", "bredder": [8, 70, 22, 22, 22, 22], "block": [
        {"typ": "rubrik", "text": G.KKIK_RUBRIK},
        _text_block(G.kallhanvisning(G.KKIK_RUBRIK)),
        _people_block(G.KKIK_RUBRIK),
        *[_text_block(f"{k} {t}") for k, t in G.KKIK_KOLUMNER],
        _text_block("KKiK-måtten besvaras av er. För kommunens egna indikatorer är A ifyllt när indikatorn hör till "
                    "ett KF-mål (direkt eller genom ett nämndmål) och D när den är ett informationsmått (Kategori "
                    "Viktig information eller påverkansgrad Liten)."),
        {"typ": "tabell", "huvud": [["Nr", "Mått", *[k for k, _ in G.KKIK_KOLUMNER]]], "rader": rows,
         "kryss": [2, 3, 4, 5]},
    ]}


def workbook_context(meta: ReportMeta, config, mal: pd.DataFrame, indikatorer: pd.DataFrame,
                     indikator_utfall: pd.DataFrame, analysis: Styrsystem) -> dict:
    """Everything styrsystemsanalys.xlsx shows (mal, indikatorer: staged frames; indikator_utfall: the model's):
    the list of mål and indicators, the guide's tools one per sheet, and the warnings."""
    warnings = analysis.warnings
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
        "mal_rader": _mal_rows(config, mal, indikatorer, indikator_utfall, warnings),
        "verktyg": [_tydlig_sheet(mal, analysis), _styr_sheet(analysis), _paverkan_sheet(mal, indikatorer, analysis),
                    _kategori_sheet(indikatorer, analysis), _ars_sheet(meta, analysis),
                    _handlingsplan_sheet(mal, warnings), _kkik_sheet(mal, indikatorer, analysis)],
        "varningar": warning_rows,
    }
