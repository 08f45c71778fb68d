"""The konto → rad mapping of the financial statements (resultaträkning, balansräkning), read from a TOML file.

The rows and their order are the law's (LKBR 5 kap. resultaträkning, 6 kap. balansräkning) and live in `pipeline.model.rakenskaper`; the file only
says which accounts belong to which row, as lists of konto prefixes (the longest matching prefix wins). The
default for Kommun-Bas ships as `pipeline/resources/config/kontoplan_kommunbas.toml` with its source named in `[kalla]`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.config.error import ConfigError, read_toml

from pipeline.resources import DEFAULTS

DEFAULT_PATH = DEFAULTS / "kontoplan_kommunbas.toml"

RR_ROWS = ("verksamhetens_intakter", "verksamhetens_kostnader", "avskrivningar", "skatteintakter",
           "generella_statsbidrag_och_utjamning", "finansiella_intakter", "finansiella_kostnader",
           "extraordinara_poster")
BR_ROWS = ("immateriella_anlaggningstillgangar", "mark_byggnader_och_tekniska_anlaggningar",
           "maskiner_och_inventarier", "ovriga_materiella_anlaggningstillgangar",
           "finansiella_anlaggningstillgangar", "bidrag_till_infrastruktur", "forrad_med_mera", "fordringar",
           "kortfristiga_placeringar", "kassa_och_bank", "eget_kapital", "resultatutjamningsreserv",
           "arets_resultat", "avsattningar_for_pensioner", "andra_avsattningar", "langfristiga_skulder",
           "kortfristiga_skulder")
SPECIFICATIONS = ("realisationsvinster", "realisationsforluster", "nedskrivningar")
BR_SPECIFICATIONS = ("ackumulerade_avskrivningar",)   # [balansrakning_specifikation]: the noter (RKR R4)
NOTE_ROWS = ("verksamhetens_intakter", "verksamhetens_kostnader", "avskrivningar", "skatteintakter",
             "generella_statsbidrag_och_utjamning", "finansiella_intakter", "finansiella_kostnader")
TABLES = ("kalla", "resultatrakning", "balansrakning", "resultatrakning_specifikation", "balansrakning_specifikation",
          "not_specifikation")


@dataclass(frozen=True)
class Kontoplan:
    """Konto prefixes per row of the resultaträkning and balansräkning, and the specification lists."""

    path: Path
    kalla: str
    beskrivning: str
    rader: dict[str, tuple[str, ...]]            # row id -> prefixes (RR and BR rows)
    specifikation: dict[str, tuple[str, ...]]    # realisationsvinster, realisationsforluster, nedskrivningar,
                                                 # ackumulerade_avskrivningar
    # the noter's specification groups per RR row: row id -> {Swedish name: prefixes} (pipeline.model.noter)
    not_specifikation: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def _longest(self, konto: str, prefixes: dict[str, str]) -> str | None:
        for n in range(len(konto), 0, -1):
            if konto[:n] in prefixes:
                return prefixes[konto[:n]]
        return None

    def rad_for(self, konton: pd.Series) -> pd.Series:
        """Row id per konto as a categorical (missing where no prefix matches); each distinct konto is looked
        up once, and a categorical column is mapped through its codes without touching the rows' strings."""
        prefixes = {p: rad for rad, ps in self.rader.items() for p in ps}
        distinct, codes = _distinct(konton)
        rows = [self._longest(str(k), prefixes) for k in distinct]
        names = sorted(self.rader)   # the same categories for every frame: concatenation keeps them categorical
        position = {r: i for i, r in enumerate(names)}
        lut = np.array([position[r] if r is not None else -1 for r in rows] + [-1], dtype=np.int64)
        return pd.Series(pd.Categorical.from_codes(lut[codes], categories=names), index=konton.index)

    def matches(self, konton: pd.Series, lista: str) -> pd.Series:
        """True where the konto starts with one of the prefixes of specification list `lista`."""
        prefixes = self.specifikation.get(lista, ())
        distinct, codes = _distinct(konton)
        lut = np.array([any(str(k).startswith(p) for p in prefixes) for k in distinct] + [False], dtype=bool)
        return pd.Series(lut[codes], index=konton.index)


def _distinct(konton: pd.Series) -> tuple[list, np.ndarray]:
    """(distinct kontos, code per row into them; missing -> len(distinct), i.e. the extra last slot)."""
    if isinstance(konton.dtype, pd.CategoricalDtype):
        codes = konton.cat.codes.to_numpy().astype(np.int64)
        distinct = list(konton.cat.categories)
    else:
        factor, uniques = pd.factorize(konton)
        codes, distinct = factor.astype(np.int64), list(uniques)
    return distinct, np.where(codes < 0, len(distinct), codes)


def _prefix_list(value, where: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.isdigit() for v in value):
        problems.append(f"'{where}' ska vara en lista med kontoprefix av siffror, t.ex. [\"30\", \"31\"], inte {value!r}")
        return ()
    return tuple(value)


def load_kontoplan(path: Path | str | None = None) -> Kontoplan:
    """Read and check a konto → rad file; raise ConfigError listing every problem."""
    path = Path(path) if path is not None else DEFAULT_PATH
    raw = read_toml(path, "kontoplanen")
    problems: list[str] = []
    for key in raw:
        if key not in TABLES:
            problems.append(f"okänd tabell '{key}' (tillåtna: {', '.join(TABLES)})")
    kalla = raw.get("kalla", {})
    if not isinstance(kalla, dict) or not isinstance(kalla.get("namn"), str) or not kalla["namn"].strip():
        problems.append("'kalla.namn' ska ange källan till indelningen (t.ex. \"SKR, Kommun-Bas 25\")")
        kalla = {}
    rader: dict[str, tuple[str, ...]] = {}
    for table, allowed in (("resultatrakning", RR_ROWS), ("balansrakning", BR_ROWS)):
        for key, value in raw.get(table, {}).items():
            if key not in allowed:
                problems.append(f"okänd rad '{table}.{key}' (tillåtna: {', '.join(allowed)})")
                continue
            rader[key] = _prefix_list(value, f"{table}.{key}", problems)
    owner: dict[str, str] = {}
    for rad, prefixes in rader.items():
        for p in prefixes:
            if p in owner:
                problems.append(f"kontoprefixet {p} står både på raden {owner[p]} och på raden {rad}")
            owner[p] = rad
    spec = {key: _prefix_list(value, f"resultatrakning_specifikation.{key}", problems)
            for key, value in raw.get("resultatrakning_specifikation", {}).items() if key in SPECIFICATIONS}
    for key in raw.get("resultatrakning_specifikation", {}):
        if key not in SPECIFICATIONS:
            problems.append(f"okänd nyckel 'resultatrakning_specifikation.{key}' (tillåtna: {', '.join(SPECIFICATIONS)})")
    for key, value in raw.get("balansrakning_specifikation", {}).items():
        if key in BR_SPECIFICATIONS:
            spec[key] = _prefix_list(value, f"balansrakning_specifikation.{key}", problems)
        else:
            problems.append(f"okänd nyckel 'balansrakning_specifikation.{key}' (tillåtna: {', '.join(BR_SPECIFICATIONS)})")
    noter: dict[str, dict[str, tuple[str, ...]]] = {}
    for rad, groups in raw.get("not_specifikation", {}).items():
        if rad not in NOTE_ROWS or not isinstance(groups, dict):
            problems.append(f"okänd tabell 'not_specifikation.{rad}' (tillåtna: {', '.join(NOTE_ROWS)}; varje tabell "
                            "har rader namn = [kontoprefix])")
            continue
        noter[rad] = {str(name): _prefix_list(value, f"not_specifikation.{rad}.{name}", problems)
                      for name, value in groups.items()}
    if problems:
        raise ConfigError(path, problems)
    return Kontoplan(path=path.resolve(), kalla=kalla["namn"].strip(), beskrivning=str(kalla.get("beskrivning", "")),
                     rader=rader, specifikation=spec, not_specifikation=noter)
