"""The antq command as a user meets it."""
import json

from typer.main import get_command
from typer.testing import CliRunner

from antq.cli import app

runner = CliRunner()
ARTICLE = "date 2023-05 Huyện Vĩnh Lộc làm tốt phong trào\n\nCông an huyện Vĩnh Lộc tổ chức 12 buổi tuyên truyền."


def test_every_command_has_help():
    commands = get_command(app).commands
    assert {"extract", "load", "sql", "export", "crawl", "run", "reextract", "page", "demo", "version"} <= set(commands)
    for name, cmd in commands.items():
        assert cmd.help, f"{name} has no help"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def test_extract_json_from_a_file(tmp_path):
    f = tmp_path / "vinh_loc.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["extract", "--json", str(f)])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["doc_id"] == "vinh_loc"
    assert doc["published"] == "2023-05"
    assert [(x["value"], x["indicator"]) for x in doc["figures"]] == [(12, "propaganda_sessions")]
    assert doc["primary_locality"]["name"] == "Vĩnh Lộc"


def test_extract_from_stdin_prints_a_table():
    result = runner.invoke(app, ["extract", "-"], input=ARTICLE.encode("utf-8"))
    assert result.exit_code == 0
    assert "12 buổi tuyên truyền" in result.stdout and "propaganda_sessions" in result.stdout


def test_a_bad_file_is_reported_and_the_batch_goes_on(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    broken = tmp_path / "broken.txt"
    broken.write_bytes(ARTICLE.encode("utf-8") + b"\xff\xfe 5 t\xe1 ")
    result = runner.invoke(app, ["extract", "--json", str(tmp_path / "missing.txt"), str(broken), str(good)])
    assert result.exit_code == 1
    assert "missing.txt: no such file" in result.stderr
    assert "broken: not valid UTF-8" in result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [d["doc_id"] for d in docs] == ["broken", "good"]
    assert docs[0]["figures"] and docs[0]["warnings"]


def test_html_input_is_read_as_text(tmp_path):
    f = tmp_path / "page.html"
    f.write_text("<html><body><p>Xã có 14 tổ an ninh nhân dân.</p></body></html>", encoding="utf-8")
    result = runner.invoke(app, ["extract", "--json", str(f)])
    doc = json.loads(result.stdout)
    assert [x["text"] for x in doc["figures"]] == ["14 tổ an ninh nhân dân"]


def test_every_command_group_has_help():
    for group in ("sources", "schedule"):
        for name, cmd in get_command(app).commands[group].commands.items():
            assert cmd.help, f"{group} {name} has no help"


def test_unknown_command_fails():
    assert runner.invoke(app, ["nonsense"]).exit_code != 0


def test_the_readme_cli_reference_matches_the_cli():
    from pathlib import Path

    from antq.reference import readme_section

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert readme_section(app) in readme, "run `python -m antq.reference` to update README.md"
