"""The tjänsteskrivelse that goes with every report to a nämnd, KS or KF: ärendet in short, the key figures, the
avvikelser, the åtgärder that need a decision at that level (Beslutsnivå) and a förslag till beslut, with
diarienummer and date from the config ([[arende]]) or left as marked fields for the nämndsekreterare."""

from __future__ import annotations

import re
from datetime import date

from pipeline.config import Config
from pipeline.context.common import ReportMeta
from pipeline.context.format import count_phrase, long_date, mnkr, period_text

MISSING = "[fylls i]"

# Who decides at each instans, and the word for it in a förslag.
INSTANS_NAMN = {"KS": "Kommunstyrelsen", "KF": "Kommunfullmäktige"}


DEFINITE = {"verksamhetsberättelse": "verksamhetsberättelsen", "årsredovisning": "årsredovisningen"}


def definite(typ: str) -> str:
    """'Tertialrapport 1' -> 'tertialrapporten', 'Delårsrapport' -> 'delårsrapporten',
    'Verksamhetsberättelse' -> 'verksamhetsberättelsen' (as a förslag till beslut writes it)."""
    word = typ.lower()
    if word in DEFINITE:
        return DEFINITE[word]
    if re.search(r"rapport( \d+)?$", word):
        return re.sub(r"rapport( \d+)?$", "rapporten", word)
    return f"rapporten ({typ})"


def _arende(config: Config, tillfalle: str, instans: str) -> dict:
    a = config.arende(tillfalle, instans)
    return {"diarienummer": a.diarienummer or f"Dnr {MISSING}",
            "datum": long_date(date.fromisoformat(a.datum)) if a.datum else f"Datum {MISSING}",
            "handlaggare": a.handlaggare or MISSING,
            "ifyllt": bool(a.diarienummer and a.datum)}


def plans_needing_decision(model, config: Config) -> list[dict]:
    """Every nämnd's plans that need a decision by the nämnd, KS or KF (context.atgarder.decision_rows), with the
    nämnd's name before the plan's område."""
    from pipeline.context.atgarder import decision_rows

    out = []
    for n in config.namnder:
        out += [{**b, "omrade": f"{n.namn}: {b['omrade']}"} for b in decision_rows(model.beslut, n.id)]
    return out


def tjansteskrivelse_context(meta: ReportMeta, config: Config, report: dict, instans: str, rapport_typ: str,
                             mottagare: str, beslut: list[dict], forslag: list[str]) -> dict:
    """A tjänsteskrivelse for `report` (the rendered report's context: its dokument, sammanfattning, nyckeltal or
    ekonomi and avvikelser). `instans`: nämnd id, "KS" or "KF"; `beslut`: the plans that need this instans."""
    title = f"{rapport_typ} {period_text(meta.year, meta.till_manad)}"
    deviations = report.get("avvikelser", [])
    missing = sum(1 for d in deviations if d.get("saknas"))
    return {
        "kommun": {"namn": meta.kommun},
        "dokument": {
            "typ": "Tjänsteskrivelse", "titel": f"Tjänsteskrivelse: {title} – {mottagare}", "ar": str(meta.year),
            "datum_iso": meta.end_date.isoformat(), "period": period_text(meta.year, meta.till_manad),
            "amne": f"Tjänsteskrivelse till {mottagare.lower()}: {title}.",
            "nyckelord": f"Tjänsteskrivelse, {rapport_typ}, {mottagare}, {meta.kommun}, {meta.year}",
            "filnamn": f"{meta.year} Tjänsteskrivelse {rapport_typ} {mottagare}",
        },
        "arende": {**_arende(config, meta.tillfalle, instans), "rubrik": title, "mottagare": mottagare,
                   "bilaga": report["dokument"]["titel"]},
        "sammanfattning": report.get("sammanfattning") or report.get("nyckeltal_text", ""),
        "nyckeltal": report.get("nyckeltal", []),
        "avvikelseoversikt": {"antal": len(deviations), "saknar_plan": missing,
                              "text": f"{count_phrase(len(deviations), 'avvikelse redovisas', 'avvikelser redovisas')}; "
                                      f"{missing} saknar åtgärdsplan eller analys.",
                       "rader": [{"avser": d["avser"], "slag": d["slag"], "hantering": d["hantering"]}
                                 for d in deviations]},
        "beslut": list(beslut),
        "forslag": forslag,
    }


def namnd_tjansteskrivelse(meta: ReportMeta, config: Config, report: dict) -> dict:
    """The tjänsteskrivelse for a nämnd's own report (report: its context from context.tertial)."""
    namnd = report["namnd"]
    typ = meta.namnd_dokumenttyp
    own = [b for b in report["beslut"] if b["niva"] == "Nämnd"]
    forslag = [f"{namnd['namn']} godkänner {definite(typ)} för {period_text(meta.year, meta.till_manad)}."]
    forslag += [f"{namnd['namn']} beslutar om åtgärdsplan {b['id']} ({b['omrade']})." for b in own]
    higher = [b for b in report["beslut"] if b["niva"] in ("KS", "KF")]
    forslag += [f"{namnd['namn']} föreslår {INSTANS_NAMN[b['niva']].lower()} att besluta om åtgärdsplan {b['id']} "
                f"({b['omrade']})." for b in higher]
    if report.get("atgardseffekt", {}).get("racker_inte"):   # Motala: the plan shall keep the resursfördelning
        forslag.append(f"{namnd['namn']} ger förvaltningen i uppdrag att ta fram ytterligare åtgärder som täcker "
                       f"det kvarstående underskottet på {report['atgardseffekt']['kvarstar']} tkr.")
    forslag.append(f"{namnd['namn']} överlämnar {definite(typ)} till kommunstyrelsen.")
    return tjansteskrivelse_context(meta, config, report, namnd["id"], typ, namnd["namn"], own + higher, forslag)


def ks_tjansteskrivelse(meta: ReportMeta, config: Config, report: dict, beslut: list[dict]) -> dict:
    """The tjänsteskrivelse for the kommunövergripande report to KS (beslut: all nämnder's plans, with nämnd)."""
    ks = [b for b in beslut if b["niva"] == "KS"]
    kf = [b for b in beslut if b["niva"] == "KF"]
    forslag = ["Kommunstyrelsen godkänner den kommunövergripande uppföljningen för "
               f"{period_text(meta.year, meta.till_manad)} och lägger den till handlingarna."]
    forslag += [f"Kommunstyrelsen beslutar om åtgärdsplan {b['id']} ({b['omrade']})." for b in ks]
    forslag += [f"Kommunstyrelsen föreslår kommunfullmäktige att besluta om åtgärdsplan {b['id']} ({b['omrade']})."
                for b in kf]
    return tjansteskrivelse_context(meta, config, report, "KS", "Kommunövergripande uppföljning",
                                    "Kommunstyrelsen", ks + kf, forslag)


def kf_tjansteskrivelse(meta: ReportMeta, config: Config, report: dict, beslut: list[dict], balanskrav: float,
                        rur: float = 0.0) -> dict:
    """The tjänsteskrivelse for the delårsrapport or årsredovisning to KF (through KS). `rur`: the year's
    reservation to (positive) or disposition from (negative) the resultatutjämningsreserv, kr (model.rur)."""
    kf = [b for b in beslut if b["niva"] == "KF"]
    typ = meta.dokumenttyp
    forslag = [f"Kommunstyrelsen föreslår kommunfullmäktige att godkänna {definite(typ)} för "
               f"{period_text(meta.year, meta.till_manad)}."]
    if meta.till_manad == 12:
        forslag.append("Kommunstyrelsen föreslår kommunfullmäktige att konstatera att balanskravet är uppfyllt."
                       if balanskrav >= 0 else
                       "Kommunstyrelsen föreslår kommunfullmäktige att konstatera att balanskravet inte är uppfyllt och "
                       "att underskottet ska återställas inom tre år.")
        if round(rur / 1e5):
            forslag.append(f"Kommunstyrelsen föreslår kommunfullmäktige att reservera {mnkr(rur)} mnkr till "
                           "resultatutjämningsreserven." if rur > 0 else
                           f"Kommunstyrelsen föreslår kommunfullmäktige att disponera {mnkr(-rur)} mnkr från "
                           "resultatutjämningsreserven.")
    forslag += [f"Kommunstyrelsen föreslår kommunfullmäktige att besluta om åtgärdsplan {b['id']} ({b['omrade']})."
                for b in kf]
    return tjansteskrivelse_context(meta, config, report, "KF", typ, "Kommunfullmäktige", kf, forslag)
