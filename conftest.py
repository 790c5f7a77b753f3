"""Test-wide set-up: the network guard reaches every process the tests start.

pytest's own workers (xdist) and the Jupyter kernels nbval and nbclient launch
inherit PYTHONPATH with tools/netguard first, so tools/netguard/sitecustomize.py
refuses any non-loopback connection in them and logs it. At the end of the run
the controller fails the session if anything was logged.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
GUARD = ROOT / "tools" / "netguard"


def pytest_configure(config):
    if "EXPLAINER_NETGUARD_LOG" in os.environ:
        return  # a worker, or a run started by scripts/run_notebooks.py: already guarded
    log = Path(tempfile.mkdtemp(prefix="explainer-netguard-")) / "network.log"
    os.environ["EXPLAINER_NETGUARD_LOG"] = str(log)
    path = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(GUARD), path]))
    config._explainer_netguard_log = log


def pytest_sessionfinish(session, exitstatus):
    log = getattr(session.config, "_explainer_netguard_log", None)
    if log is None or not log.exists():
        return
    attempts = log.read_text(encoding="utf-8").strip()
    if attempts:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = (
            "network access was attempted during the tests (the explainer must work offline):\n" + attempts
        )
        if reporter:
            reporter.write_line(message, red=True)
        session.exitstatus = 1
