"""Small editions built in tmp_path for input tests, and a workspace fingerprint for
"the database is byte-for-byte as before" checks."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from nrikit.cli import cli

HEAD = """[nri]
name = "Test IGF"
acronym = "TIGF"
country = "PE"
kind = "national"

[edition]
year = 2017
start = 2017-06-06
"""

PEOPLE = "id,name,email,gender\np001,Ana Prueba,ana@example.org,woman\np002,Beto Prueba,beto@example.org,man\n"
ATTENDANCE = (
    "id,name,email,gender,stakeholder,mode,attended\nr1,Ana,ana@example.org,woman,civil society,in_person,yes\n"
)


def toml_value(value) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_value(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(value)


def make_edition(tmp_path: Path, files: dict, settings: dict | None = None, extra: str = "") -> Path:
    """files: {input name: text or bytes}; settings: {input name: {key: value}} beside path."""
    settings = settings or {}
    lines = [HEAD, extra, "[inputs]"]
    tables = []
    for name, content in files.items():
        suffix = settings.get(name, {}).pop("_suffix", ".csv")
        path = tmp_path / f"{name}{suffix}"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        if name in settings:
            body = "\n".join(f"{k} = {toml_value(v)}" for k, v in settings[name].items())
            tables.append(f'[inputs.{name}]\npath = "{path.name}"\n{body}\n')
        else:
            lines.append(f'{name} = "{path.name}"')
    config = tmp_path / "edition.toml"
    config.write_text("\n".join(lines) + "\n\n" + "\n".join(tables), encoding="utf-8")
    return config


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result


def ok(config: Path) -> str:
    """`nrikit run CONFIG`, which must succeed; its output."""
    result = run("run", config)
    assert result.exit_code == 0, result.output
    return result.output


def query(config: Path, sql: str, params=()) -> list[tuple]:
    """Rows of an edition's workspace."""
    conn = sqlite3.connect(str(workspace(config)))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def workspace(config: Path) -> Path:
    return config.parent / ".nrikit" / f"{config.stem}.db"


def state(db: Path) -> tuple:
    """sha256 of the main file after a checkpoint, plus the schema and every row."""
    conn = sqlite3.connect(str(db))
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        schema = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        rows = {
            name: conn.execute(f'SELECT * FROM "{name}"').fetchall() for (kind, name, _sql) in schema if kind == "table"
        }
    finally:
        conn.close()
    return hashlib.sha256(db.read_bytes()).hexdigest(), schema, rows


def fails_unchanged(config: Path, bad_name: str, bad, expected: str):
    """Run a good edition, swap one input for a bad one: one-line error, exit 1, workspace as before."""
    first = run("run", config)
    assert first.exit_code == 0, first.output
    db = workspace(config)
    before = state(db)
    target = next(p for p in config.parent.iterdir() if p.stem == bad_name and p.suffix != ".toml")
    if isinstance(bad, bytes):
        target.write_bytes(bad)
    else:
        target.write_text(bad, encoding="utf-8", newline="")
    result = run("run", config)
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "Traceback" not in result.output
    message = lines[0][len("Error: ") :]
    assert message == expected.format(path=target), f"\n{message}\n{expected.format(path=target)}"
    assert state(db) == before
    return message
