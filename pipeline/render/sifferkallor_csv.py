"""sifferkallor.csv: UTF-8 with BOM, `;`-separated, a header row (opens in Excel as it is). Text that Excel would
read as a formula (starting with = + - @, tab or CR) is prefixed with an apostrophe
(pipeline.render.prioritering_xlsx guards the same way); plain numbers such as -1234.50 are left as they are."""

from __future__ import annotations

import csv
import io
import re

from pipeline.context.sifferkallor import COLUMNS

FILENAME = "sifferkallor.csv"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")   # the unrounded sums: a number to Excel, never a formula


def safe_cell(value) -> str:
    """`value` as a cell: text Excel would take for a formula gets a leading apostrophe."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def render_sifferkallor(context: dict) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in context["rader"]:
        writer.writerow([safe_cell(row[c]) for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
