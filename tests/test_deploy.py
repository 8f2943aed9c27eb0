"""The shared setup as shipped: the JupyterHub configuration, the trial script, the guide."""

from __future__ import annotations

import subprocess
import types
from pathlib import Path

import pytest

from sprintkit.stores import is_url
from sprintkit.stores.postgres import split_url

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def _hub_config(monkeypatch):
    """The configuration as JupyterHub loads it: executed with a traitlets Config as ``c``."""
    config = pytest.importorskip("traitlets.config")
    monkeypatch.setenv("SPRINTKIT_HUB_FACILITATORS", "anna, bram")
    monkeypatch.setenv("SPRINTKIT_HUB_PRIVACY", "pieter")
    monkeypatch.setenv("SPRINTKIT_DB_HOST", "db.gemeente.local")
    c = config.Config()
    namespace = {"get_config": lambda: c, "__name__": "jupyterhub_config"}
    exec(
        compile((DEPLOY / "jupyterhub_config.py").read_text(), "jupyterhub_config", "exec"),
        namespace,
    )
    return c, namespace


def test_the_hub_gives_each_user_the_shared_store_as_themselves(monkeypatch):
    c, namespace = _hub_config(monkeypatch)
    assert c.Authenticator.allowed_users == {"anna", "bram", "pieter"}
    groups = c.JupyterHub.load_groups
    assert groups["facilitators"]["users"] == ["anna", "bram"]
    assert groups["privacy"]["users"] == ["pieter"]
    assert c.JupyterHub.bind_url.startswith("http://127.0.0.1")  # TLS is the proxy's job
    envs = [namespace["_environment"](_spawner(name)) for name in ("anna", "bram")]
    for name, env in zip(("anna", "bram"), envs, strict=True):
        store = env["SPRINTKIT_STORE"]
        assert is_url(store) and store.startswith(f"postgresql://{name}@db.gemeente.local/")
        assert "sslmode=verify-full" in store and ":" not in store.split("@")[0][13:]  # no password
        assert split_url(store)[1] == "sprintkit"
    ports = {env["SPRINTKIT_SERVE_PORT"] for env in envs}
    assert len(ports) == 2  # a participant server port of their own
    assert all(env["SPRINTKIT_SERVE_URL"].startswith("https://") for env in envs)
    assert callable(c.Spawner.pre_spawn_hook)


def _spawner(name):
    return types.SimpleNamespace(user=types.SimpleNamespace(name=name), environment={})


def test_the_trial_script_is_valid_and_uses_what_the_repository_has():
    script = DEPLOY / "proef.sh"
    assert script.stat().st_mode & 0o111  # executable
    subprocess.run(["bash", "-n", str(script)], check=True)
    text = script.read_text()
    for needed in ("jupyter/settings", "notebooks", "initdb", "pg_ctl", "SPRINTKIT_STORE"):
        assert needed in text, needed
    assert (ROOT / "jupyter" / "settings").is_dir() and (ROOT / "notebooks").is_dir()
    assert "runuser -u postgres" in text  # PostgreSQL refuses root


def test_the_deployment_guide_is_dutch_and_english_and_names_the_files():
    guide = (ROOT / "docs" / "deployment.md").read_text()
    assert "# sprintkit voor een gemeente" in guide and "# sprintkit for a municipality" in guide
    for named in ("deploy/jupyterhub_config.py", "deploy/proef.sh", "sprintkit store copy"):
        assert named in guide, named
    for topic in ("TLS", "pg_dump", "VACUUM FULL", "pg_wal", "sprintkit_privacy"):
        assert topic in guide, topic
