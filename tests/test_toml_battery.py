"""Malformed edition configs through the real CLI: one line, exit 1, never a traceback."""

from __future__ import annotations

import pytest
from edition_helpers import HEAD, run


def one_line_error(tmp_path, text, command="validate"):
    path = tmp_path / "edition.toml"
    path.write_text(text, encoding="utf-8")
    result = run(command, path)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert not (tmp_path / ".nrikit").exists()
    return lines[0], path


@pytest.mark.parametrize("command", ["validate", "run"])
def test_duplicate_key(tmp_path, command):
    line, path = one_line_error(tmp_path, HEAD + 'city = "Lima"\ncity = "Cusco"\n', command)
    assert line == f"Error: {path}:11: invalid TOML: Cannot overwrite a value"


@pytest.mark.parametrize("command", ["validate", "run"])
def test_unterminated_string(tmp_path, command):
    line, path = one_line_error(tmp_path, HEAD + 'city = "Lima\nvenue = "x"\n', command)
    assert (
        line == f"Error: {path}:10: invalid TOML: Unterminated string (a quoted string must close on the line it opens)"
    )


@pytest.mark.parametrize("command", ["validate", "run", "inputs check"])
def test_thousands_of_nested_arrays(tmp_path, command):
    path = tmp_path / "edition.toml"
    path.write_text(HEAD + "x = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    result = run(*command.split(), path)
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {path}: invalid TOML: nesting too deep"


def test_unterminated_string_at_the_end_of_the_file(tmp_path):
    line, path = one_line_error(tmp_path, HEAD + 'city = "Lima')
    assert line == f"Error: {path}:10: invalid TOML: Unterminated string"
