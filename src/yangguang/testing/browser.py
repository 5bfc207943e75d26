"""Real-browser tests: Playwright (Python) driving Debian's Chromium against pytest-django's live server.

A test package opts in from its ``conftest.py``::

    from yangguang.testing.browser import (  # noqa: F401
        browser, hall, hall_clock, pytest_runtest_makereport, pytest_terminal_summary, screenshots_root, visitors)

and its tests then take ``hall``, a :class:`Visitor` on a fresh browser context (``visitors()``
makes more, e.g. an officer beside the applicant)::

    def test_catalog(hall, published_power):
        page = hall.open("/")
        ...
        hall.shoot("catalog")          # desktop (1366×900) and phone (390×844) screenshots

What the fixtures guarantee:

- One Chromium per test package (``/usr/bin/chromium``, or ``YANGGUANG_CHROMIUM``; never a browser
  that Playwright downloads), one context per test: cookies, storage and language choice never
  leak from one test to the next.
- The live server runs on a transactional database with serialized rollback, so the rows that
  the migrations seed (the working-day calendar, the alert rules) are there in every test and
  for the tests after.
- Every console error, uncaught exception, Content Security Policy violation and failed
  request is collected; ``Visitor.open`` and ``Visitor.check`` fail the test on any of them, and
  so does the end of the test.
- The server's clock runs from a fixed working day, ``HALL_NOW`` (``hall_clock``); a package that
  builds data in fixtures makes ``hall_clock`` autouse, so that the data is made at that time too.
- Screenshots go to ``$YANGGUANG_TEST_ARTIFACTS/screenshots/<database>/<test>/`` (default: the
  ``test-artifacts`` folder of ``settings.VAR_DIR``); a failing test gets a final screenshot
  and the page's HTML there too.
- Without Chromium (or without Playwright) the tests skip, saying why; under ``CI=true`` the root
  ``conftest.py`` turns that skip into a failure.

Why not pytest-playwright: its fixtures would not save us the part that needs care, and would
add some we would have to work around. Playwright's synchronous API keeps its event loop marked
as running in the test's thread between calls; Django then refuses ORM calls and, worse, hands
the thread a second set of database connections without the serialized rows (see
``_keep_connections``). That has to be handled where the browser starts, and here the browser
lives only as long as the browser package, which runs as one block (pytest-django orders every
live-server test together), so the rest of the suite never runs beside a "running" loop; with
pytest-playwright's session-scoped browser it would. What remains of pytest-playwright (launch
options, a page fixture, screenshots into its own folder) is less than the two-viewport
screenshots, the error guard, the server clock and the skip rule written here, and it would pull
in pytest-base-url and CLI options we would not use.
"""

import os
import re
import shutil
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("YANGGUANG_CHROMIUM", "/usr/bin/chromium")
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# Playwright's 30 s default turns one broken selector into a long wait; a page of ours loads in
# well under a second even on a busy two-core CI machine.
TIMEOUT_MS = int(os.environ.get("YANGGUANG_BROWSER_TIMEOUT_MS", "10000"))
# Chromium's own background traffic (updates, sync, safe browsing) is refused on closed networks.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]

# The journeys run on a working day inside the seeded calendar (2024–2026), the server's clock
# ticking on from there: every due date can be computed whatever the real date, and the
# screenshots show the same dates on every run.
HALL_NOW = os.environ.get("YANGGUANG_BROWSER_NOW", "2025-11-03T09:30:00+08:00")

_REPORTS = pytest.StashKey[dict]()
_SCREENSHOTS = pytest.StashKey[Path]()


def artifacts_dir() -> Path:
    """Where test artefacts go: ``YANGGUANG_TEST_ARTIFACTS`` or ``<VAR_DIR>/test-artifacts``."""
    from django.conf import settings

    configured = os.environ.get("YANGGUANG_TEST_ARTIFACTS")
    return Path(configured).resolve() if configured else settings.VAR_DIR / "test-artifacts"


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text).strip("-") or "page"


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say where the screenshots are, once the browser tests have taken some."""
    if (root := config.stash.get(_SCREENSHOTS, None)) is not None:
        terminalreporter.write_line(f"browser screenshots: {root}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so that fixtures can tell a failed test at teardown."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="package")
def browser():
    """One headless Chromium for the test package (the system's, not one Playwright downloads)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        pytest.skip("Playwright is not installed: pip install -e '.[dev]'")
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium (or set YANGGUANG_CHROMIUM)")
    args = list(CHROMIUM_ARGS)
    if os.geteuid() == 0:  # Chromium refuses to run its sandbox as root
        args.append("--no-sandbox")
    own_connections = _thread_connections()
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    playwright = sync_playwright().start()
    try:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        _keep_connections(own_connections)
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Playwright's synchronous API marks its event loop as running in the calling thread between its
# calls too (its objects make futures there). Django reads a running loop as "async context":
# it refuses ORM calls (SynchronousOnlyOperation), and its thread-critical connection storage
# switches to a per-context one, so the test thread would open a second set of connections —
# without the serialized rows that serialized_rollback restores, and left open at the end. The
# test code is in truth synchronous (the loop runs only inside Playwright's calls), so while the
# browser is up the ORM is allowed (DJANGO_ALLOW_ASYNC_UNSAFE) and the per-context storage is
# given the thread's own connections.


def _thread_connections() -> dict:
    from django.db import connections

    return {alias: connections[alias] for alias in connections}


def _keep_connections(own: dict) -> None:
    from django.db import connections

    for alias, connection in own.items():
        setattr(connections._connections, alias, connection)
    assert all(connections[alias] is connection for alias, connection in own.items())


class Visitor:
    """Someone at the public hall: one browser context and its page, with an error guard.

    ``open(path)`` navigates and fails on an error response or on anything the browser
    reported; ``check()`` fails on what the browser reported since the last check (call it after
    clicks that change the page); ``shoot(name)`` saves the page at desktop and phone size.
    """

    def __init__(self, page, base_url: str, shots: Path):
        self.page = page
        self.base_url = base_url
        self.shots = shots
        self.problems: list[str] = []
        self._count = 0
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught exception: {error}"))
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)

    # --- the guard --------------------------------------------------------------------------

    def _on_console(self, message) -> None:
        # CSP violations are reported as console errors ("Refused to execute inline script…").
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            if urlsplit(where).path == "/favicon.ico":  # see _on_response
                return
            self.problems.append(f"console error: {message.text}" + (f" ({where})" if where else ""))

    def _on_request_failed(self, request) -> None:
        # Aborted is no fault: a navigation or htmx's hx-sync cancelled a request that was overtaken.
        if request.url.startswith(self.base_url) and request.failure != "net::ERR_ABORTED":
            self.problems.append(f"request failed: {request.method} {request.url}: {request.failure}")

    def _on_response(self, response) -> None:
        # A page's own status is checked by open(); here: styles, scripts, images, htmx requests.
        if response.status >= 400 and not response.request.is_navigation_request():
            if urlsplit(response.url).path == "/favicon.ico":  # asked for by Chromium itself, e.g. for an SVG document
                return
            self.problems.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def check(self) -> None:
        """Fail if the browser reported an error, a CSP violation or a failed request since the last check."""
        problems, self.problems = self.problems, []
        assert not problems, "the browser reported:\n  " + "\n  ".join(problems)

    # --- navigation -------------------------------------------------------------------------

    def _landed(self, response, what: str, status: int):
        assert response is not None, f"no response for {what}"
        assert response.status == status, f"{what}: HTTP {response.status}, expected {status}"
        if status >= 400:  # Chromium logs the expected error status of the page itself as a console error
            self.problems = [p for p in self.problems if not (p.startswith("console error: Failed to load resource")
                                                              and p.endswith(f"({response.url})"))]
        self.check()
        return self.page

    def open(self, path: str, *, status: int = 200):
        """Go to ``path`` (relative to the live server), expect ``status``, and check the guard."""
        return self._landed(self.page.goto(path), path, status)

    def submit(self, button, *, status: int = 200):
        """Click ``button`` (a locator) that loads a new page, e.g. a form's submit button; expect ``status``."""
        with self.page.expect_navigation() as navigation:
            button.click()
        return self._landed(navigation.value, f"{button} → {self.url_path()}", status)

    def log_in(self, username: str, password: str | None = None):
        """Log in through the login page; the test users' password is ``pw-<username>``."""
        self.open("/accounts/login/")
        self.page.locator("#id_username").fill(username)
        self.page.locator("#id_password").fill(password or f"pw-{username}")
        page = self.submit(self.page.locator("form[action='/accounts/login/'] [type=submit]"))
        assert "/accounts/login/" not in self.page.url, f"login as {username} failed"
        return page

    def url_path(self) -> str:
        """The current page's path and query, without the live server's address."""
        return self.page.url.removeprefix(self.base_url)

    # --- artefacts --------------------------------------------------------------------------

    def _capture(self, path: Path, timeout: float | None = None) -> None:
        if self.page.evaluate("document.documentElement.namespaceURI === 'http://www.w3.org/1999/xhtml'"):
            self.page.evaluate("document.fonts.ready.then(() => true)")
            self.page.screenshot(path=path, full_page=True, animations="disabled", timeout=timeout)
        else:  # an SVG document: Playwright's full-page capture needs an HTML body, the root element does not
            self.page.locator(":root").screenshot(path=path, animations="disabled", timeout=timeout)

    def shoot(self, name: str) -> list[Path]:
        """Save full-page screenshots of the current page, at desktop and at phone width."""
        self._count += 1
        stem = f"{self._count:02d}-{_slug(name)}"
        self.shots.mkdir(parents=True, exist_ok=True)
        desktop, phone = self.shots / f"{stem}-desktop.png", self.shots / f"{stem}-phone.png"
        size = self.page.viewport_size
        self._capture(desktop)
        self.page.set_viewport_size(PHONE)
        try:
            self._capture(phone)
        finally:
            self.page.set_viewport_size(size)
        return [desktop, phone]

    def keep_failure(self) -> None:
        """The page as it was when the test failed: a screenshot and the HTML."""
        self.shots.mkdir(parents=True, exist_ok=True)
        try:
            (self.shots / "FAILED.html").write_text(self.page.content(), encoding="utf-8")
            self._capture(self.shots / "FAILED-desktop.png", timeout=5000)
        except Exception as exc:  # noqa: BLE001 - keep the test's own failure in front, say why there is no picture
            (self.shots / "FAILED-no-screenshot.txt").write_text(f"{type(exc).__name__}: {exc}\n", encoding="utf-8")


@pytest.fixture(scope="package")
def screenshots_root(request, browser):
    """This run's screenshot folder, one per database tier; emptied when the package starts."""
    from django.db import connection

    tier = os.environ.get("YANGGUANG_TEST_TIER") or connection.vendor
    root = artifacts_dir() / "screenshots" / _slug(tier)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    request.config.stash[_SCREENSHOTS] = root
    return root


@pytest.fixture
def hall_clock(settings):
    """The server's clock (this process, so the live server too) travels to ``HALL_NOW`` and ticks.

    Chromium keeps the real time, so a cookie's expiry computed from the server's clock would
    already have passed for it: the session and CSRF cookies are sent as browser-session cookies
    instead (the server still expires the session by its own clock).
    """
    import time_machine

    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.CSRF_COOKIE_AGE = None
    with time_machine.travel(datetime.fromisoformat(HALL_NOW), tick=True) as traveller:
        yield traveller


@pytest.fixture
def visitors(request, browser, screenshots_root, hall_clock, live_server, django_db_serialized_rollback):
    """``visitors(name="")``: a new :class:`Visitor`, each in a browser context of its own (its own
    cookies and login: an applicant and an officer side by side), Chinese locale, Beijing time,
    desktop size. Screenshots go to ``<test>/`` or ``<test>/<name>/``."""
    made: list[tuple] = []

    def make(name: str = "") -> Visitor:
        context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="zh-CN",
                                      timezone_id="Asia/Shanghai")
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        shots = screenshots_root / _slug(request.node.name)
        visitor = Visitor(context.new_page(), live_server.url, shots / _slug(name) if name else shots)
        made.append((context, visitor))
        return visitor

    try:
        yield make
        reports = request.node.stash.get(_REPORTS, {})
        failed = any(report.failed for report in reports.values())
        for _context, visitor in made:
            if failed:
                visitor.keep_failure()
            else:
                visitor.check()  # what the browser reported after the test's last check
    finally:
        for context, _visitor in made:
            context.close()


@pytest.fixture
def hall(visitors):
    """A member of the public at the hall: the first :class:`Visitor` of the test."""
    return visitors()
