"""The committee app's pages: sign-in and sign-out, the overview, topics and their votes.

Each handler checks the visitor's permission first (through Datasette's
permission_allowed, answered by plugin.py), reads or writes through the app's
Store, and renders a template with every string from text.py. A POST must be a
form (Datasette's CSRF middleware has then checked its `csrftoken`).
"""

from __future__ import annotations

from urllib.parse import quote

from datasette.utils.asgi import Response

from ..errors import CommitteeError
from . import panels as panels_mod
from . import tasks as tasks_mod
from . import topics as topics_mod
from .accounts import LOCK_MINUTES, change_password, check_sign_in
from .dashboard import dashboard_data
from .sessions import COOKIE, LANG_COOKIE, SESSION_HOURS, TEMPLATES, create_session, end_session
from .text import LANGUAGES, MESSAGES, maybe, text


def _app(datasette):
    return datasette._nrikit_committee


def _lang(request, app) -> str:
    lang = request.cookies.get(LANG_COOKIE) or app.default_lang
    return lang if lang in LANGUAGES else "en"


async def _render(datasette, request, template, context=None, status=200):
    app = _app(datasette)
    lang = _lang(request, app)
    actor = request.actor if request.actor and request.actor.get("nrikit_committee") else None
    full = {
        "t": lambda key, **values: text(key, lang, **values),
        "term": lambda kind, name: maybe(f"{kind}.{name}", lang, str(name).replace("_", " ")),
        "lang": lang,
        "languages": LANGUAGES,
        "me": actor,
        "path": request.path,
        "edition_name": f"{app.edition['nri']['acronym']} {app.edition.year}",
        **(context or {}),
    }
    html = await datasette.render_template([template], full, request=request)
    return Response.html(html, status=status)


async def _allowed(datasette, request, action) -> bool:
    return await datasette.permission_allowed(request.actor, action, default=False)


async def _gate(datasette, request, action):
    """None if the visitor may do `action`; else the response to send (sign-in page or 403)."""
    if await _allowed(datasette, request, "nrikit-committee-view"):
        if action == "nrikit-committee-view" or await _allowed(datasette, request, action):
            return None
        return await _render(datasette, request, "committee_message.html", {"kind": "forbidden"}, status=403)
    if request.method == "GET":
        return Response.redirect("/sign-in?next=" + quote(request.full_path, safe=""))
    return await _render(datasette, request, "committee_message.html", {"kind": "forbidden"}, status=403)


async def _form(request) -> dict | None:
    content_type = request.headers.get("content-type", "").split(";")[0].strip()
    if content_type != "application/x-www-form-urlencoded":
        return None
    return dict(await request.post_vars())


def _safe_next(value: str | None) -> str:
    # Only a path of this app: never "//host" or "/\host" (open redirects).
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return "/"
    return value


# ------------------------------------------------------------------ sign-in, sign-out, language


async def sign_in(datasette, request):
    app = _app(datasette)
    lang = _lang(request, app)
    if request.method == "GET":
        notice = "signin.signed_out" if request.args.get("bye") else None
        return await _render(
            datasette, request, "committee_signin.html", {"notice": notice, "next": request.args.get("next", "")}
        )
    # Login CSRF: asgi-csrf checks a POST only when it carries cookies; a sign-in form always
    # comes from this page, which set the CSRF cookie, so a POST without it is refused.
    if "ds_csrftoken" not in request.cookies:
        return await _render(datasette, request, "committee_signin.html", {"error": "signin.form_expired"}, status=403)
    form = await _form(request)
    if form is None:
        return await _render(datasette, request, "committee_signin.html", {"error": "signin.form_expired"}, status=400)
    login, password = form.get("login", ""), form.get("password", "")
    client = (request.scope.get("client") or (None,))[0]
    if app.throttle.blocked(client):
        # refused before the password is hashed: a guesser gets no answer and costs no KDF work
        minutes = app.throttle.minutes_left(client)
        return await _render(
            datasette,
            request,
            "committee_signin.html",
            {"error": "signin.throttled", "minutes": minutes, "login": login, "next": form.get("next", "")},
            status=429,
        )

    def attempt(db, _pipeline):
        outcome, account = check_sign_in(db, login, password)
        token = create_session(db, account, SESSION_HOURS) if outcome == "ok" else None
        return outcome, token

    outcome, token = await app.store.write(attempt)
    if outcome != "ok":
        app.throttle.failed(client)
        key = "signin.locked" if outcome == "locked" else "signin.wrong"
        return await _render(
            datasette,
            request,
            "committee_signin.html",
            {"error": key, "minutes": LOCK_MINUTES, "login": login, "next": form.get("next", "")},
            status=429 if outcome == "locked" else 401,
        )
    response = Response.redirect(_safe_next(form.get("next")))
    response.set_cookie(
        COOKIE,
        app.cookie_for(token),
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="strict",
        secure=request.scheme == "https",
    )
    del lang
    return response


async def sign_out(datasette, request):
    app = _app(datasette)
    if request.method != "POST":
        return Response.redirect("/")
    token = app.token_from(request.cookies.get(COOKIE))
    if token:
        actor = request.actor if request.actor and request.actor.get("nrikit_committee") else None
        await app.store.write(lambda db, _p: end_session(db, token, actor))
    response = Response.redirect("/sign-in?bye=1")
    response.set_cookie(COOKIE, "", max_age=0, httponly=True, samesite="strict")
    return response


async def language(datasette, request):
    # A display preference only: a GET that changes nothing in the workspace.
    to = request.args.get("to", "en")
    response = Response.redirect(_safe_next(request.args.get("next")))
    if to in LANGUAGES:
        response.set_cookie(LANG_COOKIE, to, max_age=365 * 24 * 3600, samesite="lax")
    return response


async def stylesheet(datasette, request):
    return Response((TEMPLATES / "committee.css").read_text(encoding="utf-8"), content_type="text/css; charset=utf-8")


# ------------------------------------------------------------------ pages


async def dashboard(datasette, request):
    denied = await _gate(datasette, request, "nrikit-committee-view")
    if denied:
        return denied
    app = _app(datasette)
    data = await app.store.read(lambda db, pipeline: dashboard_data(db, pipeline, app.report_status))
    return await _render(datasette, request, "committee_dashboard.html", data)


async def topics(datasette, request):
    denied = await _gate(datasette, request, "nrikit-committee-view")
    if denied:
        return denied
    app = _app(datasette)
    me = request.actor["person_id"]

    def read(db, pipeline):
        data = topics_mod.topics_data(db, pipeline, me)
        data["comments"] = tasks_mod.comments_on(db, "topic", [t["id"] for t in data["topics"]])
        return data

    data = await app.store.read(read)
    data["can_vote"] = await _allowed(datasette, request, "nrikit-committee-act")
    data["can_manage"] = await _allowed(datasette, request, "nrikit-committee-manage")
    data["error"] = _error_key(request)
    return await _render(datasette, request, "committee_topics.html", data)


async def topic_action(datasette, request):
    """POST /topics/<topic>/vote (members), /open and /close (the secretariat)."""
    action = request.url_vars["action"]
    needed = "nrikit-committee-act" if action == "vote" else "nrikit-committee-manage"
    denied = await _gate(datasette, request, needed)
    if denied:
        return denied
    if request.method != "POST":
        return Response.redirect("/topics")
    form = await _form(request)
    if form is None:
        return await _render(datasette, request, "committee_message.html", {"kind": "forbidden"}, status=400)
    app = _app(datasette)
    topic = request.url_vars["topic"]
    actor = request.actor
    if action == "vote":
        change = lambda db, pipeline: topics_mod.cast_vote(db, pipeline, actor, topic, form.get("vote", ""))  # noqa: E731
    elif action == "open":
        change = lambda db, pipeline: topics_mod.open_vote(db, pipeline, actor, topic)  # noqa: E731
    else:
        change = lambda db, pipeline: topics_mod.close_vote(db, pipeline, actor, topic)  # noqa: E731
    try:
        await app.store.write(change)
    except CommitteeError as exc:
        return Response.redirect(f"/topics?error={quote(exc.args[0])}#topic-{quote(topic)}")
    return Response.redirect(f"/topics#topic-{quote(topic)}")


def _error_key(request) -> str | None:
    # Only a catalogue key is shown, never text from the URL.
    error = request.args.get("error") or ""
    return error if error.startswith("error.") and error in MESSAGES else None


async def panels(datasette, request):
    denied = await _gate(datasette, request, "nrikit-committee-view")
    if denied:
        return denied
    app = _app(datasette)
    data = {"panels": await app.store.read(lambda db, _p: panels_mod.panels_overview(db))}
    return await _render(datasette, request, "committee_panels.html", data)


async def panel(datasette, request):
    denied = await _gate(datasette, request, "nrikit-committee-view")
    if denied:
        return denied
    app = _app(datasette)
    topic = request.url_vars["topic"]
    proposal = bool(request.args.get("propose"))

    def read(db, pipeline):
        data = panels_mod.panel_page(db, pipeline, topic, with_proposal=proposal)
        current = data["current"]
        data["comments"] = tasks_mod.comments_on(db, "draft", [current["id"]] if current else [])
        return data

    try:
        data = await app.store.read(read)
    except CommitteeError:
        return await not_found(datasette, request)
    data["can_act"] = await _allowed(datasette, request, "nrikit-committee-act")
    data["can_manage"] = await _allowed(datasette, request, "nrikit-committee-manage")
    data["error"] = _error_key(request)
    data["consents"] = panels_mod.CONSENT
    data["genders"] = panels_mod.GENDERS
    return await _render(datasette, request, "committee_panel.html", data)


PANEL_ACTIONS = {
    "add": lambda f: (
        lambda db, p, a, t: panels_mod.add_member(db, p, a, t, f.get("person", ""), f.get("role", "speaker"))
    ),
    "remove": lambda f: lambda db, p, a, t: panels_mod.remove_member(db, p, a, t, f.get("person", "")),
    "swap": lambda f: lambda db, p, a, t: panels_mod.swap_member(db, p, a, t, f.get("out", ""), f.get("in", "")),
    "round": lambda f: lambda db, p, a, t: panels_mod.next_round(db, p, a, t),
    "adopt": lambda f: lambda db, p, a, t: panels_mod.adopt_proposal(db, p, a, t),
    "nominate": lambda f: (
        lambda db, p, a, t: panels_mod.nominate(
            db,
            p,
            a,
            t,
            f.get("name"),
            f.get("organisation"),
            f.get("gender", "not_stated"),
            f.get("consent", "not_asked"),
        )
    ),
    "finalise": lambda f: lambda db, p, a, t: panels_mod.finalise(db, p, a, t),
}


async def panel_action(datasette, request):
    """POST /panels/<topic>/<action>: members change the open round; the secretariat finalises."""
    action = request.url_vars["action"]
    needed = "nrikit-committee-manage" if action == "finalise" else "nrikit-committee-act"
    denied = await _gate(datasette, request, needed)
    if denied:
        return denied
    topic = request.url_vars["topic"]
    if request.method != "POST":
        return Response.redirect(f"/panels/{quote(topic)}")
    form = await _form(request)
    if form is None:
        return await _render(datasette, request, "committee_message.html", {"kind": "forbidden"}, status=400)
    app = _app(datasette)
    actor = request.actor
    change = PANEL_ACTIONS[action](form)
    try:
        await app.store.write(lambda db, pipeline: change(db, pipeline, actor, topic))
    except CommitteeError as exc:
        return Response.redirect(f"/panels/{quote(topic)}?error={quote(exc.args[0])}")
    return Response.redirect(f"/panels/{quote(topic)}")


async def tasks(datasette, request):
    denied = await _gate(datasette, request, "nrikit-committee-view")
    if denied:
        return denied
    app = _app(datasette)

    def read(db, _pipeline):
        data = tasks_mod.tasks_data(db)
        data["comments"] = tasks_mod.comments_on(db, "task", [t["id"] for t in data["tasks"]])
        return data

    data = await app.store.read(read)
    data["can_act"] = await _allowed(datasette, request, "nrikit-committee-act")
    data["error"] = _error_key(request)
    return await _render(datasette, request, "committee_tasks.html", data)


async def task_action(datasette, request):
    denied = await _gate(datasette, request, "nrikit-committee-act")
    if denied:
        return denied
    if request.method != "POST":
        return Response.redirect("/tasks")
    form = await _form(request)
    if form is None:
        return await _render(datasette, request, "committee_message.html", {"kind": "forbidden"}, status=400)
    app, actor = _app(datasette), request.actor
    task = request.url_vars.get("task")
    if task is None:
        change = lambda db, p: tasks_mod.add_task(  # noqa: E731
            db, p, actor, form.get("area"), form.get("title"), form.get("owner"), form.get("due")
        )
    else:
        change = lambda db, p: tasks_mod.set_status(db, p, actor, int(task), form.get("status"))  # noqa: E731
    try:
        await app.store.write(change)
    except CommitteeError as exc:
        return Response.redirect(f"/tasks?error={quote(exc.args[0])}")
    return Response.redirect("/tasks")


async def comment(datasette, request):
    """POST /comments: a comment on a topic, a panel round or a task; back to the page it came from."""
    denied = await _gate(datasette, request, "nrikit-committee-act")
    if denied:
        return denied
    form = await _form(request) if request.method == "POST" else None
    if form is None:
        return await _render(datasette, request, "committee_message.html", {"kind": "forbidden"}, status=400)
    app, actor = _app(datasette), request.actor
    back = _safe_next(form.get("next"))
    try:
        await app.store.write(
            lambda db, p: tasks_mod.add_comment(
                db, p, actor, form.get("subject_type"), form.get("subject_id"), form.get("body")
            )
        )
    except CommitteeError as exc:
        sep = "&" if "?" in back else "?"
        return Response.redirect(f"{back.split('#')[0]}{sep}error={quote(exc.args[0])}")
    return Response.redirect(back)


async def account(datasette, request):
    """GET: the change-password form; POST: change it (every role may, observers included)."""
    denied = await _gate(datasette, request, "nrikit-committee-view")
    if denied:
        return denied
    app = _app(datasette)
    if request.method == "GET":
        notice = "account.changed" if request.args.get("done") else None
        return await _render(
            datasette, request, "committee_account.html", {"notice": notice, "error": _error_key(request)}
        )
    form = await _form(request)
    if form is None:
        return await _render(datasette, request, "committee_message.html", {"kind": "forbidden"}, status=400)
    actor, token = request.actor, app.token_from(request.cookies.get(COOKIE))
    try:
        await app.store.write(
            lambda db, _p: change_password(
                db, actor, form.get("current", ""), form.get("new", ""), form.get("confirm", ""), token
            )
        )
    except CommitteeError as exc:
        return Response.redirect(f"/account?error={quote(exc.args[0])}")
    return Response.redirect("/account?done=1")


async def not_found(datasette, request):
    return await _render(datasette, request, "committee_message.html", {"kind": "notfound"}, status=404)


ROUTES = [
    (r"^/$", dashboard),
    (r"^/sign-in$", sign_in),
    (r"^/sign-out$", sign_out),
    (r"^/language$", language),
    (r"^/account$", account),
    (r"^/committee\.css$", stylesheet),
    (r"^/topics$", topics),
    (r"^/topics/(?P<topic>[^/]+)/(?P<action>vote|open|close)$", topic_action),
    (r"^/tasks$", tasks),
    (r"^/tasks/add$", task_action),
    (r"^/tasks/(?P<task>[0-9]+)/status$", task_action),
    (r"^/comments$", comment),
    (r"^/panels$", panels),
    (r"^/panels/(?P<topic>[^/]+)$", panel),
    (r"^/panels/(?P<topic>[^/]+)/(?P<action>add|remove|swap|round|adopt|nominate|finalise)$", panel_action),
]
