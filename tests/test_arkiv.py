"""The run archive (issue 14, point 2): each run stores what it read, content-addressed and deduplicated, with its
manifest; nothing in it is overwritten, and reading it back checks every hash."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from exempel import EXEMPELKOMMUN as EXAMPLE
from pipeline.resources import TEMPLATES
from pipeline.write.arkiv import OBJECTS, RUNS, ArchiveError, object_path, read_object, store_files


@pytest.fixture(scope="module")
def archived(tmp_path_factory):
    """The example kommun's planning round and tidplan run in a copy of its folder, the tidplan twice:
    (folder, archive, output folders)."""
    from pipeline.flows.run import kommunrapport_flow

    folder = tmp_path_factory.mktemp("arkivkommun") / "kommunen"
    shutil.copytree(EXAMPLE / "config", folder / "config")
    shutil.copytree(EXAMPLE / "inputs" / "2027", folder / "inputs" / "2027")
    shutil.copytree(EXAMPLE / "inputs" / "2026", folder / "inputs" / "2026")
    outs = []
    for year, tillfalle in ((2027, "plan"), (2026, "tidplan"), (2026, "tidplan")):
        result = kommunrapport_flow(config_path=folder / "config" / "kommun.toml", inputs_dir=folder / "inputs",
                                    outputs_dir=folder / "outputs", year=year, tillfalle=tillfalle,
                                    templates_root=TEMPLATES)
        outs.append(result.output_dir)
    return folder, folder / "arkiv", outs


def _manifest(out):
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_every_input_config_and_template_is_archived_under_its_hash(archived):
    folder, archive, outs = archived
    doc = _manifest(outs[0])
    entries = doc["indata"] + [doc["konfiguration"]] + doc["konfigurationsfiler"] + doc["mallar"]
    assert len(entries) > 20
    for entry in entries:
        data = object_path(archive, entry["sha256"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["fil"]
    for entry in doc["indata"]:
        assert read_object(archive, entry["sha256"]) == (folder / entry["fil"]).read_bytes()


def test_runs_are_deduplicated_and_each_manifest_kept(archived):
    _folder, archive, outs = archived
    objects = [p for p in (archive / OBJECTS).rglob("*") if p.is_file()]
    assert len({p.name for p in objects}) == len(objects)   # one file per content, however many runs used it
    manifest = (outs[2] / "manifest.json").read_bytes()
    kept = archive / RUNS / "2026-tidplan" / f"{hashlib.sha256(manifest).hexdigest()}.json"
    assert kept.read_bytes() == manifest
    assert len(list((archive / RUNS / "2026-tidplan").iterdir())) == 1   # two identical runs: one manifest
    assert len(list((archive / RUNS / "2027-plan").iterdir())) == 1
    assert not [p for p in archive.rglob(".*tmp*")]   # nothing half-written left behind


def test_an_altered_object_is_found_and_never_overwritten(archived, tmp_path):
    _folder, archive, outs = archived
    copy = tmp_path / "arkiv"
    shutil.copytree(archive, copy)
    entry = _manifest(outs[0])["konfiguration"]
    path = object_path(copy, entry["sha256"])
    path.write_bytes(path.read_bytes().replace(b"Exempelkommun", b"Exempelkommuu", 1))
    with pytest.raises(ArchiveError, match="är ändrat"):
        read_object(copy, entry["sha256"])
    path.write_bytes(path.read_bytes() + b"x")            # another size: storing it again refuses to overwrite
    with pytest.raises(ArchiveError, match="Inget skrevs över"):
        store_files(copy, {entry["sha256"]: EXAMPLE / "config" / "kommun.toml"})
    assert path.read_bytes().endswith(b"x")
    with pytest.raises(ArchiveError, match="saknar objektet"):
        read_object(copy, "0" * 64)
