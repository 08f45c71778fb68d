"""The konsekvensmatriser of one nämnd's förslag (SKR matris konsekvensbedömning), formatted: per förslag the
matrix perspektiv × kort/lång sikt with effekt as symbol + word and the descriptions, Agenda 2030 goals by
number and name, risk om inget görs and the decision where given; the sammanfattning across the förslag; the
prioriteringsmatris as chart data; the incomplete konsekvensbeskrivningar (`brist`: also used by the run summary and
the prioriteringsmodell workbook)."""

from __future__ import annotations

import pandas as pd

from pipeline.context.common import text as _text, sentence
from pipeline.context.format import number
from pipeline.model.plan import HOG_RESURSINSATS_TKR, PlanModel
from pipeline.model.prioritering import FALT_BESKRIVNING
from pipeline.read import kinds

AGENDA_2030 = {
    1: "Ingen fattigdom", 2: "Ingen hunger", 3: "God hälsa och välbefinnande", 4: "God utbildning för alla",
    5: "Jämställdhet", 6: "Rent vatten och sanitet för alla", 7: "Hållbar energi för alla",
    8: "Anständiga arbetsvillkor och ekonomisk tillväxt", 9: "Hållbar industri, innovationer och infrastruktur",
    10: "Minskad ojämlikhet", 11: "Hållbara städer och samhällen", 12: "Hållbar konsumtion och produktion",
    13: "Bekämpa klimatförändringarna", 14: "Hav och marina resurser", 15: "Ekosystem och biologisk mångfald",
    16: "Fredliga och inkluderande samhällen", 17: "Genomförande och globalt partnerskap",
}
# effekt -> (symbol, css/docx colour name, hex): symbol + word, never colour alone
EFFEKT_STYLE = {"Positiv": ("+", "gron", "1E7B34"), "Negativ": ("−", "rod", "B3261E"),
                "Neutral": ("±", "gra", "5F6368"), "Ingen": ("○", "gra", "5F6368")}


def plan_status(preliminar: bool) -> dict:
    """The planning documents' status: preliminary in a valår, else a proposal."""
    return {"ord": "Preliminär" if preliminar else "Förslag", "text": "Preliminär (valår)" if preliminar else "Förslag"}


def effekt(word: str | None) -> dict:
    """An effekt as symbol + word + colour (a status-like dict: symbol, ord, farg, hex, text)."""
    if word not in EFFEKT_STYLE:
        return {"ord": "–", "symbol": "", "farg": "gra", "hex": "5F6368", "text": "– Ej bedömd"}
    symbol, css, hex_ = EFFEKT_STYLE[word]
    return {"ord": word, "symbol": symbol, "farg": css, "hex": hex_, "text": f"{symbol} {word}"}


def goals(text: str | None) -> str:
    """'3, 10' -> '3 God hälsa och välbefinnande, 10 Minskad ojämlikhet'; '' when none."""
    if not text:
        return ""
    return ", ".join(f"{n} {AGENDA_2030[int(n)]}" for n in str(text).split(", ") if n.isdigit())


def goals_of(rows: pd.DataFrame) -> str:
    """The distinct Agenda 2030 goals of a förslag's konsekvens rows, by number and name ('' when none)."""
    if not len(rows):
        return ""
    numbers = {g for t in rows["agenda2030"].dropna() for g in str(t).split(", ")}
    return goals(", ".join(sorted(numbers, key=int)))


def _and(words) -> str:
    """['a', 'b', 'c'] -> 'a, b och c'."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " och " + words[-1]


def brist(saknas, samma_text) -> str:
    """What makes a konsekvensbeskrivning incomplete (model.prioritering.konsekvensbeskrivning), in words:
    'saknar Ekonomi (lång sikt), Personal (kort sikt); samma text på kort och lång sikt för Miljö'; '' when
    complete. Used by the documents, the run summary and the prioriteringsmodell workbook."""
    parts = []
    if len(saknas):
        parts.append("saknar " + ", ".join(f"{p} ({s.lower()} sikt)" for p, s in saknas))
    if len(samma_text):
        parts.append("samma text på kort och lång sikt för " + _and(samma_text))
    return "; ".join(parts)


def krav(kravs) -> str:
    """The perspektiv a förslag's konsekvensbeskrivning must describe, in words."""
    return f"kräver {_and(kravs)} på kort och lång sikt" if len(kravs) else "inga krävda perspektiv"


def _matrix(rows: pd.DataFrame) -> list[dict]:
    out = []
    for perspektiv in kinds.PERSPEKTIV:
        own = rows[rows["perspektiv"] == perspektiv]
        if not len(own):
            continue
        cells = {}
        for sikt in kinds.SIKTER:
            hit = own[own["sikt"] == sikt]
            cells[sikt] = {"effekt": effekt(hit["effekt"].iloc[0] if len(hit) else None),
                           "beskrivning": _text(hit["beskrivning"].iloc[0]) if len(hit) else ""}
        out.append({"perspektiv": perspektiv, "kort": cells["Kort"], "lang": cells["Lång"]})
    return out


def konsekvens_context(kommun: str, model: PlanModel, namnd_id: str, namnd_namn: str, konsekvenser: pd.DataFrame,
                       info: pd.DataFrame) -> dict:
    """Everything one nämnd's konsekvensmatriser show."""
    year = model.year
    forslag = model.forslag[model.forslag["namnd"] == namnd_id].sort_values("forslag_id")
    own = konsekvenser[konsekvenser["namnd"] == namnd_id] if len(konsekvenser) else konsekvenser
    per = info[info["namnd"] == namnd_id].set_index("forslag_id") if len(info) else pd.DataFrame()
    items, summary = [], []
    for f in forslag.to_dict("records"):
        rows = own[own["forslag_id"] == f["forslag_id"]] if len(own) else own
        goal_text = goals_of(rows)
        extra = per.loc[f["forslag_id"]] if f["forslag_id"] in per.index else None
        positive = int((rows["effekt"] == "Positiv").sum()) if len(rows) else 0
        negative = int((rows["effekt"] == "Negativ").sum()) if len(rows) else 0
        items.append({
            "id": f["forslag_id"], "atgard": _text(f["atgard"]), "typ": f["typ"], "problem": sentence(f["problem"]),
            "malgrupp": _text(f["malgrupp"]), "kostnad": number(f["kostnad"]) + " tkr",
            "omfattning": _text(extra["omfattning"]) if extra is not None else "Service",
            "matris": _matrix(rows), "agenda2030": goal_text or "Inga mål angivna",
            "risk": _text(extra["risk"]) if extra is not None and _text(extra["risk"]) else "Inte angiven",
            "beslut": _text(extra["beslut"]) if extra is not None else "",
            "krav": krav(f["kravs"]),
            "ofullstandig": brist(f["saknas"], f["samma_text"]),
            "falt": f["falt"],
        })
        summary.append({"id": f["forslag_id"], "atgard": _text(f["atgard"]), "typ": f["typ"],
                        "kostnad": number(f["kostnad"]), "positiva": str(positive), "negativa": str(negative),
                        "falt": f["falt"], "beslut": items[-1]["beslut"] or "–",
                        "fullstandig": "Ja" if f["fullstandig"] else "Nej"})
    typ = "Konsekvensmatriser"
    day = f"{year - 1}-05-01"
    return {
        "kommun": {"namn": kommun},
        "namnd": {"id": namnd_id, "namn": namnd_namn},
        "dokument": {
            "typ": typ, "titel": f"{typ} {year} {namnd_namn}" + (" – preliminär (valår)" if model.preliminar else ""),
            "ar": str(year), "datum_iso": day,
            "amne": f"Konsekvensbeskrivning av {namnd_namn}s förslag inför mål och resursplan {year}.",
            "nyckelord": f"Konsekvensmatris, prioritering, {namnd_namn}, {kommun}, {year}",
            "filnamn": f"{year} Konsekvensmatris {namnd_namn}",
            "status": plan_status(model.preliminar),
        },
        "sammanfattning": summary,
        "forslag": items,
        "ofullstandiga": [{"id": i["id"], "brist": i["ofullstandig"]} for i in items if i["ofullstandig"]],
        "matrisfalt": [{"namn": k, "beskrivning": v} for k, v in FALT_BESKRIVNING.items()],
        "diagram": {"matris": {
            "punkter": [{"id": f["forslag_id"], "x": float(f["resursinsats"]), "y": float(f["effekt"])}
                        for f in forslag.to_dict("records")],
            "grans_x": HOG_RESURSINSATS_TKR, "grans_y": 2.5, "falt": {k: k for k in FALT_BESKRIVNING},
            "rubrik": f"Prioriteringsmatris {year} – {namnd_namn}", "bredd_mm": 160,
            "alt": "Prioriteringsmatris: förslagens resursinsats (kostnad) mot effekt. "
                   + " ".join(f"{f['forslag_id']}: {f['falt']} (kostnad {number(f['kostnad'])} tkr, nytta "
                              f"{f['nytta'].lower()})." for f in forslag.to_dict("records")),
        }},
    }
