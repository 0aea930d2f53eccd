"""Propose panels, explain why rules cannot hold, check a hand-made draft: all on one Model."""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..i18n import N_, Msg, T, gettext, text_of
from ..taxonomy import GENDER_TAXONOMY
from .model import STATED_GENDERS, Instance, Model, Overlay, Row
from .solve import PRICE_ABOVE, solve, solve_by_pricing

RULE_KEYS = {
    "size": "min_size/max_size",
    "moderator": "require_moderator",
    "gender": "gender_rule",
    "stakeholder_groups": "min_stakeholder_groups",
    "sessions_per_person": "max_sessions_per_speaker",
    "sessions_per_organisation": "max_sessions_per_organisation",
    "availability": "availability",
    "quota_international": "min_international",
    "quota_remote": "min_remote",
    "quota_newcomers": "min_newcomers",
    "expertise": "require_expertise",
}


@dataclass
class Violation:
    rule: str
    subject: str
    message: str
    suggestion: str = ""
    # the message's id and parameters (nrikit.i18n), so that a finding made from it is translated
    message_id: str = ""
    params: dict = field(default_factory=dict)

    def as_dict(self):
        return {"rule": self.rule, "subject": self.subject, "message": self.message, "suggestion": self.suggestion}


@dataclass
class Relaxation:
    rule: str
    subject: str
    amount: float
    message: str  # a Msg: English text that keeps its message id and parameters (nrikit.i18n)
    context: str = ""  # a Msg too, or ""

    def text(self, lang: str = "en") -> str:
        return text_of(lang, self.message)

    def context_text(self, lang: str = "en") -> str:
        return text_of(lang, self.context) if self.context else ""

    def as_dict(self, lang: str = "en"):
        return {
            "rule": self.rule,
            "config_key": RULE_KEYS.get(self.rule, self.rule),
            "subject": self.subject,
            "amount": round(self.amount, 3),
            "message": self.text(lang),
            "context": self.context_text(lang),
        }


@dataclass
class Result:
    status: str  # optimal | feasible | infeasible | no_solution
    seed: int
    panels: dict = field(default_factory=dict)  # panel id -> [(person, role)], moderator first
    score: int = 0  # objective on the committee's weights (lottery term excluded)
    bound: float | None = None
    gap: float | None = None
    seconds: float = 0.0
    relaxations: list[Relaxation] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)  # verification of the proposal: empty
    lottery: str = ""  # hash of the lottery draws: the published seed reproduces it

    def as_dict(self):
        return {
            "status": self.status,
            "seed": self.seed,
            "score": self.score,
            "bound": self.bound,
            "gap": self.gap,
            "seconds": round(self.seconds, 3),
            "lottery_sha256": self.lottery,
            "panels": {s: [{"person": p, "role": r} for p, r in m] for s, m in self.panels.items()},
            "relaxations": [r.as_dict() for r in self.relaxations],
            "violations": [v.as_dict() for v in self.violations],
        }


def compose(
    instance: Instance,
    *,
    seed: int = 0,
    time_limit: float = 60.0,
    mip_gap: float = 0.0,
    plugins=(),
    explain_infeasible: bool = True,
    threads: int | None = None,
) -> Result:
    # mip_gap 0 by default: "optimal" must mean the lottery term is optimal too, not merely within a
    # relative gap that could hide a better-weighted or differently tie-broken solution.
    model = _solver_model(instance, plugins)
    costs, weights = model.objective(seed)
    lottery = hashlib.sha256(json.dumps([round(c - w, 12) for c, w in zip(costs, weights)]).encode()).hexdigest()
    if len(model.pairs) > PRICE_ABOVE:
        sol = solve_by_pricing(model, costs=costs, time_limit=time_limit, mip_gap=mip_gap, threads=threads)
    else:
        sol = solve(model, costs=costs, time_limit=time_limit, mip_gap=mip_gap, threads=threads)
    result = Result(sol.status, seed, seconds=sol.seconds, gap=sol.gap, lottery=lottery)
    if sol.values:
        result.panels = assignment_from(model, sol.values, costs)
        result.score = sum(w for w, v in zip(weights, sol.values) if v > 0.5)
        result.bound = sol.bound
        seen = {}
        for r in model.violated(model.point(result.panels)):
            seen.setdefault((r.rule, r.subject), _violation(model, r, result.panels))
        result.violations = list(seen.values())
    elif sol.status == "infeasible" and explain_infeasible:
        result.relaxations = explain(instance, plugins=plugins, time_limit=time_limit)
    return result


def _solver_model(instance: Instance, plugins) -> Model:
    """The model the solver gets: without moderator columns (half the columns) unless a plugin's
    constraint reads them, in which case the moderator must be the solver's choice."""
    model = Model(instance, plugins=plugins, moderator_columns=False)
    if model.wants_moderator_columns:
        model = Model(instance, plugins=plugins)
    return model


def assignment_from(model: Model, values, costs) -> dict:
    """{panel: [(person, role)]}, moderator first. Without moderator columns, each panel's moderator is
    its seated panellist with the highest objective term (expertise, nomination, then the seeded
    lottery): no rule reads the choice, so it cannot break one, and the seed reproduces it."""
    panels = {s: [] for s in model.sessions}
    for (p, s), i in model.x_col.items():
        if values[i] > 0.5:
            j = model.m_col.get((p, s))
            panels[s].append((p, "moderator" if j is not None and values[j] > 0.5 else "speaker"))
    if model.rules.require_moderator and not model.moderator_columns:
        for s, members in panels.items():
            if members:
                chosen = max(members, key=lambda pr: (costs[model.x_col[(pr[0], s)]], pr[0]))[0]
                panels[s] = [(p, "moderator" if p == chosen else "speaker") for p, _ in members]
    for s in panels:
        panels[s].sort(key=lambda pr: (pr[1] != "moderator", pr[0]))
    return panels


# -------------------------------------------------------------------------------- explanation


def explain(instance: Instance, *, plugins=(), time_limit: float = 60.0) -> list[Relaxation]:
    """The smallest relaxation that makes the rules hold together: every rule row gets a slack, the
    solver minimises the priced total, and each non-zero slack is reported with its panel or person.
    On small pools, ineligible (no expertise) pairs join too, priced one unit each, so the explanation
    can also name require_expertise as the rule to give."""
    small = len(instance.sessions) * len(instance.candidates) <= 50_000
    model = Model(instance, plugins=plugins, allow_ineligible=small, moderator_columns=False)
    if model.wants_moderator_columns:
        model = Model(instance, plugins=plugins, allow_ineligible=small)
    sol = solve(model, slack_rows=True, time_limit=time_limit)
    out: list[Relaxation] = []
    if not sol.values:
        return [
            Relaxation(
                "unknown",
                "edition",
                0,
                Msg(N_("the relaxed model could not be solved either ({status})"), status=sol.status),
            )
        ]
    for row, sign, amount in sol.slacks:
        out.append(
            Relaxation(
                row.rule, row.subject, amount, relaxation_text(model, row, sign, amount), pool_context(model, row)
            )
        )
    for p, s in sorted(model.ineligible):
        if sol.values[model.x_col[(p, s)]] > 0.5:
            session = model.sessions[s]
            out.append(
                Relaxation(
                    "expertise",
                    f"panel:{s}",
                    1,
                    Msg(
                        N_(
                            "panel {panel}: accept {person}, who has none of the topic's expertise ({tags}) "
                            "and no nomination for it"
                        ),
                        panel=s,
                        person=p,
                        tags=", ".join(sorted(session.tags)),
                    ),
                    pool_context(model, Row([], [], 0, 0, "expertise", f"panel:{s}")),
                )
            )
    return sorted(out, key=lambda r: (r.subject, r.rule))


def relaxation_text(model: Model, row: Row, sign: float, amount: float) -> Msg:
    """What to relax, as a message (English text keeping its id and parameters)."""
    r = model.rules
    k = _amount(amount)
    target = row.subject.split(":", 1)[1]
    if row.rule == "size":
        if sign > 0:
            return Msg(
                N_("panel {panel}: lower min_size from {old} to {new}"),
                panel=target,
                old=r.min_size,
                new=r.min_size - k,
            )
        return Msg(
            N_("panel {panel}: raise max_size from {old} to {new}"), panel=target, old=r.max_size, new=r.max_size + k
        )
    if row.rule == "moderator":
        return Msg(
            N_("panel {panel}: no eligible moderator is left; waive require_moderator for this panel"), panel=target
        )
    if row.rule == "gender":
        return Msg(
            N_("panel {panel}: the gender rule ({gender_rule}) cannot hold; waive it for this panel or widen the pool"),
            panel=target,
            gender_rule=r.gender_rule,
        )
    if row.rule == "stakeholder_groups":
        return Msg(
            N_("panel {panel}: lower min_stakeholder_groups from {old} to {new}"),
            panel=target,
            old=r.min_stakeholder_groups,
            new=r.min_stakeholder_groups - k,
        )
    if row.rule == "sessions_per_person":
        return Msg(
            N_("person {person}: allow {n} sessions (max_sessions_per_speaker is {maximum})"),
            person=target,
            n=r.max_sessions_per_speaker + k,
            maximum=r.max_sessions_per_speaker,
        )
    if row.rule == "sessions_per_organisation":
        return Msg(
            N_("organisation {organisation}: allow {n} seats (max_sessions_per_organisation is {maximum})"),
            organisation=target,
            n=r.max_sessions_per_organisation + k,
            maximum=r.max_sessions_per_organisation,
        )
    if row.rule == "availability":
        return Msg(
            N_("person {person}: would have to sit on {n} sessions held at the same time; move a session"),
            person=target,
            n=k + 1,
        )
    if row.rule.startswith("quota_"):
        return Msg(
            N_("panel {panel}: lower {key} from {old} to {new}"),
            panel=target,
            key=RULE_KEYS[row.rule],
            old=int(row.lo),
            new=int(row.lo) - k,
        )
    if sign > 0:
        return Msg(
            N_("{subject}: relax plugin rule {rule} by {n} (its lower bound)"), subject=row.subject, rule=row.rule, n=k
        )
    return Msg(
        N_("{subject}: relax plugin rule {rule} by {n} (its upper bound)"), subject=row.subject, rule=row.rule, n=k
    )


def _amount(x: float) -> int:
    return max(1, int(round(x + 0.499)))


QUOTA_LABELS = {
    "min_international": N_("international {n}"),
    "min_remote": N_("remote {n}"),
    "min_newcomers": N_("newcomers {n}"),
}


def pool_context(model: Model, row: Row) -> Msg | str:
    """Who could sit on the panel at all: shows which rule the pool makes impossible."""
    if not row.subject.startswith("panel:"):
        return ""
    s = row.subject.split(":", 1)[1]
    eligible = [model.candidates[p] for p, _ in model.by_session.get(s, ()) if (p, s) not in model.ineligible]
    genders = Counter(c.gender for c in eligible)
    groups = sorted({c.stakeholder for c in eligible if c.stakeholder})
    r, conflicts = model.rules, []
    # Which rule the eligible pool alone already makes impossible: the other side of the conflict.
    if len(groups) < r.min_stakeholder_groups:
        conflicts.append(
            Msg(
                N_("min_stakeholder_groups = {minimum} but the pool spans {n} group(s)"),
                minimum=r.min_stakeholder_groups,
                n=len(groups),
            )
        )
    if r.gender_rule != "none" and len(set(genders) & set(STATED_GENDERS)) < 2:
        conflicts.append(
            Msg(N_("gender_rule = {gender_rule} but the pool has one stated gender"), gender_rule=r.gender_rule)
        )
    if len(eligible) < r.min_size:
        conflicts.append(
            Msg(N_("min_size = {minimum} but only {n} candidate(s) qualify"), minimum=r.min_size, n=len(eligible))
        )
    quotas = []
    for key, test in (
        ("min_international", model.instance.international),
        ("min_remote", lambda c: c.remote),
        ("min_newcomers", lambda c: c.newcomer),
    ):
        need = getattr(r, key)
        if need:
            have = sum(1 for c in eligible if test(c))
            quotas.append(Msg(QUOTA_LABELS[key], n=have))
            if have < need:
                conflicts.append(
                    Msg(N_("{key} = {need} but only {have} qualifying candidate(s)"), key=key, need=need, have=have)
                )
    gender_counts = [
        Msg(N_("{gender} {n}"), gender=T(GENDER_TAXONOMY.label(g), lower=True), n=n) for g, n in sorted(genders.items())
    ]
    pool = Msg(
        N_(
            "{n} candidate(s) have the topic's expertise or a nomination; genders: {genders}; "
            "stakeholder groups: {groups}"
        ),
        n=len(eligible),
        genders=gender_counts or T(N_("none")),
        groups=groups or T(N_("none")),
    )
    if quotas:
        pool = Msg(N_("{pool}; {quotas}"), pool=pool, quotas=quotas)
    if conflicts:
        return Msg(
            N_("conflict: the candidates who may sit on this panel cannot meet {conflicts}. {pool}"),
            conflicts=conflicts,
            pool=pool,
        )
    return pool


# -------------------------------------------------------------------------------- check mode


def _violation(model: Model, row: Row, panels: dict, suggestion: str = "") -> Violation:
    msgid, params = describe_msg(model, row, panels)
    return Violation(row.rule, row.subject, gettext("en", msgid, **params), suggestion, msgid, params)


def describe(model: Model, row: Row, panels: dict) -> str:
    """A sentence saying how the draft breaks the row's rule (English)."""
    msgid, params = describe_msg(model, row, panels)
    return gettext("en", msgid, **params)


def describe_msg(model: Model, row: Row, panels: dict) -> tuple[str, dict]:
    """The message id and parameters of `describe`, for findings shown in the reader's language.

    Ids of panels and people are data ({panel}, {person}); the panels stage replaces them with
    what may be named. Lists of ids are joined here, as data; labels are translated where shown.
    """
    r = model.rules
    kind, target = row.subject.split(":", 1)
    if kind == "panel":
        members = panels.get(target, [])
        people = [model.candidates[p] for p, _ in members if p in model.candidates]
        if row.rule == "size":
            return N_("panel {panel} has {n} panellists, outside {min_size}-{max_size}"), {
                "panel": target,
                "n": len(members),
                "min_size": r.min_size,
                "max_size": r.max_size,
            }
        if row.rule == "moderator":
            mods = [p for p, role in members if role == "moderator"]
            if mods:
                return N_("panel {panel} has {n} moderators ({moderators}), needs exactly one"), {
                    "panel": target,
                    "n": len(mods),
                    "moderators": mods,
                }
            return N_("panel {panel} has {n} moderators, needs exactly one"), {"panel": target, "n": 0}
        if row.rule == "gender":
            genders = [c.gender for c in people if c.gender in STATED_GENDERS]
            if genders and set(genders) == {"man"}:
                if len(genders) == len(people):
                    return N_("panel {panel} has no women: all {n} panellists are men"), {
                        "panel": target,
                        "n": len(genders),
                    }
                return N_("panel {panel} has no women: all {n} panellists of stated gender are men"), {
                    "panel": target,
                    "n": len(genders),
                }
            if len(set(genders)) < 2:
                if genders:
                    return N_("panel {panel} has panellists of one gender only ({gender})"), {
                        "panel": target,
                        "gender": T(GENDER_TAXONOMY.label(genders[0]), lower=True),
                    }
                return N_("panel {panel}: no panellist's gender is stated"), {"panel": target}
            top, n = Counter(genders).most_common(1)[0]
            return N_(
                "panel {panel} is not gender-balanced: {n} of {total} panellists are {gender} (parity: at most 60%)"
            ), {
                "panel": target,
                "n": n,
                "total": len(genders),
                "gender": T(GENDER_TAXONOMY.label(top), lower=True),
            }
        if row.rule == "stakeholder_groups":
            groups = sorted({c.stakeholder for c in people if c.stakeholder})
            return N_("panel {panel} draws on {n} stakeholder group(s) ({groups}), fewer than {minimum}"), {
                "panel": target,
                "n": len(groups),
                "groups": groups or T(N_("none")),
                "minimum": r.min_stakeholder_groups,
            }
        if row.rule.startswith("quota_"):
            return N_("panel {panel} has {n} {quota} panellist(s), fewer than {minimum}"), {
                "panel": target,
                "n": int(row.activity(model.point(panels))),
                "quota": row.rule[6:],
                "minimum": int(row.lo),
            }
    if row.rule == "sessions_per_person":
        on = sorted(s for s, m in panels.items() if any(p == target for p, _ in m))
        return N_("{person} sits on {n} panels ({panels}), more than {maximum}"), {
            "person": target,
            "n": len(on),
            "panels": on,
            "maximum": r.max_sessions_per_speaker,
        }
    if row.rule == "sessions_per_organisation":
        n = int(row.activity(model.point(panels)))
        return N_("organisation {organisation} has {n} panel seats, more than {maximum}"), {
            "organisation": target,
            "n": n,
            "maximum": r.max_sessions_per_organisation,
        }
    if row.rule == "availability":
        cols = set(row.cols)
        on = sorted(s for (p, s), i in model.x_col.items() if i in cols and any(q == p for q, _ in panels.get(s, ())))
        return N_("{person} is on {panels} at the same time"), {"person": target, "panels": on}
    a = row.activity(model.point(panels))
    return N_("{subject} breaks rule {rule}: {value} is outside [{lo}, {hi}]"), {
        "subject": row.subject,
        "rule": row.rule,
        "value": f"{a:g}",
        "lo": f"{row.lo:g}",
        "hi": f"{row.hi:g}",
    }


def check(instance: Instance, draft: dict, *, plugins=()) -> list[Violation]:
    """Every rule the draft breaks, per panel or person, each with a swap from the pool that fixes it
    without breaking another rule (or the best partial fix when none exists)."""
    pairs = [(p, s) for s, members in draft.items() for p, _ in members]
    # Only the draft's panels are checked; the rest of the programme is not drafted yet.
    instance = Instance(
        [s for s in instance.sessions if s.id in draft], instance.candidates, instance.rules, instance.home_country
    )
    model = Model(instance, extra_pairs=pairs, plugins=plugins)
    draft = {s: list(draft.get(s, [])) for s in model.sessions}
    values = model.point(draft)
    model._base = values  # the draft as it stands: swaps are evaluated as overlays on it
    rows_of_col = defaultdict(list)
    for row in model.rows:
        if row.elastic:
            for i in row.cols:
                rows_of_col[i].append(row)
    out, seen = [], set()
    for row in model.violated(values):
        if (row.rule, row.subject) in seen:  # the gender rule is one row per gender: report it once
            continue
        seen.add((row.rule, row.subject))
        out.append(_violation(model, row, draft, suggest_fix(model, draft, row, rows_of_col)))
    # Expertise is an eligibility filter, not a row: report draft speakers the filter would exclude.
    for s, members in sorted(draft.items()):
        for p, role in members:
            if role == "speaker" and (p, s) in model.ineligible:
                tags = ", ".join(sorted(model.sessions[s].tags))
                fix = _best_swap(model, draft, s, p, rows_of_col, must_fix=None)
                msgid = N_("speaker {person} on panel {panel} has none of the topic's expertise ({tags})")
                params = {"person": p, "panel": s, "tags": tags}
                out.append(
                    Violation("expertise", f"panel:{s}", gettext("en", msgid, **params), fix or "", msgid, params)
                )
    order = {"panel": 0, "person": 1, "organisation": 2}
    return sorted(out, key=lambda v: (order.get(v.subject.split(":")[0], 3), v.subject, v.rule))


def _touched_rows(model, session, person, rows_of_col):
    """Rules over a panel's columns (session) or a person's (person); either may be None."""
    cols = [i for _, i in model.by_session.get(session, ())] if session else []
    cols += [i for _, i in model.by_person.get(person, ())] if person else []
    if session:
        cols += [model.m_col[(p, session)] for p, _ in model.by_session.get(session, ()) if (p, session) in model.m_col]
        cols += model.z_of_session.get(session, [])
    seen, rows = set(), []
    for i in cols:
        for row in rows_of_col.get(i, ()):
            if id(row) not in seen:
                seen.add(id(row))
                rows.append(row)
    return rows


def _best_swap(model, draft, session, out_person, rows_of_col, must_fix: Row | None) -> str:
    """Swap out_person (None: add someone) for the best-weighted eligible candidate such that the rule
    in question holds afterwards and no rule touching the panel or the incoming person breaks.
    Candidates are tried best weight first, so the first that works is the answer."""
    members = draft[session]
    base = model.__dict__.get("_base") or model.point(draft)
    on = {p for p, _ in members}
    role_out = next((r for p, r in members if p == out_person), "speaker")
    sess = model.sessions[session]
    kept = [(q, r) for q, r in members if q != out_person]
    ranked = sorted(
        (p for p, _ in model.by_session.get(session, ()) if p not in on and (p, session) not in model.ineligible),
        key=lambda p: (-model.instance.weight(model.candidates[p], sess), p),
    )
    session_rows = _touched_rows(model, session, None, rows_of_col)
    session_before = {id(r) for r in model.violated(base, session_rows)}
    for p in ranked:
        after_members = kept + [(p, role_out if out_person else "speaker")]
        person_rows = list(_touched_rows(model, None, p, rows_of_col))
        overlay = Overlay(base, model.session_values(session, after_members))
        before = session_before | {id(r) for r in model.violated(base, person_rows)}
        after = {id(r) for r in model.violated(overlay, session_rows + person_rows)}
        # The swap must mend the rule in question (when there is one) and break nothing that held.
        if (must_fix is not None and id(must_fix) in after) or (after - before):
            continue
        return (
            Msg(N_("swap {out_person} for {in_person}"), out_person=out_person, in_person=p)
            if out_person
            else Msg(N_("add {in_person}"), in_person=p)
        )
    return ""


def suggest_fix(model: Model, draft: dict, row: Row, rows_of_col) -> str:
    kind, target = row.subject.split(":", 1)
    if kind == "panel":
        members = draft[target]
        if row.rule == "moderator":
            for p, _role in members:
                trial = dict(draft)
                trial[target] = [
                    (q, "moderator" if q == p else ("speaker" if r == "moderator" else r)) for q, r in members
                ]
                if not model.violated(Overlay(model._base, model.session_values(target, trial[target])), [row]):
                    return Msg(N_("make {person} the moderator"), person=p)
        if row.rule == "size" and len(members) > model.rules.max_size:
            return Msg(N_("drop {n} panellist(s)"), n=len(members) - model.rules.max_size)
        if row.rule == "size" and len(members) < model.rules.min_size:
            fix = _best_swap(model, draft, target, None, rows_of_col, row)
            return Msg(N_("{fix} (and more until {n})"), fix=fix, n=model.rules.min_size) if fix else ""
        # Swap out speakers first (the moderator role is usually settled), then anyone.
        ordered = sorted(members, key=lambda m: (m[1] == "moderator", m[0]), reverse=False)
        for p, _ in ordered:
            fix = _best_swap(model, draft, target, p, rows_of_col, row)
            if fix:
                return fix
        if len(members) < model.rules.max_size:
            return _best_swap(model, draft, target, None, rows_of_col, row)
        return ""
    if kind == "person":
        for s, members in sorted(draft.items()):
            if any(p == target for p, _ in members) and any(model.x_col.get((target, s)) == i for i in row.cols):
                fix = _best_swap(model, draft, s, target, rows_of_col, row)
                if fix:
                    return Msg(N_("on panel {panel}: {fix}"), panel=s, fix=fix)
    return ""


# -------------------------------------------------------------------------------- greedy baseline


def greedy(instance: Instance) -> dict:
    """The simple assignment a committee might do by hand: per panel, best-matching free people first,
    respecting only size, one moderator and max sessions per person. Used by the benchmark."""
    r = instance.rules
    load = Counter()
    panels = {}
    for s in instance.sessions:
        ranked = sorted(
            (c for c in instance.candidates if instance.eligible(c, s)), key=lambda c: (-instance.weight(c, s), c.id)
        )
        chosen = []
        for c in ranked:
            if len(chosen) >= r.max_size:
                break
            if load[c.id] < r.max_sessions_per_speaker:
                chosen.append(c.id)
                load[c.id] += 1
        panels[s.id] = [(p, "moderator" if i == 0 else "speaker") for i, p in enumerate(chosen)]
    return panels


def evaluate(instance: Instance, panels: dict, *, plugins=()) -> tuple[int, list[Violation]]:
    """Score on the committee's weights and every rule a set of panels breaks (no suggestions)."""
    pairs = [(p, s) for s, m in panels.items() for p, _ in m]
    model = Model(instance, extra_pairs=pairs, plugins=plugins)
    score = sum(instance.weight(model.candidates[p], model.sessions[s]) for p, s in pairs)
    rows = model.violated(model.point(panels))
    out = [Violation(r.rule, r.subject, "") for r in rows]
    out += [
        Violation("expertise", f"panel:{s}", "")
        for s, m in panels.items()
        for p, role in m
        if role == "speaker" and (p, s) in model.ineligible
    ]
    return score, out
