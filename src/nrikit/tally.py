"""Count topic-survey ballots and committee votes by a declared, auditable method.

Every function here is deterministic and returns a plain result whose
``as_dict()`` is JSON-serialisable, so a decision log can record the method,
the inputs' totals and the outcome, and anyone can recompute it.  Nothing here
breaks ties: tied options share a ranking tier, and a separate lottery with a
published seed settles them if a tie has to be broken.

Survey methods (``kind == "survey"``) take ``ballots`` – each a sequence of
option ids in preference order, most preferred first, possibly truncated – and
``options``, the declared option ids; or ``ballots`` is a Counter {ballot tuple:
how many}, which counts identical ballots once, times their number.  They rank
the options:

plurality  1 point for each ballot's first choice.
approval   1 point for every option listed on a ballot; order is ignored.
borda      With n options, a ballot gives n-1 points to its first choice, n-2
           to the second, and so on.  Options a truncated ballot leaves
           unranked are treated as tied at the bottom: they share the points
           left over equally, i.e. each of k unranked options gets (k-1)/2.
           This "averaged" convention means a ballot always hands out the same
           n(n-1)/2 points, so truncating does not change a voter's weight.
           (It is not Emerson's "modified Borda count", where a ballot
           ranking m options gives only m, m-1, ... points.)
schulze    Beatpath method (Schulze 2011).  d[a][b] counts ballots ranking a
           above b; a ranked option is above every unranked one, and unranked
           options are equal among themselves.  p[a][b] is the strength of the
           strongest path of pairwise wins from a to b; a beats b if
           p[a][b] > p[b][a].  The first tier is the options no other option
           beats (the Schulze winners); remove them and repeat for the next
           tier.  An option's score is the number of tiers below it.

Ballot validation: an option not in ``options`` or listed twice on one ballot
raises ValueError naming the ballot by its 0-based index.  Empty ballots are
not valid and are only counted, in ``detail["empty_ballots"]``.

Vote methods (``kind == "vote"``) decide one motion from ``votes`` – a mapping
member -> "yes" | "no" | "abstain" – and ``members``, the number of eligible
members.  Eligible members missing from ``votes`` are absent.  No method here
checks a quorum; that is the caller's rule to apply.

simple_majority     passes if yes > no; abstentions and absentees do not count,
                    and a tie fails.
qualified_majority  passes if yes >= threshold x members, counting ALL eligible
                    members, so absentees and abstentions weigh like "no".
consensus           passes only if every eligible member voted yes.
without_opposition  passes if nobody voted no and at least one voted yes;
                    abstentions and absentees do not block ("sin oposición").
"""

from __future__ import annotations

import difflib
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from fractions import Fraction

from nrikit.errors import ConfigError

__all__ = [
    "TallyMethod",
    "SurveyResult",
    "VoteResult",
    "plurality",
    "approval",
    "borda",
    "schulze",
    "simple_majority",
    "qualified_majority",
    "consensus",
    "without_opposition",
    "METHODS",
    "get_method",
    "Weighted",
]


@dataclass(frozen=True)
class TallyMethod:
    name: str
    kind: str  # "survey" or "vote"
    description: str  # one line for docs
    count: Callable


@dataclass
class SurveyResult:
    method: str
    scores: dict[str, float]  # ints except for borda (half points)
    ranking: list[list[str]]  # best tier first; names sorted within a tier
    ballots: int  # valid (non-empty) ballots counted
    detail: dict = field(default_factory=dict)

    def top(self, n: int) -> tuple[list[str], list[str]]:
        """(selected, tied_at_cutoff) for the best ``n`` options.

        ``selected`` are certainly within the top n; ``tied_at_cutoff`` is the
        tier that straddles position n (empty if the cut falls between tiers).
        Then len(selected) < n and the remaining places go to members of that
        tier by some published tie-break, never by this module.
        """
        if n < 0:
            raise ValueError(f"top(n) needs n >= 0, got {n}")
        selected: list[str] = []
        for tier in self.ranking:
            if len(selected) + len(tier) <= n:
                selected.extend(tier)
            else:
                # The tier crosses the cut only if the cut is not already full.
                return selected, (list(tier) if len(selected) < n else [])
        return selected, []

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class VoteResult:
    method: str
    yes: int
    no: int
    abstain: int
    members: int  # eligible voters
    passed: bool
    rule: str  # the rule applied, in words, with the numbers

    def as_dict(self) -> dict:
        d = asdict(self)
        d["absent"] = self.members - self.yes - self.no - self.abstain
        return d


# ---------------------------------------------------------------- surveys


class Weighted:
    """Ballots with their counts, (ballot tuple, how many) pairs, read afresh on every pass.

    For a survey too large to hold: the survey stage passes the ballots as they are stored
    (grouped by SQLite), so neither the stage nor a method keeps one entry per distinct
    ballot in memory. Every method here makes a single pass over its ballots.
    """

    def __init__(self, items: Callable[[], Iterable[tuple[Sequence[str], int]]], *, checked: bool = False):
        """checked: the items are tuples of strings and their counts positive ints."""
        self._items, self.checked = items, checked

    def items(self) -> Iterable[tuple[Sequence[str], int]]:
        return self._items()


class _Valid:
    """The valid ballots as (tuple, weight) pairs, checked as they are read; after a pass,
    `total` is the weight of the valid ballots and `empty` that of the empty ones."""

    def __init__(self, ballots, known: set[str]):
        self.ballots, self.known = ballots, known
        self.total = self.empty = 0

    def __iter__(self):
        ballots, known = self.ballots, self.known
        items = ballots.items() if isinstance(ballots, Counter | Weighted) else ((b, 1) for b in ballots)
        total = empty = 0
        if isinstance(ballots, Weighted) and ballots.checked:
            # Tuples of strings with positive counts, as the survey stage stores them: only
            # the options are checked again.
            for i, (ballot, weight) in enumerate(items):
                if not ballot:
                    empty += weight
                elif known.issuperset(ballot) and len(set(ballot)) == len(ballot):
                    total += weight
                    yield ballot, weight
                else:
                    self._check(i, ballot)
            self.total, self.empty = total, empty
            return
        for i, (ballot, weight) in enumerate(items):
            if isinstance(ballot, str):
                # A bare string would silently be read as one option per character.
                raise TypeError(f"ballot {i} is a string; a ballot is a sequence of option ids")
            if isinstance(weight, bool) or not isinstance(weight, int) or weight < 0:
                raise ValueError(f"ballot {i}: count must be a whole number >= 0, got {weight!r}")
            ballot = tuple(ballot)
            if not ballot:
                empty += weight
                continue
            if not known.issuperset(ballot) or len(set(ballot)) != len(ballot):
                self._check(i, ballot)
            if weight:
                total += weight
                yield ballot, weight
        self.total, self.empty = total, empty

    def _check(self, i, ballot):
        if not self.known.issuperset(ballot):
            raise ValueError(f"ballot {i}: unknown option {next(o for o in ballot if o not in self.known)!r}")
        twice = next(o for j, o in enumerate(ballot) if o in ballot[:j])
        raise ValueError(f"ballot {i}: option {twice!r} listed more than once")


def _validate(ballots: Iterable[Sequence[str]] | Counter | Weighted, options: Iterable[str]):
    """Return (option list, valid ballots as (tuple, weight) pairs).

    ``ballots`` is a sequence of ballots, a Counter {ballot tuple: how many} or a
    Weighted: identical ballots are counted once, times their number, as every method
    here is a sum over ballots (Schulze's pairwise matrix included). The ballots are
    checked as the method reads them, in one pass, so nothing is copied.
    """
    opts = list(options)
    for o in opts:
        if not isinstance(o, str):
            # Option ids become JSON object keys in the decision log.
            raise TypeError(f"option ids must be strings, got {o!r}")
    dup = [o for o in set(opts) if opts.count(o) > 1]
    if dup:
        raise ValueError(f"option {sorted(dup)[0]!r} is declared more than once")
    return opts, _Valid(ballots, set(opts))


def _tiers(scores: Mapping[str, float]) -> list[list[str]]:
    """Group options by equal score, best first, names sorted within a tier."""
    by_score: dict[float, list[str]] = {}
    for o, s in scores.items():
        by_score.setdefault(s, []).append(o)
    return [sorted(by_score[s]) for s in sorted(by_score, reverse=True)]


def _result(method, scores, valid: _Valid, **detail) -> SurveyResult:
    return SurveyResult(method, scores, _tiers(scores), valid.total, {"empty_ballots": valid.empty, **detail})


def plurality(ballots, options) -> SurveyResult:
    opts, valid = _validate(ballots, options)
    scores = dict.fromkeys(opts, 0)
    for b, w in valid:
        scores[b[0]] += w
    return _result("plurality", scores, valid)


def approval(ballots, options) -> SurveyResult:
    opts, valid = _validate(ballots, options)
    scores = dict.fromkeys(opts, 0)
    for b, w in valid:
        for o in b:
            scores[o] += w
    return _result("approval", scores, valid)


def borda(ballots, options) -> SurveyResult:
    opts, valid = _validate(ballots, options)
    n = len(opts)
    scores = dict.fromkeys(opts, 0.0)
    truncated = 0
    for b, w in valid:
        for pos, o in enumerate(b):
            scores[o] += (n - 1 - pos) * w
        k = n - len(b)  # unranked options share points k-1 ... 0
        if k:
            truncated += w
            share = (k - 1) / 2  # a half-integer, so float sums stay exact
            for o in opts:
                if o not in b:
                    scores[o] += share * w
    return _result(
        "borda",
        scores,
        valid,
        truncated_ballots=truncated,
        points="n-1 for first choice down to 0; unranked options share the rest equally",
    )


def schulze(ballots, options) -> SurveyResult:
    opts, valid = _validate(ballots, options)
    d = {a: dict.fromkeys((b for b in opts if b != a), 0) for a in opts}
    for ballot, w in valid:
        rank = {o: r for r, o in enumerate(ballot)}
        unranked = len(ballot)  # below every ranked option, equal to each other
        for a in opts:
            for b in opts:
                if a != b and rank.get(a, unranked) < rank.get(b, unranked):
                    d[a][b] += w
    # Strongest paths (widest path, Floyd–Warshall); only winning links count.
    p = {a: {b: (d[a][b] if d[a][b] > d[b][a] else 0) for b in d[a]} for a in opts}
    for i in opts:
        for j in opts:
            if j == i:
                continue
            for k in opts:
                if k != i and k != j:
                    p[j][k] = max(p[j][k], min(p[j][i], p[i][k]))
    beats = {a: sorted(b for b in p[a] if p[a][b] > p[b][a]) for a in opts}
    # Tiers: the options no remaining option beats, removed in turn. Ranking by how many options each
    # beats would wrongly split options neither of which beats the other (two Schulze winners, say);
    # the cross-check against pref_voting's beat path method in the tests caught exactly that.
    tiers, remaining = [], set(opts)
    while remaining:
        top = sorted(a for a in remaining if not any(a in beats[b] for b in remaining))
        tiers.append(top)
        remaining -= set(top)
    scores = {a: len(tiers) - 1 - i for i, tier in enumerate(tiers) for a in tier}
    # valid held (ballot, weight) pairs: a Counter of ballots counts each distinct ballot once.
    return SurveyResult(
        "schulze",
        scores,
        tiers,
        valid.total,
        {
            "empty_ballots": valid.empty,
            "pairwise": d,
            "strongest_paths": p,
            "beats": beats,
            "score": "number of Schulze tiers below the option",
        },
    )


# ---------------------------------------------------------- committee votes

_CHOICES = ("yes", "no", "abstain")


def _count(votes: Mapping[str, str], members: int) -> tuple[int, int, int]:
    if isinstance(members, bool) or not isinstance(members, int) or members < 1:
        raise ValueError(f"members must be a positive whole number, got {members!r}")
    tally = dict.fromkeys(_CHOICES, 0)
    for member, vote in votes.items():
        if vote not in tally:
            raise ValueError(f"member {member!r}: vote must be one of {', '.join(_CHOICES)}, got {vote!r}")
        tally[vote] += 1
    if len(votes) > members:
        raise ValueError(f"{len(votes)} votes recorded but only {members} eligible members")
    return tally["yes"], tally["no"], tally["abstain"]


def simple_majority(votes, members) -> VoteResult:
    yes, no, abstain = _count(votes, members)
    return VoteResult(
        "simple_majority",
        yes,
        no,
        abstain,
        members,
        yes > no,
        f"more yes than no among {yes + no + abstain} votes cast, "
        f"abstentions not counted, a tie fails (simple majority)",
    )


def _fraction(threshold) -> Fraction:
    # A float stands for the simple fraction it was written as: 2/3 is read as
    # exactly 2/3 (a small-denominator fraction rounding to the same float),
    # else as its shortest decimal (0.6667 -> 6667/10000).  Its binary value
    # could sit just above the intended bar and wrongly fail an exact boundary.
    if isinstance(threshold, float):
        simple = Fraction(threshold).limit_denominator(1000)
        return simple if float(simple) == threshold else Fraction(str(threshold))
    return Fraction(threshold)  # int, Fraction, or a string like "2/3"


def qualified_majority(votes, members, threshold=Fraction(2, 3)) -> VoteResult:
    """Pass if yes >= threshold x members, counting ALL eligible members.

    The bar is ceil(threshold x members) yes votes; absent and abstaining
    members count against, exactly as a "no" would.
    """
    t = _fraction(threshold)
    if not 0 < t <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    yes, no, abstain = _count(votes, members)
    need = math.ceil(t * members)
    return VoteResult(
        "qualified_majority",
        yes,
        no,
        abstain,
        members,
        yes >= need,
        f"at least {need} yes of {members} eligible members "
        f"({t} of all members; absentees and abstentions count against) "
        f"(qualified majority)",
    )


def consensus(votes, members) -> VoteResult:
    yes, no, abstain = _count(votes, members)
    return VoteResult(
        "consensus", yes, no, abstain, members, yes == members, f"all {members} eligible members voted yes (consensus)"
    )


def without_opposition(votes, members) -> VoteResult:
    yes, no, abstain = _count(votes, members)
    return VoteResult(
        "without_opposition",
        yes,
        no,
        abstain,
        members,
        no == 0 and yes >= 1,
        "no member voted no and at least one voted yes; abstentions "
        "and absences allowed (without opposition / sin oposición)",
    )


# ---------------------------------------------------------------- registry

METHODS: dict[str, TallyMethod] = {
    m.name: m
    for m in (
        TallyMethod("plurality", "survey", "One point per ballot for its first choice.", plurality),
        TallyMethod("approval", "survey", "One point for every option a ballot lists.", approval),
        TallyMethod("borda", "survey", "Borda count; unranked options share the leftover points equally.", borda),
        TallyMethod("schulze", "survey", "Schulze beatpath method; Condorcet-consistent ranking.", schulze),
        TallyMethod("simple_majority", "vote", "More yes than no among votes cast; a tie fails.", simple_majority),
        TallyMethod(
            "qualified_majority",
            "vote",
            "Yes from at least a fraction (default 2/3) of all eligible members.",
            qualified_majority,
        ),
        TallyMethod("consensus", "vote", "Every eligible member votes yes.", consensus),
        TallyMethod(
            "without_opposition", "vote", "No vote against and at least one yes (sin oposición).", without_opposition
        ),
    )
}


def get_method(name: str) -> TallyMethod:
    key = str(name).strip().lower().replace("-", "_").replace(" ", "_")
    if key in METHODS:
        return METHODS[key]
    close = difflib.get_close_matches(key, list(METHODS), n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"known methods: {', '.join(sorted(METHODS))}"
    raise ConfigError(f"unknown tally method {name!r}; {hint}")
