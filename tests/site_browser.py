"""Headless Chromium (the system's) driven by Playwright's Python client, for the site's tests.

    page = open_page(browser, url)      a new page that records console errors and every request
    page.journeymap_errors              console errors and page errors, as text
    page.journeymap_requests            every URL the page asked for

`browser` is a session fixture (conftest.py): one Chromium for the whole run. The flags keep Chromium
from reaching out for updates, sync and the like, which this machine's closed network refuses.
"""

from __future__ import annotations

import shutil

from conftest import needs

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps"]  # fmt: skip


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        needs("chromium")
    return found


def launch():  # noqa: ANN201 -- (playwright, browser)
    from playwright.sync_api import sync_playwright  # a test dependency: missing, the tests fail, never skip

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=chromium_path(), args=FLAGS, headless=True)
    return playwright, browser


def open_page(browser, url: str, width: int = 1400, height: int = 900):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.journeymap_errors = []
    page.journeymap_requests = []
    page.on("console", lambda message: page.journeymap_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: page.journeymap_errors.append(str(error)))
    page.on("request", lambda request: page.journeymap_requests.append(request.url))
    page.goto(url)
    return page
