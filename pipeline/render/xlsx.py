"""Save an openpyxl workbook as reproducible bytes, with cached results in formula cells.

openpyxl writes formulas without a cached result; `workbook_bytes` writes the result computed by the caller into
each formula cell (readers that do not calculate, such as openpyxl with data_only=True or a file preview, then
see the right numbers; Excel and LibreOffice recalculate). Core properties are dated to the given day and zip
members get fixed timestamps, so the same content gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from pipeline.render.zipfix import normalize_zip


_FORMULA_CELL = re.compile(r'(<c r="([A-Z]+[0-9]+)"[^>]*><f>[^<]*</f>)(?:<v\s*/>|<v></v>)')


def with_cached_values(xml: str, cached: dict[str, float]) -> str:
    """Put each formula cell's result into its empty <v></v> (openpyxl writes none); one pass over the sheet."""
    found: set[str] = set()

    def fill(m: re.Match) -> str:
        ref = m.group(2)
        if ref not in cached:
            return m.group(0)
        found.add(ref)
        value = cached[ref]
        text = str(int(value)) if float(value).is_integer() else repr(float(value))
        return m.group(1) + f"<v>{text}</v>"

    xml = _FORMULA_CELL.sub(fill, xml)
    if missing := sorted(set(cached) - found):
        raise RuntimeError(f"Formula cells {', '.join(missing[:5])} not found in the sheet XML.")
    return xml


def text_only(wb: Workbook, formulas: dict[str, dict] | None = None) -> None:
    """Every cell that openpyxl would write as a formula but is not one of the program's own (`formulas`: per sheet
    title the cells it writes as formulas) becomes text: input text that starts with '=' (a Målformulering
    "=HYPERLINK(…)" or "=cmd|' /C calc'!A0") is never a live formula in a workbook the program writes."""
    formulas = formulas or {}
    for ws in wb.worksheets:
        own = formulas.get(ws.title, {})
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and cell.coordinate not in own:
                    cell.data_type = "s"


def workbook_bytes(wb: Workbook, properties: dict, cached: dict[str, dict[str, float]] | None = None,
                   guarded: bool = False) -> bytes:
    """The workbook as bytes. `properties`: titel, amne, kommun, nyckelord, datum_iso; `cached`: per sheet title,
    {cell ref: value} of its formula cells: the only cells written as formulas (text_only), unless the writer
    writes every text through render.prioritering_xlsx.put itself (`guarded`: it has formulas without a cached
    value, in its empty input rows)."""
    if not guarded:
        text_only(wb, cached)
    when = datetime.fromisoformat(properties["datum_iso"] + "T00:00:00")
    props = wb.properties
    props.title = properties["titel"]
    props.subject = properties["amne"]
    props.creator = properties["kommun"]
    props.lastModifiedBy = properties["kommun"]
    props.keywords = properties["nyckelord"]
    props.language = "sv-SE"
    props.created = when
    props.modified = when
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()  # write_data, unlike save, leaves `modified` alone
    sheets = {f"xl/worksheets/sheet{wb.worksheets.index(wb[title]) + 1}.xml": values
              for title, values in (cached or {}).items() if values}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in sheets:
                data = with_cached_values(data.decode("utf-8"), sheets[info.filename]).encode("utf-8")
            zout.writestr(info.filename, data)
    return normalize_zip(out.getvalue())
