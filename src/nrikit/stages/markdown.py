"""Values from input files made inert in the workspace summary's Markdown.

Titles, names and labels come from form exports: a `|` in a topic title would
split its table row, `[text](javascript:...)` would become a link, `*`, `_`
or a backtick would restyle the line and a leading `#` or `-` would open a
heading or a list. Each such character gets a backslash (CommonMark's escape);
HTML (<, >, &) is escaped for the whole summary by the report stage.
"""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]|~])")
_LEADING = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")  # a heading, quote, list item or numbered item


def md_text(value, *, cell: bool = False) -> str:
    """One value as literal Markdown text (a table cell when cell=True); None becomes ''."""
    if value is None:
        return ""
    text = re.sub(r"\s*[\r\n]+\s*", " ", str(value))  # a line break would end the row or the list item
    text = _INLINE.sub(r"\\\1", text)
    if cell:
        return text
    # Only ASCII punctuation can be escaped: "1." becomes "1\.", "#" becomes "\#".
    return _LEADING.sub(
        lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)), text, count=1
    )
