"""The dashboard in a real browser: Debian's chromium driven by Playwright,
against `antq dashboard` on 127.0.0.1. Screenshots go to a temp folder (or
$ANTQ_SCREENSHOTS)."""
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)")


@pytest.fixture
def served(seeds_db, serve_dashboard):
    return serve_dashboard(seeds_db).url


def test_pages_language_and_indicator_in_chromium(served, tmp_path):
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("ANTQ_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                     "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(served)
        page.get_by_text("Số liệu").first.wait_for(timeout=30000)
        assert page.get_by_text("86", exact=True).count() >= 1  # figures in the gold-seed warehouse
        page.screenshot(path=str(shots / "overview.png"))

        for name in ("Bản đồ", "Mô hình", "Bài viết", "Tình trạng thu thập", "Dữ liệu"):
            page.get_by_role("link", name=name).click()
            page.get_by_role("heading", name=name).wait_for(timeout=30000)

        page.get_by_role("link", name="So sánh địa phương").click()
        page.get_by_text("Xếp hạng theo").wait_for(timeout=30000)
        grid = page.locator("[data-testid='stDataFrame']").first
        grid.wait_for(timeout=30000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(shots / "compare.png"))
        assert page.get_by_text("Nguồn tin, tin báo").count() >= 1

        # pick another indicator: weapons collected, reported by Sơn La
        page.locator("[data-testid='stMultiSelect'] input").first.click()
        page.keyboard.type("Vũ khí")
        page.keyboard.press("Enter")
        page.wait_for_timeout(2000)
        page.screenshot(path=str(shots / "compare_weapons.png"))
        assert page.get_by_text("Vũ khí, vật liệu nổ thu hồi").count() >= 1

        page.get_by_text("English").click()
        page.get_by_role("heading", name="Compare localities").wait_for(timeout=30000)
        assert page.get_by_text("Ranked by").count() == 1
        page.screenshot(path=str(shots / "compare_en.png"))
        browser.close()
    assert (shots / "compare.png").stat().st_size > 10_000
