"""The section "Verksamhet i extern regi" of a nämnd's report, and its one-line summaries for the kommun report and
the run summary (SKR steg 6, docs/kallor/002_0fe1128f78ddec9d.txt: "Åtgärder i verksamheten", "Åtgärdsplan oavsett
regiform"). Plain data from model.extern_regi; dates as the förvaltning wrote them (ÅÅÅÅ-MM-DD)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from pipeline.context.common import text as _text
from pipeline.context.format import count_phrase, indicator_value, long_date

INTRO = ("Verksamhet som drivs av en extern utförare enligt avtal. Utföraren är ansvarig för verksamheten och ska "
         "planera för och åtgärda eventuella brister; kommunen begär åtgärdsplaner, bedömer om de är tillräckliga, "
         "följer upp att de genomförs och använder avtalets sanktioner (SKR, Uppföljning och analys, steg 6).")


def _of(frame: pd.DataFrame, namnd_id: str | None) -> pd.DataFrame:
    if not len(frame) or namnd_id is None:
        return frame
    return frame[frame["namnd"] == namnd_id]


def _avser(row: dict, names: dict[str, str]) -> str:
    parts = []
    if _text(row.get("verksamhet")):
        code = _text(row["verksamhet"])
        parts.append(f"{code} {names.get(code, '')}".strip())
    if _text(row.get("enhet")):
        parts.append(_text(row["enhet"]))
    return ", ".join(parts)


def answer_text(row: dict, as_of: date) -> str:
    """"Inkom 2026-03-20, 4 dagar efter svar senast" / "Inget svar den 30 april 2026: 15 dagar försenat" /
    "Väntar på svar (senast 2026-05-15)" / "Inkom 2026-03-10"."""
    days = int(row["dagar_sen"])
    if row["besvarad"]:
        late = f", {count_phrase(days, 'dag', 'dagar')} efter svar senast" if row["forsenad"] else ""
        return f"Inkom {_text(row['svar_inkommit'])}{late}"
    if row["forsenad"]:
        return f"Inget svar den {long_date(as_of)}: {count_phrase(days, 'dag', 'dagar')} försenat"
    return f"Väntar på svar (senast {_text(row['svar_senast'])})"


def _result_word(under) -> str:
    if under is None or under is pd.NA or (isinstance(under, float) and pd.isna(under)):
        return "Inget målvärde"
    return "Når inte målvärdet" if bool(under) else "Når målvärdet"


def extern_regi_context(model, namnd_id: str, names: dict[str, str], as_of: date, steps: tuple[str, ...] = ()) -> dict:
    """The section for nämnd `namnd_id` (finns False when it has no verksamhet in extern regi). `names`: verksamhet
    code -> name; `as_of`: the period's last day (what "försenat" is measured against); `steps`: the kommun's
    sanktionstrappa (config extern_regi)."""
    regi = _of(model.extern_regi, namnd_id)
    arenden = _of(model.utforararenden, namnd_id)
    resultat = _of(model.utforare_resultat, namnd_id)
    utforare = [{"namn": _text(r["utforare"]), "avser": _avser(r, names), "avtal": _text(r["avtal"]),
                 "avtal_till": _text(r.get("avtal_till")) or "–", "sanktioner": _text(r.get("sanktioner")) or "–"}
                for r in regi.to_dict("records")]
    results = [{"utforare": _text(r["utforare"]), "enhet": _text(r["enhet"]),
                "indikator": _text(r["namn"]),
                "period": _text(r["period"]), "varde": indicator_value(r["varde"]),
                "kommun": indicator_value(r["kommun_varde"]), "malvarde": indicator_value(r["malvarde"]),
                "bedomning": _result_word(r["under_mal"])} for r in resultat.to_dict("records")]
    rows = [{"utforare": _text(r["utforare"]), "brist": _text(r["brist"]), "atgard": _text(r["begard_atgard"]),
             "begard": _text(r["begard"]), "svar_senast": _text(r["svar_senast"]), "svar": answer_text(r, as_of),
             "forsenad": bool(r["forsenad"]) and not bool(r["besvarad"]),
             "bedomning": _text(r["bedomning"]) or "Inte bedömd", "genomford": _text(r["genomford"]) or "–",
             "sanktionssteg": _text(r["sanktionssteg"]) or "–", "kommentar": _text(r["kommentar"])}
            for r in arenden.to_dict("records")]
    return {"finns": bool(utforare), "text": INTRO, "utforare": utforare, "resultat": results, "arenden": rows,
            "sammanfattning": summary_text(arenden, len(utforare), as_of, steps) if utforare else ""}


def kommun_rows(model, config, as_of: date) -> list[dict]:
    """Per nämnd with verksamhet in extern regi its one-sentence summary, for the kommun report: {namnd, text}."""
    regi, arenden = model.extern_regi, model.utforararenden
    if not len(regi):
        return []
    steps = config.extern_regi.sanktionstrappa
    return [{"namnd": n.namn, "text": summary_text(_of(arenden, n.id), int((regi["namnd"] == n.id).sum()), as_of,
                                                   steps)}
            for n in config.namnder if (regi["namnd"] == n.id).any()]


def summary_text(arenden: pd.DataFrame, utforare: int, as_of: date, steps: tuple[str, ...] = ()) -> str:
    """"1 utförare i extern regi; 2 begärda åtgärder, 2 ännu inte genomförda; 1 svar försenat den 30 april 2026;
    1 åtgärdsplan bedömd inte tillräcklig; högsta sanktionssteg: Vite." (one sentence, for the section and the
    kommun report). `steps`: the kommun's sanktionstrappa, mildest first (the highest used is named); without it
    every step used is listed."""
    parts = [count_phrase(utforare, "utförare i extern regi", "utförare i extern regi")]
    if not len(arenden):
        return parts[0] + "; inga begärda åtgärder."
    parts.append(count_phrase(len(arenden), "begärd åtgärd", "begärda åtgärder")
                 + f", {int(arenden['oppen'].sum())} ännu inte genomförda")
    overdue = int((arenden["forsenad"] & ~arenden["besvarad"]).sum())
    if overdue:
        parts.append(f"{count_phrase(overdue, 'svar', 'svar')} försenat den {long_date(as_of)}")
    insufficient = int((arenden["bedomning"].astype(object) == "Inte tillräcklig").sum())
    if insufficient:
        parts.append(count_phrase(insufficient, "åtgärdsplan bedömd inte tillräcklig",
                                  "åtgärdsplaner bedömda inte tillräckliga"))
    used = list(dict.fromkeys(s for s in arenden["sanktionssteg"].astype(object) if isinstance(s, str) and s.strip()))
    ranked = [s for s in steps if s in used]
    if ranked:
        parts.append(f"högsta sanktionssteg: {ranked[-1]}")
    elif used:
        parts.append("sanktionssteg: " + ", ".join(used))
    return "; ".join(parts) + "."


def overdue_lines(model, namnd_names: dict[str, str], as_of: date) -> list[str]:
    """One line per unanswered request past its svar senast, for the run summary: 'Socialnämnden: Omsorgs AB har
    inte svarat på begäran 2026-03-16 (svar senast 2026-04-15; 15 dagar försenat)'."""
    a = model.utforararenden
    if not len(a):
        return []
    late = a[a["forsenad"] & ~a["besvarad"]]
    return [f"{namnd_names.get(r['namnd'], r['namnd'])}: {_text(r['utforare'])} har inte svarat på begäran från "
            f"{_text(r['begard'])} ({_text(r['begard_atgard']).rstrip('.')}; svar senast {_text(r['svar_senast'])}, "
            f"{count_phrase(int(r['dagar_sen']), 'dag', 'dagar')} försenat den {long_date(as_of)})."
            for r in late.to_dict("records")]
