"""The error of an unusable configuration file (kommun.toml, or a file it points to such as the kontoplan)."""

from __future__ import annotations

import tomllib
from pathlib import Path


class ConfigError(Exception):
    """Raised with every problem found in a configuration file (messages in Swedish)."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))


def read_toml(path: Path, what: str) -> dict:
    """A configuration file's TOML as a dict; ConfigError when it is missing or not valid TOML (`what` names
    the file in the message, e.g. "tidplanen")."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(path, [f"{what} {path} finns inte"]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(path, [f"filen är inte giltig TOML: {exc}"]) from None
