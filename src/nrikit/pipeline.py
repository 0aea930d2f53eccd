"""Running stages: validate, then write everything in one transaction, or nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .config import Edition
from .context import StageContext
from .errors import ConfigError, NrikitError, PluginError, StageError
from .model import Decision, Finding, Rule, Stage
from .plugins import applies_to, collect, get_plugin_manager
from .workspace import schema
from .workspace.db import open_workspace
from .workspace.decision_log import entry_hash, verify_chain
from .workspace.files import write_private_text
from .workspace.persons import reapply_erasures

# An e-mail address anywhere in a decision (the same shape the publish audit refuses).
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


@dataclass
class StageOutcome:
    stage: str
    status: str  # ok | unchanged
    rows_written: int
    findings: int
    decisions: int
    imports: list = None  # accounting of each input read: see Rows.accounting()


def now_utc() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Pipeline:
    """The stages, rules and helpers an edition runs with."""

    def __init__(self, edition: Edition, pm=None, db=None):
        self.edition = edition
        self.pm = pm or get_plugin_manager()
        in_edition = lambda plugin: applies_to(plugin, edition)  # noqa: E731
        registered = collect(self.pm, "register_stages", keep=in_edition)
        self.stages: list[Stage] = sorted((s for _, s in registered.values()), key=lambda s: (s.order, s.name))
        self.stage_plugins = {name: plugin for name, (plugin, _) in registered.items()}
        self.rules: dict[str, tuple[str, Rule]] = collect(self.pm, "register_rules", keep=in_edition)
        self.importers = {name: obj for name, (_, obj) in collect(self.pm, "register_importers").items()}
        self.tally_methods = {name: obj for name, (_, obj) in collect(self.pm, "register_tally_methods").items()}
        taxonomies = {name: obj for name, (_, obj) in collect(self.pm, "register_taxonomies").items()}
        wanted = edition["stakeholders"]["taxonomy"]
        if wanted not in taxonomies:
            raise ConfigError(
                f"unknown taxonomy {wanted!r}; registered: {', '.join(sorted(taxonomies))}",
                path=edition.path,
                key="stakeholders.taxonomy",
            )
        try:
            self.taxonomy = taxonomies[wanted].with_synonyms(edition["stakeholders"]["synonyms"])
        except ValueError as exc:
            raise ConfigError(str(exc), path=edition.path, key="stakeholders.synonyms") from None
        self.db = db or open_workspace(edition.workspace, pm=self.pm)

    def stage(self, name: str) -> Stage:
        for stage in self.stages:
            if stage.name == name:
                return stage
        import difflib

        close = difflib.get_close_matches(name, [s.name for s in self.stages], n=1)
        raise StageError(
            f"unknown stage {name!r}"
            + (f"; did you mean {close[0]!r}?" if close else "")
            + f" (stages: {', '.join(s.name for s in self.stages)})"
        )

    def context(self, stage: str = "") -> StageContext:
        return StageContext(
            self.edition, self.db, self.pm, self.taxonomy, self.importers, self.tally_methods, stage=stage
        )

    def run(self, only: str | None = None, force: bool = False) -> list[StageOutcome]:
        """Run the stages in order. One outer transaction: a failure anywhere leaves the workspace as it was."""
        with self.db.atomic():
            outcomes = self._run(only, force)
        self.export_summary()
        return outcomes

    def _run(self, only, force):
        if only is not None:
            target = self.stage(only)
            for earlier in self.stages:
                if earlier.order < target.order and self.last_run(earlier.name) is None:
                    raise StageError(
                        f"stage {only!r} needs stage {earlier.name!r} to have run first; "
                        f"run `nrikit run {self.edition.path.name}` for the whole pipeline"
                    )
            return [self.run_stage(target, force=force)]
        return [self.run_stage(stage, force=force) for stage in self.stages]

    @property
    def summary_path(self):
        return self.edition.workspace.with_name(self.edition.workspace.stem + "-summary.md")

    def export_summary(self) -> None:
        """Write the report stage's summary beside the workspace (a derived file, rewritten each run)."""
        rows = list(self.db.query("SELECT content FROM reports WHERE name = 'summary'"))
        if rows:
            write_private_text(self.summary_path, rows[0]["content"])  # names people: as private as the workspace

    def last_run(self, stage: str) -> dict | None:
        rows = list(
            self.db.query(
                "SELECT * FROM stage_runs WHERE stage = ? AND status IN ('ok', 'unchanged') ORDER BY id DESC LIMIT 1",
                [stage],
            )
        )
        return rows[0] if rows else None

    def _plugin_versions(self) -> dict[str, str]:
        # Reading package metadata is slow (tens of ms) and it cannot change during a run.
        if getattr(self, "_versions", None) is None:
            from .plugins import describe

            self._versions = {p["name"]: p["version"] or "" for p in describe(self.pm)}
        return self._versions

    def _fingerprint(self, stage: Stage, input_hashes: dict[str, str]) -> str:
        earlier = {
            s.name: (self.last_run(s.name) or {}).get("fingerprint") for s in self.stages if s.order < stage.order
        }
        blob = json.dumps(
            {
                "stage": stage.name,
                "nrikit": __version__,
                "config": self.edition.sha256,
                "inputs": input_hashes,
                "plugins": self._plugin_versions(),
                "earlier": earlier,
            },
            sort_keys=True,
        )
        return hashlib.sha256(blob.encode()).hexdigest()

    def run_stage(self, stage: Stage, force: bool = False) -> StageOutcome:
        ctx = self.context(stage.name)
        plugin = self.stage_plugins.get(stage.name)
        started = now_utc()
        # 1. Read and validate every input before anything is written.
        data = self._guard(plugin, "register_stages", f"stage {stage.name} (load)", lambda: stage.load(ctx))
        fingerprint = self._fingerprint(stage, ctx.input_hashes)
        last = self.last_run(stage.name)
        if not force and last and last["fingerprint"] == fingerprint:
            with self.db.atomic():
                self._log_run(stage, "unchanged", started, fingerprint, ctx, 0, 0)
            return StageOutcome(stage.name, "unchanged", 0, 0, 0)
        # 2. Replace the stage's outputs, run its rules, log decisions: all or nothing.
        tables = [t.name for t in schema.tables_of_stage(stage.name)]
        try:
            with self.db.atomic():
                for name in reversed(tables):
                    self.db.execute(f'DELETE FROM "{name}"')
                self.db.execute("DELETE FROM findings WHERE stage = ?", [stage.name])
                self._guard(plugin, "register_stages", f"stage {stage.name} (write)", lambda: stage.write(ctx, data))
                # People erased on request stay erased, though the input files still name them.
                reapply_erasures(self.db, tables)
                rows = sum(self.db[name].count for name in tables)
                imports = [src.accounting() for src in ctx.sources]
                self._log_imports(stage, imports)
                findings = self._run_rules(ctx)
                decisions = self._append_decisions(stage.name, ctx.decisions)
                self._log_run(stage, "ok", started, fingerprint, ctx, rows, len(findings))
        except sqlite3.IntegrityError as exc:
            raise StageError(
                f"stage {stage.name}: {exc}; nothing was written. If an earlier input changed, "
                "run the whole pipeline so later stages follow it"
            ) from exc
        return StageOutcome(stage.name, "ok", rows, len(findings), decisions, imports)

    def _log_imports(self, stage: Stage, imports: list[dict]) -> None:
        """One import_log entry per input file, in the stage's transaction: the audit trail of
        which file's rows the workspace holds, and which earlier file they replaced."""
        for item in imports:
            last = list(
                self.db.query(
                    "SELECT sha256 FROM import_log WHERE source = ? ORDER BY id DESC LIMIT 1", [item["source"]]
                )
            )
            previous = last[0]["sha256"] if last else None
            action = "import" if previous is None else ("reload" if previous == item["sha256"] else "replace")
            item["action"] = action
            path = item["path"]
            with contextlib.suppress(ValueError):  # a file outside the edition's folder keeps its full path
                path = str(Path(path).relative_to(self.edition.root))
            self.db["import_log"].insert(
                {
                    "ts_utc": now_utc(),
                    "stage": stage.name,
                    "source": item["source"],
                    "file": path,
                    "format": item["format"],
                    "sha256": item["sha256"],
                    "action": action,
                    "previous_sha256": previous if action == "replace" else None,
                    "rows_read": item["rows_read"],
                    "rows_imported": item["rows_imported"],
                    "rows_skipped": item["rows_skipped"],
                    "skipped": json.dumps(item["skipped"], ensure_ascii=False, sort_keys=True),
                    "duplicates_resolved": item["duplicates_resolved"],
                    "warnings": len(item["warnings"]),
                    "nrikit_version": __version__,
                    "config_sha256": self.edition.sha256,
                }
            )

    def _guard(self, plugin, hook, subject, fn):
        try:
            return fn()
        except NrikitError:
            raise
        except sqlite3.IntegrityError:
            raise
        except Exception as exc:
            raise PluginError(f"{type(exc).__name__}: {exc}", plugin=plugin, hook=hook, subject=subject) from exc

    def _run_rules(self, ctx: StageContext) -> list[Finding]:
        found: list[Finding] = []
        for name, (plugin, rule) in sorted(self.rules.items()):
            if rule.stage != ctx.stage:
                continue
            results = self._guard(
                plugin,
                "register_rules",
                f"rule {name} on {self.edition.path.name}",
                lambda rule=rule: list(rule.check(ctx) or ()),
            )
            for finding in results:
                if not isinstance(finding, Finding):
                    raise PluginError(
                        f"rule {name} returned {type(finding).__name__}, expected Finding",
                        plugin=plugin,
                        hook="register_rules",
                    )
                found.append(finding)
                self.db["findings"].insert(
                    {
                        "stage": ctx.stage,
                        "rule": finding.rule,
                        "severity": finding.severity,
                        "subject": finding.subject,
                        "message": finding.text("en"),
                        "hint": finding.hint_text("en"),
                        "plugin": plugin,
                        "message_id": finding.message,
                        "hint_id": finding.hint,
                        "params": json.dumps(dict(finding.params), sort_keys=True, ensure_ascii=False),
                    }
                )
        return found

    def _append_decisions(self, stage: str, decisions: list[Decision]) -> int:
        """Append decisions not already in the log with the same content (re-runs add nothing)."""
        added = 0
        for d in decisions:
            tally = json.dumps(d.tally, sort_keys=True, ensure_ascii=False)
            binding = None if d.binding is None else int(d.binding)
            latest = list(
                self.db.query(
                    "SELECT outcome, method, tally, binding, rationale FROM decision_log WHERE stage = ? AND action = ? "
                    "AND subject_type = ? AND subject_id = ? ORDER BY id DESC LIMIT 1",
                    [stage, d.action, d.subject_type, d.subject_id],
                )
            )
            if latest and latest[0] == {
                "outcome": d.outcome,
                "method": d.method,
                "tally": tally,
                "binding": binding,
                "rationale": d.rationale,
            }:
                continue
            prev = list(self.db.query("SELECT hash FROM decision_log ORDER BY id DESC LIMIT 1"))
            prev_hash = prev[0]["hash"] if prev else ""
            row = {
                "ts_utc": now_utc(),
                "stage": stage,
                "action": d.action,
                "subject_type": d.subject_type,
                "subject_id": d.subject_id,
                "method": d.method,
                "outcome": d.outcome,
                "tally": tally,
                "binding": binding,
                "rationale": d.rationale,
                "decided_on": d.decided_on,
                "prev_hash": prev_hash,
            }
            self._refuse_personal_data(stage, row)
            row["hash"] = entry_hash(row)
            self.db["decision_log"].insert(row)
            added += 1
        return added

    def _refuse_personal_data(self, stage: str, row: dict) -> None:
        """The decision log is append-only and public: it may name people only by their pseudonymous id.

        A name, e-mail or phone number written into it could never be erased (a person's right to be
        forgotten) without breaking the hash chain, so it is refused when the decision is recorded.
        """
        text = " ".join(str(row[k]) for k in ("subject_id", "outcome", "tally", "rationale", "method") if row[k])
        if not text:
            return
        found = None
        if _EMAIL.search(text):
            found = "an e-mail address"
        else:
            folded = text.casefold()
            for person in self.db.query("SELECT id, name, email, phone FROM people"):
                for field_name in ("name", "email", "phone"):
                    value = (person[field_name] or "").strip()
                    if len(value) >= 4 and value.casefold() in folded:
                        found = f"the {field_name} of person {person['id']}"
                        break
                if found:
                    break
        if found:
            raise StageError(
                f"stage {stage}: decision {row['action']} on {row['subject_type']} {row['subject_id']!r} holds "
                f"{found}; the decision log is append-only and published, so it names people only by their id"
            )

    def append_decisions(self, stage: str, decisions: list[Decision]) -> int:
        """Append decisions taken outside a stage run (the committee workspace closing a vote)."""
        return self._append_decisions(stage, decisions)

    def recheck(self, stage: str) -> list[Finding]:
        """Run a stage's rules again on what the workspace holds now, replacing its findings."""
        self.db.execute("DELETE FROM findings WHERE stage = ?", [stage])
        return self._run_rules(self.context(stage))

    def _log_run(self, stage, status, started, fingerprint, ctx, rows, findings):
        self.db["stage_runs"].insert(
            {
                "stage": stage.name,
                "status": status,
                "started_at": started,
                "finished_at": now_utc(),
                "fingerprint": fingerprint,
                "inputs": json.dumps(ctx.input_hashes, sort_keys=True),
                "config_sha256": self.edition.sha256,
                "nrikit_version": __version__,
                "plugins": json.dumps(self._plugin_versions(), sort_keys=True),
                "rows_written": rows,
                "findings": findings,
            }
        )

    def status(self) -> list[dict]:
        out = []
        for stage in self.stages:
            last = self.last_run(stage.name)
            count = self.db.execute("SELECT count(*) FROM findings WHERE stage = ?", [stage.name]).fetchone()[0]
            out.append(
                {
                    "stage": stage.name,
                    "description": stage.description,
                    "last_run": last["finished_at"] if last else None,
                    "last_status": last["status"] if last else "never run",
                    "inputs": json.loads(last["inputs"]) if last else {},
                    "findings": count,
                }
            )
        return out

    def findings(self, lang: str = "en") -> list[dict]:
        """The findings, ordered by stage and severity; `message` and `hint` in `lang`."""
        order = {s.name: s.order for s in self.stages}
        rows = list(
            self.db.query(
                "SELECT stage, rule, severity, subject, message, hint, plugin, message_id, hint_id, params FROM findings"
            )
        )
        if lang != "en":
            from .i18n import render_stored, use_plugins

            use_plugins(self.pm)
            for r in rows:
                r["message"], r["hint"] = render_stored(lang, r)
        for r in rows:
            for key in ("message_id", "hint_id", "params"):
                r.pop(key)
        sev = {"error": 0, "warning": 1, "info": 2}
        return sorted(
            rows, key=lambda r: (order.get(r["stage"], 99), sev.get(r["severity"], 3), r["rule"], r["subject"])
        )


def verify_decision_log(db) -> bool:
    """True if every entry's hash matches its content and chains to the previous one."""
    return verify_chain(db).ok
