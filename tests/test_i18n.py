"""Translation catalogues (nrikit.i18n): every message the code marks is translated into Spanish and
Portuguese, the .pot templates are what `pybabel extract` makes of the sources today (checked like
the cog docs), findings are stored language-neutral and shown in the reader's language, and the
Peru 2017 report in Spanish and the FIB 2025 report in Portuguese hold no English sentence.

The catalogues are real gettext .po files read with Babel; the reports are built from real runs of
the bundled example editions (configs/peru, configs/brazil).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from click.testing import CliRunner

from nrikit import i18n, plugins

ROOT = Path(__file__).resolve().parents[1]
# (source folder, folder of the catalogues, domain): nrikit's own and each bundled plugin's
CATALOGUES = [
    (ROOT / "src" / "nrikit", ROOT / "src" / "nrikit" / "locales", "nrikit"),
    *(
        (
            ROOT / "plugins" / f"nrikit-{p}" / "src",
            ROOT / "plugins" / f"nrikit-{p}" / "src" / f"nrikit_{p}" / "locales",
            f"nrikit_{p}",
        )
        for p in ("peru", "brazil", "eurodig")
    ),
]
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _marked(source: Path) -> set[str]:
    """Every N_() message in the sources, as `pybabel extract -k N_` finds them."""
    found = extract_from_dir(str(source), method_map=[("**.py", "python")], keywords={"N_": None})
    return {msg for _file, _line, msg, _comments, _context in found}


@pytest.mark.parametrize("source, folder, domain", CATALOGUES, ids=[c[2] for c in CATALOGUES])
@pytest.mark.parametrize("lang", ["es", "pt"])
def test_every_marked_message_is_translated_with_its_placeholders(source, folder, domain, lang):
    with open(folder / lang / "LC_MESSAGES" / f"{domain}.po", "rb") as fh:
        catalogue = {m.id: m for m in read_po(fh) if m.id}
    marked = _marked(source)
    missing = sorted(m for m in marked if m not in catalogue or not catalogue[m].string or catalogue[m].fuzzy)
    assert missing == [], f"{domain} {lang}: untranslated (run `make messages`, then translate): {missing}"
    for msgid in marked:
        assert set(PLACEHOLDER.findall(msgid)) == set(PLACEHOLDER.findall(catalogue[msgid].string)), (
            f"{domain} {lang}: placeholders differ in {msgid!r} -> {catalogue[msgid].string!r}"
        )


@pytest.mark.parametrize("source, folder, domain", CATALOGUES, ids=[c[2] for c in CATALOGUES])
def test_templates_are_what_pybabel_extract_makes_of_the_sources(source, folder, domain, tmp_path):
    """`make messages` regenerates the .pot files; a message added to the code without it fails here."""
    line = next(x for x in (ROOT / "Makefile").read_text().splitlines() if x.startswith("PYBABEL_EXTRACT :="))
    args = shlex.split(line.split(":=", 1)[1].replace("$(BIN)/pybabel", str(Path(sys.executable).parent / "pybabel")))
    out = tmp_path / f"{domain}.pot"
    subprocess.run([*args, "-o", str(out), str(source)], check=True, capture_output=True)
    assert out.read_text(encoding="utf-8") == (folder / f"{domain}.pot").read_text(encoding="utf-8"), (
        f"{folder / f'{domain}.pot'} is stale: run `make messages`"
    )


def test_numbers_dates_and_lists_follow_the_locale():
    assert i18n.number("es", 1234) == "1.234" and i18n.number("pt", 1234.5, 1) == "1.234,5"
    assert i18n.number("en", 1234) == "1,234"
    june = dt.date(2017, 6, 6), dt.date(2017, 6, 7)
    assert i18n.date_range("es", *june) == "6 y 7 de junio de 2017"
    assert i18n.date_range("pt", *june) == "6 e 7 de junho de 2017"
    assert i18n.date_range("en", *june) == "June 6 and 7, 2017"
    assert i18n.date_range("pt", dt.date(2025, 5, 26), dt.date(2025, 5, 30)) == "26–30 de maio de 2025"
    assert i18n.join("es", ["ddi", "isoc-peru"]) == "ddi y isoc-peru"


def test_gettext_translates_parameters_that_are_messages_and_survives_a_translators_typo(tmp_path):
    group = i18n.T("Government", lower=True)
    assert i18n.gettext("es", "no {group} on the committee", group=group) == "no hay gobierno en el comité"
    assert i18n.gettext("pt", "no {group} on the committee", group=group) == "não há governo no comitê"
    (tmp_path / "fr.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "no {group} on the committee"\nmsgstr "pas de {groupe}"\n',
        encoding="utf-8",
    )
    # a broken placeholder falls back to the English text rather than stopping a report
    assert i18n.gettext("fr", "no {group} on the committee", tmp_path, group="x") == "no x on the committee"


def test_help_does_not_import_babel():
    code = (
        "import sys; from click.testing import CliRunner; from nrikit.cli import cli; "
        "assert CliRunner().invoke(cli, ['--help']).exit_code == 0; print('babel' in sys.modules)"
    )
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        == "False"
    )


# ------------------------------------------------------------------ findings in the reader's language


@pytest.fixture(scope="module")
def peru(tmp_path_factory):
    """Peru 2016 and 2017 as shipped, run and published once."""
    from nrikit.opendata.publish import publish

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NRIKIT_LOAD_PLUGINS", "peru")
        plugins.reset()
        root = tmp_path_factory.mktemp("i18n") / "peru"
        shutil.copytree(ROOT / "configs" / "peru", root, ignore=shutil.ignore_patterns(".nrikit"))
        pm = plugins.make_plugin_manager()
        publish([root / "2016.toml", root / "2017.toml"], root.parent / "site", run=True, pm=pm)
        plugins.reset()
    return root, root.parent / "site", pm


def test_findings_cli_in_spanish_and_portuguese(peru, monkeypatch):
    from nrikit.cli import cli

    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "peru")
    plugins.reset()
    config = str(peru[0] / "2017.toml")
    es = CliRunner().invoke(cli, ["findings", config, "--lang", "es"])
    assert es.exit_code == 0, es.output
    assert "[committee] warning: no hay gobierno en el comité (rule committee_missing_group)" in es.output
    assert "sugerencia: invite a gobierno a sumarse" in es.output
    assert (
        "Patricia Ejemplo Mendoza representa a 2 organizaciones: Capítulo Peruano de Internet Society (ISOC Perú) y "
        "Democracia y Desarrollo Internacional" in es.output
    )
    assert "sugerencia: cambie a Luis Ficticio Rojas por Mónica Modelo Chávez: lo resuelve" in es.output
    pt = CliRunner().invoke(cli, ["findings", config, "--lang", "pt", "--json"])
    rows = json.loads(pt.output)
    assert "não há academia no comitê" in [r["message"] for r in rows]
    en = CliRunner().invoke(cli, ["findings", config])
    assert "no government on the committee" in en.output
    bad = CliRunner().invoke(cli, ["findings", config, "--lang", "xx"])
    assert bad.exit_code == 2 and "no catalogue for 'xx'" in bad.output


def test_findings_are_stored_language_neutral(peru):
    ws = sqlite3.connect(peru[0] / ".nrikit" / "2017.db")
    row = ws.execute(
        "SELECT message, message_id, hint_id, params FROM findings WHERE rule = 'committee_missing_group' "
        "AND subject = 'stakeholder:government'"
    ).fetchone()
    assert row[0] == "no government on the committee"
    assert row[1] == "no {group} on the committee"
    assert json.loads(row[3]) == {"group": {"t": "Government", "lower": True}}
    pub = sqlite3.connect(peru[1] / "public.db")
    assert (
        pub.execute("SELECT count(*) FROM findings WHERE message_id = 'no {group} on the committee'").fetchone()[0] >= 2
    )


def test_a_workspace_from_before_0009_gains_message_ids(tmp_path):
    from nrikit.workspace.db import open_workspace

    db = open_workspace(tmp_path / "old.db")
    for column in ("message_id", "hint_id", "params"):
        db.execute(f"ALTER TABLE findings DROP COLUMN {column}")
    db.execute(
        "INSERT INTO findings (stage, rule, severity, subject, message, hint, plugin) "
        "VALUES ('event', 'budget_published', 'warning', 'budget', 'no budget lines are recorded', 'x', 'core')"
    )
    db.execute("DELETE FROM _sqlite_migrations WHERE name = '0009_finding_messages'")
    db.conn.close()
    db = open_workspace(tmp_path / "old.db")
    row = db.execute("SELECT message_id, hint_id, params FROM findings").fetchone()
    assert row == ("no budget lines are recorded", "x", "{}")
    # an English-only finding from then is still translated when its text is a catalogue message
    assert (
        i18n.render_stored("es", {"message": "no budget lines are recorded"})[0] == "no constan partidas de presupuesto"
    )


def test_a_plugin_ships_its_own_catalogue(edition, cli_run, tmp_path):
    """A plugin's register_catalogues hook adds its .po files; its rule's message shows in Spanish."""
    from nrikit import N_, Finding, Rule, hookimpl

    folder = tmp_path / "locales"
    (folder / "es" / "LC_MESSAGES").mkdir(parents=True)
    (folder / "es" / "LC_MESSAGES" / "myigf.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "{n} panels lack a rapporteur"\nmsgstr "{n} paneles no tienen relatoría"\n',
        encoding="utf-8",
    )

    class MyIGF:
        @hookimpl
        def register_catalogues(self, register):
            register(folder, "myigf")

        @hookimpl
        def register_rules(self, register):
            def check(ctx):
                yield Finding("myigf_rapporteur", "info", "panels", N_("{n} panels lack a rapporteur"), "", {"n": 1234})

            register(Rule("myigf_rapporteur", "panels", "Every panel has a rapporteur.", check))

    pm = plugins.get_plugin_manager()
    pm.register(MyIGF(), name="myigf")
    cli_run("run", edition.config)
    out = cli_run("findings", edition.config, "--lang", "es").output
    assert "1.234 paneles no tienen relatoría" in out
    assert "1,234 panels lack a rapporteur" in cli_run("findings", edition.config).output


# ------------------------------------------------------------------ whole reports


class TextNodes(HTMLParser):
    """Every piece of text a reader can meet: text nodes (SVG labels and tooltips included) and the
    attributes read aloud or shown on hover."""

    def __init__(self):
        super().__init__()
        self.nodes: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("style", "script")
        self.nodes += [v for k, v in attrs if k in ("aria-label", "alt", "title") and v]

    def handle_endtag(self, tag):
        self._skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.nodes.append(" ".join(data.split()))


# Words of English that are not words of Spanish or Portuguese: one of them in a text node is an
# English sentence (or part of one) left in the page.
_WORDS = """
the of and was were with is are has have had from by on for to this that which not per edition
editions seats stakeholder stakeholders withheld speakers attendees committee women men share group
groups figures headline growth parity organising organisation organisations none recorded yes met
unknown survey topics panellists panellist speaker attendee session sessions budget sponsor
sponsors initiative report annual call open public data shown people held took part remote online
streamed rule rules finding findings warning error note women's all their its only more fewer than
between under over every each one two three who what when where how why about after before without
within into through across
"""
ENGLISH = frozenset(_WORDS.split())


def _english_nodes(html: str, data_values: set[str]) -> list[str]:
    parser = TextNodes()
    parser.feed(html)
    out = []
    for node in parser.nodes:
        rest = node
        for value in sorted(data_values, key=len, reverse=True):
            rest = rest.replace(value, " ")
        rest = re.sub(r"\[[\w.]+\] \w+", " ", rest)  # a config key ("[report] registration_open") is code
        if set(re.findall(r"[^\W\d_]+", rest.lower())) & ENGLISH:
            out.append(node)
    return out


def _data_values(db: Path, edition_id: str) -> set[str]:
    """What the organisers wrote in their own words, shown as they wrote it: proper names and data."""
    conn = sqlite3.connect(db)
    values = set()
    for sql in (
        "SELECT label FROM editions",
        "SELECT nri_name FROM editions",
        "SELECT room FROM panels WHERE edition_id = ?",
        "SELECT name FROM organisations",
        "SELECT venue FROM editions WHERE id = ?",
        "SELECT coordinator FROM editions WHERE id = ?",
        "SELECT role FROM sponsors WHERE edition_id = ?",
        "SELECT item FROM budget_lines WHERE edition_id = ?",
        "SELECT funded_by FROM budget_lines WHERE edition_id = ?",
        "SELECT title FROM panels WHERE edition_id = ?",
        "SELECT title FROM topics WHERE edition_id = ?",
        "SELECT name FROM people",
        "SELECT key_issues FROM session_reports WHERE edition_id = ?",
        "SELECT summary FROM session_reports WHERE edition_id = ?",
        "SELECT way_forward FROM session_reports WHERE edition_id = ?",
    ):
        try:
            rows = conn.execute(sql, [edition_id] if "?" in sql else [])
        except sqlite3.OperationalError:
            continue
        values |= {r[0] for r in rows if r[0]}
    channels = conn.execute("SELECT channels FROM open_call WHERE edition_id = ?", [edition_id]).fetchone()
    values |= set(json.loads(channels[0] or "[]")) if channels else set()
    return values


def test_peru_2017_report_in_spanish_has_no_english_sentence(peru):
    from nrikit.report import build

    root, site, pm = peru
    html = build(root / "2017.toml", fmt="html", lang="es", site=site, pm=pm, record=False).text
    english = build(root / "2017.toml", fmt="html", lang="en", site=site, pm=pm, record=False).text
    assert _english_nodes(english, set()), "the check must find English in the English report"
    data = _data_values(site / "public.db", "igf-peru-2017") | {"draft-1"}
    assert _english_nodes(html, data) == []
    # and what the Spanish report shares with the English one is data: names, numbers, dates' digits
    shared = set(TextNodes.nodes_of(html)) & set(TextNodes.nodes_of(english))
    amount = re.compile(r"^[\d.,]+ [A-Z]{3}$")  # 2.000 USD: a figure and its ISO currency code
    # a name shortened to fit a phone-width chart ("IGF Perú…") is still the name
    data |= {n for n in shared if n.endswith("…") and any(v.startswith(n[:-1]) for v in data)}
    words = {
        n for n in shared if re.search(r"[^\W\d_]{3,}", n) and not amount.match(n) and not any(v in n for v in data)
    }
    assert words <= {"IGF Perú 2017", "IGF Perú 2016", "PE", "Academia", "Total", "Agenda"}, sorted(words)
    assert "6 y 7 de junio de 2017" in html and "no hay gobierno en el comité" in html


def test_brazil_2025_report_in_portuguese(tmp_path, monkeypatch):
    from nrikit.opendata.publish import publish
    from nrikit.report import build

    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "brazil")
    plugins.reset()
    root = tmp_path / "brazil"
    shutil.copytree(ROOT / "configs" / "brazil", root, ignore=shutil.ignore_patterns(".nrikit"))
    pm = plugins.make_plugin_manager()
    publish([root / "2025.toml"], tmp_path / "site", run=True, pm=pm)
    html = build(root / "2025.toml", fmt="html", lang="pt", site=tmp_path / "site", pm=pm, record=False).text
    assert "FIB 2025: relatório anual" in html and 'lang="pt"' in html
    assert "26–30 de maio de 2025" in html
    assert "Terceiro setor" in html and "Comunidade científica e tecnológica" in html  # the plugin's catalogue
    assert _english_nodes(html, _data_values(tmp_path / "site" / "public.db", "fib-2025")) == []


def _nodes_of(html: str) -> list[str]:
    parser = TextNodes()
    parser.feed(html)
    return parser.nodes


TextNodes.nodes_of = staticmethod(_nodes_of)


# ------------------------------------------------------------------ what may be named


def test_findings_name_a_consenting_member_and_otherwise_say_a_committee_member(edition, cli_run, tmp_path):
    edition.edit_config('votes = "in/votes.csv"\n', "")
    committee = [
        ["person", "organisation", "role", "joined"],
        ["p1", "cs1", "secretariat", ""],
        ["p1", "cs2", "member", ""],
    ]
    edition.write("committee", committee + [["p2", "biz1", "", ""], ["p3", "tech1", "", ""]])
    cli_run("run", edition.config)
    # the organisers' own view (the private workspace) names people and organisations
    assert (
        "Ana Example represents 2 organisations: Civil One and Civil Two" in cli_run("findings", edition.config).output
    )
    cli_run("publish", edition.config, "--out", tmp_path / "named")
    pub = sqlite3.connect(tmp_path / "named" / "public.db")
    rule = "SELECT message FROM findings WHERE rule = 'committee_dual_representation'"
    assert pub.execute(rule).fetchone()[0] == "Ana Example represents 2 organisations: Civil One and Civil Two"
    # without consent to be named, the public sees "a committee member", in every language
    people = edition.rows["people"]
    people[1][people[0].index("consent_name")] = "no"
    edition.write("people", people)
    cli_run("run", edition.config)
    cli_run("publish", edition.config, "--out", tmp_path / "unnamed")
    pub = sqlite3.connect(tmp_path / "unnamed" / "public.db")
    message, params = pub.execute(rule.replace("message", "message, params")).fetchone()
    assert message == "a committee member represents 2 organisations: Civil One and Civil Two"
    assert i18n.render_stored(
        "es", {"message_id": "{person} represents {n} organisations: {organisations}", "params": params}
    )[0] == ("un miembro del comité representa a 2 organizaciones: Civil One y Civil Two")
    assert "Ana Example" not in (tmp_path / "unnamed" / "public.db").read_bytes().decode("utf-8", "replace")
