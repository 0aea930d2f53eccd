import pytest

from nrikit import config


def load_error(edition, cli_run):
    result = cli_run("validate", edition.config, expect=1)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output  # one line, never a traceback
    return lines[0]


def test_valid_config_loads_with_defaults(edition):
    ed = config.load(edition.config)
    assert ed.id == "tligf-2025"
    assert ed["privacy"]["k"] == 5
    assert ed["panels"]["require_moderator"] is True  # default filled in
    assert ed.workspace == edition.db_path.resolve()
    assert ed.input("people").path.name == "people.csv"


def test_misspelt_key_suggests_the_right_one_with_its_line(edition, cli_run):
    edition.edit_config("min_stakeholder_groups = 3", "min_stakeholder_grups = 3")
    line = load_error(edition, cli_run)
    assert "committee.min_stakeholder_grups" in line
    assert "did you mean 'min_stakeholder_groups'?" in line
    expected_line = next(i for i, text in enumerate(edition.config.read_text().splitlines(), 1) if "grups" in text)
    assert f"2025.toml:{expected_line}" in line


def test_unknown_section_suggests(edition, cli_run):
    edition.edit_config("[privacy]", "[privcy]")
    assert "unknown section; did you mean 'privacy'?" in load_error(edition, cli_run)


def test_wrong_type(edition, cli_run):
    edition.edit_config("year = 2025", 'year = "2025"')
    line = load_error(edition, cli_run)
    assert "edition.year" in line and "expected integer, got a string" in line


def test_value_out_of_range(edition, cli_run):
    edition.edit_config("k = 5", "k = 2")
    line = load_error(edition, cli_run)
    assert "privacy.k" in line and "must be at least 3" in line


def test_bad_choice(edition, cli_run):
    edition.edit_config('gender_rule = "mixed"', 'gender_rule = "mixd"')
    assert "did you mean 'mixed'?" in load_error(edition, cli_run)


def test_missing_file(edition, cli_run):
    (edition.root / "in" / "budget.csv").unlink()
    line = load_error(edition, cli_run)
    assert "inputs.budget" in line and "file not found" in line


def test_missing_required_key(edition, cli_run):
    edition.edit_config('acronym = "TLIGF"\n', "")
    assert "nri.acronym: missing required key" in load_error(edition, cli_run)


def test_inconsistent_dates(edition, cli_run):
    edition.edit_config("end = 2025-06-11", "end = 2025-06-01")
    assert "edition.end" in load_error(edition, cli_run)


@pytest.mark.parametrize(
    "text, expected",
    [
        ('[nri]\nname = "a"\nname = "b"\n', "line 3"),
        ('[nri]\nname = "unterminated\n', "line 2"),
        ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nesting too deep"),
    ],
)
def test_broken_toml_is_one_line(tmp_path, cli_run, text, expected):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    result = cli_run("validate", path, expect=1)
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert expected in result.output or expected.replace("line ", ":") in result.output


def test_plugin_named_but_not_installed(edition, cli_run):
    edition.edit_config("[inputs]", "[plugins.atlantis]\n\n[inputs]")
    line = load_error(edition, cli_run)
    assert "plugin 'atlantis' is not installed" in line


def test_init_writes_a_config_that_validates_once_filled(tmp_path, cli_run):
    target = tmp_path / "new" / "2026.toml"
    cli_run("init", target, "--name", "New IGF", "--acronym", "NIGF", "--country", "nw", "--year", "2026")
    text = target.read_text()
    for section in config.SCHEMA:
        assert f"[{section}]" in text or section == "plugins"
    data, _, _ = config.parse_toml(target)
    config.validate(data, path=target)  # every key it writes is known and well typed
    assert data["nri"]["country"] == "NW"
    cli_run("init", target, expect=1)  # refuses to overwrite


def test_config_too_large(tmp_path, cli_run):
    path = tmp_path / "big.toml"
    path.write_text("# " + "x" * 1_100_000)
    assert "over the" in cli_run("validate", path, expect=1).output


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>x</script>",
        "example.org",
        "https://",
        "https://exa mple.org/",
        "vbscript:msgbox",
        "file:///etc/passwd",
        "mailto:nobody",
    ],
)
def test_source_url_must_be_a_web_or_mail_link(edition, cli_run, value):
    edition.edit_config("[privacy]", f"[publish]\nsource_url = {value!r}\n\n[privacy]".replace("'", '"'))
    line = load_error(edition, cli_run)
    assert "publish.source_url" in line and "link" in line, line


@pytest.mark.parametrize("value", ["https://igf.example.org/datos", "http://example.org", "mailto:igf@example.org"])
def test_source_url_accepts_web_and_mailto(edition, value):
    edition.edit_config("[privacy]", f'[publish]\nsource_url = "{value}"\n\n[privacy]')
    assert config.load(edition.config)["publish"]["source_url"] == value


def test_licence_url_takes_no_mailto(edition, cli_run):
    edition.edit_config("[privacy]", '[publish]\nlicence_url = "mailto:igf@example.org"\n\n[privacy]')
    line = load_error(edition, cli_run)
    assert "publish.licence_url" in line and "got a mailto: link" in line


def test_every_link_key_in_the_schema_checks_its_scheme():
    """A key whose name says it is a link (…_url, url, website, link) must declare the schemes it accepts."""
    keys = [(s, k, spec) for s, keys in config.SCHEMA.items() for k, spec in keys.items()]
    links = [(s, k) for s, k, spec in keys if k.endswith(("_url", "url", "website", "link", "homepage"))]
    assert links, "the schema has link keys (publish.source_url, publish.licence_url)"
    assert [(s, k) for s, k in links if not dict(config.SCHEMA[s])[k].schemes] == []


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+nan"])
def test_nan_and_inf_are_refused_with_the_key_named(edition, cli_run, value):
    edition.edit_config("[survey]", f"[survey]\nqualified_threshold = {value}")
    line = load_error(edition, cli_run)
    assert "survey.qualified_threshold" in line and "finite number" in line, line
