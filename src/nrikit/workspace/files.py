"""Workspace files are private: the database, its -wal/-shm/-journal files and the summary 0600, folders 0700.

The workspace holds e-mails, phone numbers, gender and consent; on a shared
machine (a university server, an NRI's office PC) other accounts must not read
it. Permissions are set without touching the process umask: a new database is
created empty with mode 0600 before SQLite opens it (SQLite gives its -wal,
-shm and -journal files the database file's mode), and files a workspace
opened by an older nrikit left readable are tightened when it is opened.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
WORKSPACE_DIR = ".nrikit"
COMPANIONS = ("-wal", "-shm", "-journal")


def private_dir(path: Path) -> None:
    """Create the folder 0700; tighten an existing one only when it is nrikit's own `.nrikit/`."""
    if not path.exists():
        path.mkdir(mode=DIR_MODE, parents=True)
        os.chmod(path, DIR_MODE)  # mkdir's mode is filtered through the umask
    elif path.name == WORKSPACE_DIR:
        _tighten(path, DIR_MODE)


def _tighten(path: Path, mode: int) -> None:
    try:
        current = stat.S_IMODE(path.stat().st_mode)
        if current & ~mode:
            os.chmod(path, current & mode)
    except OSError:
        pass  # not ours to change (another owner): SQLite will say if it cannot open it


def private_database(path: Path) -> None:
    """Make sure the database file exists with mode 0600 (and its companions no looser) before SQLite opens it."""
    private_dir(path.parent)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    except FileExistsError:
        _tighten(path, FILE_MODE)
    for suffix in COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            _tighten(companion, FILE_MODE)


def write_private_text(path: Path, text: str) -> None:
    """Write a file derived from the workspace (the summary) with mode 0600, atomically."""
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(tmp, FILE_MODE)
    os.replace(tmp, path)
