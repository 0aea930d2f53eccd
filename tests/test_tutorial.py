"""Runs docs/tutorial.md as written: its files, its config edits and its commands, in order.

The page marks what to do with HTML comments that MkDocs does not render:
`<!-- file: PATH -->` before a fenced block writes that file; `<!-- section: PATH -->`
before a ```toml block replaces that [section] of PATH (or appends it, if PATH has none). In ```console blocks, lines starting
with "$ " are commands and the lines after one are its expected output: they must appear in
order, and for `nrikit findings` they must list every finding.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

import nrikit.plugins
from nrikit.cli import cli

TUTORIAL = Path(__file__).resolve().parents[1] / "docs" / "tutorial.md"
BLOCK = re.compile(r"(?:<!-- (file|section): (\S+) -->\s*\n)?```(\w+)\n(.*?)\n```", re.S)
# Commands the tutorial shows that a test cannot run: `serve` runs until stopped.
NOT_RUN = {"serve"}
# Commands built by another part of nrikit; the tutorial documents them already.
MAYBE_MISSING = {"publish", "serve"}


def steps(text: str):
    for match in BLOCK.finditer(text):
        action, path, language, body = match.groups()
        if action:
            yield action, path, body + "\n"
        elif language == "console":
            command, expected = None, []
            for line in body.splitlines():
                if line.startswith("$ "):
                    if command:
                        yield "run", command, expected
                    command, expected = line[2:], []
                else:
                    expected.append(line.rstrip())
            if command:
                yield "run", command, expected


def replace_section(path: Path, block: str) -> None:
    header = block.splitlines()[0].strip()
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.strip() == header), None)
    if start is None:  # a new table (e.g. [inputs.interest]) is appended to the config
        path.write_text("".join(lines).rstrip("\n") + "\n\n" + block, encoding="utf-8")
        return
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^\s*\[", lines[i])), len(lines))
    path.write_text("".join(lines[:start]) + block + "\n" + "".join(lines[end:]), encoding="utf-8")


def is_subsequence(expected, actual) -> bool:
    it = iter(actual)
    return all(any(line == got for got in it) for line in expected)


def test_tutorial_runs_as_written(tmp_path, monkeypatch):
    monkeypatch.setenv("NRIKIT_LOAD_PLUGINS", "")  # the tutorial needs no plugin
    nrikit.plugins.reset()
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    ran = []
    for action, target, payload in steps(TUTORIAL.read_text(encoding="utf-8")):
        if action == "file":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            Path(target).write_text(payload, encoding="utf-8")
            continue
        if action == "section":
            replace_section(Path(target), payload)
            continue
        args = shlex.split(target)
        assert args[0] == "nrikit", target
        if args[1] in NOT_RUN or (args[1] in MAYBE_MISSING and args[1] not in cli.commands):
            continue
        result = runner.invoke(cli, args[1:])
        assert result.exit_code == 0, f"{target}\n{result.output}"
        actual = result.output.splitlines()
        assert is_subsequence(payload, actual), f"{target}: expected\n" + "\n".join(payload) + "\ngot\n" + result.output
        if args[1] == "findings":
            assert [line for line in actual if line.startswith("[")] == [
                line for line in payload if line.startswith("[")
            ]
        ran.append(args[1])
    assert ran[:5] == ["init", "inputs", "validate", "run", "findings"] and ran.count("run") == 2
    assert Path("myigf/.nrikit/2025.db").exists() and Path("myigf/.nrikit/2025-summary.md").exists()
    nrikit.plugins.reset()


def test_section_replacement_keeps_the_rest():
    pytest.importorskip("tomllib")
    from tempfile import TemporaryDirectory

    import tomllib

    with TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.toml"
        path.write_text("[a]\nx = 1\n# note\n\n[b]\ny = 2\n[c]\nz = 3\n", encoding="utf-8")
        replace_section(path, "[b]\ny = 5\nw = 6\n")
        assert tomllib.loads(path.read_text()) == {"a": {"x": 1}, "b": {"y": 5, "w": 6}, "c": {"z": 3}}
