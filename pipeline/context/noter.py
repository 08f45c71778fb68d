"""The årsredovisning's redovisningsprinciper and noter, formatted: each note's table with the statements'
own row helper (context.arsredovisning.statement_rows, so the rounding rule of the statements applies), and the
note numbers in the statements' "Not" column (rows of a statement are matched by their line's name)."""

from __future__ import annotations

import pandas as pd

from pipeline.config import Config
from pipeline.context.arsredovisning import kfa_with_comparison, statement_rows
from pipeline.context.avrundning import rounded_statement, statement_fixed

# RKR recommendations (rkr.se) the default redovisningsprinciper name, each with the statement rows that make it
# apply (empty: always, for an årsredovisning). docs/rakenskaper.md "Redovisningsprinciper" gives the sources.
RKR_REKOMMENDATIONER = (
    ("RKR R2 Intäkter", "Verksamhetens intäkter, bland annat avgifter, bidrag och försäljningar.",
     ("verksamhetens_intakter",)),
    ("RKR R3 Immateriella anläggningstillgångar", "Immateriella anläggningstillgångar.",
     ("immateriella_anlaggningstillgangar",)),
    ("RKR R4 Materiella anläggningstillgångar", "Mark, byggnader, tekniska anläggningar, maskiner och inventarier: "
     "anskaffningsvärde, avskrivningar och bokfört värde (noterna).",
     ("mark_byggnader_och_tekniska_anlaggningar", "maskiner_och_inventarier", "ovriga_materiella_anlaggningstillgangar")),
    ("RKR R14 Drift- och investeringsredovisning", "Driftredovisningen och investeringsredovisningen.", ()),
    ("RKR R15 Förvaltningsberättelse", "Förvaltningsberättelsens innehåll och ordning.", ()),
    ("RKR R19 Förråd, lager m.m.", "Förråd, lager och exploateringsfastigheter.", ("forrad_med_mera",)),
)
R16 = ("RKR R16 Sammanställda räkenskaper", "De sammanställda räkenskaperna för kommunen och dess bolag.")

DEFAULT_TEXT = (
    "Årsredovisningen är upprättad enligt lagen (2018:597) om kommunal bokföring och redovisning (LKBR) och god "
    "redovisningssed enligt Rådet för kommunal redovisnings (RKR) rekommendationer. Tabellen visar de "
    "rekommendationer som gäller för det kommunen redovisar.",
    "Belopp redovisas i miljoner kronor (mnkr) med en decimal i de finansiella rapporterna och noterna. "
    "Ansvarsförbindelser för pensionsförpliktelser och borgensåtaganden redovisas inom linjen.",
)


def redovisningsprinciper_context(config: Config, model, bolag: bool = False) -> dict:
    """The section's text (the config's `arsredovisning.redovisningsprinciper` or the default), the RKR
    recommendations that apply to what the statements show, and the kommun's stated deviations."""
    a = model.arsredovisning
    shown = {rad for frame, cols in ((a.rakenskaper.resultatrakning, ["belopp"]),
                                     (a.rakenskaper.balansrakning, ["ib", "ub"]))
             for rad, row in zip(frame["rad"], frame[cols].abs().sum(axis=1)) if row > 0.5}
    rek = [{"namn": namn, "avser": avser} for namn, avser, rads in RKR_REKOMMENDATIONER
           if not rads or shown & set(rads)]
    if bolag:
        rek.append({"namn": R16[0], "avser": R16[1]})
    rek.sort(key=lambda r: int(r["namn"].split()[1][1:]))
    avvikelser = list(config.arsredovisning.rkr_avvikelser)
    return {"text": list(config.arsredovisning.redovisningsprinciper or DEFAULT_TEXT),
            "rekommendationer": rek,
            # paragraphs: the deviations stated in the config (RKR: the reasons are given in a note), or a sentence
            # that there are none
            "avvikelser": (["Kommunen avviker från följande rekommendationer:", *avvikelser] if avvikelser else
                           ["Kommunen redovisar inga avvikelser från RKR:s rekommendationer."])}


def printed_lines(a) -> dict[str, dict[str, dict[str, float]]]:
    """The statements' lines as the årsredovisning prints them (kronor, context.avrundning): per statement
    ("rr", "br", "kfa") and note column ("belopp" = the year, "jamforelse" = the year before), rad -> value."""
    r = a.rakenskaper
    fixed = statement_fixed(r, True)
    kfa = kfa_with_comparison(a)
    return {
        "rr": {k: rounded_statement(r.resultatrakning, c) for k, c in (("belopp", "belopp"), ("jamforelse", "belopp_fg"))},
        "br": {k: rounded_statement(r.balansrakning, c, fixed["br"][c]) for k, c in (("belopp", "ub"), ("jamforelse", "ib"))},
        "kfa": {k: rounded_statement(kfa, c, fixed["kfa"].get(c)) for k, c in (("belopp", "belopp"), ("jamforelse", "fg"))},
    }


def note_fixed(n, printed: dict) -> dict[str, dict[str, float]]:
    """The note's sum row pinned to the printed statement line(s) it specifies, so that the note's printed sum is
    the statement's printed figure (the rest of the note is distributed under it)."""
    lines = printed.get(n.rakning)
    if lines is None:   # ansvarsförbindelser: one row each, printed as it is rounded
        return {}
    out = {}
    for column in ("belopp", "jamforelse"):
        exact = n.rader.loc[n.rader["rad"] == n.summa_rad, column]
        values = [lines[column].get(rad, float("nan")) for rad in n.rader_i_rakning]
        if not len(exact) or pd.isna(exact.iloc[0]) or any(pd.isna(v) for v in values):
            continue
        total = sum(values)
        sign = -1.0 if total and (exact.iloc[0] * total) < 0 else 1.0   # a note may show costs as positive
        out[column] = {n.summa_rad: sign * total}
    rads = set(n.rader["rad"])
    if n.rakning == "br" and "ib" in rads and "belopp" in out:   # a movement note starts at the BR's printed ib
        out["belopp"]["ib"] = sum(lines["jamforelse"].get(rad, 0.0) for rad in n.rader_i_rakning)
    if "resultat" in rads and n.rader_i_rakning == ("summa_eget_kapital",):   # the RR's printed årets resultat
        for column in out:
            out[column]["resultat"] = printed["rr"][column]["arets_resultat"]
    return out


def noter_context(noter, year: int, printed: dict | None = None) -> list[dict]:
    """Each note: nr, rubrik, the column headings (the year, the year before) and its rows (statement_rows), its
    sum pinned to the statement's printed line (`printed`: printed_lines)."""
    return [{"nr": str(n.nr), "rubrik": n.rubrik, "kolumn": str(year), "jamforelse": str(year - 1),
             "rader": statement_rows(n.rader, ["belopp", "jamforelse"], note_fixed(n, printed or {}))} for n in noter]


def note_numbers(noter, rakning: str, frame: pd.DataFrame) -> dict[str, str]:
    """{line name: note number} for the statement `rakning` ("rr", "br", "kfa") whose frame is `frame`."""
    names = dict(zip(frame["rad"], frame["namn"]))
    return {names[rad]: str(n.nr) for n in noter if n.rakning == rakning for rad in n.rader_i_rakning if rad in names}


def with_note_numbers(rows: list[dict], numbers: dict[str, str]) -> list[dict]:
    """The statement's rows with `not_nr` (the note number, or "")."""
    return [{**r, "not_nr": numbers.get(r["namn"], "") if not r.get("rubrik") else ""} for r in rows]


def arsredovisning_noter(context: dict, config: Config, model, meta) -> dict:
    """The keys the årsredovisning adds for noter and redovisningsprinciper, and its statements (already in
    `context`) with their "Not" column."""
    r = model.arsredovisning.rakenskaper
    noter = model.noter
    year = meta.year
    out = {"noter": noter_context(noter, year, printed_lines(model.arsredovisning)), "sammanstallda": sammanstallda_context(model, meta),
           "redovisningsprinciper": redovisningsprinciper_context(config, model, bool(config.bolag))}
    for key, rakning, frame in (("resultatrakning", "rr", r.resultatrakning), ("balansrakning", "br", r.balansrakning),
                                ("kassaflodesanalys", "kfa", r.kassaflodesanalys)):
        out[key] = {**context[key], "rader": with_note_numbers(context[key]["rader"], note_numbers(noter, rakning, frame))}
    ansvar = {int(rad.rsplit("_", 1)[1]) - 1: str(n.nr) for n in noter if n.rakning == "ansvarsforbindelser"
              for rad in n.rader_i_rakning}
    out["ansvarsforbindelser"] = [{**row, "not_nr": ansvar.get(i, "")}
                                  for i, row in enumerate(context.get("ansvarsforbindelser", []))]
    return out


def sammanstallda_context(model, meta) -> dict | None:
    """The sammanställda räkenskaper (None when the config names no bolag): the bolag with org.nr and ägarandel,
    the sammanställd RR and BR (statement_rows) and the method in words."""
    from pipeline.context.format import long_date, mnkr, number

    koncern = getattr(model, "sammanstallda", None)
    if koncern is None:
        return None
    return {
        "bolag": [{"namn": b["namn"], "org_nr": b["org_nr"], "agarandel": f"{number(b['agarandel'], 0)} %",
                   "arets_resultat": mnkr(b["arets_resultat"])} for b in koncern.bolag.to_dict("records")],
        "metod": ("De sammanställda räkenskaperna omfattar kommunen och bolagen i tabellen. De är upprättade med proportionell konsolidering (RKR R16): bolagens intäkter, "
                  "kostnader, tillgångar och skulder tas in med kommunens ägarandel, och interna mellanhavanden "
                  "mellan kommunen och bolagen – köp och försäljningar, lån och kommunens aktier mot bolagens eget "
                  f"kapital – elimineras med samma andel ({mnkr(koncern.eliminerat)} mnkr)."),
        "resultatrakning": {"rader": statement_rows(koncern.resultatrakning, ["belopp"]), "kolumn": str(meta.year)},
        # the BR's årets resultat is the RR's printed figure, as in the kommun's own statements
        "balansrakning": {"rader": statement_rows(koncern.balansrakning, ["ub"], {"ub": {"br_arets_resultat":
                          rounded_statement(koncern.resultatrakning, "belopp")["arets_resultat"]}}),
                          "kolumn": long_date(meta.end_date)},
    }
