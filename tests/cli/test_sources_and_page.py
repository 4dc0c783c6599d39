"""`antq page` prints the record the crawl would store; `antq sources list` shows evidence."""
import json

from typer.testing import CliRunner

from antq.cli import app

runner = CliRunner()


def test_page_prints_the_record_of_a_saved_page(shared):
    page = shared / "sites" / "pages" / "vnexpress.net" / "VnExpress_2025_10_22.html"
    result = runner.invoke(app, ["page", str(page), "--url", "https://vnexpress.net/a-4954454.html"])
    assert result.exit_code == 0, result.output
    rec = json.loads(result.stdout)
    assert rec["published"] == "2025-10-22T19:25:52+07:00" and rec["author"] == "Lê Phương"
    assert rec["how"] == "trafilatura" and rec["text"].startswith("Người đàn ông 63 tuổi")
    assert {"relevance", "extraction", "warnings"} <= set(rec)


def test_page_of_a_missing_file_is_one_line(tmp_path):
    result = runner.invoke(app, ["page", str(tmp_path / "nothing.html")])
    assert result.exit_code == 1 and "no such file" in result.output


def test_sources_list_shows_each_sources_evidence():
    result = runner.invoke(app, ["sources", "list"])
    assert result.exit_code == 0
    assert "evidence" in result.stdout and "347 sources" in result.stdout
    assert "article" in result.stdout and "listing" in result.stdout and "home" in result.stdout
