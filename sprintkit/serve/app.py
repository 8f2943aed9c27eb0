"""The Starlette app: the participant page, the projector and their JSON API.

Every request that touches the journey runs on one worker thread (:meth:`_Server.call`), so
the journey, its store and the device map are used by one thread only and commands are never
interleaved; the event loop stays free for the other phones' polls meanwhile.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
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
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from ..i18n import t
from .devices import Device, csrf_ok
from .room import Refused, Room

__all__ = ["make_app", "COOKIE", "MAX_BODY", "HEADERS"]

T = TypeVar("T")

COOKIE = "sk_apparaat"
#: the largest request body a phone may send (a note is at most 500 characters)
MAX_BODY = 8 * 1024
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


def _templates() -> jinja2.Environment:
    folder = resources.files(__package__) / "templates"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,  # every template is HTML: all text a person typed is escaped
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["t"] = lambda key, **values: t(key, "nl", **values)
    return env


class _Server:
    """The routes over one :class:`Room`."""

    def __init__(self, room: Room, base_url: str):
        self.room, self.base_url = room, base_url
        self.env = _templates()
        self.face_templates: dict[str, jinja2.Template] = {}
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sprintkit-room")

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.pool, partial(fn, *args))

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)

    # -- helpers ---------------------------------------------------------------------------
    @staticmethod
    def client(request: Request) -> str:
        return request.client.host if request.client else "?"

    @staticmethod
    def wants_json(request: Request) -> bool:
        return "application/json" in request.headers.get("accept", "")

    async def fields(self, request: Request) -> dict[str, str]:
        """The POSTed fields (form or JSON), refused above :data:`MAX_BODY` bytes."""
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            raise Refused(413, t("serve.too_large", None))
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                raise Refused(413, t("serve.too_large", None))
        try:
            if request.headers.get("content-type", "").startswith("application/json"):
                data = json.loads(body or b"{}")
                return {str(k): str(v) for k, v in dict(data).items()}
            parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        except (ValueError, TypeError):
            raise Refused(400, t("serve.bad_request", None)) from None
        return {k: v[-1] for k, v in parsed.items()}

    def checked(self, request: Request, given: str | None) -> Device:
        """The device of a POST: joined, CSRF token right, not over its rate limit."""
        device = self.room.device(request.cookies.get(COOKIE))
        if not csrf_ok(device, given or request.headers.get("x-csrf-token")):
            raise Refused(403, t("serve.bad_csrf", None))
        if not self.room.post_limit.hit(device.person):
            raise Refused(429, t("serve.too_many_posts", None))
        return device

    def phone_part(self, device: Device) -> tuple[dict[str, Any], str]:
        stand = self.room.stand(device)
        phone_html = Markup("")
        if stand.get("phone") is not None:
            found = self.room.phone_face()
            if found is not None:
                template = self.face_template(found[1].template)
                phone_html = Markup(template.render(view=stand["phone"], csrf=device.csrf))
        html = self.render("phone_part.html", stand=stand, csrf=device.csrf, phone_html=phone_html)
        return stand, html

    def face_template(self, source: str) -> jinja2.Template:
        """A phone face's fragment, compiled once (autoescaped like every template here)."""
        if source not in self.face_templates:
            self.face_templates[source] = self.env.from_string(source)
        return self.face_templates[source]

    def screen_part(self) -> tuple[dict[str, Any], str]:
        screen = self.room.screen()
        ends = screen["ends"]
        context = {
            "screen": screen,
            "qr": Markup(_qr(self.join_url())) if screen["stage"] == "join" else "",
            "base_url": self.base_url,
            "ends_ms": int(datetime.fromisoformat(ends).timestamp() * 1000) if ends else None,
            "now_ms": int(datetime.now(UTC).timestamp() * 1000),
        }
        return screen, self.render("screen_part.html", **context)

    def join_url(self) -> str:
        return f"{self.base_url}/join?code={self.room.code}"

    # -- pages -----------------------------------------------------------------------------
    async def home(self, request: Request) -> Response:
        def page() -> Response:
            try:
                device = self.room.device(request.cookies.get(COOKIE))
            except Refused as exc:
                if exc.removed:
                    return HTMLResponse(self.render("join.html", error=exc.message), 403)
                return HTMLResponse(self.render("join.html", code=""))
            stand, part = self.phone_part(device)
            name = self.room.journey.state.roster[device.person].name
            html = self.render(
                "phone.html",
                stand=stand,
                part=Markup(part),  # rendered (and escaped) by phone_part.html
                person_name=name,
                csrf=device.csrf,
                hash=_hash(part),
                error=request.query_params.get("fout"),
            )
            return HTMLResponse(html)

        return await self.call(page)

    async def join_page(self, request: Request) -> Response:
        code = request.query_params.get("code", "")[:20]
        return HTMLResponse(self.render("join.html", code=code))

    async def join(self, request: Request) -> Response:
        fields = await self.fields(request)

        def work() -> Response:
            if not self.room.code_ok(fields.get("code"), self.client(request)):
                html = self.render("join.html", error=t("serve.bad_code", None))
                return HTMLResponse(html, 403)
            token, device = self.room.join(fields.get("name"))
            response: Response
            if self.wants_json(request):
                response = JSONResponse({"person": device.person, "csrf": device.csrf})
            else:
                response = RedirectResponse("/", 303)
            response.set_cookie(
                COOKIE, token, max_age=7 * 24 * 3600, httponly=True, samesite="strict"
            )
            return response

        return await self.call(work)

    async def screen(self, request: Request) -> Response:
        def page() -> Response:
            screen, part = self.screen_part()
            html = self.render("screen.html", screen=screen, part=Markup(part), hash=_hash(part))
            return HTMLResponse(html)

        return await self.call(page)

    # -- API -------------------------------------------------------------------------------
    async def stand(self, request: Request) -> Response:
        def work() -> Response:
            device = self.room.device(request.cookies.get(COOKIE))
            stand, part = self.phone_part(device)
            return JSONResponse({**stand, "html": part, "hash": _hash(part)})

        return await self.call(work)

    async def screen_api(self, request: Request) -> Response:
        def work() -> Response:
            screen, part = self.screen_part()
            return JSONResponse({**screen, "html": part, "hash": _hash(part)})

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
        try:
            data = await self.call(work)
        except Refused as exc:
            if self.wants_json(request):
                return JSONResponse({"error": exc.message}, exc.status)
            return _refusal_page(self, exc)
        if self.wants_json(request):
            return JSONResponse(data)
        return RedirectResponse("/", 303)


def _refusal_page(server: _Server, exc: Refused) -> Response:
    html = server.render("join.html", error=exc.message) if exc.status == 403 else None
    if html is not None:
        return HTMLResponse(html, exc.status)
    return RedirectResponse("/?" + _query(fout=exc.message), 303)


def _query(**values: str) -> str:
    from urllib.parse import urlencode

    return urlencode(values)


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:16]


def _qr(url: str) -> str:
    import segno  # lazy: only the projector draws the QR code

    return str(segno.make(url, error="m").svg_inline(scale=8, border=2, title=url))


async def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Refused)
    if request.url.path.startswith("/api/") or "application/json" in request.headers.get(
        "accept", ""
    ):
        return JSONResponse({"error": exc.message}, exc.status)
    return HTMLResponse(f"<p>{escape(exc.message)}</p>", exc.status)


def make_app(
    casus: Any,
    store_path: Path | str,
    journey_id: str,
    *,
    code: str | None = None,
    base_url: str = "http://127.0.0.1:8765",
) -> Starlette:
    """The participant page and projector for one journey in the store at ``store_path``.

    ``code`` is the join code (a fresh ``XXXX-XXXX`` when not given); ``base_url`` is where
    phones reach the server (for the QR code). ``app.state.room`` is the :class:`Room`.
    """
    room = Room(casus, store_path, journey_id, code)
    server = _Server(room, base_url.rstrip("/"))
    static = StaticFiles(directory=str(resources.files(__package__) / "static"))
    routes = [
        Route("/", server.home),
        Route("/join", server.join_page, methods=["GET"]),
        Route("/join", server.join, methods=["POST"]),
        Route("/scherm", server.screen),
        Route("/api/stand", server.stand),
        Route("/api/scherm", server.screen_api),
        Route("/api/notitie", server.note, methods=["POST"]),
        Route("/api/stem", server.vote, methods=["POST"]),
        Route("/api/canvas", server.canvas, methods=["POST"]),
        Mount("/static", static, name="static"),
    ]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await server.call(room.close)
        server.pool.shutdown(wait=True)

    app = Starlette(
        routes=routes,
        middleware=[Middleware(_SecurityHeaders)],
        exception_handlers={Refused: _refused},
        lifespan=lifespan,
    )
    app.state.room = room
    app.state.join_url = server.join_url()
    return app
