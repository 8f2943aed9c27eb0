"""The shared setup as shipped: the JupyterHub configuration, the trial script, the guide."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import types
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from sprintkit.engine import Journey
from sprintkit.server_process import find_server
from sprintkit.stores import is_url, open_ref
from sprintkit.stores.postgres import split_url
from sprintkit.workspace import open_journey

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"


def _hub_config(monkeypatch):
    """The configuration as JupyterHub loads it: traitlets' PyFileConfigLoader (``c``)."""
    config = pytest.importorskip("traitlets.config")
    monkeypatch.setenv("SPRINTKIT_HUB_FACILITATORS", "anna, bram")
    monkeypatch.setenv("SPRINTKIT_HUB_PRIVACY", "pieter")
    monkeypatch.setenv("SPRINTKIT_DB_HOST", "db.gemeente.local")
    loader = config.PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY))
    c = loader.load_config()
    hook = c.Spawner.pre_spawn_hook
    return c, hook.__globals__  # the file's own functions, as the hub will call them


def test_the_hub_config_is_valid_for_jupyterhub(monkeypatch):
    pytest.importorskip("jupyterhub")
    from jupyterhub.app import JupyterHub
    from jupyterhub.auth import PAMAuthenticator
    from jupyterhub.spawner import LocalProcessSpawner

    c, _ = _hub_config(monkeypatch)
    classes = {"JupyterHub": JupyterHub, "Spawner": LocalProcessSpawner}
    classes["Authenticator"] = PAMAuthenticator
    assert set(c.keys()) == set(classes)
    for section, cls in classes.items():  # every setting is one JupyterHub knows (no typos)
        unknown = set(c[section]) - set(cls.class_trait_names(config=True))
        assert not unknown, f"{section}: {unknown}"
    hub = JupyterHub(config=c)  # each value is checked against its trait's type here
    assert hub.authenticator_class is PAMAuthenticator
    assert hub.load_groups["facilitators"]["users"] == ["anna", "bram"]
    assert [role["scopes"] for role in hub.load_roles] == [["self"]]  # nobody sees another's
    spawner = LocalProcessSpawner(config=c)
    assert spawner.cmd == ["jupyterhub-singleuser"]
    assert spawner.default_url == "/lab/tree/00-start-hier.ipynb"
    assert "--ServerApp.terminals_enabled=False" in spawner.args
    assert spawner.pre_spawn_hook is c.Spawner.pre_spawn_hook
    authenticator = PAMAuthenticator(config=c)
    assert authenticator.allowed_users == {"anna", "bram", "pieter"}
    assert authenticator.admin_users == set()
    for service in _services(hub):  # each field one JupyterHub's Service knows, each value checked
        assert service.kind == "external" and not service.api_token and not service.admin


def _services(hub):
    """The hub's services as JupyterHub makes them from the specs (unknown fields refused)."""
    from jupyterhub.services.service import Service

    fields = Service.class_traits(input=True)
    made = []
    for spec in hub.services:
        unknown = set(spec) - set(fields)
        assert not unknown, f"{spec.get('name')}: {unknown}"
        made.append(Service(base_url=hub.base_url, **spec))
    return made


def test_each_facilitator_has_a_participant_service_behind_the_hubs_proxy(monkeypatch):
    pytest.importorskip("jupyterhub")
    from jupyterhub.app import JupyterHub

    c, namespace = _hub_config(monkeypatch)
    hub = JupyterHub(config=c)
    services = {service.name: service for service in _services(hub)}
    assert set(services) == {"sprintkit-anna", "sprintkit-bram"}  # facilitators, not pieter
    ports = set()
    for name in ("anna", "bram"):
        service = services[f"sprintkit-{name}"]
        env = namespace["_environment"](_spawner(name))
        url = urllib.parse.urlsplit(service.url)
        assert (url.scheme, url.hostname) == ("http", "127.0.0.1")  # loopback: only the proxy
        assert url.port == int(env["SPRINTKIT_SERVE_PORT"])  # where the notebook starts it
        ports.add(url.port)
        assert not service.display  # for phones, not in the hub's menu
        # the path the proxy gives the service is the server's prefix, passed on whole
        assert service.prefix == f"/services/sprintkit-{name}/"
        assert env["SPRINTKIT_SERVE_PREFIX"] + "/" == service.prefix
        # the address the notebook shows: the hub's public host, the service's path
        assert env["SPRINTKIT_SERVE_URL"] + "/" == f"https://hub.gemeente.nl{service.prefix}"
    assert len(ports) == 2  # a port of their own
    assert not {k for k in namespace["_environment"](_spawner("pieter")) if "SERVE" in k}
    assert hub.load_roles == [{"name": "user", "scopes": ["self"]}]  # no role for the services


@pytest.mark.slow
def test_the_participants_panel_under_the_hub_shows_the_hubs_join_link(monkeypatch, tmp_path):
    """The notebook's panel with a facilitator's environment from the hub starts the real server.

    Its join link and QR code name the hub's public address under the service's prefix, and
    the server answers there on the service's URL, the path passed on whole as the hub's proxy
    does (the hub and its proxy themselves: the next test).
    """
    pytest.importorskip("jupyterhub")
    pytest.importorskip("ipywidgets")
    import httpx
    from factories import free_port
    from jupyterhub.app import JupyterHub

    from sprintkit.store import SQLiteStore
    from sprintkit.widgets import ParticipantsPanel, Workshop
    from sprintkit.widgets.participants import qr_data_uri
    from sprintkit.workspace import start_journey

    monkeypatch.setenv("SPRINTKIT_HUB_FIRST_PORT", str(free_port()))
    c, namespace = _hub_config(monkeypatch)
    service = {s.name: s for s in _services(JupyterHub(config=c))}["sprintkit-anna"]
    env = namespace["_environment"](_spawner("anna"))
    for key in ("SPRINTKIT_SERVE_PORT", "SPRINTKIT_SERVE_PREFIX", "SPRINTKIT_SERVE_URL"):
        monkeypatch.setenv(key, env[key])  # as the hub's spawner gives them to her JupyterLab
    store = SQLiteStore(tmp_path / "sessie.db")
    ws = Workshop(start_journey("molenwijk", store=store), "nl")
    panel = ParticipantsPanel(ws, timeout=30)
    assert panel.port.value == urllib.parse.urlsplit(service.url).port
    panel.start_button.click()
    try:
        info = find_server(store.path)
        assert info is not None, panel.status.value
        public = f"https://hub.gemeente.nl{service.prefix}"
        assert info.url + "/" == public
        assert info.join == f"{public}join?code={info.code}"
        assert info.url in panel.server_view.value
        assert qr_data_uri(info.join) in panel.server_view.value  # the QR code is that link
        # what the hub's proxy sends on: the service's URL and the whole path of the link
        forwarded = service.url + urllib.parse.urlsplit(info.join).path + f"?code={info.code}"
        with httpx.Client(timeout=5) as client:

            def answer():
                try:
                    return client.get(forwarded)
                except httpx.TransportError:  # not listening yet
                    return None

            page = _until(answer, "the server", _Alive(info.pid), [])
            assert page.status_code == 200
            assert f'action="{service.prefix}join"' in page.text
            assert client.get(service.url + "/join").status_code == 404  # only under the prefix
    finally:
        panel.stop_button.click()
        ws.close()
    assert find_server(store.path) is None


class _Alive:
    """``poll()`` of a process this test did not start (for :func:`_until`)."""

    def __init__(self, pid: int):
        self.pid = pid

    def poll(self):
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return 1
        return None


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
    assert all(env["SPRINTKIT_SERVE_URL"].startswith("https://hub.gemeente.nl/") for env in envs)
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


# -- the trial script, run for real --------------------------------------------------------------
def _free_ports(count: int) -> list[int]:
    """``count`` different free ports on loopback (held together while chosen)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [int(probe.getsockname()[1]) for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def _nobody_listens(port: int) -> bool:
    """Whether a connection to ``port`` on loopback is refused (no server left behind)."""
    with socket.socket() as probe:
        probe.settimeout(5)
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _until(check, what: str, proc, lines: list[str], seconds: float = 120.0):
    """Poll ``check()`` until it returns something (a hang guard, not a timing)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            found = check()
        except OSError:
            found = None
        if found:
            return found
        if proc.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{what}: not there; the script said:\n" + "".join(lines[-40:]))
        time.sleep(0.2)


@pytest.mark.slow
@pytest.mark.postgres
def test_the_trial_script_runs_all_three_and_stops_them(pg_installed, monkeypatch):
    psutil = pytest.importorskip("psutil")
    psycopg = pytest.importorskip("psycopg")
    # not tmp_path: PostgreSQL runs as the postgres user when root, and must reach the folder
    folder = Path(tempfile.mkdtemp(prefix="sprintkit-proef-"))
    pg_port, serve_port, lab_port = _free_ports(3)
    state = folder / "state"  # the participant server's state file (XDG_STATE_HOME)
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    env = {
        **os.environ,
        "PROEF_DIR": str(folder),
        "PROEF_PG_PORT": str(pg_port),
        "PROEF_SERVE_PORT": str(serve_port),
        "PROEF_LAB_PORT": str(lab_port),
        "PROEF_PYTHON": sys.executable,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "SPRINTKIT_SERVE_URL": f"http://127.0.0.1:{serve_port}",
        "JUPYTER_RUNTIME_DIR": str(folder / "jupyter-runtime"),
        "JUPYTER_CONFIG_DIR": str(folder / "jupyter-config"),
        "JUPYTERLAB_WORKSPACES_DIR": str(folder / "jupyter-workspaces"),
    }
    script = [str(DEPLOY / "proef.sh"), "molenwijk", "--", "--no-browser"]
    proc = subprocess.Popen(
        script, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")))
    reader.start()
    started: set[int] = set()
    try:
        said = lambda prefix: next((x for x in lines if x.startswith(prefix)), None)  # noqa: E731
        url = _until(lambda: said("Sessie-opslag: "), "the store URL", proc, lines).split()[1]
        joined = _until(lambda: said("Deelnemers: "), "the participant server", proc, lines)
        code = re.search(r"\(code ([A-Z0-9-]+)\)", joined)[1]
        lab = f"http://127.0.0.1:{lab_port}/api"
        version = _until(lambda: _get_json(lab), "JupyterLab", proc, lines)
        assert "version" in version

        # PostgreSQL takes connections; the participant server answers and writes to it
        with psycopg.connect(split_url(url)[0]) as db:
            assert db.execute("SELECT 1").fetchone() == (1,)
        base = f"http://127.0.0.1:{serve_port}"
        with urllib.request.urlopen(f"{base}/join?code={code}", timeout=10) as page:
            assert page.status == 200 and code in page.read().decode()
        form = urllib.parse.urlencode({"code": code, "name": "Proef Deelnemer"}).encode()
        with urllib.request.urlopen(f"{base}/join", data=form, timeout=10) as done:
            assert done.status == 200  # followed the redirect to the phone's page
        store = open_ref(url, create=False)
        (journey_id,) = Journey.ids(store, "molenwijk")
        roster = open_journey("molenwijk", journey_id, store=store).state.roster
        assert "Proef Deelnemer" in {person.name for person in roster.values()}
        store.close()

        # every process the script started, before it is told to stop
        server = find_server(url)
        assert server is not None
        postmaster = int((folder / "data" / "postmaster.pid").read_text().split()[0])
        children = {p.pid for p in psutil.Process(proc.pid).children(recursive=True)}
        started = {proc.pid, server.pid, postmaster, *children}
        assert len(started) >= 4  # the script, JupyterLab, the participant server, PostgreSQL

        proc.send_signal(signal.SIGTERM)  # what Ctrl-C or a service manager sends
        assert proc.wait(timeout=90) == 143
        reader.join(timeout=10)
        assert any(x.startswith("Proef gestopt") for x in lines), "".join(lines[-20:])
        gone = lambda: not [p for p in started if psutil.pid_exists(p) and _running(psutil, p)]  # noqa: E731
        _until(gone, "every process stopped", proc, lines, seconds=30)
        left = [
            p
            for p in psutil.process_iter(["cmdline"])
            if str(folder) in " ".join(p.info["cmdline"] or [])
        ]
        assert left == []
        assert all(_nobody_listens(port) for port in (pg_port, serve_port, lab_port))
        assert not (folder / "data" / "postmaster.pid").exists()  # PostgreSQL shut down cleanly
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=90)
        for pid in started:  # only what this test saw the script start, and only if it stayed
            if psutil.pid_exists(pid) and _running(psutil, pid):
                psutil.Process(pid).kill()
        reader.join(timeout=10)
        proc.stdout.close()
        shutil.rmtree(folder, ignore_errors=True)


def _get_json(url: str):
    with urllib.request.urlopen(url, timeout=5) as answer:
        return json.loads(answer.read())


def _running(psutil, pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


# -- the guide's roles, run on the throwaway server ------------------------------------------
@pytest.mark.postgres
def test_the_guides_roles_let_facilitators_write_and_the_privacy_officer_only_read(
    pg_server, capsys
):
    from sprintkit.cli import main
    from sprintkit.kinds.board.actions import add_note
    from sprintkit.retention import forget_person
    from sprintkit.serve.devices import device_map
    from sprintkit.store import StoreUnusable
    from sprintkit.workspace import start_journey

    dutch = (ROOT / "docs" / "deployment.md").read_text().split("\n---\n")[0]
    before, after = re.findall(r"```sql\n(.*?)```", dutch, re.S)
    init = re.search(r'sprintkit store init "(postgresql://[^"]+)"', dutch)[1]
    options = urllib.parse.parse_qs(urllib.parse.urlsplit(init).query)["options"][0]
    assert urllib.parse.urlsplit(init).username == "beheer"

    def psql(script: str) -> None:
        command = [str(pg_server.bindir / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1"]
        command += ["-h", str(pg_server.socket_dir), "-p", str(pg_server.port), "-U", "postgres"]
        done = subprocess.run(
            [*command, "-d", "postgres"], input=script, text=True, capture_output=True
        )
        assert done.returncode == 0, done.stderr

    def as_user(user: str, extra: str = "") -> str:  # the guide's database, over the socket
        socket_dir, port = pg_server.socket_dir, pg_server.port
        return f"postgresql:///sprintkit?host={socket_dir}&port={port}&user={user}{extra}"

    owner = as_user("beheer", "&options=" + urllib.parse.quote(options))
    opened = []
    try:
        psql(before)
        assert main(["store", "init", owner]) == 0
        assert "is klaar (schemaversie 1)" in capsys.readouterr().out
        psql(after)
        with psycopg_connect(as_user("postgres")) as db:
            owners = db.execute(
                "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'sprintkit'"
            ).fetchall()
        assert owners == [("sprintkit_eigenaar",)]  # the role's, not the administrator's

        journey = start_journey("molenwijk", store=as_user("anna"), at_sprint=2, demo=True)
        opened.append(journey.store)
        add_note(journey, journey.start_run("buurtschouw"), "Donker pad", author="ria_brouwer")
        device_map(journey.store, journey.id).add("ria_brouwer")  # the participant server's
        with pytest.raises(StoreUnusable, match="eigenaarsrol"):  # a facilitator cannot erase
            forget_person("molenwijk", "Ria Brouwer", store=as_user("anna"))

        read = open_journey("molenwijk", journey.id, store=as_user("pieter"))
        opened.append(read.store)
        assert read.state == journey.state  # the privacy officer reads everything
        with pytest.raises(StoreUnusable, match="weigert de toegang"):
            read.add_person("Niet Toegestaan")
        assert len(open_journey("molenwijk", journey.id, store=owner).events) == len(journey.events)
        forget_person("molenwijk", "Ria Brouwer", store=owner)  # the owner role can
    finally:
        for store in opened:
            store.close()
        psql(
            "DROP DATABASE IF EXISTS sprintkit WITH (FORCE);"
            " DROP ROLE IF EXISTS anna, pieter, beheer,"
            " sprintkit_eigenaar, sprintkit_begeleider, sprintkit_privacy;"
        )


def psycopg_connect(url: str):
    import psycopg

    return psycopg.connect(split_url(url)[0], autocommit=True)


@pytest.mark.slow
def test_a_phone_joins_through_the_hubs_own_proxy(monkeypatch, tmp_path):
    """JupyterHub with ``deploy/jupyterhub_config.py`` and its proxy, a facilitator's server.

    The hub starts configurable-http-proxy (npm; ``make hubproxy``) and routes
    ``/services/sprintkit-anna/`` to Anna's port; her participant server runs with the
    environment the hub gives her notebook. A phone joins and writes through the hub's address.
    """
    pytest.importorskip("jupyterhub")
    import httpx
    from factories import capturing_journey, serve_process, terminate

    if shutil.which("configurable-http-proxy") is None:
        reason = "configurable-http-proxy (npm) is not installed: make hubproxy"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    hub_port, api_port, hub_api, first = _free_ports(4)
    monkeypatch.setenv("SPRINTKIT_HUB_FIRST_PORT", str(first))
    _, namespace = _hub_config(monkeypatch)  # the environment variables the hub reads too
    env = {**os.environ, **namespace["_environment"](_spawner("anna"))}
    env.pop("SPRINTKIT_STORE")  # her PostgreSQL role: a SQLite file stands in here
    hub = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterhub",
            "-f",
            str(DEPLOY / "jupyterhub_config.py"),
            f"--JupyterHub.bind_url=http://127.0.0.1:{hub_port}",
            f"--JupyterHub.hub_bind_url=http://127.0.0.1:{hub_api}",
            f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{api_port}",
            f"--JupyterHub.db_url=sqlite:///{tmp_path / 'hub.sqlite'}",
            f"--JupyterHub.cookie_secret_file={tmp_path / 'cookie_secret'}",
            f"--JupyterHub.pid_file={tmp_path / 'hub.pid'}",
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(hub.stdout), daemon=True)
    reader.start()
    path = tmp_path / "sessies.sqlite"
    journey, run = capturing_journey(path)
    args = ["serve", "molenwijk", "--store", str(path), "--code", "ABCD-EFGH"]
    hub_url = f"http://127.0.0.1:{hub_port}"
    try:
        with serve_process(*args, port=first, env=env) as (_, line):
            assert (
                line["join"]
                == "https://hub.gemeente.nl/services/sprintkit-anna/join?code=ABCD-EFGH"
            )
            # the phone opens the join link's path at the hub (TLS is the front proxy's job)
            link = urllib.parse.urlsplit(line["join"])
            with httpx.Client(base_url=hub_url, timeout=5) as phone:

                def joined_page():
                    try:
                        page = phone.get(f"{link.path}?{link.query}")
                    except httpx.TransportError:
                        return None
                    return page if page.status_code == 200 else None

                page = _until(joined_page, "the hub's route to Anna's server", hub, lines)
                action = re.search(r'<form method="post" action="([^"]+)"', page.text)[1]
                assert action == "/services/sprintkit-anna/join"
                r = phone.post(action, data={"code": "ABCD-EFGH", "name": "Via de hub"})
                assert r.status_code == 303, r.text
                assert r.headers["location"] == "/services/sprintkit-anna/"
                page = phone.get(r.headers["location"]).text
                form = re.search(r'<form method="post" action="([^"]+)"', page)[1]
                token = re.search(r'name="csrf" value="([^"]+)"', page)[1]
                r = phone.post(form, data={"text": "Door de proxy van de hub", "csrf": token})
                assert r.status_code == 303
                # the hub's own pages stay the hub's: not Anna's server
                assert "sprintkit" not in phone.get("/hub/login").text.lower()
        journey.refresh()
        assert [n.text for n in journey.run(run).notes.values()] == ["Door de proxy van de hub"]
        assert [p.name for p in journey.people()] == ["Via de hub"]
    finally:
        journey.store.close()
        terminate(hub, timeout=20)
        reader.join(timeout=10)
        hub.stdout.close()
    assert "Adding external service sprintkit-anna" in "".join(lines)
    for port in (hub_port, api_port, hub_api):
        assert _nobody_listens(port), port  # the hub stopped its proxy too
