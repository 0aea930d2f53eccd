"""The errors nrikit raises.

Library code raises these; the CLI turns each into one line on stderr and exit
status 1. A user mistake never produces a traceback.

    NrikitError
    ├── ConfigError        a config file is unreadable, malformed or invalid
    ├── InputError         an input file cannot be read or holds a bad value
    ├── PluginError        a plugin failed to load or raised inside a hook
    ├── StageError         a stage cannot run (unknown name, missing earlier stage)
    ├── PrivacyError       data that must stay private would be published
    └── CommitteeError     the committee workspace refused an action
"""

from __future__ import annotations


class NrikitError(Exception):
    """Base class: the message is complete and fit to show a user as one line."""


class ConfigError(NrikitError):
    def __init__(self, message: str, *, path=None, key: str | None = None, line: int | None = None):
        self.path = path
        self.key = key
        self.line = line
        where = str(path) if path is not None else ""
        if line is not None:
            where += f":{line}"
        if key:
            where += f": {key}" if where else key
        super().__init__(f"{where}: {message}" if where else message)


class InputError(NrikitError):
    """A bad input file; names file, record, physical line and column where known."""

    def __init__(
        self,
        message: str,
        *,
        path=None,
        row: int | None = None,
        line: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ):
        self.message = message
        self.path = path
        self.row = row
        self.line = line
        self.column = column
        self.hint = hint
        parts = []
        if row is not None:
            parts.append(f"row {row}" + (f" (line {line})" if line is not None else ""))
        elif line is not None:
            parts.append(f"line {line}")
        if column is not None:
            parts.append(f'column "{column}"')
        where = ", ".join(parts)
        text = message + (f"; {hint}" if hint else "")
        prefix = str(path) if path is not None else ""
        if where:
            prefix = f"{prefix}: {where}" if prefix else where
        super().__init__(f"{prefix}: {text}" if prefix else text)


class PluginError(NrikitError):
    def __init__(self, message: str, *, plugin: str | None = None, hook: str | None = None, subject: str | None = None):
        self.plugin = plugin
        self.hook = hook
        self.subject = subject
        bits = []
        if plugin:
            bits.append(f"plugin {plugin!r}")
        if hook:
            bits.append(f"hook {hook}")
        if subject:
            bits.append(f"input {subject}")
        super().__init__(("; ".join(bits) + ": " if bits else "") + message)


class StageError(NrikitError):
    pass


class PrivacyError(NrikitError):
    pass


class CommitteeError(NrikitError):
    """The committee workspace refused an action: an unknown person, a closed vote, a bad secret file."""
