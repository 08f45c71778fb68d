"""The computed rank of the prioriteringsmodell on hand-made tables, with ties at every level."""

import pandas as pd

from pipeline.model.prioritering import beraknad_rang


def _table(rows):
    return pd.DataFrame(rows, columns=["namnd", "forslag_id", "typ", "kostnadseffektivitet", "nytta",
                                       "svarighetsgrad", "kostnad", "namndens_rang"])


def test_each_level_breaks_the_tie_of_the_one_before():
    t = _table([
        ("SN", "A", "Effektivisering", "Hög", "Stor", "Liten", 100.0, 1),
        ("SN", "B", "Effektivisering", "Mycket hög", "Liten", "Mycket stor", 900.0, 2),   # best kostnadseffektivitet
        ("SN", "C", "Effektivisering", "Hög", "Mycket stor", "Stor", 500.0, 3),            # same ke as A, more nytta
        ("SN", "D", "Effektivisering", "Hög", "Stor", "Måttlig", 50.0, 4),                # as A but harder
        ("SN", "E", "Effektivisering", "Hög", "Stor", "Liten", -200.0, 5),                # as A but a besparing
        ("SN", "F", "Effektivisering", "Låg", "Mycket stor", "Liten", -999.0, 6),
    ])
    r = beraknad_rang(t).set_index("forslag_id")["beraknad_rang"]
    # B (Mycket hög) < C (Hög, Mycket stor) < E (Hög, Stor, Liten, -200) < A (…, 100) < D (Måttlig) < F (Låg)
    assert r.to_dict() == {"B": 1, "C": 2, "E": 3, "A": 4, "D": 5, "F": 6}


def test_ties_at_every_level_share_the_best_place():
    t = _table([
        ("KS", "1", "Investering", "Hög", "Stor", "Liten", 100.0, None),
        ("KS", "2", "Investering", "Hög", "Stor", "Liten", 100.0, None),     # full tie with 1
        ("KS", "3", "Investering", "Hög", "Stor", "Liten", 200.0, None),     # tie down to kostnad
        ("KS", "4", "Investering", "Hög", "Stor", "Stor", 10.0, None),       # tie down to svårighetsgrad
        ("KS", "5", "Investering", "Hög", "Måttlig", "Liten", 10.0, None),   # tie down to nytta
        ("KS", "6", "Investering", "Måttlig", "Mycket stor", "Liten", 0.0, None),   # tie on nothing
        ("KS", "7", "Investering", "Måttlig", "Mycket stor", "Liten", 0.0, None),   # full tie with 6
    ])
    r = beraknad_rang(t).set_index("forslag_id")["beraknad_rang"]
    assert r.to_dict() == {"1": 1, "2": 1, "3": 3, "4": 4, "5": 5, "6": 6, "7": 6}


def test_rank_is_within_each_typ_and_nämnd_and_differences_are_flagged():
    t = _table([
        ("SN", "a", "Investering", "Låg", "Ingen", "Mycket stor", 5.0, 1),
        ("SN", "b", "Effektivisering", "Låg", "Ingen", "Mycket stor", 5.0, 1),
        ("SN", "c", "Effektivisering", "Hög", "Stor", "Liten", 5.0, 2),
        ("VON", "d", "Effektivisering", "Låg", "Ingen", "Mycket stor", 5.0, None),
    ])
    out = beraknad_rang(t).set_index("forslag_id")
    assert out["beraknad_rang"].to_dict() == {"a": 1, "b": 2, "c": 1, "d": 1}
    assert out["avviker"].to_dict() == {"a": False, "b": True, "c": True, "d": False}
    assert t.columns.tolist() == ["namnd", "forslag_id", "typ", "kostnadseffektivitet", "nytta", "svarighetsgrad",
                                  "kostnad", "namndens_rang"], "the input is not changed"


def test_matrix_fields_follow_nytta_and_cost():
    from pipeline.model.prioritering import matris

    f = pd.DataFrame({"namnd": ["SN"] * 4, "forslag_id": ["a", "b", "c", "d"],
                      "nytta": ["Mycket stor", "Stor", "Måttlig", "Ingen"], "kostnad": [200.0, 5000.0, -300.0, 1500.0]})
    k = pd.DataFrame({"namnd": ["SN", "SN", "SN"], "forslag_id": ["a", "a", "c"], "perspektiv": ["Ekonomi"] * 3,
                      "sikt": ["Kort", "Lång", "Kort"], "effekt": ["Positiv", "Positiv", "Negativ"]})
    m = matris(f, k, hog_resursinsats_tkr=1000).set_index("forslag_id")
    assert m["falt"].to_dict() == {"a": "Genomför", "b": "Utmana", "c": "Möjligt", "d": "Avfärda"}
    assert m.loc["a", "effekt"] == 4.5 and m.loc["c", "effekt"] == 1.75 and m.loc["c", "resursinsats"] == 0


SERVICE = ("Ekonomi", "Personal", "Brukare/medborgare")
SAMHALLE = ("Social hållbarhet", "Miljö")


def _konsekvenser(rows):
    return pd.DataFrame(rows, columns=["namnd", "forslag_id", "perspektiv", "sikt", "effekt", "beskrivning"])


def test_complete_means_every_required_perspektiv_on_both_sikt_with_its_own_text():
    from pipeline.model.prioritering import konsekvensbeskrivning

    f = pd.DataFrame({"namnd": ["SN"] * 4, "forslag_id": ["a", "b", "c", "d"]})
    rows = [("SN", "a", p, s, "Positiv", f"{p} på {s.lower()} sikt") for p in SERVICE for s in ("Kort", "Lång")]
    # b: the three service perspektiv, but Personal with the same text twice (only case and spacing differ) and
    # Brukare/medborgare's lång sikt without a description
    rows += [("SN", "b", "Ekonomi", "Kort", "Positiv", "Lägre kostnad."), ("SN", "b", "Ekonomi", "Lång", "Positiv", "Mer."),
             ("SN", "b", "Personal", "Kort", "Neutral", "Ingen  påverkan."),
             ("SN", "b", "Personal", "Lång", "Neutral", "ingen påverkan."),
             ("SN", "b", "Brukare/medborgare", "Kort", "Positiv", "Snabbare."),
             ("SN", "b", "Brukare/medborgare", "Lång", "Positiv", None)]
    # c: Service och samhälle, the service ones complete, the samhälle ones missing; an extra perspektiv with the
    # same text on both sikt is flagged too
    rows += [("SN", "c", p, s, "Positiv", f"{p} {s}") for p in SERVICE for s in ("Kort", "Lång")]
    rows += [("SN", "c", "Jämställdhet", s, "Neutral", "Lika för alla.") for s in ("Kort", "Lång")]
    # d: nothing at all
    info = pd.DataFrame({"namnd": ["SN"] * 4, "forslag_id": ["a", "b", "c", "d"],
                         "omfattning": ["Service", "Service", "Service och samhälle", "Service"]})
    out = konsekvensbeskrivning(f, _konsekvenser(rows), info, SERVICE, SAMHALLE).set_index("forslag_id")
    assert out["fullstandig"].to_dict() == {"a": True, "b": False, "c": False, "d": False}
    assert out.loc["a", "kravs"] == SERVICE and out.loc["c", "kravs"] == SERVICE + SAMHALLE
    assert out.loc["b", "saknas"] == (("Brukare/medborgare", "Lång"),)
    assert out.loc["b", "samma_text"] == ("Personal",)
    assert out.loc["c", "saknas"] == (("Social hållbarhet", "Kort"), ("Social hållbarhet", "Lång"), ("Miljö", "Kort"),
                                      ("Miljö", "Lång"))
    assert out.loc["c", "samma_text"] == ("Jämställdhet",)
    assert len(out.loc["d", "saknas"]) == 6 and out.loc["d", "samma_text"] == ()


def test_the_required_perspektiv_come_from_the_arguments():
    from pipeline.model.prioritering import konsekvensbeskrivning

    f = pd.DataFrame({"namnd": ["KS"], "forslag_id": ["x"]})
    rows = [("KS", "x", p, s, "Positiv", f"{p} {s}") for p in SERVICE for s in ("Kort", "Lång")]
    info = pd.DataFrame({"namnd": ["KS"], "forslag_id": ["x"], "omfattning": ["Service"]})
    assert konsekvensbeskrivning(f, _konsekvenser(rows), info, SERVICE, SAMHALLE)["fullstandig"].tolist() == [True]
    stricter = konsekvensbeskrivning(f, _konsekvenser(rows), info, SERVICE + ("Jämställdhet",), SAMHALLE)
    assert stricter["fullstandig"].tolist() == [False]
    assert stricter["saknas"].tolist() == [(("Jämställdhet", "Kort"), ("Jämställdhet", "Lång"))]


def test_brist_in_words():
    from pipeline.context.konsekvens import brist, krav

    assert brist((("Ekonomi", "Lång"), ("Personal", "Kort")), ()) == "saknar Ekonomi (lång sikt), Personal (kort sikt)"
    assert brist((), ("Personal", "Miljö")) == "samma text på kort och lång sikt för Personal och Miljö"
    assert brist((("Miljö", "Kort"),), ("Ekonomi",)) == "saknar Miljö (kort sikt); samma text på kort och lång sikt för Ekonomi"
    assert brist((), ()) == ""
    assert krav(SERVICE) == "kräver Ekonomi, Personal och Brukare/medborgare på kort och lång sikt"


def test_rangnyckel_is_the_place_on_each_scale_counted_from_one():
    from pipeline.model.prioritering import rangnyckel

    t = pd.DataFrame({"kostnadseffektivitet": ["Mycket hög", "Låg", None], "nytta": ["Stor", "Ingen", "Stor"],
                      "svarighetsgrad": ["Liten", "Mycket stor", "Måttlig"]})
    # Mycket hög 1, Stor 2, Liten 1 -> 121; Låg 4, Ingen 5, Mycket stor 4 -> 454; missing ke 5 (after Låg) -> 522
    assert rangnyckel(t).tolist() == [121, 454, 522]
