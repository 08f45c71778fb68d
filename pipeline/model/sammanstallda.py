"""Sammanställda räkenskaper (LKBR 12 kap.): the kommun's resultat- and balansräkning together with its bolag
(`[[bolag]]` in the config, the bokslutsunderlag's sheets Bolag and Interna mellanhavanden).

Method: proportional consolidation, as RKR R16 Sammanställda räkenskaper prescribes for the kommunala
koncernen: each bolag's posts are taken in by the kommun's ägarandel, and the interna mellanhavanden (the
kommun's purchases from and sales to the bolag, internal loans, the kommun's shares against the bolag's eget
kapital) are eliminated by the same share on both sides, so that the sammanställda räkenskaper show the koncern's
dealings with others only. The layouts are the kommun's own (LKBR 12 kap. 6 §: 5 and 6 kap. apply).

Amounts in kr in display sign (intäkter, tillgångar, eget kapital and skulder positive; kostnader negative).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.model.rakenskaper import BR_LAYOUT, RR_LAYOUT, _evaluate, _frame

# The posts a bolag reports (name in the workbook -> row id); "Eget kapital" is the bolag's whole equity, its
# year's result included (the model moves the result to its own line).
RR_POSTER = ("verksamhetens_intakter", "verksamhetens_kostnader", "avskrivningar", "finansiella_intakter",
             "finansiella_kostnader", "extraordinara_poster")
BR_POSTER = ("immateriella_anlaggningstillgangar", "mark_byggnader_och_tekniska_anlaggningar",
             "maskiner_och_inventarier", "ovriga_materiella_anlaggningstillgangar", "finansiella_anlaggningstillgangar",
             "bidrag_till_infrastruktur", "forrad_med_mera", "fordringar", "kortfristiga_placeringar", "kassa_och_bank",
             "avsattningar_for_pensioner", "andra_avsattningar", "langfristiga_skulder", "kortfristiga_skulder")
_NAMES = {rad: namn for rad, namn, _n, _p in (*RR_LAYOUT, *BR_LAYOUT)}
BOLAG_POSTER = {**{_NAMES[r]: r for r in RR_POSTER}, **{_NAMES[r]: r for r in BR_POSTER},
                "Eget kapital": "eget_kapital"}
NEGATIVE = {"verksamhetens_kostnader", "avskrivningar", "finansiella_kostnader"}   # shown negative in the RR


@dataclass(frozen=True)
class Sammanstallda:
    bolag: pd.DataFrame               # namn, org_nr, agarandel (%), arets_resultat (kr, the bolag's whole result)
    resultatrakning: pd.DataFrame     # rad, namn, niva, belopp (RR_LAYOUT)
    balansrakning: pd.DataFrame       # rad, namn, niva, ub (BR_LAYOUT)
    eliminerat: float                 # the sum of the eliminated amounts (kr, ägarandel × belopp)


def _posts(frame: pd.DataFrame, column: str) -> dict[str, float]:
    return {r: float(v) for r, v, n in zip(frame["rad"], frame[column], frame["niva"]) if n == "post"}


def _reduce(values: dict[str, float], rad: str, amount: float) -> None:
    """Take `amount` (positive) out of a post: toward zero in its display sign."""
    values[rad] = values.get(rad, 0.0) + (amount if rad in NEGATIVE else -amount)


def sammanstallda(rr: pd.DataFrame, br: pd.DataFrame, bolag, poster: pd.DataFrame,
                  mellanhavanden: pd.DataFrame) -> Sammanstallda:
    """The kommun's RR (column belopp) and BR (column ub) with each configured bolag (Config.bolag) by its
    ägarandel, minus the interna mellanhavanden by the same share."""
    rr_values = _posts(rr, "belopp")
    br_values = _posts(br, "ub")
    rows = []
    for b in bolag:
        andel = b.agarandel / 100
        own = poster[poster["bolag"] == b.namn] if len(poster) else poster
        amounts = dict(zip(own["rad"], own["belopp"])) if len(own) else {}
        result = sum(amounts.get(r, 0.0) for r in RR_POSTER)
        for rad, value in amounts.items():
            if rad == "eget_kapital":
                br_values["ovrigt_eget_kapital"] = br_values.get("ovrigt_eget_kapital", 0.0) + andel * (value - result)
            elif rad in RR_POSTER:
                rr_values[rad] = rr_values.get(rad, 0.0) + andel * value
            else:
                br_values[rad] = br_values.get(rad, 0.0) + andel * value
        br_values["br_arets_resultat"] = br_values.get("br_arets_resultat", 0.0) + andel * result
        rows.append({"namn": b.namn, "org_nr": b.org_nr, "agarandel": b.agarandel, "arets_resultat": result})
    eliminated = 0.0
    known = {b.namn: b.agarandel / 100 for b in bolag}
    for m in mellanhavanden.to_dict("records") if len(mellanhavanden) else []:
        amount = known.get(m["bolag"], 0.0) * float(m["belopp"])
        for rad in (m["kommun_rad"], m["bolag_rad"]):
            target = rr_values if rad in RR_POSTER else br_values
            _reduce(target, "ovrigt_eget_kapital" if rad == "eget_kapital" else rad, amount)
        eliminated += amount
    return Sammanstallda(
        bolag=pd.DataFrame(rows, columns=["namn", "org_nr", "agarandel", "arets_resultat"]),
        resultatrakning=_frame(RR_LAYOUT, belopp=_evaluate(RR_LAYOUT, rr_values)),
        balansrakning=_frame(BR_LAYOUT, ub=_evaluate(BR_LAYOUT, br_values)),
        eliminerat=eliminated)
