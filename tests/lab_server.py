"""A JupyterLab server of the tests' own: loopback only, fresh directories, network guard on.

No saved workspace, user settings or runtime files from earlier sessions on the machine can
reach it; the explainer's own settings (jupyter/overrides.json, copied into the app
directory by the set-up) apply, as they do for `make lab`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

TOKEN = "explainer-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def lab_server(root: Path, home: Path, extra: list[str] | None = None):
    """Yield (base URL, server network log) for a JupyterLab serving ``root``."""
    port = free_port()
    log = home / "server-network.log"
    env = {
        **os.environ,
        "EXPLAINER_NETGUARD_LOG": str(log),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "HOME": str(home),
    }
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--allow-root",
        "--ip=127.0.0.1",
        f"--port={port}",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=",
        "--ServerApp.open_browser=False",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
        f"--LabApp.user_settings_dir={home / 'settings'}",
    ] + (extra or [])
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=1)
                break
            except OSError as error:
                if server.poll() is not None:
                    raise RuntimeError("JupyterLab exited:\n" + server.stderr.read()) from error
                time.sleep(0.5)
        else:
            raise RuntimeError("JupyterLab did not start in 60 s")
        yield base, log
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def server_only_page(chromium, base: str, width: int = 1400, height: int = 1000):
    """A browser tab that may reach only the test's own server (and data:/blob: URLs).

    Returns (page, outside, errors): every other request is refused and its URL appended to
    ``outside``; uncaught page errors go to ``errors``; dialogs are dismissed and recorded
    in ``errors`` too, so a test that asserts ``errors == []`` also fails on an alert.
    """
    context = chromium.new_context(viewport={"width": width, "height": height})
    outside, errors = [], []

    def route(route, request):
        if request.url.startswith(base) or request.url.split(":", 1)[0] in ("data", "blob"):
            return route.continue_()
        outside.append(request.url)
        return route.abort()

    context.route("**/*", route)
    page = context.new_page()
    # the message, and where it was thrown (an error that shows up once in a while needs its place)
    page.on(
        "pageerror",
        lambda exc: errors.append(
            "uncaught: "
            + str(exc).splitlines()[0][:200]
            + " | "
            + " < ".join((exc.stack or "").splitlines()[1:9])
        ),
    )
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    return page, outside, errors
