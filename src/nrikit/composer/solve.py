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
# prices the rest in (solve_by_pricing). Measured at 1,000 sessions x 6,667 candidates (389k pairs):
# the LP relaxation of the full model alone took ~50 s; restricted and priced, a few seconds.
PRICE_ABOVE = 100_000
KEEP_PER_SEAT = 8  # candidates kept per seat of max_size before pricing


def solve_by_pricing(model: Model, *, costs, time_limit: float = 60.0, mip_gap: float = 0.0, threads=None) -> Solution:
    """The same optimum as solve(), for large pools, by column generation.

    1. Hold at 0 every (person, panel) column but each panel's KEEP_PER_SEAT x max_size best-scoring ones.
    2. Solve the LP relaxation; free the held columns whose reduced cost shows they would raise the
       score (the best few per panel each round) and solve again; repeat until none would. (Each round
       is solved afresh with presolve: measured at 1,000 sessions, re-solving from the previous basis
       was slower, dual or primal.) The LP value is then the full model's LP bound: a valid upper bound on any solution,
       held columns included (LP duality).
    3. Solve the MILP over the freed columns and measure its gap against that full bound.

    The gap reported is against the full model's bound, so "optimal" and "within 1%" keep their meaning.
    (Pricing makes the LP exact, not the MILP: a held column could still improve an integer solution by
    at most the gap, which is why the gap, not the restricted solver's own, is what is reported.)
    """
    import numpy as np

    started = time.perf_counter()
    seats = max(1, model.rules.max_size)
    keep = KEEP_PER_SEAT * seats
    session_of: dict[int, str] = {}
    ranked_of: dict[str, list[int]] = {}
    for s, members in model.by_session.items():
        ranked_of[s] = [i for _, i in sorted(members, key=lambda pi: costs[pi[1]], reverse=True)]
        session_of.update((i, s) for _, i in members)

    def initial(keep: int) -> set[int]:
        """Held columns: all but each panel's `keep` best, and its best `seats` of every gender,
        stakeholder group and quota flag, so that the rules can hold on what is kept."""
        held = set()
        for ranked in ranked_of.values():
            kept = set(ranked[:keep])
            groups: dict[tuple, int] = {}
            for i in ranked:
                c = model.candidates[model.pairs[i][0]]
                for key in (
                    ("g", c.gender),
                    ("k", c.stakeholder),
                    ("r", c.remote),
                    ("n", c.newcomer),
                    ("i", model.instance.international(c)),
                ):
                    if groups.get(key, 0) < seats:
                        groups[key] = groups.get(key, 0) + 1
                        kept.add(i)
            held.update(i for i in ranked if i not in kept)
        return held

    held = initial(keep)
    h, _ = _highs(model, costs, time_limit, mip_gap, False, threads, held, relax=True)
    bound = None
    while True:
        left = time_limit - (time.perf_counter() - started)
        if left <= 1:
            break
        h.setOptionValue("time_limit", float(left))
        lp = _run(h, model, relax=True)
        if lp.status == "infeasible" and held:
            # The kept candidates cannot meet the rules together: keep twice as many and price again.
            keep = max(2 * keep, seats)
            fewer = initial(keep)
            freed = np.array(sorted(held - fewer), dtype=np.int32)
            held = fewer
            h.changeColsBounds(
                len(freed), freed, np.zeros(len(freed)), np.array([model.col_upper[j] for j in freed], dtype=float)
            )
            continue
        if lp.status != "optimal":
            break
        improving = [(lp.reduced_costs[j], j) for j in held if lp.reduced_costs[j] < -1e-7]
        if not improving:
            bound = lp.objective
            break
        per_session: dict[str, int] = {}
        freed = []
        for _, j in sorted(improving):  # most improving first, at most `keep` more per panel a round
            s = session_of[j]
            if per_session.get(s, 0) < keep:
                per_session[s] = per_session.get(s, 0) + 1
                freed.append(j)
        held.difference_update(freed)
        freed_array = np.array(freed, dtype=np.int32)
        h.changeColsBounds(
            len(freed), freed_array, np.zeros(len(freed)), np.array([model.col_upper[j] for j in freed], dtype=float)
        )
    left = max(1.0, time_limit - (time.perf_counter() - started))
    sol = solve(model, costs=costs, time_limit=left, mip_gap=mip_gap, fixed_zero=held, threads=threads)
    sol.seconds = time.perf_counter() - started
    if not sol.values:
        return sol
    if bound is None:  # pricing did not finish: no bound is known for the full model
        sol.bound, sol.gap, sol.status = None, None, "feasible"
        return sol
    sol.bound = bound
    sol.gap = max(0.0, (bound - sol.objective) / max(abs(bound), 1e-9))
    sol.status = "optimal" if sol.gap <= max(mip_gap, 1e-9) else "feasible"
    return sol
