from pathlib import Path

import pytest

from pipeline.config import ConfigError, load_config


ROOT = Path(__file__).resolve().parents[1]
from exempel import EXEMPELKOMMUN as EXAMPLE


def _write(tmp_path: Path, text: str) -> Path:
    """The config text beside a copy of the kontoplan files it points to (relative paths)."""
    for kontoplan in (EXAMPLE / "config").glob("kontoplan_*.toml"):
        (tmp_path / kontoplan.name).write_bytes(kontoplan.read_bytes())
    p = tmp_path / "kommun.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_example_config_loads_frozen(config):
    assert config.kommun_namn == "Exempelkommun"
    assert len(config.namnder) == 8
    assert 38 <= len(config.verksamheter) <= 50
    assert config.tillfalle("tertial").till_manad == 4
    with pytest.raises(AttributeError):
        config.kommun_namn = "Annan"  # frozen


def test_every_namnd_has_verksamheter(config):
    for n in config.namnder:
        assert config.verksamheter_for(n.id), n.id


def test_unknown_and_missing_keys_are_named(root, tmp_path):
    text = (EXAMPLE / "config" / "kommun.toml").read_text(encoding="utf-8")
    text = text.replace("ekonomisk_avvikelse_tkr = 1000", "ekonomisk_avvikelse_tkrr = 1000")
    with pytest.raises(ConfigError) as exc:
        load_config(_write(tmp_path, text))
    problems = exc.value.problems
    assert any("okänd nyckel 'troskel.ekonomisk_avvikelse_tkrr'" in p for p in problems)
    assert any("nyckeln 'troskel.ekonomisk_avvikelse_tkr' saknas" in p for p in problems)


def test_wrong_types_and_references(root, tmp_path):
    text = (EXAMPLE / "config" / "kommun.toml").read_text(encoding="utf-8")
    text = text.replace('kod = "0999"', 'kod = 999').replace("till_manad = 4", "till_manad = 13")
    text = text.replace('namnd = "MBN"', 'namnd = "XYZ"', 1)
    with pytest.raises(ConfigError) as exc:
        load_config(_write(tmp_path, text))
    joined = "\n".join(exc.value.problems)
    assert "'kommun.kod' ska vara en text" in joined
    assert "'rapporttillfalle.tertial.till_manad' ska vara 1–12, inte 13" in joined
    assert "namnd = 'XYZ', som inte finns bland [[namnd]]" in joined


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="finns inte"):
        load_config(tmp_path / "saknas.toml")


def test_jamforelsegrupp_is_optional(root, tmp_path):
    text = (EXAMPLE / "config" / "kommun.toml").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("jamforelsegrupp"))
    assert load_config(_write(tmp_path, text)).jamforelsegrupp == ()


def test_template_folder_and_decision_state(root, tmp_path):
    text = (EXAMPLE / "config" / "kommun.toml").read_text(encoding="utf-8")
    (tmp_path / "mallar" / "docx").mkdir(parents=True)
    (tmp_path / "mallar" / "html").mkdir()
    decided = text.replace('[dokumentstatus]\nstatus = "Förslag"',
                           '[mallar]\nmapp = "mallar"\n[dokumentstatus]\nstatus = "Beslutad"\ndatum = "2026-05-20"\n'
                           'paragraf = "§ 45"')
    config = load_config(_write(tmp_path, decided))
    assert config.mallar == (tmp_path / "mallar").resolve()
    assert (config.dokumentstatus.status, config.dokumentstatus.paragraf) == ("Beslutad", "§ 45")
    from pipeline.context.common import decision_status
    assert decision_status(config)["text"] == "Beslutad 20 maj 2026, § 45"
    broken = text.replace('[dokumentstatus]\nstatus = "Förslag"', '[mallar]\nmapp = "finns-inte"\n[dokumentstatus]\n'
                                                                   'status = "Beslutad"')
    with pytest.raises(ConfigError) as exc:
        load_config(_write(tmp_path, broken))
    messages = " ".join(exc.value.problems)
    assert "'mallar.mapp' pekar på" in messages and "'dokumentstatus.datum'" in messages
    assert "'dokumentstatus.paragraf'" in messages


# --- The schema's messages: every pydantic error kind pipeline.config.schema maps, in Swedish, with its key path.

SPEC_MINIMAL = Path(__file__).parent / "data" / "config" / "spec_minimal.toml"


def _problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as exc:
        load_config(_write(tmp_path, text))
    assert exc.value.path == tmp_path / "kommun.toml"   # the message names the file
    return exc.value.problems


def _spec(replace: dict[str, str] = {}, add: str = "", first: str = "") -> str:
    """SPEC's minimal config with `replace`d parts, `add` at the end and `first` at the top (top-level keys)."""
    text = SPEC_MINIMAL.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    return first + text + add


_TROSKEL = SPEC_MINIMAL.read_text(encoding="utf-8").split("[troskel]")[1]


@pytest.mark.parametrize("text, expected", [
    # missing
    (_spec({'namn = "Socialnämnden"\n': ""}), "nyckeln 'namnd[1].namn' saknas"),
    (_spec({"ekonomisk_avvikelse_tkr = 1000": ""}), "nyckeln 'troskel.ekonomisk_avvikelse_tkr' saknas"),
    # extra_forbidden, with the keys allowed there
    (_spec(add='[kommun2]\nnamn = "x"\n'), "okänd nyckel 'kommun2' (tillåtna: kommun, namnd, rapporttillfalle, troskel, "
                                            "malbedomning, verksamhet, mallar, arkiv, inkorg, dokumentstatus, arsredovisning, planering, "
                                            "extern_regi, webb, kontroll_undantag, arende, bolag)"),
    (_spec({"[rapporttillfalle.delar]": "[rapporttillfalle.delarsrapport]"}),
     "okänd nyckel 'rapporttillfalle.delarsrapport' (tillåtna: tertial, delar, bokslut)"),
    (_spec({'forvaltning = "Socialförvaltningen"': 'forvaltning = "Socialförvaltningen"\nforkortning = "SN"'}),
     "okänd nyckel 'namnd[1].forkortning' (tillåtna: id, namn, forvaltning)"),
    # string_type, int_type, float_type, bool_type, list_type
    (_spec({'kod = "0999"': "kod = 999"}), "'kommun.kod' ska vara en text, inte 999"),
    (_spec({"till_manad = 8": "till_manad = 8.5"}), "'rapporttillfalle.delar.till_manad' ska vara ett heltal, inte 8.5"),
    (_spec({"ekonomisk_avvikelse_andel = 0.01": 'ekonomisk_avvikelse_andel = "1 %"'}),
     "'troskel.ekonomisk_avvikelse_andel' ska vara ett tal, inte '1 %'"),
    (_spec(add="[malbedomning]\nmalbana = 1\n"), "'malbedomning.malbana' ska vara true eller false, inte 1"),
    (_spec({'jamforelsegrupp = ["0583", "0580"]': 'jamforelsegrupp = "0583"'}),
     "'kommun.jamforelsegrupp' ska vara en lista, inte '0583'"),
    (_spec({"[[namnd]]": "[namnd]"}),
     "'namnd' ska skrivas som en lista av tabeller ([[namnd]]), inte {'id': 'SN', 'namn': 'Socialnämnden'"),
    # model_type: a value where a table belongs
    (_spec({"[troskel]" + _TROSKEL: ""}, first="troskel = 0.01\n"),
     "'troskel' ska vara en tabell ([troskel]), inte 0.01"),
    # literal_error
    (_spec(add='[dokumentstatus]\nstatus = "Antagen"\n'),
     "'dokumentstatus.status' ska vara 'Förslag' eller 'Beslutad', inte 'Antagen'"),
    (_spec(add='[[arende]]\ntillfalle = "T1"\ninstans = "KS"\n'),
     "'arende[1].tillfalle' ska vara 'tertial', 'delar' eller 'bokslut', inte 'T1'"),
    # greater_than_equal, greater_than, less_than_equal
    (_spec({"ekonomisk_avvikelse_tkr = 1000": "ekonomisk_avvikelse_tkr = -5"}),
     "'troskel.ekonomisk_avvikelse_tkr' ska vara 0 eller större, inte -5"),
    (_spec(add='[[bolag]]\nnamn = "AB"\norg_nr = "556900-0011"\nagarandel = 0\n'),
     "'bolag[1].agarandel' ska vara större än 0, inte 0"),
    (_spec(add='[[bolag]]\nnamn = "AB"\norg_nr = "556900-0011"\nagarandel = 100.5\n'),
     "'bolag[1].agarandel' ska vara högst 100, inte 100,5"),
    # too_short
    (_spec({'[[namnd]]\nid = "SN"\nnamn = "Socialnämnden"\nforvaltning = "Socialförvaltningen"\n': ""},
           first="namnd = []\n"),
     "'[[namnd]]' ska finnas minst en gång"),
    # the schema's own checks (type "sv")
    (_spec({'kod = "0999"': 'kod = "999"'}), "'kommun.kod' ska vara en kommunkod med fyra siffror, inte '999'"),
    (_spec({'"0580"]': '"580"]'}), "'kommun.jamforelsegrupp[2]' ska vara en kommunkod med fyra siffror, inte '580'"),
    (_spec({"till_manad = 4": "till_manad = 0"}), "'rapporttillfalle.tertial.till_manad' ska vara 1–12, inte 0"),
    (_spec(add="[malbedomning]\nuppfyllt_andel = 0.3\ndelvis_andel = 0.5\n"),
     "'malbedomning' ska uppfylla 0 ≤ delvis_andel ≤ uppfyllt_andel ≤ 1"),
    (_spec(add='[dokumentstatus]\nstatus = "Beslutad"\nparagraf = "§ 4"\n'),
     "'dokumentstatus' har status \"Beslutad\" men saknar datum (beslutsdatumet, ÅÅÅÅ-MM-DD): ange "
     "'dokumentstatus.datum' och 'dokumentstatus.paragraf'"),
    (_spec(add='[[arende]]\ntillfalle = "delar"\ninstans = "KF"\ndatum = "22/9 2026"\n'),
     "'arende[1].datum' ska skrivas ÅÅÅÅ-MM-DD, inte '22/9 2026'"),
    (_spec(add='[[bolag]]\nnamn = "AB"\norg_nr = "5569000011"\nagarandel = 100\n'),
     "'bolag[1].org_nr' ska skrivas NNNNNN-NNNN, inte '5569000011'"),
    (_spec(add='[[kontroll_undantag]]\nkontroll = "ek_forandring"\nskal = "Se not"\n'),
     "'kontroll_undantag[1].skal' ska skrivas ut (minst 10 tecken), det trycks i granskningslistan"),
])
def test_schema_errors_in_swedish(tmp_path, text, expected):
    problems = _problems(tmp_path, text)
    assert any(p.startswith(expected) for p in problems), problems


def test_all_problems_at_once_and_no_english(tmp_path):
    text = _spec({'kod = "0999"': "kod = 999", "till_manad = 4": "till_manad = 13",
                  "ekonomisk_avvikelse_tkr = 1000": "ekonomisk_avvikelse_tkrr = 1000"},
                 add='[[verksamhet]]\nkod = "575"\nnamn = "Ekonomiskt bistånd"\nnamnd = "XYZ"\n')
    problems = _problems(tmp_path, text)
    assert len(problems) == 5, problems
    joined = "\n".join(problems)
    assert "'verksamhet' nr 1 (575) har namnd = 'XYZ', som inte finns bland [[namnd]]" in joined
    assert not any(word in joined for word in ("Input should", "Field required", "Extra inputs"))


def test_defaults_where_the_file_says_nothing(tmp_path):
    config = load_config(_write(tmp_path, _spec({"[rapporttillfalle.tertial]\ntill_manad = 4\n": "",
                                                 "[rapporttillfalle.delar]\ntill_manad = 8\n": "[rapporttillfalle.delar]\n"
                                                                                                 "till_manad = 7\n"})))
    assert config.tillfalle("tertial") == type(config.tillfalle("tertial"))("tertial", "Tertialrapport 1", 4)
    assert (config.tillfalle("delar").till_manad, config.tillfalle("delar").namn) == (7, "Delårsrapport")
    assert config.dokumentstatus.status == "Förslag" and config.mallar is None and config.bolag == ()
    assert config.arsredovisning.sjukfranvaro_dold_till_antal == 10 and config.planering.valar is None


def test_a_delarsrapport_beyond_two_thirds_of_the_year_is_refused(tmp_path):
    """LKBR 13 kap. 1 §: the delårsrapport covers at least half and at most two thirds of the year. Motala's
    riktlinjer say "till och med september" (9): the law decides, with a message saying why."""
    import shutil

    from pipeline.config import load_config
    from pipeline.config.error import ConfigError
    from exempel import EXEMPELKOMMUN

    shutil.copytree(EXEMPELKOMMUN / "config", tmp_path / "config")
    path = tmp_path / "config" / "kommun.toml"
    text = path.read_text(encoding="utf-8")
    assert "[rapporttillfalle.delar]\nnamn = \"Delårsrapport\"\ntill_manad = 8\n" in text
    for month, ok in ((5, False), (6, True), (8, True), (9, False)):
        path.write_text(text.replace("[rapporttillfalle.delar]\nnamn = \"Delårsrapport\"\ntill_manad = 8\n",
                                     f"[rapporttillfalle.delar]\nnamn = \"Delårsrapport\"\ntill_manad = {month}\n"),
                        encoding="utf-8")
        if ok:
            assert load_config(path).tillfalle("delar").till_manad == month
        else:
            with pytest.raises(ConfigError) as exc:
                load_config(path)
            assert any(f"'rapporttillfalle.delar.till_manad' = {month}: delårsrapporten ska omfatta minst hälften"
                       in p and "LKBR 13 kap. 1 §" in p for p in exc.value.problems), exc.value.problems
