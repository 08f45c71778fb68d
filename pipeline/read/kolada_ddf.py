"""Kolada's values for every kommun, as open-numbers' DDF dump of Kolada writes them (the national batch,
`kommunrapport jämförelse`): `datapoints--by--geo--year/ddf--datapoints--<kpi>--by--geo--year.csv` (geo, year,
value; kön T), `datapoints--by--geo--gender--year/…--by--geo--gender--year.csv` (geo, gender k/m, year, value),
`ddf--concepts.csv` (each KPI's title) and `ddf--entities--geo--kommun.csv` (the kommuner's names). `geo` 0 is riket
(here 0000), 2 digits a region, 4 digits a kommun; KPI ids are lower-cased in the files (upper-cased here).

Every value must be a number: a cell that is not is a problem with file, row and column, and all problems are
reported together (KoladaDumpError)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.config.problems import Problem

YEAR_DIR, GENDER_DIR = "datapoints--by--geo--year", "datapoints--by--geo--gender--year"
CONCEPTS, KOMMUNER = "ddf--concepts.csv", "ddf--entities--geo--kommun.csv"
_FILE = re.compile(r"ddf--datapoints--([a-z]\d{5})--by--geo--(?:gender--)?year\.csv")


class KoladaDumpError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} fel i Kolada-data")
        self.problems = problems


@dataclass(frozen=True)
class KoladaDump:
    values: pd.DataFrame     # kpi, kommun (4 digits; riket 0000; regions 00xx), ar (int), kon (T, K, M), varde
    kpis: pd.DataFrame       # kpi, titel
    kommuner: pd.DataFrame   # kommun, namn
    files: tuple[Path, ...]  # every file read


def _read_values(path: Path, kpi: str, gender: bool, root: Path, problems: list[Problem]) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    column = kpi.lower()
    expected = ["geo", "gender", "year", column] if gender else ["geo", "year", column]
    name = path.relative_to(root).as_posix()
    if list(frame.columns) != expected:
        problems.append(Problem(name, None, 1, None, f"Rubrikerna är {', '.join(frame.columns)}; väntade "
                                                     f"{', '.join(expected)}."))
        return pd.DataFrame()
    value = pd.to_numeric(frame[column], errors="coerce")
    year = pd.to_numeric(frame["year"], errors="coerce")
    for col, parsed, what in ((column, value, "ett tal"), ("year", year, "ett årtal")):
        bad = parsed.isna() & (frame[col] != "")
        for row in frame.index[bad][:20]:
            problems.append(Problem(name, None, int(row) + 2, col, f"Värdet '{frame.at[row, col]}' är inte {what}."))
    geo = frame["geo"].where(frame["geo"] != "0", "0000")
    kon = frame["gender"].str.upper() if gender else pd.Series("T", index=frame.index)
    keep = value.notna() & year.notna()
    return pd.DataFrame({"kpi": kpi, "kommun": geo[keep], "ar": year[keep].astype("int64"), "kon": kon[keep],
                         "varde": value[keep].astype("float64")})


def read_kolada_ddf(root: Path) -> KoladaDump:
    """Every KPI file of the dump in `root` (see the module's doc)."""
    root = root.resolve()
    if not (root / YEAR_DIR).is_dir():
        raise KoladaDumpError([Problem(str(root), None, None, None,
                                       f"Mappen saknar {YEAR_DIR}/: det är inte open-numbers DDF-dump av Kolada.")])
    problems: list[Problem] = []
    frames, files = [], []
    for folder, gender in ((YEAR_DIR, False), (GENDER_DIR, True)):
        for path in sorted((root / folder).glob("*.csv")) if (root / folder).is_dir() else []:
            match = _FILE.fullmatch(path.name)
            if match is None:
                continue
            frames.append(_read_values(path, match.group(1).upper(), gender, root, problems))
            files.append(path)
    if not frames:
        problems.append(Problem(f"{root}/{YEAR_DIR}", None, None, None, "Inga KPI-filer (ddf--datapoints--…csv)."))
    titles = pd.DataFrame(columns=["kpi", "titel"])
    if (root / CONCEPTS).is_file():
        concepts = pd.read_csv(root / CONCEPTS, dtype=str, keep_default_na=False, usecols=["concept", "name"])
        titles = pd.DataFrame({"kpi": concepts["concept"].str.upper(), "titel": concepts["name"]})
        files.append(root / CONCEPTS)
    names = pd.DataFrame(columns=["kommun", "namn"])
    if (root / KOMMUNER).is_file():
        entities = pd.read_csv(root / KOMMUNER, dtype=str, keep_default_na=False, usecols=["kommun", "name"])
        names = entities.rename(columns={"name": "namn"})
        files.append(root / KOMMUNER)
    if problems:
        raise KoladaDumpError(problems)
    values = pd.concat(frames, ignore_index=True)
    present = set(values["kpi"].unique())
    return KoladaDump(values, titles[titles["kpi"].isin(present)].reset_index(drop=True), names, tuple(files))
