"""The committee's private Datasette instance: built here, never shared with the public site.

Datasette gets no database file at all: the workspace is read and written through
the app's own Store, so no built-in Datasette page (table browsing, SQL, JSON, CSV)
can reach it, whatever a permission check answers. On top of that the instance
denies every built-in permission to everyone (metadata `allow: false`, SQL off,
and the plugin's permission_allowed), and its ASGI guard answers only the
committee's own routes: anything else redirects to the sign-in page, or is 403
for a signed-in member.
"""

from __future__ import annotations

from ..errors import CommitteeError
from .secret import load_or_create_secret
from .sessions import TEMPLATES, sign_cookie, token_from_cookie
from .store import Store
from .throttle import SignInThrottle

SETTINGS = {
    "default_allow_sql": False,
    "allow_download": False,
    "allow_facet": False,
    "suggest_facets": False,
    "allow_signed_tokens": False,
    "default_cache_ttl": 0,
    "template_debug": False,
    "trace_debug": False,
}


class CommitteeApp:
    """One edition's committee workspace: its Datasette instance, its store and its secret."""

    def __init__(self, pipeline, *, report_status=None, lang: str = "en"):
        # The pipeline the CLI loaded: only its edition and plugin manager are kept; each store
        # thread opens its own connection and Pipeline.
        self.edition = pipeline.edition
        self.pm = pipeline.pm
        if not self.edition.workspace.exists():
            raise CommitteeError(f"{self.edition.workspace}: no workspace yet; run `nrikit run` first")
        self.secret = load_or_create_secret(self.edition.workspace)
        self.store = Store(self.edition, self.pm)
        # report/ sits above this wing: the CLI hands in its report_status(pipeline) function.
        self.report_status = report_status
        self.default_lang = lang
        self.throttle = SignInThrottle()
        self.datasette = self._build()

    def _build(self):
        from datasette.app import Datasette
        from datasette.plugins import pm as datasette_pm

        from . import plugin

        if not datasette_pm.is_registered(plugin):
            # Registered once per process; each hook does nothing on an instance that is not a committee one.
            datasette_pm.register(plugin, name="nrikit-committee")

        class CommitteeDatasette(Datasette):
            # The marker the hooks look for must exist before Datasette.__init__ builds its
            # client, which assembles the routes and ASGI wrappers there and then.
            def __init__(inner, *args, **kwargs):
                inner._nrikit_committee = self
                super().__init__(*args, **kwargs)

        ds = CommitteeDatasette(
            [],
            secret=self.secret,
            template_dir=str(TEMPLATES),
            settings=SETTINGS,
            metadata={"title": "nrikit committee", "allow": False, "allow_sql": False},
        )
        return ds

    # ------------------------------------------------------------------ the session cookie

    def cookie_for(self, token: str) -> str:
        return sign_cookie(self.datasette, self.edition.id, token)

    def token_from(self, cookie: str | None) -> str | None:
        return token_from_cookie(self.datasette, self.edition.id, cookie)

    def close(self):
        self.store.close()
