"""The jämförelsegrupp: configured, or the SKR kommungrupp of the kommun."""

import dataclasses

from pipeline.model.grupp import jamforelsegrupp


def test_configured_group_is_used(config):
    grupp = jamforelsegrupp(config)
    assert grupp.kommuner == config.jamforelsegrupp
    assert grupp.namn == "kommunens jämförelsegrupp (6 kommuner)"


def test_without_configured_group_the_skr_kommungrupp_is_used_and_named(config):
    motala = dataclasses.replace(config, jamforelsegrupp=(), kommun_kod="0583")
    grupp = jamforelsegrupp(motala)
    assert grupp.namn == "SKR:s kommungrupp Lågpendlingskommun nära större stad (2017, 23 kommuner)"
    assert "0583" not in grupp.kommuner and "0562" in grupp.kommuner  # Finspång, same group
    assert len(grupp.kommuner) == 23


def test_unknown_kommun_has_no_group(config):
    grupp = jamforelsegrupp(dataclasses.replace(config, jamforelsegrupp=()))
    assert grupp.kommuner == () and grupp.namn.startswith("ingen")
