"""The review app in a real browser (Debian's chromium through Playwright), against
`antq review` on 127.0.0.1, in both languages; screenshots go to a temp folder (or
$ANTQ_SCREENSHOTS)."""
import os
import shutil
from pathlib import Path

import pytest

from warehouse import store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)")


@pytest.fixture
def review_app(seeds_db, tmp_path, serve_dashboard):
    db = tmp_path / "review.duckdb"
    shutil.copyfile(seeds_db, db)
    app = serve_dashboard(db, command="review", env={**os.environ, "ANTQ_REVIEWER": "browser"})
    return app.url, db


def test_review_accept_in_chromium_in_both_languages(review_app, tmp_path):
    from playwright.sync_api import sync_playwright

    url, db = review_app
    shots = Path(os.environ.get("ANTQ_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                     "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1400, "height": 1100})
        page.goto(url)
        page.get_by_role("heading", name="Rà soát số liệu").wait_for(timeout=30000)
        page.locator("mark").first.wait_for(timeout=30000)  # the figure highlighted in its sentence
        page.wait_for_timeout(1000)
        page.screenshot(path=str(shots / "review.png"))
        queue = page.get_by_text("số liệu cần rà soát")
        before = int(queue.inner_text().split()[0].replace(".", ""))
        page.get_by_role("button", name="Đúng").click()
        page.get_by_text(f"{before - 1} số liệu cần rà soát").wait_for(timeout=30000)  # accepted: one fewer to review
        page.get_by_text("English").click()
        page.get_by_role("heading", name="Review figures").wait_for(timeout=30000)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(shots / "review_en.png"))
        browser.close()
    con = store.connect_reader(db)
    assert con.execute("SELECT reviewer, action FROM corrections").fetchall() == [("browser", "accept")]
    assert (shots / "review.png").stat().st_size > 10_000
