"""antq train: researchers' corrections teach the indicator classifier, and antq uses
the retrained model over the shipped one."""
import os
import subprocess
import sys

import nlp
from nlp import indicators
from warehouse import corrections, loader, store
from warehouse.corrections import Correction

# Our own sentences: loudspeaker clusters, which the shipped model counts as "other"
# and a research team decides to count as propaganda materials.
PLACES = ["xã Tân Lập", "xã Hòa Bình", "thị trấn Phú Mỹ", "xã Đông Hưng", "phường Bến Thủy", "xã Yên Sơn",
          "xã Quang Trung", "xã Lạc Long"]
VERBS = ["lắp đặt", "lắp mới", "trang bị", "đưa vào sử dụng", "sửa chữa", "bổ sung", "khôi phục", "lắp thêm"]
NEW = "Trong quý II, phường Trần Phú đã lắp đặt mới 9 cụm loa phát thanh ở các tổ dân phố."


def articles():
    for i, (place, verb) in enumerate(zip(PLACES, VERBS)):
        text = (f"Tin từ {place}\nNăm 2024, {place} đã {verb} {i + 3} cụm loa phát thanh để đưa tin về "
                f"phong trào bảo vệ an ninh Tổ quốc đến từng khu dân cư.")
        rec = nlp.extract(text, doc_id=f"loa-{i}").to_contract()
        yield rec | {"text": text, "url": f"http://127.0.0.1/loa-{i}"}


def antq(*args, env):
    return subprocess.run([sys.executable, "-m", "antq", *args], capture_output=True, text=True, env=env, timeout=300)


def predicted(text: str) -> str:
    return nlp.extract(text).figures[0].indicator


def test_corrections_change_the_prediction_on_a_new_sentence(tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    with store.writer(db) as con:
        loader.load(con, list(articles()))
    con = store.connect_reader(db)
    figures = con.execute("SELECT article_id, start_offset, end_offset, text, indicator FROM figures "
                          "WHERE unit LIKE 'cụm loa%' ORDER BY article_id").fetchall()
    con.close()
    assert len(figures) == len(PLACES) and {f[4] for f in figures} == {"other"}
    assert predicted(NEW) == "other"  # what the shipped model says of a sentence it will not train on
    with store.writer(db) as con:
        corrections.insert(con, [Correction(a, s, e, t, "set", "indicator", "propaganda_materials")
                                 for a, s, e, t, _ in figures])

    env = {**os.environ, "ANTQ_MODELS": str(tmp_path / "models")}
    r = antq("train", "--db", str(db), env=env)
    assert r.returncode == 0, r.stderr
    assert f"on {len(PLACES)} corrected or confirmed figure(s): 0.000 with the model in use" in r.stdout
    assert "cross-validated (5 folds)" in r.stdout and (tmp_path / "models" / "indicators.json").exists()

    monkeypatch.setenv("ANTQ_MODELS", str(tmp_path / "models"))
    assert predicted(NEW) == "propaganda_materials"
    assert nlp.extract(NEW).nlp_version.startswith("nlp-") and "+local-" in nlp.extract(NEW).nlp_version
    r = antq("version", env=env)
    assert "indicator model: " + str(tmp_path / "models" / "indicators.json") in r.stdout
    # a sentence of another kind keeps the shipped model's answer
    assert predicted("Xã đã tiếp nhận 14 nguồn tin tố giác tội phạm từ quần chúng.") == "tips_received"


def test_nothing_to_learn_from_is_one_line(seeds_db, tmp_path):
    r = antq("train", "--db", str(seeds_db), env={**os.environ, "ANTQ_MODELS": str(tmp_path / "m")})
    assert r.returncode == 1 and "review more figures first" in r.stderr and "Traceback" not in r.stderr


def test_without_a_trained_model_the_shipped_one_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv("ANTQ_MODELS", str(tmp_path / "none"))
    assert indicators.local_model() is None and indicators.model_tag() == ""
