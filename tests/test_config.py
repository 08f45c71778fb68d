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
