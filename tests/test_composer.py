"""The panel composer: proposals satisfy every rule, conflicts are explained, drafts are checked.

Rule satisfaction is judged by `independent_violations` below, written straight from the rules'
wording, not by the composer's own rows, so a wrong row cannot pass its own test.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pluggy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nrikit.composer import Candidate, ComposerConstraint, Instance, Rules, Session, check, compose, explain
from nrikit.composer.pool import plugin_constraints

STATED = ("woman", "man", "non_binary")
TAGS = ("a", "b", "c")


def independent_violations(inst: Instance, panels: dict, moderators_need_expertise: bool = True) -> list[str]:
    r, people, out = inst.rules, {c.id: c for c in inst.candidates}, []
    sessions = {s.id: s for s in inst.sessions}
    for sid, members in panels.items():
        s, ms = sessions[sid], [people[p] for p, _ in members]
        if not r.min_size <= len(ms) <= r.max_size:
            out.append(f"size {sid}")
        if r.require_moderator and sum(role == "moderator" for _, role in members) != 1:
            out.append(f"moderator {sid}")
        genders = [c.gender for c in ms if c.gender in STATED]
        if r.gender_rule in ("mixed", "parity") and len(set(genders)) < 2:
            out.append(f"gender {sid}")
        if r.gender_rule == "parity" and genders and max(Counter(genders).values()) > 0.6 * len(genders):
            out.append(f"parity {sid}")
        if len({c.stakeholder for c in ms if c.stakeholder}) < r.min_stakeholder_groups:
            out.append(f"groups {sid}")
        judged = [people[p] for p, role in members if moderators_need_expertise or role != "moderator"]
        if (
            r.require_expertise
            and s.tags
            and any(not (c.expertise & s.tags) and s.topic_id not in c.nominations for c in judged)
        ):
            out.append(f"expertise {sid}")
        if sum(inst.international(c) for c in ms) < r.min_international:
            out.append(f"international {sid}")
        if sum(c.remote for c in ms) < r.min_remote:
            out.append(f"remote {sid}")
        if sum(c.newcomer for c in ms) < r.min_newcomers:
            out.append(f"newcomers {sid}")
    seats = defaultdict(list)
    for sid, members in panels.items():
        for p, _ in members:
            seats[p].append(sid)
    for p, on in seats.items():
        if len(on) > r.max_sessions_per_speaker:
            out.append(f"sessions {p}")
        timed = sorted((sessions[s].starts, sessions[s].ends) for s in on if sessions[s].starts)
        if any(b[0] < a[1] for a, b in zip(timed, timed[1:])):
            out.append(f"availability {p}")
    if r.max_sessions_per_organisation:
        orgs = Counter(people[p].organisation for p, on in seats.items() for _ in on if people[p].organisation)
        out += [f"organisation {o}" for o, n in orgs.items() if n > r.max_sessions_per_organisation]
    return out


@st.composite
def instances(draw):
    n = draw(st.integers(6, 18))
    cands = [
        Candidate(
            f"p{i:02d}",
            gender=draw(st.sampled_from(STATED + ("not_stated",))),
            stakeholder=draw(st.sampled_from(("gov", "biz", "cs", "tech"))),
            organisation=f"o{draw(st.integers(0, 4))}",
            country=draw(st.sampled_from(("PE", "PE", "CL"))),
            expertise=frozenset(draw(st.sets(st.sampled_from(TAGS), min_size=1, max_size=2))),
            remote=draw(st.booleans()),
            newcomer=draw(st.booleans()),
            nominations={"t0": draw(st.integers(0, 10))} if draw(st.booleans()) else {},
        )
        for i in range(n)
    ]
    k = draw(st.integers(1, 4))
    sessions = [
        Session(
            f"s{j}",
            f"t{j}",
            tags=frozenset({TAGS[j % 3]}),
            starts=f"2030-06-10T{9 + draw(st.integers(0, 2)):02d}:00",
            ends=f"2030-06-10T{10 + draw(st.integers(0, 2)):02d}:30",
        )
        for j in range(k)
    ]
    sessions = [s if s.starts < s.ends else Session(s.id, s.topic_id, tags=s.tags) for s in sessions]
    lo = draw(st.integers(2, 4))
    rules = Rules(
        min_size=lo,
        max_size=lo + draw(st.integers(0, 2)),
        gender_rule=draw(st.sampled_from(("none", "mixed", "parity"))),
        min_stakeholder_groups=draw(st.integers(1, 3)),
        max_sessions_per_speaker=draw(st.integers(1, 3)),
        max_sessions_per_organisation=draw(st.sampled_from((0, 3, 6))),
        min_international=draw(st.integers(0, 1)),
        min_remote=draw(st.integers(0, 1)),
        min_newcomers=draw(st.integers(0, 1)),
        require_moderator=draw(st.booleans()),
    )
    return Instance(sessions, cands, rules, "PE")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 1000))
def test_proposals_satisfy_every_rule(inst, seed):
    result = compose(inst, seed=seed, time_limit=5)
    if result.panels:
        assert independent_violations(inst, result.panels) == []
        assert result.violations == []
    else:
        # Not solvable: the explanation must name at least one relaxation, never just a status.
        assert result.status == "infeasible"
        assert result.relaxations and all(r.message for r in result.relaxations)


def _people(spec):
    """spec: list of (gender, stakeholder, tags) -> Candidates p0, p1, ..."""
    return [
        Candidate(f"p{i}", gender=g, stakeholder=k, organisation=f"o{i}", expertise=frozenset(t))
        for i, (g, k, t) in enumerate(spec)
    ]


def test_explains_gender_rule_when_pool_has_only_men():
    cands = _people([("man", "gov", "a"), ("man", "cs", "a"), ("man", "biz", "a"), ("man", "tech", "a")])
    inst = Instance([Session("s1", "t1", tags=frozenset("a"))], cands, Rules(min_size=3, max_size=4))
    result = compose(inst, time_limit=5)
    assert result.status == "infeasible" and not result.panels
    assert [(r.rule, r.subject) for r in result.relaxations] == [("gender", "panel:s1")]
    assert "man 4" in result.relaxations[0].context
    assert "gender_rule = mixed but the pool has one stated gender" in result.relaxations[0].context


def test_explains_stakeholder_groups_with_the_relaxed_value():
    cands = _people([("woman", "cs", "a"), ("man", "cs", "a"), ("woman", "cs", "a"), ("man", "gov", "b")])
    inst = Instance(
        [Session("s1", "t1", tags=frozenset("a"))],
        cands,
        Rules(min_size=3, max_size=3, min_stakeholder_groups=3, require_moderator=False),
    )
    relax = explain(inst, time_limit=5)
    rules = {r.rule for r in relax}
    # Either lower the groups to 2 by letting the government expert (no topic expertise) in, or to 1.
    assert "stakeholder_groups" in rules
    text = " ".join(r.message for r in relax)
    assert "lower min_stakeholder_groups from 3 to" in text and "panel s1" in text


def test_explains_the_smallest_relaxation_across_panels():
    # Two panels at the same time, four people, three seats each, one session per person:
    # two seats are missing, so the smallest relaxation has exactly two units.
    cands = _people([("woman", "gov", "a"), ("man", "cs", "a"), ("woman", "biz", "a"), ("man", "tech", "a")])
    sessions = [
        Session("s1", "t1", tags=frozenset("a"), starts="2030-01-01T09:00", ends="2030-01-01T10:00"),
        Session("s2", "t2", tags=frozenset("a"), starts="2030-01-01T09:30", ends="2030-01-01T11:00"),
    ]
    inst = Instance(sessions, cands, Rules(min_size=3, max_size=3, require_moderator=False, max_sessions_per_speaker=1))
    relax = explain(inst, time_limit=5)
    assert round(sum(r.amount for r in relax)) == 2
    assert {r.rule for r in relax} <= {"size", "sessions_per_person", "availability"}
    assert "size" in {r.rule for r in relax} or "sessions_per_person" in {r.rule for r in relax}


def _feasible_instance():
    spec = [
        ("woman", "gov", "ab"),
        ("man", "cs", "ab"),
        ("woman", "biz", "ab"),
        ("man", "tech", "ab"),
        ("non_binary", "cs", "ab"),
        ("man", "gov", "ab"),
        ("woman", "tech", "ab"),
        ("man", "biz", "ab"),
        ("man", "cs", "c"),
        ("woman", "gov", "b"),
    ]
    sessions = [
        Session("s1", "t1", tags=frozenset("a"), starts="2030-01-01T09:00", ends="2030-01-01T10:00"),
        Session("s2", "t2", tags=frozenset("b"), starts="2030-01-01T09:30", ends="2030-01-01T11:00"),
        Session("s3", "t3", tags=frozenset("a"), starts="2030-01-01T14:00", ends="2030-01-01T15:00"),
    ]
    return Instance(
        sessions, _people(spec), Rules(min_size=3, max_size=4, min_stakeholder_groups=2, max_sessions_per_speaker=2)
    )


def test_check_mode_finds_each_planted_violation():
    inst = _feasible_instance()
    draft = {
        "s1": [("p1", "moderator"), ("p3", "speaker"), ("p5", "speaker")],  # all men
        "s2": [("p0", "speaker"), ("p1", "speaker"), ("p4", "speaker")],  # no moderator; p1 double-booked
        "s3": [
            ("p2", "moderator"),
            ("p8", "speaker"),
            ("p6", "speaker"),
            ("p7", "speaker"),
            ("p9", "speaker"),
        ],  # too big; p8 lacks "a"
    }
    found = {(v.rule, v.subject): v for v in check(inst, draft)}
    assert set(found) == {
        ("gender", "panel:s1"),
        ("moderator", "panel:s2"),
        ("size", "panel:s3"),
        ("expertise", "panel:s3"),
        ("availability", "person:p1"),
    }
    assert "no women" in found[("gender", "panel:s1")].message
    # The gender fix swaps a speaker for a woman or non-binary person with the topic's expertise who is free.
    fix = found[("gender", "panel:s1")].suggestion
    assert fix.startswith("swap p") and fix.split()[-1] in {"p2", "p6", "p4"}
    assert found[("moderator", "panel:s2")].suggestion.startswith("make ")
    assert "p1" in found[("availability", "person:p1")].message
    assert found[("availability", "person:p1")].suggestion


def test_check_mode_passes_a_composed_proposal():
    inst = _feasible_instance()
    result = compose(inst, seed=3, time_limit=5)
    assert result.status == "optimal"
    assert check(inst, result.panels) == []


def test_lottery_seed_reproduces_and_breaks_ties():
    # Ten interchangeable candidates: every choice scores the same, so only the lottery decides.
    cands = [
        Candidate(f"p{i}", gender=("woman", "man")[i % 2], stakeholder=("gov", "cs")[i // 5], expertise=frozenset("a"))
        for i in range(10)
    ]
    inst = Instance([Session("s1", "t1", tags=frozenset("a"))], cands, Rules(min_size=3, max_size=3))
    runs = {seed: compose(inst, seed=seed, time_limit=5) for seed in range(6)}
    assert len({r.score for r in runs.values()}) == 1
    assert len({tuple(r.panels["s1"]) for r in runs.values()}) > 1
    again = compose(inst, seed=4, time_limit=5)
    assert again.panels == runs[4].panels and again.lottery == runs[4].lottery


class _OnePerOrganisationPlugin:
    """A country rule: at most one panellist per organisation on each panel."""

    hookimpl = pluggy.HookimplMarker("nrikit")

    @hookimpl
    def register_composer_constraints(self, register):
        def build(model):
            for sid in model.sessions:
                by_org = defaultdict(list)
                for c, col in model.session_members(sid):
                    by_org[c.organisation].append((col, 1))
                for _org, terms in by_org.items():
                    if len(terms) > 1:
                        model.add_row(terms, hi=1, subject=f"panel:{sid}")

        register(ComposerConstraint("one_per_organisation", "At most one panellist per organisation.", build))


def test_plugin_constraint_binds_solver_and_check(monkeypatch):
    from nrikit import hookspecs

    pm = pluggy.PluginManager("nrikit")
    pm.add_hookspecs(hookspecs)
    pm.register(_OnePerOrganisationPlugin(), name="one-org")
    constraints = plugin_constraints(pm)
    assert [c.name for c in constraints] == ["one_per_organisation"]
    cands = [
        Candidate(
            f"p{i}",
            gender=("woman", "man")[i % 2],
            stakeholder=("gov", "cs", "biz")[i % 3],
            organisation=f"o{i // 3}",
            expertise=frozenset("a"),
        )
        for i in range(9)
    ]
    inst = Instance([Session("s1", "t1", tags=frozenset("a"))], cands, Rules(min_size=3, max_size=5))
    free = compose(inst, time_limit=5)
    bound = compose(inst, time_limit=5, plugins=constraints)
    assert len(free.panels["s1"]) == 5  # without the rule every seat is filled
    orgs = [next(c.organisation for c in cands if c.id == p) for p, _ in bound.panels["s1"]]
    assert len(orgs) == len(set(orgs)) == 3  # three organisations, one each
    draft = {"s1": [("p0", "moderator"), ("p1", "speaker"), ("p4", "speaker")]}  # p0 and p1 share o0
    found = check(inst, draft, plugins=constraints)
    assert [(v.rule, v.subject) for v in found] == [("one_per_organisation", "panel:s1")]
    assert found[0].suggestion


KIND = {
    "size": "size",
    "moderator": "moderator",
    "gender": "gender",
    "stakeholder_groups": "groups",
    "expertise": "expertise",
    "quota_international": "international",
    "quota_remote": "remote",
    "quota_newcomers": "newcomers",
    "sessions_per_person": "sessions",
    "availability": "availability",
    "sessions_per_organisation": "organisation",
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.data())
def test_check_mode_finds_exactly_the_violations_of_any_draft(inst, data):
    """Random drafts, planted violations included: check mode reports exactly what the independent
    reading of the rules finds, per panel and person."""
    ids = [c.id for c in inst.candidates]
    draft = {}
    for s in inst.sessions:
        members = data.draw(st.lists(st.sampled_from(ids), min_size=0, max_size=7, unique=True))
        roles = data.draw(
            st.lists(st.sampled_from(("moderator", "speaker", "speaker")), min_size=len(members), max_size=len(members))
        )
        draft[s.id] = list(zip(members, roles))
    expected = independent_violations(inst, draft, moderators_need_expertise=False)
    expected = {"gender " + e.split()[1] if e.startswith("parity") else e for e in expected}
    found = {f"{KIND[v.rule]} {v.subject.split(':', 1)[1]}" for v in check(inst, draft)}
    assert found == set(expected)


# -- the moderator: chosen after the solve unless a constraint reads the m columns ---------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 1000))
def test_leaving_out_moderator_columns_loses_nothing(inst, seed):
    """The solver's model without m columns reaches the same optimum as the full model, and the
    moderator chosen afterwards is one seated panellist per panel."""
    from nrikit.composer.compose import assignment_from
    from nrikit.composer.model import Model
    from nrikit.composer.solve import solve

    lean = compose(inst, seed=seed, time_limit=5)
    full = Model(inst)
    costs, weights = full.objective(seed)
    sol = solve(full, costs=costs, time_limit=5, mip_gap=0.0)
    assert (lean.status == "infeasible") == (sol.status == "infeasible")
    if lean.status != "optimal" or sol.status != "optimal":
        return
    full_score = sum(w for w, v in zip(weights, sol.values) if v > 0.5)
    assert lean.score == full_score
    assert independent_violations(inst, lean.panels) == []
    for members in lean.panels.values():
        roles = Counter(role for _, role in members)
        assert roles["moderator"] == (1 if inst.rules.require_moderator else 0)
    # With the m columns, the full model's own reading of roles agrees on the seats.
    seats = {s: sorted(p for p, _ in m) for s, m in assignment_from(full, sol.values, costs).items()}
    assert sum(len(v) for v in seats.values()) == sum(len(m) for m in lean.panels.values())


def test_solver_model_has_no_moderator_columns_unless_needed():
    from nrikit.composer.compose import _solver_model

    cands = _people([("woman", "gov", "a"), ("man", "cs", "a"), ("woman", "biz", "a"), ("man", "tech", "a")])
    inst = Instance([Session("s1", "t1", tags=frozenset("a"))], cands, Rules(min_size=3, max_size=4))
    lean = _solver_model(inst, ())
    assert lean.m_col == {} and lean.ncols == len(lean.pairs) + len(lean.z_cols)

    def women_moderate(model):
        # A plugin rule on the moderator role itself: the moderator must be a woman.
        for s in model.sessions:
            men = [(model.m(c.id, s), 1) for c, _ in model.session_members(s) if c.gender == "man"]
            model.add_row(men, hi=0, rule="woman_moderates", subject=f"panel:{s}")

    rule = ComposerConstraint("woman_moderates", "the moderator is a woman", women_moderate)
    full = _solver_model(inst, (rule,))
    assert len(full.m_col) == len(full.pairs)
    for seed in range(6):  # whatever the lottery, the plugin's rule on roles binds
        result = compose(inst, seed=seed, plugins=(rule,), time_limit=5)
        moderators = [p for p, role in result.panels["s1"] if role == "moderator"]
        assert len(moderators) == 1
        assert {c.id: c.gender for c in cands}[moderators[0]] == "woman"


def test_moderator_choice_is_reproducible_from_the_seed():
    cands = _people([("woman", "gov", "a"), ("man", "cs", "a"), ("woman", "biz", "a"), ("man", "tech", "a")])
    inst = Instance([Session("s1", "t1", tags=frozenset("a"))], cands, Rules(min_size=4, max_size=4))
    first = compose(inst, seed=7, time_limit=5).panels
    assert compose(inst, seed=7, time_limit=5).panels == first
    moderators = {
        p for seed in range(12) for p, r in compose(inst, seed=seed, time_limit=5).panels["s1"] if r == "moderator"
    }
    assert len(moderators) > 1  # equally good panellists: the lottery decides, not the order of ids


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 1000))
def test_pricing_measures_its_gap_against_the_full_model(inst, seed):
    """Large pools are solved by column generation (solve_by_pricing); on small ones, run it with
    almost every column held out first: it must price them back in and prove the same optimum."""
    import nrikit.composer.solve as solver
    from nrikit.composer.compose import _solver_model

    model = _solver_model(inst, ())
    costs, _ = model.objective(seed)
    full = solver.solve(model, costs=costs, time_limit=5, mip_gap=0.0)
    saved = solver.KEEP_PER_SEAT
    solver.KEEP_PER_SEAT = 0  # keep only the diversity set: pricing must do the rest
    try:
        priced = solver.solve_by_pricing(model, costs=costs, time_limit=10, mip_gap=1e-6)
    finally:
        solver.KEEP_PER_SEAT = saved
    assert (full.status == "infeasible") == (priced.status == "infeasible")
    if full.status == "optimal":
        assert priced.values and model.violated(priced.values) == []
        tolerance = 1e-6 * max(1.0, abs(full.objective))
        assert priced.objective <= full.objective + tolerance  # nothing beats the optimum...
        assert priced.bound is not None and priced.bound >= full.objective - tolerance  # ...and the bound is valid
        assert priced.gap == pytest.approx(max(0.0, (priced.bound - priced.objective) / priced.bound), abs=1e-9)
        if priced.status == "optimal":
            assert priced.objective == pytest.approx(full.objective, abs=tolerance)


# -- large pools: column generation, its bound against the full model, roles under it -------------------


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 1000))
def test_pricing_within_a_gap_keeps_a_valid_bound(inst, seed):
    """With a gap to spare, pricing solves its LPs by interior point (approximate prices): the bound it
    reports must still be at least the full model's optimum, and the solution within the gap of it."""
    import nrikit.composer.solve as solver
    from nrikit.composer.compose import _solver_model

    model = _solver_model(inst, ())
    costs, _ = model.objective(seed)
    full = solver.solve(model, costs=costs, time_limit=5, mip_gap=0.0)
    saved = solver.KEEP_PER_SEAT
    solver.KEEP_PER_SEAT = 0  # keep only the diversity set: pricing must do the rest
    try:
        priced = solver.solve_by_pricing(model, costs=costs, time_limit=10, mip_gap=0.01)
    finally:
        solver.KEEP_PER_SEAT = saved
    assert (full.status == "infeasible") == (priced.status == "infeasible")
    if full.status != "optimal":
        return
    assert priced.values and model.violated(priced.values) == []
    tolerance = 1e-6 * max(1.0, abs(full.objective))
    assert priced.objective <= full.objective + tolerance
    assert priced.bound is not None and priced.bound >= full.objective - tolerance
    if priced.status == "optimal":
        assert priced.gap <= 0.01 + 1e-9
        assert priced.objective >= (1 - 0.01) * full.objective - tolerance


def _large_pool_compose(monkeypatch):
    """compose() as it runs on pools above PRICE_ABOVE pairs, on a small pool: the threshold lowered."""
    import importlib

    compose_module = importlib.import_module("nrikit.composer.compose")  # the module, not the function
    monkeypatch.setattr(compose_module, "PRICE_ABOVE", 0)
    return compose_module.compose


def _programme(n_sessions=4, per_tag=8):
    """Sessions on two topics in two overlapping time slots, a pool of mixed genders and groups (each
    person with one tag), as in the generator's editions at small scale."""
    groups = ("gov", "cs", "biz", "tech")
    genders = ("woman", "man", "woman", "man", "non_binary", "not_stated")
    cands = [
        Candidate(
            f"p{i:02d}",
            gender=genders[i % len(genders)],
            stakeholder=groups[i % len(groups)],
            organisation=f"o{i % 5}",
            expertise=frozenset("a" if i < per_tag else "b"),
            nominations={"t1": 1 + i % 9} if i % 3 == 0 else {},
        )
        for i in range(2 * per_tag)
    ]
    sessions = [
        Session(
            f"s{k}",
            "t1" if k % 2 else "t2",
            tags=frozenset("a" if k % 2 else "b"),
            starts=f"2030-06-10T{9 + k // 2:02d}:00",
            ends=f"2030-06-10T{9 + k // 2:02d}:59",
        )
        for k in range(n_sessions)
    ]
    return sessions, cands


@pytest.mark.parametrize("gap", [0.0, 0.01])
def test_large_pool_proposals_hold_every_rule_and_seat_the_moderator(monkeypatch, gap):
    compose_large = _large_pool_compose(monkeypatch)
    sessions, cands = _programme()
    inst = Instance(sessions, cands, Rules(min_size=3, max_size=4, max_sessions_per_speaker=2), "PE")
    small = compose(inst, seed=3, time_limit=10)  # the direct solve
    result = compose_large(inst, seed=3, time_limit=10, mip_gap=gap)
    assert small.status == "optimal" and result.status == "optimal"
    assert independent_violations(inst, result.panels) == [] and result.violations == []
    assert result.bound >= small.score - 1e-6  # a bound of the full model, not of the kept columns
    assert result.score >= (1 - gap) * small.score - 1e-6
    if gap == 0.0:
        assert result.score == small.score
    for members in result.panels.values():
        # The moderator is one of the panel's seats (size counted with it), not a seat added beside them.
        assert [role for _, role in members].count("moderator") == 1


def test_large_pool_plugin_rule_on_roles_still_binds(monkeypatch):
    compose_large = _large_pool_compose(monkeypatch)
    sessions, cands = _programme()
    inst = Instance(sessions, cands, Rules(min_size=3, max_size=4, max_sessions_per_speaker=2), "PE")
    gender = {c.id: c.gender for c in cands}

    def women_moderate(model):
        for s in model.sessions:
            not_women = [(model.m(c.id, s), 1) for c, _ in model.session_members(s) if c.gender != "woman"]
            model.add_row(not_women, hi=0, rule="woman_moderates", subject=f"panel:{s}")

    rule = ComposerConstraint("woman_moderates", "the moderator is a woman", women_moderate)
    unconstrained = {
        p
        for seed in range(4)
        for m in compose_large(inst, seed=seed, time_limit=10).panels.values()
        for p, role in m
        if role == "moderator"
    }
    assert any(gender[p] != "woman" for p in unconstrained)  # without the rule, others moderate too
    for seed in range(4):
        result = compose_large(inst, seed=seed, plugins=(rule,), time_limit=10, mip_gap=0.01)
        assert result.status == "optimal"
        assert independent_violations(inst, result.panels) == []
        for members in result.panels.values():
            moderators = [p for p, role in members if role == "moderator"]
            assert len(moderators) == 1 and gender[moderators[0]] == "woman"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 2**32 - 1))
def test_bulk_violation_check_agrees_with_row_by_row(inst, seed):
    """Large models check a point with numpy (Model._violated_in_bulk); it must find exactly the rows
    the row-by-row test finds, on any point, feasible or not."""
    import random

    from nrikit.composer.model import Model

    model = Model(inst)
    rng = random.Random(seed)
    values = [float(rng.random() < 0.4) for _ in range(model.ncols)]
    by_row = [id(r) for r in model.rows if r.elastic and not (r.lo - 1e-6 <= r.activity(values) <= r.hi + 1e-6)]
    assert [id(r) for r in model._violated_in_bulk(values)] == by_row
