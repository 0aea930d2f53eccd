"""A real `nrikit committee serve` on 127.0.0.1, driven in Debian's headless Chromium through Selenium.

A member signs in on a phone-sized screen, votes on topics, proposes an all-male panel and sees
the gender finding, swaps a panellist as the check suggests and sees it go; the secretariat closes
the votes and finalises the panel; then `nrikit publish` shows the decisions and the final panel.
Screenshots are saved in tmp_path (and in $NRIKIT_SCREENSHOTS, when set, for the docs).

chromedriver and chromium are Debian's (`apt-get install chromium chromium-driver`): Selenium is
given both paths, so Selenium Manager never downloads anything. Skipped only outside CI when they
are missing. Fixture edition: tests/conftest.py.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from committee_helpers import invite, invoke

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)) and not os.environ.get("CI"),
    reason="chromium and chromium-driver not installed (apt-get install chromium chromium-driver); required in CI",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(config, port, *extra):
    proc = subprocess.Popen(
        [sys.executable, "-m", "nrikit", "committee", "serve", str(config), "--port", str(port), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "sign-in", timeout=1)
            return proc, url
        except OSError:
            if proc.poll() is not None:
                pytest.fail(proc.stdout.read())
            time.sleep(0.1)
    proc.kill()
    pytest.fail("the committee server did not start")


def stop_server(proc) -> str:
    proc.terminate()
    try:
        out, _ = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    return out


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument("--window-size=412,915")  # a phone
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


class Shots:
    def __init__(self, driver, folder: Path):
        self.driver, self.folder = driver, folder
        self.extra = Path(os.environ["NRIKIT_SCREENSHOTS"]) if os.environ.get("NRIKIT_SCREENSHOTS") else None
        self.taken = []

    def __call__(self, name, width=412):
        height = self.driver.execute_script("return document.documentElement.scrollHeight")
        self.driver.set_window_size(width, min(max(height, 600), 3000))
        path = self.folder / f"committee-{name}.png"
        assert self.driver.save_screenshot(str(path))
        if self.extra:
            self.extra.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, self.extra / path.name)
        self.taken.append(path)
        self.driver.set_window_size(412, 915)


def test_a_committee_decides_in_the_browser_and_publish_shows_it(edition, browser, tmp_path):
    from selenium.webdriver.common.by import By

    invoke("run", edition.config)
    secretariat = invite(edition.config, "p1", "secretariat")
    member = invite(edition.config, "p2", "member")
    proc, url = start_server(edition.config, free_port())
    shots = Shots(browser, tmp_path)
    css = browser.find_element

    def submit(selector):
        """Click a form's button and wait for the page it leads to (every form posts, then redirects).

        The old page is marked with a window property; the new one is there once the mark is gone and
        the document is complete. (Waiting for the old <html> element to go stale asks the driver about
        a node of a document being replaced, which recent chromedriver answers with "unknown error:
        Node with given id does not belong to the document" instead of a stale-element error.)
        """
        from selenium.common.exceptions import WebDriverException
        from selenium.webdriver.support.ui import WebDriverWait

        for attempt in range(3):
            try:
                browser.execute_script("window.__nrikitOldPage = true")
                css(By.CSS_SELECTOR, selector).click()
            except WebDriverException:
                # The button was found in a document being replaced (a loaded machine): nothing was
                # clicked, so find it again in the page as it is now.
                if attempt == 2:
                    raise
                time.sleep(0.3)
                continue
            break

        def new_page_loaded(driver):
            try:
                return driver.execute_script(
                    "return window.__nrikitOldPage === undefined && document.readyState === 'complete'"
                )
            except WebDriverException:  # the script ran while the document was being swapped
                return False

        WebDriverWait(browser, 30).until(new_page_loaded)

    def sign_in(login, password):
        browser.get(url)  # redirected to the sign-in page
        assert "/sign-in" in browser.current_url
        css(By.ID, "login").send_keys(login)
        css(By.ID, "password").send_keys(password)
        submit("form.card button[type=submit]")
        assert browser.current_url == url

    def sign_out():
        submit("form.signout button")
        assert "/sign-in" in browser.current_url

    try:
        browser.get(url + "sign-in")
        shots("sign-in")

        # the secretariat opens the votes on two topics
        sign_in("ana@example.org", secretariat)
        browser.get(url + "topics")
        for topic in ("t1", "t2"):
            submit(f"#topic-{topic} form[action$='/open'] button")
        sign_out()

        # a member votes, on a phone-sized screen
        sign_in("ben@example.org", member)
        shots("overview")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 412  # no sideways scrolling
        browser.get(url + "topics")
        submit("#topic-t1 button.vote-yes")
        submit("#topic-t2 button.vote-no")
        submit("#topic-t2 button.vote-yes")  # changed: still open
        assert "chosen" in css(By.CSS_SELECTOR, "#topic-t2 button.vote-yes").get_attribute("class")
        browser.get(url + "topics#topic-t2")
        shots("topics")

        # an all-male panel for the approved topic "Cybersecurity" (t3)
        browser.get(url + "panels/t3")
        for person, button in (("p3", "add-moderator"), ("p5", "add-speaker"), ("p7", "add-speaker")):
            submit(f"#pool li[data-person={person}] button.{button}")
        gender = css(By.CSS_SELECTOR, "#draft .finding[data-rule=gender]")
        assert "has no women" in gender.text
        shots("panel-gender-finding")
        swap = "#draft .finding[data-rule=gender] button.apply-swap"
        assert css(By.CSS_SELECTOR, swap).text == "Swap Eli Example for Fay Example"
        submit(swap)
        assert css(By.ID, "checks-ok").is_displayed()
        assert browser.find_elements(By.CSS_SELECTOR, "#draft .finding[data-rule=gender]") == []
        shots("panel-after-swap")
        submit("#propose")
        assert "balanced proposal" in css(By.ID, "proposal").text
        shots("panel-proposal", width=1200)
        sign_out()

        # the secretariat closes the votes and finalises the panel
        sign_in("ana@example.org", secretariat)
        browser.get(url + "topics")
        for topic in ("t1", "t2"):
            submit(f"#topic-{topic} form[action$='/close'] button")
        assert "approved" in css(By.CSS_SELECTOR, "#topic-t2 .outcome").text
        browser.get(url + "panels/t3")
        submit("#finalise")
        assert "This panel is final" in css(By.ID, "draft").text
        browser.get(url)
        shots("overview-secretariat")
    finally:
        out = stop_server(proc)
    assert "Committee workspace of tligf-2025" in out

    site = tmp_path / "site"
    invoke("publish", edition.config, "--out", site)
    with sqlite3.connect(site / "public.db") as pub:
        decisions = pub.execute(
            "SELECT action, subject_id, method FROM decisions WHERE stage IN ('survey', 'panels') ORDER BY seq"
        ).fetchall()
        t2 = pub.execute("SELECT approved, yes, no FROM topic_decisions WHERE topic_id LIKE '%/t2'").fetchone()
        final = pub.execute(
            "SELECT pe.name, pl.role FROM panellists pl JOIN panels p ON p.id = pl.panel_id "
            "JOIN people pe ON pe.id = pl.person_id WHERE p.round = 'final' AND p.topic_id LIKE '%/t3' ORDER BY pe.name"
        ).fetchall()
    assert any(a == "topic.approved" and s.endswith("t2") and m == "simple_majority" for a, s, m in decisions)
    assert any(a == "panel.finalised" for a, _, _ in decisions)
    assert t2 == (1, 1, 0)
    assert final == [("Cai Example", "moderator"), ("Fay Example", "speaker"), ("Gus Example", "speaker")]
    assert len(shots.taken) == 7 and all(p.stat().st_size > 5000 for p in shots.taken)


def test_serving_beyond_this_machine_warns_to_sit_behind_https(edition):
    invoke("run", edition.config)
    proc, _ = start_server(edition.config, free_port(), "--host", "0.0.0.0")
    out = stop_server(proc)
    assert "put the committee workspace behind an HTTPS reverse proxy" in out
    proc, _ = start_server(edition.config, free_port())
    assert "HTTPS" not in stop_server(proc)
