"""The feedback beside a workbook a förvaltning delivered to the inkorg (pipeline.inkorg): the same review as text
and as an accessible HTML page. Every text from the workbook (sheet names, cell values quoted in messages) is
escaped: the page shows it, never runs it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from pipeline.config.problems import Problem, printable


@dataclass(frozen=True)
class Review:
    file: str                  # the delivered file's name
    sha256: str
    reviewed: datetime
    title: str                 # the reporting point, e.g. "Exempelkommun, Tertialrapport 1 2026"
    problems: tuple[Problem, ...]
    copied_to: str | None      # where the approved file was copied (relative to the kommun's folder)

    @property
    def approved(self) -> bool:
        return not self.problems


def verdict(review: Review) -> str:
    if review.approved:
        return (f"Godkänd. Filen är kopierad till indata ({review.copied_to})." if review.copied_to else "Godkänd.")
    n = len(review.problems)
    return (f"{n} fel. Filen är inte kopierad till indata: rätta {'felet' if n == 1 else 'felen'} och lämna filen "
            "igen i inkorgen (samma namn går bra).")


def review_text(review: Review) -> bytes:
    lines = [f"Granskning av {printable(review.file)}",
             f"{review.title}. Granskad {review.reviewed:%Y-%m-%d %H:%M} av Kommunrapport.",
             f"Filens sha256: {review.sha256}", "", f"Resultat: {verdict(review)}"]
    if review.problems:
        lines.append("")
        for p in review.problems:
            where = p.plats_i_filen()
            lines.append(f"  {where + ': ' if where else ''}{printable(p.meddelande)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def review_html(review: Review) -> bytes:
    rows = "\n".join(
        f"<tr><td>{escape(printable(p.blad or ''))}</td><td>{'' if p.rad is None else p.rad}</td>"
        f"<td>{escape(printable(p.kolumn or ''))}</td><td>{escape(printable(p.meddelande))}</td></tr>"
        for p in review.problems)
    table = (f"<table>\n<caption>Fel i {escape(printable(review.file))}</caption>\n<thead><tr><th scope=\"col\">Blad"
             f"</th><th scope=\"col\">Rad</th><th scope=\"col\">Kolumn</th><th scope=\"col\">Fel</th></tr></thead>\n"
             f"<tbody>\n{rows}\n</tbody>\n</table>\n") if review.problems else ""
    status = "godkänd" if review.approved else f"{len(review.problems)} fel"
    page = f"""<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Granskning av {escape(printable(review.file))}: {status}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a;
       line-height: 1.5; }}
.resultat {{ font-size: 1.15rem; font-weight: bold; padding: .75rem 1rem; border-left: .4rem solid; }}
.godkand {{ border-color: #1e7b34; background: #e8f4ea; }}
.fel {{ border-color: #a4262c; background: #fbeaea; }}
table {{ border-collapse: collapse; width: 100%; margin-top: 1rem; }}
caption {{ text-align: left; font-weight: bold; margin-bottom: .5rem; }}
th, td {{ border: 1px solid #8a8a8a; padding: .35rem .5rem; text-align: left; vertical-align: top; }}
th {{ background: #e6e6e6; }}
</style>
</head>
<body>
<main>
<h1>Granskning av {escape(printable(review.file))}</h1>
<p>{escape(review.title)}. Granskad {review.reviewed:%Y-%m-%d %H:%M} av Kommunrapport.</p>
<p class="resultat {'godkand' if review.approved else 'fel'}">Resultat: {escape(verdict(review))}</p>
{table}<p>Filens sha256: <code>{review.sha256}</code></p>
</main>
</body>
</html>
"""
    return page.encode("utf-8")
