"""The example kommun's economic structure: accounts, cost profiles, budget levels, designed deviations.

Numbers are for a kommun of ~45 000 invånare (nettokostnad ~2 950 Mkr). The account numbers and
labels are a simplified plan in the spirit of Kommun-Bas (class 3 intäkter, 4–7 kostnader, 1
investeringar); they do not claim to be the exact Kommun-Bas list.

`budget_lines(...)` returns one row per (Nämnd, Verksamhet, Konto) with the yearly budget in kronor;
`month_weights(...)` the periodisation of each line.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipeline.config import Config

KONTON = {
    "1180": "Pågående ny-, till- och ombyggnad",
    "1230": "Maskiner och inventarier",
    "3110": "Taxor och avgifter",
    "3410": "Hyror och arrenden",
    "3510": "Statsbidrag och andra driftbidrag",
    "3610": "Försäljning av verksamhet",
    "4010": "Material och förbrukningsvaror",
    "4510": "Köp av huvudverksamhet",
    "4610": "Lämnade bidrag",
    "5010": "Löner",
    "5410": "Sociala avgifter enligt lag och avtal",
    "5610": "Pensionskostnader",
    "6110": "Lokalhyror",
    "7010": "Konsulttjänster och övriga tjänster",
    "7810": "Avskrivningar",
}

_PERSONAL = {"5010": 1.0, "5410": 0.3142, "5610": 0.085}  # relative to löner


def _with_personal(personal: float, rest: dict[str, float]) -> dict[str, float]:
    total = sum(_PERSONAL.values())
    shares = {k: personal * v / total for k, v in _PERSONAL.items()}
    shares.update(rest)
    s = sum(shares.values())
    return {k: v / s for k, v in shares.items()}


# profile -> (cost shares summing to 1, revenues as a share of gross cost)
PROFILES: dict[str, tuple[dict[str, float], dict[str, float]]] = {
    "skola": (_with_personal(0.72, {"4010": 0.06, "4510": 0.05, "6110": 0.12, "7010": 0.05}),
              {"3510": 0.05, "3110": 0.01, "3410": 0.004}),
    "forskola": (_with_personal(0.74, {"4010": 0.05, "4510": 0.04, "6110": 0.12, "7010": 0.05}),
                 {"3110": 0.065, "3510": 0.03}),
    "omsorg": (_with_personal(0.76, {"4010": 0.05, "4510": 0.05, "6110": 0.09, "7010": 0.05}),
               {"3110": 0.06, "3410": 0.04, "3510": 0.02}),
    "kop": (_with_personal(0.40, {"4010": 0.03, "4510": 0.45, "6110": 0.06, "7010": 0.06}),
            {"3610": 0.05, "3510": 0.03}),
    "bidrag": (_with_personal(0.15, {"4610": 0.78, "7010": 0.04, "6110": 0.03}),
               {"3510": 0.02}),
    "admin": (_with_personal(0.62, {"4010": 0.05, "6110": 0.08, "7010": 0.25}),
              {"3610": 0.02}),
    "myndighet": (_with_personal(0.78, {"4010": 0.03, "6110": 0.08, "7010": 0.11}),
                  {"3110": 0.45}),
    "anlaggning": (_with_personal(0.35, {"4010": 0.13, "6110": 0.10, "7010": 0.27, "7810": 0.15}),
                   {"3410": 0.12, "3110": 0.05}),
    "taxa": (_with_personal(0.22, {"4010": 0.18, "6110": 0.05, "7010": 0.35, "7810": 0.20}),
             {"3110": 1.0}),
    "arbmarknad": (_with_personal(0.62, {"4610": 0.18, "6110": 0.08, "7010": 0.12}),
                   {"3510": 0.35}),
}

# template verksamhet code -> (nettobudget Mkr, profile, gross cost Mkr for net-zero taxa verksamheter)
VERKSAMHETER: dict[str, tuple[float, str, float | None]] = {
    "100": (36.0, "admin", None), "110": (2.1, "bidrag", None), "120": (2.4, "admin", None),
    "215": (18.0, "myndighet", None), "220": (9.0, "bidrag", None), "230": (5.0, "admin", None),
    "600": (6.0, "arbmarknad", None), "610": (42.0, "arbmarknad", None),
    "407": (305.0, "forskola", None), "412": (6.0, "forskola", None), "425": (72.0, "forskola", None),
    "435": (31.0, "skola", None), "440": (520.0, "skola", None), "443": (36.0, "skola", None),
    "450": (205.0, "kop", None), "453": (18.0, "skola", None), "470": (12.0, "skola", None),
    "472": (20.0, "skola", None), "476": (22.0, "arbmarknad", None),
    "559": (45.0, "kop", None), "569": (120.0, "kop", None), "571": (25.0, "kop", None),
    "575": (75.0, "bidrag", None), "585": (6.0, "admin", None),
    "5101": (262.0, "omsorg", None), "5102": (342.0, "omsorg", None), "5109": (45.0, "omsorg", None),
    "513": (282.0, "omsorg", None), "520": (55.0, "omsorg", None), "530": (14.0, "kop", None),
    "300": (12.0, "bidrag", None), "315": (14.0, "admin", None), "320": (24.0, "admin", None),
    "330": (16.0, "skola", None), "340": (48.0, "anlaggning", None), "350": (14.0, "skola", None),
    "249": (85.0, "anlaggning", None), "250": (24.0, "anlaggning", None), "270": (48.0, "admin", None),
    "865": (0.0, "taxa", 118.0), "870": (0.0, "taxa", 64.0),
    "2151": (6.0, "myndighet", None), "261": (7.0, "myndighet", None), "263": (5.0, "admin", None),
    "267": (0.6, "myndighet", None),
}
DEFAULT_TEMPLATE = (20.0, "admin", None)

SAL = [1, 1, 1, 1, 1, 1.15, 0.55, 1.12, 1, 1, 1, 1.05]
MAT = [0.9, 1, 1, 1, 1, 1, 0.6, 0.9, 1.05, 1.05, 1.1, 1.4]
LUMPS = [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1]
SALES = [1, 1, 1, 1, 1, 1, 0.8, 0.9, 1, 1, 1, 1.3]
WINTER = [2.2, 2.0, 1.4, 0.8, 0.6, 0.6, 0.5, 0.6, 0.7, 0.8, 1.0, 1.8]
FLAT = [1] * 12
MONTH_PATTERN = {"5010": SAL, "5410": SAL, "5610": SAL, "4010": MAT, "7010": MAT, "3510": LUMPS,
                 "3610": SALES}
SPECIAL_PATTERN = {("249", "7010"): WINTER, ("249", "4010"): WINTER}  # vinterväghållning

# Designed 2026 deviations (template, konto or "" for all, months or () for all, factor on the amount).
DEVIATIONS: tuple[tuple[str, str, tuple[int, ...], float], ...] = (
    ("569", "4510", (), 1.27),            # placeringar barn och unga
    ("575", "4610", (), 1.055),           # ekonomiskt bistånd
    ("5102", "5010", (), 1.035), ("5102", "5410", (), 1.035), ("5102", "5610", (), 1.035),
    ("513", "4510", (), 1.40),            # köpta LSS-platser
    ("450", "4510", (), 1.05),            # interkommunala ersättningar gymnasiet
    ("2151", "3110", (), 0.78),           # färre bygglovsansökningar
    ("440", "5010", (), 0.983), ("440", "5410", (), 0.983), ("440", "5610", (), 0.983),  # vakanser
    ("476", "5010", (), 0.91), ("476", "5410", (), 0.91), ("476", "5610", (), 0.91),  # färre SFI-elever
    ("610", "4610", (), 0.80),            # färre anställningsstöd
    ("249", "7010", (1, 2, 3), 1.35), ("249", "4010", (1, 2, 3), 1.35),  # kall vinter 2026
)

# Förvaltningens prognos where it differs on purpose from the computed one: template -> prognos − budget (kr).
PROGNOS_OVERRIDE = {"249": 2_500_000, "340": 2_600_000, "569": 9_000_000}


@dataclass(frozen=True)
class Investment:
    id: str
    name: str
    namnd: str
    vht: str
    budget: int
    konto: str
    spent_share_t1: float
    spent_2025: int


INVESTMENTS = (
    Investment("P1001", "Ny förskola Norra", "BUN", "407", 48_000_000, "1180", 0.22, 14_500_000),
    Investment("P1002", "Inventarier ny förskola Norra", "BUN", "407", 3_500_000, "1230", 0.0, 0),
    Investment("P1003", "Västra skolan, om- och tillbyggnad", "BUN", "440", 62_000_000, "1180", 0.18, 21_300_000),
    Investment("P1004", "Omsorgsboende Solbacken ombyggnad", "VON", "5102", 35_000_000, "1180", 0.31, 8_200_000),
    Investment("P1005", "Digitala trygghetslarm", "VON", "5101", 2_500_000, "1230", 0.55, 0),
    Investment("P1006", "VA-ledningar Storgatan", "TN", "865", 22_000_000, "1180", 0.46, 3_100_000),
    Investment("P1007", "Reningsverket, ny slamavvattning", "TN", "865", 14_000_000, "1180", 0.08, 0),
    Investment("P1008", "Gång- och cykelväg Ringvägen", "TN", "249", 8_500_000, "1180", 0.0, 0),
    Investment("P1009", "Beläggningsprogram gator 2026", "TN", "249", 12_000_000, "1180", 0.03, 0),
    Investment("P1010", "Höjdfordon räddningstjänsten", "TN", "270", 9_000_000, "1230", 0.0, 0),
    Investment("P1011", "Konstgräsplan Sjövallen", "KFN", "340", 7_000_000, "1180", 0.12, 0),
    Investment("P1012", "Meröppet bibliotek Västra", "KFN", "320", 1_200_000, "1230", 0.64, 0),
    Investment("P1013", "IT-infrastruktur och nätverk", "KS", "100", 6_000_000, "1230", 0.27, 0),
    Investment("P1014", "Lekplatser, upprustning", "TN", "250", 2_500_000, "1180", 0.0, 0),
    Investment("P1015", "Gymnasieskolan, ventilation och ytskikt", "GVN", "450", 9_000_000, "1180", 0.14, 1_900_000),
    Investment("P1016", "Digitalt bygglovssystem", "MBN", "2151", 1_800_000, "1230", 0.35, 0),
)
# Finished in 2025, so in last year's ledger but not in this year's Investeringar sheet.
INVESTMENTS_2025_ONLY = (
    Investment("P0912", "Ishallen, nytt kylaggregat", "KFN", "340", 0, "1180", 0.0, 6_800_000),
)


def budget_lines(config: Config, template_of: dict[str, str] | None = None,
                 scale_of: dict[str, float] | None = None) -> pd.DataFrame:
    """One row per (namnd, vht, konto): columns namnd, vht, template, konto, belopp (kr, ledger sign).

    Amounts are rounded to whole thousands of kronor; net per verksamhet = template net × scale.
    """
    template_of = template_of or {}
    scale_of = scale_of or {}
    rows = []
    for v in config.verksamheter:
        if v.finans:   # the finansförvaltning's lines come from generate.bokslut
            continue
        template = template_of.get(v.kod, v.kod)
        net, profile, gross = VERKSAMHETER.get(template, DEFAULT_TEMPLATE)
        scale = scale_of.get(v.kod, 1.0)
        costs, revenues = PROFILES[profile]
        gross_cost = (gross if gross is not None else net / (1 - sum(revenues.values()))) * 1e6 * scale
        for konto, share in costs.items():
            rows.append((v.namnd, v.kod, template, konto, gross_cost * share))
        for konto, ratio in revenues.items():
            rows.append((v.namnd, v.kod, template, konto, -gross_cost * ratio))
    lines = pd.DataFrame(rows, columns=["namnd", "vht", "template", "konto", "belopp"])
    lines["belopp"] = (np.round(lines["belopp"] / 1000) * 1000).astype(np.int64)
    # taxa: make revenue meet cost exactly so the net budget is 0
    taxa = lines["template"].map(lambda t: VERKSAMHETER.get(t, DEFAULT_TEMPLATE)[2] is not None)
    for vht in lines.loc[taxa, "vht"].unique():
        sel = lines["vht"] == vht
        rev = sel & (lines["konto"] == "3110")
        lines.loc[rev, "belopp"] -= lines.loc[sel, "belopp"].sum()
    return lines.sort_values(["namnd", "vht", "konto"]).reset_index(drop=True)


def month_weights(lines: pd.DataFrame) -> np.ndarray:
    """(n, 12) periodisation weights per budget line, each row summing to 1."""
    weights = np.array([SPECIAL_PATTERN.get((t, k), MONTH_PATTERN.get(k, FLAT))
                        for t, k in zip(lines["template"], lines["konto"])], dtype=float)
    return weights / weights.sum(axis=1, keepdims=True)


def deviation_factors(lines: pd.DataFrame) -> np.ndarray:
    """(n, 12) multipliers of the designed 2026 deviations per budget line and month."""
    factors = np.ones((len(lines), 12))
    templates = lines["template"].to_numpy()
    kontos = lines["konto"].to_numpy()
    for template, konto, months, factor in DEVIATIONS:
        sel = (templates == template) & ((kontos == konto) if konto else True)
        cols = [m - 1 for m in months] if months else list(range(12))
        factors[np.ix_(np.flatnonzero(sel), cols)] *= factor
    return factors
