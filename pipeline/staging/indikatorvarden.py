"""Stage indicator values: Kolada as it comes and the kommun's own measurements.

Sources: Kolada by code (API JSON v2/v3, long CSV/Excel, the open-numbers DDF dump: `stage_kolada`), Kolada's web
export by KPI title and kommun name (`stage_kolada_web`), own measurements (`stage_egna`).

Output columns (one frame for all sources): indikator_id, kommun (4 digits; riket 0000, regions 0001–0025),
period (text: '2025', '2026-03', '2026-T1'), ar (year), kon (T/K/M), varde (float; missing stays NaN, never 0),
enhet, grupp, kalla, fil (path, categorical). The stage functions add LOCATION, the place of each value (sheet,
Excel row / CSV line / JSON record number), which `conflicting_values` uses to name both places of a clash and
then drops.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.config.problems import MAX_ROWS_PER_PROBLEM, Problems
from pipeline.context.format import number
from pipeline.read.table import RawTable
from pipeline.staging.cast import map_values, parse_amount, parse_choice, parse_code, parse_text, per_unique
from pipeline.staging.checks import report, show
from pipeline.staging.kommuner import kommun_codes

COLUMNS = ["indikator_id", "kommun", "period", "ar", "kon", "varde", "enhet", "grupp", "kalla", "fil"]
LOCATION = ["_blad", "_rad"]          # sheet ('' for CSV/JSON, categorical) and row or record number (int32)
LOCATED_COLUMNS = COLUMNS + LOCATION
KEYS = ["indikator_id", "kommun", "period", "kon", "enhet", "grupp"]
_PERIOD = r"^(\d{4})(?:-(\d{2})|-T([123]))?$"
_KOLADA_ID = r"[A-Za-z]\d{5}"
_TEXT = "string[pyarrow]"


def _period_parts(text: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(period in capitals, year, invalid or missing) of period texts."""
    upper = text.str.upper()
    parts = upper.str.extract(_PERIOD)
    month = pd.to_numeric(parts[1], errors="coerce")
    bad = text.notna() & (parts[0].isna() | (month.notna() & ~month.between(1, 12)))
    return upper, pd.to_numeric(parts[0], errors="coerce").astype("Int64"), (bad | text.isna()).astype(bool)


def _periods(problems: Problems, table: RawTable, key: str) -> tuple[pd.Series, pd.Series]:
    # A Kolada file has tens of thousands of rows and a handful of periods: parsed once per distinct period.
    upper, year, bad = per_unique(parse_code(table.frame[key]), _period_parts)
    report(problems, table, key, bad,
           lambda v: f"Perioden {show(v)} är ogiltig: skriv år (2025), månad (2026-03) eller tertial (2026-T1).")
    return upper, year


def _constant(value: str, index: pd.Index) -> pd.Series:
    """One value on every row as a one-category categorical (no per-row string)."""
    return pd.Series(pd.Categorical.from_codes(np.zeros(len(index), dtype=np.int8), categories=[value]), index=index)


def _staged(table: RawTable, columns: dict[str, pd.Series | str], kalla: str) -> pd.DataFrame:
    """The LOCATED_COLUMNS frame of one table: `columns` gives indikator_id, kommun, period, ar, kon, varde and
    optionally enhet, grupp; fil, _blad and _rad come from the table."""
    index = table.frame.index
    empty = pd.Series(pd.NA, index=index, dtype=_TEXT)
    return pd.DataFrame({
        **columns, "enhet": columns.get("enhet", empty), "grupp": columns.get("grupp", empty), "kalla": kalla,
        "fil": _constant(str(table.path), index), "_blad": _constant(table.sheet or "", index),
        "_rad": table.frame["_rad"].to_numpy().astype(np.int32),
    }, index=index)[LOCATED_COLUMNS]


def stage_kolada(table: RawTable, problems: Problems) -> pd.DataFrame:
    """Kolada by code (API JSON, long CSV/Excel, DDF dump) -> LOCATED_COLUMNS. A status "Missing" makes the value
    missing; a table without a gender column (DDF `geo,year,<kpi>`) is kön T; a short code is zero-padded
    ('0' riket -> '0000', DDF region '01' -> '0001', '114' -> '0114')."""
    f = table.frame
    kpi = parse_code(f["kpi"]).str.upper()
    kommun = parse_code(f["kommun"]).str.zfill(4)
    report(problems, table, "kpi", kpi.isna(), lambda v: "KPI-id saknas.")
    bad_kommun = kommun.isna() | ~kommun.str.fullmatch(r"\d{4}").fillna(False)
    report(problems, table, "kommun", bad_kommun, lambda v: f"Kommunkoden {show(v)} är inte fyra siffror.")
    period, ar = _periods(problems, table, "period")
    if "kon" in f:
        kon, bad = parse_choice(f["kon"], ("T", "K", "M"))
        report(problems, table, "kon", bad | kon.isna(), lambda v: f"Kön {show(v)} är okänt; Kolada använder T, K eller M.")
    else:
        kon = pd.Series("T", index=f.index, dtype=_TEXT)
    values, bad = parse_amount(f["varde"])
    report(problems, table, "varde", bad, lambda v: f"Värdet {show(v)} är inte ett tal.")
    if "status" in f:
        missing = parse_text(f["status"]).str.lower().eq("missing").fillna(False)
        values = values.mask(missing.to_numpy())
    return _staged(table, {"indikator_id": kpi, "kommun": kommun, "period": period, "ar": ar, "kon": kon,
                           "varde": values}, "Kolada")


def _title_key(titles: pd.Series) -> pd.Series:
    """Titles for matching: lower case, whitespace runs (also NBSP) as one space, trimmed."""
    return titles.astype(_TEXT).str.replace("\u00a0", " ").str.replace(r"\s+", " ", regex=True).str.strip().str.lower()


def _ids_by_name(indikatorer: pd.DataFrame) -> dict[str, list[str]]:
    """Normalised Namn -> the Indikator-ids with that name, from the staged Indikatorer sheet."""
    if not {"indikator_id", "namn"} <= set(indikatorer.columns):
        return {}
    named = indikatorer[["indikator_id", "namn"]].dropna()
    keys = _title_key(named["namn"])
    out: dict[str, list[str]] = {}
    for key, ind in zip(keys, named["indikator_id"]):
        if ind not in out.setdefault(key, []):
            out[key].append(ind)
    return out


def _title_ids(table: RawTable, indikatorer: pd.DataFrame, problems: Problems) -> pd.Series:
    """Per row the indikator id of the row's KPI title (<NA> when it cannot be mapped; one problem per title).

    A title is mapped by the Namn column of the Indikatorer sheet (ignoring case and whitespace); failing that,
    when the file holds a single title and is named after a Kolada id (N15418.xls), by the file name."""
    titles = parse_text(table.frame["titel"])
    report(problems, table, "titel", titles.isna(), lambda v: "Nyckeltalets titel saknas.")
    keys = _title_key(titles)
    firsts = keys.dropna().drop_duplicates()           # index = the row where each title first occurs
    counts = keys.value_counts()
    by_name = _ids_by_name(indikatorer)
    stem = table.path.stem
    stem_is_id = re.fullmatch(_KOLADA_ID, stem) is not None
    mapping: dict[str, str] = {}
    for position, key in firsts.items():
        ids = by_name.get(key, [])
        title, n = titles.loc[position], int(counts[key])
        where = (table.sheet, int(table.frame["_rad"].loc[position]), table.place("titel"))
        if len(ids) == 1:
            mapping[key] = ids[0]
        elif len(ids) > 1:
            problems.add(table.path, f"Nyckeltalet {show(title)} har samma namn som flera indikatorer i bladet "
                                     f"Indikatorer ({', '.join(ids)}). Ge indikatorerna olika namn i kolumnen Namn.", *where)
        elif stem_is_id and len(firsts) == 1:
            mapping[key] = stem.upper()
        else:
            problems.add(table.path, _unmapped_title(title, n, stem, stem_is_id, len(firsts)), *where)
    return map_values(keys, mapping)


def _unmapped_title(title: str, rows: int, stem: str, stem_is_id: bool, titles: int) -> str:
    """The message for a KPI title that maps to no indicator, saying how to fix it."""
    why = (f"; filnamnet {stem} är ett Kolada-id men kan inte användas eftersom filen har {titles} nyckeltal"
           if stem_is_id else "")
    return (f"Nyckeltalet {show(title)} ({_rows(rows)}) känns inte igen: ingen indikator i bladet Indikatorer har "
            f"det namnet{why}. Skriv titeln exakt så i kolumnen Namn på indikatorns rad i bladet Indikatorer, eller "
            "spara ett nyckeltal per fil och döp filen efter nyckeltalets Kolada-id (t.ex. N15418.xls).")


def _rows(n: int) -> str:
    """1 -> '1 rad', 1455 -> '1 455 rader' (no-break space, as every number the program writes)."""
    return "1 rad" if n == 1 else f"{number(n)} rader"


def _kommun_by_name(table: RawTable, problems: Problems, notes: list[str]) -> pd.Series:
    """Per row the kommun code of the row's kommun name (<NA> when unknown, blank or an average). One problem per
    unknown name at its first row; rows for averages such as "Alla kommuner (ovägt medel)" are counted in a note."""
    names = parse_text(table.frame["kommunnamn"])
    report(problems, table, "kommunnamn", names.isna(), lambda v: "Kommunens namn saknas.")
    codes, average = kommun_codes(names)
    unknown = names[names.notna() & codes.isna() & ~average]
    counts = unknown.value_counts()
    for position, name in unknown.drop_duplicates().items():
        problems.add(table.path, f"Kommunen {show(name)} ({_rows(int(counts[name]))}) finns inte bland Sveriges 290 "
                                 "kommuner (SCB:s kommunkoder). Skriv kommunens namn som Kolada gör, t.ex. "
                                 "'Upplands Väsby' eller 'Upplands Väsby kommun'.",
                     table.sheet, int(table.frame["_rad"].loc[position]), table.place("kommunnamn"))
    if average.any():
        shown = " och ".join(f"'{n}'" for n in names[average].drop_duplicates())
        notes.append(f"{problems.name(table.path)}: {_rows(int(average.sum()))} för {shown} lästes inte in; det är ett "
                     "medelvärde över kommunerna, varken en kommun eller riket.")
    return codes.mask(average.to_numpy())


def stage_kolada_web(table: RawTable, indikatorer: pd.DataFrame, problems: Problems, notes: list[str]) -> pd.DataFrame:
    """Kolada's web export (KPI title, kommun name, år, värde) -> LOCATED_COLUMNS, kön T. Titles map through the
    staged Indikatorer sheet (`indikatorer`: indikator_id, namn) or the file name, kommun names through
    pipeline/resources/data/kommuner.csv; rows that cannot be mapped are left out (each with a problem), average rows
    with a note."""
    f = table.frame
    ids = _title_ids(table, indikatorer, problems)
    kommun = _kommun_by_name(table, problems, notes)
    period, ar = _periods(problems, table, "period")
    values, bad = parse_amount(f["varde"])
    report(problems, table, "varde", bad, lambda v: f"Värdet {show(v)} är inte ett tal.")
    staged = _staged(table, {"indikator_id": ids, "kommun": kommun, "period": period, "ar": ar,
                             "kon": pd.Series("T", index=f.index, dtype=_TEXT), "varde": values}, "Kolada")
    keep = (ids.notna() & kommun.notna()).to_numpy()
    return staged if keep.all() else staged[keep]


def stage_egna(table: RawTable, kommun_kod: str, problems: Problems) -> pd.DataFrame:
    """The kommun's own measurements -> LOCATED_COLUMNS (kommun = the own kommun, kön T when blank)."""
    f = table.frame
    ind = parse_code(f["indikator_id"])
    report(problems, table, "indikator_id", ind.isna(), lambda v: "Indikator-id saknas.")
    period, ar = _periods(problems, table, "period")
    kon, bad = parse_choice(f["kon"], ("T", "K", "M"), {"totalt": "T", "kvinnor": "K", "män": "M"})
    report(problems, table, "kon", bad, lambda v: f"Kön {show(v)} är okänt; skriv T, K eller M.")
    values, bad = parse_amount(f["varde"])
    report(problems, table, "varde", bad, lambda v: f"Värdet {show(v)} är inte ett tal.")
    optional = {key: parse_text(f[key]) for key in ("enhet", "grupp") if key in f}
    return _staged(table, {"indikator_id": ind, "kommun": pd.Series(kommun_kod, index=f.index, dtype=_TEXT),
                           "period": period, "ar": ar, "kon": kon.fillna("T"), "varde": values, **optional}, "Egen")


# --- the same value twice -------------------------------------------------------------------------------------


def _key_ids(values: pd.DataFrame, keys: list[str]) -> np.ndarray:
    """One int64 per row, equal exactly when the rows agree on every key column (missing counts as a value)."""
    ids = np.zeros(len(values), dtype=np.int64)
    bound = 1
    for key in keys:
        codes, uniques = pd.factorize(values[key], use_na_sentinel=False)
        size = max(len(uniques), 1)
        if bound * size >= 2 ** 62:                       # renumber 0…n−1 before the product could overflow
            distinct, ids = np.unique(ids, return_inverse=True)
            bound = len(distinct)
        ids = ids * size + codes
        bound *= size
    return ids


def _any_repeated(ids: np.ndarray) -> bool:
    """Whether some id occurs twice (one sort: cheaper than hashing, and the usual answer is no)."""
    ordered = np.sort(ids)
    return bool((ordered[1:] == ordered[:-1]).any())


def _first_occurrences(codes: np.ndarray) -> np.ndarray:
    """True on the first row of each code, for codes numbered in order of first appearance (pd.factorize)."""
    if not len(codes):
        return np.zeros(0, dtype=bool)
    seen = np.maximum.accumulate(codes)
    return np.concatenate(([True], codes[1:] > seen[:-1]))


def _empty() -> pd.DataFrame:
    """The staged frame with no rows, with its column types."""
    types = {"ar": "Int64", "varde": "float64", "fil": "category"}
    return pd.DataFrame({c: pd.Series(dtype=types.get(c, _TEXT)) for c in COLUMNS})


def conflicting_values(values: pd.DataFrame, problems: Problems) -> pd.DataFrame:
    """Report every (indikator, kommun, period, kön, enhet, grupp) given different values, within a file or across
    files, naming each place; drop exact duplicates silently. `values` has LOCATED_COLUMNS; returns COLUMNS.

    Vectorised: the key columns become one int64 id; a sort tells whether any id repeats (usually not), and only
    the rows of repeated ids are compared further."""
    if not len(values):
        return _empty()
    ids = _key_ids(values, KEYS)
    if not _any_repeated(ids):
        return values[COLUMNS].reset_index(drop=True)
    groups, keys = pd.factorize(ids)                                   # 0…k−1, in order of first appearance
    rows = np.flatnonzero(np.bincount(groups)[groups] > 1)             # rows whose key occurs more than once
    numbers, distinct = pd.factorize(values["varde"].to_numpy(dtype="float64")[rows], use_na_sentinel=False)
    pairs, _ = pd.factorize(groups[rows] * max(len(distinct), 1) + numbers)   # (key, value), NaN = NaN
    first = _first_occurrences(pairs)                                  # the first row of each (key, value) stays
    kept = rows[first]
    clash = kept[np.bincount(groups[kept], minlength=len(keys))[groups[kept]] > 1]   # keys left with 2+ values
    if len(clash):
        _report_clashes(values.iloc[clash].assign(_g=groups[clash]), problems)
    keep = np.ones(len(values), dtype=bool)
    keep[rows[~first]] = False
    out = values[keep] if not keep.all() else values
    return out[COLUMNS].reset_index(drop=True)


def _report_clashes(rows: pd.DataFrame, problems: Problems) -> None:
    """One problem per clashing key at its first place, naming every place; at most MAX_ROWS_PER_PROBLEM keys per
    pair of files, then one line with how many more."""
    rows = rows.sort_values("_g", kind="stable")
    fil = rows["fil"].cat.codes.to_numpy()
    per_key = pd.DataFrame({"_g": rows["_g"].to_numpy(), "first": fil, "last": fil}).groupby("_g", sort=False).agg(
        {"first": "first", "last": "last"})
    rank = per_key.groupby(["first", "last"], sort=False).cumcount()
    shown = set(per_key.index[rank.to_numpy() < MAX_ROWS_PER_PROBLEM])
    for _, key_rows in rows[rows["_g"].isin(shown)].groupby("_g", sort=False):
        first = key_rows.iloc[0]
        places = " och ".join(f"{_number(v)} i {_place(problems, f, b, r)}" for v, f, b, r in
                              zip(key_rows["varde"], key_rows["fil"], key_rows["_blad"], key_rows["_rad"]))
        problems.add(Path(first["fil"]), f"{_label(first)} har olika värden: {places}. Behåll ett av värdena: rätta "
                                         "eller ta bort det andra.", first["_blad"] or None, int(first["_rad"]))
    files = rows["fil"].cat.categories
    for (a, b), n in per_key.groupby(["first", "last"], sort=False).size().items():
        if n > MAX_ROWS_PER_PROBLEM:
            pair = " och ".join(dict.fromkeys(problems.name(Path(files[i])) for i in (a, b)))
            problems.add(Path(files[a]), f"… och ytterligare {n - MAX_ROWS_PER_PROBLEM} värden med olika innehåll i {pair}.")


def _label(row: pd.Series) -> str:
    """'Indikator N15418, kommun 0180, period 2012, kön T' (+ enhet, grupp when given)."""
    extra = "".join(f", {what} {row[key]}" for key, what in (("enhet", "enhet"), ("grupp", "grupp"))
                    if not pd.isna(row[key]))
    return f"Indikator {row['indikator_id']}, kommun {row['kommun']}, period {row['period']}, kön {row['kon']}{extra}"


def _place(problems: Problems, fil: str, blad: str, rad: int) -> str:
    """'Kolada 2026.json, post 12' / 'N15418.xls, blad Exported from Hypergene, rad 5' / 'x.csv, rad 7'."""
    path = Path(fil)
    if path.suffix.lower() == ".json":
        return f"{problems.name(path)}, post {rad}"
    return ", ".join([problems.name(path), *([f"blad {blad}"] if blad else []), f"rad {rad}"])


def _number(value: float) -> str:
    """A value for a message: decimal comma, up to ten significant digits; NaN -> 'saknas'."""
    return "saknas" if np.isnan(value) else f"{value:.10g}".replace(".", ",")
