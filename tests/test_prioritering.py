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


def test_incomplete_konsekvenser_name_what_is_missing():
    from pipeline.model.prioritering import ofullstandiga

    f = pd.DataFrame({"namnd": ["SN", "SN"], "forslag_id": ["a", "b"]})
    rows = [("SN", "a", p, s, "Positiv") for p in ("Ekonomi", "Personal", "Brukare/medborgare") for s in ("Kort", "Lång")]
    rows += [("SN", "b", "Ekonomi", "Kort", "Positiv")]
    k = pd.DataFrame(rows, columns=["namnd", "forslag_id", "perspektiv", "sikt", "effekt"])
    info = pd.DataFrame({"namnd": ["SN", "SN"], "forslag_id": ["a", "b"], "omfattning": ["Service och samhälle", "Service"]})
    out = ofullstandiga(f, k, info).set_index("forslag_id")["saknas"].to_dict()
    assert out == {"a": "Social hållbarhet (kort sikt), Social hållbarhet (lång sikt), Miljö (kort sikt), Miljö (lång sikt)",
                   "b": "Ekonomi (lång sikt), Personal (kort sikt), Personal (lång sikt), Brukare/medborgare (kort sikt), "
                        "Brukare/medborgare (lång sikt)"}
