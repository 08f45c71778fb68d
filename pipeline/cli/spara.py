"""`kommunrapport spåra`: one printed figure's rows in sifferkallor.csv and, for ledger sums, the ledger rows
themselves, re-read from the input file with the row's filter."""

from __future__ import annotations

import csv
import difflib
import io
import re
from pathlib import Path

SHOWN = 20


def find_csv(utdata: Path, ar: int | None, tillfalle: str | None) -> Path | None:
    """outputs/<år>-<tillfälle>/sifferkallor.csv; without år and tillfälle the newest run's."""
    if ar is not None and tillfalle is not None:
        path = utdata / f"{ar}-{tillfalle}" / "sifferkallor.csv"
        return path if path.exists() else None
    found = sorted(utdata.glob("*/sifferkallor.csv"), key=lambda p: p.stat().st_mtime)
    return found[-1] if found else None


def read_rows(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8-sig")
    return [{k: (v[1:] if v.startswith("'") else v) for k, v in r.items()}
            for r in csv.DictReader(io.StringIO(text), delimiter=";")]


def matching(rows: list[dict], dokument: str, rad: str, kolumn: str) -> list[dict]:
    def has(value: str, wanted: str) -> bool:
        return wanted.casefold() in value.casefold()

    return [r for r in rows if has(r["dokument"], dokument) and has(r["rad"], rad) and has(r["kolumn"], kolumn)]


def closest(values: set[str], wanted: str) -> list[str]:
    return difflib.get_close_matches(wanted, sorted(values), n=5, cutoff=0.3)


def _number(value) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    return float(str(value).replace("\xa0", "").replace(" ", "").replace(",", ".").replace("−", "-"))


def ledger_rows(path: Path) -> tuple[list[str], list[tuple[int, list]]]:
    """The ledger file's header and its rows (with Excel row or CSV line): .xlsx or ;-separated .csv."""
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            rows = [(i, list(r)) for i, r in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)]
        finally:
            book.close()
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        rows = [(i, r) for i, r in enumerate(csv.reader(io.StringIO(text), delimiter=";"), start=1)]
    for n, (line, cells) in enumerate(rows):
        names = [str(c or "").strip().lower() for c in cells]
        if "konto" in names and any(x.startswith("belopp") for x in names):
            return [str(c or "").strip() for c in cells], rows[n + 1:]
    return [], []


def filtered(path: Path, filter_text: str, kontoplan=None) -> tuple[list[str], list[tuple[int, list]], float]:
    """The ledger rows the sifferkällor filter selects, and their sum. A filter on a kontoplan line (the
    statements' posts) needs `kontoplan` (the configuration's) to map each konto to its line."""
    parts = dict(p.strip().split(" ", 1) for p in filter_text.split(";") if " " in p.strip())
    header, rows = ledger_rows(path)
    lower = [h.lower() for h in header]

    def col(*names: str) -> int:
        return next(i for i, h in enumerate(lower) if any(h.startswith(n) for n in names))

    i_n, i_v, i_k, i_p, i_b = col("nämnd"), col("vht", "verksamhet"), col("konto"), col("period"), col("belopp")
    i_pr = col("projekt") if any(h.startswith("projekt") for h in lower) else None
    months = re.match(r"(\d+)(?:–(\d+))?", parts.get("period", parts.get("månad", "1–12")))
    first, last = int(months.group(1)), int(months.group(2) or months.group(1))
    post = parts["kontoplanens"].removeprefix("rad ").strip() if "kontoplanens" in parts else None
    if post is not None:
        import pandas as pd

        konton = sorted({str(c[i_k]).strip() for _, c in rows if i_k < len(c) and c[i_k] not in (None, "")})
        lines = dict(zip(konton, kontoplan.rad_for(pd.Series(konton, dtype="string")).astype("string").fillna("")))
    out, total = [], 0.0
    for line, cells in rows:
        def cell(i):
            return "" if i is None or i >= len(cells) or cells[i] is None else str(cells[i]).strip()
        konto, period = cell(i_k), cell(i_p)
        if not konto or not period.isdigit():
            continue
        drift = konto[0] in "345678"
        if cell(i_n) != parts.get("nämnd", cell(i_n)) or not first <= int(period) % 100 <= last:
            continue
        if post is not None and lines.get(konto) != post:
            continue
        if "verksamhet" in parts and cell(i_v) != parts["verksamhet"]:
            continue
        if "utom" in parts and cell(i_v) in parts["utom"].split()[1:]:   # "utom verksamhet 910 920"
            continue
        if "projekt" in parts and cell(i_pr) != parts["projekt"]:
            continue
        if parts.get("konto", "").startswith("3–8") and not drift:
            continue
        if parts.get("konto", "").startswith("utom") and drift:
            continue
        out.append((line, cells))
        total += _number(cells[i_b])
    return header, out, total
