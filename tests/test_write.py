"""Atomic writing: the output folder is replaced whole, or not at all."""

import pytest

from pipeline.write import write_atomically


def test_replaces_folder_with_exactly_the_new_files(tmp_path):
    target = tmp_path / "2026-tertial"
    write_atomically(target, {"a.docx": b"old", "gammal.pdf": b"old"})
    write_atomically(target, {"a.docx": b"new"})
    assert sorted(p.name for p in target.iterdir()) == ["a.docx"]
    assert (target / "a.docx").read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["2026-tertial"]  # no temporary folders left


def test_failure_while_writing_leaves_previous_outputs_untouched(tmp_path):
    target = tmp_path / "2026-tertial"
    write_atomically(target, {"rapport.docx": b"published"})

    # The second file cannot be created (a NUL byte in its name): the run fails half-way through writing.
    with pytest.raises(ValueError):
        write_atomically(target, {"rapport.docx": b"new", "tr\x00asig.pdf": b"x"})
    assert sorted(p.name for p in target.iterdir()) == ["rapport.docx"]
    assert (target / "rapport.docx").read_bytes() == b"published"
    assert [p.name for p in tmp_path.iterdir()] == ["2026-tertial"]
