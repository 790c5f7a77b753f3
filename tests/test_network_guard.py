"""Offline by default, proved: the guard reaches the kernels that run notebooks."""

from __future__ import annotations

import os
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from explainer import paths

REACH_OUT = """\
import socket
socket.create_connection(("93.184.216.34", 80), timeout=2)
"""


SWALLOWED = """\
import subprocess, sys

def test_passes_although_a_child_reached_out():
    reach_out = "import socket; socket.create_connection(('93.184.216.34', 80), timeout=2)"
    subprocess.run([sys.executable, "-c", reach_out])  # refused by the guard; the test ignores it
"""


def test_a_session_fails_when_anything_reached_out_even_if_every_test_passed(tmp_path):
    """The project's conftest guards a fresh pytest session and turns a logged attempt into exit 1."""
    (tmp_path / "test_swallowed.py").write_text(SWALLOWED)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EXPLAINER_NETGUARD", "PYTEST_"))}
    env["PYTHONPATH"] = str(paths.ROOT)  # not the guard: the session under test must install it
    run = subprocess.run(
        [
            *_no_route_but_loopback(),
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "conftest",
            "-p",
            "no:cacheprovider",
        ]
        + ["-q", "--rootdir", str(tmp_path), str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "1 passed" in run.stdout, run.stdout[-1500:] + run.stderr[-1500:]
    assert "network access was attempted during the tests" in run.stdout
    assert "93.184.216.34" in run.stdout
    assert run.returncode == 1


def test_a_kernel_that_reaches_out_is_stopped_and_logged(tmp_path, monkeypatch):
    log = tmp_path / "network.log"
    monkeypatch.setenv("EXPLAINER_NETGUARD_LOG", str(log))  # kernels inherit it at launch
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(REACH_OUT)])
    with pytest.raises(CellExecutionError, match="explainer network guard: blocked"):
        NotebookClient(nb, kernel_name="python3", timeout=60).execute()
    assert "93.184.216.34" in log.read_text()


def test_a_kernel_may_use_loopback(tmp_path, monkeypatch):
    log = tmp_path / "network.log"
    monkeypatch.setenv("EXPLAINER_NETGUARD_LOG", str(log))
    code = (
        "import socket\n"
        "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1)\n"
        "c = socket.create_connection(s.getsockname(), timeout=2); c.close(); s.close()\n"
        "print('ok')"
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    NotebookClient(nb, kernel_name="python3", timeout=60).execute()
    assert nb.cells[0].outputs[0]["text"].strip() == "ok"
    assert not log.exists()


def test_name_lookups_are_refused_too(tmp_path):
    log = tmp_path / "network.log"
    env = {**os.environ, "EXPLAINER_NETGUARD_LOG": str(log)}
    run = subprocess.run(
        [sys.executable, "-c", "import socket; socket.getaddrinfo('cdn.plot.ly', 443)"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0 and "blocked name lookup of 'cdn.plot.ly'" in run.stderr
    assert "cdn.plot.ly" in log.read_text()


# Ways around the socket module's wrappers. Each runs in a child with only loopback
# (a network namespace of its own, `unshare -n`), so nothing could leave this machine
# even if the guard failed; the test asserts the guard's own refusal, not the missing route.
BYPASSES = {
    "C-level socket": "import _socket\ns = _socket.socket()\ns.connect(('93.184.216.34', 80))",
    "reloaded socket module": "import importlib, socket\nimportlib.reload(socket)\n"
    "socket.create_connection(('93.184.216.34', 80), timeout=2)",
    "UDP sendto": "import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
    "s.sendto(b'x', ('93.184.216.34', 53))",
    "gethostbyname": "import socket\nsocket.gethostbyname('cdn.plot.ly')",
    "curl in a subprocess": "import subprocess\nsubprocess.run(['curl', '-s', 'https://cdn.plot.ly'])",
    "os.system curl": "import os\nos.system('curl -s https://cdn.plot.ly')",
    "a Python child that ignores the environment": "import subprocess, sys\n"
    "subprocess.run([sys.executable, '-I', '-c', 'print(1)'])",
}


def _no_route_but_loopback() -> list[str]:
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("this system does not allow a private network namespace (unshare -n)")
    return ["unshare", "-n"]


@pytest.mark.parametrize("way", BYPASSES)
def test_the_guard_holds_against_bypasses(tmp_path, way):
    log = tmp_path / "network.log"
    env = {**os.environ, "EXPLAINER_NETGUARD_LOG": str(log)}
    run = subprocess.run(
        [*_no_route_but_loopback(), sys.executable, "-c", BYPASSES[way]],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode != 0 or "explainer network guard: blocked" in run.stderr, run.stderr
    assert "explainer network guard: blocked" in run.stderr, run.stderr[-600:]
    assert log.read_text().strip(), "the attempt was not logged"


def test_loopback_and_local_names_still_work_under_the_audit_hook(tmp_path):
    log = tmp_path / "network.log"
    env = {**os.environ, "EXPLAINER_NETGUARD_LOG": str(log)}
    code = (
        "import socket, subprocess, sys\n"
        "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('127.0.0.1', 0))\n"
        "s.sendto(b'x', s.getsockname()); assert s.recv(1) == b'x'\n"
        "socket.getaddrinfo('localhost', 80)\n"
        "subprocess.run([sys.executable, '-c', 'print(1)'], check=True)\n"
        "print('ok')"
    )
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert run.stdout.strip().endswith("ok"), run.stderr[-600:]
    assert not log.exists()


def test_offline_runner_leaves_only_loopback(tmp_path):
    """scripts/offline.sh: a private network namespace with loopback up, and nothing else."""
    _no_route_but_loopback()  # skips where the system allows no namespace
    code = (
        "import os, socket\n"
        "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen()\n"
        "socket.create_connection(s.getsockname(), timeout=2).close()\n"
        "print(os.environ['EXPLAINER_OFFLINE'], [name for _, name in socket.if_nameindex()])"
    )
    run = subprocess.run(
        [str(paths.ROOT / "scripts" / "offline.sh"), sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["namespace", "['lo']"]


def test_the_suite_and_the_notebook_runs_go_through_the_offline_runner():
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    assert "scripts/offline.sh $(PY) -m pytest" in makefile
    assert "scripts/offline.sh $(PY) scripts/run_notebooks.py" in makefile
    mode = os.environ.get("EXPLAINER_OFFLINE")
    if mode is None:
        pytest.skip("this session was not started by `make test`, which runs it through scripts/offline.sh")
    if mode == "namespace":
        import socket

        assert [name for _, name in socket.if_nameindex()] == ["lo"]
    else:  # the guard alone, only where no namespace can be made
        assert subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode != 0
