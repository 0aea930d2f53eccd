"""A LimeSurvey survey structure file (.lss, XML): the labels behind an export's codes.

"Display/Export survey → Survey structure (.lss)" writes every question, subquestion and
answer option with its code and, per language, its text. With it, a multiple-choice
question's subquestion codes (SQ001) become their labels (matched to topic titles) and a
list question's answer codes (A1) become their answers (matched through the taxonomy), so
no values mapping has to be typed. Both layouts are read: LimeSurvey 2 (texts inline) and
3 and later (texts in question_l10ns / answer_l10ns).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MAX_BYTES = 20_000_000


@dataclass
class Structure:
    options: dict[str, dict[str, str]] = field(default_factory=dict)  # question code -> {subquestion code: label}
    answers: dict[str, dict[str, str]] = field(default_factory=dict)  # question code -> {answer code: label}
    by_qid: dict[str, str] = field(default_factory=dict)  # qid -> question code, for SGQA headings (726613X995X33060)

    def question(self, column: str) -> str:
        """The question code a mapped column names: itself, or the qid at the end of an SGQA code."""
        if column in self.options or column in self.answers:
            return column
        tail = column.rsplit("X", 1)[-1]
        return self.by_qid.get(tail, column)


def read(path: Path, language: str | None = None) -> Structure:
    import xml.etree.ElementTree as ET

    from ..errors import InputError

    if path.stat().st_size > MAX_BYTES:
        raise InputError(f"structure file is over {MAX_BYTES} bytes", path=path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"not a LimeSurvey structure file: {exc}", path=path) from None

    def rows(section):
        node = root.find(section)
        for row in node.iterfind("rows/row") if node is not None else ():
            yield {child.tag: (child.text or "").strip() for child in row}

    def wanted(r):
        return language is None or not r.get("language") or r["language"] == language

    texts: dict[str, str] = {}
    for r in rows("question_l10ns"):
        if wanted(r):
            texts.setdefault(r.get("qid", ""), r.get("question", ""))
    answer_texts: dict[str, str] = {}
    for r in rows("answer_l10ns"):
        if wanted(r):
            answer_texts.setdefault(r.get("aid", ""), r.get("answer", ""))
    s = Structure()
    titles: dict[str, str] = {}
    for section in ("questions", "subquestions"):
        for r in rows(section):
            if not wanted(r):
                continue
            qid, parent = r.get("qid", ""), r.get("parent_qid", "0")
            text = r.get("question") or texts.get(qid, "")
            if parent in ("", "0"):
                titles[qid] = r.get("title", "")
                s.by_qid[qid] = r.get("title", "")
            else:
                s.options.setdefault(parent, {})[r.get("title", "")] = text
    s.options = {titles.get(q, q): opts for q, opts in s.options.items()}
    for r in rows("answers"):
        if not wanted(r):
            continue
        label = r.get("answer") or answer_texts.get(r.get("aid", ""), "")
        s.answers.setdefault(titles.get(r.get("qid", ""), r.get("qid", "")), {})[r.get("code", "")] = label
    return s
