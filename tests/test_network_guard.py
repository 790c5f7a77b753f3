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


def test_guard_is_on_for_this_run():
    assert os.environ.get("EXPLAINER_NETGUARD_LOG")
    assert str(paths.ROOT / "tools" / "netguard") in os.environ["PYTHONPATH"].split(os.pathsep)


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
        env=env, capture_output=True, text=True,
    )
    assert run.returncode != 0 and "blocked name lookup of 'cdn.plot.ly'" in run.stderr
    assert "cdn.plot.ly" in log.read_text()
