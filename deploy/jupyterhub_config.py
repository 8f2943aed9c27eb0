"""JupyterHub for a municipality's sprintkit: one account per facilitator, one shared store.

Read by ``jupyterhub -f deploy/jupyterhub_config.py`` (see ``docs/deployment.md``). Settings
that differ per municipality come from the environment, so this file can stay as it is:

``SPRINTKIT_HUB_FACILITATORS``  comma-separated user names of the facilitators
``SPRINTKIT_HUB_PRIVACY``       comma-separated user names of the privacy officers
``SPRINTKIT_HUB_ADMINS``        comma-separated user names of the hub's administrators
``SPRINTKIT_DB_HOST``           the PostgreSQL server (``db.gemeente.local``)
``SPRINTKIT_DB_NAME``           its database (``sprintkit``)
``SPRINTKIT_PUBLIC_HOST``       the host name phones use (``deelnemen.gemeente.nl``)
``SPRINTKIT_NOTEBOOKS``         the folder with sprintkit's notebooks (copied per user)

Each facilitator's server gets ``SPRINTKIT_STORE`` naming the shared database *as that user*
(a PostgreSQL role of the same name; the password in the user's ``~/.pgpass`` or a client
certificate, never in this file), so the database, not the hub, decides who may write.
Privacy officers get the same store URL with their own read-only role and the ``vergeet`` /
``opruimen`` commands (their role has the rights erasure needs; see the deployment guide).
Each facilitator also gets a participant server port of their own (``SPRINTKIT_SERVE_PORT``,
8800 and up) and the public address phones reach it at (``SPRINTKIT_SERVE_URL``): the TLS
proxy in front of the hub publishes ``https://SPRINTKIT_PUBLIC_HOST:PORT`` for each of those
ports (the phone page uses root paths, so it needs a host or port of its own, not a path
under the hub).
"""

# ruff: noqa: F821  (``c`` is the configuration object JupyterHub passes in)
from __future__ import annotations

import os


def _names(variable: str) -> set[str]:
    return {name.strip() for name in os.environ.get(variable, "").split(",") if name.strip()}


facilitators = _names("SPRINTKIT_HUB_FACILITATORS")
privacy_officers = _names("SPRINTKIT_HUB_PRIVACY")
admins = _names("SPRINTKIT_HUB_ADMINS")
db_host = os.environ.get("SPRINTKIT_DB_HOST", "localhost")
db_name = os.environ.get("SPRINTKIT_DB_NAME", "sprintkit")
public_host = os.environ.get("SPRINTKIT_PUBLIC_HOST", "deelnemen.gemeente.nl")
notebooks = os.environ.get("SPRINTKIT_NOTEBOOKS", "/opt/sprintkit/notebooks")

c = get_config()

# -- who may log in: the municipality's accounts (PAM here; OAuth/OIDC for single sign-on) ----
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = facilitators | privacy_officers
c.Authenticator.admin_users = admins

# -- behind the municipality's TLS proxy: the hub itself listens on loopback only -------------
c.JupyterHub.bind_url = "http://127.0.0.1:8000"
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

def _serve_port(user: str) -> int:
    """A participant server port per facilitator: 8800 + their place in the sorted list."""
    ordered = sorted(facilitators | privacy_officers)
    return 8800 + (ordered.index(user) if user in ordered else len(ordered))


def _environment(spawner) -> dict[str, str]:
    user = spawner.user.name
    port = _serve_port(user)
    return {
        "SPRINTKIT_STORE": f"postgresql://{user}@{db_host}/{db_name}?sslmode=verify-full",
        "SPRINTKIT_SERVE_PORT": str(port),
        "SPRINTKIT_SERVE_URL": f"https://{public_host}:{port}",
        "SPRINTKIT_LANG": "nl",
    }


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
