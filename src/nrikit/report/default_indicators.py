"""nrikit's own scorecard indicators, registered like any plugin's (see indicators.py).

Thresholds are documented in each indicator's evidence key in report/messages.py (English; translations in src/nrikit/locales)
and in docs/report.md. Indicators that depend on what the NRI did outside the
data ([report] budget_published, decision_records_published,
registration_open) read the edition's config; unset means: judge from the
published data.
"""

from __future__ import annotations

from ..hookspecs import hookimpl
from .indicators import Indicator, IndicatorResult

# A population is balanced enough at 40% women or more, and a concern below 30% (the event stage's
# attendance rule warns below 30%).
WOMEN_MET, WOMEN_PARTIAL = 40.0, 30.0


def _t(data):
    if data.t is not None:
        return data.t
    return lambda key, default=None, **p: (default or key).format_map(p) if p else (default or key)


def _list(items) -> str:
    return ", ".join(str(i) for i in items)


def public_call(data):
    t, call = _t(data), data.call
    if not call:
        return IndicatorResult("not_met", None, t("ev.public_call.none"))
    channels = _list(call.get("channels") or []) or t("common.not_recorded")
    params = {
        "opened": t.date(call["opened"]) if hasattr(t, "date") else call["opened"],
        "deadline": t.date(call["deadline"]) if hasattr(t, "date") else call["deadline"],
        "channels": channels,
        "expressions": call["expressions"] or 0,
    }
    if call.get("deadline") and call.get("channels"):
        return IndicatorResult("met", call["expressions"], t("ev.public_call.met", **params))
    return IndicatorResult("partial", call["expressions"], t("ev.public_call.partial", **params))


def registration_open(data):
    t, flag = _t(data), data.settings.get("registration_open")
    regs, att = data.stat("registrations"), data.stat("attendees")
    params = {"registrations": _n(regs), "attendees": _n(att)}
    if flag is None:
        return IndicatorResult("unknown", None, t("ev.registration_open.unknown", **params))
    return IndicatorResult(
        "met" if flag else "not_met", flag, t(f"ev.registration_open.{'met' if flag else 'not_met'}", **params)
    )


def agenda_published(data):
    t = _t(data)
    timed = [p for p in data.panels if p.get("starts")]
    if not data.panels:
        return IndicatorResult("not_met", 0, t("ev.agenda_published.none"))
    status = "met" if len(timed) == len(data.panels) else "partial"
    return IndicatorResult(
        status, len(data.panels), t(f"ev.agenda_published.{status}", sessions=len(data.panels), timed=len(timed))
    )


def _published(data, key, count, name):
    t, flag = _t(data), data.settings.get(key)
    if flag is None:
        status = "met" if count else "not_met"
        return IndicatorResult(status, count, t(f"ev.{name}.data_{status}", n=count))
    if flag:
        return IndicatorResult("met", count, t(f"ev.{name}.met", n=count))
    return IndicatorResult("not_met", count, t(f"ev.{name}.not_met", n=count))


def budget_published(data):
    return _published(data, "budget_published", len(data.budget), "budget_published")


def decision_records_published(data):
    return _published(data, "decision_records_published", data.decisions, "decision_records_published")


def _n(value):
    return "?" if value is None else f"{value:g}"


def _women(population):
    def compute(data):
        t, pct = _t(data), data.women_pct(population)
        if pct is None:
            return IndicatorResult("unknown", None, t("ev.women.unknown", population=t(f"population.{population}")))
        status = "met" if pct >= WOMEN_MET else "partial" if pct >= WOMEN_PARTIAL else "not_met"
        women = data.count(population, "gender", "woman")
        men = data.count(population, "gender", "man")
        total = data.stat("speakers" if population == "speakers" else "attendees")
        return IndicatorResult(
            status,
            pct,
            t(
                f"ev.women.{status}",
                population=t(f"population.{population}"),
                pct=t.pct(pct) if hasattr(t, "pct") else f"{pct}%",
                women=_n(women),
                men=_n(men),
                total=_n(total),
            ),
        )

    return compute


def panels_with_women(data):
    t = _t(data)
    if not data.panels:
        return IndicatorResult("unknown", None, t("ev.agenda_published.none"))
    without = [p["title"] for p in data.panels if not p["has_woman"]]
    if not without:
        return IndicatorResult("met", len(data.panels), t("ev.panels_with_women.met", n=len(data.panels)))
    return IndicatorResult(
        "not_met",
        len(data.panels) - len(without),
        t("ev.panels_with_women.not_met", n=len(data.panels), without=len(without), titles=_list(without)),
    )


def remote_participation(data):
    t, e = _t(data), data.edition
    streamed, remote = bool(e["streamed"]), bool(e["remote_participation"])
    params = {
        "remote_speakers": _n(data.stat("speakers_remote")),
        "remote_attendees": _n(data.count("attendees", "mode", "remote")),
    }
    if streamed and remote:
        return IndicatorResult("met", True, t("ev.remote.met", **params))
    if streamed or remote:
        return IndicatorResult(
            "partial", True, t("ev.remote.streamed_only" if streamed else "ev.remote.remote_only", **params)
        )
    return IndicatorResult("not_met", False, t("ev.remote.not_met", **params))


def survey_binding(data):
    t, e = _t(data), data.edition
    held = bool(data.stat("survey_ballots")) or any(x["score"] is not None for x in data.topics)
    ballots = _n(data.stat("survey_ballots"))
    if not held:
        return IndicatorResult("not_met", None, t("ev.survey_binding.none"))
    method = data.selection_method
    if not data.public_survey:
        return IndicatorResult(
            "partial",
            bool(e["survey_binding"]),
            t("ev.survey_binding.no_survey", method=t(f"method.{method}", default=(method or "").replace("_", " "))),
        )
    if e["survey_binding"]:
        return IndicatorResult("met", True, t("ev.survey_binding.met", ballots=ballots))
    return IndicatorResult(
        "partial",
        False,
        t(
            "ev.survey_binding.partial",
            ballots=ballots,
            method=t(f"method.{e['approval_method']}", default=e["approval_method"] or ""),
        ),
    )


def survey_topics_adopted(data):
    t, top = _t(data), data.survey_top
    if not top:
        return IndicatorResult("unknown", None, t("ev.survey_adopted.unknown"))
    adopted = [x for x in top if x["approved"]]
    dropped = [x["title"] for x in top if not x["approved"]]
    share = 100.0 * len(adopted) / len(top)
    status = "met" if not dropped else "partial" if share >= 50 else "not_met"
    return IndicatorResult(
        status,
        share,
        t(
            f"ev.survey_adopted.{'met' if not dropped else 'dropped'}",
            adopted=len(adopted),
            top=len(top),
            titles=_list(dropped),
        ),
    )


def committee_groups(data):
    t = _t(data)
    present = list(dict.fromkeys(c["stakeholder"] for c in data.committee))
    missing = [data.groups.get(g, g) for g in data.expected_groups if g not in present]
    n = len(present)
    labels = _list(data.groups.get(g, g) for g in present)
    if n >= 3 and not missing:
        return IndicatorResult("met", n, t("ev.committee_groups.met", n=n, groups=labels))
    status = "partial" if n >= 3 else "not_met"
    return IndicatorResult(status, n, t("ev.committee_groups.missing", n=n, groups=labels, missing=_list(missing)))


def panels_multistakeholder(data):
    t = _t(data)
    if not data.panels:
        return IndicatorResult("unknown", None, t("ev.agenda_published.none"))
    mixed = [p for p in data.panels if (p["stakeholder_groups"] or 0) >= 2]
    status = "met" if len(mixed) == len(data.panels) else "partial" if mixed else "not_met"
    return IndicatorResult(status, len(mixed), t("ev.panels_multistakeholder", mixed=len(mixed), n=len(data.panels)))


def call_response_groups(data):
    t = _t(data)
    groups = list(dict.fromkeys(r["stakeholder"] for r in data.call_counts if r["expressions"]))
    if not data.call:
        return IndicatorResult("unknown", None, t("ev.public_call.none"))
    n = len(groups)
    status = "met" if n >= 3 else "partial" if n else "not_met"
    return IndicatorResult(
        status, n, t("ev.call_response_groups", n=n, groups=_list(data.groups.get(g, g) for g in groups))
    )


def sponsors_no_content_role(data):
    t = _t(data)
    if not data.sponsors:
        return IndicatorResult("met", 0, t("ev.sponsors.none"))
    with_say = [s["name"] for s in data.sponsors if s["content_role"]]
    if with_say:
        return IndicatorResult(
            "not_met", len(with_say), t("ev.sponsors.not_met", n=len(data.sponsors), names=_list(with_say))
        )
    return IndicatorResult(
        "met", 0, t("ev.sponsors.met", n=len(data.sponsors), names=_list(s["name"] for s in data.sponsors))
    )


DEFAULT_INDICATORS = (
    Indicator("public_call", "open_transparent", "A public call with a deadline", public_call, 10),
    Indicator(
        "registration_open", "open_transparent", "Registration did not restrict participation", registration_open, 20
    ),
    Indicator("agenda_published", "open_transparent", "The agenda was published", agenda_published, 30),
    Indicator("budget_published", "open_transparent", "The budget was published", budget_published, 40),
    Indicator(
        "decision_records_published",
        "open_transparent",
        "The committee's decision records were published",
        decision_records_published,
        50,
    ),
    Indicator("women_speakers", "inclusive", "Women among speakers", _women("speakers"), 10),
    Indicator("women_attendees", "inclusive", "Women among attendees", _women("attendees"), 20),
    Indicator("panels_with_women", "inclusive", "Every panel had a woman", panels_with_women, 30),
    Indicator("remote_participation", "inclusive", "Streaming and remote participation", remote_participation, 40),
    Indicator("survey_binding", "bottom_up", "The public topic survey decided the programme", survey_binding, 10),
    Indicator(
        "survey_topics_adopted", "bottom_up", "Survey-preferred topics the committee adopted", survey_topics_adopted, 20
    ),
    Indicator(
        "committee_groups", "multistakeholder", "Stakeholder groups on the organising committee", committee_groups, 10
    ),
    Indicator(
        "panels_multistakeholder",
        "multistakeholder",
        "Panels drawing on two or more stakeholder groups",
        panels_multistakeholder,
        20,
    ),
    Indicator(
        "call_response_groups",
        "multistakeholder",
        "Stakeholder groups answering the open call",
        call_response_groups,
        30,
    ),
    Indicator(
        "sponsors_no_content_role", "non_commercial", "Sponsors had no say on content", sponsors_no_content_role, 10
    ),
)


@hookimpl
def register_principle_indicators(register):
    for indicator in DEFAULT_INDICATORS:
        register(indicator)
