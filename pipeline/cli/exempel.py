"""`kommunrapport demo`: put the example kommun's config/ and inputs/ into a folder, never over other files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from exempel import EXEMPELKOMMUN

PARTS = ("config", "inputs")


class ExampleConflict(Exception):
    """The folder already holds files by those names with other content (a real kommun's, or edited ones)."""


def example_files() -> list[Path]:
    """The example kommun's files, relative to its folder (config/…, inputs/…), in a stable order."""
    return sorted(p.relative_to(EXEMPELKOMMUN) for part in PARTS for p in (EXEMPELKOMMUN / part).rglob("*")
                  if p.is_file())


def write_example(folder: Path) -> int:
    """Write the example kommun's files that are missing in `folder`; return how many were written. A file that is
    there with the same bytes is left; one with other bytes stops everything before anything is written."""
    files = example_files()
    differ = [rel for rel in files if (folder / rel).exists() and (folder / rel).read_bytes() != (EXEMPELKOMMUN / rel).read_bytes()]
    if differ:
        listed = "".join(f"\n  - {rel.as_posix()}" for rel in differ[:10])
        more = f"\n  … och {len(differ) - 10} till" if len(differ) > 10 else ""
        raise ExampleConflict(
            f"Mappen {folder.resolve()} innehåller redan filer med exemplets namn men annat innehåll (en kommuns egna "
            f"eller ändrade filer), så exemplet skrivs inte där:{listed}{more}\n"
            "Kör `kommunrapport demo MAPP` med en tom mapp i stället.")
    written = 0
    for rel in files:
        target = folder / rel
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        shutil.copyfile(EXEMPELKOMMUN / rel, temporary)
        os.replace(temporary, target)
        written += 1
    return written
