"""Shared by the committee workspace tests: an edition run on disk, accounts invited through the real
CLI, and a small cookie-keeping client over Datasette's own ASGI client (no port, no server)."""

from __future__ import annotations

import re

from click.testing import CliRunner

from nrikit.cli import cli

PASSWORD = re.compile(r"Initial password: (\S+)")
CSRF_FIELD = re.compile(r'name="csrftoken" value="([^"]+)"')


def invoke(*args, expect=0):
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == expect, result.output
    return result


def invite(config, person, role) -> str:
    return PASSWORD.search(invoke("committee", "invite", config, person, "--role", role).output).group(1)


class Visitor:
    """One browser: keeps its cookies between requests, reads the CSRF token from the last form."""

    def __init__(self, app):
        self.app = app
        self.client = app.datasette.client
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    def _keep(self, response):
        for name, value in response.cookies.items():
            self.cookies[name] = value
        found = CSRF_FIELD.search(response.text or "")
        if found:
            self.csrf = found.group(1)
        return response

    def _headers(self, extra):
        headers = dict(extra or {})
        if self.cookies:
            headers["cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    async def get(self, path, headers=None):
        return self._keep(await self.client.get(path, headers=self._headers(headers)))

    async def post(self, path, data=None, *, csrf=True, headers=None):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrftoken", self.csrf)
        return self._keep(await self.client.post(path, data=data, headers=self._headers(headers)))

    async def sign_in(self, login, password):
        await self.get("/sign-in")
        return await self.post("/sign-in", {"login": login, "password": password})


def plant_committee_canaries(workspace, planted: dict) -> None:
    """The committee workspace's private fields, filled with canaries in a workspace already run
    (tests/test_publish.py's canary site): accounts, comments, nominations. `publish` must leave them all behind."""
    import sqlite3

    from publish_helpers import CANARY

    values = {
        "login": f"{CANARY}login@example.org",
        "hash": f"$argon2id$v=19${CANARY}hash",
        "comment": f"{CANARY} comment on a topic",
        "nominee": f"{CANARY} Nominee Name",
        "nominee_org": f"{CANARY} Nominee Org",
    }
    with sqlite3.connect(workspace) as conn:
        person = conn.execute("SELECT person_id FROM committee_members ORDER BY person_id LIMIT 1").fetchone()[0]
        topic = conn.execute("SELECT id FROM topics ORDER BY id LIMIT 1").fetchone()[0]
        conn.execute(
            "INSERT INTO committee_accounts (person_id, login, role, password_hash, created_at) VALUES (?, ?, 'member', ?, '')",
            [person, values["login"], values["hash"]],
        )
        conn.execute(
            "INSERT INTO committee_comments (subject_type, subject_id, person_id, body, created_at) VALUES ('topic', ?, ?, ?, '')",
            [topic, person, values["comment"]],
        )
        conn.execute(
            "INSERT INTO committee_nominations (topic_id, name, organisation, gender, consent, nominated_by) "
            "VALUES (?, ?, ?, 'woman', 'asked', ?)",
            [topic, values["nominee"], values["nominee_org"], person],
        )
    planted["text"] += list(values.values())
