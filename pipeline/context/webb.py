"""The reporting point's website (`kommunrapport publicera`, `kör --publicera`): one context per page, plain data.

Motala's riktlinjer (Bilaga 4, "Besluta"): the report and the decided åtgärder are communicated "externt på
kommunens hemsida". Every figure comes from the contexts the documents are built from (the nämnder's reports,
the kommunövergripande report, the delårsrapport or årsredovisning), so the web and the .docx say the same.

A page context is {"webb": what every page shares (kommun, titles, navigation), "sida": the page}. A page has
`fil` (its path in the site, e.g. "namnd/SN.html"), `mall` (its template, web/<mall>.html), `rot` (the relative
way back to the site's root: "" or "../"), `titel`, `ingress`, and `tabeller`: every table of the page as
{id, rubrik, kolumner [{namn, nyckel, enhet, tal}], rader [[text]], varden [[value]], csv, kalla}; the
values are what the open data (CSV, datapackage.json) holds, the texts what the page shows.
"""

from __future__ import annotations

import re

from pipeline.context.format import count_phrase, long_date, mnkr, number, period_text
from pipeline.context.lix import lix

START, NAMND, MAL, MEDBORGARE, ATGARDER, NEDLADDNING, TILLGANGLIGHET, KOMMUN = (
    "start", "namnd", "mal", "medborgare", "atgarder", "nedladdning", "tillganglighet", "kommun")
PAGE_TEMPLATES = (START, NAMND, MAL, MEDBORGARE, ATGARDER, NEDLADDNING, TILLGANGLIGHET, KOMMUN)
KOLADA = "Källa: Kolada (RKA)."
OWN = "Källa: kommunens budget, huvudbok och förvaltningarnas rapportunderlag."
DOWNLOAD_DIR = "filer"
LIX_TARGET = 40


def slug(text: str) -> str:
    """'KF1' -> 'kf1', 'Barn- och utbildningsnämnden' -> 'barn-och-utbildningsnamnden' (file names)."""
    plain = text.lower().translate(str.maketrans("åäöéü", "aaoeu"))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def _number(text: str) -> float | str:
    """A formatted figure back as a number for the open data ('−1 234' -> -1234.0, '1,6' -> 1.6); text that is
    no number stays text. The page shows the formatted text; this is only the CSV's value."""
    plain = text.replace("\xa0", "").replace(" ", "").replace("−", "-").replace(",", ".")
    return float(plain) if re.fullmatch(r"-?\d+(\.\d+)?", plain) else text


def table(table_id: str, caption: str, columns: list[tuple[str, str, str, bool]], rows: list[list[str]],
          page_file: str, source: str = OWN) -> dict:
    """A page table. `columns`: (header, machine name, unit, numeric); a numeric column's CSV value is the number."""
    cols = [{"namn": n, "nyckel": k, "enhet": u, "tal": t} for n, k, u, t in columns]
    values = [[_number(cell) if c["tal"] else cell for cell, c in zip(row, cols)] for row in rows]
    stem = slug(page_file.removesuffix(".html"))
    return {"id": table_id, "rubrik": caption, "kolumner": cols, "rader": rows, "varden": values,
            "csv": f"data/{stem}-{table_id}.csv", "kalla": source}


def _status_text(status: dict) -> str:
    return status.get("text") or "–"


def _kf_indicators(kf: dict, namnd_contexts: list[dict]) -> list[dict]:
    """The indicators of a KF-mål's nämndmål, as the nämnd reports print them."""
    ids = {m["id"] for m in kf["namndmal"]}
    return [i for c in namnd_contexts for m in c["mal"] if m["id"] in ids for i in m["indikatorer"]]


def trend_text(indicators: list[dict]) -> str:
    """"3 mått blir bättre, 1 blir sämre" from the indicators' trend words (förbättras / försämras)."""
    better = sum(1 for i in indicators if i["trend"].endswith("förbättras"))
    worse = sum(1 for i in indicators if i["trend"].endswith("försämras"))
    if not better and not worse:
        return "Ingen trend att visa än."
    return f"{count_phrase(better, 'mått', 'mått')} blir bättre, {worse} blir sämre."


def _page(fil: str, mall: str, titel: str, ingress: str, **rest) -> dict:
    return {"fil": fil, "mall": mall, "rot": "../" * fil.count("/"), "titel": titel, "ingress": ingress,
            "tabeller": [], "figurer": [], **rest}


# --- the pages ------------------------------------------------------------------------------------------------

def start_page(kommun: dict, namnd_contexts: list[dict]) -> dict:
    page = _page("index.html", START, f"{kommun['dokument']['typ']} {kommun['dokument']['ar']}",
                 kommun["sammanfattning"])
    kf = [{"id": m["id"], "formulering": m["formulering"], "signal": _status_text(m["signal"]), "grund": m["grund"],
           "trend": trend_text(_kf_indicators(m, namnd_contexts)),
           "fil": f"mal/{slug(m['id'])}.html", "medborgare": f"medborgare/{slug(m['id'])}.html"}
          for m in kommun["kf_mal"]]
    page["kf_mal"] = kf
    page["tabeller"].append(table(
        "kf-mal", "Kommunfullmäktiges mål: samlad signal och trend",
        [("Mål", "mal", "", False), ("Signal", "signal", "", False), ("Grund", "grund", "", False),
         ("Trend", "trend", "", False)],
        [[f"{m['id']} {m['formulering']}", m["signal"], m["grund"], m["trend"]] for m in kf], page["fil"]))
    heading = kommun["rubriker"]["prognos"] if "rubriker" in kommun else "Helårsprognos"
    rows = [[r["namnd"], r["arsbudget"], r["prognos"], r["avvikelse_helar"]] for r in kommun["ekonomi"]["rader"]]
    rows.append(["Summa nämnderna", kommun["ekonomi"]["summa"]["arsbudget"], kommun["ekonomi"]["summa"]["prognos"],
                 kommun["ekonomi"]["summa"]["avvikelse_helar"]])
    page["tabeller"].append(table(
        "ekonomi", "Ekonomin i korthet per nämnd, tkr",
        [("Nämnd", "namnd", "", False), ("Årsbudget", "arsbudget", "tkr", True), (heading, "prognos", "tkr", True),
         ("Avvikelse helår", "avvikelse_helar", "tkr", True)], rows, page["fil"]))
    page["figurer"].append({"slag": "staplar", "id": "ekonomi-diagram",
                            "rubrik": f"Avvikelse helår per nämnd, tkr ({kommun['dokument']['period']})",
                            "etiketter": [r[0] for r in rows[:-1]],
                            "varden": [_number(r[3]) for r in rows[:-1]],
                            "tabell": "ekonomi", "alt": "Stapeldiagram: avvikelsen helår per nämnd i tkr; "
                                                              "underskott är röda staplar under nollan.",
                            "punkter": [], "kommun": kommun["kommun"]["namn"]})
    deviations = [a for a in kommun["avvikelser"]][:5]
    page["tabeller"].append(table(
        "avvikelser", "De största avvikelserna",
        [("Nämnd", "namnd", "", False), ("Avser", "avser", "", False), ("Slag", "slag", "", False),
         ("Avvikelse", "avvikelse", "", False), ("Hantering", "hantering", "", False)],
        [[a["namnd"], a["avser"], a["slag"], a["beskrivning"], a["hantering"]] for a in deviations], page["fil"]))
    return page


def namnd_page(context: dict) -> dict:
    n = context["namnd"]
    fil = f"namnd/{slug(n['id'])}.html"
    page = _page(fil, NAMND, f"{n['namn']}: {context['dokument']['typ']} {context['dokument']['ar']}",
                 context["sammanfattning"], namnd=n["namn"])
    page["tabeller"].append(table(
        "nyckeltal", "Nyckeltal, tkr", [("Nyckeltal", "nyckeltal", "", False), ("tkr", "belopp", "tkr", True)],
        [[r["namn"], r["varde"]] for r in context["nyckeltal"]], fil))
    mal_rows = []
    for m in context["mal"]:
        for i in m["indikatorer"]:
            mal_rows.append([f"{m['id']} {m['formulering']}", f"{i['id']} {i['namn']}", i["malvarde"], i["varde"],
                             _status_text(i["status"]), i["trend"]])
    page["tabeller"].append(table(
        "indikatorer", "Mål och indikatorer",
        [("Nämndmål", "mal", "", False), ("Indikator", "indikator", "", False), ("Målvärde", "malvarde", "", False),
         ("Utfall", "utfall", "", False), ("Status", "status", "", False), ("Trend", "trend", "", False)],
        mal_rows, fil, f"{OWN} Kolada-nyckeltal: {KOLADA}"))
    rub = context["rubriker"]["prognos"]
    drift = [[f"{r['kod']} {r['namn']}", r["arsbudget"], r["utfall"], r["prognos"], r["avvikelse_helar"]]
             for r in context["drift"]["rader"]]
    s = context["drift"]["summa"]
    drift.append(["Summa", s["arsbudget"], s["utfall"], s["prognos"], s["avvikelse_helar"]])
    page["tabeller"].append(table(
        "drift", "Driftredovisning per verksamhet, tkr",
        [("Verksamhet", "verksamhet", "", False), ("Årsbudget", "arsbudget", "tkr", True),
         ("Utfall", "utfall", "tkr", True), (rub, "prognos", "tkr", True),
         ("Avvikelse helår", "avvikelse_helar", "tkr", True)], drift, fil))
    inv = [[f"{r['projekt']} {r['namn']}", r["budget"], r["utfall"], r["aterstar"]]
           for r in context["investeringar"]["rader"]]
    if inv:
        si = context["investeringar"]["summa"]
        inv.append(["Summa investeringar", si["budget"], si["utfall"], si["aterstar"]])
        page["tabeller"].append(table(
            "investeringar", "Investeringar, tkr",
            [("Projekt", "projekt", "", False), ("Budget", "budget", "tkr", True), ("Utfall", "utfall", "tkr", True),
             ("Återstår", "aterstar", "tkr", True)], inv, fil))
    page["kommentarer"] = [f"{k['verksamhet']}: {k['text']}" for k in context["prognoskommentarer"] if k["text"]]
    page["framgangar"] = [f"{f['indikator']}: {f['utfall']}. {f['skal']}" for f in context["framgangar"]]
    page["orsaker"] = [{"kategori": g["kategori"], "rader": [f"{r['avser']}: {r['orsak']}" for r in g["rader"]]}
                       for g in context["orsaker"]]
    page["basta"] = [{"indikator": f"{b['indikator']} ({b['period']})",
                      "grupper": [f"{g['namn']}: {g['kommuner']}" for g in b["grupper"]]} for b in context["basta"]]
    page["tabeller"].append(table(
        "avvikelser", "Avvikelser och hur de hanteras",
        [("Avser", "avser", "", False), ("Slag", "slag", "", False), ("Avvikelse", "avvikelse", "", False),
         ("Hantering", "hantering", "", False)],
        [[a["avser"], a["slag"], a["beskrivning"], a["hantering"]] for a in context["avvikelser"]], fil))
    page["atgardsplaner"] = [{"rubrik": a["rubrik"], "falt": a["falt"]} for a in context["atgardsplaner"]]
    page["racker_inte"] = context["atgardseffekt"].get("racker_inte", "")
    page["tabeller"].append(table(
        "uppfoljning", f"Uppföljning av beslutade åtgärder från {context['uppfoljning_tillfalle']}",
        [("Åtgärd", "atgard", "", False), ("Klart senast", "klart_senast", "", False),
         ("Status", "status", "", False), ("Effekt", "effekt", "", False)],
        [[f"{u['id']} {u['omrade']} (avser {u['avser']})", u["klart_senast"],
          ". ".join(x for x in (u["status"], u["beslut"]) if x), u["effekt"]] for u in context["uppfoljning"]], fil))
    page["extern_regi"] = context["extern_regi"].get("sammanfattning", "")
    page["handelser"] = list(context["handelser"])
    return page


def _indicator_chart(ind: dict) -> dict | None:
    """The indicator's history chart (context.diagram's data) for an SVG line chart, with its values as rows."""
    from pipeline.context.format import indicator_value

    h = ind.get("diagram", {}).get("historik")
    if not h or not h.get("ar"):
        return None
    periods = [str(a) for a in h["ar"]]
    return {"slag": "linje", "id": f"diagram-{slug(ind['id'])}", "rubrik": f"{ind['id']} {ind['namn']}: "
            f"{h['rubrik'][:1].lower()}{h['rubrik'][1:]}", "alt": h["alt"], "ar": periods,
            "varden": list(h["varden"]), "malvarde": h.get("malvarde"), "malvarde_etikett": h.get("malvarde_etikett", ""),
            "kommun": h["kommun"], "riket_ar": [str(a) for a in h.get("riket_ar", [])],
            "riket_varden": list(h.get("riket_varden", [])), "riket_etikett": h.get("riket_etikett", "Riket"),
            "tabell": "", "punkter": [{"period": p, "varde": indicator_value(v)} for p, v in zip(periods, h["varden"])]}


def kf_page(kf: dict, namnd_contexts: list[dict]) -> dict:
    fil = f"mal/{slug(kf['id'])}.html"
    page = _page(fil, MAL, f"{kf['id']} {kf['formulering']}", f"Samlad signal: {_status_text(kf['signal'])} "
                 f"({kf['grund']}).", signal=_status_text(kf["signal"]), medborgare=f"../medborgare/{slug(kf['id'])}.html")
    page["tabeller"].append(table(
        "namndmal", "Nämndmålen under målet",
        [("Nämnd", "namnd", "", False), ("Nämndmål", "namndmal", "", False), ("Beräknat", "beraknat", "", False),
         ("Nämndens bedömning", "bedomning", "", False)],
        [[m["namnd"], f"{m['id']} {m['formulering']}", _status_text(m["beraknad"]), _status_text(m["bedomning"])]
         for m in kf["namndmal"]], fil))
    ids = {m["id"] for m in kf["namndmal"]}
    rows, charts = [], []
    for c in namnd_contexts:
        for m in c["mal"]:
            if m["id"] not in ids:
                continue
            for i in m["indikatorer"]:
                rows.append([m["id"], f"{i['id']} {i['namn']}", i["malvarde"], i["varde"], _status_text(i["status"]),
                             i["trend"], i["plats"]])
                chart = _indicator_chart(i)
                if chart is not None:
                    charts.append(chart)
    page["tabeller"].append(table(
        "indikatorer", "Indikatorerna",
        [("Nämndmål", "namndmal", "", False), ("Indikator", "indikator", "", False),
         ("Målvärde", "malvarde", "", False), ("Utfall", "utfall", "", False), ("Status", "status", "", False),
         ("Trend", "trend", "", False), ("Plats bland kommunerna", "plats", "", False)], rows, fil,
        f"{OWN} Kolada-nyckeltal: {KOLADA}"))
    page["figurer"] = charts
    return page


def _sentences(*parts: str) -> list[str]:
    return [p for p in parts if p]


def medborgar_page(kf: dict, namnd_contexts: list[dict], model_costs: dict[str, str]) -> dict:
    """A KF-mål in plain Swedish: what it is, how it went (symbol and word), against other kommuner and over time,
    what it cost, what the nämnder do next. Short sentences, everyday words; LIX measured on the page's text."""
    fil = f"medborgare/{slug(kf['id'])}.html"
    ids = {m["id"] for m in kf["namndmal"]}
    indicators = [(m, i) for c in namnd_contexts for m in c["mal"] if m["id"] in ids for i in m["indikatorer"]]
    judged = [i for _, i in indicators if i["status"].get("symbol")]
    reached = [i for i in judged if i["status"].get("ord") == "Uppfyllt"]
    ranked = [i for _, i in indicators if i["kvartil"]]
    best = [i for i in ranked if i["kvartil"] == "bästa fjärdedelen"]
    worst = [i for i in ranked if i["kvartil"] == "sämsta fjärdedelen"]
    plans = [a for c in namnd_contexts for a in c["atgardsplaner"]
             if any(f["namn"] == "Avser" and f["varde"].split(" ")[0] in ids | {i["id"] for _, i in indicators}
                    for f in a["falt"])]
    sections = [
        {"rubrik": "Vad är målet?", "text": _sentences(
            f"Målet är: {kf['formulering']}.", "Kommunfullmäktige har beslutat om målet.",
            f"{count_phrase(len({m['namnd'] for m in kf['namndmal']}), 'nämnd', 'nämnder')} arbetar med målet.")},
        {"rubrik": "Hur gick det?", "text": _sentences(
            f"{_status_text(kf['signal'])}.",
            f"Vi mäter målet med {count_phrase(len(indicators), 'mått', 'mått')}." if indicators else "",
            f"{len(reached)} av {len(judged)} mått når sitt mål." if judged else "")},
        {"rubrik": "Jämfört med andra och över tid", "text": _sentences(
            f"Vi jämför {count_phrase(len(ranked), 'mått', 'mått')} med alla kommuner i Sverige. I {len(best)} är "
            f"vi bland den bästa fjärdedelen. I {len(worst)} är vi bland den sämsta fjärdedelen." if ranked else
            "Inget av måtten går att jämföra med andra kommuner än.",
            trend_text([i for _, i in indicators]) if indicators else "")},
        {"rubrik": "Vad kostade det?", "text": _sentences(model_costs.get(kf["id"], ""))},
        {"rubrik": "Vad gör vi nu?", "text": _sentences(
            f"Nämnderna har {count_phrase(len(plans), 'plan', 'planer')} för att nå målet." if plans else
            "Nämnderna har inga nya planer för målet just nu.")},
    ]
    sections = [s for s in sections if s["text"]]   # e.g. no cost figure: no empty heading
    text = " ".join(t for s in sections for t in s["text"])
    page = _page(fil, MEDBORGARE, f"Så gick det: {kf['formulering']}", "", avsnitt=sections,
                 signal=_status_text(kf["signal"]), mal=f"../mal/{slug(kf['id'])}.html",
                 atgarder=[a["rubrik"] for a in plans], lix=round(lix(text), 1), lix_text=number(lix(text), 0))
    return page


def atgarder_page(namnd_contexts: list[dict], beslut: list[dict]) -> dict:
    fil = "atgarder.html"
    page = _page(fil, ATGARDER, "Åtgärder", "Nämndernas åtgärder: de som nämnderna har beslutat om och de nya "
                 "förslagen vid detta tillfälle.")
    rows = [[c["namnd"]["namn"], f"{u['id']} {u['omrade']}", u["beslut"] or u["status"], u["klart_senast"],
             u["effekt"]] for c in namnd_contexts for u in c["uppfoljning"] if u["beslut"] or "nämnden" in u["status"]]
    page["tabeller"].append(table(
        "beslutade", "Beslutade åtgärder (föregående tillfälle)",
        [("Nämnd", "namnd", "", False), ("Åtgärd", "atgard", "", False), ("Beslut", "beslut", "", False),
         ("Klart senast", "klart_senast", "", False), ("Effekt", "effekt", "", False)], rows, fil))
    decided = {(b["namnd"], b["atgard_id"]): b["text"] for b in beslut}
    new = []
    for c in namnd_contexts:
        for a in c["atgardsplaner"]:
            atgard_id = a["rubrik"].split(" ")[0]
            new.append([c["namnd"]["namn"], a["rubrik"],
                        decided.get((c["namnd"]["id"], atgard_id), "Förslag: nämnden har inte beslutat ännu")])
    page["tabeller"].append(table(
        "forslag", "Nya åtgärder vid detta tillfälle",
        [("Nämnd", "namnd", "", False), ("Åtgärd", "atgard", "", False), ("Beslut", "beslut", "", False)], new, fil))
    return page


def downloads_page(files: list[tuple[str, int]]) -> dict:
    page = _page("nedladdning.html", NEDLADDNING, "Ladda ned", "Rapporterna som Word, PDF och Excel, och alla "
                 "tabeller på webbplatsen som öppna data (CSV med datapackage.json).")
    kinds = {".docx": "Word", ".pdf": "PDF (tillgänglig, PDF/UA)", ".xlsx": "Excel"}
    page["filer"] = [{"namn": name, "fil": f"{DOWNLOAD_DIR}/{name}", "format": kinds.get(name[name.rfind('.'):], ""),
                      "storlek": f"{max(1, round(size / 1024))} kB"} for name, size in files]
    return page


def accessibility_page(kommun_namn: str, kontakt: str) -> dict:
    page = _page("tillganglighet.html", TILLGANGLIGHET, "Tillgänglighetsredogörelse",
                 f"{kommun_namn} står bakom den här webbplatsen. Vi vill att så många som möjligt ska kunna använda "
                 "den. Här beskriver vi hur webbplatsen uppfyller lagen om tillgänglighet till digital offentlig "
                 "service (DOS-lagen), kända brister och hur du kan rapportera problem.")
    page["kontakt"] = kontakt
    return page


def kommun_page(context: dict) -> dict:
    """The delårsrapport or årsredovisning as a web page: its summary and its financial statements."""
    typ = context["dokument"]["typ"]
    page = _page("kommun.html", KOMMUN, f"{typ} {context['dokument']['ar']}",
                 context.get("nyckeltal_text") or context.get("sammanfattning", ""))
    drift = context.get("drift")
    if drift and drift.get("rader"):
        page["tabeller"].append(table(
            "drift", "Driftredovisning per nämnd, tkr",
            [("Nämnd", "namnd", "", False), ("Budget", "budget", "tkr", True), (drift["kolumn"], "utfall", "tkr", True),
             ("Avvikelse", "avvikelse", "tkr", True)],
            [[r["namn"], r["budget"], r["utfall"], r["avvikelse"]] for r in drift["rader"]], page["fil"]))
    if context.get("balanskrav"):
        page["tabeller"].append(table(
            "balanskrav", "Balanskravsutredning, mnkr", [("Post", "post", "", False), ("mnkr", "belopp", "mnkr", True)],
            [[r["namn"], r["belopp"]] for r in context["balanskrav"]], page["fil"]))
    page["handelser"] = [f"{h['rubrik']} ({h['tidpunkt']}): {h['beskrivning']}"
                         for h in (context.get("handelser") or {}).get("under", [])]
    for key, caption in (("resultatrakning", "Resultaträkning, mnkr"), ("balansrakning", "Balansräkning, mnkr")):
        part = context.get(key)
        if not part:
            continue
        rows = [[r["namn"], r["belopp"], r["jamforelse"]] for r in part["rader"]]
        page["tabeller"].append(table(key, caption, [("Post", "post", "", False), (part["kolumn"], "ar", "mnkr", True),
                                                     (part["jamforelse"], "fg", "mnkr", True)], rows, page["fil"]))
    return page


# --- the site ---------------------------------------------------------------------------------------------------

def site_contexts(meta, config, model, kommun: dict, namnd_contexts: list[dict], year_end: dict | None,
                  downloads: list[tuple[str, int]], beslut: list[dict], kontakt: str) -> list[dict]:
    """Every page of the site as its own context, the start page first."""
    nav = [{"text": "Start", "fil": "index.html"}, {"text": "Nämnderna", "fil": "index.html#namnder"},
           {"text": "Åtgärder", "fil": "atgarder.html"}, {"text": "Ladda ned", "fil": "nedladdning.html"},
           {"text": "Tillgänglighet", "fil": "tillganglighet.html"}]
    if year_end is not None:
        nav.insert(1, {"text": year_end["dokument"]["typ"], "fil": "kommun.html"})
    costs = _kf_costs(model, kommun)
    pages = [start_page(kommun, namnd_contexts)]
    pages[0]["namnder"] = [{"namn": c["namnd"]["namn"], "fil": f"namnd/{slug(c['namnd']['id'])}.html"}
                           for c in namnd_contexts]
    if year_end is not None:
        pages.append(kommun_page(year_end))
    pages += [namnd_page(c) for c in namnd_contexts]
    pages += [kf_page(kf, namnd_contexts) for kf in kommun["kf_mal"]]
    pages += [medborgar_page(kf, namnd_contexts, costs) for kf in kommun["kf_mal"]]
    pages += [atgarder_page(namnd_contexts, beslut), downloads_page(downloads),
              accessibility_page(config.kommun_namn, kontakt)]
    shared = {"kommun": config.kommun_namn, "titel": f"{kommun['dokument']['typ']} {meta.year}",
              "period": period_text(meta.year, meta.till_manad), "datum": long_date(meta.end_date),
              "datum_iso": meta.end_date.isoformat(), "nav": nav}
    return [{"webb": shared, "sida": p} for p in pages]


def _kf_costs(model, kommun: dict) -> dict[str, str]:
    """Per KF-mål one plain sentence on what its nämndmål's verksamheter cost this year (model.mal_kostnad)."""
    costs = model.mal_kostnad
    if not len(costs):
        return {}
    out = {}
    for kf in kommun["kf_mal"]:
        ids = [m["id"] for m in kf["namndmal"]]
        own = costs[costs["mal_id"].isin(ids)].drop_duplicates("verksamheter")   # a verksamhet counted once
        if not len(own):
            continue
        total = float(own["arsbudget"].sum())
        if total:
            out[kf["id"]] = (f"Verksamheterna för målet har en budget på {mnkr(total, 0 if abs(total) >= 1e8 else 1)} "
                             "miljoner kronor i år.")
    return out


def lix_lines(contexts: list[dict]) -> list[str]:
    """For the run summary: LIX per medborgar page, and the pages above the target."""
    pages = [c["sida"] for c in contexts if c["sida"]["mall"] == MEDBORGARE]
    if not pages:
        return []
    over = [p for p in pages if p["lix"] > LIX_TARGET]
    each = ", ".join(f"{p['fil']} {p['lix']:.0f}" for p in pages)
    lines = [f"Webbplatsens medborgarsidor: LIX {each} (mål högst {LIX_TARGET})."]
    lines += [f"  - {p['fil']}: LIX {p['lix']:.0f} är över {LIX_TARGET}; skriv kortare meningar och ord."
              for p in over]
    return lines
