"""Stage 1, the open call: the edition, the organisations and people, and the expressions of interest."""

from __future__ import annotations

from collections import Counter

from ..context import jsonlist
from ..hookspecs import hookimpl
from ..model import Finding, Rule, Stage

ROLES_SOUGHT = ("committee", "speaker", "participant")


def load(ctx):
    orgs = ctx.read("organisations", required=("id", "name", "stakeholder"), optional=("country",))
    organisations = {}
    for rec in orgs or ():
        oid = orgs.unique_id(rec, "id", organisations, "organisation id")
        organisations[oid] = {
            "id": oid,
            "name": orgs.text(rec, "name", required=True),
            "stakeholder": orgs.stakeholder(rec, "stakeholder"),
            "country": orgs.text(rec, "country").upper() or ctx.edition["nri"]["country"],
        }
    ppl = ctx.read(
        "people",
        required=("id", "name"),
        optional=(
            "email",
            "phone",
            "gender",
            "gender_text",
            "organisation",
            "country",
            "expertise",
            "bio",
            "consent_name",
            "consent_org",
            "consent_bio",
        ),
    )
    people = {}
    for rec in ppl or ():
        pid = ppl.unique_id(rec, "id", people, "person id")
        gender, gender_text = ppl.gender_with_text(rec, "gender", "gender_text")
        people[pid] = {
            "id": pid,
            "name": ppl.text(rec, "name", required=True),
            "email": ppl.email(rec, "email"),
            "phone": ppl.text(rec, "phone") or None,
            "gender": gender,
            "gender_text": gender_text,
            "organisation_id": ppl.ref(rec, "organisation", organisations, "organisation", required=False),
            "country": ppl.text(rec, "country").upper() or ctx.edition["nri"]["country"],
            "expertise": jsonlist(ppl.tags(rec, "expertise")),
            "bio": ppl.text(rec, "bio") or None,
            "consent_name": int(ppl.boolean(rec, "consent_name")),
            "consent_org": int(ppl.boolean(rec, "consent_org")),
            "consent_bio": int(ppl.boolean(rec, "consent_bio")),
        }
    eoi = ctx.read(
        "interest",
        required=("id", "stakeholder"),
        optional=("submitted_at", "person", "organisation", "role_sought", "expertise"),
    )
    deadline = ctx.edition["call"].get("deadline")
    expressions, seen = [], set()
    for rec in eoi or ():
        eid = eoi.unique_id(rec, "id", seen)
        submitted = eoi.date(rec, "submitted_at")
        # A multi-select "how would you like to take part": the most involved role is the one
        # sought (committee, then speaker, then participant); all of them are kept.
        roles = eoi.choice_list(rec, "role_sought", ROLES_SOUGHT)
        expressions.append(
            {
                "id": eid,
                "submitted_at": submitted,
                "person_id": eoi.ref(rec, "person", people, "person", required=False),
                "organisation_id": eoi.ref(rec, "organisation", organisations, "organisation", required=False),
                "stakeholder": eoi.stakeholder(rec, "stakeholder"),
                # no answer: unknown, not "participant"
                "role_sought": min(roles, key=ROLES_SOUGHT.index) if roles else None,
                "roles_sought": jsonlist(roles) if roles else None,
                "expertise": jsonlist(eoi.tags(rec, "expertise")),
                "on_time": None if not (submitted and deadline) else int(submitted[:10] <= deadline.isoformat()),
            }
        )
    return organisations, people, expressions


def write(ctx, data):
    organisations, people, expressions = data
    e, nri, call = ctx.edition["edition"], ctx.edition["nri"], ctx.edition["call"]
    ctx.db["edition"].insert(
        {
            "id": ctx.edition.id,
            "nri_name": nri["name"],
            "acronym": nri["acronym"],
            "country": nri["country"],
            "kind": nri["kind"],
            "year": e["year"],
            "start_date": e["start"].isoformat(),
            "end_date": e["end"].isoformat(),
            "city": e["city"],
            "venue": e["venue"],
            "coordinator": e["coordinator"],
            "config_sha256": ctx.edition.sha256,
        }
    )
    ctx.db["organisations"].insert_all(organisations.values())
    ctx.db["people"].insert_all(people.values())
    ctx.db["open_call"].insert(
        {
            "id": 1,
            "opened": call["opened"].isoformat() if call.get("opened") else None,
            "deadline": call["deadline"].isoformat() if call.get("deadline") else None,
            "channels": jsonlist(call["channels"]),
        }
    )
    ctx.db["expressions_of_interest"].insert_all(expressions)


def counts_by_stakeholder(ctx) -> Counter:
    return Counter(
        {
            r["stakeholder"]: r["n"]
            for r in ctx.rows("SELECT stakeholder, count(*) AS n FROM expressions_of_interest GROUP BY stakeholder")
        }
    )


def summary(ctx) -> str:
    call = ctx.rows("SELECT * FROM open_call")[0]
    counts = counts_by_stakeholder(ctx)
    lines = [
        f"Open call: opened {call['opened'] or 'not recorded'}, deadline {call['deadline'] or 'not recorded'}.",
        "",
        f"Expressions of interest: {sum(counts.values())}.",
        "",
    ]
    for gid in ctx.taxonomy.ids:
        if counts.get(gid):
            lines.append(f"- {ctx.taxonomy.label(gid)}: {counts[gid]}")
    return "\n".join(lines)


def check_call_published(ctx):
    call = ctx.edition["call"]
    if not call.get("opened") or not call.get("deadline"):
        yield Finding(
            "call_public",
            "warning",
            "open call",
            "the open call has no recorded opening date or deadline",
            "set [call] opened and deadline: a public call with a deadline is evidence of openness",
        )
    if not call.get("channels"):
        yield Finding(
            "call_public",
            "warning",
            "open call",
            "no channels are recorded for the open call",
            "list where it was announced under [call] channels",
        )


def check_call_reach(ctx):
    counts = counts_by_stakeholder(ctx)
    if not counts:
        yield Finding(
            "call_reach",
            "warning",
            "open call",
            "no expressions of interest are recorded",
            "add the call's answers as [inputs] interest",
        )
        return
    for gid in ctx.taxonomy.expected_ids:
        if not counts.get(gid):
            yield Finding(
                "call_reach",
                "info",
                f"stakeholder:{gid}",
                f"the open call received no expression of interest from {ctx.taxonomy.label(gid).lower()}",
                "reach out to this group before forming the committee",
            )


@hookimpl
def register_stages(register):
    register(
        Stage(
            "call",
            10,
            "Open call for expressions of interest",
            ("organisations", "people", "interest"),
            load,
            write,
            summary,
        )
    )


@hookimpl
def register_rules(register):
    register(
        Rule("call_public", "call", "The call is public, dated, with a deadline and channels.", check_call_published)
    )
    register(Rule("call_reach", "call", "Every expected stakeholder group answered the call.", check_call_reach))
