"""`kommunrapport verifiera` (issue 14, point 3): a run rebuilt from the archive alone and compared byte for byte;
an edited output, an altered archived input and another library version are found and named; the checkout's or
the kommun's templates changing afterwards do not matter, the archive is used."""

from __future__ import annotations

import json
import re
import shutil

import docx
import pytest
from typer.testing import CliRunner

from exempel import EXEMPELKOMMUN as EXAMPLE
from pipeline.cli import app
from pipeline.write.arkiv import object_path

pytestmark = pytest.mark.long


def invoke(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The example kommun's planning round run with the kommun's own copy of the templates: its folder."""
    folder = tmp_path_factory.mktemp("publicerat") / "kommunen"
    shutil.copytree(EXAMPLE / "config", folder / "config")
    shutil.copytree(EXAMPLE / "inputs" / "2027", folder / "inputs" / "2027")
    shutil.copytree(EXAMPLE / "inputs" / "2026", folder / "inputs" / "2026")
    assert invoke("mallar", "kopiera", str(folder / "mallar")).exit_code == 0
    result = invoke("kör", "--konfig", str(folder / "config" / "kommun.toml"), "--indata", str(folder / "inputs"),
                    "--utdata", str(folder / "outputs"), "--mallar", str(folder / "mallar"), "2027", "plan")
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def kommun(published, tmp_path):
    """A copy of the published kommun's folder (outputs, archive, templates) for one case to change."""
    copy = tmp_path / "kommunen"
    shutil.copytree(published, copy)
    return copy


def _lines(result) -> list[str]:
    return [" ".join(line.split()) for line in result.output.splitlines()]


def test_a_fresh_run_verifies_and_the_kommuns_templates_changing_afterwards_do_not_matter(kommun, tmp_path):
    css = kommun / "mallar" / "html" / "rapport.css"
    css.write_text(css.read_text(encoding="utf-8") + "\nh1 { color: red; }\n", encoding="utf-8")
    (kommun / "inputs" / "2027" / "Ramar 2027.xlsx").unlink()    # and the inputs: the archive is read
    result = invoke("verifiera", str(kommun / "outputs" / "2027-plan"), "--rapport", str(tmp_path / "v.json"))
    assert result.exit_code == 0, result.output
    lines = _lines(result)
    assert "43 av 43 filer identiska." in lines
    assert "identisk 2027 Yttrande prioriteringar Socialnämnden.pdf" in lines
    report = json.loads((tmp_path / "v.json").read_text(encoding="utf-8"))
    assert report["resultat"] == "identisk" and len(report["filer"]) == 43


def test_an_output_edited_after_the_run_is_named(kommun, tmp_path):
    out = kommun / "outputs" / "2027-plan"
    edited = out / "2027 Yttrande prioriteringar Socialnämnden.docx"
    edited.write_bytes(edited.read_bytes() + b"\0")
    result = invoke("verifiera", str(out), "--rapport", str(tmp_path / "v.docx"))
    assert result.exit_code == 1
    lines = _lines(result)
    assert ("skiljer sig 2027 Yttrande prioriteringar Socialnämnden.docx – ändrad efter körningen "
            "(kontrollsumman stämmer inte med manifestet)") in lines
    assert "42 av 43 filer identiska. Körningen kunde inte verifieras." in lines
    assert invoke("verifiera", str(out), "--rapport", str(tmp_path / "v.pdf")).exit_code == 1
    from pypdf import PdfReader

    pdf = PdfReader(tmp_path / "v.pdf")
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Verifiering 2027 plan Exempelkommun" in text and "ändrad efter körningen" in text
    assert pdf.trailer["/Root"]["/Lang"] == "sv" and "/StructTreeRoot" in pdf.trailer["/Root"]
    table = docx.Document(tmp_path / "v.docx").tables[0]
    row = next(r for r in table.rows if r.cells[0].text == edited.name)
    assert row.cells[1].text == "skiljer sig" and "ändrad efter körningen" in row.cells[2].text


def test_an_altered_archived_input_is_named(kommun):
    out = kommun / "outputs" / "2027-plan"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    entry = next(e for e in manifest["indata"] if e["fil"].endswith("Prioriteringar SN 2027.xlsx"))
    stored = object_path(kommun / "arkiv", entry["sha256"])
    stored.write_bytes(stored.read_bytes()[:-1] + b"\1")
    result = invoke("verifiera", str(out))
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert f"Obs: {entry['fil']}: arkiverad fil saknas eller är ändrad" in text
    assert "kunde inte byggas om" in text


def test_other_library_versions_are_printed_both(kommun):
    out = kommun / "outputs" / "2027-plan"
    path = out / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    now = manifest["kod"]["bibliotek"]["weasyprint"]
    manifest["kod"]["bibliotek"]["weasyprint"] = "69.0"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    result = invoke("verifiera", str(out))
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert re.search(rf"byggd med kommunrapport \S+ .*weasyprint 69\.0.*; nu kommunrapport \S+ .*weasyprint {re.escape(now)}",
                     text), text
    assert "skiljer sig manifest.json – byggd med" in text


def test_usage_errors_exit_2(tmp_path):
    assert invoke("verifiera", str(tmp_path)).exit_code == 2
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    result = invoke("verifiera", str(tmp_path))
    assert result.exit_code == 2 and "saknar 'parametrar'" in result.output


def test_the_bokslut_rebuilt_from_the_archive_after_its_inputs_were_deleted_is_identical(tmp_path):
    """Issue 14, point 4: kör ÅR TILLFÄLLE --från-arkiv MANIFEST with today's code, the kommun's inputs gone."""
    folder = tmp_path / "kommunen"
    shutil.copytree(EXAMPLE / "config", folder / "config")
    shutil.copytree(EXAMPLE / "inputs", folder / "inputs")
    common = ["--konfig", str(folder / "config" / "kommun.toml"), "--indata", str(folder / "inputs")]
    assert invoke("kör", *common, "--utdata", str(folder / "outputs"), "2026", "bokslut").exit_code == 0
    shutil.rmtree(folder / "inputs" / "2026")
    manifest = folder / "outputs" / "2026-bokslut" / "manifest.json"
    result = invoke("kör", "--från-arkiv", str(manifest), "--utdata", str(folder / "ombyggt"), "2026", "bokslut")
    assert result.exit_code == 0, result.output
    count = len(json.loads(manifest.read_text(encoding="utf-8"))["utdata"])
    assert f"{count} av {count} dokument identiska med de publicerade." in _lines(result)
    assert (folder / "ombyggt" / "2026-bokslut" / "2026 Årsredovisning Exempelkommun.pdf").is_file()
    wrong = invoke("kör", "--från-arkiv", str(manifest), "--utdata", str(folder / "ombyggt"), "2026", "delar")
    assert wrong.exit_code == 2 and "gäller 2026 bokslut" in wrong.output


def test_the_first_differing_text_is_shown_not_bytes():
    from io import BytesIO

    from pipeline.verifiera.text import first_difference

    def word(*paragraphs, cell="1 234"):
        document = docx.Document()
        document.add_heading("Driftredovisning", level=1)
        for text in paragraphs:
            document.add_paragraph(text)
        document.add_table(rows=1, cols=2).rows[0].cells[1].text = cell
        out = BytesIO()
        document.save(out)
        return out.getvalue()

    said = first_difference("a.docx", word("Nämnden redovisar ett underskott."), word("Nämnden redovisar ett överskott."))
    assert said == ("första skillnaden (rad 2): publicerad «Nämnden redovisar ett underskott.», "
                    "ombyggd «Nämnden redovisar ett överskott.»")
    assert "publicerad «tabellrad 1:  | 1 234», ombyggd «tabellrad 1:  | 1 235»" in \
        first_difference("a.docx", word("x"), word("x", cell="1 235"))
    assert first_difference("a.pdf", b"%PDF", b"%PDF-").startswith("ingen text att jämföra")


def test_another_commit_is_named_as_the_reason_the_manifest_differs(kommun):
    """A run made at another commit: its documents rebuild identical, but the manifest names the code that made it,
    so manifest.json differs (exit 1) and the reason says both code versions."""
    out = kommun / "outputs" / "2027-plan"
    path = out / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["kod"]["git"] = "0" * 40
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    result = invoke("verifiera", str(out))
    text = " ".join(result.output.split())
    assert "Obs: byggd med kommunrapport" in text and "(0000000)" in text
    assert "skiljer sig manifest.json – byggd med" in text
    assert "42 av 43 filer identiska" in text and result.exit_code == 1
