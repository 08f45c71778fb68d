"""The årsredovisning's noter (LKBR 9 kap.): numbered specifications of the lines of the resultaträkning,
balansräkning and kassaflödesanalys and of the ansvarsförbindelser, computed from the same ledger rows (with
`rad` from the kontoplan) as the statements, so that every note's sum equals the line it specifies (a check in
the granskningslista, pipeline.model.granskning).

- RR lines (verksamhetens intäkter and kostnader, avskrivningar, skatteintäkter, generella statsbidrag och
  utjämning, finansiella intäkter and kostnader): one row per specification group the kontoplan names
  (`[not_specifikation.<rad>]`, namn = [kontoprefix]); accounts no group covers are one row "Övrigt" (or, when the
  kontoplan names no groups for the line, one row per konto).
- Materiella and immateriella anläggningstillgångar: ingående and utgående anskaffningsvärde (årets
  investeringar, försäljningar och utrangeringar), ackumulerade avskrivningar (the accounts of
  `[balansrakning_specifikation] ackumulerade_avskrivningar`) and utgående bokfört värde (RKR R4).
- Avsättningar, långfristiga skulder: ingående, the year's additions and reductions, utgående.
- Eget kapital and resultatutjämningsreserv: ingående, årets resultat / reservering, utgående.
- Ansvarsförbindelser (pensionsförpliktelser, borgensåtaganden): from the bokslutsunderlag, ingående (last year),
  årets förändring, utgående.
- Kassaflödesanalys: justering för ej likviditetspåverkande poster (the KFA's adjustment lines).

Amounts in display sign (like the statements), kronor. Columns `belopp` (the year) and `jamforelse` (last year,
NaN where last year's ledger does not allow it).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from pipeline.config.kontoplan import Kontoplan
from pipeline.model.rakenskaper import (AVSATTNINGAR, MATERIELLA, Rakenskaper, period_rows, with_rad)
from pipeline.model.rur import rur_reservation

RR_NOTES = (
    ("verksamhetens_intakter", "Verksamhetens intäkter"),
    ("verksamhetens_kostnader", "Verksamhetens kostnader"),
    ("avskrivningar", "Avskrivningar"),
    ("skatteintakter", "Skatteintäkter"),
    ("generella_statsbidrag_och_utjamning", "Generella statsbidrag och utjämning"),
    ("finansiella_intakter", "Finansiella intäkter"),
    ("finansiella_kostnader", "Finansiella kostnader"),
)
KFA_ADJUSTMENTS = ("justering_avskrivningar", "justering_avsattningar", "justering_realisation",
                   "justering_eget_kapital")


@dataclass(frozen=True)
class Not:
    """One note: its number, the statement ("rr", "br", "kfa", "ansvarsforbindelser") and line(s) it specifies,
    its rows (rad, namn, niva 'post'/'summa'/'rubrik', belopp, jamforelse), and which row is the note's sum."""

    nr: int
    id: str
    rubrik: str
    rakning: str
    rader_i_rakning: tuple[str, ...]   # the statement rows whose sum the note specifies
    rader: pd.DataFrame
    summa_rad: str                      # the note row that equals the statement line(s)
    rakning_belopp: float = float("nan")   # the value of the statement line(s) (statement_value)

    @property
    def summa(self) -> float:
        return float(self.rader.loc[self.rader["rad"] == self.summa_rad, "belopp"].iloc[0])


def _group_of(konton: pd.Series, groups: dict[str, tuple[str, ...]], fallback_per_konto: bool) -> pd.Series:
    """The specification group per konto (longest matching prefix); 'Övrigt' (or 'Konto <nr>' when no group is
    named for the line) where none matches."""
    prefixes = {p: name for name, ps in groups.items() for p in ps}
    out = {}
    for k in pd.unique(konton.astype(str)):
        hit = next((prefixes[k[:n]] for n in range(len(k), 0, -1) if k[:n] in prefixes), None)
        out[k] = hit or (f"Konto {k}" if fallback_per_konto else "Övrigt")
    return konton.astype(str).map(out)


def rr_note_rows(rad: str, period: pd.DataFrame, period_fg: pd.DataFrame | None,
                 groups: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """The specification of RR line `rad`: one post per group (display sign, intäkter positive), then the sum."""
    def sums(rows: pd.DataFrame | None) -> pd.Series:
        if rows is None:
            return pd.Series(dtype="float64")
        own = rows[rows["rad"] == rad]
        return -own.groupby(_group_of(own["konto"], groups, not groups))["belopp"].sum()

    now, fg = sums(period), sums(period_fg)
    order = [g for g in groups if g in now.index or g in fg.index]
    order += sorted((set(now.index) | set(fg.index)) - set(order), key=lambda g: (g == "Övrigt", g))
    has_fg = period_fg is not None
    rows = [(f"{rad}:{g}", g, "post", float(now.get(g, 0.0)), float(fg.get(g, 0.0)) if has_fg else np.nan)
            for g in order]
    rows.append(("summa", "Summa", "summa", float(now.sum()), float(fg.sum()) if has_fg else np.nan))
    return pd.DataFrame(rows, columns=["rad", "namn", "niva", "belopp", "jamforelse"])


def _movement(opening: pd.DataFrame, period: pd.DataFrame, rads: tuple[str, ...], sign: float,
              ack: pd.Series | None = None) -> dict[str, float]:
    """Ingående, additions (ledger rows growing the balance), reductions and utgående of the balance on `rads`
    (display sign: `sign` 1 for assets, −1 for the credit side); with `ack` (a boolean per row: accumulated
    depreciation accounts) the anskaffningsvärde and the accumulated depreciation separately."""
    o = opening[opening["rad"].isin(rads)]
    p = period[period["rad"].isin(rads)]
    if ack is None:
        parts = (("", np.ones(len(o), bool), np.ones(len(p), bool)),)
    else:
        ack_o = ack.reindex(o.index, fill_value=False).to_numpy(dtype=bool)
        ack_p = ack.reindex(p.index, fill_value=False).to_numpy(dtype=bool)
        parts = (("ansk_", ~ack_o, ~ack_p), ("ack_", ack_o, ack_p))
    out = {}
    for part, keep_o, keep_p in parts:
        values = sign * p.loc[keep_p, "belopp"]
        out[part + "ib"] = sign * float(o.loc[keep_o, "belopp"].sum())
        out[part + "okning"] = float(values[values > 0].sum())
        out[part + "minskning"] = float(values[values < 0].sum())
        out[part + "ub"] = out[part + "ib"] + out[part + "okning"] + out[part + "minskning"]
    return out


def _frame(rows: list[tuple[str, str, str]], now: dict[str, float], fg: dict[str, float] | None) -> pd.DataFrame:
    return pd.DataFrame([(key, namn, niva, now[key], fg[key] if fg is not None else np.nan)
                         for key, namn, niva in rows], columns=["rad", "namn", "niva", "belopp", "jamforelse"])


ANLAGGNING_ROWS = (
    ("ansk_ib", "Ingående anskaffningsvärde", "post"),
    ("ansk_okning", "Årets investeringar", "post"),
    ("ansk_minskning", "Försäljningar och utrangeringar", "post"),
    ("ansk_ub", "Utgående anskaffningsvärde", "summa"),
    ("ack_ib", "Ingående ackumulerade avskrivningar", "post"),
    ("ack_minskning", "Årets avskrivningar", "post"),
    ("ack_okning", "Återförda avskrivningar på sålda och utrangerade tillgångar", "post"),
    ("ack_ub", "Utgående ackumulerade avskrivningar", "summa"),
    ("bokfort_varde", "Utgående bokfört värde", "summa"),
)
AVSATTNING_ROWS = (
    ("ib", "Ingående avsättning", "post"),
    ("okning", "Nya avsättningar under året", "post"),
    ("minskning", "Ianspråktagna avsättningar", "post"),
    ("ub", "Utgående avsättning", "summa"),
)
SKULD_ROWS = (
    ("ib", "Ingående skuld", "post"),
    ("okning", "Nyupptagna lån", "post"),
    ("minskning", "Amorteringar", "post"),
    ("ub", "Utgående skuld", "summa"),
)


def anlaggning_note_rows(rad: str, opening, period, opening_fg, period_fg, ack_now, ack_fg) -> pd.DataFrame:
    def one(o, p, ack):
        m = _movement(o, p, (rad,), 1.0, ack)
        m["bokfort_varde"] = m["ansk_ub"] + m["ack_ub"]
        return m
    now = one(opening, period, ack_now)
    fg = one(opening_fg, period_fg, ack_fg) if opening_fg is not None else None
    return _frame(list(ANLAGGNING_ROWS), now, fg)


def balance_note_rows(rads: tuple[str, ...], layout, opening, period, opening_fg, period_fg) -> pd.DataFrame:
    now = _movement(opening, period, rads, -1.0)
    fg = _movement(opening_fg, period_fg, rads, -1.0) if opening_fg is not None else None
    return _frame(list(layout), now, fg)


def eget_kapital_rows(r: Rakenskaper, r_fg: Rakenskaper | None) -> pd.DataFrame:
    def one(x: Rakenskaper) -> dict[str, float]:
        br = x.balansrakning.set_index("rad")
        rr = dict(zip(x.resultatrakning["rad"], x.resultatrakning["belopp"]))
        ib, ub = float(br.loc["summa_eget_kapital", "ib"]), float(br.loc["summa_eget_kapital", "ub"])
        ovrigt = round(ub - ib - rr["arets_resultat"], 2)   # öre noise of float sums is no post
        return {"ib": ib, "resultat": rr["arets_resultat"], "ovrigt": ovrigt if abs(ovrigt) >= 0.5 else 0.0, "ub": ub}
    rows = [("ib", "Ingående eget kapital", "post"), ("resultat", "Årets resultat", "post"),
            ("ovrigt", "Poster bokförda direkt mot eget kapital", "post"), ("ub", "Utgående eget kapital", "summa")]
    return _frame(rows, one(r), one(r_fg) if r_fg is not None else None)


def rur_rows(r: Rakenskaper, balanskrav: pd.DataFrame) -> pd.DataFrame:
    """Ingående RUR (the BR), the balanskravsutredning's reservation (positive) or disposition (negative), and
    their sum, which the granskningslista checks against the BR's utgående RUR (the RUR identity)."""
    br = r.balansrakning.set_index("rad")
    ib = float(br.loc["resultatutjamningsreserv", "ib"])
    reservation = rur_reservation(balanskrav)
    rows = [("ib", "Ingående resultatutjämningsreserv", "post", ib, np.nan),
            ("reservering", "Reservering till resultatutjämningsreserven", "post", max(reservation, 0.0), np.nan),
            ("disposition", "Disposition från resultatutjämningsreserven", "post", min(reservation, 0.0), np.nan),
            ("ub", "Utgående resultatutjämningsreserv", "summa", ib + reservation,
             float(br.loc["resultatutjamningsreserv", "ib"]))]
    return pd.DataFrame(rows, columns=["rad", "namn", "niva", "belopp", "jamforelse"])


def ansvarsforbindelse_rows(belopp: float, belopp_fg: float) -> pd.DataFrame:
    fg = belopp_fg if not pd.isna(belopp_fg) else np.nan
    rows = [("ib", "Ingående ansvarsförbindelse", "post", fg, np.nan),
            ("forandring", "Årets förändring", "post", belopp - fg if not np.isnan(fg) else np.nan, np.nan),
            ("ub", "Utgående ansvarsförbindelse", "summa", belopp, fg)]
    return pd.DataFrame(rows, columns=["rad", "namn", "niva", "belopp", "jamforelse"])


def kfa_adjustment_rows(r: Rakenskaper, r_fg: Rakenskaper | None) -> pd.DataFrame:
    names = dict(zip(r.kassaflodesanalys["rad"], r.kassaflodesanalys["namn"]))
    now = dict(zip(r.kassaflodesanalys["rad"], r.kassaflodesanalys["belopp"]))
    fg = dict(zip(r_fg.kassaflodesanalys["rad"], r_fg.kassaflodesanalys["belopp"])) if r_fg is not None else None
    rows = [(rad, names[rad], "post", now[rad], fg[rad] if fg else np.nan) for rad in KFA_ADJUSTMENTS]
    rows.append(("summa", "Summa justering för ej likviditetspåverkande poster", "summa",
                 sum(now[rad] for rad in KFA_ADJUSTMENTS), sum(fg[rad] for rad in KFA_ADJUSTMENTS) if fg else np.nan))
    return pd.DataFrame(rows, columns=["rad", "namn", "niva", "belopp", "jamforelse"])


def _nonzero(frame: pd.DataFrame, column: str, rads) -> bool:
    return bool(frame[frame["rad"].isin(list(rads))][column].abs().sum() > 0.5)


def noter(r: Rakenskaper, r_fg: Rakenskaper | None, utfall: pd.DataFrame, utfall_fg: pd.DataFrame,
          kontoplan: Kontoplan, till: int, ansvarsforbindelser: pd.DataFrame, balanskrav: pd.DataFrame
          ) -> tuple[Not, ...]:
    """Every note of the årsredovisning, numbered in the order the statements reference them (RR, BR with the
    ansvarsförbindelser, KFA). Notes of lines that are zero in the year are left out."""
    now = with_rad(utfall, kontoplan)
    fg = with_rad(utfall_fg, kontoplan) if len(utfall_fg) else None
    period = period_rows(now, till)
    opening = now[now["manad"] == 0]
    period_fg = period_rows(fg, till) if fg is not None else None
    has_fg_opening = fg is not None and bool((fg["manad"] == 0).any())
    opening_fg = fg[fg["manad"] == 0] if has_fg_opening else None
    full_fg = period_rows(fg, 12) if has_fg_opening else None
    ack_now = kontoplan.matches(now["konto"], "ackumulerade_avskrivningar")
    ack_fg = kontoplan.matches(fg["konto"], "ackumulerade_avskrivningar") if fg is not None else None
    rr, br = r.resultatrakning, r.balansrakning
    found: list[tuple[str, str, str, tuple[str, ...], pd.DataFrame, str]] = []
    for rad, rubrik in RR_NOTES:
        if _nonzero(rr, "belopp", (rad,)):
            found.append((rad, rubrik, "rr", (rad,), rr_note_rows(rad, period, period_fg,
                                                                   kontoplan.not_specifikation.get(rad, {})), "summa"))
    br_names = dict(zip(br["rad"], br["namn"]))
    for rad in ("immateriella_anlaggningstillgangar", *MATERIELLA):
        if _nonzero(br, "ub", (rad,)) or _nonzero(br, "ib", (rad,)):
            found.append((rad, br_names[rad], "br", (rad,),
                          anlaggning_note_rows(rad, opening, period, opening_fg, full_fg, ack_now, ack_fg),
                          "bokfort_varde"))
    if _nonzero(br, "ub", ("resultatutjamningsreserv",)) or _nonzero(br, "ib", ("resultatutjamningsreserv",)):
        found.append(("resultatutjamningsreserv", "Resultatutjämningsreserv", "br", ("resultatutjamningsreserv",),
                      rur_rows(r, balanskrav), "ub"))
    if _nonzero(br, "ub", ("summa_eget_kapital",)):
        found.append(("summa_eget_kapital", "Eget kapital", "br", ("summa_eget_kapital",), eget_kapital_rows(r, r_fg), "ub"))
    for rad in AVSATTNINGAR:
        if _nonzero(br, "ub", (rad,)) or _nonzero(br, "ib", (rad,)):
            found.append((rad, br_names[rad], "br", (rad,),
                          balance_note_rows((rad,), AVSATTNING_ROWS, opening, period, opening_fg, full_fg), "ub"))
    if _nonzero(br, "ub", ("langfristiga_skulder",)):
        found.append(("langfristiga_skulder", "Långfristiga skulder", "br", ("langfristiga_skulder",),
                      balance_note_rows(("langfristiga_skulder",), SKULD_ROWS, opening, period, opening_fg, full_fg),
                      "ub"))
    for i, a in enumerate(ansvarsforbindelser.to_dict("records") if len(ansvarsforbindelser) else []):
        found.append((f"ansvarsforbindelse_{i + 1}", str(a["post"]), "ansvarsforbindelser", (f"ansvarsforbindelse_{i + 1}",),
                      ansvarsforbindelse_rows(float(a["belopp"]), float(a["belopp_fg"])), "ub"))
    kfa = r.kassaflodesanalys
    if _nonzero(kfa, "belopp", KFA_ADJUSTMENTS):
        found.append(("justering_ej_likviditetspaverkande", "Justering för ej likviditetspåverkande poster", "kfa",
                      KFA_ADJUSTMENTS, kfa_adjustment_rows(r, r_fg), "summa"))
    out = []
    for nr, (id_, rubrik, rakning, rads, rows, summa) in enumerate(found, start=1):
        n = Not(nr, id_, rubrik, rakning, rads, rows, summa)
        out.append(replace(n, rakning_belopp=statement_value(n, r, ansvarsforbindelser)))
    return tuple(out)


def statement_value(not_: Not, r: Rakenskaper, ansvarsforbindelser: pd.DataFrame) -> float:
    """The value of the statement line(s) a note specifies (the year's column), for the granskningslista."""
    if not_.rakning == "ansvarsforbindelser":
        i = int(not_.rader_i_rakning[0].rsplit("_", 1)[1]) - 1
        return float(ansvarsforbindelser["belopp"].iloc[i])
    frame, column = {"rr": (r.resultatrakning, "belopp"), "br": (r.balansrakning, "ub"),
                     "kfa": (r.kassaflodesanalys, "belopp")}[not_.rakning]
    return float(frame[frame["rad"].isin(list(not_.rader_i_rakning))][column].sum())
