"""The year's tidplan, formatted for its document (per delprocess, the aktiviteter with week and dates) and as
calendar events (`tidplan_events`: plain data that render.ics turns into an .ics file)."""

from __future__ import annotations

from datetime import date

from pipeline.context.format import long_date
from pipeline.config.tidplan import DatedAktivitet, Tidplan

# Bilaga 2, "Process och beslut om resursfördelning" (docs/kallor/004_92936331c7f76c27.txt), in its own words
VALAR_TEXT = ("Valår: planeringsprocessen följer den ordinarie processen fram till vecka 25. Beslut om Mål och "
              "Resursplan (MoR) blir bara ett preliminärt beslut i kommunstyrelsen vecka 25 och bekräftas inte i "
              "kommunfullmäktige vecka 34. Ett definitivt beslut fattas av den nyvalda kommunstyrelsen i oktober och "
              "det nyvalda kommunfullmäktige i november; något särskilt beslut om Finansplan fattas inte. "
              "Resursfördelningen per nämnd beslutas av de nyvalda nämnderna i januari året efter valåret.")


def dates_text(d: DatedAktivitet) -> str:
    """"24 november – 5 december 2025", "15–19 juni 2026", "13 september 2026"."""
    if d.start == d.slut:
        return long_date(d.start)
    if (d.start.year, d.start.month) == (d.slut.year, d.slut.month):
        return f"{d.start.day}–{long_date(d.slut)}"
    if d.start.year == d.slut.year:
        return f"{long_date(d.start).rsplit(' ', 1)[0]} – {long_date(d.slut)}"
    return f"{long_date(d.start)} – {long_date(d.slut)}"


def _objekt(d) -> str:
    """"Objekt in: … Objekt ut: …" as the source lists them (empty when the tidplan names none)."""
    parts = [f"{label}: {' '.join(items)}" for label, items in (("Objekt in", d.objekt_in), ("Objekt ut", d.objekt_ut))
             if items]
    return " ".join(parts)


def tidplan_context(kommun: str, year: int, valar: bool, tidplan: Tidplan, aktiviteter: list[DatedAktivitet]) -> dict:
    """Everything the tidplan document shows."""
    typ = "Tidplan för mål och resursplan"
    groups = []
    for d in tidplan.delprocesser:
        rows = [a for a in aktiviteter if a.delprocess.id == d.id]
        if rows:
            groups.append({"namn": f"{d.namn} ({d.veckor})" if d.veckor else d.namn, "beskrivning": d.beskrivning,
                           "objekt": _objekt(d), "aktiviteter": [{
                "vecka": a.tid, "datum": dates_text(a), "namn": a.aktivitet.namn,
                "ansvarig": a.aktivitet.ansvarig or "–", "deltagare": a.aktivitet.deltagare or "–",
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
        "beslut": [{"vecka": a.tid, "datum": dates_text(a), "beslut": a.aktivitet.namn}
                   for a in aktiviteter if a.aktivitet.beslut],
    }


def tidplan_events(kommun: str, year: int, aktiviteter: list[DatedAktivitet]) -> list[dict]:
    """One all-day event per aktivitet (its first to last day: Monday of the first week to Friday of the last, the
    month or quarter, or the day), with a stable uid."""
    return [{"uid": f"{year}-{i:02d}-{a.delprocess.id}@kommunrapport.{kommun.lower().replace(' ', '-')}",
             "summary": a.aktivitet.namn, "start": a.start, "slut": a.slut,
             "description": " ".join(x for x in (
                 f"{a.delprocess.namn} ({a.tid}).", f"Ansvarig: {a.aktivitet.ansvarig}." if a.aktivitet.ansvarig else "",
                 f"Deltagare: {a.aktivitet.deltagare}." if a.aktivitet.deltagare else "",
                 f"Beslut: {a.aktivitet.beslut}" if a.aktivitet.beslut else "", a.aktivitet.beskrivning) if x),
             "categories": [a.delprocess.namn]} for i, a in enumerate(aktiviteter, start=1)]
