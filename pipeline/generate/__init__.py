"""Deterministic, seeded example data: the demo input set and a large kommun for benchmarks."""

from pipeline.generate.example import generate_example
from pipeline.generate.scaled import generate_scaled

__all__ = ["generate_example", "generate_scaled"]
