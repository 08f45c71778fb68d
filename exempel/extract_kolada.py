"""Rebuild the committed Kolada extract in `exempel/data/` from the open-numbers DDF dump.

Usage: `python -m exempel.extract_kolada /path/to/kolada-ddf-dump-2024`

Writes (deterministically; gzip without timestamp):
- `kolada_extract.csv.gz`: kpi, municipality, year, gender, value — the KPIs of `goals.KOLADA_IDS`,
  years FIRST_YEAR–2022, the 290 kommuner and riket (`0000`); gender T from the by-geo-year files, K/M
  from the by-geo-gender-year files where they exist. Values are copied as the dump writes them.
- `kommuner.csv`: code, name of the 290 kommuner.
- `kolada_kpi.csv`: kpi, title (Kolada's title from ddf--concepts.csv).
The generator itself reads only these files, never the dump.
"""

from __future__ import annotations

import argparse
import gzip
import io
from pathlib import Path

import pandas as pd

from exempel.goals import KOLADA_IDS

DATA_DIR = Path(__file__).parent / "data"
FIRST_YEAR = 2015


def _geo_code(geo: pd.Series) -> pd.Series:
    return geo.where(geo != "0", "0000")


def extract(dump: Path, out_dir: Path = DATA_DIR) -> list[Path]:
    """Read the dump at `dump` and write the three extract files into `out_dir`; return their paths."""
    kommuner = pd.read_csv(dump / "ddf--entities--geo--kommun.csv", dtype=str)
    codes = set(kommuner["kommun"]) | {"0"}
    frames = []
    for kpi in KOLADA_IDS:
        low = kpi.lower()
        total = pd.read_csv(dump / f"datapoints--by--geo--year/ddf--datapoints--{low}--by--geo--year.csv", dtype=str)
        total["gender"] = "T"
        parts = [total]
        gfile = dump / f"datapoints--by--geo--gender--year/ddf--datapoints--{low}--by--geo--gender--year.csv"
        if gfile.exists():
            split = pd.read_csv(gfile, dtype=str)
            split["gender"] = split["gender"].str.upper()
            parts.append(split)
        for part in parts:
            part = part[part["geo"].isin(codes) & (part["year"].astype(int) >= FIRST_YEAR)]
            part = part.dropna(subset=[low])
            frames.append(pd.DataFrame({
                "kpi": kpi, "municipality": _geo_code(part["geo"]), "year": part["year"].astype(int),
                "gender": part["gender"], "value": part[low],
            }))
    data = pd.concat(frames).sort_values(["kpi", "municipality", "year", "gender"]).reset_index(drop=True)

    out_dir.mkdir(parents=True, exist_ok=True)
    extract_path = out_dir / "kolada_extract.csv.gz"
    text = data.to_csv(index=False, lineterminator="\n").encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text)
    extract_path.write_bytes(buf.getvalue())

    kommun_path = out_dir / "kommuner.csv"
    kommuner.rename(columns={"kommun": "code"})[["code", "name"]].sort_values("code").to_csv(
        kommun_path, index=False, lineterminator="\n")

    concepts = pd.read_csv(dump / "ddf--concepts.csv", dtype=str)
    concepts = concepts[concepts["concept"].isin([k.lower() for k in KOLADA_IDS])]
    kpi_path = out_dir / "kolada_kpi.csv"
    pd.DataFrame({"kpi": concepts["concept"].str.upper(), "title": concepts["name"].str.strip()}).sort_values(
        "kpi").to_csv(kpi_path, index=False, lineterminator="\n")
    return [extract_path, kommun_path, kpi_path]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Bygg om Kolada-utdraget för exempeldatan ur DDF-dumpen.")
    parser.add_argument("dump", type=Path, help="mappen kolada-ddf-dump-2024")
    args = parser.parse_args(argv)
    for path in extract(args.dump):
        print(path)


if __name__ == "__main__":
    main()
