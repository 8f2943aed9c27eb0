"""``sprintkit serve CASUS``: the participant page and the projector on the local network.

Contract with the notebook side (``app.deelnemers()`` starts this as a subprocess): the first
line on stdout is one JSON object ``{"url", "join", "code", "pid", "lang"}``, flushed; then log
lines in the room's language. SIGTERM and SIGINT stop the server cleanly.

Behind JupyterHub (``deploy/jupyterhub_config.py``) the notebook's environment names the
facilitator's port (``SPRINTKIT_SERVE_PORT``), prefix (``SPRINTKIT_SERVE_PREFIX``,
``/services/sprintkit-NAME``) and public address (``SPRINTKIT_SERVE_URL``), so ``url`` and
``join`` are the hub's ``https://HOST/services/sprintkit-NAME/...``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Any

import typer

from .cli_options import CasusArg, JourneyOpt, StoreOpt

__all__ = ["register", "serve"]


class _Lang(StrEnum):
    nl = "nl"
    en = "en"


def serve(
    casus: CasusArg,
    store: StoreOpt = None,
    journey: JourneyOpt = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8765,
    code: Annotated[
        str | None, typer.Option("--code", help="Join code (default: a fresh XXXX-XXXX).")
    ] = None,
    public_url: Annotated[
        str | None,
        typer.Option(
            "--public-url",
            envvar="SPRINTKIT_SERVE_URL",
            help="Where phones reach the server when a proxy is in front (https://...); "
            "the QR code and join link use it (default: http://HOST:PORT and the prefix).",
        ),
    ] = None,
    prefix: Annotated[
        str | None,
        typer.Option(
            "--prefix",
            envvar="SPRINTKIT_SERVE_PREFIX",
            help="Serve everything under this path, for a proxy that passes it on "
            "(JupyterHub: /services/sprintkit-NAME); a hub service's own prefix by default.",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        _Lang | None,
        typer.Option(
            "--lang",
            help="The room's language, nl or en (default: the global --lang); "
            "each phone may choose its own.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the participant page (phones) and the projector (/scherm) for a journey."""
    import uvicorn  # lazy: only serving needs the web server

    from ._gc import freeze_loaded
    from .cli import state
    from .errors import SprintkitError
    from .i18n import Message, t
    from .serve import make_app
    from .serve.address import hub_prefix, normalise_prefix, public_address
    from .stores import ref_of
    from .workspace import open_journey

    room_lang = lang.value if lang is not None else state.lang
    state.lang = room_lang  # a refusal below is worded in the room's language too
    path = normalise_prefix(prefix if prefix is not None else hub_prefix(os.environ))
    url = public_address(public_url, host, port, path)
    journey_obj = open_journey(casus, journey, store=store)  # refuses a missing store in Dutch
    ref = ref_of(journey_obj.store)  # the file or URL it came from (SPRINTKIT_STORE too)
    if ref is None:
        raise SprintkitError(Message("serve.missing_store", path=store))
    journey_obj.store.close()  # type: ignore[attr-defined]  # the server opens its own
    app = make_app(
        journey_obj.casus, ref, journey_obj.id, code=code, base_url=url, lang=room_lang, prefix=path
    )
    room = app.state.room
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=5,  # pages waiting for a change are not waited for long
    )
    server = _quiet_server(uvicorn, config, app.state.wake_all)
    freeze_loaded()  # what is loaded now lives as long as the server: out of full collections
    first = {"url": url, "join": app.state.join_url, "code": room.code, "pid": os.getpid()}
    first["lang"] = room_lang
    sys.stdout.write(json.dumps(first) + "\n")
    sys.stdout.flush()
    typer.echo(t("serve.listening", room_lang, url=url, code=room.code))
    server.run()  # SIGTERM and SIGINT: finish the open requests, close the store, stop
    typer.echo(t("serve.stopped", room_lang))


def _quiet_server(uvicorn: Any, config: Any, on_exit: Any) -> Any:
    """A uvicorn server that stops on SIGTERM/SIGINT and then returns (exit code 0).

    uvicorn re-raises a caught signal after shutting down, so the process would die by it;
    the notebook side waits for a clean exit. ``on_exit`` answers the pages that wait for a
    change (PostgreSQL's push), so the open requests end at once.
    """

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            def stop(sig: int, frame: Any) -> None:
                on_exit()
                self.handle_exit(sig, frame)

            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, stop)
            yield

    return Server(config)


def register(app: typer.Typer) -> None:
    """Add ``sprintkit serve`` to the main app."""
    app.command("serve")(serve)
