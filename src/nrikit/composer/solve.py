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


def solve(
    model: Model,
    *,
    costs=None,
    time_limit: float = 60.0,
    mip_gap: float = 1e-4,
    slack_rows: bool = False,
    threads: int | None = None,
) -> Solution:
    """Maximise costs·cols subject to the model's rows. With slack_rows, every elastic row gets slack
    columns, priced by RELAX_PRICE, and the objective becomes: minimise the priced relaxation."""
    import numpy as np

    highspy = _highspy()
    n = model.ncols
    col_cost = list(costs) if costs is not None else [0.0] * n
    col_upper = list(model.col_upper)
    integer = list(model.integer)
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
    if total > PRESOLVE_OFF_ABOVE:
        # Measured at global scale (71k columns): HiGHS's MIP presolve and setup took ~2/3 of a 20 s
        # solve, while the root LP is already integral; without it the same optimum comes in ~8 s.
        h.setOptionValue("presolve", "off")
    started = time.perf_counter()
    h.passModel(lp)
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
    values = list(h.getSolution().col_value)
    objective = -info.objective_function_value
    bound = -info.mip_dual_bound if info.mip_dual_bound not in (float("inf"), float("-inf")) else None
    sol = Solution(
        name, values, objective, bound, info.mip_gap if name != "optimal" else max(0.0, info.mip_gap), seconds
    )
    sol.slacks = [(model.rows[r], sign, values[col]) for r, col, sign in slacks if values[col] > 1e-6]
    return sol
