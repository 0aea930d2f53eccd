"""Stage 3, the topic survey: ballots counted by the declared method, then the topics decided.

A binding survey selects the programme's topics itself; a non-binding one
advises the committee, whose votes decide each topic under the declared
approval method. Either way each topic's decision and tally is logged.
"""

from __future__ import annotations

import sqlite3

from .. import tally as _tally
from ..context import is_slug, jsonlist
from ..dates import ISO_UTC
from ..errors import ConfigError
from ..hookspecs import hookimpl
from ..i18n import N_
from ..model import Decision, Finding, Rule, Stage
from ..taxonomy import fold
from .markdown import md_text

VOTES = ("yes", "no", "abstain")
_COUNTER_AWARE = {m.count for m in _tally.METHODS.values() if m.kind == "survey"}


def _method(ctx, key, kind):
    name = ctx.edition["survey"][key]
    method = ctx.tally_methods.get(name)
    if method is None or method.kind != kind:
        known = sorted(n for n, m in ctx.tally_methods.items() if m.kind == kind)
        raise ConfigError(
            f"unknown {kind} method {name!r}; registered: {', '.join(known)}",
            path=ctx.edition.path,
            key=f"survey.{key}",
        )
    return method


TOPIC_FIELDS = ("id", "title", "tags", "description")


def read_topics(ctx, what="topic") -> dict[str, dict]:
    """The candidate topics (or session proposals) input, checked: {id: row for the topics table}.

    A proposal form (feeds = ["people"]) also names its proposer: the call stage added them to
    people (matched by e-mail); here each topic is linked to its proposer."""
    from ..people import PERSON_FIELDS, PeopleIndex, generated_id, normalise_name

    spec = ctx.edition.input("topics")
    proposals = spec is not None and "people" in spec.feeds
    t = ctx.read(
        "topics", required=("title",), optional=("id", "tags", "description", *(PERSON_FIELDS if proposals else ()))
    )
    if t is not None and not t.has("id") and not proposals:
        raise t._missing("id", "id", list(t.table.header), stated=False)
    index = None
    if proposals:
        index = PeopleIndex(ctx.salt)
        for p in ctx.rows("SELECT id, name, email FROM people"):
            index.known(p["id"], p["email"], p["name"])
    topics = {}
    for rec in t or ():
        title = t.text(rec, "title", required=True)
        if t.has("id"):
            tid = t.unique_id(rec, "id", topics, f"{what} id")
        else:  # a proposal form without ids: one from the title, stable when rows move
            tid = generated_id("topic:" + normalise_name(title), ctx.salt, prefix="t")
            if tid in topics:
                raise t.error(rec, "title", f"duplicate {what} title {title!r}")
        topics[tid] = {
            "id": tid,
            "title": title,
            "tags": jsonlist(t.tags(rec, "tags")),
            "description": t.text(rec, "description") or None,
        }
        if index is not None:
            topics[tid]["proposer_id"] = index.find(t.email(rec, "email"), t.text(rec, "name"))
    return topics


def load(ctx):
    survey_method = _method(ctx, "method", "survey")
    vote_method = _method(ctx, "approval", "vote")
    topics = read_topics(ctx)
    # Ballots can number hundreds of thousands: they are streamed and checked while
    # they are written (write() runs inside the stage's transaction, so a bad ballot
    # still leaves the workspace untouched).
    ballots = ctx.read("survey", required=("id", "choices"), optional=("submitted_at", "stakeholder"), stream=True)
    members = ctx.ids("committee_members", "person_id")
    if "votes" in ctx.edition["committee"]["workspace_inputs"]:
        return survey_method, vote_method, topics, ballots, workspace_votes(ctx, topics, members), len(members)
    v = ctx.read("votes", required=("topic", "member", "vote"))
    votes = {}
    for rec in v or ():
        topic = v.ref(rec, "topic", topics, "topic")
        member = v.ref(rec, "member", members, "committee member")
        if (topic, member) in votes:
            raise v.error(rec, "member", f"{member} votes twice on {topic}")
        votes[(topic, member)] = v.choice(rec, "vote", VOTES)
    return survey_method, vote_method, topics, ballots, votes, len(members)


_TITLE_INDEX: dict[int, tuple[dict, dict]] = {}


def _titles(topics) -> dict[str, str]:
    """{folded title: topic id}, built once per topics dict."""
    cached = _TITLE_INDEX.get(id(topics))
    if cached is None or cached[0] is not topics:
        cached = _TITLE_INDEX[id(topics)] = (topics, {fold(t["title"]): tid for tid, t in topics.items()})
    return cached[1]


def workspace_votes(ctx, topics, members) -> dict[tuple[str, str], str]:
    """The votes the committee cast in `nrikit committee serve`, on the topics whose vote it closed.

    Their sha256 stands in for a votes file's in the stage's fingerprint, so a newly
    closed vote makes the next `nrikit run` recount the topics."""
    import hashlib
    import json

    rows = ctx.rows(
        "SELECT v.topic_id, v.person_id, v.vote FROM member_votes v JOIN vote_rounds r "
        "ON r.topic_id = v.topic_id AND r.status = 'closed' ORDER BY v.topic_id, v.person_id"
    )
    # A topic or a member dropped from the inputs since the vote no longer counts.
    votes = {
        (r["topic_id"], r["person_id"]): r["vote"]
        for r in rows
        if r["topic_id"] in topics and r["person_id"] in members
    }
    blob = json.dumps(sorted((t, m, v) for (t, m), v in votes.items()))
    ctx.input_hashes["votes"] = "workspace:" + hashlib.sha256(blob.encode()).hexdigest()
    return votes


BATCH = 5000
CACHE = 4096  # distinct choices remembered by the line-by-line path (bounded memory)
INSERT = "INSERT INTO survey_ballots (id, submitted_at, stakeholder, choices) VALUES (?, ?, ?, ?)"


def _parse_choices(s, rec, raw, topics):
    choices = [c.strip() for c in raw.replace("|", ";").split(";") if c.strip()]
    for i, c in enumerate(choices):
        if c not in topics:
            # A wide export names options by label ("Privacidad"): a topic's title identifies it too.
            tid = _titles(topics).get(fold(c))
            if tid is None:
                raise s.error(
                    rec,
                    "choices",
                    f"unknown topic {c!r}",
                    f'topics: {", ".join(topics)}; map an option with values.choices = {{ "{c}" = "TOPIC ID" }}',
                )
            choices[i] = tid
    if len(set(choices)) != len(choices):
        raise s.error(rec, "choices", "a topic is chosen twice on one ballot")
    return tuple(choices), jsonlist(choices)


def _insert(ctx, s, batch, records):
    conn = ctx.db.conn
    # A savepoint per batch: a failed executemany keeps the rows before the bad one,
    # which would make every id of the batch look like a duplicate.
    conn.execute("SAVEPOINT nrikit_batch")
    try:
        conn.executemany(INSERT, batch)
        conn.execute("RELEASE nrikit_batch")
    except sqlite3.IntegrityError:
        conn.execute("ROLLBACK TO nrikit_batch")
        conn.execute("RELEASE nrikit_batch")
        # Find the offending ballot so the error names its row, instead of keeping
        # every id seen in memory.
        ids = [b[0] for b in batch]
        found = {
            r[0]
            for r in ctx.db.conn.execute(f"SELECT id FROM survey_ballots WHERE id IN ({','.join('?' * len(ids))})", ids)
        }
        seen = set()
        for ballot, (row, line, values) in zip(batch, records):
            if ballot[0] in found or ballot[0] in seen:
                raise s.error(s.record(row, line, values), "id", f"duplicate ballot id {ballot[0]!r}") from None
            seen.add(ballot[0])
        raise


def write_ballots(ctx, s, topics) -> int:
    """Check and insert every ballot; return how many were inserted.

    This is the hot loop of large imports. Rows arrive as plain lists; values that
    repeat (choices, stakeholder groups) are checked once and cached (up to CACHE
    distinct choices), canonical ids and ISO times are checked with one regular
    expression, and anything else goes through the general accessors (which also
    raise the errors) on a Record.
    """
    header = s.table.header
    cols = s.columns
    i_id, i_choices = header.index(cols["id"]), header.index(cols["choices"])
    i_when = header.index(cols["submitted_at"]) if "submitted_at" in cols else None
    i_group = header.index(cols["stakeholder"]) if "stakeholder" in cols else None
    plain_id, plain_when, plain_choices = s.plain("id"), s.plain("submitted_at"), s.plain("choices")
    parsed: dict[str, tuple] = {}
    groups: dict[str, str | None] = {"": None}
    days: set[str] = set()  # calendar days already known to exist
    total = 0
    batch, where = [], []
    for row, line, values in s.raw():
        raw = values[i_choices]
        hit = parsed.get(raw) if plain_choices else None
        if hit is None:
            rec = s.record(row, line, values)
            hit = _parse_choices(s, rec, s.text(rec, "choices"), topics)
            if plain_choices:
                if len(parsed) >= CACHE:
                    parsed.clear()  # bounded: real ballots are about one distinct value in two
                parsed[raw] = hit
        ident = values[i_id]
        if not (plain_id and is_slug(ident)):
            ident = s.slug(s.record(row, line, values), "id")
        when = values[i_when] if i_when is not None else ""
        if when and not (plain_when and ISO_UTC.fullmatch(when) and when[:10] in days):
            when = s.date(s.record(row, line, values), "submitted_at")  # checks the day too, or raises
            if when and ISO_UTC.fullmatch(when):
                days.add(when[:10])
        group_raw = values[i_group] if i_group is not None else ""
        group = groups.get(group_raw, "?")
        if group == "?":
            group = groups[group_raw] = s.stakeholder(s.record(row, line, values), "stakeholder", required=False)
        batch.append((ident, when or None, group, hit[1]))
        where.append((row, line, values))
        if len(batch) >= BATCH:
            _insert(ctx, s, batch, where)
            total += len(batch)
            batch, where = [], []
    if batch:
        _insert(ctx, s, batch, where)
        total += len(batch)
    return total


def stored_ballots(ctx) -> _tally.Weighted:
    """The ballots as stored, identical ones counted once with their number, read from the
    workspace on each pass: the tally of a million ballots keeps none of them in memory
    (SQLite groups them, spilling to disk beyond its cache)."""

    conn = ctx.db.conn

    from ..importers.bulk import stored_ballot

    def items():
        for choices, n in conn.execute("SELECT choices, count(*) FROM survey_ballots GROUP BY choices"):
            yield stored_ballot(choices), n

    return _tally.Weighted(items, checked=True)


def counted_ballots(ballots) -> list:
    """Every ballot again, identical ballots one after another (the methods are anonymous:
    order does not matter). A list, as a plugin's method may expect a sequence (len(),
    indexing); identical ballots share one tuple, so it costs a pointer per ballot."""
    return [ballot for ballot, n in ballots.items() for _ in range(n)]


def write(ctx, data):
    survey_method, vote_method, topics, ballots, votes, members = data
    cfg = ctx.edition["survey"]
    ctx.db["topics"].insert_all(topics.values())
    counted = None
    if ballots is not None:
        from ..importers.bulk import import_ballots

        counted = import_ballots(ctx, ballots, topics, _parse_choices)
        if counted is None:
            write_ballots(ctx, ballots, topics)  # not a plain well-formed file: line by line, exact errors
    ctx.db["committee_votes"].insert_all({"topic_id": t, "person_id": m, "vote": v} for (t, m), v in votes.items())
    if not topics:
        return
    # nrikit's own methods take the stored ballots grouped (identical ballots counted once,
    # times their number) and read in one pass; a plugin's method gets every ballot.
    stored = counted if ballots is not None and counted is not None else stored_ballots(ctx)
    ballots_arg = stored if survey_method.count in _COUNTER_AWARE else counted_ballots(stored)
    result = survey_method.count(ballots_arg, list(topics))
    selected, tied = result.top(cfg["topics_to_select"])
    # Competition ranking ("1, 1, 3"): tied topics share a rank and the next rank skips.
    rank, ahead = {}, 0
    for tier in result.ranking:
        for tid in tier:
            rank[tid] = ahead + 1
        ahead += len(tier)
    ctx.db["survey_tally"].insert_all(
        {
            "topic_id": tid,
            "method": survey_method.name,
            "score": result.scores.get(tid, 0),
            "rank": rank.get(tid),
            "in_survey_top": int(tid in selected),
        }
        for tid in topics
    )
    ctx.decide(
        Decision(
            "survey.counted",
            "survey",
            ctx.edition.id,
            outcome=", ".join(selected) or "-",
            method=survey_method.name,
            binding=cfg["binding"],
            tally={"ballots": result.ballots, "scores": result.scores, "tied_at_cutoff": tied},
            rationale=f"top {cfg['topics_to_select']} topics of the survey"
            + (" (binding)" if cfg["binding"] else " (advisory)"),
        )
    )
    decisions = []
    for tid in topics:
        topic_votes = {m: vote for (t, m), vote in votes.items() if t == tid}
        if cfg["binding"] and (tid in selected or tid not in tied or not topic_votes):
            approved, decided_by, tally = (
                tid in selected,
                "survey",
                {"rank": rank.get(tid), "score": result.scores.get(tid, 0)},
            )
            counts = {"yes": None, "no": None, "abstain": None}
        else:
            # Non-binding survey, or a binding survey tied at the cut: the committee decides.
            kwargs = {"threshold": cfg["qualified_threshold"]} if vote_method.name == "qualified_majority" else {}
            outcome = vote_method.count(topic_votes, max(members, 1), **kwargs) if topic_votes else None
            approved = bool(outcome and outcome.passed)
            decided_by = vote_method.name
            tally = outcome.as_dict() if outcome else {"votes": 0}
            counts = {k: getattr(outcome, k) if outcome else 0 for k in ("yes", "no", "abstain")}
        decisions.append(
            {"topic_id": tid, "approved": int(approved), "decided_by": decided_by, **counts, "members": members}
        )
        ctx.decide(
            Decision(
                "topic.approved" if approved else "topic.rejected",
                "topic",
                tid,
                outcome="approved" if approved else "rejected",
                method=decided_by,
                binding=cfg["binding"],
                tally=tally,
                rationale=(
                    f"survey rank {rank.get(tid)}"
                    if decided_by == "survey"
                    else (tally.get("rule") or "no committee votes recorded")
                ),
            )
        )
    ctx.db["topic_decisions"].insert_all(decisions)


def summary(ctx) -> str:
    cfg = ctx.edition["survey"]
    ballots = ctx.db["survey_ballots"].count
    rows = ctx.rows(
        "SELECT t.id, t.title, s.score, s.rank, s.in_survey_top, d.approved, d.decided_by, d.yes, d.no, d.abstain "
        "FROM topics t LEFT JOIN survey_tally s ON s.topic_id = t.id "
        "LEFT JOIN topic_decisions d ON d.topic_id = t.id ORDER BY s.rank, t.id"
    )
    t = ctx.gettext
    binding = (
        t(N_("binding: the survey chose the topics."))
        if cfg["binding"]
        else t(N_("not binding: the committee decided by {approval}."), approval=cfg["approval"].replace("_", " "))
    )
    head = [
        t(N_("Rank")),
        t(N_("Topic")),
        t(N_("Score")),
        t(N_("Survey top")),
        t(N_("Approved")),
        t(N_("Committee vote")),
    ]
    lines = [
        t(
            N_("Topic survey: {n} ballots, counted by {method}; {binding}"),
            n=ballots,
            method=cfg["method"],
            binding=binding,
        ),
        "",
        "| " + " | ".join(md_text(h, cell=True) for h in head) + " |",
        "|---|---|---|---|---|---|",
    ]
    yes, no = t(N_("yes")), t(N_("no"))
    for r in rows:
        vote = f"{r['yes']}-{r['no']}-{r['abstain']}" if r["yes"] is not None else ""
        lines.append(
            f"| {r['rank'] or ''} | {md_text(r['title'], cell=True)} | {format(r['score'], 'g') if r['score'] is not None else ''} | "
            f"{yes if r['in_survey_top'] else ''} | {yes if r['approved'] else no} | {vote} |"
        )
    return "\n".join(lines)


def check_committee_followed_survey(ctx):
    rows = ctx.rows(
        "SELECT t.id, t.title, s.in_survey_top, d.approved FROM topics t "
        "JOIN survey_tally s ON s.topic_id = t.id JOIN topic_decisions d ON d.topic_id = t.id"
    )
    top = [r for r in rows if r["in_survey_top"]]
    if not top:
        return
    adopted = sum(1 for r in top if r["approved"])
    if adopted < len(top):
        dropped = [r["title"] or r["id"] for r in top if not r["approved"]]
        yield Finding(
            "survey_adopted",
            "warning",
            "topics",
            N_("the committee adopted {adopted} of the survey's top {top} topics (not adopted: {dropped})"),
            N_("publish the committee's reasons; a survey that does not bind is a weaker bottom-up process"),
            {"adopted": adopted, "top": len(top), "dropped": dropped},
        )


def check_binding(ctx):
    if ctx.db["topics"].count and not ctx.edition["survey"]["binding"]:
        yield Finding(
            "survey_binding",
            "info",
            "survey",
            N_("the topic survey did not bind the committee"),
            N_("bottom-up processes are stronger when the public consultation decides or its results are published"),
        )


def check_topic_count(ctx):
    approved = ctx.db.execute("SELECT count(*) FROM topic_decisions WHERE approved").fetchone()[0]
    wanted = ctx.edition["survey"]["topics_to_select"]
    if not ctx.db["topics"].count:
        yield Finding(
            "survey_topics",
            "warning",
            "topics",
            N_("no candidate topics are recorded"),
            N_("add them as [inputs] topics"),
        )
    elif approved != wanted:
        yield Finding(
            "survey_topics",
            "warning",
            "topics",
            N_("{approved} topics were approved, but the programme takes {wanted}"),
            N_("check [survey] topics_to_select, or record the committee votes that complete the list"),
            {"approved": approved, "wanted": wanted},
        )


def check_votes_recorded(ctx):
    if ctx.edition["survey"]["binding"]:
        return
    if ctx.db["topics"].count and not ctx.db["committee_votes"].count:
        yield Finding(
            "survey_votes",
            "error",
            "topics",
            N_("the survey does not bind, but no committee votes are recorded"),
            N_("add the committee's votes as [inputs] votes, so the decision is transparent"),
        )


@hookimpl
def register_stages(register):
    register(
        Stage(
            "survey",
            30,
            N_("Topic survey and the committee's approval"),
            ("topics", "survey", "votes"),
            load,
            write,
            summary,
        )
    )


@hookimpl
def register_rules(register):
    register(
        Rule(
            "survey_adopted",
            "survey",
            "The committee adopted the survey's preferred topics.",
            check_committee_followed_survey,
        )
    )
    register(Rule("survey_binding", "survey", "Say when the public survey only advised the committee.", check_binding))
    register(Rule("survey_topics", "survey", "As many topics were approved as the programme takes.", check_topic_count))
    register(
        Rule(
            "survey_votes",
            "survey",
            "A non-binding survey's topics are decided by recorded committee votes.",
            check_votes_recorded,
        )
    )
