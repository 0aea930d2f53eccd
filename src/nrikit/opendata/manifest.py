"""The site manifest: the exact list of files `nrikit publish` wrote, with their sha256.

`nrikit publish --out DIR` writes DIR/nrikit-site.json last. It is the only
thing `serve` and `deploy-dir` trust: they serve or copy exactly the files it
lists, never "every .db in the folder", so a private workspace dropped into
(or published over) a site folder is never served. Publish in turn refuses a
folder holding a database the manifest does not list, and any folder inside a
workspace folder (`.nrikit/`).

While a publish moves its files into place the manifest lists, per file, the
hashes of both the old and the new version (written before the first move),
so a publish killed half-way leaves a folder the next publish, serve and
deploy-dir still accept.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..errors import StageError

MANIFEST = "nrikit-site.json"
FORMAT = 1
SQLITE_MAGIC = b"SQLite format 3\x00"
# Names SQLite gives a database's companions, and the usual database suffixes.
DB_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".db3", "-wal", "-shm", "-journal")
WORKSPACE_DIR = ".nrikit"


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def file_entries(root: Path, names: list[str]) -> dict[str, list[str]]:
    """{relative name: [sha256]} for these files under root."""
    return {name: [sha256_of(root / name)] for name in sorted(names)}


def write_manifest(out: Path, files: dict[str, list[str]]) -> None:
    tmp = out / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps({"format": FORMAT, "files": files}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, out / MANIFEST)


def read_manifest(site: Path) -> dict[str, list[str]] | None:
    """The manifest's files ({name: accepted sha256s}), None when there is none; bad JSON is an error."""
    path = site / MANIFEST
    if not path.is_file() or path.is_symlink():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        if not isinstance(files, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(h, str) for h in v) for k, v in files.items()
        ):
            raise ValueError("files must map names to lists of sha256")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise StageError(
            f"{path}: not a manifest nrikit wrote ({exc}); publish the site again into an empty folder"
        ) from None
    for name in files:
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise StageError(f"{path}: lists {name!r}, outside the site folder; publish again into an empty folder")
    return files


def inside_workspace_folder(path: Path) -> bool:
    """True if path is a workspace folder (.nrikit) or inside one."""
    return WORKSPACE_DIR in Path(os.path.abspath(path)).parts or WORKSPACE_DIR in path.resolve().parts


def looks_like_database(path: Path) -> bool:
    if path.name.endswith(DB_SUFFIXES):
        return True
    try:
        with path.open("rb") as f:
            return f.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def foreign_databases(out: Path, files: dict[str, list[str]] | None, *, skip_prefix: str = "") -> list[str]:
    """Databases (by name or content) under out that the manifest does not list with a matching hash."""
    files = files or {}
    found = []
    for dirpath, dirnames, filenames in os.walk(out):
        here = Path(dirpath)
        if skip_prefix:
            dirnames[:] = [d for d in dirnames if not (here == out and d.startswith(skip_prefix))]
        for name in filenames:
            path = here / name
            rel = path.relative_to(out).as_posix()
            if rel == MANIFEST or not (path.is_symlink() or looks_like_database(path)):
                continue
            if path.is_symlink() or rel not in files or sha256_of(path) not in files[rel]:
                found.append(rel)
    return sorted(found)


def check_publish_target(out: Path, workspaces: list[Path], *, staging_prefix: str) -> None:
    """Refuse an --out folder that is a workspace folder, or holds a database publish did not write."""
    hint = "choose an empty folder outside the workspace (e.g. --out site)"
    if inside_workspace_folder(out):
        raise StageError(f"{out}: is inside a workspace folder ({WORKSPACE_DIR}/), which holds private data; {hint}")
    for ws in workspaces:  # a workspace configured outside .nrikit/ (edition.workspace)
        if out.resolve() == ws.parent.resolve():
            raise StageError(f"{out}: is the folder of the workspace {ws}, which is private; {hint}")
    if not out.exists():
        return
    if not out.is_dir():
        raise StageError(f"{out}: is not a folder; {hint}")
    foreign = foreign_databases(out, read_manifest(out), skip_prefix=staging_prefix)
    if foreign:
        raise StageError(
            f"{out}: holds {', '.join(foreign[:3])}{' and more' if len(foreign) > 3 else ''}, "
            "which nrikit publish did not write (it may be private, or a site from an nrikit without "
            "site manifests); remove it, or publish into another, empty folder"
        )


def site_files(site: Path) -> dict[str, list[str]]:
    """The manifest's files after checking each is a regular file with one of its listed hashes."""
    site = Path(site)
    if inside_workspace_folder(site):
        raise StageError(
            f"{site}: is inside a workspace folder ({WORKSPACE_DIR}/), which holds private data; "
            "serve the folder `nrikit publish --out` wrote"
        )
    files = read_manifest(site)
    if files is None:
        raise StageError(
            f"{site}: not a published nrikit site (no {MANIFEST}); run `nrikit publish CONFIG... --out {site}` "
            "into an empty folder first"
        )
    for name, hashes in files.items():
        path = site / name
        if path.is_symlink() or not path.is_file():
            raise StageError(f"{site}: {name} listed in {MANIFEST} is missing or not a plain file; publish again")
        if name.endswith(".db") and sha256_of(path) not in hashes:
            raise StageError(
                f"{site}: {name} is not the file nrikit publish wrote (its sha256 differs from {MANIFEST}); "
                "publish again"
            )
    return files
