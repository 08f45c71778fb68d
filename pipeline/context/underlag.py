"""The pre-filled rapportunderlag workbooks (`kommunrapport underlag ÅR TILLFÄLLE`), as plain data per nämnd.

For tertial, delår and bokslut: Prognos (every verksamhet with its årsbudget), Analys (the nämnd's mål and their
indicators with the latest own value and målvärde), Viktiga händelser, Åtgärdsplan (the previous reporting
point's plans carried forward with their status), Aktiviteter, Internkontroll, Extern regi and Begärda åtgärder
(the previous point's utförare and their open requests carried forward). For plan: Prioriteringar,
Konsekvenser, Åtgärdsplan and Aktiviteter. Headers are the input kinds' own (read.kinds), so a filled-in
workbook is read back with no edits; columns marked `inmatning` are for the förvaltning; `skala` gives a
column's dropdown.
"""

from __future__ import annotations

import calendar
from datetime import date

import pandas as pd

from pipeline.config import Config
from pipeline.context.common import text as _text
from pipeline.context.format import long_date
from pipeline.read import kinds
from pipeline.model.ekonomi import budget_och_utfall_per_verksamhet
from pipeline.config.tidplan import dated, iso_day, load_tidplan, valar_for
from pipeline.context.tidplan import dates_text

PLAN_DEADLINE = "Yttrande från nämnd"   # Bilaga 1, Prioritera inom nämnd: "v 16 Yttrande från nämnd/styrelsen"
SHORT = {"tertial": "T1", "delar": "Delår", "bokslut": "Bokslut", "plan": "Plan"}


def _col(name: str, width: float = 16, input_: bool = False, scale=None) -> dict:
    return {"namn": name, "bredd": width, "inmatning": input_, "skala": list(scale) if scale else None}


def delivery_day(year: int, till_manad: int, vecka: int) -> date:
    """The Friday of ISO week `vecka` in the first year in which it falls after the period's end (the last day of
    month `till_manad` of `year`): week 19 after April 2026 is 8 May 2026, week 4 after December 2026 is 29 January
    2027."""
    end = date(year, till_manad, calendar.monthrange(year, till_manad)[1])
    for iso_year in (year, year + 1):
        day = iso_day(iso_year, vecka, 5)
        if day > end:
            return day
    return day


def _when(tid: str) -> str:
    """"v 16 2026" -> "Vecka 16 2026"; "juni 2026" -> "Juni 2026"."""
    text = "vecka " + tid[2:] if tid.startswith("v ") else tid
    return text[:1].upper() + text[1:]


def deadlines(config: Config, year: int, tillfalle: str) -> list[str]:
    """When the underlag is due: for the plan the tidplan's aktivitet (Bilaga 1: "Yttrande från nämnd/styrelsen",
    v 16), as 'v 16 2026 (13–17 april 2026): aktivitet – ansvarig'; for a reporting point the configured
    `rapporttillfalle.<…>.inlamning_vecka` (Motala's Bilaga 4 gives no weeks)."""
    if tillfalle != "plan":
        t = config.tillfalle(tillfalle)
        if t.inlamning_vecka is None:
            return ["Tidplanen anger ingen vecka för detta underlag (rapporttillfalle."
                    f"{tillfalle}.inlamning_vecka saknas i konfigurationen); fråga ekonomiavdelningen."]
        day = delivery_day(year, t.till_manad, t.inlamning_vecka)
        return [f"Vecka {t.inlamning_vecka} {day.isocalendar().year}, senast {long_date(day)}: lämna underlaget "
                f"till ekonomiavdelningen."]
    tidplan = load_tidplan(config.planering.tidplan)
    process_year = year - 1
    items = dated(tidplan, process_year, valar_for(process_year, config.planering.valar))
    hits = [d for d in items if d.aktivitet.namn.lower().startswith(PLAN_DEADLINE.lower())]
    return [f"{_when(d.tid)} ({dates_text(d)}): {d.aktivitet.namn} – {d.aktivitet.ansvarig}." for d in hits] or \
        ["Tidplanen anger ingen vecka för detta underlag; fråga ekonomiavdelningen."]


def _latest_values(values: pd.DataFrame, kommun: str) -> dict[str, float]:
    if not len(values):
        return {}
    own = values[(values["kommun"] == kommun) & (values["kon"] == "T") & values["enhet"].isna() & values["grupp"].isna()]
    own = own.dropna(subset=["varde"]).sort_values("period")
    return {k: float(v) for k, v in own.groupby("indikator_id")["varde"].last().items()}


def report_sheets(config: Config, staged, namnd_id: str) -> list[dict]:
    """The sheets of a tertial/delår/bokslut underlag for one nämnd."""
    names = {v.kod: v.namn for v in config.verksamheter}
    till = config.tillfalle(staged.tillfalle).till_manad
    sums = budget_och_utfall_per_verksamhet(staged.budget, staged.utfall, till)
    budget, utfall = sums["arsbudget"], sums["utfall"]
    prognos = [[namnd_id, v.kod, names[v.kod], float(budget.get(v.kod, 0.0)),
                round(float(utfall.get(v.kod, 0.0)), 2), None, None] for v in config.verksamheter_for(namnd_id)]
    mal = staged.mal[(staged.mal["niva"] == "Nämnd") & (staged.mal["namnd"] == namnd_id)] if len(staged.mal) else staged.mal
    latest = _latest_values(staged.indikatorvarden, config.kommun_kod)
    analys = []
    for m in mal.sort_values("mal_id").to_dict("records"):
        analys.append([m["mal_id"], None, None, _text(m["formulering"]), None, None, None, None, None, None, None])
        own = staged.indikatorer[staged.indikatorer["mal_id"] == m["mal_id"]] if len(staged.indikatorer) else []
        for i in (own.to_dict("records") if len(own) else []):
            analys.append([None, i["indikator_id"], None, _text(i["namn"]), latest.get(i["indikator_id"]),
                           None if pd.isna(i["malvarde"]) else float(i["malvarde"]), None, None, None, None, None])
    # the previous point's plans, except those the nämnd rejected (Nämndbeslut): they are not work to carry on
    plans = staged.atgarder_fg[(staged.atgarder_fg["namnd"] == namnd_id)
                               & (staged.atgarder_fg["status"].astype(object) != kinds.AVSLAGEN_STATUS)] \
        if len(staged.atgarder_fg) else staged.atgarder_fg
    plan_keys = [c.key for c in kinds.ATGARDSPLAN]
    plan_rows = [[(_text(p.get(k)) or None) if k != "ekonomisk_effekt" else
                  (None if pd.isna(p.get(k)) else float(p.get(k))) for k in plan_keys] for p in plans.to_dict("records")]
    plan_cols = [_col(c.header, 18, True, {"status": kinds.STATUSAR, "beslutsniva": kinds.BESLUTSNIVAER}.get(c.key))
                 for c in kinds.ATGARDSPLAN]
    return [
        {"namn": "Prognos", "titel": "Helårsprognos per verksamhet (kr, huvudbokens tecken: kostnad positiv)",
         "kolumner": [_col("Nämnd", 8), _col("Verksamhet", 11), _col("Verksamhetens namn", 34),
                      _col("Årsbudget (kr)", 16), _col("Utfall hittills (kr)", 16), _col("Helårsprognos", 16, True),
                      _col("Kommentar", 60, True)],
         "rader": prognos},
        {"namn": "Analys", "titel": "Bedömning och analys per mål och indikator",
         "kolumner": [_col("Mål-id", 9), _col("Indikator-id", 12), _col("Verksamhet", 11, True),
                      _col("Beskrivning", 50), _col("Senaste värde", 12), _col("Målvärde", 10),
                      _col("Bedömning", 16, True, kinds.BEDOMNINGAR), _col("Analys", 50, True),
                      _col("Orsakskategori", 24, True, kinds.ORSAKSKATEGORIER), _col("Orsak", 40, True),
                      _col("Åtgärd", 40, True)],
         "rader": analys},
        {"namn": "Viktiga händelser", "titel": "Viktiga händelser under perioden, en per rad",
         "kolumner": [_col("Händelse", 110, True)], "rader": []},
        {"namn": "Åtgärdsplan", "titel": "Åtgärdsplaner (förra tillfällets planer förda vidare: uppdatera Status)",
         "kolumner": plan_cols, "rader": plan_rows},
        {"namn": "Aktiviteter", "titel": "Aktiviteter per åtgärd: VAD, HUR, VEM, NÄR",
         "kolumner": [_col(c.header, 24, True) for c in kinds.AKTIVITETER], "rader": []},
        {"namn": "Internkontroll", "titel": "Uppföljning av internkontrollplanen (valfritt)",
         "kolumner": [_col(c.header, 30, True) for c in kinds.INTERNKONTROLL], "rader": []},
        *extern_regi_sheets(config, staged, namnd_id),
    ]


def _rows_of(frame: pd.DataFrame, namnd_id: str, keys: list[str]) -> list[list]:
    mine = frame[frame["namnd"] == namnd_id] if len(frame) else frame
    return [[_text(r.get(k)) or None for k in keys] for r in mine.to_dict("records")]


def extern_regi_sheets(config: Config, staged, namnd_id: str) -> list[dict]:
    """Extern regi (the previous point's rows carried forward) and Begärda åtgärder (the previous point's requests
    not yet followed up as carried out, Genomförd ≠ Ja): SKR steg 6, "Åtgärdsplan oavsett regiform"."""
    regi_keys = [c.key for c in kinds.EXTERN_REGI]
    begaran_keys = [c.key for c in kinds.BEGARDA_ATGARDER]
    carried = staged.begaran_fg[staged.begaran_fg["genomford"].astype(object) != "Ja"] if len(staged.begaran_fg) \
        else staged.begaran_fg
    steps = config.extern_regi.sanktionstrappa or None
    scales = {"bedomning": kinds.UTFORARBEDOMNINGAR, "genomford": kinds.JA_NEJ, "sanktionssteg": steps}
    widths = {"brist": 36, "begard_atgard": 36, "kommentar": 36, "utforare": 24}
    return [
        {"namn": kinds.EXTERN_REGI_SHEET,
         "titel": "Verksamhet eller enhet som drivs av en extern utförare enligt avtal (det som inte står här är egen "
                  "regi)",
         "kolumner": [_col(c.header, 30 if c.key in ("utforare", "sanktioner") else 16, True)
                      for c in kinds.EXTERN_REGI],
         "rader": _rows_of(staged.extern_regi_fg, namnd_id, regi_keys)},
        {"namn": kinds.BEGARDA_ATGARDER_SHEET,
         "titel": "Åtgärder begärda av utförarna: svarstid, bedömning om åtgärdsplanen är tillräcklig, genomförd, "
                  "sanktionssteg (datum ÅÅÅÅ-MM-DD)",
         "kolumner": [_col(c.header, widths.get(c.key, 14), True, scales.get(c.key)) for c in kinds.BEGARDA_ATGARDER],
         "rader": _rows_of(carried, namnd_id, begaran_keys)},
    ]


def plan_sheets(namnd_id: str, last_round: pd.DataFrame | None = None) -> list[dict]:
    """The sheets of a planning-round underlag for one nämnd (empty rows carry the nämnd's id); `last_round`:
    the previous round's staged förslag, pre-filled so the förvaltning can keep, change or delete them."""
    scales = {"typ": kinds.TYPER, "svarighetsgrad": kinds.SVARIGHETSGRADER, "nytta": kinds.NYTTOR,
              "skala": kinds.SKALOR, "kostnadseffektivitet": kinds.KOSTNADSEFFEKTIVITET}
    prio = [_col(c.header + (" (tkr)" if c.key == "kostnad" else ""), 18, c.key != "namnd", scales.get(c.key))
            for c in kinds.PRIORITERINGAR]
    kons_scales = {"perspektiv": kinds.PERSPEKTIV, "sikt": kinds.SIKTER, "effekt": kinds.EFFEKTER,
                   "omfattning": kinds.OMFATTNINGAR, "beslut": kinds.BESLUT}
    keys = [c.key for c in kinds.PRIORITERINGAR]
    earlier = last_round[last_round["namnd"] == namnd_id] if last_round is not None and len(last_round) else None
    rows = [[None if pd.isna(r[k]) else (r[k].item() if hasattr(r[k], "item") else r[k]) for k in keys]
            for r in earlier.to_dict("records")] if earlier is not None else []
    return [
        {"namn": "Prioriteringar", "titel": "Förslag: en rad per förslag (Motala Bilaga 3)"
                                            + (" – förra årets förslag är ifyllda" if rows else ""),
         "kolumner": prio, "rader": rows, "namnd": namnd_id},
        {"namn": "Konsekvenser", "titel": "Konsekvenser per förslag, perspektiv och sikt (SKR:s matris)",
         "kolumner": [_col(c.header, 18, True, kons_scales.get(c.key)) for c in kinds.KONSEKVENSER], "rader": []},
        {"namn": "Åtgärdsplan", "titel": "Åtgärds- och handlingsplaner",
         "kolumner": [_col(c.header, 18, True) for c in kinds.ATGARDSPLAN[:8]], "rader": []},
        {"namn": "Aktiviteter", "titel": "Aktiviteter: VAD, HUR, VEM, NÄR",
         "kolumner": [_col(c.header, 24, True) for c in kinds.AKTIVITETER], "rader": []},
    ]


def underlag_context(config: Config, year: int, tillfalle: str, namnd_id: str, sheets: list[dict]) -> dict:
    n = config.namnd(namnd_id)
    what = "planeringsomgången" if tillfalle == "plan" else config.tillfalle(tillfalle).namn.lower()
    title = f"Rapportunderlag {SHORT[tillfalle]} {year} – {n.namn}"
    instruktion = [
        ("Det här underlaget", [f"{n.forvaltning} fyller i underlaget för {what} {year} och lämnar det till "
                                "ekonomiavdelningen, som lägger det i indatamappen. Fyll bara i de gula cellerna; "
                                "rubrikerna och förifyllda uppgifter är låsta (utan lösenord).",
                                "Rullgardinerna visar de tillåtna orden. Belopp skrivs i kronor där inget annat "
                                "står; tkr där rubriken säger det."]),
        ("Sista dag enligt tidplanen", deadlines(config, year, tillfalle)),
        ("Bladen", [f"{s['namn']}: {s['titel']}." for s in sheets]),
        ("Kontroll", [f"Kör `kommunrapport validera {year} {tillfalle}` när underlaget ligger i "
                      f"inputs/{year}/{tillfalle}/: varje fel visas med blad, rad och kolumn."]),
    ]
    return {"titel": title, "kommun": config.kommun_namn, "amne": f"Underlag för {what} {year}, {n.namn}.",
            "nyckelord": f"Rapportunderlag, {n.id}, {year}, {tillfalle}", "datum_iso": f"{year - 1}-12-01",
            "instruktion": instruktion, "blad": sheets, "filnamn": f"Rapportunderlag {n.id} {SHORT[tillfalle]} {year}"}


def beslut_context(config: Config, staged, year: int, tillfalle: str, namnd_id: str) -> dict:
    """The nämnd's Nämndbeslut workbook for a reporting point (Motala's Bilaga 4, "Besluta"): one row per åtgärd of
    its rapportunderlag, for the nämndsekreterare to record what the nämnd decided (Beslutad, Ändrad, Avslagen,
    Tillagd av nämnden), the paragraph and date, and the SKL guide's "Checklista beslut"; rows for the nämnd's own
    additions. Placed in inputs/ÅR/TILLFÄLLE/, the next reporting point follows up the decided plans."""
    n = config.namnd(namnd_id)
    underlag = staged.underlag.get(namnd_id)
    plans = underlag.atgardsplan if underlag is not None else pd.DataFrame(columns=["atgard_id", "omrade", "avser"])
    rows = [[namnd_id, _text(p.get("atgard_id")), _text(p.get("omrade")), _text(p.get("avser")), None, None, None, None,
             None, None, None, None, None] for p in plans.to_dict("records")]
    columns = [_col("Nämnd", 8), _col("Åtgärds-id", 14, True), _col("Område", 30, True), _col("Avser", 14, True),
               _col("Beslut", 18, True, kinds.BESLUT_ORD), _col("Paragraf", 10, True), _col("Datum", 12, True),
               _col("Ändring eller tillägg", 40, True),
               _col(kinds.CHECKLISTA_BESLUT[0], 20, True, kinds.BESLUT_INSTANSER),
               *[_col(q, 30, True) for q in kinds.CHECKLISTA_BESLUT[1:]]]
    what = config.tillfalle(tillfalle).namn
    title = f"Nämndbeslut {SHORT[tillfalle]} {year} – {n.namn}"
    instruktion = [
        ("Det här underlaget", [f"Nämndsekreteraren fyller i vad {n.namn} beslutade om åtgärderna i {what.lower()} "
                                f"{year}, en rad per åtgärd, och lägger filen i inputs/{year}/{tillfalle}/. "
                                "Nästa rapporttillfälle följer upp de beslutade åtgärderna.",
                                "Beslut: Beslutad, Ändrad (skriv ändringen), Avslagen, eller Tillagd av nämnden för en "
                                "åtgärd som nämnden lade till (fyll i Åtgärds-id, Område och Avser på en tom rad).",
                                "De sista kolumnerna är SKL-guidens Checklista beslut."]),
        ("Kontroll", [f"Kör `kommunrapport validera {year} {tillfalle}` när filen ligger på plats: varje fel visas "
                      "med blad, rad och kolumn."]),
    ]
    sheet = {"namn": kinds.NAMNDBESLUT_SHEET, "titel": f"Nämndens beslut om åtgärderna – {n.namn}",
             "kolumner": columns, "rader": rows, "namnd": namnd_id}
    return {"titel": title, "kommun": config.kommun_namn, "amne": f"Nämndens beslut om åtgärder, {what} {year}.",
            "nyckelord": f"Nämndbeslut, {n.id}, {year}, {tillfalle}", "datum_iso": f"{year}-01-01",
            "instruktion": instruktion, "blad": [sheet], "filnamn": f"Nämndbeslut {n.id} {SHORT[tillfalle]} {year}"}
