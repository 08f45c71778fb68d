"""sifferkallor.csv: UTF-8 with BOM, `;`-separated, a header row (opens in Excel as it is). Text that Excel would
read as a formula (starting with = + - @, tab or CR) is prefixed with an apostrophe."""

from __future__ import annotations

import csv
import io

from pipeline.context.sifferkallor import COLUMNS

FILENAME = "sifferkallor.csv"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def render_sifferkallor(context: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in context["rader"]:
        writer.writerow([safe_cell(row[c]) for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
