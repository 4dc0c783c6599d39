"""Reads the documents given to the CLI: files or stdin, in any state.

Bad input never stops a batch: undecodable bytes are replaced (and reported),
HTML is reduced to its text, and a file that cannot be read is reported and
skipped. Each problem is one line on stderr naming the file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

_HTML = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<div|<p[\s>])", re.IGNORECASE)
MAX_BYTES = 20_000_000


@dataclass
class Document:
    doc_id: str
    text: str
    warnings: list[str] = field(default_factory=list)


class UnreadableInput(Exception):
    """A document that gives no text at all (missing file, a directory, no permission)."""


def decode(data: bytes) -> tuple[str, list[str]]:
    warnings = []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        text = data.decode("utf-8", errors="replace")
        warnings.append(f"not valid UTF-8 (first bad byte at offset {e.start}); undecodable bytes replaced")
    return text, warnings


def html_to_text(html: str) -> str:
    """The visible text of an HTML page, one block per line."""
    try:
        root = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return re.sub(r"<[^>]+>", " ", html)
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for block in root.xpath("//p|//div|//br|//li|//h1|//h2|//h3|//tr"):
        block.tail = "\n" + (block.tail or "")
    return re.sub(r"\n\s*\n+", "\n\n", root.text_content()).strip()


def from_bytes(doc_id: str, data: bytes) -> Document:
    warnings = []
    if len(data) > MAX_BYTES:
        warnings.append(f"{len(data):,} bytes; only the first {MAX_BYTES:,} were read")
        data = data[:MAX_BYTES]
    text, more = decode(data)
    warnings += more
    if "\x00" in text:
        warnings.append("contains NUL bytes; they were blanked")
    if _HTML.match(text):
        text = html_to_text(text)
        warnings.append("looks like HTML; its text was extracted")
    return Document(doc_id, text, warnings)


def read_path(path: Path) -> Document:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UnreadableInput(f"{path}: is a directory") from None
    except OSError as e:
        raise UnreadableInput(f"{path}: cannot be read ({e.strerror})") from None
    return from_bytes(path.stem, data)
