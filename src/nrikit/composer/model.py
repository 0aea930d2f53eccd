"""The panel composer's instance and its rules as linear constraints.

One definition per rule: every rule of [panels] is written once, as rows of a
linear model over 0/1 variables x[person, panel] (sits on the panel) and
m[person, panel] (moderates it). The solver (HiGHS, see solve.py) gets those
rows as constraints; check mode evaluates the very same rows at a hand-made
draft; the infeasibility explanation adds a slack to each row and reports the
rows whose slack is non-zero. So a rule cannot mean one thing to the solver
and another to the checker.

Nothing here imports the solver: building and evaluating rows is plain Python.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

STATED_GENDERS = ("woman", "man", "non_binary")

# Objective weights (integers, so a seeded lottery term below 1 can only break
# ties between solutions that are equally good on these).
EXPERTISE_WEIGHT = 10  # per expertise tag shared with the panel's topic
NOMINATION_WEIGHT = 20  # a committee nomination for the panel's topic ...
SCORE_WEIGHT = 10  # ... plus its score (0-10 scale in nominations.csv) times this
OFFERED_WEIGHT = 2  # offered to speak in the open call (bottom-up: prefer volunteers)


@dataclass
class Candidate:
    id: str
    gender: str = "not_stated"
    stakeholder: str | None = None
    organisation: str | None = None
    country: str | None = None
    expertise: frozenset = frozenset()
    remote: bool = False
    newcomer: bool = False
    offered: bool = False  # offered to speak in the open call
    nominations: dict = field(default_factory=dict)  # topic id -> score


@dataclass
class Session:
    id: str
    topic_id: str
    title: str = ""
    tags: frozenset = frozenset()
    starts: str | None = None
    ends: str | None = None
    room: str | None = None


@dataclass
class Rules:
    """The thresholds of [panels], with 0 meaning "no such rule"."""

    min_size: int = 3
    max_size: int = 7
    require_moderator: bool = True
    gender_rule: str = "mixed"
    min_stakeholder_groups: int = 2
    max_sessions_per_speaker: int = 3
    max_sessions_per_organisation: int = 0
    min_international: int = 0
    min_remote: int = 0
    min_newcomers: int = 0
    require_expertise: bool = True

    @classmethod
    def from_config(cls, panels: dict) -> Rules:
        names = cls.__dataclass_fields__
        return cls(**{k: panels[k] for k in names if k in panels})


@dataclass
class Instance:
    sessions: list[Session]
    candidates: list[Candidate]
    rules: Rules
    home_country: str | None = None

    def eligible(self, c: Candidate, s: Session) -> bool:
        """May c sit on s at all? With require_expertise: a shared tag, or a nomination for the topic."""
        if not self.rules.require_expertise or not s.tags:
            return True
        return bool(c.expertise & s.tags) or s.topic_id in c.nominations

    def weight(self, c: Candidate, s: Session) -> int:
        w = EXPERTISE_WEIGHT * len(c.expertise & s.tags)
        if s.topic_id in c.nominations:
            w += NOMINATION_WEIGHT + round(SCORE_WEIGHT * float(c.nominations[s.topic_id] or 0))
        if c.offered:
            w += OFFERED_WEIGHT
        return w

    def international(self, c: Candidate) -> bool:
        return bool(self.home_country and c.country and c.country != self.home_country)


@dataclass
class Row:
    """lo <= sum(coef * col) <= hi. `rule` names the [panels] rule (or plugin constraint); `subject` is
    panel:ID, person:ID or organisation:ID. Structural rows (elastic=False) define helper columns and
    are never relaxed."""

    cols: list[int]
    coefs: list[float]
    lo: float
    hi: float
    rule: str
    subject: str
    elastic: bool = True

    def activity(self, values) -> float:
        return sum(c * values[i] for i, c in zip(self.cols, self.coefs))


INF = float("inf")


class Overlay:
    """A full point with a few columns replaced."""

    def __init__(self, base, over):
        self.base, self.over = base, over

    def __getitem__(self, i):
        return self.over.get(i, self.base[i])


@dataclass
class ComposerConstraint:
    """A plugin's extra rule: build(model) calls model.add_row(...) with x/m columns."""

    name: str
    description: str
    build: Callable[[Model], None]


class Model:
    """Columns and rows for one instance. `extra_pairs` lets check mode add a draft's (person, panel)
    pairs that the eligibility filter would not create."""

    def __init__(
        self,
        instance: Instance,
        *,
        extra_pairs=(),
        allow_ineligible: bool = False,
        plugins=(),
        moderator_columns: bool = True,
    ):
        """moderator_columns=False leaves out the m columns: when no row but "exactly one moderator"
        reads them, any seated panellist can moderate, so the solver need not choose (compose() picks the
        moderator after the solve, see choose_moderators). A plugin that calls m() while they are left out
        sets `wants_moderator_columns`, and the caller builds the full model instead."""
        self.instance = instance
        self.wants_moderator_columns = False
        self.rules = instance.rules
        self.sessions = {s.id: s for s in instance.sessions}
        self.candidates = {c.id: c for c in instance.candidates}
        pairs = set()
        self.ineligible: set[tuple[str, str]] = set()
        # Index candidates by expertise tag and nominated topic: at global scale (2,000 x 300) testing
        # every pair would dominate the model's build time. Same result as Instance.eligible().
        by_tag, by_topic = defaultdict(set), defaultdict(set)
        for c in instance.candidates:
            for t in c.expertise:
                by_tag[t].add(c.id)
            for t in c.nominations:
                by_topic[t].add(c.id)
        everyone = {c.id for c in instance.candidates}
        for s in instance.sessions:
            if not self.rules.require_expertise or not s.tags:
                ok = everyone
            else:
                ok = set(by_topic.get(s.topic_id, ())).union(*(by_tag.get(t, ()) for t in s.tags))
            pairs.update((p, s.id) for p in ok)
            if allow_ineligible:
                for p in everyone - ok:
                    pairs.add((p, s.id))
                    self.ineligible.add((p, s.id))
        for p, s in extra_pairs:
            if (p, s) not in pairs and p in self.candidates and s in self.sessions:
                pairs.add((p, s))
                if not instance.eligible(self.candidates[p], self.sessions[s]):
                    self.ineligible.add((p, s))
        # A stable order (panel, person) so column numbers, and so the lottery, do not depend on set order.
        self.pairs: list[tuple[str, str]] = sorted(pairs, key=lambda ps: (ps[1], ps[0]))
        n = len(self.pairs)
        self.x_col = {ps: i for i, ps in enumerate(self.pairs)}
        self.moderator_columns = moderator_columns and self.rules.require_moderator
        self.m_col = {ps: n + i for i, ps in enumerate(self.pairs)} if self.moderator_columns else {}
        self.ncols = n + len(self.m_col)
        self.col_upper: list[float] = [1.0] * self.ncols
        self.integer: list[bool] = [True] * self.ncols
        self.z_cols: dict[tuple[str, str], int] = {}  # (panel, stakeholder group) -> helper column
        self.z_of_session: dict[str, list[int]] = defaultdict(list)
        self.by_session: dict[str, list[tuple[str, int]]] = defaultdict(list)
        self.by_person: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for (p, s), i in self.x_col.items():
            self.by_session[s].append((p, i))
            self.by_person[p].append((s, i))
        self.rows: list[Row] = []
        self._build()
        for constraint in plugins:
            before = len(self.rows)
            constraint.build(self)
            for row in self.rows[before:]:
                row.rule = row.rule or constraint.name

    # -- API for plugins ------------------------------------------------------------------------
    def x(self, person: str, session: str) -> int | None:
        return self.x_col.get((person, session))

    def m(self, person: str, session: str) -> int | None:
        if self.rules.require_moderator and not self.moderator_columns:
            self.wants_moderator_columns = True
        return self.m_col.get((person, session))

    def session_members(self, session: str) -> list[tuple[Candidate, int]]:
        return [(self.candidates[p], i) for p, i in self.by_session.get(session, ())]

    def person_sessions(self, person: str) -> list[tuple[Session, int]]:
        return [(self.sessions[s], i) for s, i in self.by_person.get(person, ())]

    def add_row(self, terms, lo=-INF, hi=INF, *, rule="", subject="", elastic=True) -> Row:
        terms = [(i, c) for i, c in terms if i is not None]
        row = Row([i for i, _ in terms], [float(c) for _, c in terms], float(lo), float(hi), rule, subject, elastic)
        self.rows.append(row)
        return row

    def _ones(self, cols, lo=-INF, hi=INF, *, rule, subject, elastic=True) -> Row:
        """add_row for a sum of columns with coefficient 1 (most rules): no per-term tuples to unpack,
        which at 1,000 sessions (76k rows) was half the model's build time."""
        row = Row(cols, [1.0] * len(cols), float(lo), float(hi), rule, subject, elastic)
        self.rows.append(row)
        return row

    def _helper(self) -> int:
        self.col_upper.append(1.0)
        self.integer.append(False)
        self.ncols += 1
        return self.ncols - 1

    # -- the rules ------------------------------------------------------------------------------
    def _build(self):
        r, inst = self.rules, self.instance
        for s in inst.sessions:
            members = self.by_session.get(s.id, [])
            xs = [i for _, i in members]
            subject = f"panel:{s.id}"
            self._ones(xs, r.min_size, r.max_size, rule="size", subject=subject)
            if r.require_moderator and not self.moderator_columns:
                # Without m columns "exactly one moderator" means "someone sits on the panel", which
                # min_size >= 1 already says.
                if r.min_size < 1:
                    self._ones(xs, lo=1, rule="moderator", subject=subject)
            elif r.require_moderator:
                for p, i in members:
                    self.add_row(
                        [(self.m_col[(p, s.id)], 1), (i, -1)],
                        hi=0,
                        rule="moderator_role",
                        subject=subject,
                        elastic=False,
                    )
                self.add_row([(self.m_col[(p, s.id)], 1) for p, _ in members], 1, 1, rule="moderator", subject=subject)
            genders = {p: self.candidates[p].gender for p, _ in members}
            if r.gender_rule in ("mixed", "parity"):
                # "At least one panellist of a different gender from the rest": for every gender g, someone
                # of a stated gender other than g. Together: at least two distinct stated genders.
                stated = [(genders[p], i) for p, i in members if genders[p] in STATED_GENDERS]
                for g in STATED_GENDERS:
                    self._ones([i for h, i in stated if h != g], lo=1, rule="gender", subject=subject)
            if r.gender_rule == "parity":
                # No gender above 60% of the panellists whose gender is stated: 5*n_g - 3*n_stated <= 0.
                for g in STATED_GENDERS:
                    terms = [(i, (5 if genders[p] == g else 0) - 3) for p, i in members if genders[p] in STATED_GENDERS]
                    self.add_row([t for t in terms if t[1]], hi=0, rule="gender", subject=subject)
            if r.min_stakeholder_groups >= 1:
                groups = defaultdict(list)
                for p, i in members:
                    if self.candidates[p].stakeholder:
                        groups[self.candidates[p].stakeholder].append(i)
                zs = []
                for k, cols in sorted(groups.items()):
                    # z (continuous, 0..1) can be positive only if someone of group k sits on the panel, so
                    # sum(z) >= N forces N groups present without an integer per group.
                    z = self._helper()
                    self.z_cols[(s.id, k)] = z
                    self.z_of_session[s.id].append(z)
                    self.add_row(
                        [(z, 1)] + [(i, -1) for i in cols],
                        hi=0,
                        rule="stakeholder_groups_link",
                        subject=subject,
                        elastic=False,
                    )
                    zs.append((z, 1))
                self.add_row(zs, lo=r.min_stakeholder_groups, rule="stakeholder_groups", subject=subject)
            for flag, minimum, test in (
                ("international", r.min_international, inst.international),
                ("remote", r.min_remote, lambda c: c.remote),
                ("newcomers", r.min_newcomers, lambda c: c.newcomer),
            ):
                if minimum:
                    self._ones(
                        [i for p, i in members if test(self.candidates[p])],
                        lo=minimum,
                        rule=f"quota_{flag}",
                        subject=subject,
                    )
        for p, items in sorted(self.by_person.items()):
            if r.max_sessions_per_speaker and len(items) > r.max_sessions_per_speaker:
                self._ones(
                    [i for _, i in items],
                    hi=r.max_sessions_per_speaker,
                    rule="sessions_per_person",
                    subject=f"person:{p}",
                )
        if r.max_sessions_per_organisation:
            by_org = defaultdict(list)
            for p, items in self.by_person.items():
                org = self.candidates[p].organisation
                if org:
                    by_org[org].extend(i for _, i in items)
            for org, cols in sorted(by_org.items()):
                if len(cols) > r.max_sessions_per_organisation:
                    self._ones(
                        list(cols),
                        hi=r.max_sessions_per_organisation,
                        rule="sessions_per_organisation",
                        subject=f"organisation:{org}",
                    )
        cliques_of = defaultdict(list)
        for n, clique in enumerate(overlap_cliques(inst.sessions)):
            for sid in clique:
                cliques_of[sid].append(n)
        for p, items in sorted(self.by_person.items()):
            at = defaultdict(list)
            for sid, i in items:
                for n in cliques_of.get(sid, ()):
                    at[n].append(i)
            subject = f"person:{p}"
            for _, cols in sorted(at.items()):
                if len(cols) > 1:
                    self._ones(cols, hi=1, rule="availability", subject=subject)

    def session_values(self, session: str, members) -> dict[int, float]:
        """Column values of one panel's x, m and z columns for the given members: overlaid on a full
        point, this evaluates a swap without recomputing the whole programme."""
        out = {}
        for p, i in self.by_session.get(session, ()):
            out[i] = 0.0
            j = self.m_col.get((p, session))
            if j is not None:
                out[j] = 0.0
        for z in self.z_of_session.get(session, ()):
            out[z] = 0.0
        for p, role in members:
            i = self.x_col.get((p, session))
            if i is None:
                continue
            out[i] = 1.0
            if role == "moderator" and (p, session) in self.m_col:
                out[self.m_col[(p, session)]] = 1.0
            z = self.z_cols.get((session, self.candidates[p].stakeholder))
            if z is not None:
                out[z] = 1.0
        return out

    # -- objective ------------------------------------------------------------------------------
    def objective(self, seed: int) -> tuple[list[float], list[int]]:
        """Integer weights per x column, plus a seeded lottery term that sums to less than 1 over any
        solution: it only decides between solutions equally good on the weights."""
        # Sessions on one topic share its tags: weigh each (person, topic, tags) once.
        memo: dict[tuple, int] = {}
        weights = []
        for p, s in self.pairs:
            session = self.sessions[s]
            key = (p, session.topic_id, session.tags)
            w = memo.get(key)
            if w is None:
                w = memo[key] = self.instance.weight(self.candidates[p], session)
            weights.append(w)
        rng = random.Random(seed)
        seats = max(1, len(self.sessions) * self.rules.max_size)
        eps = 0.5 / seats
        lottery = [rng.random() * eps for _ in self.pairs]
        cost = [0.0] * self.ncols
        for i, (w, u) in enumerate(zip(weights, lottery)):
            cost[i] = w + u
        return cost, weights

    # -- evaluation at a point (check mode and verification) ------------------------------------
    def point(self, assignment: dict[str, list[tuple[str, str]]]) -> list[float]:
        """Column values for panels given as {panel: [(person, role), ...]}."""
        values = [0.0] * self.ncols
        for s, members in assignment.items():
            for p, role in members:
                i = self.x_col.get((p, s))
                if i is None:
                    continue
                values[i] = 1.0
                if role == "moderator" and (p, s) in self.m_col:
                    values[self.m_col[(p, s)]] = 1.0
        for s, members in assignment.items():
            for p, _ in members:
                c = self.candidates.get(p)
                z = self.z_cols.get((s, c.stakeholder)) if c and (p, s) in self.x_col else None
                if z is not None:
                    values[z] = 1.0
        return values

    def violated(self, values, rows=None) -> list[Row]:
        if rows is None and len(self.rows) > 10_000:
            return self._violated_in_bulk(values)
        out = []
        for row in self.rows if rows is None else rows:
            if not row.elastic:
                continue
            a = row.activity(values)
            if a < row.lo - 1e-6 or a > row.hi + 1e-6:
                out.append(row)
        return out

    def csr(self):
        """The rows as numpy arrays (row starts, column index, coefficient, row of each non-zero, lo,
        hi), built once per set of rows: the solver's large-pool path and violated() share them."""
        import numpy as np

        cached = self.__dict__.get("_csr")
        if cached is not None and cached[0] == len(self.rows):
            return cached[1]
        rows = self.rows
        lengths = np.fromiter((len(r.cols) for r in rows), dtype=np.int64, count=len(rows))
        starts = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        index = np.fromiter((i for r in rows for i in r.cols), dtype=np.int32, count=int(starts[-1]))
        value = np.fromiter((c for r in rows for c in r.coefs), dtype=float, count=int(starts[-1]))
        lo = np.fromiter((r.lo for r in rows), dtype=float, count=len(rows))
        hi = np.fromiter((r.hi for r in rows), dtype=float, count=len(rows))
        row_of = np.repeat(np.arange(len(rows), dtype=np.int32), lengths)
        arrays = (starts, index, value, row_of, lo, hi)
        self._csr = (len(rows), arrays)
        return arrays

    def _violated_in_bulk(self, values) -> list[Row]:
        """violated() over every row at once, with numpy: at 1,000 sessions (76k rows) the row-by-row
        sums took ~2 s of the compose call. Same test, same tolerance."""
        import numpy as np

        _, index, value, row_of, lo, hi = self.csr()
        x = np.asarray(values, dtype=float)
        activity = np.bincount(row_of, weights=value * x[index], minlength=len(self.rows))
        elastic = np.fromiter((r.elastic for r in self.rows), dtype=bool, count=len(self.rows))
        broken = elastic & ((activity < lo - 1e-6) | (activity > hi + 1e-6))
        return [self.rows[k] for k in np.flatnonzero(broken).tolist()]


def overlap_cliques(sessions) -> list[list[str]]:
    """Maximal sets of sessions running at the same time. Intervals overlap pairwise iff they share a
    point, and every maximal clique contains some session's start, so one set per start suffices."""
    timed = [(s.starts, s.ends, s.id) for s in sessions if s.starts and s.ends]
    out, seen = [], set()
    for start, _, _ in sorted(timed):
        clique = tuple(sorted(sid for s0, e0, sid in timed if s0 <= start < e0))
        if len(clique) > 1 and clique not in seen:
            seen.add(clique)
            out.append(list(clique))
    # Drop cliques contained in another one: they add nothing.
    sets = [set(c) for c in out]
    return [c for c, s in zip(out, sets) if not any(s < other for other in sets)]
