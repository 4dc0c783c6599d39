"""`antq dashboard` starts Streamlit on 127.0.0.1 over the chosen warehouse."""
import urllib.request


def test_antq_dashboard_serves(seeds_db, serve_dashboard):
    page = urllib.request.urlopen(serve_dashboard(seeds_db).url, timeout=5).read().decode()
    assert "<title>Streamlit</title>" in page or "streamlit" in page.lower()
