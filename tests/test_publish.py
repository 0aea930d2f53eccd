"""nrikit publish: public.db from the Peru workspaces, canaries, audit, suppression, public ids, the API."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from committee_helpers import plant_committee_canaries
from publish_helpers import CANARY, copy_peru, leaks, plant_canaries

from nrikit import plugins


def _cli(*args, expect=0):
    from nrikit.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == expect, result.output
    return result


@pytest.fixture(scope="module")
def canary_site(tmp_path_factory):
    """Peru 2016 as shipped and 2017 with canaries in every private field, run and published once."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NRIKIT_LOAD_PLUGINS", "peru")
        plugins.reset()
        peru = copy_peru(tmp_path_factory.mktemp("canary") / "peru")
        planted = plant_canaries(peru)
        _cli("run", peru / "2016.toml")
        _cli("run", peru / "2017.toml")
        # the committee workspace's private fields (issue 12) are canaries too
        plant_committee_canaries(peru / ".nrikit" / "2017.db", planted)
        site = peru.parent / "site"
        out = _cli("publish", peru / "2016.toml", peru / "2017.toml", "--out", site).output
        plugins.reset()
    return {"peru": peru, "site": site, "planted": planted, "output": out}


@pytest.fixture
def peru_plugin(monkeypatch):
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "peru")
    plugins.reset()


def _datasette(site: Path):
    from datasette.app import Datasette

    return Datasette(config_dir=site)


def _public(site: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{site / 'public.db'}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


# ----------------------------------------------------------------- the database


def test_publish_writes_site_with_stable_tables_and_views(canary_site):
    from nrikit.opendata import public_schema as ps

    site = canary_site["site"]
    assert "Published igf-peru-2016, igf-peru-2017" in canary_site["output"]
    assert {p.name for p in site.iterdir()} >= {
        "public.db",
        "metadata.json",
        "settings.json",
        "inspect-data.json",
        "datasette.yaml",
    }
    assert not list(site.glob(".publish-*")), "the temporary build file must not be left behind"
    conn = _public(site)
    names = {
        r["name"]: r["type"]
        for r in conn.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')")
    }
    for t in ps.TABLES:
        assert names.get(t.name) == "table", t.name
        cols = [r["name"] for r in conn.execute(f'PRAGMA table_info("{t.name}")')]
        assert cols == [c.name for c in t.columns]
    for v in ps.VIEWS:
        assert names.get(v.name) == "view"
        conn.execute(f'SELECT * FROM "{v.name}"').fetchall()
    editions = [r["id"] for r in conn.execute("SELECT id FROM editions ORDER BY year")]
    assert editions == ["igf-peru-2016", "igf-peru-2017"]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_no_canary_in_public_db_bytes(canary_site):
    raw = (canary_site["site"] / "public.db").read_bytes()
    text = raw.decode("utf-8", "replace")
    assert CANARY.encode() not in raw.lower()
    assert leaks(text, canary_site["planted"]) == []
    for f in ("metadata.json", "datasette.yaml", "inspect-data.json"):
        assert leaks((canary_site["site"] / f).read_text(encoding="utf-8"), canary_site["planted"]) == []


def test_private_import_fields_hold_canaries_that_never_reach_public_db(canary_site):
    """registrations.gender_text and the import log (issue-4's private fields) hold canaries in
    the workspace, so the no-canary tests above and below cover them too."""
    ws = sqlite3.connect(canary_site["peru"] / ".nrikit" / "2017.db")
    texts = [r[0] for r in ws.execute("SELECT gender_text FROM registrations WHERE gender_text IS NOT NULL")]
    assert texts and all(CANARY in t for t in texts)
    assert ws.execute("SELECT count(*) FROM registrations WHERE gender = 'self_described'").fetchone()[0] == len(texts)
    files = [r[0] for r in ws.execute("SELECT file FROM import_log WHERE source = 'attendance'")]
    assert files and all(CANARY in f for f in files)
    conn = _public(canary_site["site"])
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert not {"import_log", "registrations", "public_ids"} & tables


def test_form_matching_keys_and_the_salt_never_reach_public_db(canary_site):
    """The salt of generated ids, registrations.person_id and the match reviews (form feeds) stay in the
    workspace: with the salt, a generated id could be recomputed from a guessed e-mail address."""
    ws = sqlite3.connect(canary_site["peru"] / ".nrikit" / "2017.db")
    (salt,) = ws.execute("SELECT value FROM workspace_secret WHERE name = 'salt'").fetchone()
    assert len(salt) == 32
    raw = (canary_site["site"] / "public.db").read_bytes()
    assert salt.encode() not in raw
    conn = _public(canary_site["site"])
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert not {"workspace_secret", "match_reviews"} & tables
    columns = {r[1] for t in tables for r in conn.execute(f'PRAGMA table_info("{t}")')}
    assert not {"email", "proposer_id", "roles_sought", "gender_text"} & columns


def test_consented_names_and_bios_are_published_and_nothing_else(canary_site):
    conn = _public(canary_site["site"])
    names = {r["name"] for r in conn.execute("SELECT name FROM people WHERE edition_id = 'igf-peru-2017'")}
    planted = canary_site["planted"]
    # Only consented people in a public role are named; each of them is a planted "Pubname".
    assert names and names <= set(planted["consented_names"])
    bios = {
        r["bio"] for r in conn.execute("SELECT bio FROM people WHERE edition_id = 'igf-peru-2017' AND bio IS NOT NULL")
    }
    assert bios and bios <= set(planted["consented_bios"])
    # Members and panellists without consent are still counted, without a person.
    anonymous = conn.execute("SELECT count(*) FROM panellists WHERE person_id IS NULL").fetchone()[0]
    assert anonymous > 0


def test_findings_and_decisions_carry_public_ids_not_workspace_ids(canary_site):
    conn = _public(canary_site["site"])
    people = {r["id"] for r in conn.execute("SELECT id FROM people")}
    texts = [
        r[0]
        for r in conn.execute(
            "SELECT message || ' ' || coalesce(hint, '') || ' ' || subject || ' ' || coalesce(message_id, '') || ' ' "
            "|| coalesce(hint_id, '') || ' ' || coalesce(params, '') FROM findings "
            "UNION ALL SELECT coalesce(rationale, '') || ' ' || coalesce(tally, '') FROM decisions"
        )
    ]
    blob = "\n".join(texts)
    assert not re.search(r"(?<![\w-])p\d{3}(?![\w-])", blob)
    dual = conn.execute(
        "SELECT subject, message FROM findings WHERE rule = 'committee_dual_representation' "
        "AND edition_id = 'igf-peru-2017'"
    ).fetchone()
    ref = dual["subject"].split(":", 1)[1]
    assert ref in people or ref == "[person]"
    # the language-neutral form (message id + parameters) carries the same public id, not the workspace's
    params = json.loads(
        conn.execute(
            "SELECT params FROM findings WHERE rule = 'committee_dual_representation' AND edition_id = 'igf-peru-2017'"
        ).fetchone()[0]
    )
    assert params["person"]["person"] == ref
    # named, since this member consented to be named; otherwise "a committee member" (tests/test_i18n.py)
    assert params["person"]["name"] in dual["message"]


def test_public_ids_random_per_edition_and_stable_across_publishes(canary_site, tmp_path, peru_plugin):
    peru = canary_site["peru"]
    conn = _public(canary_site["site"])
    before = {(r["edition_id"], r["name"]): r["id"] for r in conn.execute("SELECT id, edition_id, name FROM people")}
    for pid in set(before.values()):
        assert re.fullmatch(r"[0-9a-f]{16}", pid)
    assert len(set(before.values())) == len(before)  # no id shared between editions
    _cli("publish", peru / "2016.toml", peru / "2017.toml", "--out", tmp_path / "again")
    again = _public(tmp_path / "again")
    after = {(r["edition_id"], r["name"]): r["id"] for r in again.execute("SELECT id, edition_id, name FROM people")}
    assert after == before
    # The mapping lives in the private workspace only.
    ws = sqlite3.connect(peru / ".nrikit" / "2017.db")
    assert ws.execute("SELECT count(*) FROM public_ids").fetchone()[0] >= len(
        [k for k in before if k[0] == "igf-peru-2017"]
    )


def test_demographics_are_suppressed_below_k(canary_site):
    conn = _public(canary_site["site"])
    k = {r["id"]: r["k"] for r in conn.execute("SELECT id, k FROM editions")}
    rows = conn.execute("SELECT * FROM demographics").fetchall()
    assert rows
    groups = {}
    for r in rows:
        assert r["count"] is None or r["count"] == 0 or r["count"] >= k[r["edition_id"]]
        assert (r["count"] is None) == bool(r["suppressed"])
        groups.setdefault((r["edition_id"], r["population"], r["dimension"]), []).append(r)
    for cells in groups.values():
        assert sum(c["suppressed"] for c in cells) != 1, "a lone withheld cell is total minus the others"
    # The committees have fewer than k members: their gender counts are withheld.
    share = conn.execute("SELECT women FROM gender_share WHERE population = 'committee'").fetchall()
    assert share and all(r["women"] is None for r in share)
    # Gender splits never leak through the headline figures.
    assert not conn.execute(
        "SELECT metric FROM edition_stats WHERE metric LIKE '%women%' OR metric LIKE '%men'"
    ).fetchall()


# ----------------------------------------------------------------- Datasette: pages, API, CSV


def _all_paths(site: Path) -> list[str]:
    from nrikit.opendata import public_schema as ps

    paths = ["/", "/public"]
    for name in ps.TABLE_NAMES + ps.VIEW_NAMES:
        paths += [
            f"/public/{name}?_size=max",
            f"/public/{name}.json?_shape=array&_size=max",
            f"/public/{name}.json?_shape=array&_labels=on&_size=max",
            f"/public/{name}.csv?_size=max&_labels=on",
            f"/public/{name}.csv?_stream=on&_dl=1",
        ]
    for q in ps.QUERIES:
        for ed in ("igf-peru-2016", "igf-peru-2017"):
            paths += [
                f"/public/{q.name}?edition={ed}",
                f"/public/{q.name}.json?_shape=array&edition={ed}",
                f"/public/{q.name}.csv?edition={ed}",
            ]
    conn = _public(site)
    paths += [f"/public/people/{r['id']}" for r in conn.execute("SELECT id FROM people")]
    paths += [f"/public/people/{r['id']}.json" for r in conn.execute("SELECT id FROM people")]
    return paths


@pytest.mark.asyncio
async def test_no_canary_in_any_datasette_page_json_or_csv(canary_site):
    ds = _datasette(canary_site["site"])
    await ds.invoke_startup()
    checked = 0
    for path in _all_paths(canary_site["site"]):
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert leaks(response.text, canary_site["planted"]) == [], path
        checked += 1
    assert checked > 100


@pytest.mark.asyncio
async def test_api_labels_facets_canned_queries_and_licence(canary_site):
    ds = _datasette(canary_site["site"])
    await ds.invoke_startup()
    r = await ds.client.get("/public/committee_members.json?_shape=array&_labels=on")
    row = r.json()[0]
    assert (
        row["stakeholder"]["label"] and row["organisation_id"]["label"] and row["edition_id"]["label"].startswith("IGF")
    )
    r = await ds.client.get("/public/committee_members.json?_facet=stakeholder&_size=0")
    facet = r.json()["facet_results"]
    assert "stakeholder" in facet
    r = await ds.client.get("/public/how_topics_were_chosen.json?_shape=array&edition=igf-peru-2017")
    rows = r.json()
    assert len(rows) == 12 and {"score", "yes", "no", "decided_by"} <= set(rows[0])
    r = await ds.client.get("/public/editions_side_by_side.json?_shape=array")
    assert [e["edition"] for e in r.json()] == ["igf-peru-2016", "igf-peru-2017"]
    r = await ds.client.get("/public/topics.json?_search=datos&_shape=array")
    assert r.status_code == 200 and r.json()
    home = (await ds.client.get("/")).text
    assert "CC BY 4.0" in home and home.count("<svg") >= 3
    growth = (await ds.client.get("/public/edition_growth.json?_shape=array")).json()
    assert any(g["metric"] == "attendees" and g["previous_edition_id"] == "igf-peru-2016" for g in growth)


@pytest.mark.asyncio
async def test_sql_and_writes_refused_by_default(canary_site):
    site = canary_site["site"]
    digest = hashlib.sha256((site / "public.db").read_bytes()).hexdigest()
    ds = _datasette(site)
    await ds.invoke_startup()
    assert (await ds.client.get("/public.json?sql=select+1")).status_code == 403
    assert (await ds.client.get("/public/editions.json?_where=1=1")).status_code == 403
    assert (await ds.client.get("/public?sql=delete+from+editions")).status_code in (400, 403)
    for path in ("/public/editions/-/insert", "/public/-/create", "/public/editions/igf-peru-2016/-/delete"):
        r = await ds.client.post(path, json={"row": {"id": "x"}})
        assert r.status_code in (403, 404, 405), path
    assert ds.get_database("public").is_mutable is False
    assert (await ds.client.get("/-/settings.json")).status_code == 404  # introspection is off (security.py)
    settings = {k: ds.setting(k) for k in ("default_allow_sql", "sql_time_limit_ms", "max_returned_rows")}
    assert settings["default_allow_sql"] is False
    assert settings["sql_time_limit_ms"] <= 3000 and settings["max_returned_rows"] <= 10000
    assert hashlib.sha256((site / "public.db").read_bytes()).hexdigest() == digest


def test_allow_sql_is_configurable(canary_site, tmp_path, peru_plugin):
    import asyncio

    peru = canary_site["peru"]
    _cli("publish", peru / "2017.toml", "--out", tmp_path / "sql", "--allow-sql")

    async def check():
        ds = _datasette(tmp_path / "sql")
        await ds.invoke_startup()
        ok = await ds.client.get("/public.json?sql=select+count(*)+as+n+from+editions&_shape=array")
        write = await ds.client.get("/public.json?sql=delete+from+editions")
        return ok, write

    ok, write = asyncio.run(check())
    assert ok.status_code == 200 and ok.json() == [{"n": 1}]
    assert write.status_code == 400  # "Statement must be a SELECT"


# ----------------------------------------------------------------- failures


def test_audit_failure_publishes_nothing(canary_site, tmp_path, peru_plugin):
    """A private value typed into a public field (a topic description) stops the publish.

    An e-mail address there is already refused when the file is read (the importers' check);
    a private name is not recognisable as such, so the audit is what stops that one."""
    peru = canary_site["peru"]
    site = tmp_path / "site"
    _cli("publish", peru / "2017.toml", "--out", site)
    before = (site / "public.db").read_bytes()
    topics = peru / "2017" / "topics.csv"
    original = topics.read_text(encoding="utf-8")
    people = (peru / "2017" / "people.csv").read_text(encoding="utf-8")
    email = re.search(rf"{CANARY}\d+e@example\.org", people).group(0)
    name = re.search(rf"Nombre {CANARY}\d+n", people).group(0)  # someone who did not consent

    def plant(text):
        lines = original.splitlines()
        lines[1] = (
            lines[1].rstrip() + f" contact {text}"
            if not lines[1].endswith('"')
            else lines[1][:-1] + f' contact {text}"'
        )
        topics.write_text("\n".join(lines) + "\n", encoding="utf-8")

    try:
        plant(email)
        result = _cli("run", peru / "2017.toml", expect=1)
        assert 'column "description": an e-mail address is typed into a field that may be published' in result.output
        plant(name)
        _cli("run", peru / "2017.toml")
        result = _cli("publish", peru / "2017.toml", "--out", site, expect=1)
        assert "privacy audit failed" in result.output and "people.name" in result.output
        assert name not in result.output, "the error names the field, never the value"
        assert (site / "public.db").read_bytes() == before
        assert not list(site.glob(".publish-*"))
    finally:
        topics.write_text(original, encoding="utf-8")
        _cli("run", peru / "2017.toml")


def test_stale_or_missing_workspace_fails_with_a_hint(tmp_path, peru_plugin):
    peru = copy_peru(tmp_path / "peru")
    result = _cli("publish", peru / "2017.toml", "--out", tmp_path / "site", expect=1)
    assert "nrikit run" in result.output
    _cli("run", peru / "2017.toml")
    sponsors = peru / "2017" / "sponsors.csv"
    sponsors.write_text(sponsors.read_text(encoding="utf-8") + "Nuevo Sponsor,catering,no,yes,,\n", encoding="utf-8")
    result = _cli("publish", peru / "2017.toml", "--out", tmp_path / "site", expect=1)
    assert "stale" in result.output and "nrikit run" in result.output and "--run" in result.output
    assert not (tmp_path / "site" / "public.db").exists()
    _cli("publish", peru / "2017.toml", "--out", tmp_path / "site", "--run")
    conn = _public(tmp_path / "site")
    assert conn.execute("SELECT count(*) FROM sponsors WHERE name = 'Nuevo Sponsor'").fetchone()[0] == 1


def test_serve_refuses_a_directory_that_is_not_a_site(tmp_path):
    result = _cli("serve", tmp_path, expect=1)
    assert "not a published nrikit site" in result.output and "nrikit publish" in result.output


# ----------------------------------------------------------------- suppression and audit units


def test_suppress_small_counts_primary_and_secondary():
    from nrikit.opendata.privacy import suppress_small_counts

    cells = {
        c.category: c for c in suppress_small_counts({"woman": 12, "man": 20, "non_binary": 2, "not_stated": 0}, 5)
    }
    assert cells["non_binary"].suppressed and cells["non_binary"].count is None
    # With the total public, the lone withheld 2 would be total - 32: the smallest other cell goes too.
    assert cells["not_stated"].suppressed
    assert not cells["woman"].suppressed and cells["woman"].count == 12
    cells = suppress_small_counts({"woman": 4, "man": 0}, 5)
    assert all(c.suppressed for c in cells)
    cells = suppress_small_counts({"woman": 40, "man": 50, "non_binary": 0}, 5)
    assert not any(c.suppressed for c in cells)
    two = suppress_small_counts({"a": 3, "b": 4, "c": 30}, 5)
    assert [c.suppressed for c in two] == [True, True, False]


def test_k_below_three_is_refused():
    from nrikit.errors import PrivacyError
    from nrikit.opendata.privacy import suppress_small_counts

    with pytest.raises(PrivacyError):
        suppress_small_counts({"a": 1}, 2)


def test_audit_catches_patterns_and_private_values(tmp_path):
    from nrikit.errors import PrivacyError
    from nrikit.opendata.privacy import PrivateValue, audit

    db = tmp_path / "p.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("INSERT INTO t VALUES ('fine text, 2017-06-06, 0.65.5, -3.5')")
    conn.commit()
    conn.close()
    audit(db, [PrivateValue("Secret Person", "people.name of p1")])
    for bad in ("write to a.b@example.org", "call +51 900 017 001", "from 192.168.10.20", "by SECRET person"):
        conn = sqlite3.connect(db)
        conn.execute("DELETE FROM t")
        conn.execute("INSERT INTO t VALUES (?)", [bad])
        conn.commit()
        conn.close()
        with pytest.raises(PrivacyError) as exc:
            audit(db, [PrivateValue("Secret Person", "people.name of p1")])
        assert "Secret Person" not in str(exc.value)


# ----------------------------------------------------------------- open-data release


def _frictionless():
    import os

    if os.environ.get("CI"):
        import frictionless  # in CI the release must be validated: a missing package is a failure

        return frictionless
    return pytest.importorskip("frictionless")


def test_release_csvs_and_datapackage_validate(canary_site, tmp_path):
    import shutil

    frictionless = _frictionless()
    release = canary_site["site"] / "release"
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    from nrikit.opendata import public_schema as ps

    assert [r["name"] for r in descriptor["resources"]] == list(ps.TABLE_NAMES)
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    for f in release.iterdir():
        assert leaks(f.read_text(encoding="utf-8"), canary_site["planted"]) == [], f.name
    report = frictionless.validate(release / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    # The validation can fail: a dangling reference in a copy is reported.
    broken = tmp_path / "broken"
    shutil.copytree(release, broken)
    text = (broken / "committee_members.csv").read_text(encoding="utf-8")
    (broken / "committee_members.csv").write_text(text.replace("igf-peru-2017,", "igf-peru-2099,", 1), encoding="utf-8")
    assert not frictionless.validate(broken / "datapackage.json").valid


# ----------------------------------------------------------------- several NRIs, config files, properties


def test_several_nris_in_one_database(edition, pipeline_of, tmp_path, monkeypatch):
    """The tiny Testland edition (IGF taxonomy) and Peru 2017 (Peru plugin) side by side."""
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "peru")
    plugins.reset()
    peru = copy_peru(tmp_path / "peru")
    _cli("run", peru / "2017.toml")
    pipeline_of(edition).run()
    _cli("publish", edition.config, peru / "2017.toml", "--out", tmp_path / "site")
    conn = _public(tmp_path / "site")
    assert [(r["id"], r["nri"]) for r in conn.execute("SELECT id, nri FROM editions ORDER BY nri")] == [
        ("igf-peru-2017", "igf-peru"),
        ("tligf-2025", "tligf"),
    ]
    assert conn.execute("SELECT count(*) FROM edition_growth").fetchone()[0] == 0  # growth only within one NRI
    # The same edition twice is refused.
    result = _cli("publish", edition.config, edition.config, "--out", tmp_path / "twice", expect=1)
    assert "already published" in result.output


def test_metadata_and_datasette_yaml_keep_sql_off_and_queries(canary_site):
    import yaml

    from nrikit.opendata import public_schema as ps

    site = canary_site["site"]
    meta = json.loads((site / "metadata.json").read_text(encoding="utf-8"))
    conf = yaml.safe_load((site / "datasette.yaml").read_text(encoding="utf-8"))
    assert meta["allow_sql"] is False and conf["allow_sql"] is False
    assert conf["settings"]["default_allow_sql"] is False
    names = {q.name for q in ps.QUERIES}
    assert set(meta["databases"]["public"]["queries"]) == names == set(conf["databases"]["public"]["queries"])
    tables = meta["databases"]["public"]["tables"]
    for t in ps.TABLES:
        assert tables[t.name]["description"] and set(tables[t.name]["columns"]) == {c.name for c in t.columns}
    assert meta["license"] == "CC BY 4.0" and meta["license_url"].startswith("https://creativecommons.org/")
    assert conf["databases"]["public"]["tables"]["people"]["label_column"] == "name"


def test_publish_section_sets_licence_title_and_sql(edition, pipeline_of, tmp_path):
    edition.edit_config(
        "[privacy]",
        '[publish]\ntitle = "Testland open data"\nlicence = "CC0-1.0"\n'
        'source = "Testland IGF"\nsql_time_limit_ms = 500\n\n[privacy]',
    )
    pipeline_of(edition).run()
    _cli("publish", edition.config, "--out", tmp_path / "site")
    meta = json.loads((tmp_path / "site" / "metadata.json").read_text(encoding="utf-8"))
    settings = json.loads((tmp_path / "site" / "settings.json").read_text(encoding="utf-8"))
    assert meta["title"] == "Testland open data" and meta["license"] == "CC0 1.0" and meta["source"] == "Testland IGF"
    assert settings["sql_time_limit_ms"] == 500 and settings["default_allow_sql"] is False
    edition.edit_config("sql_time_limit_ms = 500", "sql_time_limit_ms = 60000")
    assert "sql_time_limit_ms" in _cli("publish", edition.config, "--out", tmp_path / "site", expect=1).output


def test_suppression_properties():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from nrikit.opendata.privacy import suppress_small_counts

    @settings(max_examples=300, deadline=None)
    @given(
        st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e"]), st.integers(0, 40), min_size=1), st.integers(3, 10)
    )
    def check(counts, k):
        cells = suppress_small_counts(counts, k)
        assert [c.category for c in cells] == list(counts)
        for c in cells:
            assert c.suppressed or c.count == counts[c.category]
            assert c.suppressed or not (0 < counts[c.category] < k)
        assert sum(c.suppressed for c in cells) != 1 or len(cells) == 1

    check()


def test_serve_passes_every_setting_and_mounts_the_release(canary_site):
    from nrikit.opendata.serve import datasette_args

    site = canary_site["site"]
    args = datasette_args(site, "127.0.0.1", 8123)
    # Exactly the files publish wrote, the database immutable: never the folder (which Datasette would glob).
    assert args[:7] == [
        "serve",
        "-i",
        str(site / "public.db"),
        "--inspect-file",
        str(site / "inspect-data.json"),
        "--metadata",
        str(site / "metadata.json"),
    ]
    assert str(site) not in args and args[args.index("--host") : args.index("--port") + 2] == [
        "--host",
        "127.0.0.1",
        "--port",
        "8123",
    ]
    assert args[args.index("--static") + 1] == f"release:{site / 'release'}"
    settings = json.loads((site / "settings.json").read_text())
    # Datasette ignores settings.json once one --setting is given: all of them must be passed.
    passed = {args[i + 1] for i, a in enumerate(args) if a == "--setting"}
    assert passed == set(settings)
    assert args[args.index("default_allow_sql") + 1] == "off"


def test_allowlist_refuses_private_workspace_columns(monkeypatch):
    from nrikit.errors import PrivacyError
    from nrikit.opendata import public_schema as ps
    from nrikit.opendata import publish as pub

    pub.check_allowlist()
    people = ps.BY_NAME["people"]
    leaky = ps.PublicTable(
        people.name, people.doc, people.columns + (ps.PublicColumn("email", "TEXT", "oops"),), people.pk
    )
    monkeypatch.setattr(ps, "TABLES", tuple(leaky if t.name == "people" else t for t in ps.TABLES))
    with pytest.raises(PrivacyError, match="people declares column email"):
        pub.check_allowlist()
