"""`nrikit publish`: build the public database and its Datasette site from edition workspaces.

    nrikit publish configs/peru/2016.toml configs/peru/2017.toml --out site

reads each edition's private workspace (it does not run the pipeline: a
missing workspace, a stage never run, or inputs/config changed since the
last run fail with a message saying to run `nrikit run CONFIG`; `--run`
runs the pipeline first) and writes, into --out:

    public.db            the public database (SQLite, journal_mode=delete, vacuumed)
    metadata.json        Datasette 0.65 metadata: licence, descriptions, facets, labels, canned queries
    settings.json        Datasette settings for a public instance (SQL off, time limit, row cap)
    inspect-data.json    makes Datasette open public.db immutable, with precomputed counts
    datasette.yaml       the same configuration for Datasette 1.0 (which reads it; 0.65 ignores it)
    release/             one CSV per public table and datapackage.json (Frictionless), served at /release/
    nrikit-site.json     the manifest: exactly these files, with their sha256 (serve and deploy-dir trust
                         only it); publish refuses a folder holding a database it did not write

public.db and all the files above are built in a staging folder inside --out,
audited, and only then moved into place with os.replace (public.db last), so a
half-built or leaking database is never served. Every value is copied through an explicit allowlist (the functions
below); nothing is copied by "all columns except".

Public tables (names and columns are stable; see public_schema.py for every column):
    editions, stakeholder_groups, igf_stakeholder_groups, stakeholder_igf_groups, edition_stakeholder_groups, organisations, people, committee_members, open_call,
    open_call_counts, topics, survey_tally, topic_decisions, panels, panellists,
    panel_stakeholders, demographics, sponsors, budget_lines, session_reports, decisions, findings, edition_stats
Views: gender_share, committee_igf_balance, committee_balance, panel_balance, panels_without_women, edition_growth

Identifiers: editions are `<nri-slug>-<year>`; organisations, topics and panels are
`<edition id>/<id in the input>`; people get a random id (secrets.token_hex) drawn
per edition and remembered in the workspace's private `public_ids` table, so a
re-publish keeps them and two editions never share one.

What is public (decided here, documented in docs/publishing.md):
- people: only people in a public role (committee, panels) with consent_name; their
  organisation only with consent_org and bio only with consent_bio. Others appear
  in committee_members/panellists with an empty person_id. Never e-mail, phone,
  gender text, submission times, survey ballots or individual committee votes (unless the
  edition publishes them: [committee] publish_votes).
- demographics (gender, stakeholder group, mode of attendance of attendees, speakers,
  committee members and survey respondents) are counts suppressed below k with
  secondary suppression. Counts of organisations (open call by stakeholder group),
  committee seats by stakeholder group, panel stakeholder counts and vote counts are
  not demographic and are published as they are.
- panels carry has_woman (the IGF's minimum gender rule is about it): speakers act in
  a public role, so whether a panel had a woman on it is published.
- findings and decisions: person ids in their text are replaced by the person's public
  id, or by "[person]" when the person has none.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import i18n
from ..errors import PrivacyError, StageError
from ..i18n import N_
from ..taxonomy import IGF_COLOURS, IGF_GROUPS
from . import public_schema as ps
from .consent import effective
from .manifest import check_publish_target, file_entries, read_manifest, write_manifest
from .privacy import PrivateValue, audit, check_k, suppress_small_counts

STAGING_PREFIX = ".publish-"
# What publish writes at the top of --out (and lists in the manifest, with every release/ file).
SITE_FILES = (f"{ps.DATABASE_NAME}.db", "metadata.json", "settings.json", "datasette.yaml", "inspect-data.json")

GENDERS = ("woman", "man", "non_binary", "self_described", "not_stated")
MODES = ("in_person", "remote")
# edition_stats metrics that are totals, not demographic breakdowns (those go to demographics,
# suppressed). A metric not listed here (e.g. from a plugin) is not published.
PUBLIC_STATS = (
    "expressions_of_interest",
    "committee_members",
    "committee_organisations",
    "committee_stakeholder_groups",
    "survey_ballots",
    "topics_candidate",
    "topics_approved",
    "findings_error",
    "findings_warning",
    "sessions",
    "speakers",
    "registrations",
    "attendees",
    # 1: attendees were recorded; 0: the list holds registrations only (no attendee figures then)
    "attendance_recorded",
    "streamed",
    "remote_participation",
    "sponsors",
    "days",
    # speakers act in a public role: how many came from abroad or spoke remotely is not demographic (annual report)
    "speakers_international",
    "speakers_remote",
)
PERSON_PLACEHOLDER = "[person]"
# Workspace columns schema.py marks private that a public table may carry, and the consent that gates them.
CONSENT_GATED = {("people", "name"): "consent_name", ("people", "bio"): "consent_bio"}


def check_allowlist() -> None:
    """Refuse a public declaration that carries a private workspace column (schema.py) without a consent gate.

    A public table named like a workspace table copies its columns of the same name; if one of
    them is private there, it must be one of CONSENT_GATED.
    """
    from ..workspace import schema

    for t in ps.TABLES:
        private = {c.name for c in schema.BY_NAME[t.name].columns if c.private} if t.name in schema.BY_NAME else set()
        for c in t.columns:
            if c.name in private and (t.name, c.name) not in CONSENT_GATED:
                raise PrivacyError(f"public table {t.name} declares column {c.name}, which schema.py marks private")


@dataclass
class PublishResult:
    out: Path
    db_path: Path
    editions: list[str]
    tables: dict[str, int]
    seconds: float
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Source:
    """One edition being published: its config, pipeline and workspace."""

    edition: object
    pipeline: object
    db: object  # sqlite_utils.Database of the private workspace
    latest: dict = field(default_factory=dict)  # e-mail -> the person's latest consent in this NRI (consent.py)
    lang: str = i18n.SOURCE  # the site's language: findings' text is rendered in it

    def rows(self, sql, params=()):
        return list(self.db.query(sql, params))


# ---------------------------------------------------------------- entry point


def publish(configs, out, *, run: bool = False, pm=None, settings: dict | None = None) -> PublishResult:
    """Build `out`/public.db and the Datasette files from the editions' workspaces."""
    from .. import config as config_mod
    from ..pipeline import Pipeline
    from ..plugins import get_plugin_manager
    from ..workspace.db import open_workspace

    started = time.perf_counter()
    check_allowlist()
    pm = pm or get_plugin_manager()
    out = Path(out)
    if not configs:
        raise StageError("name at least one edition config to publish")
    sources: list[_Source] = []
    seen: dict[str, Path] = {}
    editions = []
    for path in configs:
        edition = config_mod.load(Path(path), pm=pm)
        if edition.id in seen:
            raise StageError(f"{path}: edition {edition.id} is already published from {seen[edition.id]}")
        seen[edition.id] = Path(path)
        check_k(edition["privacy"]["k"])
        editions.append((path, edition))
    first = editions[0][1]  # the site's settings are the first config's
    lang = site_language(first, site_settings(first, settings).get("lang"))
    # Before anything runs: never write a site where a private database could be served with it.
    check_publish_target(out, [e.workspace for _, e in editions], staging_prefix=STAGING_PREFIX)
    for path, edition in editions:
        if run:
            pipeline = Pipeline(edition, pm=pm)
            pipeline.run()
        else:
            db = open_workspace(edition.workspace, pm=pm, create=False)
            pipeline = Pipeline(edition, pm=pm, db=db)
            _check_fresh(pipeline, path)
        _check_chain(pipeline.db, path)
        sources.append(_Source(edition, pipeline, pipeline.db))
    # A consent withdrawn in any later edition of the NRI caps every earlier one (consent.py).
    from .consent import latest_consents

    latest = latest_consents([path for path, _ in editions], pm=pm)
    for src in sources:
        src.latest = latest.get(src.edition.slug, {})
        src.lang = lang
    site = site_settings(sources[0].edition, settings)  # the first config given
    site["lang"] = lang
    i18n.use_plugins(pm)  # the plugins' catalogues translate their taxonomies' group labels
    if len({s.edition.slug for s in sources}) > 1:
        # A site of several NRIs is described as one: the first NRI's own title, description and
        # source do not speak for the others (each edition's source stays on its row of `editions`).
        for key in ("title", "description", "source", "source_url"):
            site[key] = (settings or {}).get(key) or ""
        site["multi_nri"] = True
    sources.sort(key=lambda s: (s.edition.slug, s.edition.year))

    from .datapackage import write_release
    from .site import write_site_files

    out.mkdir(parents=True, exist_ok=True)
    for leftover in out.glob(STAGING_PREFIX + "*"):  # from a publish that was killed: ours, never served
        shutil.rmtree(leftover, ignore_errors=True)
    # Everything is built in a staging folder inside `out` (same filesystem, so os.replace is atomic)
    # and moved into place only after the audit passed and every file was written.
    stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
    db_path = out / f"{ps.DATABASE_NAME}.db"
    try:
        staged_db = stage / db_path.name
        private, private_ids, consented = _build(sources, staged_db)
        from .home import write_site_data

        write_site_data(staged_db, site["lang"])  # charts and words rendered once, audited with the rest
        audit(staged_db, private, private_ids=private_ids, consented=consented)
        counts = _table_counts(staged_db)
        meta = write_site_files(stage, staged_db, site)
        write_release(staged_db, stage / "release", site, meta["title"])
        from .agenda import write_agenda

        write_agenda(staged_db, stage / "release" / "agenda.ics", meta["title"])  # from public.db only
        names = [*SITE_FILES, *(f"release/{p.name}" for p in sorted((stage / "release").iterdir()) if p.is_file())]
        new_files = file_entries(stage, names)
        # While files move, the manifest accepts the old and the new version of each (a kill leaves a valid site).
        old_files = read_manifest(out) or {}
        write_manifest(
            out, {n: sorted(set(old_files.get(n, [])) | set(new_files.get(n, []))) for n in {*old_files, *new_files}}
        )
        # One file at a time, each with an atomic os.replace: release/ itself never disappears.
        (out / "release").mkdir(exist_ok=True)
        for name in names[len(SITE_FILES) :]:
            os.replace(stage / name, out / name)
        for name in ("metadata.json", "settings.json", "datasette.yaml", "inspect-data.json"):
            os.replace(stage / name, out / name)
        os.replace(staged_db, db_path)  # last: a server started from here on sees a complete site
        write_manifest(out, new_files)
        for stale in (out / "release").iterdir():  # a table this publish no longer writes
            if f"release/{stale.name}" not in new_files and stale.is_file():
                stale.unlink()
        shutil.rmtree(out / ".release-old", ignore_errors=True)  # left by nrikit before the manifest
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        for src in sources:
            src.db.close()
    return PublishResult(out, db_path, [s.edition.id for s in sources], counts, time.perf_counter() - started)


def _check_chain(db, config_path) -> None:
    """Never publish a decision log whose hash chain does not verify: its published head would vouch for it."""
    from ..workspace.decision_log import verify_chain

    check = verify_chain(db)
    if not check.ok:
        raise StageError(
            f"{config_path}: the decision log does not verify at entry {check.broken_id}: {check.problem}; "
            f"see `nrikit log verify {config_path}`"
        )


def site_settings(edition, overrides: dict | None = None) -> dict:
    """The [publish] section of the first edition's config, with overrides (CLI flags) applied."""
    section = dict(edition.data.get("publish") or {})
    section.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return section


def site_language(edition, lang: str | None) -> str:
    """The site's language: --lang or [publish] lang, else the edition's [report] lang; checked against the catalogues."""
    from ..errors import ConfigError

    lang = lang or (edition.data.get("report") or {}).get("lang") or i18n.SOURCE
    if lang not in i18n.available():
        raise ConfigError(f"no site language {lang!r}; available: {', '.join(i18n.available())}", key="publish.lang")
    return lang


def _check_fresh(pipeline, config_path) -> None:
    """Fail unless every stage ran, and ran on the inputs, config and plugins as they are now.

    Fast path: hash the input files and recompute the stage fingerprint from those hashes.
    Only when that disagrees (or an importer hashes differently) are the inputs read again,
    exactly as `nrikit run` would, to decide.
    """
    import hashlib

    hint = f"run `nrikit run {config_path}` first (or pass --run)"
    for stage in pipeline.stages:
        last = pipeline.last_run(stage.name)
        if last is None:
            raise StageError(f"{config_path}: stage {stage.name} has never run in {pipeline.edition.workspace}; {hint}")
        recorded = json.loads(last["inputs"] or "{}")
        current = {}
        for name in recorded:
            spec = pipeline.edition.input(name)
            if spec is not None and spec.path.is_file():
                current[name] = hashlib.sha256(spec.path.read_bytes()).hexdigest()
        if current == recorded and pipeline._fingerprint(stage, recorded) == last["fingerprint"]:
            continue
        ctx = pipeline.context(stage.name)
        stage.load(ctx)
        if pipeline._fingerprint(stage, ctx.input_hashes) != last["fingerprint"]:
            raise StageError(
                f"{config_path}: the workspace is stale: stage {stage.name}'s inputs, config or plugins "
                f"changed since its last run; {hint}"
            )


# ---------------------------------------------------------------- building


def _create(conn: sqlite3.Connection) -> None:
    for t in ps.TABLES:
        cols = []
        for c in t.columns:
            line = f'"{c.name}" {c.type}'
            ref = next(((o, oc) for col, o, oc in t.foreign_keys if col == c.name), None)
            if ref:
                line += f' REFERENCES "{ref[0]}"("{ref[1]}")'
            cols.append(line)
        if t.pk:
            cols.append("PRIMARY KEY (" + ", ".join(f'"{p}"' for p in t.pk) + ")")
        conn.execute(f'CREATE TABLE "{t.name}" (\n  ' + ",\n  ".join(cols) + "\n)")


def _insert(conn, table: str, rows: list[dict]) -> None:
    if not rows:
        return
    spec = ps.BY_NAME[table]
    names = [c.name for c in spec.columns]
    for row in rows:
        extra = set(row) - set(names)
        if extra:  # an allowlist bug must not become a silent leak or a silent drop
            raise PrivacyError(f"internal error: columns {sorted(extra)} are not declared for public table {table}")
    conn.executemany(
        f'INSERT INTO "{table}" ({", ".join(chr(34) + n + chr(34) for n in names)}) VALUES ({", ".join("?" for _ in names)})',
        [[row.get(n) for n in names] for row in rows],
    )


def _build(sources: list[_Source], path: Path) -> tuple[list[PrivateValue], list[str], set[str]]:
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN")
        _create(conn)
        private: list[PrivateValue] = []
        private_ids: list[str] = []
        groups: dict[str, str] = {}
        for src in sources:
            for g in src.pipeline.taxonomy.groups:
                groups.setdefault(g.id, g.label)
        _insert(conn, "stakeholder_groups", [{"id": gid, "label": label} for gid, label in sorted(groups.items())])
        _insert(
            conn,
            "igf_stakeholder_groups",
            [
                {"id": gid, "label": label, "colour": IGF_COLOURS[gid], "position": n}
                for n, (gid, label) in enumerate(IGF_GROUPS.items())
            ],
        )
        published: set[str] = set()
        for src in sources:
            p, ids, consented = _publish_edition(conn, src)
            private += p
            private_ids += ids
            published |= consented
        # A value published with its owner's consent in one edition (a speaker's name in 2016) is
        # not a leak when the same text is private elsewhere (the 2017 record, without consent).
        private = [v for v in private if v.value not in published]
        # Many ballots share a value (the same choices, the same day): search each text once.
        seen: set[str] = set()
        private = [v for v in private if not (v.value.casefold() in seen or seen.add(v.value.casefold()))]
        problems = conn.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise StageError(f"internal error: public.db has dangling references: {problems[:3]}")
        conn.execute("COMMIT")
        _add_fts(conn)
        for view in ps.VIEWS:
            conn.execute(f'CREATE VIEW "{view.name}" AS {view.sql.strip()}')
        # VACUUM drops free pages, so nothing deleted during the build (FTS merges) survives in the file.
        conn.execute("VACUUM")
    finally:
        conn.close()
    return private, private_ids, published


def _add_fts(conn: sqlite3.Connection) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    for t in ps.TABLES:
        if t.fts:
            db[t.name].enable_fts(list(t.fts), create_triggers=False, replace=True)


def _table_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in ps.TABLE_NAMES}
    finally:
        conn.close()


def _flag(value) -> int | None:
    return None if value is None else int(bool(value))


def _public_ids(src: _Source, person_ids: list[str]) -> dict[str, str]:
    """Random public ids for these people, drawn once per edition and kept in the private workspace."""
    db = src.db
    known = {
        r["private_id"]: r["public_id"]
        for r in db.query("SELECT private_id, public_id FROM public_ids WHERE kind = 'person'")
    }
    missing = [p for p in person_ids if p not in known]
    if missing:
        from ..pipeline import now_utc

        taken = set(known.values())
        with db.atomic():
            for pid in missing:
                token = secrets.token_hex(8)
                while token in taken:  # pragma: no cover - 64 random bits
                    token = secrets.token_hex(8)
                taken.add(token)
                db.execute(
                    "INSERT INTO public_ids (kind, private_id, public_id, created_at) VALUES ('person', ?, ?, ?)",
                    [pid, token, now_utc()],
                )
                known[pid] = token
    return {p: known[p] for p in person_ids}


def _publish_edition(conn, src: _Source) -> tuple[list[PrivateValue], list[str]]:
    ed = src.edition
    eid = ed.id
    k = ed["privacy"]["k"]
    survey = ed["survey"]
    rows = src.rows

    def oid(org):
        return f"{eid}/{org}" if org else None

    # editions ------------------------------------------------------------
    e = (rows("SELECT * FROM edition") or [{}])[0]
    _insert(
        conn,
        "editions",
        [
            {
                "id": eid,
                "label": f"{ed['nri']['acronym']} {ed.year}",
                "nri": ed.slug,
                "nri_name": ed["nri"]["name"],
                "acronym": ed["nri"]["acronym"],
                "country": ed["nri"]["country"],
                "kind": ed["nri"]["kind"],
                "year": ed.year,
                "start_date": e.get("start_date"),
                "end_date": e.get("end_date"),
                "city": e.get("city"),
                "venue": e.get("venue"),
                "coordinator": e.get("coordinator"),
                "streamed": _flag(ed["event"]["streamed"]),
                "remote_participation": _flag(ed["event"]["remote_participation"]),
                "survey_method": survey["method"],
                "survey_binding": _flag(survey["binding"]),
                "approval_method": survey["approval"],
                "k": k,
                "decision_log_head": (rows("SELECT hash FROM decision_log ORDER BY id DESC LIMIT 1") or [{}])[0].get(
                    "hash", ""
                ),
                # each edition keeps its own [publish] source, also on a site of several NRIs
                "source": (ed.data.get("publish") or {}).get("source") or None,
                "source_url": (ed.data.get("publish") or {}).get("source_url") or None,
            }
        ],
    )

    _insert(
        conn,
        "edition_stakeholder_groups",
        [
            {"edition_id": eid, "stakeholder": g.id, "label": g.label, "expected": int(g.expected)}
            for g in src.pipeline.taxonomy.groups
        ],
    )
    # the IGF groups each own group counts as, declared by its taxonomy (never guessed from its name)
    _insert(
        conn,
        "stakeholder_igf_groups",
        [
            {"edition_id": eid, "stakeholder": g.id, "igf_group": igf, "weight": round(1 / len(g.igf), 4)}
            for g in src.pipeline.taxonomy.groups
            for igf in g.igf
        ],
    )

    # organisations: all of them are organisations, not people --------------------------
    _insert(
        conn,
        "organisations",
        [
            {
                "id": oid(o["id"]),
                "edition_id": eid,
                "name": o["name"],
                "stakeholder": o["stakeholder"],
                "country": o["country"],
            }
            for o in rows("SELECT id, name, stakeholder, country FROM organisations ORDER BY id")
        ],
    )

    # people in a public role, with consent ------------------------------------------
    people, _ = effective({p["id"]: p for p in rows("SELECT * FROM people")}, src.latest)
    public_role = [
        r["person_id"]
        for r in rows("SELECT person_id FROM committee_members UNION SELECT person_id FROM panellists ORDER BY 1")
    ]
    named = [pid for pid in public_role if pid in people and people[pid]["consent_name"]]
    pub = _public_ids(src, named)
    _insert(
        conn,
        "people",
        [
            {
                "id": pub[pid],
                "edition_id": eid,
                "name": people[pid]["name"],
                "organisation_id": oid(people[pid]["organisation_id"]) if people[pid]["consent_org"] else None,
                "bio": people[pid]["bio"] if people[pid]["consent_bio"] else None,
            }
            for pid in named
        ],
    )

    # committee --------------------------------------------------------------------
    committee = rows("SELECT * FROM committee_members ORDER BY role DESC, organisation_id, person_id")
    _insert(
        conn,
        "committee_members",
        [
            {
                "edition_id": eid,
                "person_id": pub.get(c["person_id"]),
                "organisation_id": oid(c["organisation_id"]),
                "stakeholder": c["stakeholder"],
                "role": c["role"],
                "joined": c["joined"],
            }
            for c in committee
        ],
    )

    # open call: counts of expressions and organisations, never who answered -------------------
    call = (rows("SELECT * FROM open_call") or [None])[0]
    totals = rows("SELECT count(*) AS n, coalesce(sum(on_time), 0) AS on_time FROM expressions_of_interest")[0]
    if call is not None or totals["n"]:
        _insert(
            conn,
            "open_call",
            [
                {
                    "edition_id": eid,
                    "opened": call and call["opened"],
                    "deadline": call and call["deadline"],
                    "channels": call and call["channels"],
                    "expressions": totals["n"],
                    "on_time": totals["on_time"],
                }
            ],
        )
    _insert(
        conn,
        "open_call_counts",
        [
            {"edition_id": eid, **r}
            for r in rows(
                "SELECT stakeholder, role_sought, count(*) AS expressions, count(DISTINCT organisation_id) AS organisations "
                "FROM expressions_of_interest GROUP BY stakeholder, role_sought ORDER BY stakeholder, role_sought"
            )
        ],
    )

    # topics, survey tally, decisions (vote counts only) -------------------------------------
    _insert(
        conn,
        "topics",
        [
            {
                "id": f"{eid}/{t['id']}",
                "edition_id": eid,
                "topic": t["id"],
                "title": t["title"],
                "tags": t["tags"],
                "description": t["description"],
            }
            for t in rows("SELECT * FROM topics ORDER BY id")
        ],
    )
    _insert(
        conn,
        "survey_tally",
        [
            {
                "edition_id": eid,
                "topic_id": f"{eid}/{t['topic_id']}",
                "method": t["method"],
                "score": t["score"],
                "rank": t["rank"],
                "in_survey_top": t["in_survey_top"],
            }
            for t in rows("SELECT * FROM survey_tally ORDER BY rank, topic_id")
        ],
    )
    _insert(
        conn,
        "topic_decisions",
        [
            {
                "edition_id": eid,
                "topic_id": f"{eid}/{d['topic_id']}",
                "approved": d["approved"],
                "decided_by": d["decided_by"],
                "yes": d["yes"],
                "no": d["no"],
                "abstain": d["abstain"],
                "members": d["members"],
            }
            for d in rows("SELECT * FROM topic_decisions ORDER BY topic_id")
        ],
    )
    # Who was responsible for what (the committee workspace's tasks): a member only by public id.
    if "committee_tasks" in src.db.table_names():
        _insert(
            conn,
            "responsibilities",
            [
                {
                    "edition_id": eid,
                    "area": t["area"],
                    "task": t["title"],
                    "person_id": pub.get(t["owner_person_id"]),
                    "organisation_id": oid(t["owner_organisation_id"]),
                    "status": t["status"],
                    "due_date": t["due_date"],
                }
                for t in rows("SELECT * FROM committee_tasks ORDER BY id")
            ],
        )
    # Individual votes only where the edition chose to publish them ([committee] publish_votes).
    if ed["committee"]["publish_votes"]:
        _insert(
            conn,
            "member_votes",
            [
                {
                    "edition_id": eid,
                    "topic_id": f"{eid}/{v['topic_id']}",
                    "person_id": pub.get(v["person_id"]),
                    "vote": v["vote"],
                }
                for v in rows("SELECT * FROM committee_votes ORDER BY topic_id, person_id")
            ],
        )

    # panels and panellists -----------------------------------------------------------------
    orgs = {o["id"]: o for o in rows("SELECT id, stakeholder FROM organisations")}
    seats = rows("SELECT * FROM panellists ORDER BY panel_id, role, person_id")
    by_panel: dict[str, list[dict]] = {}
    for s in seats:
        by_panel.setdefault(s["panel_id"], []).append(s)

    def stakeholder_of(person_id):
        person = people.get(person_id) or {}
        return (orgs.get(person.get("organisation_id")) or {}).get("stakeholder")

    panel_rows, stake_rows = [], []
    for p in rows("SELECT * FROM panels ORDER BY id"):
        members = by_panel.get(p["id"], [])
        groups: dict[str, int] = {}
        for m in members:
            g = stakeholder_of(m["person_id"])
            if g:
                groups[g] = groups.get(g, 0) + 1
        panel_rows.append(
            {
                "id": f"{eid}/{p['id']}",
                "edition_id": eid,
                "topic_id": f"{eid}/{p['topic_id']}" if p["topic_id"] else None,
                "round": p["round"],
                "title": p["title"],
                "starts": p["starts"],
                "ends": p["ends"],
                "room": p["room"],
                "panellists": len(members),
                "stakeholder_groups": len(groups),
                "has_woman": int(any((people.get(m["person_id"]) or {}).get("gender") == "woman" for m in members)),
                "remote_panellists": sum(1 for m in members if m["remote"]),
            }
        )
        stake_rows += [
            {"edition_id": eid, "panel_id": f"{eid}/{p['id']}", "stakeholder": g, "panellists": n}
            for g, n in sorted(groups.items())
        ]
    _insert(conn, "panels", panel_rows)
    _insert(
        conn,
        "panellists",
        [
            {
                "edition_id": eid,
                "panel_id": f"{eid}/{s['panel_id']}",
                "person_id": pub.get(s["person_id"]),
                "role": s["role"],
                "remote": s["remote"],
            }
            for s in seats
        ],
    )
    _insert(conn, "panel_stakeholders", stake_rows)

    # demographics: suppressed ----------------------------------------------------------------
    taxonomy_ids = list(src.pipeline.taxonomy.ids)
    demo = []
    suppressed_groups = set()

    def add(population, dimension, categories, values):
        counts = dict.fromkeys(categories, 0)
        for v in values:
            key = v if v in counts else ("not_stated" if dimension == "gender" else None)
            if key is None:
                counts.setdefault(v or "unknown", 0)
                key = v or "unknown"
            counts[key] += 1
        for cell in suppress_small_counts(counts, k):
            if cell.suppressed:
                suppressed_groups.add((population, dimension))
            demo.append(
                {
                    "edition_id": eid,
                    "population": population,
                    "dimension": dimension,
                    "category": cell.category,
                    "count": cell.count,
                    "suppressed": int(cell.suppressed),
                }
            )

    attendees = rows("SELECT gender, stakeholder, mode FROM registrations WHERE attended = 1")
    if attendees:
        add("attendees", "gender", GENDERS, [a["gender"] for a in attendees])
        add("attendees", "stakeholder", taxonomy_ids, [a["stakeholder"] for a in attendees])
        add("attendees", "mode", MODES, [a["mode"] for a in attendees])
    speakers = [
        r["person_id"]
        for r in rows(
            "SELECT DISTINCT person_id FROM panellists JOIN panels ON panels.id = panellists.panel_id "
            "WHERE panels.round = 'final' ORDER BY 1"
        )
    ]
    if speakers:
        add("speakers", "gender", GENDERS, [(people.get(p) or {}).get("gender") for p in speakers])
        add("speakers", "stakeholder", taxonomy_ids, [stakeholder_of(p) for p in speakers])
    members = sorted({c["person_id"] for c in committee})
    if members:
        add("committee", "gender", GENDERS, [(people.get(p) or {}).get("gender") for p in members])
    ballots = rows("SELECT stakeholder FROM survey_ballots")
    if ballots:
        add("survey_respondents", "stakeholder", taxonomy_ids, [b["stakeholder"] for b in ballots])
    _insert(conn, "demographics", demo)

    # money ------------------------------------------------------------------------------
    _insert(
        conn,
        "sponsors",
        [
            {
                "edition_id": eid,
                "name": s["name"],
                "role": s["role"],
                "content_role": s["content_role"],
                "in_kind": s["in_kind"],
                "amount": s["amount"],
                "currency": s["currency"],
            }
            for s in rows("SELECT * FROM sponsors ORDER BY name")
        ],
    )
    _insert(
        conn,
        "budget_lines",
        [
            {
                "edition_id": eid,
                "line": b["id"],
                "item": b["item"],
                "amount": b["amount"],
                "currency": b["currency"],
                "funded_by": b["funded_by"],
            }
            for b in rows("SELECT * FROM budget_lines ORDER BY id")
        ],
    )
    _insert(
        conn,
        "session_reports",
        [
            {
                "edition_id": eid,
                "panel_id": f"{eid}/{r['panel_id']}",
                "moderator_id": pub.get(r["moderator_id"]),  # None unless the person consented to be named
                "rapporteur_id": pub.get(r["rapporteur_id"]),
                "key_issues": r["key_issues"],
                "summary": r["summary"],
                "way_forward": r["way_forward"],
                "submitted_on": r["submitted_on"],
            }
            for r in rows("SELECT * FROM session_reports ORDER BY panel_id")
        ],
    )

    # decisions and findings, with person ids replaced ----------------------------------------
    scrub = _person_scrubber(list(people), pub)
    decisions = []
    for d in rows("SELECT * FROM decision_log ORDER BY id"):
        row = {
            "edition_id": eid,
            "seq": d["id"],
            "logged_at": d["ts_utc"],
            "stage": d["stage"],
            "action": d["action"],
            "subject_type": d["subject_type"],
            "subject_id": scrub(d["subject_id"]),
            "method": d["method"],
            "outcome": scrub(d["outcome"]),
            "tally": scrub(d["tally"]),
            "binding": d["binding"],
            "rationale": scrub(d["rationale"]),
            "decided_on": d["decided_on"],
            "prev_hash": d["prev_hash"],
            "hash": d["hash"],
        }
        # Published as written unless a person id had to be replaced: then its hash cannot be recomputed.
        row["rewritten"] = int(any(row[k] != d[k] for k in ("subject_id", "outcome", "tally", "rationale")))
        decisions.append(row)
    _insert(conn, "decisions", decisions)
    findings = []

    def public_person(v):
        # a person in a finding: named only with consent, always by the public id, never the workspace's
        if isinstance(v, dict) and "person" in v:
            pid = v["person"]
            named = pid in pub
            return {
                "person": pub.get(pid, PERSON_PLACEHOLDER),
                "name": people[pid]["name"] if named and pid in people else None,
                "role": v.get("role", "person"),
            }
        if isinstance(v, list):
            return [public_person(x) for x in v]
        if isinstance(v, dict) and "msg" in v:  # a suggestion with its own parameters
            return {"msg": v["msg"], "params": {k: public_person(x) for k, x in v.get("params", {}).items()}}
        return v

    for f in rows("SELECT * FROM findings ORDER BY stage, id"):
        message, message_id, hint = scrub(f["message"]), f["message_id"] or f["message"], scrub(f["hint"])
        hint_id = f["hint_id"] if f["hint_id"] is not None else f["hint"]
        params = {k: public_person(v) for k, v in json.loads(f["params"] or "{}").items()}
        params = json.loads(scrub(json.dumps(params, ensure_ascii=False, sort_keys=True)))
        if f["rule"] == "attendance" and ("attendees", "gender") in suppressed_groups:
            # The rule states a share of attendees; with the counts withheld it would give them away.
            message_id = N_("the gender balance of attendees is a concern (figures withheld: small counts)")
            message, params = message_id, {}
        row = {
            "edition_id": eid,
            "stage": f["stage"],
            "rule": f["rule"],
            "severity": f["severity"],
            "subject": scrub(f["subject"]),
            "message": message,
            "hint": hint,
            "message_id": scrub(message_id),
            "hint_id": scrub(hint_id),
            "params": json.dumps(params, ensure_ascii=False, sort_keys=True),
        }
        if f["message_id"]:
            # The text readers see, in the site's language, from what may be published (the id and
            # the parameters stay, for a reader who wants another language).
            row["message"], row["hint"] = i18n.render_stored(src.lang, row, _report_locales(src.edition))
        findings.append(row)
    _insert(conn, "findings", findings)

    # headline figures: totals only ------------------------------------------------------------
    stats = {r["metric"]: r["value"] for r in rows("SELECT metric, value FROM edition_stats")}
    _insert(
        conn, "edition_stats", [{"edition_id": eid, "metric": m, "value": stats[m]} for m in PUBLIC_STATS if m in stats]
    )

    consented = {people[pid]["name"] for pid in named}
    consented |= {people[pid]["bio"] for pid in named if people[pid]["consent_bio"] and people[pid]["bio"]}
    return _private_values(src, people, set(named)), list(people), consented


def _report_locales(edition) -> Path | None:
    """The edition's own catalogue folder ([report] locales), for messages its plugins or NRI added."""
    folder = (edition.data.get("report") or {}).get("locales")
    return edition.root / folder if folder else None


def _person_scrubber(person_ids: list[str], public: dict[str, str]):
    """Replace workspace person ids (whole words, '-' counting as part of a word) in free text."""
    ids = set(person_ids)
    if not ids:
        return lambda text: text
    simple = {p for p in ids if re.fullmatch(r"[\w-]+", p)}
    # Ids are usually made of word characters and '-': one pass over the text's [\w-]+ runs.
    odd = sorted(ids - simple, key=len, reverse=True)
    odd_re = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, odd)) + r")(?![\w-])") if odd else None

    def replace(m):
        return public.get(m.group(0), PERSON_PLACEHOLDER)

    def scrub(text):
        if text is None or not isinstance(text, str):
            return text
        text = re.sub(r"[\w-]+", lambda m: replace(m) if m.group(0) in simple else m.group(0), text)
        return odd_re.sub(replace, text) if odd_re else text

    return scrub


def _private_values(src: _Source, people: dict, named: set[str]) -> list[PrivateValue]:
    """Every value the audit must not find: private columns, and consent-gated ones without consent."""
    from ..workspace import schema

    eid = src.edition.id
    out: list[PrivateValue] = []
    consent = {"name": "consent_name", "bio": "consent_bio"}
    for table in schema.TABLES:
        private_cols = [c.name for c in table.columns if c.private]
        if not private_cols or table.name not in src.db.table_names():
            continue
        key = "id" if "id" in [c.name for c in table.columns] else table.pk[0]
        for row in src.db.query(
            f'SELECT "{key}" AS _key, {", ".join(chr(34) + c + chr(34) for c in private_cols)} FROM "{table.name}"'
        ):
            for col in private_cols:
                value = row[col]
                if value is None or not isinstance(value, str):
                    continue
                if (
                    table.name == "people"
                    and col in consent
                    and row["_key"] in named
                    and (col == "name" or people[row["_key"]]["consent_bio"])
                ):
                    continue  # published with consent
                out.append(PrivateValue(value, f"{table.name}.{col} of {table.name} row {row['_key']} ({eid})"))
    return out
