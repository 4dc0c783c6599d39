"""antq load and extract on bad input, as a careless operator gives it: each
problem is one line naming the file (and line and field), the good input still
loads, the exit code says whether anything was skipped, and nothing hangs."""
import json
import os
import subprocess
import sys
import unicodedata

import pytest
from typer.testing import CliRunner

from antq import inputs
from antq.cli import app
from warehouse import store

runner = CliRunner()
ARTICLE = ("Công an huyện Vĩnh Lộc tổ chức 12 buổi tuyên truyền về phong trào Toàn dân bảo vệ an ninh Tổ quốc; "
           "người dân đã cung cấp 101 nguồn tin có giá trị cho lực lượng chức năng.")


def rows(db, sql):
    con = store.connect_reader(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def one_line_each(stderr: str) -> list[str]:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert all(ln.startswith("antq: ") for ln in lines) and "Traceback" not in stderr, stderr
    return lines


@pytest.fixture
def good_record(tmp_path) -> dict:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    return json.loads(runner.invoke(app, ["extract", "--json", str(tmp_path / "good.txt")]).stdout)


def test_bad_records_are_named_and_the_good_ones_load(tmp_path, good_record):
    bad = [{"figures": "not a list"}, {"doc_id": 12345}, {"title": ["a", "list"]},
           {"figures": [dict(good_record["figures"][0], value=float("nan"))]}, {"relevance": float("inf")}]
    lines = [json.dumps(good_record | {"doc_id": "good-1"}, ensure_ascii=False)]
    lines += [json.dumps(good_record | {"doc_id": f"bad-{i}"} | change, ensure_ascii=False) for i, change in enumerate(bad)]
    lines += [json.dumps(good_record | {"doc_id": "good-1", "title": "the same id again"}, ensure_ascii=False),
              json.dumps(good_record | {"doc_id": "good-2"}, ensure_ascii=False)]
    jsonl = tmp_path / "mixed.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert "NaN" in lines[4] and "Infinity" in lines[5]  # as Python's json writes them
    db = tmp_path / "w.duckdb"
    result = runner.invoke(app, ["load", "--db", str(db), str(jsonl)])
    assert result.exit_code == 1
    assert one_line_each(result.stderr) == [
        f"antq: {jsonl}:2: field figures: expected a list, got 'not a list'; skipped",
        f"antq: {jsonl}:3: field doc_id: expected text, got 12345; skipped",
        f"antq: {jsonl}:4: field title: expected text, got ['a', 'list']; skipped",
        f"antq: {jsonl}:5: field figures[0].value: nan is not a finite number; skipped",
        f"antq: {jsonl}:6: field relevance: inf is not a finite number; skipped",
        f"antq: {jsonl}:7: doc_id 'good-1' was given already by {jsonl}:1; skipped",
        "antq: 6 input(s) or record(s) were skipped (see above)"]
    assert rows(db, "SELECT doc_id, title FROM articles ORDER BY doc_id") == [
        ("good-1", good_record["title"]), ("good-2", good_record["title"])]
    assert rows(db, "SELECT count(*) FROM figures WHERE isnan(value) OR isinf(value)") == [(0,)]


def test_two_files_with_one_stem_are_not_merged(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bai.txt").write_text(ARTICLE + f" ({folder})", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    result = runner.invoke(app, ["load", "--db", str(db), str(tmp_path / "a" / "bai.txt"), str(tmp_path / "b" / "bai.txt")])
    assert result.exit_code == 1
    assert f"antq: {tmp_path / 'b' / 'bai.txt'}: doc_id 'bai' was given already by {tmp_path / 'a' / 'bai.txt'}; skipped" \
        in one_line_each(result.stderr)
    assert rows(db, "SELECT right(text, 4) FROM articles") == [(" (a)",)]


def test_a_load_of_nothing_readable_fails(tmp_path):
    db = tmp_path / "w.duckdb"
    result = runner.invoke(app, ["load", "--db", str(db), str(tmp_path / "none.jsonl"), str(tmp_path / "none.txt")])
    assert result.exit_code == 1
    assert one_line_each(result.stderr)[-1] == "antq: 2 input(s) or record(s) were skipped (see above)"


def test_fifos_devices_and_folders_are_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    jsonl_fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(jsonl_fifo)
    for command in (["extract"], ["load", "--db", str(tmp_path / "w.duckdb")]):
        # a real process: a FIFO that hung it would hit the timeout
        result = subprocess.run([sys.executable, "-m", "antq", *command, str(fifo), str(jsonl_fifo), "/dev/zero",
                                 str(tmp_path)], capture_output=True, text=True, timeout=120)
        assert result.returncode == 1
        lines = one_line_each(result.stderr)
        assert f"antq: {fifo}: is a FIFO, not a regular file" in lines
        assert any(ln.startswith(f"antq: {jsonl_fifo}: is a FIFO, not a regular file") for ln in lines)
        assert "antq: /dev/zero: is a device, not a regular file" in lines
        assert any(ln.startswith(f"antq: {tmp_path}: is a directory") for ln in lines)


class Zeros:
    """An endless stream, like /dev/zero on stdin, that counts what was read from it."""
    def __init__(self):
        self.given = 0

    def read(self, n=-1):
        assert n >= 0, "read whole"
        self.given += n
        return b"\0" * n


def test_no_more_than_the_size_limit_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "MAX_BYTES", 1000)
    stream = Zeros()
    doc = inputs.read_stream(stream)
    assert stream.given == 1001
    assert doc.warnings[0] == "more than 1,000 bytes; only the first 1,000 were read"
    monkeypatch.undo()
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:  # 30 GB, sparse: reading it whole would exhaust memory
        f.write(ARTICLE.encode("utf-8"))
        f.truncate(30_000_000_000)
    doc = inputs.read_path(huge)
    assert doc.text.startswith(ARTICLE) and len(doc.text) <= inputs.MAX_BYTES
    assert doc.warnings[0] == f"30,000,000,000 bytes; only the first {inputs.MAX_BYTES:,} were read"


def test_nul_bytes_reported_as_blanked_are_blanked_in_what_is_stored(tmp_path):
    article = tmp_path / "nul.txt"
    article.write_bytes(ARTICLE.encode("utf-8").replace(b" ", b"\0", 3))
    db = tmp_path / "w.duckdb"
    result = runner.invoke(app, ["load", "--db", str(db), str(article)])
    assert result.exit_code == 0
    assert f"antq: {article}: contains NUL bytes; they were blanked" in one_line_each(result.stderr)
    (text, warnings), = rows(db, "SELECT text, warnings FROM articles")
    assert "\0" not in text and text == ARTICLE
    assert warnings == ["contains NUL bytes; they were blanked"]


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """Text as Windows writes it in code page 1258: letters it lacks precomposed are a
    base letter plus a combining tone mark."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append((base + "".join(c for c in parts if c in TONES)).encode("cp1258"))
    return b"".join(out)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le-bom", "windows-1258"])
def test_other_charsets_are_read_as_text(tmp_path, encoding):
    data = {"utf-16": ARTICLE.encode("utf-16"), "utf-16-le-bom": b"\xff\xfe" + ARTICLE.encode("utf-16-le"),
            "windows-1258": windows_1258(ARTICLE)}[encoding]
    (tmp_path / "bai.txt").write_bytes(data)
    doc = inputs.read_path(tmp_path / "bai.txt")
    assert doc.text == ARTICLE
    result = runner.invoke(app, ["extract", "--json", str(tmp_path / "bai.txt")])
    assert result.exit_code == 0
    got = json.loads(result.stdout)
    assert [f["value"] for f in got["figures"]] == [12, 101]
    assert got["primary_locality"]["name"] == "Vĩnh Lộc"


def mount_tmpfs(path, options: str) -> bool:
    path.mkdir(exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True).returncode == 0


@pytest.fixture
def tmpfs(tmp_path):
    """Mount points for small tmpfs file systems (a full disk, a read-only folder);
    the test is skipped where this process may not mount (not root)."""
    mounted = []

    def mount(name: str, options: str):
        if os.geteuid() != 0 or not mount_tmpfs(tmp_path / name, options):
            pytest.skip("cannot mount a tmpfs here")
        mounted.append(tmp_path / name)
        return tmp_path / name
    yield mount
    for m in mounted:
        subprocess.run(["umount", str(m)], check=False)


def test_a_full_disk_and_a_read_only_folder_are_one_line(tmp_path, tmpfs):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    full = tmpfs("full", "size=512k")
    result = runner.invoke(app, ["load", "--db", str(full / "w.duckdb"), str(article)])
    assert result.exit_code == 1
    (line,) = one_line_each(result.stderr)
    assert str(full / "w.duckdb") in line and "No space left on device" in line
    assert line.endswith("the database was left unchanged")
    assert not (full / "w.duckdb").exists() and not list(full.glob(".w.duckdb.writing-*"))

    ro = tmpfs("ro", "size=20m")
    assert runner.invoke(app, ["load", "--db", str(ro / "w.duckdb"), str(article)]).exit_code == 0
    subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
    for args in (["load", str(article)], ["export", str(ro / "out")]):
        result = runner.invoke(app, [args[0], "--db", str(ro / "w.duckdb"), *args[1:]])
        assert result.exit_code == 1, args
        (line,) = one_line_each(result.stderr)
        assert "Read-only file system" in line, line
    # reading still works
    assert runner.invoke(app, ["sql", "--db", str(ro / "w.duckdb"), "--csv", "SELECT count(*) AS n FROM articles"]
                         ).stdout.splitlines() == ["n", "1"]


def test_antq_page_refuses_what_is_not_a_page(tmp_path):
    fifo = tmp_path / "page.html"
    os.mkfifo(fifo)
    big = tmp_path / "big.html"
    with big.open("wb") as f:
        f.truncate(9 * 1024 * 1024)
    for path, reason in ((fifo, "is a FIFO"), (tmp_path, "is a directory"), ("/dev/zero", "is a device"),
                         (big, "more than 8,388,608 bytes")):
        result = subprocess.run([sys.executable, "-m", "antq", "page", str(path)], capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 1 and reason in one_line_each(result.stderr)[0], path
