"""`python -m exempel`: write the example input set, or with `--skala` a large benchmark kommun."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipeline.config import ConfigError, load_config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m exempel",
        description="Skapa exempeldata: exempelkommunens indatafiler, eller med --skala en stor kommun för "
                    "prestandatester. Samma frö ger byte-identiska filer.")
    parser.add_argument("--skala", action="store_true",
                        help="skapa en stor kommun (konfiguration + indata) i stället för exempelkommunen")
    parser.add_argument("--utdata", type=Path, default=None,
                        help="mapp att skriva till (standard: inputs/ för exemplet, skala/ med --skala)")
    parser.add_argument("--konfig", type=Path, default=Path("config/kommun.toml"),
                        help="kommunens konfiguration för exemplet (standard: config/kommun.toml)")
    parser.add_argument("--ar", type=int, default=2026, help="rapportåret (standard: 2026)")
    parser.add_argument("--seed", type=int, default=2026, help="slumpfrö (standard: 2026)")
    parser.add_argument("--namnder", type=int, default=30, help="antal nämnder med --skala (standard: 30)")
    parser.add_argument("--verksamheter", type=int, default=600,
                        help="antal verksamheter med --skala (standard: 600)")
    parser.add_argument("--rader", type=int, default=2_000_000,
                        help="rader i årets huvudbok med --skala (standard: 2 000 000)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) and 2
    start = time.perf_counter()
    if args.skala:
        from exempel.scaled import generate_scaled

        out = generate_scaled(args.utdata or Path("skala"), args.ar, args.seed, args.namnder, args.verksamheter,
                              args.rader)
        paths = sorted(p for p in out.rglob("*") if p.is_file())
    else:
        from exempel.example import generate_example

        try:
            config = load_config(args.konfig)
        except ConfigError as exc:
            print("\n".join([f"Fel i {exc.path}:"] + [f"  – {p}" for p in exc.problems]), file=sys.stderr)
            return 1
        paths = generate_example(config, args.utdata or Path("inputs"), args.ar, args.seed)
    for path in paths:
        print(f"{path.stat().st_size:>12,} B  {path}".replace(",", " "))
    print(f"Klart: {len(paths)} filer på {time.perf_counter() - start:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
