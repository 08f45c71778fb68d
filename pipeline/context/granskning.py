"""The revisorer's checklist beside the delårsrapport and årsredovisning, formatted for .docx/.pdf, and the same
content as plain JSON data (numbers unformatted)."""

from __future__ import annotations

import json

from pipeline.config import Config
from pipeline.context.common import ReportMeta, decision_status, status
from pipeline.context.arsredovisning import source_name
from pipeline.context.format import long_date, number, period_text
from pipeline.model.granskning import Check, Item


def _result(item: Item) -> dict:
    if item.ok:
        return status("Uppfyllt", "Finns" if item.slag == "del" else "Stämmer")
    if item.undantag:
        return status("Kan ej bedömas", "Undantagen")
    return status("Ej uppfyllt", "Saknas" if item.slag == "del" else "Stämmer inte")


def granskning_context(meta: ReportMeta, config: Config, document: str, items: list[Item],
                       checks: list[Check]) -> dict:
    """`document`: the checked document's title, e.g. 'Årsredovisning 2026 Exempelkommun'."""
    by_id = {c.id: c for c in checks}
    parts = [{"id": i.id, "namn": i.namn, "lagrum": i.lagrum, "plats": i.plats, "resultat": _result(i),
              "undantag": i.undantag} for i in items if i.slag == "del"]
    kontroller = []
    for i in items:
        if i.slag != "kontroll":
            continue
        c = by_id[i.id]
        kontroller.append({"id": i.id, "namn": i.namn, "vanster": c.vanster, "vanster_belopp": number(c.vanster_belopp),
                           "hoger": c.hoger, "hoger_belopp": number(c.hoger_belopp),
                           "differens": number(round(c.vanster_belopp) - round(c.hoger_belopp)),
                           "resultat": _result(i), "undantag": i.undantag})
    failed = [i for i in items if not i.ok]
    waived = [i for i in failed if i.undantag]
    summary = (f"{sum(1 for i in items if i.slag == 'del' and i.ok)} av {len(parts)} delar finns och "
               f"{sum(1 for i in items if i.slag == 'kontroll' and i.ok)} av {len(kontroller)} kontroller stämmer "
               f"(till kronan).")
    if waived:
        summary += f" {len(waived)} avsteg är undantagna med skäl i konfigurationen."
    typ = "Granskningslista"
    decision = decision_status(config)
    return {
        "kommun": {"namn": meta.kommun},
        "dokument": {
            "typ": typ, "titel": f"{typ} {document}", "ar": str(meta.year),
            "period": period_text(meta.year, meta.till_manad), "datum": long_date(meta.end_date),
            "datum_iso": meta.end_date.isoformat(), "amne": f"Granskningslista för {document}.",
            "nyckelord": f"{typ}, revision, {meta.kommun}, {meta.year}", "status": decision,
            "mottagare": "De förtroendevalda revisorerna",
            "filnamn": f"{meta.year} {typ} {document.replace(f' {meta.year}', '')}",
            "granskat": document,
        },
        "sammanfattning": summary,
        "delar": parts,
        "kontroller": kontroller,
        "kontoplan": source_name(config.kontoplan.kalla) if config.kontoplan else "",
    }


def granskning_json(context: dict, items: list[Item], checks: list[Check]) -> bytes:
    """The checklist as JSON (sorted keys, UTF-8): the checked document, every part and check with raw amounts."""
    by_id = {c.id: c for c in checks}
    data = {
        "dokument": context["dokument"]["granskat"],
        "datum": context["dokument"]["datum_iso"],
        "kontoplan": context["kontoplan"],
        "delar": [{"id": i.id, "namn": i.namn, "lagrum": i.lagrum, "plats": i.plats, "ok": i.ok,
                   "undantag": i.undantag or None} for i in items if i.slag == "del"],
        "kontroller": [{"id": i.id, "namn": i.namn, "vanster": {"text": by_id[i.id].vanster,
                                                               "belopp": round(by_id[i.id].vanster_belopp, 2)},
                        "hoger": {"text": by_id[i.id].hoger, "belopp": round(by_id[i.id].hoger_belopp, 2)},
                        "ok": i.ok, "undantag": i.undantag or None} for i in items if i.slag == "kontroll"],
        "godkand": all(i.godkand for i in items),
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
