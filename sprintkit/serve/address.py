"""Where phones reach the participant server: its path prefix and its public address.

Behind JupyterHub's proxy the server lives under a path of the hub
(``/services/sprintkit-anna``), and the proxy passes that path on as it is: the server itself
answers under the prefix and nowhere else (:func:`sprintkit.serve.make_app`'s ``prefix``).
Pure: no Starlette here; ``sprintkit serve`` checks its options with it before it opens the
journey.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from ..errors import SprintkitError
from ..i18n import Message

__all__ = ["PREFIX_ENV", "normalise_prefix", "hub_prefix", "public_address"]

#: the environment variable ``sprintkit serve --prefix`` reads (the hub sets it per facilitator)
PREFIX_ENV = "SPRINTKIT_SERVE_PREFIX"
#: one path segment of a prefix: letters, digits and the few marks user names carry
_SEGMENT = re.compile(r"[A-Za-z0-9._~@+-]+")


def normalise_prefix(text: str | None) -> str:
    """``""`` (no prefix) or ``/a/b``: a leading slash and none at the end.

    Refused (a :class:`~sprintkit.errors.SprintkitError`) when a segment is empty, ``.`` or
    ``..``, or holds a character that would need quoting in a URL.

    Examples:
        >>> normalise_prefix("services/sprintkit-anna/")
        '/services/sprintkit-anna'
        >>> normalise_prefix("/")
        ''
    """
    stripped = (text or "").strip().strip("/")
    if not stripped:
        return ""
    segments = stripped.split("/")
    for segment in segments:
        if not _SEGMENT.fullmatch(segment) or segment in (".", ".."):
            raise SprintkitError(Message("serve.bad_prefix", prefix=text))
    return "/" + "/".join(segments)


def hub_prefix(environ: Mapping[str, str]) -> str | None:
    """JupyterHub's prefix for a participant server the hub started itself as a service.

    The hub gives every process it starts ``JUPYTERHUB_SERVICE_PREFIX``, a facilitator's own
    JupyterLab too (``/user/anna/``): a participant server started from a notebook inherits
    that one, which is not its own. Only a process the hub started as a service (it then also
    has ``JUPYTERHUB_SERVICE_NAME``) takes it.
    """
    if environ.get("JUPYTERHUB_SERVICE_NAME"):
        return environ.get("JUPYTERHUB_SERVICE_PREFIX") or None
    return None


def public_address(public: str | None, host: str, port: int, prefix: str) -> str:
    """The address phones open (the QR code's and the join link's), without a final slash.

    Without ``public``: ``http://HOST:PORT`` and the prefix. With a prefix, ``public`` is
    the proxy's address (``https://hub.gemeente.nl``; the prefix is added) or that address
    with the prefix already on it; another path is refused, because a proxy that passes the
    path on as it is (JupyterHub's) reaches the server only under its prefix.

    Examples:
        >>> public_address("https://hub.gemeente.nl/", "127.0.0.1", 8800, "/services/sk")
        'https://hub.gemeente.nl/services/sk'
        >>> public_address(None, "127.0.0.1", 8765, "")
        'http://127.0.0.1:8765'
    """
    if not public:
        return f"http://{host}:{port}{prefix}"
    url = public.strip().rstrip("/")
    if not prefix:
        return url
    path = urlsplit(url).path
    if path == "":
        return url + prefix
    if path == prefix:
        return url
    raise SprintkitError(Message("serve.public_url_prefix", url=public, prefix=prefix))
