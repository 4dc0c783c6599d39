"""A warehouse for the dashboard tests: the gold seeds (real extraction, real
loader), two crawl runs of two sources, and one hostile article whose text,
title and address try to inject Markdown and HTML."""
import pytest

from warehouse import loader, store

HOSTILE_TEXT = ("Năm 2023, huyện Trạm Tấu tiếp nhận 7 nguồn tin từ nhân dân.\n\n"
                "![x](http://attacker.example/b.png)\n\n"
                "# Tiêu đề chèn vào\n\n"
                "<img src=\"http://attacker.example/c.png\"> [bấm vào](http://attacker.example/d)")
HOSTILE_TITLE = "**Đậm** ![t](http://attacker.example/t.png)"
HOSTILE_URL = "javascript:alert(1)"


def hostile_record(district_code: str) -> dict:
    figure = "7 nguồn tin"
    start = HOSTILE_TEXT.index(figure)
    return {"doc_id": "hostile", "url": HOSTILE_URL, "title": HOSTILE_TITLE, "published": "2023-12-20",
            "text": HOSTILE_TEXT, "nlp_version": "test", "source_id": "demo-police",
            "primary_locality": {"level": "district", "name": "Trạm Tấu", "code": district_code, "gazetteer": "legacy",
                                 "start": HOSTILE_TEXT.index("Trạm Tấu"), "end": HOSTILE_TEXT.index("Trạm Tấu") + 8},
            "figures": [{"text": figure, "value": 7, "unit": "nguồn tin", "indicator": "tips_received",
                         "period": "Năm 2023", "period_start": "2023-01-01", "period_end": "2023-12-31",
                         "period_kind": "year", "start": start, "end": start + len(figure),
                         "sentence_start": 0, "sentence_end": HOSTILE_TEXT.index("\n"), "confidence": 0.4}]}


@pytest.fixture(scope="session")
def dashboard_db(seeds_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("dash") / "dashboard.duckdb"
    path.write_bytes(seeds_db.read_bytes())
    with store.writer(path) as con:
        (code,), = con.execute("SELECT code FROM gaz_districts WHERE name = 'Trạm Tấu'").fetchall()
        con.execute("INSERT INTO sources VALUES ('demo-police', 'Công an huyện Mẫu', 'police', 'Yên Bái', 'Lào Cai', "
                    "'http://127.0.0.1/', 'police_portal'), ('demo-paper', 'Báo Mẫu', 'newspaper', 'Sơn La', 'Sơn La', "
                    "'http://127.0.0.2/', 'newspaper')")
        con.execute("INSERT INTO crawl_runs VALUES (1, TIMESTAMP '2023-12-18 03:00', TIMESTAMP '2023-12-18 03:20', 'ok', NULL), "
                    "(2, TIMESTAMP '2023-12-25 03:00', NULL, 'failed', 'timeout')")
        con.execute("INSERT INTO crawl_run_sources VALUES (1, 'demo-police', 40, 3, 2, 0, 0, NULL), "
                    "(1, 'demo-paper', 12, 0, 0, 1, 2, 'HTTP 503'), (2, 'demo-police', 0, 0, 0, 0, 1, 'timeout')")
        con.execute("INSERT INTO crawl_state (source_id, state, since, last_success, failures, note) VALUES "
                    "('demo-police', 'up_to_date', TIMESTAMP '2023-12-18 03:20', TIMESTAMP '2023-12-18 03:20', 0, NULL), "
                    "('demo-paper', 'dead', TIMESTAMP '2023-12-25 03:00', TIMESTAMP '2023-11-20 03:10', 6, "
                    "'no answer in 6 runs')")
        loader.load(con, [hostile_record(code)])
    return path
