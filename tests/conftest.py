"""Fixtures shared by the browser tests."""

from __future__ import annotations

import os

import pytest

from scripts import browser


def require_chromium() -> None:
    """Skip a browser test module without Chromium, except under CI, where that is a failure."""
    if browser.find_chromium() is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "Chromium is missing under CI: scripts/ensure_system.sh should have installed it",
                pytrace=False,
            )
        pytest.skip("Chromium not installed (make test installs it as root)", allow_module_level=True)


@pytest.fixture(scope="module")
def chromium():
    """Debian's headless Chromium, offline flags, one per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = browser.launch(pw)
        yield b
        b.close()
