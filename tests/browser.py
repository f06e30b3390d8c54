"""Headless Chromium for the browser tests and the README screenshots (scripts/screenshots.py): Debian's
chromium and chromedriver driven by selenium, never a browser or driver downloaded at run time (the paths are
given, and Selenium Manager is told to stay offline). `require_browser()` skips a test with the reason when
any piece is missing."""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ROOT = Path(__file__).resolve().parents[1]
# Screenshots of the browser tests, kept after the run for a person to look at (git ignores the folder).
TEST_OUTPUT = ROOT / "test-output" / "browser"
PAGE_LOAD_SECONDS = 60
MOBILE_WIDTH = 600  # narrower viewports are emulated as a phone's (meta viewport honoured)


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} absent: apt-get install chromium to run the browser tests"
    if not CHROMEDRIVER.exists():
        return f"{CHROMEDRIVER} absent: apt-get install chromium-driver to run the browser tests"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: pip install -e '.[test]'"
    return None


def require_browser() -> None:
    import pytest

    reason = missing_browser()
    if reason:
        pytest.skip(reason)


@contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator["object"]:
    """A headless Chromium window of `width` × `height` CSS pixels (a phone's width too: the viewport is
    emulated, headless windows are at least 500 pixels wide), with its own throw-away profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager: never download a driver or browser
    profile = tempfile.mkdtemp(prefix="tongbao-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 "--hide-scrollbars", "--force-device-scale-factor=1", f"--window-size={width},{height}",
                 f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        driver.set_page_load_timeout(PAGE_LOAD_SECONDS)
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < MOBILE_WIDTH})
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def save_screenshot(driver, name: str, folder: Path = TEST_OUTPUT, *, full_page: bool = False) -> Path:
    """A PNG of the window (or of the whole page, `full_page`) under `folder`; returns its path."""
    import base64

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    command = {"format": "png"}
    if full_page:
        width, height = driver.execute_script(
            "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        command.update(captureBeyondViewport=True, clip={"x": 0, "y": 0, "width": width, "height": height, "scale": 1})
    path.write_bytes(base64.b64decode(driver.execute_cdp_cmd("Page.captureScreenshot", command)["data"]))
    return path
