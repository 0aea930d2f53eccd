"""Hand-computed examples for nrikit.tally; expected numbers are worked out in comments."""

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nrikit.errors import ConfigError
from nrikit.tally import (
    METHODS,
    SurveyResult,
    Weighted,
    approval,
    borda,
    consensus,
    get_method,
    plurality,
    qualified_majority,
    schulze,
    simple_majority,
    without_opposition,
)


def _expand(groups):
    return [list(order) for count, order in groups for _ in range(count)]


# ------------------------------------------------------------------ surveys


def test_plurality_tie_and_empty_ballot():
    # First choices: A, B, A, B, C; the empty ballot is not valid.
    r = plurality([["A", "B"], ["B"], ["A"], ["B", "C"], ["C"], []], "ABCD")
    assert r.scores == {"A": 2, "B": 2, "C": 1, "D": 0}
    assert r.ranking == [["A", "B"], ["C"], ["D"]]
    assert r.ballots == 5 and r.detail["empty_ballots"] == 1


def test_approval_ignores_order():
    r = approval([["A", "B"], ["C", "B"], ["B"], []], ["A", "B", "C"])
    assert r.scores == {"A": 1, "B": 3, "C": 1}
    assert r.ranking == [["B"], ["A", "C"]]
    assert r.ballots == 3


def test_borda_truncated_ballots_share_leftover_points():
    # n = 4: full ballot ABCD gives 3,2,1,0.
    # [B]: B 3; A, C, D share 2+1+0 -> 1 each.   [C, A]: C 3, A 2; B, D share 1+0 -> 0.5 each.
    r = borda([["A", "B", "C", "D"], ["B"], ["C", "A"]], "ABCD")
    assert r.scores == {"A": 6, "B": 5.5, "C": 5, "D": 1.5}
    assert sum(r.scores.values()) == 3 * 6  # every ballot hands out n(n-1)/2 points
    assert r.ranking == [["A"], ["B"], ["C"], ["D"]]
    assert r.detail["truncated_ballots"] == 2


def test_borda_tie():
    r = borda([["A", "B", "C"], ["B", "A", "C"]], "ABC")  # A 2+1, B 1+2, C 0
    assert r.ranking == [["A", "B"], ["C"]]


# Wikipedia's 45-voter example; result E > A > C > B > D.
WIKI = _expand(
    [(5, "ACBED"), (5, "ADECB"), (8, "BEDAC"), (3, "CABED"), (7, "CAEBD"), (2, "CBADE"), (7, "DCEBA"), (8, "EBADC")]
)


def test_schulze_wikipedia_example():
    r = schulze(WIKI, "ABCDE")
    assert r.ranking == [["E"], ["A"], ["C"], ["B"], ["D"]]
    assert r.scores == {"E": 4, "A": 3, "C": 2, "B": 1, "D": 0}
    d, p = r.detail["pairwise"], r.detail["strongest_paths"]
    assert (d["A"]["B"], d["B"]["A"], d["B"]["D"], d["E"]["D"]) == (20, 25, 33, 31)
    assert p["A"] == {"B": 28, "C": 28, "D": 30, "E": 24}
    assert p["E"] == {"A": 25, "B": 28, "C": 28, "D": 31}


def test_schulze_condorcet_cycle_is_one_tier():
    # A>B, B>C, C>A each 2:1 – every strongest path has strength 2.
    r = schulze([["A", "B", "C"], ["B", "C", "A"], ["C", "A", "B"]], "ABC")
    assert r.ranking == [["A", "B", "C"]]
    assert r.top(1) == ([], ["A", "B", "C"])


def test_schulze_unranked_below_ranked_and_equal():
    # [A]: A over B, C.  [B, A]: B over A, B and A over C.  A:B is 1:1, C loses to both.
    r = schulze([["A"], ["B", "A"]], "ABC")
    assert r.detail["pairwise"]["A"] == {"B": 1, "C": 2}
    assert r.detail["pairwise"]["C"] == {"A": 0, "B": 0}
    assert r.ranking == [["A", "B"], ["C"]]


def test_top_with_tie_straddling_cutoff():
    r = SurveyResult("x", {"A": 3, "B": 2, "C": 2, "D": 1}, [["A"], ["B", "C"], ["D"]], 4, {})
    assert r.top(0) == ([], [])
    assert r.top(1) == (["A"], [])
    assert r.top(2) == (["A"], ["B", "C"])
    assert r.top(3) == (["A", "B", "C"], [])
    assert r.top(9) == (["A", "B", "C", "D"], [])
    with pytest.raises(ValueError):
        r.top(-1)


@pytest.mark.parametrize("count", [plurality, approval, borda, schulze])
def test_ballot_validation(count):
    with pytest.raises(ValueError, match=r"ballot 1: unknown option 'Z'"):
        count([["A"], ["B", "Z"]], "AB")
    with pytest.raises(ValueError, match=r"ballot 0: option 'A' listed more than once"):
        count([["A", "B", "A"]], "AB")
    with pytest.raises(TypeError):
        count(["AB"], "AB")
    r = count([[], ["B"]], "AB")
    assert r.ballots == 1 and r.detail["empty_ballots"] == 1
    json.dumps(r.as_dict())  # must go into the decision log as is


@pytest.mark.parametrize("count", [plurality, approval, borda, schulze])
def test_weighted_ballots_read_in_one_pass_count_as_the_list(count):
    """The survey stage passes its stored ballots as a Weighted, identical ones possibly in
    several partial counts (the import spills its counts when they fill memory): the
    result is the one of the plain list, and the ballots are read exactly once."""
    groups = [(5, "ACBD"), (3, "B"), (2, ""), (4, "DA"), (1, "CB")]
    ballots = _expand(groups)
    partial = [(tuple(order), n) for n, order in groups] + [(("D", "A"), 3), (("B",), 1), ((), 1)]
    listed = _expand(groups + [(3, "DA"), (1, "B"), (1, "")])
    passes = []

    def items():
        passes.append(1)
        return iter(partial)

    for checked in (False, True):
        passes.clear()
        assert count(Weighted(items, checked=checked), "ABCD") == count(listed, "ABCD")
        assert passes == [1]
    assert count(Weighted(lambda: iter([(tuple(o), n) for n, o in groups])), "ABCD") == count(ballots, "ABCD")
    with pytest.raises(ValueError, match=r"ballot 1: unknown option 'Z'"):
        count(Weighted(lambda: iter([(("A",), 2), (("B", "Z"), 1)]), checked=True), "AB")
    with pytest.raises(ValueError, match=r"ballot 0: option 'A' listed more than once"):
        count(Weighted(lambda: iter([(("A", "B", "A"), 1)]), checked=True), "AB")


# ---------------------------------------------------------- committee votes


def test_simple_majority_pass_fail_tie():
    r = simple_majority({"a": "yes", "b": "yes", "c": "no", "d": "abstain"}, 5)
    assert r.passed and (r.yes, r.no, r.abstain) == (2, 1, 1)
    assert "among 4 votes cast" in r.rule
    assert r.as_dict()["absent"] == 1
    assert not simple_majority({"a": "yes", "b": "no", "c": "no"}, 3).passed
    assert not simple_majority({"a": "yes", "b": "no", "c": "abstain"}, 3).passed  # tie fails
    json.dumps(r.as_dict())


def test_qualified_majority_counts_absentees_against():
    four_yes = dict.fromkeys("abcd", "yes")
    assert qualified_majority(four_yes, 6).passed  # need ceil(2/3*6) = 4
    r = qualified_majority(four_yes, 7)  # need ceil(14/3) = 5
    assert not r.passed and r.no == 0 and "at least 5 yes of 7" in r.rule
    r = qualified_majority({"a": "yes", "b": "yes"}, 3, threshold=2 / 3)  # float 2/3 read as exactly 2/3
    assert r.passed and "(2/3 of all members" in r.rule
    assert qualified_majority({"a": "yes"}, 10, threshold=0.1).passed
    assert not qualified_majority(four_yes, 6, threshold="3/4").passed  # need 5
    assert qualified_majority(four_yes, 6, threshold=Fraction(1, 2)).passed
    with pytest.raises(ValueError):
        qualified_majority(four_yes, 6, threshold=1.5)


def test_consensus():
    assert consensus({"a": "yes", "b": "yes"}, 2).passed
    assert not consensus({"a": "yes", "b": "yes", "c": "abstain"}, 3).passed
    assert not consensus({"a": "yes", "b": "yes"}, 3).passed  # one member absent


def test_without_opposition():
    assert without_opposition({"a": "yes", "b": "abstain", "c": "abstain"}, 5).passed
    assert not without_opposition({"a": "yes", "b": "yes", "c": "yes", "d": "no"}, 4).passed
    assert not without_opposition({"a": "abstain"}, 3).passed  # nobody in favour


def test_vote_validation():
    with pytest.raises(ValueError, match="member 'b'"):
        simple_majority({"a": "yes", "b": "si"}, 3)
    with pytest.raises(ValueError, match="only 1 eligible"):
        consensus({"a": "yes", "b": "yes"}, 1)
    with pytest.raises(ValueError):
        consensus({}, 0)


# ---------------------------------------------------------------- registry


def test_registry_and_get_method():
    assert set(METHODS) == {
        "plurality",
        "approval",
        "borda",
        "schulze",
        "simple_majority",
        "qualified_majority",
        "consensus",
        "without_opposition",
    }
    assert get_method("simple-majority") is METHODS["simple_majority"]
    assert get_method("schulze").kind == "survey" and get_method("consensus").kind == "vote"
    with pytest.raises(ConfigError, match="did you mean 'schulze'"):
        get_method("shulze")
    with pytest.raises(ConfigError, match="known methods"):
        get_method("coin toss")


# ---------------------------------------------------------------- property

OPTIONS = "ABCDE"
ballot = st.permutations(OPTIONS).flatmap(lambda p: st.integers(0, len(p)).map(lambda k: list(p[:k])))


@settings(max_examples=300, deadline=None)
@given(st.lists(ballot, max_size=12))
def test_schulze_elects_condorcet_winner(ballots):
    def prefers(b, x, y):  # ranked beats unranked; two unranked are equal
        rank = {o: i for i, o in enumerate(b)}
        return rank.get(x, len(b)) < rank.get(y, len(b))

    def beats(x, y):
        return sum(prefers(b, x, y) for b in ballots) > sum(prefers(b, y, x) for b in ballots)

    r = schulze(ballots, OPTIONS)
    assert sorted(o for tier in r.ranking for o in tier) == list(OPTIONS)
    winners = [w for w in OPTIONS if all(beats(w, x) for x in OPTIONS if x != w)]
    if winners:
        assert r.ranking[0] == winners


# ------------------------------------------------------------------ cross-check with a maintained library


@settings(max_examples=60, deadline=None)
@given(st.lists(st.permutations([0, 1, 2, 3]), min_size=1, max_size=25))
def test_winners_match_pref_voting(ballots):
    """On complete strict ballots every Schulze variant agrees, so nrikit's top tier must equal the
    winners of pref_voting's beat path (Schulze) method; Borda and plurality winners must match too."""
    pv = pytest.importorskip("pref_voting.profiles")
    from pref_voting.margin_based_methods import beat_path
    from pref_voting.scoring_methods import borda as pv_borda
    from pref_voting.scoring_methods import plurality as pv_plurality

    profile = pv.Profile([list(b) for b in ballots])
    as_str = [[str(c) for c in b] for b in ballots]
    for ours, theirs in ((schulze, beat_path), (borda, pv_borda), (plurality, pv_plurality)):
        mine = ours(as_str, ["0", "1", "2", "3"])
        assert sorted(mine.ranking[0]) == sorted(str(c) for c in theirs(profile)), ours.__name__
