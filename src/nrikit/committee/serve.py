"""`nrikit committee serve`: the committee app on its own port, in its own process.

No other Datasette plugin is loaded into it (DATASETTE_LOAD_PLUGINS is set empty before
Datasette is imported), so nothing installed for the public site can add a route that
reads the workspace. It listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import ipaddress
import os

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str) -> str | None:
    if is_loopback(host):
        return None
    return (
        f"Warning: listening on {host}, reachable from other machines. Passwords and session cookies "
        "travel in clear over plain HTTP: put the committee workspace behind an HTTPS reverse proxy "
        "(Caddy, nginx) or a VPN, never directly on the Internet."
    )


def build_app(pipeline, *, report_status=None, lang: str = "en"):
    os.environ["DATASETTE_LOAD_PLUGINS"] = ""  # read when datasette.plugins is first imported
    from .app import CommitteeApp

    return CommitteeApp(pipeline, report_status=report_status, lang=lang)


def serve(app, host: str = "127.0.0.1", port: int = 8002) -> None:
    import uvicorn

    try:
        uvicorn.run(app.datasette.app(), host=host, port=port, log_level="warning", proxy_headers=True)
    finally:
        app.close()
