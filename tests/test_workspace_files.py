"""Workspace files are private on a shared machine: 0600 files (database, -wal, -shm, summary), 0700 folders."""

from __future__ import annotations

import os
import stat


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_workspace_is_readable_only_by_its_owner(edition, cli_run):
    old = os.umask(0o022)  # the usual default: files 0644 unless nrikit says otherwise
    try:
        cli_run("run", edition.config)
    finally:
        os.umask(old)
    folder = edition.db_path.parent
    assert _mode(folder) == 0o700
    files = sorted(folder.iterdir())
    assert edition.db_path in files and any(p.name.endswith("-summary.md") for p in files)
    for path in files:
        assert _mode(path) == 0o600, path.name


def test_wal_and_shm_files_of_an_open_workspace_are_0600(edition):
    from nrikit.workspace.db import open_workspace

    old = os.umask(0o022)
    try:
        db = open_workspace(edition.db_path)
        db.execute("CREATE TABLE IF NOT EXISTS scratch (x)")
        db["scratch"].insert({"x": 1})  # WAL mode: -wal and -shm exist while it is open
        for suffix in ("-wal", "-shm"):
            companion = edition.db_path.with_name(edition.db_path.name + suffix)
            assert companion.exists() and _mode(companion) == 0o600, suffix
        db.close()
    finally:
        os.umask(old)


def test_a_workspace_left_readable_by_an_older_nrikit_is_tightened(edition, cli_run):
    cli_run("run", edition.config)
    folder = edition.db_path.parent
    os.chmod(folder, 0o755)
    os.chmod(edition.db_path, 0o644)
    summary = next(p for p in folder.iterdir() if p.name.endswith("-summary.md"))
    os.chmod(summary, 0o644)
    cli_run("status", edition.config)
    assert _mode(folder) == 0o700 and _mode(edition.db_path) == 0o600
    cli_run("run", edition.config)
    assert _mode(summary) == 0o600


def test_a_workspace_beside_its_config_does_not_lock_the_config_folder(edition, cli_run):
    edition.edit_config("[edition]", '[edition]\nworkspace = "ws.db"')
    os.chmod(edition.root, 0o755)
    cli_run("run", edition.config)
    assert _mode(edition.root) == 0o755 and _mode(edition.root / "ws.db") == 0o600
