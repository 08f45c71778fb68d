"""Stage the central delårs-/bokslutsunderlag workbook (read.bokslut): rename, cast, check.

Returns a `Bokslutsunderlag` of frames:
- personal: kon (Kvinnor/Män), aldersgrupp (kinds.ALDERSGRUPPER), antal, arbetstid, sjuktid, sjuk60 (timmar)
- handelser: rubrik, beskrivning, tidpunkt, efter (bool: after the period's end)
- balanskrav: post id (model.rakenskaper.BALANSKRAV_POSTER and "samtliga_realisationsvinster") -> kr, positive
- ansvarsforbindelser: post, belopp, belopp_fg (kr)
- femar: nyckeltal, enhet, ar, varde, excelrad, fil (entered five-year figures; empty cells dropped)
- forvantad: the förväntad utveckling paragraphs
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.model.rakenskaper import BALANSKRAV_POSTER
from pipeline.config.problems import Problems
from pipeline.read import kinds
from pipeline.read.table import RawTable
from pipeline.staging.cast import parse_amount, parse_choice, parse_int, parse_text
from pipeline.staging.checks import check_amount, duplicated_keys, report, required, show

SAMTLIGA_REALISATIONSVINSTER = "Samtliga realisationsvinster"
POSTER = {**BALANSKRAV_POSTER, SAMTLIGA_REALISATIONSVINSTER: "samtliga_realisationsvinster"}
AGE_SYNONYMS = {"≤29": "29 år och yngre", "<30": "29 år och yngre", "-29": "29 år och yngre", "–29": "29 år och yngre",
                "29 och yngre": "29 år och yngre", "30-49": "30–49 år", "30–49": "30–49 år", "30-49 år": "30–49 år",
                "≥50": "50 år och äldre", "50-": "50 år och äldre", "50–": "50 år och äldre",
                "50 och äldre": "50 år och äldre"}


@dataclass(frozen=True)
class Bokslutsunderlag:
    paths: tuple[Path, ...] = ()
    personal: pd.DataFrame = field(default_factory=pd.DataFrame)
    handelser: pd.DataFrame = field(default_factory=pd.DataFrame)
    balanskrav: dict[str, float] = field(default_factory=dict)
    ansvarsforbindelser: pd.DataFrame = field(default_factory=pd.DataFrame)
    femar: pd.DataFrame = field(default_factory=pd.DataFrame)
    forvantad: tuple[str, ...] = ()   # förväntad utveckling, one paragraph per row
    bolag: pd.DataFrame = field(default_factory=pd.DataFrame)          # bolag, rad, belopp (kr, display sign)
    mellanhavanden: pd.DataFrame = field(default_factory=pd.DataFrame)  # bolag, kommun_rad, bolag_rad, belopp
    sheets: frozenset[str] = frozenset()   # which sheets were delivered


def _number(problems: Problems, table: RawTable, key: str, what: str) -> pd.Series:
    values, _bad = check_amount(problems, table, key, what)
    negative = values < 0
    report(problems, table, key, negative.fillna(False), lambda v: f"{what} {show(v)} får inte vara negativ.")
    return values


def stage_personal(table: RawTable, problems: Problems) -> pd.DataFrame:
    f = table.frame
    kon, bad_kon = parse_choice(f["kon"], ("Kvinnor", "Män"), kinds.KON)
    report(problems, table, "kon", bad_kon, lambda v: f"Kön {show(v)} är okänt; skriv Kvinnor eller Män.")
    required(problems, table, "kon", f["kon"], "Kön")
    alder, bad_alder = parse_choice(f["aldersgrupp"], kinds.ALDERSGRUPPER, AGE_SYNONYMS)
    report(problems, table, "aldersgrupp", bad_alder,
           lambda v: f"Åldersgruppen {show(v)} är okänd; skriv {', '.join(kinds.ALDERSGRUPPER)}.")
    required(problems, table, "aldersgrupp", f["aldersgrupp"], "Åldersgrupp")
    antal, bad_antal = parse_int(f["antal"])
    report(problems, table, "antal", bad_antal | (antal < 0).fillna(False),
           lambda v: f"Antal anställda {show(v)} ska vara ett heltal, 0 eller större.")
    required(problems, table, "antal", f["antal"], "Antal anställda")
    arbetstid = _number(problems, table, "arbetstid", "Ordinarie arbetstid")
    sjuktid = _number(problems, table, "sjuktid", "Sjukfrånvaron")
    sjuk60 = _number(problems, table, "sjuk60", "Sjukfrånvaron 60 dagar eller mer")
    report(problems, table, "sjuktid", (sjuktid > arbetstid).fillna(False),
           lambda v: f"Sjukfrånvaron {show(v)} timmar är större än den ordinarie arbetstiden på samma rad.")
    report(problems, table, "sjuk60", (sjuk60 > sjuktid).fillna(False),
           lambda v: f"Sjukfrånvaron 60 dagar eller mer ({show(v)} timmar) är större än den totala sjukfrånvaron på samma rad.")
    out = pd.DataFrame({"kon": kon, "aldersgrupp": alder, "antal": antal, "arbetstid": arbetstid,
                        "sjuktid": sjuktid, "sjuk60": sjuk60, "_rad": f["_rad"]})
    duplicated_keys(problems, table, out, ["kon", "aldersgrupp"], "Gruppen (kön / åldersgrupp)")
    return out.drop(columns="_rad")


def stage_handelser(table: RawTable, problems: Problems) -> pd.DataFrame:
    f = table.frame
    rubrik = parse_text(f["rubrik"])
    required(problems, table, "rubrik", f["rubrik"], "Händelsen")
    beskrivning = parse_text(f["beskrivning"])
    required(problems, table, "beskrivning", f["beskrivning"], "Beskrivningen")
    if "efter" in f:
        efter, bad = parse_choice(f["efter"], ("Ja", "Nej"))
        report(problems, table, "efter", bad, lambda v: f"{show(v)}: skriv Ja eller Nej (inträffade efter periodens slut?).")
        efter = efter.eq("Ja").fillna(False)
    else:
        efter = pd.Series(False, index=f.index)
    tidpunkt = parse_text(f["tidpunkt"]) if "tidpunkt" in f else pd.Series(pd.NA, index=f.index, dtype="string")
    return pd.DataFrame({"rubrik": rubrik, "beskrivning": beskrivning, "tidpunkt": tidpunkt, "efter": efter.astype(bool)})


def stage_balanskrav(table: RawTable, problems: Problems) -> dict[str, float]:
    f = table.frame
    post, bad = parse_choice(f["post"], tuple(POSTER))
    report(problems, table, "post", bad,
           lambda v: f"Posten {show(v)} hör inte till balanskravsutredningen. Tillåtna poster: {', '.join(POSTER)}.")
    belopp, _ = check_amount(problems, table, "belopp", "Beloppet")
    negative = (belopp < 0).fillna(False)
    report(problems, table, "belopp", negative,
           lambda v: f"Beloppet {show(v)} ska anges som ett positivt tal; raden avgör om det dras av eller läggs till.")
    frame = pd.DataFrame({"post": post, "belopp": belopp, "_rad": f["_rad"]})
    duplicated_keys(problems, table, frame, ["post"], "Posten")
    ok = frame.dropna(subset=["post", "belopp"])
    return {POSTER[p]: float(b) for p, b in zip(ok["post"], ok["belopp"])}


def stage_ansvarsforbindelser(table: RawTable, problems: Problems) -> pd.DataFrame:
    f = table.frame
    required(problems, table, "post", f["post"], "Posten")
    belopp, _ = check_amount(problems, table, "belopp", "Beloppet")
    belopp_fg = check_amount(problems, table, "belopp_fg", "Beloppet för föregående år", required_value=False)[0] \
        if "belopp_fg" in f else pd.Series(float("nan"), index=f.index)
    return pd.DataFrame({"post": parse_text(f["post"]), "belopp": belopp, "belopp_fg": belopp_fg})


def _bolag_names(problems: Problems, table: RawTable, column: pd.Series, bolag: tuple[str, ...]) -> pd.Series:
    names, bad = parse_choice(column, bolag)
    report(problems, table, "bolag", bad,
           lambda v: f"Bolaget {show(v)} finns inte bland [[bolag]] i konfigurationen"
                     + (f" ({', '.join(bolag)})." if bolag else "; ange bolaget där (namn, org_nr, agarandel)."))
    return names


def stage_bolag(table: RawTable, bolag: tuple[str, ...], problems: Problems) -> pd.DataFrame:
    """Each bolag's RR and BR posts (model.sammanstallda.BOLAG_POSTER) in kr; intäkter, tillgångar, eget kapital and
    skulder positive, kostnader negative (as the kommun's statements show them)."""
    from pipeline.model.sammanstallda import BOLAG_POSTER

    f = table.frame
    names = _bolag_names(problems, table, f["bolag"], bolag)
    post, bad = parse_choice(f["post"], tuple(BOLAG_POSTER))
    report(problems, table, "post", bad,
           lambda v: f"Posten {show(v)} finns inte i den sammanställda resultat- eller balansräkningen. Tillåtna "
                     f"poster: {', '.join(BOLAG_POSTER)}.")
    belopp, _ = check_amount(problems, table, "belopp", "Beloppet")
    frame = pd.DataFrame({"bolag": names, "post": post, "belopp": belopp, "_rad": f["_rad"]})
    duplicated_keys(problems, table, frame, ["bolag", "post"], "Posten")
    ok = frame.dropna(subset=["bolag", "post", "belopp"])
    return pd.DataFrame({"bolag": ok["bolag"].astype(str), "rad": ok["post"].map(BOLAG_POSTER),
                         "belopp": ok["belopp"].astype(float)}).reset_index(drop=True)


def stage_mellanhavanden(table: RawTable, bolag: tuple[str, ...], problems: Problems) -> pd.DataFrame:
    """The interna mellanhavanden: bolag, the kommun's post, the bolag's post (BOLAG_POSTER ids), belopp (kr, > 0)."""
    from pipeline.model.sammanstallda import BOLAG_POSTER

    f = table.frame
    names = _bolag_names(problems, table, f["bolag"], bolag)
    posts = {}
    for key, what in (("kommun_post", "Kommunens post"), ("bolag_post", "Bolagets post")):
        posts[key], bad = parse_choice(f[key], tuple(BOLAG_POSTER))
        report(problems, table, key, bad,
               lambda v, what=what: f"{what} {show(v)} finns inte i den sammanställda resultat- eller balansräkningen. "
                                    f"Tillåtna poster: {', '.join(BOLAG_POSTER)}.")
    belopp, _ = check_amount(problems, table, "belopp", "Beloppet")
    report(problems, table, "belopp", (belopp <= 0).fillna(False),
           lambda v: f"Beloppet {show(v)} ska vara positivt: det elimineras på båda sidor.")
    ok = pd.DataFrame({"bolag": names, "kommun_post": posts["kommun_post"], "bolag_post": posts["bolag_post"],
                       "belopp": belopp}).dropna()
    ok = ok[ok["belopp"] > 0]
    return pd.DataFrame({"bolag": ok["bolag"].astype(str), "kommun_rad": ok["kommun_post"].map(BOLAG_POSTER),
                         "bolag_rad": ok["bolag_post"].map(BOLAG_POSTER),
                         "belopp": ok["belopp"].astype(float)}).reset_index(drop=True)


def stage_femar(table: RawTable, year: int, problems: Problems) -> pd.DataFrame:
    f = table.frame
    values, bad = parse_amount(f["varde"])
    if bad.any():
        rows = f["_rad"][bad].tolist()
        for rad, value, ar in zip(rows, f["varde"][bad], f["ar"][bad]):
            problems.add(table.path, f"Värdet {show(value)} för {ar} är inte ett tal.", table.sheet, int(rad),
                         table.place(f"ar:{ar}"))
    late = f["ar"] > year
    for rad, ar in zip(f["_rad"][late & values.notna()], f["ar"][late & values.notna()]):
        problems.add(table.path, f"Femårsöversikten har ett värde för {ar}, efter rapportåret {year}.", table.sheet,
                     int(rad), table.place(f"ar:{ar}"))
    out = pd.DataFrame({"nyckeltal": parse_text(f["nyckeltal"]), "enhet": parse_text(f["enhet"]),
                        "ar": f["ar"].astype("int64"), "varde": values, "excelrad": f["_rad"].astype("int64"),
                        "fil": table.path.name})
    return out[out["varde"].notna()].reset_index(drop=True)


def stage_bokslut(books: list[dict[str, RawTable]], year: int, problems: Problems,
                  bolag: tuple[str, ...] = ()) -> Bokslutsunderlag:
    """All delivered delårs-/bokslutsunderlag workbooks in one (a sheet delivered twice is a problem)."""
    if not books:
        return Bokslutsunderlag()
    seen: dict[str, RawTable] = {}
    for book in books:
        for name, table in book.items():
            if name in seen:
                problems.add(table.path, f"Bladet {name} finns både i {problems.name(seen[name].path)} och i "
                                         f"{problems.name(table.path)}; lämna det i en av filerna.", table.sheet)
            else:
                seen[name] = table
    get = seen.get
    return Bokslutsunderlag(
        paths=tuple(sorted({t.path for t in seen.values()})),
        personal=stage_personal(get("Personal"), problems) if get("Personal") else pd.DataFrame(),
        handelser=stage_handelser(get("Väsentliga händelser"), problems) if get("Väsentliga händelser") else pd.DataFrame(),
        balanskrav=stage_balanskrav(get("Balanskrav"), problems) if get("Balanskrav") else {},
        ansvarsforbindelser=stage_ansvarsforbindelser(get("Ansvarsförbindelser"), problems)
        if get("Ansvarsförbindelser") else pd.DataFrame(),
        femar=stage_femar(get(kinds.FEMAR_SHEET), year, problems) if get(kinds.FEMAR_SHEET) else pd.DataFrame(),
        forvantad=tuple(t for t in parse_text(get("Förväntad utveckling").frame["text"]).dropna())
        if get("Förväntad utveckling") else (),
        bolag=stage_bolag(get("Bolag"), bolag, problems) if get("Bolag") else pd.DataFrame(),
        mellanhavanden=stage_mellanhavanden(get("Interna mellanhavanden"), bolag, problems)
        if get("Interna mellanhavanden") else pd.DataFrame(),
        sheets=frozenset(seen),
    )
