"""Stage 5, the event: sessions and speakers as held, attendance, streaming, sponsors and budget."""

from __future__ import annotations

from ..hookspecs import hookimpl
from ..i18n import N_
from ..model import Finding, Rule, Stage
from .markdown import md_text
from .panels import local_days

MODES = ("in_person", "remote")


def load(ctx):
    r = ctx.read(
        "attendance",
        required=(),
        optional=("id", "name", "email", "gender", "gender_text", "stakeholder", "mode", "attended"),
    )
    registrations, seen = [], set()
    index = _known_people(ctx) if r is not None and "people" in r.spec.feeds else None
    # A registration list without an attendance column records registrations, not attendees:
    # attended stays unknown unless the config declares it (columns.attended = { value = "yes" }).
    for rec in r or ():
        email, name = r.email(rec, "email"), r.text(rec, "name")
        rid = (
            r.unique_id(rec, "id", seen, "registration id")
            if r.has("id")
            else _registration_id(ctx, r, rec, email, seen)
        )
        gender, gender_text = r.gender_with_text(rec, "gender", "gender_text")
        registrations.append(
            {
                "id": rid,
                "person_id": index.find(email, name) if index is not None else None,
                "name": name or None,
                "email": email,
                "gender": gender,
                "gender_text": gender_text,
                "stakeholder": r.stakeholder(rec, "stakeholder", required=False),
                "mode": r.choice(rec, "mode", MODES, required=False, default=None),
                "attended": _flag(r.maybe_boolean(rec, "attended")),
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


def _known_people(ctx):
    """The call's people, by e-mail and by name, to link registrations to (nrikit.people)."""
    from ..people import PeopleIndex

    index = PeopleIndex(ctx.salt)
    for p in ctx.rows("SELECT id, name, email FROM people"):
        index.known(p["id"], p["email"], p["name"])
    return index


def _registration_id(ctx, r, rec, email, seen):
    """A registration list without ids (a form export): ids from the e-mail, else the row, salted."""
    from ..people import generated_id, normalise_email

    address = normalise_email(email)
    rid = generated_id(f"attendance:{'email:' + address if address else f'row:{rec.row}'}", ctx.salt, prefix="reg")
    if rid in seen:
        raise r.error(rec, "email", f"a second registration with the same e-mail ({rid})", 'set dedupe = "email"')
    seen.add(rid)
    return rid


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


def facts(ctx) -> dict:
    """Figures about the event as held, from the final panels and the attendance."""
    one = lambda sql: ctx.db.execute(sql).fetchone()[0]  # noqa: E731
    final = "SELECT id FROM panels WHERE round = 'final'"
    country = ctx.edition["nri"]["country"]
    registered = one("SELECT count(*) FROM registrations")
    panels = ctx.edition.input("panels")
    scheduled = panels is not None and panels.format == "pretalx"  # the schedule, not the config, has the days
    recorded = one("SELECT count(*) FROM registrations WHERE attended IS NOT NULL")
    figures = {
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
        "registrations": registered,
        # 1 when every registration says whether the person came; 0 when the list is registrations only
        "attendance_recorded": int(recorded == registered),
        "streamed": int(ctx.edition["event"]["streamed"]),
        "remote_participation": int(ctx.edition["event"]["remote_participation"]),
        "sponsors": one("SELECT count(*) FROM sponsors"),
        # Days with a session when the programme is dated (a schedule export), else the edition's dates.
        "days": (scheduled and len(set(local_days(ctx).values())))
        or (ctx.edition["edition"]["end"] - ctx.edition["edition"]["start"]).days + 1,
    }
    unknown_country = one(
        f"SELECT count(DISTINCT pp.person_id) FROM panellists pp JOIN people p ON p.id = pp.person_id "
        f"WHERE pp.panel_id IN ({final}) AND p.country IS NULL"
    )
    if unknown_country:
        # Where a speaker lives is not known (a schedule export): the international count would be invented.
        del figures["speakers_international"]
    if recorded == registered:
        # Attendee figures only where attendance is known: registrations are not attendees.
        figures.update(
            {
                "attendees": one("SELECT count(*) FROM registrations WHERE attended"),
                "attendees_women": one("SELECT count(*) FROM registrations WHERE attended AND gender = 'woman'"),
                "attendees_men": one("SELECT count(*) FROM registrations WHERE attended AND gender = 'man'"),
                "attendees_remote": one("SELECT count(*) FROM registrations WHERE attended AND mode = 'remote'"),
            }
        )
    return figures


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
    t = ctx.gettext
    dates = (
        e["start"].isoformat()
        if e["end"] == e["start"]
        else t(N_("{start} to {end}"), start=e["start"].isoformat(), end=e["end"].isoformat())
    )
    lines = [
        t(N_("Event: {dates}, {city}."), dates=dates, city=md_text(e["city"]) or t(N_("city not recorded"))),
        "",
        "- " + t(N_("Sessions: {n}"), n=f["sessions"]),
        "- "
        + t(
            N_("Invited speakers: {n} ({women} women, {men} men)"),
            n=f["speakers"],
            women=f["speakers_women"],
            men=f["speakers_men"],
        ),
        "- "
        + t(
            N_("International speakers: {international}; remote speakers: {remote}"),
            international=f["speakers_international"]
            if "speakers_international" in f
            else t(N_("unknown (not every speaker says where they live)")),
            remote=f["speakers_remote"],
        ),
        "- "
        + (
            t(
                N_("Attendees: {n} ({women} women, {men} men; {remote} remote) of {registered} registered"),
                n=f["attendees"],
                women=f["attendees_women"],
                men=f["attendees_men"],
                remote=f["attendees_remote"],
                registered=f["registrations"],
            )
            if "attendees" in f
            else t(
                N_("Registrations: {n} (attendance not recorded: these are registrations, not attendees)"),
                n=f["registrations"],
            )
        ),
        "- " + t(N_("Streamed: {streamed}"), streamed=t(N_("yes")) if f["streamed"] == "1" else t(N_("no"))),
    ]
    sponsors = ctx.rows("SELECT name, role FROM sponsors ORDER BY name")
    if sponsors:
        lines.append(
            "- "
            + t(
                N_("Sponsors: {sponsors}"),
                sponsors="; ".join(
                    md_text(s["name"]) + (f" ({md_text(s['role'])})" if s["role"] else "") for s in sponsors
                ),
            )
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
    if f.get("registrations") and "attendees" not in f:
        yield Finding(
            "attendance",
            "warning",
            "event",
            N_("{n} registrations are recorded but not who attended"),
            N_('add an attendance column (attended), or declare it: columns.attended = {{ value = "yes" }}'),
            {"n": f["registrations"]},
        )
        return
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


def check_registration_matches(ctx):
    """Registrations linked to a person by name only (no e-mail to agree on) may be someone else."""
    n = ctx.db.execute(
        "SELECT count(*) FROM registrations r JOIN people p ON p.id = r.person_id "
        "WHERE r.email IS NULL OR p.email IS NULL OR lower(trim(r.email)) != lower(trim(p.email))"
    ).fetchone()[0]
    if n:
        yield Finding(
            "registration_match",
            "warning",
            "registrations",
            N_("{n} registrations were linked to a known person by name only (no e-mail to confirm it)"),
            N_("add the e-mail column to the registration list, or check these registrations in the workspace"),
            {"n": n},
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
            N_("The event: sessions, speakers, attendance, sponsors, budget and session reports"),
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
    register(
        Rule(
            "registration_match",
            "event",
            "Registrations are linked to people by e-mail, not by name alone.",
            check_registration_matches,
        )
    )
