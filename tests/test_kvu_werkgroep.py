"""The KVU working group check (``sprintkit.kvu.werkgroep``) and its place in the step-2 gate.

Every casus here is the Nachtkwartier with a working group built in the test from its actors,
so the tests do not depend on the working group written in the casus file.
"""

from __future__ import annotations

import pytest
from factories import NACHTKWARTIER_MEMBERS as MEMBERS

from sprintkit.engine import GateRefused, Journey
from sprintkit.kvu import Kvu
from sprintkit.kvu.werkgroep import MARKS, check_journey_working_group, check_working_group
from sprintkit.loading import load_casus, load_method
from sprintkit.model import Actor, Seat, WorkingGroup
from sprintkit.store import SQLiteStore
from sprintkit.workspace import start_journey

KVU = load_method("kvu")
ADVISER = Actor(
    id="khn_regioadviseur",
    name="Ilse Kramer",
    kind="horeca",
    organisation="khn",
    role="regioadviseur KHN",
    mandate="consult",
)


def seats(*, without=(), no_substitute=(), extra=()) -> list[Seat]:
    out = [
        Seat(actor=a, substitute=None if a in no_substitute else f"collega van {a}")
        for a in MEMBERS
        if a not in without
    ]
    out.append(Seat(actor="khn_regioadviseur", seat="khn_adviser", role="adviser"))
    return out + list(extra)


def casus(*, members=None, leader="projectleider", restaurants=("lindenhof",), actors=()):
    """The Nachtkwartier with our own working group, restaurant types and extra actors."""
    base = load_casus("nachtkwartier")
    orgs = [
        o.model_copy(update={"horeca": "restaurant" if o.id in restaurants else None})
        for o in base.organisations
    ]
    group = WorkingGroup(project_leader=leader, members=seats() if members is None else members)
    return base.model_copy(
        update={
            "organisations": orgs,
            "actors": [*base.actors, ADVISER, *actors],
            "working_group": group,
        }
    )


def statuses(check) -> dict[str, str]:
    return {line.key: line.status for line in check.lines}


def line(check, key):
    found = check.line(key)
    assert found is not None, f"no line {key}: {list(statuses(check))}"
    return found


# -- (a) a sound group ---------------------------------------------------------------------------
def test_a_sound_group_has_no_fail():
    check = check_working_group(casus(), KVU)
    assert check.ok and check.fails == []
    got = statuses(check)
    for key in (
        "projectleider",
        "samenstelling:municipality",
        "samenstelling:police",
        "samenstelling:horeca_association",
        "samenstelling:business",
        "samenstelling:fire_brigade",
        "samenstelling:khn_adviser",
        "samenstelling:transport",
        "samenstelling:residents_association",
        "grootte",
        "evenwicht",
        "restaurants",
        "terugkoppeling",
        "mandaat",
        "vervanging",
    ):
        assert got[key] == "pass", key
    # optional kinds nobody sits for get no line; the OM is absent, so no line either
    assert "samenstelling:youth_work" not in got
    assert "samenstelling:public_prosecutor" not in got
    # the process criteria have not been discussed yet
    for key in ("gezamenlijke-aanpak", "verantwoordelijkheden", "begrippen", "verwachtingen"):
        assert got[key] == "warn"
        assert line(check, key).why("nl") == "nog niet besproken in de werkgroep"
    assert "Marloes Tiemens" in line(check, "projectleider").why("nl")
    assert "Soufiane Azzouzi" in line(check, "samenstelling:police").why("nl")
    assert "11 leden" in line(check, "grootte").why("nl")


def test_lines_come_in_the_documented_order():
    keys = [ln.key for ln in check_working_group(casus(), KVU).lines]
    assert keys[0] == "projectleider"
    size_at = keys.index("grootte")
    assert all(k.startswith("samenstelling:") for k in keys[1:size_at])
    # the CCV's ten criteria, then the rules of thumb that judge the balance criterion
    criteria = [c.key for c in KVU.working_group.criteria]
    assert keys[size_at + 1 :] == [*criteria, "aandeel", "verhouding"]


def test_decision_power_accepts_deciding_after_a_short_consultation():
    # the source allows members to decide after reporting back to their constituency
    line_ = line(check_working_group(casus(), KVU), "beslissingsbevoegdheid")
    assert line_.status == "pass" and line_.basis == "ccv"
    why = line_.why("nl")
    assert "Politie, basisteam Waardenstreek" in why  # only the wijkagent (consult) sits
    assert "Gemeente Ravenswaarde" not in why  # the project leader can decide
    assert "Club De Gistkelder" not in why  # the owner can decide
    members = [*seats(), Seat(actor="teamchef", substitute="plaatsvervangend teamchef")]
    assert "Politie" not in line(
        check_working_group(casus(members=members), KVU), "beslissingsbevoegdheid"
    ).why("nl")


# -- (b) composition -----------------------------------------------------------------------------
def test_b_missing_police_fails_composition():
    check = check_working_group(casus(members=seats(without=["wijkagent"])), KVU)
    assert statuses(check)["samenstelling:police"] == "fail"
    assert [ln.key for ln in check.fails] == ["samenstelling:police"]
    assert "Politie" in line(check, "samenstelling:police").why("nl")


def test_recommended_parties_warn_with_their_reason():
    members = [s for s in seats(without=["brandveiligheid"]) if s.role != "adviser"]
    check = check_working_group(casus(members=members), KVU)
    fire, adviser = (
        line(check, "samenstelling:fire_brigade"),
        line(check, "samenstelling:khn_adviser"),
    )
    assert (fire.status, adviser.status) == ("warn", "warn")
    assert "brandveiligheid" in fire.why("nl")
    assert "fire-safety inspections" in fire.why("en")
    assert "ondernemers" in adviser.why("nl")
    assert "win over entrepreneurs" in adviser.why("en")
    assert check.ok


def test_public_prosecutor_as_regular_member_warns_and_as_adviser_passes():
    member = Seat(actor="officier", substitute="andere officier")
    check = check_working_group(casus(members=[*seats(), member]), KVU)
    om = line(check, "samenstelling:public_prosecutor")
    assert om.status == "warn"
    assert "Sanne Roelofs" in om.why("nl") and "convenant" in om.why("nl")
    adviser = Seat(actor="officier", role="adviser")
    check = check_working_group(casus(members=[*seats(), adviser]), KVU)
    assert statuses(check)["samenstelling:public_prosecutor"] == "pass"


def test_a_seat_kind_overrides_the_organisation_kind():
    # the KHN chair sits as regional adviser, so nobody sits for the KHN branch board
    members = [
        Seat(actor="khn_voorzitter", seat="khn_adviser", substitute="x")
        if s.actor == "khn_voorzitter"
        else s
        for s in seats()
        if s.actor != "khn_regioadviseur"
    ]
    got = statuses(check_working_group(casus(members=members), KVU))
    assert got["samenstelling:horeca_association"] == "fail"
    assert got["samenstelling:khn_adviser"] == "pass"


# -- project leader ------------------------------------------------------------------------------
def test_project_leader_from_outside_the_municipality_warns():
    check = check_working_group(casus(leader="procesbegeleider"), KVU)
    leader = line(check, "projectleider")
    assert leader.status == "warn"
    assert "Noor Lagerweij (Bureau Tussenruimte)" in leader.why("nl")


def test_no_working_group_or_unknown_leader_fails():
    base = load_casus("nachtkwartier").model_copy(update={"working_group": None})
    check = check_working_group(base, KVU)
    assert statuses(check)["projectleider"] == "fail"
    assert line(check, "projectleider").why("nl") == "Er is nog geen werkgroep samengesteld."
    assert statuses(check_working_group(base, KVU, seats=seats()[:3]))["projectleider"] == "fail"
    check = check_working_group(casus(leader="niemand"), KVU)
    assert line(check, "projectleider").status == "fail"
    assert "'niemand'" in line(check, "projectleider").why("nl")


# -- (c) substitutes -----------------------------------------------------------------------------
def test_c_no_substitutes_fail_and_one_missing_warns_by_name():
    check = check_working_group(casus(members=seats(no_substitute=MEMBERS)), KVU)
    assert line(check, "vervanging").status == "fail"
    check = check_working_group(casus(members=seats(no_substitute=["snackbar_eigenaar"])), KVU)
    sub = line(check, "vervanging")
    assert sub.status == "warn"
    assert sub.why("nl") == "Nog geen vervanger voor Murat Çelik (Snackbar De Nachtuil)."
    # the adviser has no substitute, but advisers are exempt
    assert "Ilse Kramer" not in sub.why("nl")


# -- (d) restaurants -----------------------------------------------------------------------------
def test_d_restaurants_without_their_own_representative_fail():
    check = check_working_group(casus(members=seats(without=["restaurant_eigenaar"])), KVU)
    rest = line(check, "restaurants")
    assert rest.status == "fail"
    assert "Restaurant Lindenhof" in rest.why("nl")
    assert [ln.key for ln in check.fails] == ["restaurants"]
    present = line(check_working_group(casus(), KVU), "restaurants")
    assert present.status == "pass" and "Annelies van Dorp" in present.why("nl")
    none = line(check_working_group(casus(restaurants=()), KVU), "restaurants")
    assert none.status == "pass" and none.why("en") == "No restaurants take part."


def test_a_restaurant_that_is_no_party_needs_no_seat():
    # Lindenhof is a restaurant in the area, but none of its people is in the case
    base = casus(members=seats(without=["restaurant_eigenaar"]))
    actors = [a for a in base.actors if a.organisation != "lindenhof"]
    check = check_working_group(base.model_copy(update={"actors": actors}), KVU)
    assert line(check, "restaurants").status == "pass"
    # once the declaration of intent names it as a party, it needs its own seat again
    declared = check_working_group(
        base.model_copy(update={"actors": actors}), KVU, declaration={"partijen": ["lindenhof"]}
    )
    assert line(declared, "restaurants").status == "fail"


# -- (e) size and balance ------------------------------------------------------------------------
def officials(count: int) -> list[Actor]:
    return [
        Actor(
            id=f"ambtenaar_{i}",
            name=f"Ambtenaar {i}",
            kind="official",
            organisation="gemeente",
            mandate="consult",
            constituency="afdeling",
        )
        for i in range(count)
    ]


def test_e_twenty_five_members_warn_on_size_and_a_dominant_organisation_warns():
    extra = officials(14)
    members = seats(extra=[Seat(actor=a.id, substitute="x") for a in extra])
    assert len(members) == 25
    check = check_working_group(casus(members=members, actors=extra), KVU)
    size = line(check, "grootte")
    assert size.status == "warn" and "25 leden" in size.why("nl") and "20" in size.why("nl")
    assert size.basis == "own" and "grootte" not in [ln.key for ln in check.fails]
    assert line(check, "aandeel").status == "warn" and line(check, "aandeel").basis == "own"
    balance = line(check, "evenwicht")
    assert balance.status == "warn" and balance.basis == "ccv"
    assert "vuistregels van sprintkit" in balance.why("nl")
    assert "Gemeente Ravenswaarde heeft 15 van de 25 zetels (60%" in balance.why("nl")
    assert "horeca" in balance.why("nl").lower()


def test_between_advised_and_maximum_size_warns():
    extra = officials(2)
    members = seats(extra=[Seat(actor=a.id, substitute="x") for a in extra])
    check = check_working_group(casus(members=members, actors=extra), KVU)
    assert line(check, "grootte").status == "warn" and "13" in line(check, "grootte").why("nl")
    assert line(check, "evenwicht").status == "pass"


def test_horeca_heavy_group_warns_about_the_sides():
    # horeca side: KHN + 4 businesses = 5; public side: municipality + police = 2
    check = check_working_group(casus(members=seats(without=["brandveiligheid"])), KVU)
    balance = line(check, "evenwicht")
    assert balance.status == "warn"
    assert "horeca 5, overheid 2" in balance.why("nl")
    assert "horeca 5, public bodies 2" in balance.why("en")
    # exactly 2 to 1 is still in balance: 4 horeca seats against 2 public ones
    members = seats(without=["brandveiligheid", "cafe_eigenaar"])
    assert line(check_working_group(casus(members=members), KVU), "evenwicht").status == "pass"


# -- (f) mandate ---------------------------------------------------------------------------------
def test_f_a_member_without_mandate_fails_by_name():
    base = casus()
    actors = [
        a.model_copy(update={"mandate": "none"}) if a.id == "taxi_vertegenwoordiger" else a
        for a in base.actors
    ]
    check = check_working_group(base.model_copy(update={"actors": actors}), KVU)
    mandate = line(check, "mandaat")
    assert mandate.status == "fail"
    assert "Bert Lankhorst (Taxicentrale Ravenswaarde)" in mandate.why("nl")
    power = line(check, "beslissingsbevoegdheid")
    # no decision power at all warns; the fail is the mandate's, a source rule (not twice)
    assert power.status == "warn" and "Taxicentrale Ravenswaarde" in power.why("nl")
    assert {ln.key for ln in check.fails} == {"mandaat"}


def test_advisers_are_exempt_from_mandate_and_constituency():
    # the process facilitator has mandate none and no constituency, but sits as adviser
    adviser = Seat(actor="procesbegeleider", role="adviser")
    check = check_working_group(casus(members=[*seats(), adviser]), KVU)
    assert statuses(check)["mandaat"] == "pass"
    assert statuses(check)["terugkoppeling"] == "pass"
    as_member = Seat(actor="procesbegeleider", substitute="collega")
    check = check_working_group(casus(members=[*seats(), as_member]), KVU)
    assert statuses(check)["mandaat"] == "fail"
    feedback = line(check, "terugkoppeling")
    assert feedback.status == "warn" and "Noor Lagerweij" in feedback.why("nl")


# -- (g) process criteria ------------------------------------------------------------------------
def test_g_confirmed_process_criteria_and_evidence_from_the_declaration():
    confirmations = {
        "begrippen": {"ok": True, "note": "Begrippenlijst vastgesteld op 12 november."},
        "verwachtingen": {"ok": False, "note": None},
        "verantwoordelijkheden": {"ok": True, "note": None},
    }
    declaration = {"visie_op_aanpak": "Eerst samen meten, dan kiezen.", "verantwoordelijkheden": []}
    check = check_working_group(casus(), KVU, confirmations=confirmations, declaration=declaration)
    assert line(check, "begrippen").status == "pass"
    assert line(check, "begrippen").why("en") == "Begrippenlijst vastgesteld op 12 november."
    assert line(check, "verwachtingen").status == "warn"
    assert "nog niet op orde" in line(check, "verwachtingen").why("nl")
    assert line(check, "verantwoordelijkheden").status == "pass"
    assert line(check, "verantwoordelijkheden").why("nl") == "bevestigd door de werkgroep"
    approach = line(check, "gezamenlijke-aanpak")
    assert approach.status == "pass" and "Visie op de aanpak" in approach.why("nl")
    # an empty field is no evidence
    check = check_working_group(casus(), KVU, declaration={"verantwoordelijkheden": []})
    assert line(check, "verantwoordelijkheden").status == "warn"


def test_a_no_from_the_group_wins_over_evidence():
    check = check_working_group(
        casus(),
        KVU,
        confirmations={"gezamenlijke-aanpak": {"ok": False, "note": "Politie wil eerst cijfers."}},
        declaration={"visie_op_aanpak": "Samen meten."},
    )
    assert line(check, "gezamenlijke-aanpak").status == "warn"
    assert line(check, "gezamenlijke-aanpak").why("nl") == "Politie wil eerst cijfers."


# -- (h) English ---------------------------------------------------------------------------------
def test_h_english_texts():
    members = seats(without=["wijkagent"], no_substitute=["bewoner", "cafe_eigenaar"])
    check = check_working_group(casus(members=members), KVU)
    police = line(check, "samenstelling:police")
    assert police.text("en") == "Core party in the working group: Police."
    assert police.text("nl") == "Kernpartij in de werkgroep: Politie."
    assert police.why("en").startswith("Nobody sits in the working group for Police")
    sub = line(check, "vervanging")
    assert sub.why("en") == (
        "No substitute yet for Joost Harmsen (Café De Zwarte Raaf) and "
        "Truus Bakels (Bewonersvereniging Binnenstad Ravenswaarde)."
    )
    assert " en Truus" in sub.why("nl")
    mandate = line(check, "mandaat")
    assert mandate.text("en") == KVU.working_group.criteria[8].text.en
    text = check.text("en")
    assert "✘ Core party in the working group: Police. — Nobody sits" in text
    assert "Kernpartij" not in text and "niet besproken" not in text


def test_text_has_one_marked_line_per_item_and_gap_labels():
    check = check_working_group(casus(members=seats(without=["wijkagent"])), KVU)
    rows = check.text("nl").splitlines()
    assert len(rows) == len(check.lines)
    assert [r[0] for r in rows] == [MARKS[ln.status] for ln in check.lines]
    assert len(check.warns) == sum(r.startswith("!") for r in rows)
    nl, en = line(check, "samenstelling:police").gap_labels()
    assert nl.startswith("werkgroep: Niemand zit namens Politie")
    assert en.startswith("working group: Nobody sits")
    assert line(check, "grootte").as_dict("en")["status"] == "pass"


# -- robustness ----------------------------------------------------------------------------------
def test_unknown_seats_fail_by_name_and_never_crash():
    members = [*seats(), Seat(actor="spook"), Seat.model_construct(actor="politie")]
    check = check_working_group(casus(members=members), KVU)
    unknown = line(check, "onbekend")
    assert unknown.status == "fail" and check.lines[-1] is unknown
    assert "spook" in unknown.why("nl")
    assert "Politie, basisteam Waardenstreek" in unknown.why("nl")  # an organisation, not a person


def test_an_empty_group_fails_the_core_and_substitutes():
    check = check_working_group(casus(members=[]), KVU)
    fails = {ln.key for ln in check.fails}
    assert {"samenstelling:municipality", "samenstelling:police", "vervanging"} <= fails
    assert line(check, "grootte").status == "warn"


def test_methods_without_working_group_give_an_empty_check(molenwijk):
    check = check_working_group(molenwijk, load_method("wijkaanpak"))
    assert check.lines == [] and check.ok
    assert check.text("en") == "This method has no working group check."
    journey = start_journey("molenwijk", store=SQLiteStore(":memory:"))
    assert check_journey_working_group(journey).lines == []


# -- journeys ------------------------------------------------------------------------------------
def start(case) -> Journey:
    return start_journey(case, store=SQLiteStore(":memory:"))


def test_step_2_gate_refuses_with_the_fail_lines():
    journey = start(casus(members=seats(no_substitute=MEMBERS, without=["wijkagent"])))
    journey.set_result("werkgroep", MEMBERS[2:], phase=2)
    gaps = {g.key: g for g in journey.missing(2)}
    assert "werkgroep:vervanging" in gaps and "werkgroep:samenstelling:police" in gaps
    assert gaps["werkgroep:samenstelling:police"].label("nl").startswith("werkgroep: Niemand")
    assert "werkgroep:samenstelling:fire_brigade" not in gaps  # warnings do not block
    with pytest.raises(GateRefused) as refused:
        journey.close_phase(2)
    assert {"werkgroep:vervanging", "werkgroep:samenstelling:police"} <= {
        g.key for g in refused.value.gaps
    }
    assert "Geen enkel lid heeft een vervanger" in str(refused.value)


def test_journey_seats_merge_the_casus_seat_information():
    journey = start(casus())
    assert check_journey_working_group(journey).ok  # no step-2 field yet: the casus group
    # step 2 lists the KHN adviser, the police as an organisation and someone outside the group
    ids = [
        *[a for a in MEMBERS if a != "wijkagent"],
        "politie",
        "khn_regioadviseur",
        "preventiewerker",
    ]
    journey.set_result("werkgroep", ids, phase=2)
    check = Kvu(journey).working_group()
    got = statuses(check)
    assert got["samenstelling:khn_adviser"] == "pass"  # seat kind from the casus
    assert got["samenstelling:police"] == "pass"  # 'politie' -> the casus seat of the wijkagent
    assert "Soufiane Azzouzi" in line(check, "samenstelling:police").why("nl")
    sub = line(check, "vervanging")
    assert sub.status == "warn" and "Lotte Vermeulen" in sub.why("nl")
    assert [g.key for g in journey.missing(2) if g.key.startswith("werkgroep:")] == []


def test_journey_uses_the_groups_answers_and_the_declaration():
    journey = start(casus())
    Kvu(journey).confirm_criterion("begrippen", True, "Begrippenlijst staat in het verslag.")
    journey.set_result("visie_op_aanpak", "Eerst samen meten.", phase=2)
    check = check_journey_working_group(journey)
    assert line(check, "begrippen").status == "pass"
    assert line(check, "begrippen").why("nl") == "Begrippenlijst staat in het verslag."
    assert line(check, "gezamenlijke-aanpak").status == "pass"
    assert line(check, "verwachtingen").status == "warn"
