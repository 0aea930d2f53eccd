"""Stage 5, the event: sessions and speakers as held, attendance, streaming, sponsors and budget."""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..i18n import N_
from ..model import Finding, Rule, Stage
from .markdown import md_text

MODES = ("in_person", "remote")


def load(ctx):
    r = ctx.read(
        "attendance",
        required=("id",),
        optional=("name", "email", "gender", "gender_text", "stakeholder", "mode", "attended"),
    )
    registrations, seen = [], set()
    for rec in r or ():
        rid = r.unique_id(rec, "id", seen, "registration id")
        gender, gender_text = r.gender_with_text(rec, "gender", "gender_text")
        registrations.append(
            {
                "id": rid,
                "name": r.text(rec, "name") or None,
                "email": r.email(rec, "email"),
                "gender": gender,
                "gender_text": gender_text,
                "stakeholder": r.stakeholder(rec, "stakeholder", required=False),
                "mode": r.choice(rec, "mode", MODES, required=False, default="in_person"),
                "attended": int(r.boolean(rec, "attended", default=True)),
            }
        )
    s = ctx.read("sponsors", required=("name",), optional=("role", "content_role", "in_kind", "amount", "currency"))
    sponsors = {}
    for rec in s or ():
        name = s.text(rec, "name", required=True)
        if name in sponsors:
            raise s.error(rec, "name", f"duplicate sponsor {name!r}")
        sponsors[name] = {
            "name": name,
            "role": s.text(rec, "role") or None,
            "content_role": int(s.boolean(rec, "content_role")),
            "in_kind": int(s.boolean(rec, "in_kind")),
            "amount": s.number(rec, "amount"),
            "currency": s.text(rec, "currency").upper() or None,
        }
    b = ctx.read("budget", required=("item", "amount"), optional=("currency", "funded_by"))
    budget = []
    for i, rec in enumerate(b or (), 1):
        amount = b.number(rec, "amount")
        if amount is None:
            raise b.error(rec, "amount", "empty value in a required field")
        budget.append(
            {
                "id": i,
                "item": b.text(rec, "item", required=True),
                "amount": amount,
                "currency": b.text(rec, "currency").upper() or None,
                "funded_by": b.text(rec, "funded_by") or None,
            }
        )
    return registrations, list(sponsors.values()), budget, load_session_reports(ctx)


def facts(ctx) -> dict:
    """Figures about the event as held, from the final panels and the attendance."""
    one = lambda sql: ctx.db.execute(sql).fetchone()[0]  # noqa: E731
    final = "SELECT id FROM panels WHERE round = 'final'"
    country = ctx.edition["nri"]["country"]
    return {
        "sessions": one(f"SELECT count(*) FROM ({final})"),
        "speakers": one(f"SELECT count(DISTINCT person_id) FROM panellists WHERE panel_id IN ({final})"),
        "speakers_women": one(
            f"SELECT count(DISTINCT pp.person_id) FROM panellists pp JOIN people p ON p.id = pp.person_id "
            f"WHERE pp.panel_id IN ({final}) AND p.gender = 'woman'"
        ),
        "speakers_men": one(
            f"SELECT count(DISTINCT pp.person_id) FROM panellists pp JOIN people p ON p.id = pp.person_id "
            f"WHERE pp.panel_id IN ({final}) AND p.gender = 'man'"
        ),
        "speakers_international": ctx.db.execute(
            f"SELECT count(DISTINCT pp.person_id) FROM panellists pp JOIN people p ON p.id = pp.person_id "
            f"WHERE pp.panel_id IN ({final}) AND p.country != ?",
            [country],
        ).fetchone()[0],
        "speakers_remote": one(
            f"SELECT count(DISTINCT person_id) FROM panellists WHERE remote AND panel_id IN ({final})"
        ),
        "registrations": one("SELECT count(*) FROM registrations"),
        "attendees": one("SELECT count(*) FROM registrations WHERE attended"),
        "attendees_women": one("SELECT count(*) FROM registrations WHERE attended AND gender = 'woman'"),
        "attendees_men": one("SELECT count(*) FROM registrations WHERE attended AND gender = 'man'"),
        "attendees_remote": one("SELECT count(*) FROM registrations WHERE attended AND mode = 'remote'"),
        "streamed": int(ctx.edition["event"]["streamed"]),
        "remote_participation": int(ctx.edition["event"]["remote_participation"]),
        "sponsors": one("SELECT count(*) FROM sponsors"),
        "days": (ctx.edition["edition"]["end"] - ctx.edition["edition"]["start"]).days + 1,
    }


def load_session_reports(ctx) -> list[dict]:
    """The rapporteurs' reports (IGF workshop report template), one per final panel."""
    r = ctx.read(
        "session_reports",
        required=("session",),
        optional=("moderator", "rapporteur", "key_issues", "summary", "way_forward", "submitted"),
    )
    if r is None:
        return []
    final = {p["id"] for p in ctx.rows("SELECT id FROM panels WHERE round = 'final'")}
    people = ctx.ids("people")
    out, seen = [], set()
    for rec in r:
        panel = r.ref(rec, "session", final, "final panel")
        if panel in seen:
            raise r.error(rec, "session", f"a second report for session {panel!r}", "keep one report per session")
        seen.add(panel)
        out.append(
            {
                "panel_id": panel,
                "moderator_id": r.ref(rec, "moderator", people, "person", required=False),
                "rapporteur_id": r.ref(rec, "rapporteur", people, "person", required=False),
                "key_issues": r.text(rec, "key_issues") or None,
                "summary": r.text(rec, "summary") or None,
                "way_forward": r.text(rec, "way_forward") or None,
                "submitted_on": (r.date(rec, "submitted") or "")[:10] or None,
            }
        )
    return out


def write(ctx, data):
    registrations, sponsors, budget, reports = data
    ctx.db["registrations"].insert_all(registrations)
    ctx.db["session_reports"].insert_all(reports)
    ctx.db["sponsors"].insert_all(sponsors)
    ctx.db["budget_lines"].insert_all(budget)
    ctx.db["event_facts"].insert_all({"key": k, "value": str(v)} for k, v in facts(ctx).items())


def summary(ctx) -> str:
    f = {r["key"]: r["value"] for r in ctx.rows("SELECT key, value FROM event_facts")}
    e = ctx.edition["edition"]
    dates = e["start"].isoformat() + ("" if e["end"] == e["start"] else f" to {e['end'].isoformat()}")
    lines = [
        f"Event: {dates}, {md_text(e['city']) or 'city not recorded'}.",
        "",
        f"- Sessions: {f['sessions']}",
        f"- Invited speakers: {f['speakers']} ({f['speakers_women']} women, {f['speakers_men']} men)",
        f"- International speakers: {f['speakers_international']}; remote speakers: {f['speakers_remote']}",
        f"- Attendees: {f['attendees']} ({f['attendees_women']} women, {f['attendees_men']} men; {f['attendees_remote']} remote)",
        f"- Streamed: {'yes' if f['streamed'] == '1' else 'no'}",
    ]
    sponsors = ctx.rows("SELECT name, role FROM sponsors ORDER BY name")
    if sponsors:
        lines.append(
            "- Sponsors: "
            + "; ".join(md_text(s["name"]) + (f" ({md_text(s['role'])})" if s["role"] else "") for s in sponsors)
        )
    return "\n".join(lines)


def check_sponsors(ctx):
    for s in ctx.rows("SELECT name FROM sponsors WHERE content_role"):
        yield Finding(
            "sponsor_content",
            "error",
            f"sponsor:{s['name']}",
            N_("sponsor {sponsor} had a say on content"),
            N_("the non-commercial principle keeps sponsors out of content decisions"),
            {"sponsor": s["name"]},
        )


def check_budget(ctx):
    if not ctx.db["budget_lines"].count:
        yield Finding(
            "budget_published",
            "warning",
            "budget",
            N_("no budget lines are recorded"),
            N_("publishing the budget is part of transparency"),
        )


def check_attendance(ctx):
    f = {r["key"]: int(r["value"]) for r in ctx.rows("SELECT key, value FROM event_facts")}
    if not f.get("attendees"):
        yield Finding("attendance", "warning", "event", N_("no attendance is recorded"), N_("add [inputs] attendance"))
        return
    share = f["attendees_women"] / f["attendees"]
    if share < 0.3:
        yield Finding(
            "attendance",
            "warning",
            "event",
            N_("women were {pct}% of attendees"),
            N_("plan outreach so participation reflects gender diversity"),
            {"pct": round(share * 100)},
        )


def check_remote(ctx):
    if not ctx.edition["event"]["remote_participation"]:
        yield Finding(
            "remote_participation",
            "info",
            "event",
            N_("no remote participation was offered"),
            N_("streaming and remote participation include people who cannot travel to the venue"),
        )


@hookimpl
def register_stages(register):
    register(
        Stage(
            "event",
            50,
            "The event: sessions, speakers, attendance, sponsors, budget and session reports",
            ("attendance", "sponsors", "budget", "session_reports"),
            load,
            write,
            summary,
        )
    )


@hookimpl
def register_rules(register):
    register(Rule("sponsor_content", "event", "No sponsor has a say on content.", check_sponsors))
    register(Rule("budget_published", "event", "The budget is recorded, so it can be published.", check_budget))
    register(Rule("attendance", "event", "Attendance is recorded and at least 30% women.", check_attendance))
    register(Rule("remote_participation", "event", "Remote participation was offered.", check_remote))
