"""The files the program ships with: the standard templates (Word and HTML with fonts), the default
configuration files (the kontoplan and the tidplan) and reference data (SCB's kommuner, SKR's kommungrupper).

They are package data, found with importlib.resources, so the program works the same from a checkout and
installed with `pip install .`. setuptools installs a wheel unpacked, so each resource is a plain file with a
path: WeasyPrint needs one (templates and fonts are referenced by URL) and so does LibreOffice.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _folder() -> Path:
    root = files(__name__)
    if not isinstance(root, Path):   # a zipped install: WeasyPrint could not read the templates by URL
        raise RuntimeError(f"Programmets filer ({root}) ligger inte i en vanlig mapp; installera paketet uppackat "
                           "(pip install).")
    return root


FOLDER = _folder()
TEMPLATES = FOLDER / "templates"          # docx/ and html/ (with fonter/), alternativ/
DEFAULTS = FOLDER / "config"              # kontoplan_kommunbas.toml, tidplan_motala.toml
DATA = FOLDER / "data"                    # kommuner.csv, kommunnamn_alias.csv, skr_kommungrupper_2017.csv
