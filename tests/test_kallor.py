"""The vendored source documents (docs/kallor/) are byte-identical copies of ../shared/seeds/ where that folder
exists (a development machine); in CI only the copies are there, and they must all be present."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
KALLOR = ROOT / "docs" / "kallor"
SEEDS = ROOT.parent / "shared" / "seeds"
NAMES = ("000_653ceebd91411646.txt", "001_0d6921a8a30eabbf.txt", "002_0fe1128f78ddec9d.txt",
         "003_9c546ee11cc1ed26.txt", "004_92936331c7f76c27.txt")


@pytest.mark.parametrize("name", NAMES)
def test_vendored_source_is_present_and_identical(name):
    copy = KALLOR / name
    assert copy.is_file() and copy.stat().st_size > 1000
    original = SEEDS / name
    if original.is_file():   # development machine: the copy must not drift from the original
        assert copy.read_bytes() == original.read_bytes()
