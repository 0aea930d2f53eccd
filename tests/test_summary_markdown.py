"""The workspace summary's Markdown: a value from an input file cannot split a table row, become a link or a heading."""

from __future__ import annotations

import re

from nrikit.stages.markdown import md_text

HOSTILE_TITLE = "Privacy | rights [click](javascript:alert(1)) *now* `x` <b>"


def _unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def test_md_text_makes_markdown_syntax_literal():
    assert md_text("a | b") == r"a \| b"
    assert md_text("[x](javascript:alert(1))") == r"\[x\](javascript:alert(1))"
    assert md_text("# Title") == r"\# Title" and md_text("- item") == r"\- item" and md_text("1. first") == r"1\. first"
    assert md_text("# in a cell", cell=True) == "# in a cell"
    assert md_text("two\nlines") == "two lines" and md_text(None) == ""
    assert md_text(r"back\slash") == r"back\\slash"


def test_summary_escapes_pipes_and_links_from_inputs(edition, pipeline_of):
    topics = edition.rows["topics"]
    topics[1][1] = HOSTILE_TITLE
    edition.write("topics")
    panels = edition.rows["panels"]
    panels[2][3] = "Panel | one [a](http://evil.example)"
    edition.write("panels")
    sponsors = edition.rows["sponsors"]
    sponsors[1][0] = "# Evil Corp [x](javascript:void(0))"
    edition.write("sponsors")
    pipeline = pipeline_of(edition)
    pipeline.run()
    summary = pipeline.summary_path.read_text(encoding="utf-8")
    tables = [line for line in summary.splitlines() if line.startswith("|")]
    assert tables
    for header in (line for line in tables if line.startswith("| Rank") or line.startswith("| Panel")):
        width = _unescaped_pipes(header)
        body = [line for line in tables if _unescaped_pipes(line) and not line.startswith("|---")]
        assert all(_unescaped_pipes(line) == width for line in body), body
    assert "](" not in summary.replace(r"\](", "")  # no live link: every ] before ( is escaped
    assert "<b>" not in summary and "&lt;b&gt;" in summary
    assert not any(line.lstrip("- ").startswith("# Evil") for line in summary.splitlines())
