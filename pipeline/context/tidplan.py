"""The year's tidplan, formatted for its document (per delprocess, the aktiviteter with week and dates) and as
calendar events (`tidplan_events`: plain data that render.ics turns into an .ics file)."""

from __future__ import annotations

from datetime import date

from pipeline.context.format import long_date
from pipeline.config.tidplan import DatedAktivitet, Tidplan

VALAR_TEXT = ("Valår: mål och resursplanen beslutas bara preliminärt av kommunstyrelsen före sommaren och "
              "fastställs inte av kommunfullmäktige i augusti. Den nya kommunstyrelsen beslutar den definitiva "
              "planen i oktober och det nya kommunfullmäktige fastställer den i november, utan separat finansplan. "
              "De nya nämnderna beslutar resursfördelningen i januari. Planeringsdokumenten är preliminära.")


def _period(d: DatedAktivitet) -> str:
    if d.start == d.slut:
        return long_date(d.start)
    if d.start.month == d.slut.month:
        return f"{d.start.day}–{long_date(d.slut)}"
    return f"{long_date(d.start).rsplit(' ', 1)[0]} – {long_date(d.slut)}"


def tidplan_context(kommun: str, year: int, valar: bool, tidplan: Tidplan, aktiviteter: list[DatedAktivitet]) -> dict:
    """Everything the tidplan document shows."""
    typ = "Tidplan för mål och resursplan"
    groups = []
    for d in tidplan.delprocesser:
        rows = [a for a in aktiviteter if a.delprocess.id == d.id]
        if rows:
            groups.append({"namn": d.namn, "aktiviteter": [{
                "vecka": f"v. {a.vecka} {a.ar}", "datum": _period(a), "namn": a.aktivitet.namn,
                "ansvarig": a.aktivitet.ansvarig, "deltagare": ", ".join(a.aktivitet.deltagare) or "–",
                "beslut": a.aktivitet.beslut} for a in rows]})
    day = date(year - 1, 11, 1)
    return {
        "kommun": {"namn": kommun},
        "dokument": {
            "typ": typ, "titel": f"{typ} {year + 1} ({year}){' – valår' if valar else ''}", "ar": str(year),
            "budgetar": str(year + 1), "datum_iso": day.isoformat(), "datum": long_date(day),
            "amne": f"Budgetprocessen {year} för mål och resursplan {year + 1}.",
            "nyckelord": f"Tidplan, budgetprocess, mål och resursplan, {kommun}, {year}",
            "filnamn": f"{year} Tidplan mål och resursplan {year + 1}",
            "status": {"ord": "Preliminär" if valar else "Förslag", "text": "Preliminär (valår)" if valar else "Förslag"},
        },
        "valar": {"ar": valar, "text": VALAR_TEXT if valar else ""},
        "kalla": tidplan.kalla,
        "delprocesser": groups,
        "beslut": [{"vecka": f"v. {a.vecka} {a.ar}", "datum": _period(a), "beslut": a.aktivitet.beslut}
                   for a in aktiviteter if a.aktivitet.beslut],
    }


def tidplan_events(kommun: str, year: int, aktiviteter: list[DatedAktivitet]) -> list[dict]:
    """One all-day event per aktivitet (Monday to Friday of its week, or its day), with a stable uid."""
    return [{"uid": f"{year}-{i:02d}-{a.delprocess.id}@kommunrapport.{kommun.lower().replace(' ', '-')}",
             "summary": a.aktivitet.namn, "start": a.start, "slut": a.slut,
             "description": f"{a.delprocess.namn}. Ansvarig: {a.aktivitet.ansvarig}."
                            + (f" Deltagare: {', '.join(a.aktivitet.deltagare)}." if a.aktivitet.deltagare else "")
                            + (f" Beslut: {a.aktivitet.beslut}." if a.aktivitet.beslut else ""),
             "categories": [a.delprocess.namn]} for i, a in enumerate(aktiviteter, start=1)]
