"""The CLI reference in Markdown, generated from the commands themselves
(README.md carries it; a test checks it never drifts)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from typer.main import get_command

if TYPE_CHECKING:
    import click


def _params(cmd: click.Command) -> list[str]:
    out = []
    for p in cmd.params:
        if getattr(p, "param_type_name", "") == "argument":
            out.append(f"- `{p.name.upper()}`{'...' if p.nargs == -1 else ''}: {getattr(p, 'help', '') or ''}".rstrip(": "))
        elif p.name != "help":
            out.append(f"- `{' / '.join(p.opts)}`: {p.help or ''}")
    return out


def markdown(app) -> str:
    root = get_command(app)
    lines = []

    def walk(cmd: click.Command, path: str) -> None:
        if hasattr(cmd, "commands"):  # a group (typer carries its own click classes)
            for name, sub in cmd.commands.items():
                walk(sub, f"{path} {name}")
            return
        lines.append(f"### `{path}`\n")
        lines.append((cmd.help or "").strip() + "\n")
        params = _params(cmd)
        if params:
            lines.extend(params)
            lines.append("")

    walk(root, "antq")
    return "\n".join(lines).rstrip() + "\n"


def readme_section(app) -> str:
    return "<!-- cli-reference:start -->\n" + markdown(app) + "<!-- cli-reference:end -->"


if __name__ == "__main__":
    import re
    import sys
    from pathlib import Path

    from antq.cli import app

    readme = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    text = re.sub(r"<!-- cli-reference:start -->.*<!-- cli-reference:end -->", lambda _: readme_section(app),
                  readme.read_text(encoding="utf-8"), flags=re.S)
    readme.write_text(text, encoding="utf-8")
    print(f"updated the CLI reference in {readme}")
