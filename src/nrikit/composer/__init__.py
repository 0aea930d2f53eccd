"""Panel composer: propose panels that satisfy every [panels] rule, explain conflicts, check drafts.

The solver (HiGHS) is imported only inside composer.solve.solve(), so importing
this package, or running `nrikit --help`, never loads it. The composer sits below
the stages: the panels stage calls it, it never imports a stage. May import the
importers, workspace and core.
"""

from .compose import Relaxation, Result, Violation, check, compose, evaluate, explain, greedy
from .model import Candidate, ComposerConstraint, Instance, Model, Rules, Session

__all__ = [
    "Candidate",
    "ComposerConstraint",
    "Instance",
    "Model",
    "Relaxation",
    "Result",
    "Rules",
    "Session",
    "Violation",
    "check",
    "compose",
    "evaluate",
    "explain",
    "greedy",
]
