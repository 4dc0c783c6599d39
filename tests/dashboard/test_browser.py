"""The dashboard in a real browser: Debian's chromium driven by Playwright,
against `antq dashboard` on 127.0.0.1. Every page in both languages, as a person
sees it; screenshots go to a temp folder (or $ANTQ_SCREENSHOTS)."""
import io
import os
import shutil
from pathlib import Path

import pytest

from warehouse import store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)")
PAGES = ("overview", "compare", "map", "models", "articles", "quality", "health", "data")
DUMPS = ("DeltaGenerator", "Creator of Delta protobuf", "st.help")


@pytest.fixture
def served(dashboard_db, serve_dashboard):
    return serve_dashboard(dashboard_db).url


def settle(page, ms: int = 1500) -> None:
    """Wait until Streamlit has stopped running the script, then a little for drawing."""
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60000)
    page.wait_for_timeout(ms)


def drawn_pixels(png: bytes) -> int:
    """Pixels darker than the map's pale sea: the units' fills and borders."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 200))
    return sum(1 for pixel in image.getdata() if min(pixel) < 230)


def test_every_page_in_both_languages_in_chromium(served, dashboard_db, tmp_path):
    from playwright.sync_api import sync_playwright

    from dashboard import i18n

    shots = Path(os.environ.get("ANTQ_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-background-networking", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(served)
        page.get_by_text("Số liệu").first.wait_for(timeout=30000)
        assert page.get_by_text("87", exact=True).count() >= 1  # figures in the test warehouse
        for lang in ("vi", "en"):
            if lang == "en":
                page.get_by_text("English").click()
                page.get_by_role("link", name=i18n.t("overview", "en"), exact=True).wait_for(timeout=30000)
            for name in PAGES:
                title = i18n.t(name, lang)
                page.get_by_role("link", name=title, exact=True).click()
                page.get_by_role("heading", name=i18n.t("title", lang) if name == "overview" else title).first.wait_for(
                    timeout=30000)
                settle(page, 3000 if name == "map" else 1500)
                page.screenshot(path=str(shots / f"{name}_{lang}.png"), full_page=True)
                text = page.inner_text("body")
                assert not [d for d in DUMPS if d in text], f"{name} ({lang}) shows an object dump"
                if name == "map":
                    chart = page.locator("[data-testid='stDeckGlJsonChart']").first
                    chart.locator("canvas").first.wait_for(timeout=60000)
                    for _ in range(30):  # WebGL in software draws late on a busy machine
                        if drawn_pixels(chart.screenshot()) > 2000:
                            break
                        page.wait_for_timeout(2000)
                    page.screenshot(path=str(shots / f"{name}_{lang}.png"), full_page=True)
                    assert drawn_pixels(chart.screenshot()) > 2000, "no shapes drawn on the map"
                    assert page.get_by_text(i18n.t("no_data", lang)).count() >= 1  # the legend's no-data colour
                if name == "compare":
                    assert page.get_by_text(i18n.t("figures_behind", lang)).count() == 1

        # a hostile article: its Markdown and HTML stay text
        (article_id,), = store.connect_reader(dashboard_db).execute(
            "SELECT id FROM articles WHERE doc_id = 'hostile'").fetchall()
        page.goto(f"{served}articles?article={article_id}")
        page.get_by_text("Tiêu đề chèn vào").first.wait_for(timeout=30000)
        settle(page)
        page.screenshot(path=str(shots / "articles_hostile.png"), full_page=True)
        assert page.locator("img[src*='attacker']").count() == 0
        assert page.locator("a[href*='attacker']").count() == 0
        assert page.locator("h1, h2, h3, h4").filter(has_text="Tiêu đề chèn vào").count() == 0
        assert page.get_by_text("![x](http://attacker.example/b.png)").count() == 1  # shown as written
        browser.close()
    assert (shots / "compare_vi.png").stat().st_size > 10_000
