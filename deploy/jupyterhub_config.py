"""JupyterHub for a municipality's sprintkit: one account per facilitator, one shared store.

Read by ``jupyterhub -f deploy/jupyterhub_config.py`` (see ``docs/deployment.md``). Settings
that differ per municipality come from the environment, so this file can stay as it is:

``SPRINTKIT_HUB_FACILITATORS``  comma-separated user names of the facilitators
``SPRINTKIT_HUB_PRIVACY``       comma-separated user names of the privacy officers
``SPRINTKIT_HUB_ADMINS``        comma-separated user names of the hub's administrators
``SPRINTKIT_DB_HOST``           the PostgreSQL server (``db.gemeente.local``)
``SPRINTKIT_DB_NAME``           its database (``sprintkit``)
``SPRINTKIT_PUBLIC_HOST``       the hub's public host name, phones use it too (``hub.gemeente.nl``)
``SPRINTKIT_NOTEBOOKS``         the folder with sprintkit's notebooks (copied per user)
``SPRINTKIT_HUB_FIRST_PORT``    the first facilitator's participant server port (``8800``)

Each facilitator's server gets ``SPRINTKIT_STORE`` naming the shared database *as that user*
(a PostgreSQL role of the same name; the password in the user's ``~/.pgpass`` or a client
certificate, never in this file), so the database, not the hub, decides who may write.
Privacy officers get the same store URL with their own read-only role and the ``vergeet`` /
``opruimen`` commands (their role has the rights erasure needs; see the deployment guide).
Each facilitator's participant server is a JupyterHub service behind the hub's own proxy:
``sprintkit-NAME`` at ``/services/sprintkit-NAME/``, forwarded to a loopback port of their own
(8800 and up, in the order of the sorted names). Their notebook gets that port
(``SPRINTKIT_SERVE_PORT``), the path (``SPRINTKIT_SERVE_PREFIX``, which the proxy passes on
whole) and the public address (``SPRINTKIT_SERVE_URL``,
``https://SPRINTKIT_PUBLIC_HOST/services/sprintkit-NAME``), so the join link and QR code the
participants panel shows lead phones through the hub's TLS address. The proxy asks no login
for a service: participants' phones are no hub users, the join code keeps strangers out.
"""

# ruff: noqa: F821  (``c`` is the configuration object JupyterHub passes in)
from __future__ import annotations

import os

from jupyterhub import version_info


def _names(variable: str) -> set[str]:
    return {name.strip() for name in os.environ.get(variable, "").split(",") if name.strip()}


facilitators = _names("SPRINTKIT_HUB_FACILITATORS")
privacy_officers = _names("SPRINTKIT_HUB_PRIVACY")
admins = _names("SPRINTKIT_HUB_ADMINS")
db_host = os.environ.get("SPRINTKIT_DB_HOST", "localhost")
db_name = os.environ.get("SPRINTKIT_DB_NAME", "sprintkit")
public_host = os.environ.get("SPRINTKIT_PUBLIC_HOST", "hub.gemeente.nl")
notebooks = os.environ.get("SPRINTKIT_NOTEBOOKS", "/opt/sprintkit/notebooks")
first_port = int(os.environ.get("SPRINTKIT_HUB_FIRST_PORT", "8800"))
base_url = "/"  # the hub's own path on its host; the services' paths are under it

c = get_config()

# -- who may log in: the municipality's accounts (PAM here; OAuth/OIDC for single sign-on) ----
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = facilitators | privacy_officers
c.Authenticator.admin_users = admins

# -- behind the municipality's TLS proxy: the hub itself listens on loopback only -------------
c.JupyterHub.bind_url = "http://127.0.0.1:8000"
c.JupyterHub.base_url = base_url
c.JupyterHub.cookie_secret_file = "/srv/jupyterhub/jupyterhub_cookie_secret"
c.JupyterHub.db_url = "sqlite:////srv/jupyterhub/jupyterhub.sqlite"  # the hub's own state

# -- groups and roles: facilitators and privacy officers use only their own server -----------
c.JupyterHub.load_groups = {
    "facilitators": {"users": sorted(facilitators)},
    "privacy": {"users": sorted(privacy_officers)},
}
c.JupyterHub.load_roles = [
    {"name": "user", "scopes": ["self"]},  # nobody sees another person's server or notebooks
]

# -- each user's server: JupyterLab on sprintkit's notebooks, the shared store ---------------
c.Spawner.default_url = "/lab/tree/00-start-hier.ipynb"
c.Spawner.notebook_dir = "~/sprintkit"
c.Spawner.args = ["--ServerApp.terminals_enabled=False"]  # the notebooks are the work place
c.Spawner.cmd = ["jupyterhub-singleuser"]

# -- each facilitator's participant server: a service at /services/sprintkit-NAME/ ----------
#: a loopback port per facilitator: the first port + their place in the sorted list
serve_ports = {user: first_port + place for place, user in enumerate(sorted(facilitators))}


def _service(user: str) -> str:
    return f"sprintkit-{user}"


def _prefix(user: str) -> str:
    """The path the hub's proxy gives the service (and passes on whole to the server)."""
    return f"{base_url.rstrip('/')}/services/{_service(user)}"


def _service_spec(user: str, port: int) -> dict[str, object]:
    spec: dict[str, object] = {
        "name": _service(user),
        "url": f"http://127.0.0.1:{port}",  # started from the facilitator's notebook
        "display": False,  # for participants' phones, not a page in the hub's menu
    }
    if version_info >= (6,):  # otherwise the hub waits 30 s at start for each server not running
        spec["timeout"] = 1
    return spec


# No api_token and no roles: the participant server never calls the hub's API, and the proxy
# forwards every request under the prefix without asking for a login. JupyterHub still makes
# an OAuth client for a service with a URL, but one without a secret accepts no login.
c.JupyterHub.services = [_service_spec(user, port) for user, port in serve_ports.items()]


def _environment(spawner) -> dict[str, str]:
    user = spawner.user.name
    env = {
        "SPRINTKIT_STORE": f"postgresql://{user}@{db_host}/{db_name}?sslmode=verify-full",
        "SPRINTKIT_LANG": "nl",
    }
    if user in serve_ports:  # the participants panel and `sprintkit serve` read these
        env["SPRINTKIT_SERVE_PORT"] = str(serve_ports[user])
        env["SPRINTKIT_SERVE_PREFIX"] = _prefix(user)
        env["SPRINTKIT_SERVE_URL"] = f"https://{public_host}{_prefix(user)}"
    return env


def _copy_notebooks(spawner) -> None:
    """Before a server starts: the notebooks into the user's folder once, their environment."""
    import shutil
    from pathlib import Path

    home = Path(os.path.expanduser(f"~{spawner.user.name}")) / "sprintkit"
    if not home.exists() and Path(notebooks).is_dir():
        shutil.copytree(notebooks, home)
        shutil.chown(home, user=spawner.user.name)
        for path in home.rglob("*"):
            shutil.chown(path, user=spawner.user.name)
    spawner.environment.update(_environment(spawner))


c.Spawner.pre_spawn_hook = _copy_notebooks
c.Spawner.environment = {"SPRINTKIT_LANG": "nl"}  # the rest per user, in the hook above
