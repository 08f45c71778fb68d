"""Deterministic, seeded example data: the demo input set and a large kommun for benchmarks."""

from pathlib import Path

from exempel.example import generate_example
from exempel.scaled import generate_scaled

EXEMPELKOMMUN = Path(__file__).resolve().parent / "exempelkommun"   # config/ and inputs/ of the demo kommun

__all__ = ["EXEMPELKOMMUN", "generate_example", "generate_scaled"]
