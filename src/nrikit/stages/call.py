"""Stage 1, the open call: the edition, the organisations and people, and the expressions of interest."""

from __future__ import annotations

from collections import Counter

from ..context import jsonlist
from ..hookspecs import hookimpl
from ..i18n import N_, T
from ..model import Finding, Rule, Stage
from ..people import PERSON_FIELDS
from .markdown import md_text

ROLES_SOUGHT = ("committee", "speaker", "participant")


def earlier_organisations(ctx) -> dict[str, dict]:
    """{id: organisation} from the workspaces of earlier editions of this NRI, configs beside this one."""
    import sqlite3

    from .. import config as config_mod
    from ..errors import NrikitError

    found: dict[str, dict] = {}
    for path in sorted(ctx.edition.path.parent.glob("*.toml")):
        if path.resolve() == ctx.edition.path:
            continue
        try:
            other = config_mod.load(path, pm=ctx.pm, check_files=False)
        except NrikitError:
            continue  # not an edition config, or a broken one: not ours to judge here
        if other.slug != ctx.edition.slug or other.year >= ctx.edition.year or not other.workspace.exists():
            continue
        conn = sqlite3.connect(f"file:{other.workspace}?mode=ro", uri=True)
        try:
            for oid, name, stakeholder, country in conn.execute(
                "SELECT id, name, stakeholder, country FROM organisations"
            ):
                found[oid] = {"id": oid, "name": name, "stakeholder": stakeholder, "country": country}
        except sqlite3.Error:
            continue
        finally:
            conn.close()
    return found


class FormFeed:
    """One call export feeding people and organisations besides the answers (`feeds`).

    People are matched by normalised e-mail to those the people input knows (else by
    name and organisation, an uncertain match listed for review); new ones get an id
    generated from their e-mail with the workspace's secret salt, so a re-import or a
    corrected export gives the same ids. Organisations typed as free text are matched to
    the organisations input's (see nrikit.organisations).
    """

    def __init__(self, ctx, rows, feeds, organisations, people):
        from ..organisations import OrganisationIndex
        from ..people import PeopleIndex

        self.ctx, self.rows, self.feeds = ctx, rows, feeds
        self.organisations, self.people = organisations, people
        self.orgs = OrganisationIndex(ctx.salt)
        for oid, org in organisations.items():
            self.orgs.known(oid, org["name"])
        # Organisations of earlier editions keep their ids: the same university is one id across years.
        self.earlier = earlier_organisations(ctx) if "organisations" in feeds else {}
        for oid, org in self.earlier.items():
            if oid not in organisations:
                self.orgs.known(oid, org["name"])
        self.index = PeopleIndex(ctx.salt)
        for pid, person in people.items():
            org = organisations.get(person["organisation_id"] or "", {}).get("name")
            self.index.known(pid, person["email"], person["name"], org)
        self.reviews: list[dict] = []
        self.keys: dict[str, str] = {}  # person id -> the matching key its answer id derives from

    def _organisation(self, rec, stakeholder):
        r = self.rows
        if "organisations" not in self.feeds:
            return r.ref(rec, "organisation", self.organisations, "organisation", required=False), None
        text = r.text(rec, "organisation")
        match = self.orgs.resolve(text, exact_only=r.mapped(rec, "organisation"))
        if match is None:
            return None, None
        if match.id not in self.organisations and match.id in self.earlier:
            self.organisations[match.id] = dict(self.earlier[match.id])
        if match.new:
            self.organisations[match.id] = {
                "id": match.id,
                "name": match.name,
                "stakeholder": stakeholder,
                "country": None,  # a typed name says nothing of where the organisation is
            }
        elif not match.certain:
            self._review(rec, "organisation", text, match.id, match.name, match.score)
        return match.id, match.name

    def _review(self, rec, kind, value, matched_id, matched_name, score):
        self.reviews.append(
            {
                "kind": kind,
                "source": self.rows.spec.name,
                "row": rec.row,
                "value": value,
                "matched_id": matched_id,
                "matched_name": matched_name,
                "score": score,
            }
        )

    def person_and_organisation(self, rec, stakeholder):
        from ..people import key_for

        r = self.rows
        org_id, org_name = self._organisation(rec, stakeholder)
        if "people" not in self.feeds or r.has("person"):
            return r.ref(rec, "person", self.people, "person", required=False), org_id
        email, name = r.email(rec, "email"), r.text(rec, "name")
        found = key_for(email, name, org_name)
        if found is None:
            return None, org_id
        key, certain = found
        pid = self.index.find(email, name, org_name)
        if pid is None:
            pid = self.index.resolve(email, name, org_name)
            gender, gender_text = r.gender_with_text(rec, "gender", "gender_text")
            self.people[pid] = {
                "id": pid,
                "name": name or None,
                "email": email,
                "phone": r.text(rec, "phone") or None,
                "gender": gender,
                "gender_text": gender_text,
                "organisation_id": org_id,
                "country": r.text(rec, "country").upper() or None,
                "expertise": jsonlist(r.tags(rec, "expertise")),
                "bio": r.text(rec, "bio") or None,
                "consent_name": int(r.boolean(rec, "consent_name")),
                "consent_org": int(r.boolean(rec, "consent_org")),
                "consent_bio": int(r.boolean(rec, "consent_bio")),
            }
        elif not certain:
            # The person's name is private: the review names the row and the id, not the person.
            self._review(rec, "person", None, pid, None, None)
        self.keys[pid] = key
        return pid, org_id

    def answer_id(self, rec, person_id, seen):
        """The export's own id if it has one; else one derived from the person (stable across a
        corrected export), else from the row number."""
        from ..people import generated_id

        r = self.rows
        if r.has("id") and r.spec.columns.get("id"):
            return r.unique_id(rec, "id", seen)
        key = self.keys.get(person_id) if person_id else None
        eid = generated_id(f"{r.spec.name}:{key or f'row:{rec.row}'}", self.ctx.salt, prefix="eoi")
        if eid in seen:
            raise r.error(rec, "id", f"a second answer by the same person ({eid})", 'set dedupe = "email"')
        seen.add(eid)
        return eid


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
    host = ctx.edition["nri"]["country"]
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
            # No country column (a pretalx schedule, a plain list): unknown, not the host country.
            "country": ppl.text(rec, "country").upper() or (host if ppl.has("country") else None),
            "expertise": jsonlist(ppl.tags(rec, "expertise")),
            "bio": ppl.text(rec, "bio") or None,
            "consent_name": int(ppl.boolean(rec, "consent_name")),
            "consent_org": int(ppl.boolean(rec, "consent_org")),
            "consent_bio": int(ppl.boolean(rec, "consent_bio")),
        }
    spec = ctx.edition.input("interest")
    feeds = set(spec.feeds) if spec else set()
    person_fields = PERSON_FIELDS if "people" in feeds else ()
    eoi = ctx.read(
        "interest",
        required=("stakeholder",),
        optional=("id", "submitted_at", "person", "organisation", "role_sought", "expertise", *person_fields),
    )
    if eoi is not None and not eoi.has("id") and not feeds:
        raise eoi._missing("id", "id", list(eoi.table.header), stated=False)
    form = FormFeed(ctx, eoi, feeds, organisations, people) if feeds else None
    deadline = ctx.edition["call"].get("deadline")
    expressions, seen = [], set()
    for rec in eoi or ():
        submitted = eoi.date(rec, "submitted_at")
        stakeholder = eoi.stakeholder(rec, "stakeholder")
        if form is not None:
            person_id, org_id = form.person_and_organisation(rec, stakeholder)
            eid = form.answer_id(rec, person_id, seen)
        else:
            eid = eoi.unique_id(rec, "id", seen)
            person_id = eoi.ref(rec, "person", people, "person", required=False)
            org_id = eoi.ref(rec, "organisation", organisations, "organisation", required=False)
        # A multi-select "how would you like to take part": the most involved role is the one
        # sought (committee, then speaker, then participant); all of them are kept.
        roles = eoi.choice_list(rec, "role_sought", ROLES_SOUGHT)
        expressions.append(
            {
                "id": eid,
                "submitted_at": submitted,
                "person_id": person_id,
                "organisation_id": org_id,
                "stakeholder": stakeholder,
                # no answer: unknown, not "participant"
                "role_sought": min(roles, key=ROLES_SOUGHT.index) if roles else None,
                "roles_sought": jsonlist(roles) if roles else None,
                "expertise": jsonlist(eoi.tags(rec, "expertise")),
                "on_time": None if not (submitted and deadline) else int(submitted[:10] <= deadline.isoformat()),
            }
        )
    ctx.match_reviews = form.reviews if form is not None else []
    # A proposal form names its proposers, a nomination form its nominees: they are people of the
    # edition too, matched by e-mail, added here where the people table is written.
    from ..composer.pool import NOMINATION_FIELDS
    from .survey import TOPIC_FIELDS

    for other, fields in (("topics", TOPIC_FIELDS), ("nominations", NOMINATION_FIELDS)):
        spec = ctx.edition.input(other)
        if spec is None or "people" not in spec.feeds:
            continue
        rows = ctx.read(other, required=(), optional=(*fields, *PERSON_FIELDS))
        feed = FormFeed(ctx, rows, {"people"}, organisations, people)
        for rec in rows:
            feed.person_and_organisation(rec, None)
        ctx.match_reviews += feed.reviews
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
    ctx.db["match_reviews"].insert_all(getattr(ctx, "match_reviews", []))


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
    t = ctx.gettext
    missing = t(N_("not recorded"))
    lines = [
        t(
            N_("Open call: opened {opened}, deadline {deadline}."),
            opened=call["opened"] or missing,
            deadline=call["deadline"] or missing,
        ),
        "",
        t(N_("Expressions of interest: {n}."), n=sum(counts.values())),
        "",
    ]
    for gid in ctx.taxonomy.ids:
        if counts.get(gid):
            lines.append(f"- {md_text(t(ctx.taxonomy.label(gid)))}: {counts[gid]}")
    return "\n".join(lines)


def check_call_published(ctx):
    call = ctx.edition["call"]
    if not call.get("opened") or not call.get("deadline"):
        yield Finding(
            "call_public",
            "warning",
            "open call",
            N_("the open call has no recorded opening date or deadline"),
            N_("set [call] opened and deadline: a public call with a deadline is evidence of openness"),
        )
    if not call.get("channels"):
        yield Finding(
            "call_public",
            "warning",
            "open call",
            N_("no channels are recorded for the open call"),
            N_("list where it was announced under [call] channels"),
        )


def check_call_reach(ctx):
    counts = counts_by_stakeholder(ctx)
    if not counts:
        yield Finding(
            "call_reach",
            "warning",
            "open call",
            N_("no expressions of interest are recorded"),
            N_("add the call's answers as [inputs] interest"),
        )
        return
    for gid in ctx.taxonomy.expected_ids:
        if not counts.get(gid):
            yield Finding(
                "call_reach",
                "info",
                f"stakeholder:{gid}",
                N_("the open call received no expression of interest from {group}"),
                N_("reach out to this group before forming the committee"),
                {"group": T(ctx.taxonomy.label(gid), lower=True)},
            )


def check_uncertain_matches(ctx):
    for m in ctx.rows("SELECT * FROM match_reviews ORDER BY id"):
        where = f"inputs.{m['source']} row {m['row']}"
        if m["kind"] == "organisation":
            # Organisation names are public; people's are not, so a person's review names only the row.
            yield Finding(
                "uncertain_match",
                "warning",
                f"organisation:{m['matched_id']}",
                N_("{where}: organisation {value} was taken to be {matched} (similarity {score})"),
                N_(
                    'confirm with values.organisation = {{ "{value_text}" = "{matched_text}" }} under '
                    '[inputs.{source}], or split it with values.organisation = {{ "{value_text}" = "{value_text}" }}'
                ),
                {
                    "where": where,
                    "value": repr(m["value"]),
                    "matched": repr(m["matched_name"]),
                    "score": f"{m['score']:g}",
                    "value_text": m["value"],
                    "matched_text": m["matched_name"],
                    "source": m["source"],
                },
            )
        else:
            yield Finding(
                "uncertain_match",
                "warning",
                f"person:{m['matched_id']}",
                N_("{where}: matched to a known person by name and organisation only (no e-mail)"),
                N_("add the e-mail address to both inputs, or correct the name if they are different people"),
                {"where": where},
            )


@hookimpl
def register_stages(register):
    register(
        Stage(
            "call",
            10,
            N_("Open call for expressions of interest"),
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
    register(
        Rule(
            "uncertain_match",
            "call",
            "People and organisations from form exports were matched on firm evidence (e-mail, exact name).",
            check_uncertain_matches,
        )
    )
