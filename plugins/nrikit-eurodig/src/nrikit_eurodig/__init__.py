"""EuroDIG, the European Dialogue on Internet Governance: a regional (pan-European) initiative.

What this plugin changes, and which hook carries each change:

- edition_defaults: the public call for issues binds the programme (the
  survey is binding), and sessions stay small ("do not invite more than 3-4
  panellists": at most 5 with the moderator).
- register_rules:
  - eurodig_issues_accommodated: EuroDIG does not accept or reject
    submissions; every issue category the public submitted to gets a session.
  - eurodig_countries: every final session draws on several countries and no
    country dominates it (geographical balance).
  - eurodig_committee_countries: the organising team comes from more than
    one country (the IGF's regional diversity for a regional initiative).
  - eurodig_youth: every final session has youth representation, counted as
    a panellist from one of the `youth_organisations` (YOUthDIG by default).

Thresholds are settings under [plugins.eurodig]; sources and what is
illustrative: README.md of this package.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from nrikit import N_, ConfigError, Finding, Rule, hookimpl

__version__ = "0.1.0"

DEFAULTS = {
    "min_countries": 2,  # illustrative reading of "geographical balance"
    "max_country_share": 0.5,  # illustrative: no country holds more than half a session's seats
    "youth_organisations": ["youthdig"],
}


def settings_of(plugins: dict) -> dict:
    raw = dict(plugins.get("eurodig") or {})
    unknown = set(raw) - set(DEFAULTS)
    if unknown:
        raise ConfigError(
            f"unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(DEFAULTS)}", key="plugins.eurodig"
        )
    out = {**DEFAULTS, **raw}
    if not isinstance(out["min_countries"], int) or isinstance(out["min_countries"], bool) or out["min_countries"] < 1:
        raise ConfigError(
            f"expected a whole number of at least 1, got {out['min_countries']!r}", key="plugins.eurodig.min_countries"
        )
    share = out["max_country_share"]
    if not isinstance(share, (int, float)) or isinstance(share, bool) or not 0 < share <= 1:
        raise ConfigError(f"expected a share between 0 and 1, got {share!r}", key="plugins.eurodig.max_country_share")
    youth = out["youth_organisations"]
    if not isinstance(youth, list) or not all(isinstance(o, str) for o in youth):
        raise ConfigError("expected an array of organisation ids", key="plugins.eurodig.youth_organisations")
    return out


@hookimpl
def register_catalogues(register):
    # locales/<lang>/LC_MESSAGES/nrikit_eurodig.po: this plugin's own messages
    register(Path(__file__).parent / "locales", "nrikit_eurodig")


@hookimpl
def edition_defaults(nri, year, settings):
    if "eurodig" not in settings:
        return None
    settings_of(settings)  # fail at load, not half-way through a run
    return {
        "survey": {"binding": True, "method": "approval"},
        "panels": {"min_size": 3, "max_size": 5},
    }


def final_sessions(ctx) -> dict[str, dict]:
    sessions: dict[str, dict] = {}
    for r in ctx.rows(
        "SELECT p.id, p.title, p.topic_id, pp.person_id, pe.country, pe.organisation_id "
        "FROM panels p LEFT JOIN panellists pp ON pp.panel_id = p.id "
        "LEFT JOIN people pe ON pe.id = pp.person_id WHERE p.round = 'final' ORDER BY p.id, pp.person_id"
    ):
        s = sessions.setdefault(r["id"], {"title": r["title"], "topic": r["topic_id"], "members": []})
        if r["person_id"]:
            s["members"].append(r)
    return sessions


def check_issues_accommodated(ctx):
    submitted = Counter()
    for b in ctx.rows("SELECT choices FROM survey_ballots"):
        submitted.update(json.loads(b["choices"] or "[]"))
    covered = {s["topic"] for s in final_sessions(ctx).values()}
    titles = {r["id"]: r["title"] for r in ctx.rows("SELECT id, title FROM topics")}
    for topic, count in sorted(submitted.items()):
        if topic not in covered:
            yield Finding(
                "eurodig_issues_accommodated",
                "error",
                f"topic:{topic}",
                N_("{n} public submission(s) on “{topic}” found no session"),
                N_("EuroDIG accommodates every submission: merge it into a related session or give it one"),
                {"n": count, "topic": titles.get(topic, topic)},
            )


def check_countries(ctx):
    cfg = settings_of(ctx.edition.plugins)
    for sid, s in final_sessions(ctx).items():
        countries = Counter(m["country"] for m in s["members"] if m["country"])
        if not countries:
            continue
        if len(countries) < cfg["min_countries"]:
            yield Finding(
                "eurodig_countries",
                "error",
                f"panel:{sid}",
                N_("session “{session}” draws on {n} country ({countries}), fewer than {minimum}"),
                N_("invite a speaker from another European country"),
                {
                    "session": s["title"],
                    "n": len(countries),
                    "countries": sorted(countries),
                    "minimum": cfg["min_countries"],
                },
            )
            continue
        country, top = countries.most_common(1)[0]
        share = top / sum(countries.values())
        if share > cfg["max_country_share"]:
            yield Finding(
                "eurodig_countries",
                "warning",
                f"panel:{sid}",
                N_("{top} of {n} panellists of session “{session}” are from {country}"),
                N_("EuroDIG asks for geographical balance: keep any one country at or below {pct}% of a session"),
                {
                    "top": top,
                    "n": sum(countries.values()),
                    "session": s["title"],
                    "country": country,
                    "pct": round(cfg["max_country_share"] * 100),
                },
            )


def check_committee_countries(ctx):
    countries = {
        r["country"]
        for r in ctx.rows(
            "SELECT DISTINCT p.country FROM committee_members c JOIN people p ON p.id = c.person_id WHERE p.country != ''"
        )
    }
    if len(countries) == 1:
        yield Finding(
            "eurodig_committee_countries",
            "warning",
            "committee",
            N_("every organising team member lives in {country}"),
            N_("a regional initiative's team comes from more than one country (IGF NRI Toolkit)"),
            {"country": countries.pop()},
        )


def check_youth(ctx):
    youth = set(settings_of(ctx.edition.plugins)["youth_organisations"])
    for sid, s in final_sessions(ctx).items():
        if s["members"] and not any(m["organisation_id"] in youth for m in s["members"]):
            yield Finding(
                "eurodig_youth",
                "warning",
                f"panel:{sid}",
                N_("session “{session}” has no youth representative"),
                N_("invite a participant from {organisations} to the session's org team or panel"),
                {"session": s["title"], "organisations": sorted(youth)},
            )


@hookimpl
def register_rules(register):
    register(
        Rule(
            "eurodig_issues_accommodated",
            "panels",
            "EuroDIG: every issue the public submitted has a session.",
            check_issues_accommodated,
        )
    )
    register(
        Rule(
            "eurodig_countries",
            "panels",
            "EuroDIG: sessions draw on [plugins.eurodig] min_countries countries, none above max_country_share.",
            check_countries,
        )
    )
    register(
        Rule(
            "eurodig_committee_countries",
            "committee",
            "EuroDIG: the organising team comes from more than one country.",
            check_committee_countries,
        )
    )
    register(Rule("eurodig_youth", "panels", "EuroDIG: every session has a youth representative.", check_youth))
