"""Property tests: whatever bytes, CSV dialect or TOML an organiser feeds nrikit, the outcome is a value or
a one-line NrikitError, never a traceback or a hang.

Examples are bounded (a few hundred bytes each, 60-120 examples per property) so the suite stays fast.
The CSV dialects imitate what spreadsheets really export: Excel's "CSV (comma delimited)" and "CSV UTF-8"
(optional BOM, CRLF), LibreOffice's defaults (quote-as-needed, any of , ; TAB), Google Sheets (LF),
cp1252 from Excel on Windows and UTF-16 "Unicode text" (tab-delimited, with a BOM).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nrikit import config
from nrikit.errors import NrikitError
from nrikit.importers.csvread import iter_records, read_table

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _one_line_error(exc: NrikitError) -> None:
    text = str(exc)
    assert text and "\n" not in text and "Traceback" not in text, text


def _read_both(path, **kwargs):
    for read in (lambda: read_table(path, **kwargs).records, lambda: list(iter_records(path, **kwargs))):
        try:
            records = read()
        except NrikitError as exc:
            _one_line_error(exc)
        else:
            assert isinstance(records, list)


@SETTINGS
@given(data=st.binary(max_size=400))
def test_random_bytes_give_records_or_a_one_line_error(tmp_path, data):
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    _read_both(path, max_field=50)


CELL = st.text(
    alphabet=st.sampled_from(list("abcz ÁéñçÃ©\"';,\t\r\n|=+-@\x00\u00a0\u200b\ufeff0123456789")), max_size=12
)


@SETTINGS
@given(
    rows=st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=1, max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
    terminator=st.sampled_from(["\n", "\r\n", "\r"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    tell=st.booleans(),
)
def test_random_csv_dialects_give_records_or_a_one_line_error(
    tmp_path, rows, delimiter, quoting, terminator, encoding, tell
):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=terminator).writerows(rows)
    try:
        raw = out.getvalue().encode(encoding)
    except UnicodeEncodeError:
        raw = out.getvalue().encode("utf-8")
        encoding = "utf-8"
    path = tmp_path / "export.csv"
    path.write_bytes(raw)
    kwargs = {"encoding": encoding, "delimiter": delimiter} if tell else {}
    _read_both(path, max_field=30, **kwargs)


BASE = """[nri]
name = "Property IGF"
acronym = "PIGF"
country = "PE"
kind = "national"

[edition]
year = 2025
start = 2025-06-10
"""

SCALAR = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.text(max_size=20),
    st.dates(min_value=dt.date(1, 1, 1)),
)


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(value), repr(value))
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string (\uXXXX escapes) is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {_toml(v)}" for k, v in value.items()) + "}"


VALUE = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
KEYS = sorted((section, key) for section, keys in config.SCHEMA.items() for key in keys)


@SETTINGS
@given(
    entries=st.lists(st.tuples(st.sampled_from(KEYS), VALUE), max_size=4),
    extra=st.sampled_from(["", "[nosuch]\nx = 1\n", "[inputs]\npeople = {path = 3}\n", "[plugins]\nx = 1\n"]),
)
def test_random_toml_values_load_or_give_a_one_line_error(tmp_path, entries, extra):
    sections: dict[str, list[str]] = {}
    for (section, key), value in entries:
        sections.setdefault(section, [])
        if not any(line.startswith(f"{json.dumps(key)} =") for line in sections[section]):
            sections[section].append(f"{json.dumps(key)} = {_toml(value)}")
    text = BASE + extra
    for section, lines in sections.items():
        if section in ("nri", "edition"):
            continue  # already in BASE: a duplicate table header is a TOML syntax error, tested below
        text += f"\n[{section}]\n" + "\n".join(lines) + "\n"
    path = tmp_path / "2025.toml"
    path.write_text(text, encoding="utf-8")
    try:
        edition = config.load(path, check_files=False)
    except NrikitError as exc:
        _one_line_error(exc)
    else:
        assert edition.year == 2025


@SETTINGS
@given(data=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_random_toml_bytes_give_a_config_or_a_one_line_error(tmp_path, data):
    path = tmp_path / "2025.toml"
    path.write_bytes(BASE.encode() + data)
    try:
        config.load(path, check_files=False)
    except NrikitError as exc:
        _one_line_error(exc)
