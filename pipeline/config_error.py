"""The error of an unusable configuration file (kommun.toml, or a file it points to such as the kontoplan)."""

from __future__ import annotations

from pathlib import Path


class ConfigError(Exception):
    """Raised with every problem found in a configuration file (messages in Swedish)."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))
