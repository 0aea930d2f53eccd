"""Every route by which a private workspace could be published, served or deployed is closed.

The routes were found by trying, as a careless organiser would:
`nrikit publish CONFIG --out configs/peru/.nrikit` (or the config's own folder), then
`nrikit serve` on that folder (Datasette served every .db in it, writable), and
`nrikit deploy-dir` on it (which copied the workspaces and their -wal/-shm files).
Each test drives the real CLI on real SQLite files in tmp_path.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

MANIFEST = "nrikit-site.json"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(*args, expect=0):
    from nrikit.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == expect, result.output
    return result


@pytest.fixture
def site(edition, pipeline_of, tmp_path):
    pipeline_of(edition).run()
    _cli("publish", edition.config, "--out", tmp_path / "site")
    return tmp_path / "site"


def _databases_served(args) -> list[str]:
    """The databases a real Datasette started with these `datasette serve` arguments holds."""
    from datasette.cli import cli as datasette_cli

    result = CliRunner().invoke(datasette_cli, [*args, "--get", "/.json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return sorted(json.loads(result.output))


def test_manifest_lists_exactly_the_files_publish_wrote_with_their_sha256(site):
    files = json.loads((site / MANIFEST).read_text())["files"]
    on_disk = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file() and p.name != MANIFEST)
    assert sorted(files) == on_disk
    assert {"public.db", "metadata.json", "settings.json", "inspect-data.json", "release/datapackage.json"} <= set(
        files
    )
    for name, hashes in files.items():
        assert hashes == [sha256_of(site / name)], name


def test_publish_into_the_workspace_folder_is_refused(edition, pipeline_of):
    pipeline_of(edition).run()
    workspace_dir = edition.db_path.parent  # <config folder>/.nrikit
    before = sorted(p.name for p in workspace_dir.iterdir())
    out = _cli("publish", edition.config, "--out", workspace_dir, expect=1).output
    assert "inside a workspace folder" in out and "private" in out
    assert sorted(p.name for p in workspace_dir.iterdir()) == before  # nothing written
    # Nor a folder inside it, nor a folder above it (it holds the workspace databases).
    assert (
        "inside a workspace folder" in _cli("publish", edition.config, "--out", workspace_dir / "site", expect=1).output
    )
    out = _cli("publish", edition.config, "--out", edition.root, expect=1).output
    assert ".nrikit/2025.db" in out and "did not write" in out
    assert not (edition.root / "public.db").exists()


def test_publish_refuses_a_folder_holding_a_database_it_did_not_write(site, edition):
    # A workspace copied beside public.db, under any name, or with SQLite's companion files.
    for name in ("2025.db", "backup.bin", "2025.db-wal"):
        shutil.copyfile(edition.db_path, site / name)
        out = _cli("publish", edition.config, "--out", site, expect=1).output
        assert name in out and "did not write" in out, out
        (site / name).unlink()
    # public.db itself replaced by the workspace: its sha256 is not the one publish recorded.
    shutil.copyfile(edition.db_path, site / "public.db")
    assert "public.db" in _cli("publish", edition.config, "--out", site, expect=1).output
    # A site folder written before manifests existed (or by hand) is refused too.
    other = site.parent / "old-site"
    other.mkdir()
    shutil.copyfile(edition.db_path, other / "public.db")
    assert "did not write" in _cli("publish", edition.config, "--out", other, expect=1).output


def test_republish_into_its_own_site_is_accepted(site, edition):
    _cli("publish", edition.config, "--out", site)
    files = json.loads((site / MANIFEST).read_text())["files"]
    assert all(len(h) == 1 for h in files.values())


def test_serve_refuses_a_workspace_folder_and_a_site_holding_a_foreign_database(site, edition):
    assert "inside a workspace folder" in _cli("serve", edition.db_path.parent, expect=1).output
    # Even a forged manifest does not make a workspace folder servable.
    ws = edition.db_path.parent
    (ws / MANIFEST).write_text(json.dumps({"format": 1, "files": {"2025.db": [sha256_of(edition.db_path)]}}))
    assert "inside a workspace folder" in _cli("serve", ws, expect=1).output
    for name in ("2025.db", "public.db-wal", "release/2025.db"):
        shutil.copyfile(edition.db_path, site / name)
        out = _cli("serve", site, expect=1).output
        assert name in out, out
        (site / name).unlink()
    (site / "release" / "notes.txt").write_text("not published by nrikit")
    assert "release/notes.txt" in _cli("serve", site, expect=1).output
    (site / "release" / "notes.txt").unlink()
    shutil.copyfile(edition.db_path, site / "public.db")
    assert "not the file nrikit publish wrote" in _cli("serve", site, expect=1).output


def test_serve_gives_datasette_only_the_listed_database_immutable(site, edition):
    from nrikit.opendata.serve import check_site, datasette_args

    # Files publish did not write and that are no database are left alone, but never served.
    (site / "README.txt").write_text("notes")
    args = datasette_args(check_site(site), "127.0.0.1", 8001)
    assert args[args.index("-i") + 1] == str(site / "public.db") and str(site) not in args
    assert _databases_served(args) == ["public"]


def test_deploy_dir_copies_only_the_listed_files(site, edition, tmp_path):
    assert (
        "inside a workspace folder"
        in _cli("deploy-dir", edition.db_path.parent, "--out", tmp_path / "d0", expect=1).output
    )
    shutil.copyfile(edition.db_path, site / "2025.db")
    assert "2025.db" in _cli("deploy-dir", site, "--out", tmp_path / "d1", expect=1).output
    assert not (tmp_path / "d1" / "site").exists()
    (site / "2025.db").unlink()
    (site / "notes.txt").write_text("private notes")
    (site / ".publish-leftover").mkdir()
    shutil.copyfile(edition.db_path, site / ".publish-leftover" / "public.db")
    out = tmp_path / "d2"
    _cli("deploy-dir", site, "--out", out)
    listed = json.loads((site / MANIFEST).read_text())["files"]
    copied = sorted(p.relative_to(out / "site").as_posix() for p in (out / "site").rglob("*") if p.is_file())
    assert copied == sorted([*listed, MANIFEST])
    docker = (out / "Dockerfile").read_text()
    assert "-i /app/site/public.db" in docker and "serve /app/site " not in docker
