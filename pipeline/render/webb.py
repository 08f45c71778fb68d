"""Render the website's pages (pipeline.context.webb) with the template set's web/ templates, and its open data.

Every file is returned under `webb/` in the run's output folder; links are relative, so the folder works from
file://, from any web server and in a sub-path. Nothing is loaded from outside: no fonts, scripts or images from
another host. The bytes depend only on the contexts and the templates (reruns are identical).
"""

from __future__ import annotations

import csv
import functools
import io
import json
from pathlib import Path

from markupsafe import Markup

from pipeline.render.pdf import html_environment
from pipeline.render.report import Templates
from pipeline.render.svg import NATION, OWN, bar_chart, line_chart

SITE = "webb"
STYLESHEET = "webb.css"


def _svg(figure: dict) -> str:
    if figure["slag"] == "staplar":
        return bar_chart(figure["id"], figure["rubrik"], figure["etiketter"], figure["varden"], figure["alt"])
    series = [(figure["kommun"], figure["varden"], OWN)]
    if figure["riket_varden"] and figure["riket_ar"] == figure["ar"]:
        series.append((figure["riket_etikett"], figure["riket_varden"], NATION))
    return line_chart(figure["id"], figure["rubrik"], figure["alt"], figure["ar"], series, figure["malvarde"],
                      figure["malvarde_etikett"])


def web_environment(templates: Templates):
    """Jinja for the web templates: autoescaped, strict, looked up in the set's web/ and then the program's. One per
    template set and process, so that each page template is compiled once for all the site's pages."""
    return _web_environment(tuple(str(d) for d in templates.web_dirs()))


@functools.lru_cache(maxsize=8)
def _web_environment(dirs: tuple[str, ...]):
    from jinja2 import ChoiceLoader, FileSystemLoader

    env = html_environment(Path(dirs[0]))
    env.loader = ChoiceLoader([FileSystemLoader(d) for d in dirs])
    return env


def render_page(context: dict, templates: Templates) -> dict[str, bytes]:
    """One page: its HTML and the CSV of each of its tables, under webb/."""
    page = context["sida"]
    figures = [{**f, "svg": Markup(_svg(f))} for f in page["figurer"]]
    env = web_environment(templates)
    html = env.get_template(f"{page['mall']}.html").render(webb=context["webb"], sida={**page, "figurer": figures})
    out = {f"{SITE}/{page['fil']}": html.encode("utf-8")}
    for table in page["tabeller"]:
        out[f"{SITE}/{table['csv']}"] = table_csv(table)
    return out


def _header(column: dict) -> str:
    return f"{column['nyckel']}_{column['enhet']}" if column["enhet"] else column["nyckel"]


def table_csv(table: dict) -> bytes:
    """UTF-8 (no BOM), comma separated, one header row of machine names (unit as a suffix: arsbudget_tkr)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_header(c) for c in table["kolumner"]])
    for row in table["varden"]:
        writer.writerow([f"{v:g}" if isinstance(v, float) else v for v in row])
    return buffer.getvalue().encode("utf-8")


def datapackage(contexts: list[dict]) -> bytes:
    """datapackage.json (Frictionless Data, Data Package v1): one tabular resource per table of every page."""
    webb = contexts[0]["webb"]
    resources = []
    for context in contexts:
        page = context["sida"]
        for table in page["tabeller"]:
            fields = [{"name": _header(c), "title": c["namn"], "type": "number" if c["tal"] else "string",
                       **({"description": f"Enhet: {c['enhet']}"} if c["enhet"] else {})} for c in table["kolumner"]]
            resources.append({
                "name": table["csv"].removeprefix("data/").removesuffix(".csv"), "path": table["csv"],
                "title": f"{page['titel']}: {table['rubrik']}", "description": table["kalla"],
                "profile": "tabular-data-resource", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "schema": {"fields": fields}})
    package = {"profile": "tabular-data-package", "name": f"kommunrapport-{webb['datum_iso']}",
               "title": f"{webb['titel']}, {webb['kommun']}", "description": f"Perioden {webb['period']}.",
               "created": webb["datum_iso"], "licenses": [{"name": "CC0-1.0", "title": "CC0 1.0"}],
               "resources": resources}
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def site_files(contexts: list[dict], templates: Templates, downloads: dict[str, bytes]) -> dict[str, bytes]:
    """What the site has beside its pages: the stylesheet, datapackage.json and the downloadable documents."""
    from pipeline.context.webb import DOWNLOAD_DIR

    sheet = next(d / STYLESHEET for d in templates.web_dirs() if (d / STYLESHEET).is_file())
    out = {f"{SITE}/{STYLESHEET}": sheet.read_bytes(),
           f"{SITE}/datapackage.json": datapackage(contexts)}
    out.update({f"{SITE}/{DOWNLOAD_DIR}/{name}": data for name, data in sorted(downloads.items())})
    return out
