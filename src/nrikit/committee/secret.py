"""The secret that signs the committee app's cookies: a file beside the workspace, readable by its owner only.

One secret per workspace, so a cookie of one edition's app is worthless on another's.
It is made on first use with mode 0600; a secret file that others can read is refused
rather than silently trusted, since anyone holding it can forge a signed-in cookie.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from ..errors import CommitteeError


def secret_path(workspace: Path) -> Path:
    return workspace.with_name(workspace.stem + ".committee-secret")


def load_or_create_secret(workspace: Path) -> str:
    path = secret_path(workspace)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(secrets.token_hex(32) + "\n")
    mode = stat.S_IMODE(path.stat().st_mode)
    if os.name == "posix" and mode & 0o077:
        raise CommitteeError(
            f"{path}: the committee's secret is readable by others (mode {mode:o}, expected 600); "
            f"run `chmod 600 {path}`, or delete it to make a new one (everyone will have to sign in again)"
        )
    value = path.read_text(encoding="utf-8").strip()
    if len(value) < 32:
        raise CommitteeError(f"{path}: the committee's secret is too short; delete the file to make a new one")
    return value
