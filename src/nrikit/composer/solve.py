"""Solving the composer's model with HiGHS (through highspy), imported only when a solve runs.

Why HiGHS: the composer is a 0/1 assignment with linear rules, i.e. a textbook
MILP; HiGHS is a maintained open-source MILP solver that reports a proven
optimality gap (the benchmark's goal), solves the LP relaxation of the elastic
model used to explain infeasibility, and installs as one small wheel (highspy +
numpy) where OR-Tools brings protobuf and a much larger binary.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..errors import NrikitError
from .model import Model

# Price of one unit of relaxation per rule, in the elastic model: double-booking a person (availability)
# is a physical impossibility, so it is the last thing to relax.
RELAX_PRICE = {"availability": 3.0, "expertise": 1.0}
DEFAULT_PRICE = 1.0
PRESOLVE_OFF_ABOVE = 20_000  # columns


class SolverUnavailable(NrikitError):
    pass


def _highspy():
    try:
        import highspy
    except ImportError as exc:  # pragma: no cover - highspy is a dependency
        raise SolverUnavailable("the composer needs the HiGHS solver: pip install highspy") from exc
    return highspy


_bannered = False


def _new_highs(highspy):
    """HiGHS prints a copyright banner on stdout (C level) when the first instance is made; it would
    corrupt `nrikit compose --json`, so the first construction runs with fd 1 pointed at /dev/null."""
    global _bannered
    if _bannered:
        return highspy.Highs()
    import os
    import sys

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    _bannered = True
    return h


@dataclass
class Solution:
    status: str  # optimal | feasible (time limit hit) | infeasible | no_solution
    values: list[float] = field(default_factory=list)
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    seconds: float = 0.0
    slacks: list = field(default_factory=list)  # (row, sign, amount): relaxations used by the elastic model
    reduced_costs: list = field(default_factory=list)  # LP relaxation only (relax=True)


def solve(
    model: Model,
    *,
    costs=None,
    time_limit: float = 60.0,
    mip_gap: float = 1e-4,
    slack_rows: bool = False,
    threads: int | None = None,
    fixed_zero=(),
) -> Solution:
    """Maximise costs·cols subject to the model's rows. With slack_rows, every elastic row gets slack
    columns, priced by RELAX_PRICE, and the objective becomes: minimise the priced relaxation.
    `fixed_zero` columns are held at 0 (see solve_by_pricing)."""
    h, slacks = _highs(model, costs, time_limit, mip_gap, slack_rows, threads, fixed_zero, relax=False)
    return _run(h, model, slacks)


def _highs(model, costs, time_limit, mip_gap, slack_rows, threads, fixed_zero, *, relax: bool):
    """A HiGHS instance holding the model (relax: as an LP), ready to run."""
    import numpy as np

    highspy = _highspy()
    n = model.ncols
    col_cost = list(costs) if costs is not None else [0.0] * n
    col_upper = list(model.col_upper)
    for j in fixed_zero:
        col_upper[j] = 0.0
    integer = [False] * n if relax else list(model.integer)
    starts, index, value, lo, hi = [0], [], [], [], []
    slacks: list[tuple[int, int, float]] = []  # (row, column, sign)
    for r, row in enumerate(model.rows):
        index.extend(row.cols)
        value.extend(row.coefs)
        if slack_rows and row.elastic:
            price = RELAX_PRICE.get(row.rule, DEFAULT_PRICE)
            for sign, bound in ((1.0, row.lo), (-1.0, row.hi)):
                if bound in (float("inf"), float("-inf")):
                    continue
                # +s lets the row fall below lo; -s lets it exceed hi.
                col = n + len(slacks)
                slacks.append((r, col, sign))
                index.append(col)
                value.append(sign)
                col_cost.append(-price)
                col_upper.append(float("inf"))
                integer.append(False)
        starts.append(len(index))
        lo.append(row.lo)
        hi.append(row.hi)
    if slack_rows:
        # Ineligible pairs (allow_ineligible) cost one unit of the expertise rule each.
        for p, s in model.ineligible:
            col_cost[model.x_col[(p, s)]] -= RELAX_PRICE["expertise"]
    total = len(col_cost)
    lp = highspy.HighsLp()
    lp.num_col_ = total
    lp.num_row_ = len(model.rows)
    lp.col_cost_ = np.array([-c for c in col_cost], dtype=float)  # HiGHS minimises
    lp.col_lower_ = np.zeros(total)
    lp.col_upper_ = np.array(col_upper, dtype=float)
    lp.row_lower_ = np.array(lo, dtype=float)
    lp.row_upper_ = np.array(hi, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.array(starts, dtype=np.int32)
    lp.a_matrix_.index_ = np.array(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.array(value, dtype=float)
    lp.a_matrix_.num_col_ = total
    lp.a_matrix_.num_row_ = len(model.rows)
    lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous for i in integer]
    h = _new_highs(highspy)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_rel_gap", float(mip_gap))
    h.setOptionValue("random_seed", 0)
    if threads:
        h.setOptionValue("threads", int(threads))
    if not relax and total - len(fixed_zero) > PRESOLVE_OFF_ABOVE:
        # Measured at global scale (71k columns): HiGHS's MIP presolve and setup took ~2/3 of a 20 s
        # solve, while the root LP is already integral; without it the same optimum comes in ~8 s.
        h.setOptionValue("presolve", "off")
    h.passModel(lp)
    return h, slacks


def _run(h, model: Model, slacks=(), *, relax: bool = False) -> Solution:
    highspy = _highspy()
    started = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - started
    status = h.getModelStatus()
    info = h.getInfo()
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    S = highspy.HighsModelStatus
    if status == S.kOptimal:
        name = "optimal"
    elif status == S.kInfeasible:
        name = "infeasible"
    elif has_solution:
        name = "feasible"
    else:
        name = "no_solution"
    if not has_solution:
        return Solution(name, seconds=seconds)
    solution = h.getSolution()
    values = list(solution.col_value)
    objective = -info.objective_function_value
    if relax:
        # HiGHS minimised -costs: a column held at 0 whose reduced cost is negative would raise the score.
        lp = Solution(name, values, objective, objective, 0.0, seconds)
        lp.reduced_costs = list(solution.col_dual)
        return lp
    bound = -info.mip_dual_bound if info.mip_dual_bound not in (float("inf"), float("-inf")) else None
    sol = Solution(
        name, values, objective, bound, info.mip_gap if name != "optimal" else max(0.0, info.mip_gap), seconds
    )
    sol.slacks = [(model.rows[r], sign, values[col]) for r, col, sign in slacks if values[col] > 1e-6]
    return sol


# Above this many (person, panel) pairs the solver starts from each panel's best-scoring candidates and
# prices the rest in (solve_by_pricing). Measured at 1,000 sessions x 6,667 candidates (394k pairs): the
# full model's LP relaxation alone took ~2 minutes; restricted to a tenth of the columns, a few seconds.
PRICE_ABOVE = 100_000
KEEP_PER_SEAT = 14  # candidates kept per seat of max_size before pricing
SUPPORT_FLOOR = 0.01  # LP value above which a column joins the incumbent's MILP


@dataclass
class _Arrays:
    """The model's rows as numpy CSR arrays, and the row of each non-zero (for A^T y)."""

    starts: object
    index: object
    value: object
    row_of: object
    lo: object
    hi: object


def _arrays(model: Model) -> _Arrays:
    starts, index, value, row_of, lo, hi = model.csr()
    return _Arrays(starts, index, value, row_of, lo, hi)


def _restricted(highspy, model: Model, a: _Arrays, cost, keep, *, relax: bool, time_limit, mip_gap, threads):
    """A HiGHS instance over the columns where `keep` is true (every row kept; a row left empty is
    trivially met or, with a positive lower bound, makes the restricted model infeasible)."""
    import numpy as np

    cols = np.flatnonzero(keep)
    new_id = np.cumsum(keep) - 1
    nz = keep[a.index]
    counts = np.bincount(a.row_of[nz], minlength=len(a.lo))
    starts = np.zeros(len(a.lo) + 1, dtype=np.int32)
    np.cumsum(counts, out=starts[1:])
    lp = highspy.HighsLp()
    lp.num_col_ = len(cols)
    lp.num_row_ = len(a.lo)
    lp.col_cost_ = -cost[cols]  # HiGHS minimises
    lp.col_lower_ = np.zeros(len(cols))
    lp.col_upper_ = np.asarray(model.col_upper, dtype=float)[cols]
    lp.row_lower_ = a.lo
    lp.row_upper_ = a.hi
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = starts
    lp.a_matrix_.index_ = new_id[a.index[nz]].astype(np.int32)
    lp.a_matrix_.value_ = a.value[nz]
    lp.a_matrix_.num_col_ = len(cols)
    lp.a_matrix_.num_row_ = len(a.lo)
    if not relax:
        integer = np.asarray(model.integer, dtype=bool)[cols]
        kinds = (highspy.HighsVarType.kContinuous, highspy.HighsVarType.kInteger)
        lp.integrality_ = [kinds[int(i)] for i in integer]
    h = _new_highs(highspy)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(max(time_limit, 0.1)))
    h.setOptionValue("mip_rel_gap", float(mip_gap))
    h.setOptionValue("random_seed", 0)
    if threads:
        h.setOptionValue("threads", int(threads))
    if not relax and len(cols) > PRESOLVE_OFF_ABOVE:
        h.setOptionValue("presolve", "off")
    h.passModel(lp)
    return h, cols


def solve_by_pricing(model: Model, *, costs, time_limit: float = 60.0, mip_gap: float = 0.0, threads=None) -> Solution:
    """The same optimum as solve() (or one within mip_gap of it), for large pools, by column generation,
    with a bound valid for the full model.

    1. Keep each panel's KEEP_PER_SEAT x max_size best-scoring (person, panel) columns, and its best few
       of every gender, stakeholder group and quota flag (so the rules can hold on what is kept); hold
       out the rest. Every row is kept.
    2. Solve the LP relaxation over the kept columns. Its row prices pi give, by Lagrangian duality, an
       upper bound on the full model (held columns included): sum_r pi_r * (hi_r or lo_r) plus, for
       every column, max(0, c_j - a_j.pi). That holds for any prices, so with a gap to spare the LP is
       solved by interior point without crossover (faster; its prices are approximate, the bound stays
       valid); with mip_gap 0, by simplex (exact prices). An incumbent comes from the LP point rounded,
       or else from the MILP over the columns the LP uses. Within mip_gap of the bound: done.
    3. Otherwise free the held columns that would raise the score at those prices (the best few per
       panel) and solve again, until none would or the bound is within a quarter of the gap of the LP;
       then solve the MILP over the kept columns.

    The gap reported is against a bound of the full model, never of the restricted one, so "optimal" and
    "within 1%" keep their meaning. (When no bound could be computed in time, the status is "feasible"
    with no gap.) Measured at 1,000 sessions x 6,667 candidates: one round, 82k of 394k columns kept.
    """
    import numpy as np

    highspy = _highspy()
    started = time.perf_counter()
    a = _arrays(model)
    cost = np.asarray(costs, dtype=float)
    n = model.ncols
    seats = max(1, model.rules.max_size)
    x_cols = np.zeros(n, dtype=bool)
    x_cols[list(model.x_col.values())] = True
    session_of = np.full(n, -1, dtype=np.int64)
    ranked_of: dict[str, list[int]] = {}
    for k, (s, members) in enumerate(model.by_session.items()):
        ranked_of[s] = [i for _, i in sorted(members, key=lambda pi: costs[pi[1]], reverse=True)]
        session_of[[i for _, i in members]] = k

    keys_of = {
        c.id: (
            ("g", c.gender),
            ("k", c.stakeholder),
            ("r", c.remote),
            ("n", c.newcomer),
            ("i", model.instance.international(c)),
        )
        for c in model.candidates.values()
    }
    person_of = [p for p, _ in model.pairs]

    def initial(keep_n: int):
        kept = ~x_cols  # helper columns are always in
        for ranked in ranked_of.values():
            kept[ranked[:keep_n]] = True
            groups: dict[tuple, int] = {}
            for i in ranked:
                for key in keys_of[person_of[i]]:
                    if groups.get(key, 0) < seats:
                        groups[key] = groups.get(key, 0) + 1
                        kept[i] = True
        return kept

    keep_n = KEEP_PER_SEAT * seats
    kept = initial(keep_n)
    upper = np.asarray(model.col_upper, dtype=float)
    integer = np.asarray(model.integer, dtype=bool)
    finite_lo, finite_hi = np.isfinite(a.lo), np.isfinite(a.hi)
    lo0, hi0 = np.where(finite_lo, a.lo, 0.0), np.where(finite_hi, a.hi, 0.0)

    def lagrangian(pi):
        """An upper bound on the full model from any row prices pi (LP duality, Lagrangian form):
        sum_r pi_r * (hi_r if pi_r > 0 else lo_r) + sum_j u_j * max(0, c_j - a_j.pi). Valid for any pi,
        exact or not, once prices on a side with no bound are set to 0; returns it and each column's gain."""
        pi = np.where((pi > 0) & ~finite_hi, 0.0, pi)
        pi = np.where((pi < 0) & ~finite_lo, 0.0, pi)
        gain = cost - np.bincount(a.index, weights=a.value * pi[a.row_of], minlength=n)
        rows = float(np.where(pi > 0, pi * hi0, pi * lo0).sum())
        return rows + float((upper * np.maximum(gain, 0.0)).sum()), gain

    def rounded(x_kept):
        """The LP point over the kept columns rounded to 0/1 (helper columns set to what the rounded
        panels imply), or None when it breaks a row."""
        x = np.zeros(n)
        x[cols] = x_kept
        x[integer] = np.round(x[integer])
        x[~integer] = 0.0
        values = x.tolist()
        for z in model.z_cols.values():
            values[z] = 0.0
        for (p, sid), i in model.x_col.items():
            if values[i] > 0.5:
                z = model.z_cols.get((sid, model.candidates[p].stakeholder))
                if z is not None:
                    values[z] = 1.0
        x = np.asarray(values)
        activity = np.bincount(a.row_of, weights=a.value * x[a.index], minlength=len(a.lo))
        if np.any(activity < a.lo - 1e-6) or np.any(activity > a.hi + 1e-6):
            return None
        return x

    # With a gap to spare, the LP is solved by interior point without crossover (measured at 1,000
    # sessions: ~60% of the simplex's time); its approximate prices still give a valid bound, through
    # lagrangian(). With no gap to spare, by simplex: exact prices, so the bound can meet the optimum.
    approximate = mip_gap > 0
    bound = best = None
    tolerance = mip_gap / 4 if mip_gap > 0 else 0.0
    while True:
        left = time_limit - (time.perf_counter() - started)
        if left <= 1:
            break
        h, cols = _restricted(
            highspy, model, a, cost, kept, relax=True, time_limit=left, mip_gap=mip_gap, threads=threads
        )
        if approximate:
            h.setOptionValue("solver", "ipm")
            h.setOptionValue("run_crossover", "off")
        h.run()
        status = h.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible and not kept.all():
            # The kept candidates cannot meet the rules together: keep twice as many and start again.
            keep_n = max(2 * keep_n, seats)
            kept |= initial(keep_n)
            continue
        if status != highspy.HighsModelStatus.kOptimal:
            break
        solution = h.getSolution()
        lp_value = -h.getInfo().objective_function_value
        # HiGHS minimised -c, so its row duals are the opposite of our prices.
        full_bound, gain = lagrangian(-np.asarray(solution.row_dual, dtype=float))
        bound = full_bound if bound is None else min(bound, full_bound)
        x_lp = np.asarray(solution.col_value, dtype=float)
        x = rounded(x_lp)
        if x is None and approximate:
            # An interior point is not a vertex: solve the MILP over the columns the LP uses at all
            # (a few per seat), which is fast, for an incumbent.
            support = ~integer.copy()
            support[cols[x_lp > SUPPORT_FLOOR]] = True
            hs, support_cols = _restricted(
                highspy,
                model,
                a,
                cost,
                support,
                relax=False,
                time_limit=max(1.0, left / 2),
                mip_gap=mip_gap / 2,
                threads=threads,
            )
            sub = _run(hs, model)
            if sub.values:
                x = np.zeros(n)
                x[support_cols] = sub.values
        if x is not None:
            value = float(cost @ x)
            if best is None or value > best[0]:
                best = (value, x)
        held_gain = np.where(kept, 0.0, np.maximum(gain, 0.0))
        improving = np.flatnonzero(held_gain > 1e-9)
        if best is not None and (bound - best[0]) <= max(mip_gap, 1e-9) * abs(bound):
            break  # the rounded LP point is within the gap of a full-model bound: done
        if not len(improving) or (bound - lp_value) <= tolerance * abs(bound):
            break  # pricing is done; the MILP over the kept columns follows
        # Free the most improving held columns, at most keep_n more per panel a round.
        order = improving[np.argsort(-held_gain[improving], kind="stable")]
        rank = np.zeros(len(order), dtype=np.int64)
        seen: dict[int, int] = {}
        for t, k in enumerate(session_of[order].tolist()):
            rank[t] = seen.get(k, 0)
            seen[k] = rank[t] + 1
        kept[order[rank < keep_n]] = True
    if bound is not None and best is not None and (bound - best[0]) <= max(mip_gap, 1e-9) * abs(bound):
        sol = Solution("optimal", best[1].tolist(), best[0], bound, seconds=time.perf_counter() - started)
        sol.gap = max(0.0, (bound - best[0]) / max(abs(bound), 1e-9))
        return sol
    left = max(1.0, time_limit - (time.perf_counter() - started))
    restricted_gap = mip_gap / 2 if mip_gap > 0 else 0.0
    h, cols = _restricted(
        highspy, model, a, cost, kept, relax=False, time_limit=left, mip_gap=restricted_gap, threads=threads
    )
    sub = _run(h, model)
    if sub.status == "infeasible" and not kept.all():
        # Infeasible on the kept columns says nothing of the whole pool: ask the whole model.
        left = max(1.0, time_limit - (time.perf_counter() - started))
        sol = solve(model, costs=costs, time_limit=left, mip_gap=mip_gap, threads=threads)
        sol.seconds = time.perf_counter() - started
        return sol
    sol = Solution(sub.status, seconds=time.perf_counter() - started)
    if sub.values and (best is None or sub.objective >= best[0]):
        values = np.zeros(n)
        values[cols] = sub.values
        sol.values, sol.objective = values.tolist(), sub.objective
    elif best is not None:  # the rounded LP point beats what the MILP found in the time left
        sol.status, sol.values, sol.objective = "feasible", best[1].tolist(), best[0]
    else:
        return sol
    if bound is None:  # pricing did not finish: no bound is known for the full model
        sol.status = "feasible"
        return sol
    sol.bound = bound
    sol.gap = max(0.0, (bound - sol.objective) / max(abs(bound), 1e-9))
    sol.status = "optimal" if sol.gap <= max(mip_gap, 1e-9) else "feasible"
    return sol
