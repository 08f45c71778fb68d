"""What every document context shares: the reporting point (ReportMeta) and status as symbol + word + colour."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from pipeline.config import Config
from pipeline.context.format import EMPTY, period_end
from pipeline.model.mal import STATUS_EJ, STATUS_INFORMATION, STATUS_KAN_EJ, STATUS_UPPFYLLT

STATUS_STYLE = {
    # status word -> (symbol, css/docx colour name, hex)
    STATUS_UPPFYLLT: ("✔", "gron", "1E7B34"),
    "Delvis uppfyllt": ("◐", "gul", "8A6D00"),
    STATUS_EJ: ("✖", "rod", "B3261E"),
    STATUS_KAN_EJ: ("○", "gra", "5F6368"),
}


@dataclass(frozen=True)
class ReportMeta:
    kommun: str
    year: int
    tillfalle: str
    dokumenttyp: str
    till_manad: int
    previous_text: str = ""   # the previous reporting point, e.g. 'Årsredovisning 2025'

    @classmethod
    def of(cls, config: Config, year: int, tillfalle: str) -> "ReportMeta":
        from pipeline.read.previous import previous_point

        t = config.tillfalle(tillfalle)
        prev_year, prev = previous_point(year, tillfalle)
        return cls(config.kommun_namn, year, tillfalle, t.namn, t.till_manad,
                   f"{config.tillfalle(prev).namn} {prev_year}")

    @property
    def namnd_dokumenttyp(self) -> str:
        """A nämnd's own document: at the bokslut its verksamhetsberättelse (the kommun's is the årsredovisning)."""
        return "Verksamhetsberättelse" if self.tillfalle == "bokslut" else self.dokumenttyp

    @property
    def end_date(self) -> date:
        """The last day of the reporting period: the document's date."""
        return period_end(self.year, self.till_manad)


def status(word: str | None, label: str | None = None) -> dict:
    """Status as symbol + word + colour, never colour alone; `label` replaces the word (e.g. a prognosis)."""
    if word == STATUS_INFORMATION:
        return {"ord": word, "symbol": "ℹ", "farg": "gra", "hex": STATUS_STYLE[STATUS_KAN_EJ][2],
                "text": "ℹ Informationsmått"}
    if not isinstance(word, str) or word not in STATUS_STYLE:
        return {"ord": EMPTY, "symbol": "", "farg": "gra", "hex": STATUS_STYLE[STATUS_KAN_EJ][2], "text": EMPTY}
    symbol, css, hex_ = STATUS_STYLE[word]
    return {"ord": word, "symbol": symbol, "farg": css, "hex": hex_, "text": f"{symbol} {label or word}"}


def decision_status(config: Config) -> dict:
    """The documents' decision state: 'Förslag', or 'Beslutad 20 maj 2026, § 45 (Kommunfullmäktige)'."""
    from pipeline.context.format import long_date

    d = config.dokumentstatus
    if d.status != "Beslutad":
        return {"ord": "Förslag", "text": "Förslag (ej beslutat)"}
    when = long_date(date.fromisoformat(d.datum))
    return {"ord": "Beslutad", "text": f"Beslutad {when}, {d.paragraf}" + (f" ({d.instans})" if d.instans else "")}


def text(value) -> str:
    """A cell value as text; missing values as ''."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA else str(value)


def sentence(value) -> str:
    """A cell value as a sentence that can be followed by another: 'Långa köer' -> 'Långa köer.' ('' stays '')."""
    s = text(value).strip()
    return s if not s or s[-1] in ".!?…" else s + "."


