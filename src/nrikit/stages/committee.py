"""Stage 2, the organising committee: who sits on it, for whom, and who holds the secretariat."""

from __future__ import annotations

from collections import defaultdict

from ..hookspecs import hookimpl
from ..i18n import N_, Person, T
from ..model import Decision, Finding, Rule, Stage
from .markdown import md_text

ROLES = ("secretariat", "coordinator", "member")


def load(ctx):
    rows = ctx.read("committee", required=("person", "organisation"), optional=("role", "joined"))
    if rows is None:
        return []
    people = ctx.ids("people")
    orgs = {r["id"]: r["stakeholder"] for r in ctx.rows("SELECT id, stakeholder FROM organisations")}
    members, seen = [], set()
    for rec in rows:
        person = rows.ref(rec, "person", people, "person")
        org = rows.ref(rec, "organisation", orgs, "organisation")
        if (person, org) in seen:
            raise rows.error(rec, "organisation", f"{person} is listed twice for {org}")
        seen.add((person, org))
        members.append(
            {
                "person_id": person,
                "organisation_id": org,
                "stakeholder": orgs[org],
                "role": rows.choice(rec, "role", ROLES, required=False, default="member"),
                "joined": rows.date(rec, "joined"),
            }
        )
    return members


def write(ctx, members):
    ctx.db["committee_members"].insert_all(members)
    cfg = ctx.edition["committee"]
    for m in members:
        if m["role"] == "secretariat":
            ctx.decide(
                Decision(
                    action="committee.secretariat_appointed",
                    subject_type="organisation",
                    subject_id=m["organisation_id"],
                    outcome="appointed",
                    method=cfg["secretariat_method"],
                    rationale=f"{m['organisation_id']} holds the secretariat ({cfg['secretariat_method'].replace('_', ' ')})",
                    decided_on=cfg["formed"].isoformat() if cfg.get("formed") else None,
                )
            )
    if members:
        ctx.decide(
            Decision(
                action="committee.formed",
                subject_type="committee",
                subject_id=ctx.edition.id,
                outcome="formed",
                tally={
                    "members": len({m["person_id"] for m in members}),
                    "organisations": len({m["organisation_id"] for m in members}),
                },
                decided_on=cfg["formed"].isoformat() if cfg.get("formed") else None,
            )
        )


def composition(ctx) -> dict:
    rows = ctx.rows("SELECT c.*, p.gender FROM committee_members c JOIN people p ON p.id = c.person_id")
    groups = defaultdict(set)
    for r in rows:
        groups[r["stakeholder"]].add(r["organisation_id"])
    return {"rows": rows, "groups": groups, "people": {r["person_id"]: r["gender"] for r in rows}}


SECRETARIAT_METHODS = {
    "without_opposition": N_("without opposition"),
    "simple_majority": N_("simple majority"),
    "qualified_majority": N_("qualified majority"),
    "consensus": N_("consensus"),
    "appointed": N_("appointed"),
    "not_recorded": N_("not recorded"),
}


def summary(ctx) -> str:
    comp = composition(ctx)
    t = ctx.gettext
    if not comp["rows"]:
        return t(N_("No committee is recorded."))
    names = {r["id"]: r["name"] for r in ctx.rows("SELECT id, name FROM organisations")}
    lines = [
        t(
            N_(
                "Committee: {people} people representing {organisations} organisations from {groups} stakeholder groups."
            ),
            people=len(comp["people"]),
            organisations=len({r["organisation_id"] for r in comp["rows"]}),
            groups=len(comp["groups"]),
        ),
        "",
    ]
    for gid in ctx.taxonomy.ids:
        if gid in comp["groups"]:
            orgs = ", ".join(sorted(md_text(names[o]) for o in comp["groups"][gid]))
            lines.append(f"- {md_text(t(ctx.taxonomy.label(gid)))}: {orgs}")
    secretariat = [md_text(names[r["organisation_id"]]) for r in comp["rows"] if r["role"] == "secretariat"]
    if secretariat:
        method = ctx.edition["committee"]["secretariat_method"]
        lines += [
            "",
            t(
                N_("Secretariat: {organisations} (chosen: {method})."),
                organisations=", ".join(secretariat),
                method=t(SECRETARIAT_METHODS.get(method, method.replace("_", " "))),
            ),
        ]
    return "\n".join(lines)


def check_min_groups(ctx):
    comp = composition(ctx)
    minimum = ctx.edition["committee"]["min_stakeholder_groups"]
    if comp["rows"] and len(comp["groups"]) < minimum:
        yield Finding(
            "committee_min_groups",
            "error",
            "committee",
            N_("the committee has {n} stakeholder groups, fewer than the {minimum} required"),
            N_("the IGF asks for at least three stakeholder groups, growing towards all of them"),
            {"n": len(comp["groups"]), "minimum": minimum},
        )


def check_missing_groups(ctx):
    comp = composition(ctx)
    if not comp["rows"]:
        yield Finding(
            "committee_missing_group",
            "error",
            "committee",
            N_("no committee members are recorded"),
            N_("add the committee as [inputs] committee"),
        )
        return
    for gid in ctx.taxonomy.expected_ids:
        if gid not in comp["groups"]:
            yield Finding(
                "committee_missing_group",
                "warning",
                f"stakeholder:{gid}",
                N_("no {group} on the committee"),
                N_("invite {group} to join; the IGF asks committees to grow towards all groups"),
                {"group": T(ctx.taxonomy.label(gid), lower=True)},
            )


def check_dual_representation(ctx):
    by_person = defaultdict(list)
    for r in ctx.rows("SELECT person_id, organisation_id FROM committee_members ORDER BY organisation_id"):
        by_person[r["person_id"]].append(r["organisation_id"])
    names = {r["id"]: r["name"] for r in ctx.rows("SELECT id, name FROM people")}
    orgs_named = {r["id"]: r["name"] or r["id"] for r in ctx.rows("SELECT id, name FROM organisations")}
    for person, orgs in sorted(by_person.items()):
        if len(orgs) > 1:
            yield Finding(
                "committee_dual_representation",
                "warning",
                f"person:{person}",
                N_("{person} represents {n} organisations: {organisations}"),
                N_("each organisation should send its own representative, so no voice counts twice"),
                {
                    # named where the published data may name them; otherwise "a committee member"
                    "person": Person(person, names.get(person), "committee"),
                    "n": len(orgs),
                    "organisations": sorted(orgs_named.get(o, o) for o in orgs),
                },
            )


ONE_GENDER = {
    "woman": N_("every committee member with a stated gender is a woman"),
    "man": N_("every committee member with a stated gender is a man"),
    "non_binary": N_("every committee member with a stated gender is non-binary"),
}


def check_gender(ctx):
    if not ctx.edition["committee"]["gender_balance"]:
        return
    genders = {g for g in composition(ctx)["people"].values() if g in ("woman", "man", "non_binary")}
    if len(composition(ctx)["people"]) > 1 and len(genders) == 1:
        yield Finding(
            "committee_gender",
            "warning",
            "committee",
            ONE_GENDER[genders.pop()],
            N_("the IGF asks committee composition to reflect gender diversity"),
        )


def check_secretariat(ctx):
    rows = ctx.rows("SELECT DISTINCT organisation_id FROM committee_members WHERE role = 'secretariat'")
    if not ctx.rows("SELECT 1 FROM committee_members LIMIT 1"):
        return
    if not rows:
        yield Finding(
            "committee_secretariat",
            "warning",
            "committee",
            N_("no organisation holds the secretariat"),
            N_("mark one member's role as secretariat"),
        )
    elif len(rows) > 1:
        yield Finding(
            "committee_secretariat",
            "warning",
            "committee",
            N_("{n} organisations hold the secretariat"),
            N_("one organisation should act as focal point"),
            {"n": len(rows)},
        )
    if ctx.edition["committee"]["secretariat_method"] == "not_recorded":
        yield Finding(
            "committee_secretariat",
            "info",
            "committee",
            N_("how the secretariat was chosen is not recorded"),
            N_("set [committee] secretariat_method, so the choice is transparent"),
        )


@hookimpl
def register_stages(register):
    register(Stage("committee", 20, N_("Organising committee and secretariat"), ("committee",), load, write, summary))


@hookimpl
def register_rules(register):
    register(
        Rule(
            "committee_min_groups",
            "committee",
            "At least [committee] min_stakeholder_groups groups sit on the committee.",
            check_min_groups,
        )
    )
    register(
        Rule(
            "committee_missing_group",
            "committee",
            "Every expected stakeholder group sits on the committee.",
            check_missing_groups,
        )
    )
    register(
        Rule(
            "committee_dual_representation",
            "committee",
            "No one represents more than one organisation.",
            check_dual_representation,
        )
    )
    register(Rule("committee_gender", "committee", "The committee is not made of one gender only.", check_gender))
    register(
        Rule(
            "committee_secretariat",
            "committee",
            "Exactly one organisation holds the secretariat, chosen by a recorded method.",
            check_secretariat,
        )
    )
