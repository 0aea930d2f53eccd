"""The principle scorecard: indicators registered through the `register_principle_indicators` hook.

An indicator belongs to one of the five IGF principles and computes, from the
ReportData of one edition, a status (met, partial, not_met, unknown), a value
and a sentence of evidence. nrikit's own indicators live in
default_indicators.py; a country plugin adds one, or replaces one by
registering another under the same name:

    from nrikit.hookspecs import hookimpl
    from nrikit.report import Indicator, IndicatorResult

    def _youth(data):
        n = data.count("attendees", "age", "under_30")
        return IndicatorResult("unknown" if n is None else "met" if n else "not_met", n, f"{n} young attendees")

    @hookimpl
    def register_principle_indicators(register):
        register(Indicator("youth_attendance", "inclusive", "Young people attended", _youth))

`data.t(key, default, **params)` translates evidence into the report's
language; a plugin may also return plain text. An indicator that raises is
reported as a PluginError naming the plugin.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

PRINCIPLES = ("open_transparent", "inclusive", "bottom_up", "multistakeholder", "non_commercial")
STATUSES = ("met", "partial", "not_met", "unknown")


@dataclass(frozen=True)
class IndicatorResult:
    status: str  # met | partial | not_met | unknown
    value: object = None
    evidence: str = ""

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"indicator status must be one of {', '.join(STATUSES)}, got {self.status!r}")


@dataclass(frozen=True)
class Indicator:
    name: str
    principle: str
    title: str
    compute: Callable[..., IndicatorResult]
    order: int = 100  # position within its principle


@dataclass(frozen=True)
class Score:
    indicator: Indicator
    plugin: str
    result: IndicatorResult


@dataclass(frozen=True)
class PrincipleScore:
    principle: str
    status: str
    scores: list


def summarise(statuses: list[str]) -> str:
    """A principle is met when every known indicator is, not met when none is, otherwise partial (incomplete)."""
    known = [s for s in statuses if s != "unknown"]
    if not known:
        return "unknown"
    if all(s == "met" for s in known):
        return "met"
    if all(s == "not_met" for s in known):
        return "not_met"
    return "partial"


def collect(pm) -> dict[str, tuple[str, Indicator]]:
    from ..errors import PluginError
    from ..plugins import collect as collect_hook

    found = collect_hook(pm, "register_principle_indicators")
    for name, (plugin, ind) in found.items():
        if ind.principle not in PRINCIPLES:
            raise PluginError(
                f"indicator {name!r} names principle {ind.principle!r}; use one of {', '.join(PRINCIPLES)}",
                plugin=plugin,
                hook="register_principle_indicators",
            )
    return found


def scorecard(data, pm) -> list[PrincipleScore]:
    from ..errors import NrikitError, PluginError

    by_principle: dict[str, list[Score]] = {p: [] for p in PRINCIPLES}
    for name, (plugin, ind) in collect(pm).items():
        try:
            result = ind.compute(data)
        except NrikitError:
            raise
        except Exception as exc:
            raise PluginError(
                f"{type(exc).__name__}: {exc}",
                plugin=plugin,
                hook="register_principle_indicators",
                subject=f"indicator {name}",
            ) from exc
        if not isinstance(result, IndicatorResult):
            raise PluginError(
                f"indicator {name!r} returned {type(result).__name__}, not an IndicatorResult",
                plugin=plugin,
                hook="register_principle_indicators",
            )
        by_principle[ind.principle].append(Score(ind, plugin, result))
    out = []
    for principle in PRINCIPLES:
        scores = sorted(by_principle[principle], key=lambda s: (s.indicator.order, s.indicator.name))
        out.append(PrincipleScore(principle, summarise([s.result.status for s in scores]), scores))
    return out
