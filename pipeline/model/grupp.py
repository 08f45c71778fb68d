"""The jämförelsegrupp: the kommuner of `kommun.jamforelsegrupp`, or else the kommun's SKR kommungrupp (2017,
pipeline/resources/data/skr_kommungrupper_2017.csv), and a label saying which was used."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from pipeline.config import Config
from pipeline.resources import DATA

SKR_GROUPS = DATA / "skr_kommungrupper_2017.csv"


@dataclass(frozen=True)
class Jamforelsegrupp:
    kommuner: tuple[str, ...]
    namn: str


def jamforelsegrupp(config: Config) -> Jamforelsegrupp:
    """The configured group; without one, the SKR kommungrupp the kommun belongs to (itself excluded)."""
    if config.jamforelsegrupp:
        return Jamforelsegrupp(config.jamforelsegrupp,
                               f"kommunens jämförelsegrupp ({len(config.jamforelsegrupp)} kommuner)")
    return skr_kommungrupp(config.kommun_kod)


def skr_kommungrupp(kommun_kod: str) -> Jamforelsegrupp:
    """The SKR kommungrupp (2017) `kommun_kod` belongs to, itself excluded; no members when it is in none."""
    with SKR_GROUPS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    title = next((r["group_title"] for r in rows if r["member_id"] == kommun_kod), None)
    if title is None:
        return Jamforelsegrupp((), "ingen (kommunkoden finns inte i SKR:s kommungruppsindelning)")
    members = tuple(sorted(r["member_id"] for r in rows if r["group_title"] == title and r["member_id"] != kommun_kod))
    name = title.replace(" (ovägt medel)", "")
    return Jamforelsegrupp(members, f"SKR:s kommungrupp {name} (2017, {len(members)} kommuner)")


def kommun_names() -> dict[str, str]:
    """Kommunkod -> short name ("Linköping"), from the reference list (pipeline/resources/data/kommuner.csv)."""
    with (DATA / "kommuner.csv").open(encoding="utf-8") as fh:
        return {r["municipality_code"]: r["municipality_name_short"] for r in csv.DictReader(fh)}
