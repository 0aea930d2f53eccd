"""The publish audit (opendata/privacy.py): what it finds, where it says it found it, what it leaves alone.

Real SQLite files written with the sqlite3 module, FTS5 tables made as nrikit's publish makes them
(`CREATE VIRTUAL TABLE ... USING fts5`, SQLite's documented syntax), and one real publish of the Peru
example (configs/peru, fictional people) with a private name planted in a published field.
"""

from __future__ import annotations

import csv
import re
import sqlite3

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from publish_helpers import copy_peru

from nrikit import plugins
from nrikit.errors import PrivacyError
from nrikit.opendata.privacy import PREFIX, PrivateValue, audit


def _db(path, rows, table="t"):
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TABLE {table} (x TEXT, y TEXT)")
    conn.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)
    conn.commit()
    conn.close()
    return path


def _fails(db, private=(), ids=()) -> str:
    with pytest.raises(PrivacyError) as exc:
        audit(db, list(private), private_ids=list(ids))
    return str(exc.value)


NAME = PrivateValue("Secret Person", "people.name of people row p7 (igf-x-2030)")


def test_a_private_value_inside_a_longer_cell_is_found_with_its_table_column_and_row(tmp_path):
    db = _db(tmp_path / "p.db", [("fine", "fine"), ("fine", "minutes taken by SECRET PERSON, rapporteur, on day 2")])
    message = _fails(db, [NAME])
    assert "people.name of people row p7 (igf-x-2030) appears in t.y row 2" in message
    assert "secret person" not in message.casefold(), "the error names the field, never the value"


def test_boundaries_no_false_positive_where_the_value_continues_a_word(tmp_path):
    value = PrivateValue("Person 41", "people.name of people row p41 (x)")
    for harmless in ("Person 410 spoke", "Person 41b", "xPerson 41", "Person 41_2"):
        audit(_db(tmp_path / f"{len(harmless)}-{harmless[-1]}.db", [(harmless, None)]), [value])
    for leak in ("(Person 41)", "Person 41.", "by person 41", "Person 41-2"):
        assert "t.x row 1" in _fails(_db(tmp_path / f"leak-{leak[-1]}{len(leak)}.db", [(leak, None)]), [value])
    # A value beginning or ending with a non-word character needs no boundary on that side.
    phone = PrivateValue("+51 900", "people.phone of people row p1 (x)")
    assert "people.phone" in _fails(_db(tmp_path / "phone.db", [("call0+51 900", None)]), [phone])
    # Values shorter than MIN_AUDIT_LENGTH are not searched ("Li" is in "Lima").
    audit(_db(tmp_path / "short.db", [("Lima", None)]), [PrivateValue("Li", "people.name of p2")])


def test_values_sharing_a_beginning_and_overlapping_each_other_are_all_found(tmp_path):
    # Longer than the automaton's prefix and sharing it: each is compared whole.
    a = "participant 1 of the survey"
    b = "participant 1 of the survey, again"
    assert a[:PREFIX] == b[:PREFIX] and len(a) > PREFIX
    va, vb = PrivateValue(a, "registrations.name of registrations row r1 (x)"), PrivateValue(b, "row r2")
    message = _fails(_db(tmp_path / "b.db", [("see participant 1 of the survey, again", None)]), [va, vb])
    assert "registrations row r1" in message and "row r2 appears" in message
    # "Secret Person Two" does not stand alone in "Secret Person Twofold", "Secret Person" does.
    two = PrivateValue("Secret Person Two", "people.name of people row p8 (x)")
    message = _fails(_db(tmp_path / "o.db", [("Secret Person Twofold", None)]), [NAME, two])
    assert "people row p7" in message and "people row p8" not in message


def test_text_outside_the_cells_is_found_in_the_file_bytes(tmp_path):
    db = tmp_path / "deleted.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA secure_delete = OFF")
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("INSERT INTO t VALUES ('kept')")
    conn.execute("INSERT INTO t VALUES ('a note about Secret Person')")
    conn.commit()
    conn.execute("DELETE FROM t WHERE x LIKE 'a note%'")  # the text stays on the page, outside any cell
    conn.commit()
    conn.close()
    assert "appears in the file's bytes" in _fails(db, [NAME])


def test_person_ids_are_words_with_dashes_and_fts_index_blocks_are_left_out(tmp_path):
    db = tmp_path / "ids.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE panels (id TEXT, title TEXT)")
    conn.execute("INSERT INTO panels VALUES ('2017-d1-p1', 'Panel 2017-d1-p1')")
    # FTS5's index blocks hold "p1" as a token of "2017-d1-p1": not a published id.
    conn.execute("CREATE VIRTUAL TABLE panels_fts USING fts5(id, title)")
    conn.execute("INSERT INTO panels_fts SELECT id, title FROM panels")
    conn.commit()
    audit(db, [], private_ids=["p1"])
    conn.execute("INSERT INTO panels VALUES ('x', 'chaired by p1.')")
    conn.commit()
    conn.close()
    assert "a workspace person id appears in panels.title row 2" in _fails(db, ids=["p1"])


@pytest.mark.parametrize(
    "text, label",
    [
        ("write to a.b@example.org", "an e-mail address"),
        ("call +51 900 017 001 today", "a phone number"),
        ("or 900-017-001", "a phone number"),
        ("from 192.168.10.20", "an IP address"),
        ("from 2001:db8:0:0:8:800:200c:417a", "an IPv6 address"),
    ],
)
def test_shapes_are_found_with_table_column_and_row(tmp_path, text, label):
    db = _db(tmp_path / "s.db", [("fine", "fine 2017-06-06, version 0.65.5, -3.5"), ("fine", text)], table="notes")
    assert f"something shaped like {label} appears in notes.y row 2" in _fails(db)


def test_a_shape_is_reported_in_every_column_holding_it(tmp_path):
    db = _db(tmp_path / "s.db", [("call +51 900 017 001", "call +51 900 017 001")])
    message = _fails(db)
    assert "appears in t.x row 1" in message and "appears in t.y row 1" in message


def test_a_clean_database_passes(tmp_path):
    db = _db(tmp_path / "c.db", [("Person 410, Lima", "2017-06-06 10:00"), ("version 0.65.5", "-3.5")])
    audit(db, [NAME, PrivateValue("Person 41", "people.name of p41")], private_ids=["p1", "p00041"])


# The audit's rule, written the slow, obvious way: every value searched with a regular expression in
# the case-folded cells and file bytes, a word boundary wherever the value begins or ends with a word
# character. The audit must agree with it on any database.
def _reference(db, values) -> bool:
    conn = sqlite3.connect(db)
    cells = [v for (v,) in conn.execute("SELECT x FROM t WHERE typeof(x) = 'text'")]
    conn.close()
    text = "\n".join(cells).casefold() + "\n" + db.read_bytes().decode("utf-8", "replace").casefold()
    for value in values:
        v = value.strip().casefold()
        if len(v) < 4:
            continue
        pattern = (
            ("(?<!\\w)" if re.match(r"\w", v[0]) else "") + re.escape(v) + ("(?!\\w)" if re.match(r"\w", v[-1]) else "")
        )
        if re.search(pattern, text):
            return True
    return False


WORDS = st.text(alphabet="abßSé _-.,'\t", min_size=1, max_size=18)
VALUES = st.text(alphabet="abßSé _-.,'\t\x00", min_size=1, max_size=18)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(WORDS, min_size=1, max_size=4), values=st.lists(VALUES, min_size=1, max_size=4))
def test_the_audit_agrees_with_a_regular_expression_per_value(tmp_path_factory, cells, values):
    db = tmp_path_factory.mktemp("prop") / "p.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [(c,) for c in cells])
    conn.commit()
    conn.close()
    expected = _reference(db, values)
    try:
        audit(db, [PrivateValue(v, f"value {i}") for i, v in enumerate(values)])
        found = False
    except PrivacyError:
        found = True
    assert found == expected


@pytest.fixture
def peru_plugin(monkeypatch):
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "peru")
    plugins.reset()


def test_publish_leaves_no_site_when_the_audit_fails(tmp_path, peru_plugin):
    """A non-consented name typed into a published free-text field: the audit stops the publish,
    naming the field and where it was found, and nothing of the site is written."""
    from nrikit.cli import cli

    peru = copy_peru(tmp_path / "peru")
    with open(peru / "2017" / "people.csv", encoding="utf-8", newline="") as f:
        name = next(r["name"] for r in csv.DictReader(f) if r["consent_name"] == "no")
    topics = peru / "2017" / "topics.csv"
    text = topics.read_text(encoding="utf-8")
    topics.write_text(text.replace("brecha urbano-rural.", f"brecha urbano-rural, según {name}.", 1), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["run", str(peru / "2017.toml")]).exit_code == 0
    site = tmp_path / "site"
    result = runner.invoke(cli, ["publish", str(peru / "2017.toml"), "--out", str(site)])
    assert result.exit_code == 1, result.output
    assert "privacy audit failed" in result.output and "people.name of people row" in result.output
    assert re.search(r"appears in \w+\.\w+ row \d+", result.output), result.output
    assert name not in result.output
    assert not (site / "public.db").exists() and not (site / "metadata.json").exists()
    assert not list(site.glob(".publish-*")) and not list(site.glob("release/*"))


def test_a_private_name_inside_a_consented_one_is_not_a_leak_but_elsewhere_it_is(tmp_path):
    """Real names collide: a registrant "María García" (no consent) and a speaker "Ana María García"
    (named with consent). The speaker's published name holds the registrant's; that is no leak.
    The same private name anywhere else still fails, and so does one that only partly overlaps."""
    private = [PrivateValue("María García", "people.name of people row p9 (igf-x-2030)")]
    speaker = "Ana María García"
    ok = _db(tmp_path / "ok.db", [(speaker, "panel on cybersecurity"), ("fine", f"moderated by {speaker}")])
    audit(ok, private, consented=[speaker])
    assert "p9" in _fails(ok, private)  # without the consented text, the same file fails
    leak = _db(tmp_path / "leak.db", [(speaker, "fine"), ("fine", "thanks to María García for the minutes")])
    message = _fails_with(leak, private, [speaker])
    assert "people.name of people row p9 (igf-x-2030) appears in t.y row 2" in message
    partly = _db(tmp_path / "partly.db", [("Ana María García López", "fine")])
    assert "p9" in _fails_with(partly, private, ["Ana María"])


def _fails_with(db, private, consented) -> str:
    with pytest.raises(PrivacyError) as exc:
        audit(db, list(private), consented=consented)
    return str(exc.value)
