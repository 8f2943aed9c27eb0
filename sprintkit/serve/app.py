"""The Starlette app: the participant page, the projector and their JSON API.

Every request that touches the journey runs on one worker thread (:meth:`_Server.call`), so
the journey, its store and the device map are used by one thread only and commands are never
interleaved; the event loop stays free for the other phones' polls meanwhile. Commands that
wait for the worker together run as one transaction (group commit, :meth:`_Server.write`):
one lock, one catch-up read, one commit, and each phone answered once the commit returned.

Push: with a store that tells of changes itself (PostgreSQL's LISTEN/NOTIFY), one thread waits
for the journey's changes (:meth:`_Server.watch`) and a page's poll that has seen the latest
(``?sinds=`` the journey's ``seq``) is held until the next change or :data:`LONG_POLL` seconds;
the answer says ``"push": true`` and the page asks again at once. An SQLite store is polled
as before: each poll is answered at once.

Prefix: behind JupyterHub's proxy the server answers under a path of the hub
(``make_app(prefix="/services/sprintkit-anna")``, ``sprintkit serve --prefix``); the proxy passes
the whole path on, so the routes are mounted under it (Starlette's ``Mount``) and nothing else
is served. Every link, form, redirect, the pages' API addresses and the cookies' ``Path`` come
from the routes' names (``url("join")`` in templates, :meth:`_Server.url` here), never from a
written path, so they carry the prefix; without one everything is at ``/`` as before.

Language: the room has one (``make_app(lang=...)``, ``sprintkit serve --lang``); a phone may
choose its own with ``?lang=en`` (the "English / Nederlands" link), kept in the ``lang``
cookie; the projector follows ``?lang=`` or the room's. Pages, JSON parts and refusals are
worded in the language of whoever asked.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import threading
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs

import jinja2
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from ..errors import SprintkitError
from ..i18n import LANGS, Message, t
from ..stores import is_url
from .address import normalise_prefix
from .devices import Device, csrf_ok
from .room import Refused, Room

__all__ = ["make_app", "COOKIE", "LANG_COOKIE", "MAX_BODY", "HEADERS"]

T = TypeVar("T")

COOKIE = "sk_apparaat"
#: the language a phone chose (not secret: the page's own link sets it)
LANG_COOKIE = "lang"
#: the largest request body a phone may send (a note is at most 500 characters)
MAX_BODY = 8 * 1024
#: how long a poll that has seen the latest waits for a change (stores that push only)
LONG_POLL = 20.0
#: the most commands one transaction takes (group commit; see :meth:`_Server.write`)
BATCH = 64
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class _SecurityHeaders:
    """Adds :data:`HEADERS` to every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _templates(url: Callable[..., str]) -> jinja2.Environment:
    folder = resources.files(__package__) / "templates"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,  # every template is HTML: all text a person typed is escaped
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["t"] = _t
    env.globals["url"] = url  # url("join"), url("static", path="sprintkit.css"): prefix included
    return env


@jinja2.pass_context
def _t(context: jinja2.runtime.Context, key: str, /, **values: Any) -> str:
    """``t(key, **values)`` in a template: the text in the page's ``lang``."""
    return t(key, context["lang"], **values)


class _Server:
    """The routes over one :class:`Room`."""

    def __init__(self, room: Room, base_url: str):
        self.room, self.base_url = room, base_url
        #: the app's ``url_path_for`` (set by :func:`make_app` once the routes are mounted)
        self.url_path_for: Callable[..., Any] | None = None
        self.urls: dict[tuple[Any, ...], str] = {}  # (name, *params) -> path: see url()
        self.env = _templates(self.url)
        self.face_templates: dict[str, jinja2.Template] = {}
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sprintkit-room")
        # group commit: the commands waiting for the worker, and whether a job to run them is
        # queued on it (both guarded by the lock: the loop adds, the worker takes)
        self.queue: list[tuple[Callable[[], Any], Future[Any]]] = []
        self.queue_lock = threading.Lock()
        self.draining = False
        # push (stores that tell of changes): the journey's newest seq as the watcher last
        # heard it, and the event the waiting polls wait on (replaced after every change)
        self.seq: int | None = None
        self.changed: asyncio.Event | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.stopping = False

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)`` on the room's worker thread as one request (one catch-up)."""
        return await asyncio.get_running_loop().run_in_executor(
            self.pool, partial(self._in_request, fn, *args)
        )

    def _in_request(self, fn: Callable[..., T], *args: Any) -> T:
        with self.room.request():
            return fn(*args)

    async def write(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on the worker thread as a command: checks and writes under one lock.

        Group commit: commands that wait for the worker together run in one transaction
        (:meth:`Room.commands`, at most :data:`BATCH` of them); each caller gets its own result
        or its own refusal, once the commit returned.
        """
        done: Future[T] = Future()
        with self.queue_lock:
            self.queue.append((fn, done))
            if not self.draining:  # else the job that is queued takes this command too
                try:
                    self.pool.submit(self.drain)
                except RuntimeError:  # the server stops: the worker takes nothing more
                    self.queue.pop()
                    raise
                self.draining = True
        return await asyncio.wrap_future(done)

    def drain(self) -> None:
        """On the worker thread: run the commands waiting (up to :data:`BATCH`) as one batch."""
        with self.queue_lock:
            batch, self.queue[:] = self.queue[:BATCH], self.queue[BATCH:]
            if self.queue:  # more than a batch: the next job comes after the polls queued now
                self.pool.submit(self.drain)
            else:  # a command that comes from now on starts the next job
                self.draining = False
        if not batch:
            return
        outcomes = self.room.commands([fn for fn, _ in batch])
        for (_, done), (ok, value) in zip(batch, outcomes, strict=True):
            if ok:
                done.set_result(value)
            else:
                done.set_exception(value)

    # -- push ------------------------------------------------------------------------------
    async def start_watching(self) -> None:
        """When the store pushes changes, start the one thread that waits for them."""
        if not is_url(self.room.store):
            return  # SQLite: pages poll, each poll answered at once
        try:
            store = await self.call(lambda: self.room.journey.store)
            self.seq = await self.call(lambda: self.room.journey.last_seq)
        except SprintkitError:
            return  # the first page words the problem
        if not getattr(store, "pushes_changes", False):
            return
        self.room.heard = self.seq  # requests read the store only when told of a change
        self.loop, self.changed = asyncio.get_running_loop(), asyncio.Event()
        threading.Thread(
            target=self.watch, args=(store, self.seq), daemon=True, name="sprintkit-listen"
        ).start()

    def watch(self, store: Any, since: int) -> None:
        """On its own thread: wait for the journey's changes and tell the loop of each."""
        while not self.stopping:
            try:
                seq = int(store.wait_for_change(self.room.journey_id, since, LONG_POLL))
            except SprintkitError:
                self.room.heard = None  # deaf meanwhile: every request reads the store again
                time.sleep(1.0)  # a lost connection: the store connects again on the next call
                continue
            self.room.heard = seq  # before the loop hears of it: the next request reads it
            if seq != since and self.loop is not None:
                since = seq
                self.loop.call_soon_threadsafe(self.tell, seq)

    def tell(self, seq: int | None) -> None:
        """On the loop: a change (or the end): wake every waiting poll."""
        self.seq = seq
        if self.changed is not None:
            self.changed.set()
            self.changed = asyncio.Event()

    def wake_all(self) -> None:
        """The server stops: answer the waiting polls now (safe from a signal handler)."""
        self.stopping = True
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.tell, self.seq)

    async def held(self, request: Request) -> None:
        """Hold a poll that has seen the latest (``sinds`` = the seq) until a change or timeout."""
        event = self.changed
        if event is None or self.stopping or request.query_params.get("sinds") != str(self.seq):
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), LONG_POLL)

    def url(self, name: str, /, **params: Any) -> str:
        """The path of route ``name`` (``home``, ``join``, ``static``...), prefix included.

        Remembered: the routes do not change once mounted, and Starlette's lookup tries every
        route in turn (a page of 40 notes with a vote form each asked it 80 times).
        """
        key = (name, *sorted(params.items()))
        found = self.urls.get(key)
        if found is None:
            assert self.url_path_for is not None, "make_app mounts the routes first"
            found = self.urls[key] = str(self.url_path_for(name, **params))
        return found

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def client(request: Request) -> str:
        return request.client.host if request.client else "?"

    @staticmethod
    def wants_json(request: Request) -> bool:
        return "application/json" in request.headers.get("accept", "")

    def lang(self, request: Request, *, cookie: bool = True) -> str:
        """The language asked for: ``?lang=``, else the ``lang`` cookie, else the room's."""
        asked = request.query_params.get("lang")
        if asked in LANGS:
            return str(asked)
        kept = request.cookies.get(LANG_COOKIE) if cookie else None
        return kept if kept in LANGS else self.room.lang

    def keep_lang(self, request: Request, response: Response) -> Response:
        """Remember a ``?lang=`` the page was opened with in the ``lang`` cookie."""
        asked = request.query_params.get("lang")
        if asked in LANGS:
            response.set_cookie(
                LANG_COOKIE,
                str(asked),
                max_age=365 * 24 * 3600,
                path=self.url("home"),  # under a prefix: not sent to the hub or other servers
                samesite="strict",
            )
        return response

    async def fields(self, request: Request) -> dict[str, str]:
        """The POSTed fields (form or JSON), refused above :data:`MAX_BODY` bytes."""
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            raise Refused(413, Message("serve.too_large"))
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise Refused(413, Message("serve.too_large"))
        try:
            if request.headers.get("content-type", "").startswith("application/json"):
                data = json.loads(body or b"{}")
                return {str(k): str(v) for k, v in dict(data).items()}
            parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        except (ValueError, TypeError):
            raise Refused(400, Message("serve.bad_request")) from None
        return {k: v[-1] for k, v in parsed.items()}

    def checked(self, request: Request, given: str | None) -> Device:
        """The device of a POST: joined, CSRF token right, not over its rate limit."""
        device = self.room.device(request.cookies.get(COOKIE))
        if not csrf_ok(device, given or request.headers.get("x-csrf-token")):
            raise Refused(403, Message("serve.bad_csrf"))
        if not self.room.post_limit.hit(device.person):
            raise Refused(429, Message("serve.too_many_posts"))
        return device

    def phone_part(self, device: Device, lang: str) -> tuple[dict[str, Any], str]:
        stand = self.room.stand(device, lang)
        phone_html = Markup("")
        if stand.get("phone") is not None:
            found = self.room.phone_face()
            if found is not None:
                template = self.face_template(found[1].template)
                phone_html = Markup(
                    template.render(view=stand["phone"], csrf=device.csrf, lang=lang)
                )
        html = self.render(
            "phone_part.html", stand=stand, csrf=device.csrf, phone_html=phone_html, lang=lang
        )
        return stand, html

    def face_template(self, source: str) -> jinja2.Template:
        """A phone face's fragment, compiled once (autoescaped like every template here)."""
        if source not in self.face_templates:
            self.face_templates[source] = self.env.from_string(source)
        return self.face_templates[source]

    def screen_part(self, lang: str) -> tuple[dict[str, Any], str]:
        screen = self.room.screen(lang)
        ends = screen["ends"]
        face_html = Markup("")
        if screen.get("face") is not None:
            found = self.room.phone_face()
            if found is not None and found[1].screen_template:
                template = self.face_template(found[1].screen_template)
                face_html = Markup(template.render(view=screen["face"], lang=lang))
        context = {
            "lang": lang,
            "screen": screen,
            "face_html": face_html,
            "qr": Markup(_qr(self.join_url())) if screen["stage"] == "join" else "",
            "base_url": self.base_url,
            "ends_ms": int(datetime.fromisoformat(ends).timestamp() * 1000) if ends else None,
            "now_ms": int(datetime.now(UTC).timestamp() * 1000),
        }
        return screen, self.render("screen_part.html", **context)

    def join_url(self) -> str:
        """The join link of the QR code: the public address (prefix included) and ``/join``."""
        return f"{self.base_url}/join?code={self.room.code}"

    # -- pages -----------------------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        lang = self.lang(request)

        def page() -> Response:
            try:
                device = self.room.device(request.cookies.get(COOKIE))
            except Refused as exc:
                if exc.removed:
                    html = self.render("join.html", error=exc.text(lang), lang=lang)
                    return HTMLResponse(html, 403)
                return HTMLResponse(self.render("join.html", code="", lang=lang))
            stand, part = self.phone_part(device, lang)
            name = self.room.journey.state.roster[device.person].name
            html = self.render(
                "phone.html",
                lang=lang,
                stand=stand,
                part=Markup(part),  # rendered (and escaped) by phone_part.html
                person_name=name,
                csrf=device.csrf,
                hash=_hash(part),
                error=request.query_params.get("fout"),
            )
            return HTMLResponse(html)

        return self.keep_lang(request, await self.call(page))

    async def join_page(self, request: Request) -> Response:
        code = request.query_params.get("code", "")[:20]
        html = self.render("join.html", code=code, lang=self.lang(request))
        return self.keep_lang(request, HTMLResponse(html))

    async def join(self, request: Request) -> Response:
        fields = await self.fields(request)
        lang = self.lang(request)

        def work() -> Response:
            try:
                if not self.room.code_ok(fields.get("code"), self.client(request)):
                    raise Refused(403, Message("serve.bad_code"))
            except Refused as exc:
                if self.wants_json(request):
                    return JSONResponse({"error": exc.text(lang)}, exc.status)
                html = self.render("join.html", error=exc.text(lang), lang=lang)
                return HTMLResponse(html, exc.status)
            token, device = self.room.join(fields.get("name"), lang)
            response: Response
            if self.wants_json(request):
                response = JSONResponse({"person": device.person, "csrf": device.csrf})
            else:
                response = RedirectResponse(self.url("home"), 303)
            response.set_cookie(
                COOKIE,
                token,
                max_age=7 * 24 * 3600,
                path=self.url("home"),
                httponly=True,
                samesite="strict",
            )
            return response

        return await self.write(work)

    async def screen(self, request: Request) -> Response:
        lang = self.lang(request, cookie=False)  # the projector: ?lang= or the room's
        asked = request.query_params.get("lang") in LANGS
        api = self.url("screen_api") + (f"?lang={lang}" if asked else "")

        def page() -> Response:
            screen, part = self.screen_part(lang)
            html = self.render(
                "screen.html",
                lang=lang,
                api=api,
                screen=screen,
                part=Markup(part),
                hash=_hash(part),
            )
            return HTMLResponse(html)

        return await self.call(page)

    # -- API -------------------------------------------------------------------------------
    async def stand(self, request: Request) -> Response:
        lang = self.lang(request)
        await self.held(request)
        push = self.changed is not None

        def work() -> Response:
            device = self.room.device(request.cookies.get(COOKIE))
            stand, part = self.phone_part(device, lang)
            data = {**stand, "lang": lang, "html": part, "hash": _hash(part), "push": push}
            return JSONResponse(data)

        return await self.call(work)

    async def screen_api(self, request: Request) -> Response:
        lang = self.lang(request, cookie=False)
        await self.held(request)
        push = self.changed is not None

        def work() -> Response:
            screen, part = self.screen_part(lang)
            data = {**screen, "lang": lang, "html": part, "hash": _hash(part), "push": push}
            return JSONResponse(data)

        return await self.call(work)

    async def note(self, request: Request) -> Response:
        fields = await self.fields(request)

        def work() -> dict[str, Any]:
            device = self.checked(request, fields.get("csrf"))
            personal = fields.get("personal", "").lower() in ("1", "true", "on", "ja")
            return {"note": self.room.add_note(device, fields.get("text", ""), personal)}

        return await self.command(request, work)

    async def vote(self, request: Request) -> Response:
        fields = await self.fields(request)

        def work() -> dict[str, Any]:
            device = self.checked(request, fields.get("csrf"))
            self.room.vote(device, fields.get("note", ""))
            return {"ok": True}

        return await self.command(request, work)

    async def canvas(self, request: Request) -> Response:
        fields = await self.fields(request)

        def work() -> dict[str, Any]:
            device = self.checked(request, fields.get("csrf"))
            return self.room.canvas_act(device, fields)

        return await self.command(request, work)

    async def command(self, request: Request, work: Callable[[], dict[str, Any]]) -> Response:
        """Run a command; a refusal is JSON for the script, a page with the message otherwise."""
        json_wanted = self.wants_json(request)
        try:
            data = await self.write(work)
        except Refused as exc:
            if json_wanted:
                return JSONResponse({"error": exc.text(self.lang(request))}, exc.status)
            return self.refusal_page(request, exc)
        if json_wanted:
            return JSONResponse(data)
        return RedirectResponse(self.url("home"), 303)

    def refusal_page(self, request: Request, exc: Refused) -> Response:
        """A refused form without the script: the join page (403) or the page with the message."""
        lang = self.lang(request)
        if exc.status == 403:
            return HTMLResponse(self.render("join.html", error=exc.text(lang), lang=lang), 403)
        return RedirectResponse(self.url("home") + "?" + _query(fout=exc.text(lang)), 303)

    async def refused(self, request: Request, exc: Exception) -> Response:
        """A refusal raised outside a command (too large, not joined): JSON for the API."""
        assert isinstance(exc, Refused)
        text = exc.text(self.lang(request))
        api = self.url("stand").removesuffix("stand")  # the API's folder, prefix included
        if request.url.path.startswith(api) or self.wants_json(request):
            return JSONResponse({"error": text}, exc.status)
        return HTMLResponse(f"<p>{escape(text)}</p>", exc.status)


def _query(**values: str) -> str:
    from urllib.parse import urlencode

    return urlencode(values)


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


def _qr(url: str) -> str:
    import segno  # lazy: only the projector draws the QR code

    return str(segno.make(url, error="m").svg_inline(scale=8, border=2, title=url))


def make_app(
    casus: Any,
    store: Path | str,
    journey_id: str,
    *,
    code: str | None = None,
    base_url: str = "http://127.0.0.1:8765",
    lang: str = "nl",
    prefix: str = "",
) -> Starlette:
    """The participant page and projector for one journey in ``store`` (a file or a URL).

    ``code`` is the join code (a fresh ``XXXX-XXXX`` when not given); ``base_url`` is where
    phones reach the server, prefix included (for the QR code and the join link; see
    :func:`sprintkit.serve.address.public_address`); ``lang`` is the room's language (``nl`` or
    ``en``), which a phone may change for itself; ``prefix`` (``/services/sprintkit-anna``) is
    the path every route is served under, for a proxy that passes the whole path on
    (JupyterHub's): outside it everything is 404. ``app.state.room`` is the :class:`Room`.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    prefix = normalise_prefix(prefix)
    room = Room(casus, store, journey_id, code, lang)
    server = _Server(room, base_url.rstrip("/"))
    static = StaticFiles(directory=str(resources.files(__package__) / "static"))
    # every address a page or a redirect names comes from these names (server.url)
    routes: list[BaseRoute] = [
        Route("/", server.home, name="home"),
        Route("/join", server.join_page, methods=["GET"], name="join"),
        Route("/join", server.join, methods=["POST"], name="join"),
        Route("/scherm", server.screen, name="screen"),
        Route("/api/stand", server.stand, name="stand"),
        Route("/api/scherm", server.screen_api, name="screen_api"),
        Route("/api/notitie", server.note, methods=["POST"], name="note"),
        Route("/api/stem", server.vote, methods=["POST"], name="vote"),
        Route("/api/canvas", server.canvas, methods=["POST"], name="canvas"),
        Mount("/static", static, name="static"),
    ]
    if prefix:  # the proxy passes /services/NAME/... on whole: only that is served
        routes = [Mount(prefix, routes=routes)]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await server.start_watching()
        yield
        server.wake_all()
        await server.call(room.close)
        server.pool.shutdown(wait=True)

    app = Starlette(
        routes=routes,
        middleware=[Middleware(_SecurityHeaders)],
        exception_handlers={Refused: server.refused},
        lifespan=lifespan,
    )
    server.url_path_for = app.url_path_for
    app.state.room = room
    app.state.prefix = prefix
    app.state.join_url = server.join_url()
    app.state.wake_all = server.wake_all
    return app
