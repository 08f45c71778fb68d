"""Deterministic, seeded example data: the demo input set and a large kommun for benchmarks."""

from pathlib import Path

from exempel.example import generate_example
from exempel.scaled import generate_scaled

EXEMPELKOMMUN = Path(__file__).resolve().parent / "exempelkommun"   # config/ and inputs/ of the demo kommun
# Real Kolada values for all 290 kommuner (three KPIs, copies from open-numbers' DDF dump, data/…/SOURCE.md): the
# national comparison's example (`kommunrapport jämförelse 2022 --data …`, the template checker, the tests)
KOLADA_DDF = Path(__file__).resolve().parent / "data" / "kolada-ddf-dump-2024"

__all__ = ["EXEMPELKOMMUN", "KOLADA_DDF", "generate_example", "generate_scaled"]
