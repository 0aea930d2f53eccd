"""The objects plugins register and return: stages, rules, findings, decisions, and the input
records stages read."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Stages and rules are called with a nrikit.context.StageContext. It is not imported here:
# context builds on this module, and the annotation needs no more than a name.
StageContext = Any

SEVERITIES = ("error", "warning", "info")


@dataclass(slots=True)
class Record:
    """One data row of an input file, with where it came from (for error messages)."""

    row: int  # 1-based data record, header and skipped blank rows not counted
    line: int  # physical line where the record starts (header is line 1)
    values: dict[str, str]  # header -> cleaned value


@dataclass(frozen=True)
class Finding:
    """A rule violation or a risk to an IGF principle, stored and shown per stage.

    `message` and `hint` are message ids: English text with {named} placeholders, marked with
    nrikit.N_ so that they are extracted for translation; `params` fills them. The workspace stores
    the ids and the params (language-neutral) beside the English text, and each reader sees the
    finding in their language (nrikit.i18n). A rule without params simply gives plain English.
    """

    rule: str
    severity: str
    subject: str
    message: str
    hint: str = ""
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self):
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, got {self.severity!r}")

    def text(self, lang: str = "en") -> str:
        from .i18n import gettext

        return gettext(lang, self.message, **self.params) if self.params else gettext(lang, self.message)

    def hint_text(self, lang: str = "en") -> str:
        from .i18n import gettext

        return gettext(lang, self.hint, **self.params) if self.hint else ""


@dataclass(frozen=True)
class Decision:
    """One entry for the append-only decision log."""

    action: str
    subject_type: str
    subject_id: str
    outcome: str
    method: str = ""
    tally: dict[str, Any] = field(default_factory=dict)
    binding: bool | None = None
    rationale: str = ""
    decided_on: str | None = None


@dataclass
class Stage:
    """A pipeline stage.

    `load(ctx)` reads and validates its inputs and must not write; `write(ctx,
    data)` writes the stage's tables inside the stage's transaction and may
    record decisions with ctx.decide(). `summary(ctx)` returns the stage's
    Markdown section of the edition summary, in the organisers' language
    (`ctx.gettext(N_("..."), **params)`; `description` is a message id too).
    """

    name: str
    order: int
    description: str
    inputs: tuple[str, ...]
    load: Callable[[StageContext], Any]
    write: Callable[[StageContext, Any], None]
    summary: Callable[[StageContext], str] | None = None


@dataclass
class Rule:
    """A check run after its stage has written, inside the same transaction.

    `check(ctx)` reads the workspace and yields Findings. A rule whose
    threshold is switched off in the config yields nothing.
    """

    name: str
    stage: str
    description: str
    check: Callable[[StageContext], Iterable[Finding]]
