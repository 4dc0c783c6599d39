"""`antq dashboard` starts Streamlit on 127.0.0.1 over the chosen warehouse."""
import urllib.request


def test_antq_dashboard_serves(seeds_db, serve_dashboard):
    _, port = serve_dashboard(seeds_db)
    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
    assert "<title>Streamlit</title>" in page or "streamlit" in page.lower()
