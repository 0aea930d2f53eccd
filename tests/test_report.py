"""The annual report (`nrikit report`): content for both Peru editions in English and Spanish, the
principle scorecard and its hook, escaping, the HTML in a real parser and in headless Chromium,
the due date in `nrikit status`.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from nrikit import plugins
from nrikit.hookspecs import hookimpl

PERU = Path(__file__).resolve().parents[1] / "configs" / "peru"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _pm():
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NRIKIT_LOAD_PLUGINS", "peru")
        return plugins.make_plugin_manager()


@pytest.fixture(scope="module")
def peru(tmp_path_factory):
    """Both Peru editions run and published once: (folder, site, plugin manager)."""
    from nrikit.opendata.publish import publish

    root = tmp_path_factory.mktemp("report") / "peru"
    shutil.copytree(PERU, root, ignore=shutil.ignore_patterns(".nrikit"))
    pm = _pm()
    publish([root / "2016.toml", root / "2017.toml"], root.parent / "site", run=True, pm=pm)
    return root, root.parent / "site", pm


def report(peru, year, fmt="md", lang="en", **kw):
    from nrikit.report import build

    root, site, pm = peru
    return build(root / f"{year}.toml", fmt=fmt, lang=lang, site=site, pm=kw.pop("pm", pm), record=False, **kw).text


class Page(HTMLParser):
    """What the tests look at in the HTML: tags seen, text, and elements' data-status by id."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.text, self.status = [], [], {}
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if "data-status" in a and "id" in a:
            self.status[a["id"]] = a["data-status"]

    def handle_data(self, data):
        self.text.append(data)

    @property
    def plain(self):
        return " ".join(" ".join(self.text).split())


# ------------------------------------------------------------------ content


def test_peru_2017_english_states_the_seeds_figures_and_findings(peru):
    md = report(peru, 2017)
    assert "# IGF Perú 2017: annual report" in md
    assert (
        "It had 7 thematic panels, 36 invited speakers and a total attendance of 173 people, of whom 105 were men and 68 women."
        in md
    )
    assert "Its 4 sponsors were Asociación Latinoamericana de Internet (ALAI), Facebook, Google, ICANN." in md
    assert "| Dates | June 6 and 7, 2017 |" in md
    assert "| Coordinator (focal point) | ISOC Peru chapter |" in md
    # the committee without government, the secretariat and how it was chosen
    assert "Not represented on the committee: Academia, Government." in md
    assert "held the secretariat, chosen without opposition from the other members." in md
    assert "| Government |" not in md.split("### The organising committee")[1].split("### The topic consultation")[0]
    # the survey did not bind; the committee's decision and tally
    assert (
        "The survey was advisory: the committee took the final decision by simple majority, adopting 6 of the survey's 7"
        in md
    )
    assert "| Emprendimiento digital y fintech | 3 | 34 | yes | not adopted | 1/2/1 |" in md
    # scorecard: transparency incomplete (budget, decisions not published by the NRI); bottom-up weak
    assert "### Open and transparent: incomplete" in md
    assert "| The budget was published by the NRI | not met | The NRI did not publish its budget" in md
    assert "| The committee's decision records were published by the NRI | not met |" in md
    assert "### Bottom-up: incomplete" in md
    assert (
        "was not binding: the committee took the final decision by simple majority, so the bottom-up process was weak."
        in md
    )
    assert "### Non-commercial: met" in md
    # year over year against 2016
    assert "Compared with IGF Perú 2016: thematic panels 4 → 7; invited speakers 21 → 36; attendees 40 → 173." in md
    assert "| Attendees | 40 | 173 | +133 |" in md
    # international and remote participation, streaming
    assert "5 speakers came from outside the host country; 2 took part remotely." in md
    assert "The event was streamed online" in md


def test_peru_2017_spanish(peru):
    md = report(peru, 2017, lang="es")
    assert "# IGF Perú 2017: informe anual" in md
    assert (
        "Tuvo 7 paneles temáticos, 36 ponentes invitados y una asistencia total de 173 personas, de las cuales 105 eran hombres y 68 mujeres."
        in md
    )
    assert "Sus 4 patrocinadores fueron" in md
    assert "| Fechas | 6 y 7 de junio de 2017 |" in md  # CLDR dates through Babel
    assert "Sectores no representados en el comité: Academia, Gobierno." in md  # taxonomy labels translated
    assert "- Comité, advertencia: no hay gobierno en el comité" in md  # findings too
    assert "elegida sin oposición de los demás miembros" in md
    assert "### Abierto y transparente: incompleto" in md
    assert "| La iniciativa publicó su presupuesto | no cumplido |" in md
    assert "### De abajo hacia arriba: incompleto" in md
    assert "no fue vinculante" in md
    assert "Frente a IGF Perú 2016: paneles temáticos 4 → 7; ponentes invitados 21 → 36; asistentes 40 → 173." in md
    assert "annual report" not in md and "Not represented" not in md


@pytest.mark.parametrize(
    "lang, texts",
    [
        (
            "en",
            [
                "It had 4 thematic panels, 21 invited speakers and a total attendance of 40 people, of whom 22 were men and 17 women.",
                "The committee had 7 members representing 7 organisations from 4 stakeholder groups.",
                "Not represented on the committee: Technical community.",
                "The survey was binding: the programme took its 4 most preferred topics.",
                "### Bottom-up: met",
                "### Open and transparent: incomplete",
                "This is the first edition of the NRI in the published data",
                "The event was not streamed.",
                "Its sponsor was Google.",
            ],
        ),
        (
            "es",
            [
                "Tuvo 4 paneles temáticos, 21 ponentes invitados y una asistencia total de 40 personas, de las cuales 22 eran hombres y 17 mujeres.",
                "El comité tuvo 7 miembros en representación de 7 organizaciones de 4 sectores.",
                "La encuesta fue vinculante",
                "### De abajo hacia arriba: cumplido",
                "Es la primera edición de la iniciativa",
                "El evento no se transmitió.",
            ],
        ),
    ],
)
def test_peru_2016_both_languages(peru, lang, texts):
    md = report(peru, 2016, lang=lang)
    for text in texts:
        assert text in md, text
    assert "IGF Perú 2017" not in md  # a report compares with earlier editions only


def test_html_parses_with_every_section_chart_and_scorecard_status(peru):
    for lang in ("en", "es"):
        page = Page(report(peru, 2017, fmt="html", lang=lang))
        assert page.tags.count("svg") >= 4  # committee, gender, participants, growth
        assert "script" not in page.tags and "link" not in page.tags  # self-contained, nothing to fetch
        assert page.status["principle-open_transparent"] == "partial"
        assert page.status["principle-bottom_up"] == "partial"
        assert page.status["indicator-budget_published"] == "not_met"
        assert page.status["indicator-survey_binding"] == "partial"
        assert page.status["principle-non_commercial"] == "met"
    assert "173" in page.plain and "105" in page.plain and "68" in page.plain
    html16 = Page(report(peru, 2016, fmt="html"))
    assert html16.status["principle-bottom_up"] == "met"
    assert "@media print" in report(peru, 2016, fmt="html")


# ------------------------------------------------------------------ escaping


def test_a_script_in_a_consented_name_is_escaped_in_html_and_markdown(tmp_path):
    from nrikit.opendata.publish import publish
    from nrikit.report import build

    root = tmp_path / "peru"
    shutil.copytree(PERU, root, ignore=shutil.ignore_patterns(".nrikit"))
    people = root / "2017" / "people.csv"
    with people.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    evil = "<script>alert(1)</script>"
    panellist = next(r for r in rows if r["consent_name"] == "yes" and r["id"] == "p003")
    panellist["name"] = evil
    with people.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    pm = _pm()
    publish([root / "2017.toml"], tmp_path / "site", run=True, pm=pm)
    html = build(root / "2017.toml", fmt="html", site=tmp_path / "site", pm=pm, record=False).text
    page = Page(html)
    assert "script" not in page.tags
    assert evil in page.plain  # shown as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = build(root / "2017.toml", fmt="md", site=tmp_path / "site", pm=pm, record=False).text
    assert "<script>" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt; (moderator)" in md


def test_markdown_escaping():
    from nrikit.report.render import md_escape

    assert md_escape("a*b_c [x](y) | z") == r"a\*b\_c \[x\](y) \| z"
    assert md_escape("# title") == r"\# title"
    assert md_escape("1. first") == r"1\. first"
    assert md_escape("60.0%") == "60.0%"
    assert md_escape("two\nlines") == "two lines"


# ------------------------------------------------------------------ the hook


class YouthPlugin:
    """A country plugin: adds an indicator and replaces a built-in one."""

    @hookimpl
    def register_principle_indicators(self, register):
        from nrikit.report import Indicator, IndicatorResult

        register(
            Indicator(
                "youth_track",
                "inclusive",
                "A youth track",
                lambda d: IndicatorResult("met", 1, f"{d.edition['label']} had a youth track"),
            )
        )
        # Peru's own reading: the budget counts as published once the open data carries it.
        register(
            Indicator(
                "budget_published",
                "open_transparent",
                "Budget in the open data",
                lambda d: IndicatorResult(
                    "met" if d.budget else "not_met", len(d.budget), f"{len(d.budget)} budget lines in the open data"
                ),
            )
        )


def test_a_plugin_adds_and_replaces_indicators(peru):
    pm = _pm()
    pm.register(YouthPlugin(), name="youth")
    page = Page(report(peru, 2017, fmt="html", pm=pm))
    assert page.status["indicator-youth_track"] == "met"
    assert "IGF Perú 2017 had a youth track" in page.plain
    assert page.status["indicator-budget_published"] == "met"
    assert "10 budget lines in the open data" in page.plain
    assert page.status["principle-open_transparent"] == "partial"  # decision records still not published


def test_a_broken_indicator_names_its_plugin(peru):
    from nrikit.errors import PluginError

    class Broken:
        @hookimpl
        def register_principle_indicators(self, register):
            from nrikit.report import Indicator

            register(Indicator("boom", "inclusive", "Boom", lambda d: 1 / 0))

    pm = _pm()
    pm.register(Broken(), name="broken")
    with pytest.raises(PluginError, match="broken.*ZeroDivisionError"):
        report(peru, 2017, pm=pm)


# ------------------------------------------------------------------ languages


def test_an_nri_adds_a_language_with_a_partial_catalogue(peru, tmp_path):
    # a .po file as a translator's tool (Poedit, Weblate) writes it, with two of the messages
    (tmp_path / "fr.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "{label}: annual report"\nmsgstr "{label} : rapport annuel"\n\n'
        'msgid "incomplete"\nmsgstr "incomplet"\n\n'
        'msgid "Government"\nmsgstr "Gouvernement"\n',
        encoding="utf-8",
    )
    md = report(peru, 2017, lang="fr", locales=tmp_path)
    assert "# IGF Perú 2017 : rapport annuel" in md
    assert "### Open and transparent: incomplet" in md  # missing messages fall back to English
    assert "no gouvernement on the committee" in md  # a finding's parameters are translated too
    assert "juin 2017" in md  # dates in the language's own CLDR form, with no catalogue entry


# ------------------------------------------------------------------ CLI, status


def test_cli_report_and_status_due_date(edition, cli_run, tmp_path):
    cli_run("run", edition.config)
    status = cli_run("status", edition.config).output
    assert "report     NOT produced; was due 2025-09-11" in status  # event ended 2025-06-11; three months
    out = tmp_path / "report.html"
    result = cli_run("report", edition.config, "--out", out)
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert "Wrote" in result.output
    import json

    info = json.loads(cli_run("status", edition.config, "--json").output)["report"]
    assert info["produced"] and info["due"] == "2025-09-11" and info["format"] == "html" and info["path"] == str(out)
    assert "report     produced" in cli_run("status", edition.config).output


def test_cli_errors_are_one_line(edition, cli_run, tmp_path):
    cli_run("run", edition.config)
    bad = cli_run("report", edition.config, "--lang", "xx", expect=1).output
    assert "no report language 'xx'" in bad and len(bad.strip().splitlines()) == 1
    (tmp_path / "empty").mkdir()
    missing = cli_run("report", edition.config, "--site", tmp_path / "empty", expect=1).output
    assert "no public database" in missing


def test_due_date_clamps_to_the_end_of_the_month():
    from nrikit.report.status import due_date

    assert due_date(dt.date(2025, 8, 31), 3) == dt.date(2025, 11, 30)
    assert due_date(dt.date(2017, 6, 7), 3) == dt.date(2017, 9, 7)
    assert due_date(dt.date(2025, 11, 30), 3) == dt.date(2026, 2, 28)


# ------------------------------------------------------------------ headless Chromium


@pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="chromium not installed (apt-get install -y chromium); required in CI",
)
def test_chromium_renders_the_report_with_its_charts(peru, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(report(peru, 2017, fmt="html", lang="es"), encoding="utf-8")
    url = page.as_uri()
    dom = subprocess.run([CHROMIUM, *FLAGS, "--dump-dom", url], capture_output=True, text=True, timeout=120).stdout
    assert dom.count("<svg") >= 4 and dom.count('class="bar"') >= 10
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [CHROMIUM, *FLAGS, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", url], capture_output=True, timeout=120
    )
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 20_000
    png = tmp_path / "shot.png"
    subprocess.run(
        [CHROMIUM, *FLAGS, f"--screenshot={png}", "--window-size=1200,2400", url], capture_output=True, timeout=120
    )
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, pixels = _png_rgb(data)
    assert width == 1200
    # The charts' bars are drawn in the Okabe-Ito palette: its blue (#0072B2) covers many pixels of the page.
    blue = sum(1 for p in pixels if abs(p[0] - 0x00) < 8 and abs(p[1] - 0x72) < 8 and abs(p[2] - 0xB2) < 8)
    assert blue > 500, blue


def _png_rgb(data: bytes):
    """Decode an 8-bit RGB/RGBA PNG (all five row filters): (width, height, [(r, g, b), ...])."""
    import struct
    import zlib

    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    bpp = 4 if colour == 6 else 3
    raw, stride = zlib.decompress(idat), width * bpp
    prev, pixels, i = bytearray(stride), [], 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        pixels += [tuple(line[x : x + 3]) for x in range(0, stride, bpp)]
        prev = line
    return width, height, pixels


# ------------------------------------------------------------------ finding the data


def test_default_publishes_the_earlier_editions_beside_the_config(tmp_path, monkeypatch, cli_run):
    from nrikit import config
    from nrikit.pipeline import Pipeline

    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "peru")
    plugins.reset()
    root = tmp_path / "peru"
    shutil.copytree(PERU, root, ignore=shutil.ignore_patterns(".nrikit"))
    for year in (2016, 2017):
        p = Pipeline(config.load(root / f"{year}.toml"))
        p.run()
        p.db.close()
    md = cli_run("report", root / "2017.toml").output
    assert "Compared with IGF Perú 2016: thematic panels 4 → 7; invited speakers 21 → 36; attendees 40 → 173." in md
    # a stale earlier edition is left out, with a warning, rather than failing the report
    (root / "2016" / "budget.csv").write_text("item,amount,currency,funded_by\nVenue,1,USD,Google\n", encoding="utf-8")
    from nrikit.cli import cli

    result = CliRunner().invoke(cli, ["report", str(root / "2017.toml")])
    assert result.exit_code == 0, result.output
    assert "Warning: not comparing with" in result.stderr and "stale" in result.stderr
    assert "This is the first edition of the NRI in the published data" in result.stdout


def test_other_nris_in_the_same_data_are_compared(tmp_path):
    """A second NRI (the 2016 inputs relabelled as "IGF Andes 2017") published beside Peru 2017."""
    from nrikit.opendata.publish import publish
    from nrikit.report import build

    root = tmp_path / "peru"
    shutil.copytree(PERU, root, ignore=shutil.ignore_patterns(".nrikit"))
    text = (root / "2016.toml").read_text(encoding="utf-8")
    for old, new in [
        ('acronym = "IGF Perú"', 'acronym = "IGF Andes"'),
        ("year = 2016", "year = 2017"),
        ("start = 2016-04-21", "start = 2017-04-21"),
        ("end = 2016-04-21", "end = 2017-04-21"),
        ("[plugins.peru]\n", "[plugins.peru]\nsurvey_binding = true\n"),
    ]:
        assert old in text, old
        text = text.replace(old, new)
    (root / "andes.toml").write_text(text, encoding="utf-8")
    pm = _pm()
    publish([root / "2017.toml", root / "andes.toml"], tmp_path / "site", run=True, pm=pm)
    md = build(root / "2017.toml", site=tmp_path / "site", pm=pm, record=False).text
    assert "### Other initiatives in the same data" in md
    assert "| IGF Andes 2017 | 4 | 21 | 40 | 4 | 1 |" in md
    andes = build(root / "andes.toml", site=tmp_path / "site", pm=pm, record=False).text
    assert "| IGF Perú 2017 | 7 | 36 | 173 | 3 | 4 |" in andes
    assert "This is the first edition of the NRI in the published data" in andes


def test_catalogues_cover_every_message_the_templates_use():
    import re

    from nrikit.report.default_indicators import DEFAULT_INDICATORS
    from nrikit.report.messages import MESSAGES as en
    from nrikit.report.render import TEMPLATES

    # every key's English text is translated: tests/test_i18n.py checks the catalogues
    used = set()
    for path in TEMPLATES.glob("*.j2"):
        used |= {
            k for k in re.findall(r'\bt\("([a-z_.0-9]+)"', path.read_text(encoding="utf-8")) if not k.endswith(".")
        }
    used |= {f"indicator.{i.name}" for i in DEFAULT_INDICATORS} | {
        f"principle.{i.principle}" for i in DEFAULT_INDICATORS
    }
    assert used - set(en) == set()


def test_an_edition_ranked_by_evaluators_not_a_public_survey(tmp_path):
    """Brazil's FIB selects workshops by the evaluators' mean score: the report must not invent a survey."""
    from nrikit.opendata.publish import publish
    from nrikit.report import build

    root = tmp_path / "configs"
    shutil.copytree(PERU.parent / "brazil", root / "brazil", ignore=shutil.ignore_patterns(".nrikit"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("NRIKIT_LOAD_PLUGINS", "brazil")
        pm = plugins.make_plugin_manager()
    config = root / "brazil" / "2025.toml"
    publish([config], tmp_path / "site", run=True, pm=pm)
    md = build(config, site=tmp_path / "site", pm=pm, record=False).text
    assert "Candidate topics were ranked by the evaluators' mean score; no public survey ballots are recorded." in md
    assert "received 0 ballots" not in md
    page = Page(build(config, fmt="html", lang="es", site=tmp_path / "site", pm=pm, record=False).text)
    assert page.status["indicator-survey_binding"] == "partial"
    assert "No hubo encuesta pública de temas" in page.plain


def test_status_before_the_deadline_and_a_report_without_workspace(edition, pipeline_of, tmp_path, cli_run):
    from nrikit.report.status import report_status, status_line

    p = pipeline_of(edition)
    p.run()
    info = report_status(p, today=dt.date(2025, 7, 1))
    assert info["report"] == {
        **info["report"],
        "due": "2025-09-11",
        "produced": False,
        "overdue": False,
        "days_left": 72,
    }
    assert status_line(info).splitlines()[-1] == "report     not produced yet; due 2025-09-11 (in 72 days)"
    # the IGF asks for each session's report within two weeks: this edition has none yet
    assert status_line(info).splitlines()[0].startswith("sessions   0 of 2 session reports received; 2 missing")
    cli_run("publish", edition.config, "--out", tmp_path / "site")
    # the site can be reported on from another machine, without the workspace: produced, not recorded
    shutil.rmtree(edition.db_path.parent)
    from nrikit.cli import cli

    result = CliRunner().invoke(cli, ["report", str(edition.config), "--site", str(tmp_path / "site")])
    assert result.exit_code == 0
    assert "# TLIGF 2025: annual report" in result.stdout
    assert "Warning: report not recorded" in result.stderr
    assert not edition.db_path.exists()


def test_markdown_escaping_leaves_no_raw_html_or_link_syntax():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from nrikit.report.render import md_escape

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=st.sampled_from(list("<>&[]()*_`|#-+=1. \n\\abc")), max_size=40))
    def check(text):
        out = md_escape(text)
        assert "<" not in out and ">" not in out and "\n" not in out
        # every "[", "]", "*", "_", "`" and "|" is preceded by an odd run of backslashes (escaped)
        import re

        for m in re.finditer(r"(\\*)([\[\]*_`|])", out):
            assert len(m.group(1)) % 2 == 1, (text, out)

    check()


def test_help_does_not_import_the_report_machinery():
    import subprocess
    import sys

    code = (
        "import sys; from click.testing import CliRunner; from nrikit.cli import cli; "
        "CliRunner().invoke(cli, ['--help']); "
        "print(sorted(m for m in ('jinja2', 'markupsafe', 'nrikit.report.builder', 'nrikit.report.render') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ, "NRIKIT_LOAD_PLUGINS": ""}
    ).stdout.strip()
    assert out == "[]"


def test_each_edition_is_judged_by_its_own_taxonomy(tmp_path, monkeypatch):
    """Peru 2017 published beside Brazil's FIB: the report's missing groups are Peru's, not the Brazilian sectors."""
    from nrikit import plugins
    from nrikit.opendata.publish import publish
    from nrikit.report import build

    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "peru,brazil")
    plugins.reset()
    configs = Path(__file__).resolve().parents[1] / "configs"
    for nri in ("peru", "brazil"):
        shutil.copytree(configs / nri, tmp_path / nri, ignore=shutil.ignore_patterns(".nrikit"))
    pm = plugins.get_plugin_manager()
    publish([tmp_path / "peru" / "2017.toml", tmp_path / "brazil" / "2025.toml"], tmp_path / "site", run=True, pm=pm)
    md = build(tmp_path / "peru" / "2017.toml", site=tmp_path / "site", pm=pm, record=False).text
    line = next(text for text in md.splitlines() if "Not represented on the committee" in text)
    assert "Academia" in line and "Government" in line
    assert "Terceiro setor" not in md.split("### Other initiatives")[0]
    assert "Setor empresarial" not in line
