"""The kommun's delårsrapport and årsredovisning, formatted (plain strings and lists only).

Both share the statements (`statement_rows`), the five-year table, the balanskravsutredning, the kommun's
driftredovisning and the god ekonomisk hushållning part; the årsredovisning adds the full förvaltningsberättelse,
the kassaflödesanalys, the investeringsredovisning and the personal part; the delårsrapport adds the
helårsprognos. Amounts in mnkr with one decimal (the statements) or tkr (drift and investeringar).
"""

from __future__ import annotations

import math

import pandas as pd

from pipeline.config import Config
from pipeline.context.avrundning import (MNKR_TENTH, femar_as_printed, round_half_up, rounded_model, rounded_statement,
                                         statement_fixed)
from pipeline.context.common import ReportMeta, decision_status
from pipeline.context.common import text as _text
from pipeline.context.format import EMPTY, long_date, mnkr, number, period_end, period_text, tkr
from pipeline.context.kommun import kommun_context
from pipeline.model.ekonomi import investering_totals, tillvaxt_procent

GEH_TEXT = {
    "Uppfyllt": "uppfyllt",
    "Delvis uppfyllt": "delvis uppfyllt",
    "Ej uppfyllt": "inte uppfyllt",
}


def source_name(name: str) -> str:
    """A source's name for the end of a sentence the template closes with a full stop: a final full stop (of an
    abbreviation such as "kap.") is left out, so the sentence does not end in "kap.."."""
    return name.rstrip().removesuffix(".")


def statement_rows(frame: pd.DataFrame, columns: list[str], fixed: dict[str, dict[str, float]] | None = None
                   ) -> list[dict]:
    """A statement's rows for a table: namn, niva ('rubrik', 'post', 'summa'), summa (bool), rubrik (bool) and
    one formatted amount per column (as 'belopp', 'jamforelse'): the first column -> belopp, the second ->
    jamforelse. Post rows that are zero in every column are left out (a kommun without such items).
    Amounts as context.avrundning.rounded_statement prints them (each summa = the sum of its printed rows);
    `fixed`: per column the rows whose printed value another statement gives (kronor)."""
    printed = {c: rounded_statement(frame, c, (fixed or {}).get(c)) for c in columns}
    rows = []
    for r in frame.to_dict("records"):
        values = [r[c] for c in columns]
        if r["niva"] == "post" and all((v == 0 or (isinstance(v, float) and math.isnan(v))) for v in values):
            continue
        row = {"namn": r["namn"], "niva": r["niva"], "summa": r["niva"] == "summa", "rubrik": r["niva"] == "rubrik"}
        for key, column in zip(("belopp", "jamforelse"), columns):
            row[key] = "" if r["niva"] == "rubrik" else mnkr(printed[column][r["rad"]])
        rows.append(row)
    return rows


def femar_context(femar: pd.DataFrame) -> dict:
    """The five-year table: the years, and per nyckeltal its values formatted with one decimal for mnkr/%."""
    if not len(femar):
        return {"ar": [], "rader": []}
    years = [c for c in femar.columns if c.isdigit()]
    rows = []
    for r in femar.to_dict("records"):
        unit = _text(r["enhet"])
        decimals = 1 if unit in ("mnkr", "%") else (2 if unit == "kr" else 0)
        rows.append({"namn": r["nyckeltal"] + (f" ({unit})" if unit else ""),
                     "varden": [number(r[y], decimals) if not pd.isna(r[y]) else EMPTY for y in years],
                     "kalla": r["kalla"]})
    return {"ar": years, "rader": rows}


def balanskrav_rows(balanskrav: pd.DataFrame, fixed: dict[str, float] | None = None) -> list[dict]:
    """The balanskravsutredning's rows, rounded so that each summa is the sum of its printed rows; `fixed`: the
    printed årets resultat it starts from (kronor; context.avrundning.statement_fixed)."""
    printed = rounded_statement(balanskrav, "belopp", fixed)
    return [{"namn": r["namn"], "belopp": mnkr(printed[r["rad"]]), "summa": r["niva"] == "summa"}
            for r in balanskrav.to_dict("records")]


def drift_rows(drift_kommun: pd.DataFrame, bokslut: bool) -> list[dict]:
    """The kommun's driftredovisning: nämnder, their sum, the finansförvaltning's verksamheter, the total (tkr,
    nettokostnad positive), then årets resultat: the total with the sign reversed, so that a surplus reads as a
    positive result (the avvikelse keeps its sign: positive is better than budget). At bokslut the 'prognos'
    column is the utfall and not shown."""
    rows = []
    for r in drift_kommun.to_dict("records"):
        rows.append({"namn": r["namn"] if r["del"] != "finans" else f"Finansförvaltning: {r['namn']}",
                     "budget": tkr(r["arsbudget"]), "utfall": tkr(r["utfall"] if bokslut else r["prognos"]),
                     "avvikelse": tkr(r["avvikelse_helar"]), "summa": r["del"] in ("summa", "summa_namnder")})
        if r["del"] == "summa":
            rows.append({"namn": "Årets resultat (kommunen totalt med omvänt tecken: överskott positivt)",
                         "budget": tkr(-r["arsbudget"]), "utfall": tkr(-(r["utfall"] if bokslut else r["prognos"])),
                         "avvikelse": tkr(r["avvikelse_helar"]), "summa": True})
    return rows


def sjukfranvaro_context(table: pd.DataFrame, dold_till_antal: int) -> dict:
    rows = [{"grupp": r["grupp"], "antal": number(r["antal"]),
             "sjukfranvaro": "Redovisas inte" if r["dold"] else number(r["sjukfranvaro"], 1),
             "andel_60": "Redovisas inte" if r["dold"] else number(r["andel_60"], 1)}
            for r in table.to_dict("records")]
    hidden = [r["grupp"] for r in table.to_dict("records") if r["dold"]]
    note = (f"Sjukfrånvaro redovisas inte för grupper med högst {dold_till_antal} anställda, så att uppgiften inte "
            f"kan hänföras till enskilda personer: {', '.join(hidden)}.") if hidden else ""
    return {"rader": rows, "not": note}


def handelser_context(handelser: pd.DataFrame) -> dict:
    if not len(handelser):
        return {"under": [], "efter": []}
    def item(r):
        return {"rubrik": _text(r["rubrik"]), "beskrivning": _text(r["beskrivning"]), "tidpunkt": _text(r["tidpunkt"])}
    return {"under": [item(r) for r in handelser.to_dict("records") if not r["efter"]],
            "efter": [item(r) for r in handelser.to_dict("records") if r["efter"]]}


def geh_context(kommun: dict, model) -> dict:
    """God ekonomisk hushållning: the finansiella mål (from the kommunövergripande context) and the verksamhetsmål
    (the KF-mål's rolled-up signals), with an overall assessment in words."""
    fin = kommun["finansiella_mal"]
    reached_fin = sum(1 for f in fin if f["status"]["ord"] == "Uppfyllt")
    verksamhet = [{"id": k["id"], "formulering": k["formulering"], "signal": k["signal"], "grund": k["grund"]}
                  for k in kommun["kf_mal"]]
    words = [k["signal"]["ord"] for k in kommun["kf_mal"]]
    reached = sum(1 for w in words if w == "Uppfyllt")
    partly = sum(1 for w in words if w == "Delvis uppfyllt")
    if fin and reached_fin == len(fin) and reached + partly == len(words) and reached >= partly:
        overall = "Kommunen bedöms ha en god ekonomisk hushållning."
    elif reached_fin == 0 and fin:
        overall = "Kommunen bedöms inte ha en god ekonomisk hushållning: inget av de finansiella målen nås."
    else:
        overall = "Kommunen bedöms delvis ha en god ekonomisk hushållning."
    summary = (f"{reached_fin} av {len(fin)} finansiella mål nås. Av {len(words)} verksamhetsmål (kommunfullmäktiges "
               f"mål) har {reached} signalen uppfyllt och {partly} delvis uppfyllt. {overall}")
    return {"finansiella_mal": fin, "verksamhetsmal": verksamhet, "bedomning": summary}


def _nyckeltal_text(a, meta: ReportMeta, fg: bool) -> str:
    """The key figures in words: at bokslut the year's result against budget and the growth of costs and
    revenues; at delår the period's result beside last year's and the helårsprognos against budget."""
    rr = rounded_statement(a.rakenskaper.resultatrakning, "belopp")      # as printed: differences add up
    rr_fg = rounded_statement(a.rakenskaper.resultatrakning, "belopp_fg")
    n = a.nyckeltal
    budget = round_half_up(a.prognos["arets_resultat_budget"], MNKR_TENTH)
    vnk, vnk_fg = -rr["verksamhetens_nettokostnader"], -rr_fg["verksamhetens_nettokostnader"]
    skatt = rr["skatteintakter"] + rr["generella_statsbidrag_och_utjamning"]
    skatt_fg = rr_fg["skatteintakter"] + rr_fg["generella_statsbidrag_och_utjamning"]
    growth = lambda now, then: number(tillvaxt_procent(now, then), 1)   # noqa: E731
    same = "samma period" if meta.till_manad < 12 else str(meta.year - 1)
    bas = n["resultat_andel_bas"]
    if meta.till_manad == 12:
        text = (f"Årets resultat blev {mnkr(rr['arets_resultat'])} mnkr, {mnkr(rr['arets_resultat'] - budget)} mnkr "
                f"mot budgeterade {mnkr(budget)} mnkr, och motsvarar {number(n['resultat_andel'], 1)} % av årets "
                f"skatteintäkter och generella statsbidrag ({number(bas, 1)} mnkr).")
    else:
        prognos = round_half_up(a.prognos["arets_resultat_prognos"], MNKR_TENTH)
        share = (f"och motsvarar {number(n['resultat_andel'], 1)} % av helårsprognosen för skatteintäkter och "
                 f"generella statsbidrag ({number(bas, 1)} mnkr)" if not math.isnan(bas) else
                 "men andelen av skatteintäkter och generella statsbidrag kan inte beräknas: finansförvaltningen "
                 "saknar en helårsprognos för dem")
        text = (f"Periodens resultat blev {mnkr(rr['arets_resultat'])} mnkr"
                + (f" ({mnkr(rr_fg['arets_resultat'])} mnkr samma period {meta.year - 1})" if fg else "")
                + f". Helårsprognosen för årets resultat är {mnkr(prognos)} mnkr, {mnkr(prognos - budget)} mnkr mot "
                f"budgeterade {mnkr(budget)} mnkr, {share}.")
    if fg and vnk_fg and skatt_fg:
        text += (f" Verksamhetens nettokostnader ökade med {growth(vnk, vnk_fg)} % och skatteintäkter och "
                 f"generella statsbidrag med {growth(skatt, skatt_fg)} % jämfört med {same} {meta.year - 1}."
                 if meta.till_manad < 12 else
                 f" Verksamhetens nettokostnader ökade med {growth(vnk, vnk_fg)} % och skatteintäkter och "
                 f"generella statsbidrag med {growth(skatt, skatt_fg)} % jämfört med {same}.")
    return text


def _dokument(meta: ReportMeta, config: Config, typ: str, mottagare: str) -> dict:
    decision = decision_status(config)
    return {
        "typ": typ, "titel": f"{typ} {meta.year} {meta.kommun}", "ar": str(meta.year),
        "period": period_text(meta.year, meta.till_manad), "datum": long_date(meta.end_date),
        "datum_iso": meta.end_date.isoformat(),
        "amne": f"{typ} {period_text(meta.year, meta.till_manad)}. {decision['text']}.",
        "nyckelord": f"{typ}, {meta.kommun}, {meta.year}, {decision['ord']}",
        "status": decision, "mottagare": mottagare, "filnamn": f"{meta.year} {typ} {meta.kommun}",
    }


def _investeringar(model) -> dict:
    inv = model.investeringar
    rows = [{"projekt": f"{_text(r['projekt'])} {_text(r['projektnamn'])}".strip(), "namnd": _text(r["namnd"]),
             "budget": tkr(r["budget"]), "utfall": tkr(r["utfall"]), "avvikelse": tkr(r["aterstar"])}
            for r in inv.to_dict("records")]
    summa = investering_totals(inv)
    return {"rader": rows, "summa": {"budget": tkr(summa["budget"]), "utfall": tkr(summa["utfall"]),
                                     "avvikelse": tkr(summa["aterstar"])}}


def internkontroll_all(staged, config: Config) -> list[dict]:
    """Every nämnd's Internkontroll rows, with the nämnd's name, in the configuration's order."""
    from pipeline.context.tertial import internkontroll_rows

    out = []
    for n in config.namnder:
        underlag = staged.underlag.get(n.id)
        if underlag is not None:
            out += [{"namnd": n.namn, **r} for r in internkontroll_rows(underlag.internkontroll)]
    return out


def _common(meta: ReportMeta, config: Config, staged, model, kommun: dict) -> dict:
    a = model.arsredovisning
    r = a.rakenskaper
    bokslut = meta.till_manad == 12
    last_end = long_date(period_end(meta.year - 1, 12))
    fixed = statement_fixed(r, bokslut, None if bokslut else a.prognos["arets_resultat_prognos"])
    return {
        "kommun": {"namn": meta.kommun},
        "resultatrakning": {"rader": statement_rows(r.resultatrakning, ["belopp", "belopp_fg"]),
                            "kolumn": period_text(meta.year, meta.till_manad).capitalize(),
                            "jamforelse": period_text(meta.year - 1, meta.till_manad).capitalize()},
        "balansrakning": {"rader": statement_rows(r.balansrakning, ["ub", "ib"], fixed["br"]),
                          "kolumn": long_date(meta.end_date), "jamforelse": last_end},
        "balanskrav": balanskrav_rows(a.balanskrav, fixed["balanskrav"]["belopp"]),
        "drift": {"rader": drift_rows(a.drift_kommun, bokslut), "kolumn": "Utfall" if bokslut else "Helårsprognos",
                  "avstamning": [{"namn": s["namn"], "belopp": tkr(s["belopp"])} for s in a.avstamning.to_dict("records")]},
        "god_hushallning": geh_context(kommun, model),
        "handelser": handelser_context(staged.bokslut.handelser),
        "kontoplan": source_name(config.kontoplan.kalla),
        "nyckeltal_text": _nyckeltal_text(a, meta, fg=len(staged.utfall_fg) > 0),
        "internkontroll": internkontroll_all(staged, config),
    }


def kfa_with_comparison(a) -> pd.DataFrame:
    """The kassaflödesanalys with the year before as column `fg` (NaN without last year's statements)."""
    fg = a.rakenskaper_fg.kassaflodesanalys["belopp"].to_numpy() if a.rakenskaper_fg is not None else float("nan")
    return a.rakenskaper.kassaflodesanalys.assign(fg=fg)


def arsredovisning_context(meta: ReportMeta, config: Config, staged, model) -> dict:
    """Everything the årsredovisning shows (bokslut)."""
    model = rounded_model(model)   # amounts as printed: rounded once, totals and differences from them
    a = model.arsredovisning
    kommun = kommun_context(meta, config, staged, model)
    out = _common(meta, config, staged, model, kommun)
    out.update({
        "dokument": _dokument(meta, config, meta.dokumenttyp, "Kommunfullmäktige"),
        "femar": femar_context(femar_as_printed(a.femar, a.rakenskaper, meta.year)),
        "kassaflodesanalys": {"rader": statement_rows(kfa_with_comparison(a), ["belopp", "fg"],
                                                      statement_fixed(a.rakenskaper, True)["kfa"]),
            "kolumn": str(meta.year), "jamforelse": str(meta.year - 1)},
        "ansvarsforbindelser": [{"post": _text(x["post"]), "belopp": mnkr(x["belopp"]), "jamforelse": mnkr(x["belopp_fg"])}
                                for x in staged.bokslut.ansvarsforbindelser.to_dict("records")]
        if len(staged.bokslut.ansvarsforbindelser) else [],
        "investeringar": _investeringar(model),
        "personal": sjukfranvaro_context(a.sjukfranvaro, config.arsredovisning.sjukfranvaro_dold_till_antal),
        "styrning": {"kf_mal": kommun["kf_mal"], "text": STYRNING_TEXT},
        "forvantad_utveckling": list(staged.bokslut.forvantad),
        "avvikelser": kommun["avvikelser"],
    })
    from pipeline.context.noter import arsredovisning_noter

    out.update(arsredovisning_noter(out, config, model, meta))
    return out


def delarsrapport_context(meta: ReportMeta, config: Config, staged, model) -> dict:
    """Everything the kommun's delårsrapport shows (delår): the förenklad förvaltningsberättelse, RR for the
    period beside the same period last year, BR beside last year-end, the helårsprognos and balanskrav on it."""
    model = rounded_model(model)   # amounts as printed: rounded once, totals and differences from them
    a = model.arsredovisning
    budget, prognos = (round_half_up(a.prognos[k], MNKR_TENTH) for k in ("arets_resultat_budget", "arets_resultat_prognos"))
    kommun = kommun_context(meta, config, staged, model)
    out = _common(meta, config, staged, model, kommun)
    out.update({
        "dokument": _dokument(meta, config, meta.dokumenttyp, "Kommunfullmäktige"),
        "prognos": {"budget": mnkr(budget), "prognos": mnkr(prognos), "avvikelse": mnkr(prognos - budget),
                    "periodens_resultat": mnkr(rounded_statement(a.rakenskaper.resultatrakning,
                                                                 "belopp")["arets_resultat"])},
        "ekonomi": kommun["ekonomi"],
        "avvikelser": kommun["avvikelser"],
    })
    return out


STYRNING_TEXT = ("Kommunfullmäktige styr genom mål och ekonomiska ramar. Nämnderna bryter ned fullmäktiges mål i "
                 "nämndmål med indikatorer och följer upp dem i tertialrapport, delårsrapport och "
                 "verksamhetsberättelse. Tabellen visar fullmäktiges mål med den samlade signalen från nämndernas mål.")
