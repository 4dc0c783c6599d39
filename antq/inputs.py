"""Reads the documents given to the CLI: files or stdin, in any state.

Bad input never stops a batch: text in another charset than UTF-8 is decoded
as the crawler decodes pages, undecodable bytes are replaced and NUL bytes
blanked (and reported), HTML is reduced to its text, at most MAX_BYTES are
read, and a file that cannot be read (or is no regular file: a FIFO, a device,
a directory) is reported and skipped. Each problem is one line on stderr
naming the file.
"""
from __future__ import annotations

import json
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterator

import lxml.html

_HTML = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<div|<p[\s>])", re.IGNORECASE)
MAX_BYTES = 20_000_000


@dataclass
class Document:
    doc_id: str
    text: str
    warnings: list[str] = field(default_factory=list)


class UnreadableInput(Exception):
    """A document that gives no text at all (missing file, no permission, not a regular file)."""


def decode(data: bytes) -> tuple[str, list[str]]:
    """UTF-8 (with or without BOM); otherwise the crawler's charset handling (the
    declared charset, else a guess: UTF-16 with its BOM, Windows-1258 ...), with
    the text composed (NFC) as the NLP stage reads it."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    from crawler.page import decode as decode_page

    text, charset, warnings = decode_page(data)
    if charset.replace("_", "-").lower() in ("utf-8", "utf8"):  # no better guess: the bad bytes were replaced
        warnings = ["not valid UTF-8 and no other charset fits; undecodable bytes replaced"]
    return unicodedata.normalize("NFC", text.lstrip("\ufeff")), warnings


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


def from_bytes(doc_id: str, data: bytes, size: int | None = None) -> Document:
    """A document from its first bytes (at most MAX_BYTES + 1 are given; size: the
    whole input's length where known)."""
    warnings = []
    if len(data) > MAX_BYTES:
        whole = f"{size:,} bytes" if size else f"more than {MAX_BYTES:,} bytes"
        warnings.append(f"{whole}; only the first {MAX_BYTES:,} were read")
        data = data[:MAX_BYTES]
    text, more = decode(data)
    warnings += more
    if "\x00" in text:
        text = text.replace("\x00", " ")
        warnings.append("contains NUL bytes; they were blanked")
    if _HTML.match(text):
        text = html_to_text(text)
        warnings.append("looks like HTML; its text was extracted")
    return Document(doc_id, text, warnings)


def read_stream(stream: BinaryIO, doc_id: str = "stdin") -> Document:
    """A document from a stream (stdin), reading no more than the size limit allows."""
    return from_bytes(doc_id, stream.read(MAX_BYTES + 1))


def open_regular(path: Path) -> BinaryIO:
    """path opened for reading if it is a regular file: a FIFO or a device would hang
    or never end, and a directory has no text. UnreadableInput otherwise. Opened
    non-blocking, so that opening a FIFO does not wait for a writer."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise UnreadableInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UnreadableInput(f"{path}: is a directory") from None
    except OSError as e:
        raise UnreadableInput(f"{path}: cannot be read ({e.strerror})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket")
        raise UnreadableInput(f"{path}: is {kind}, not a regular file")
    return os.fdopen(fd, "rb")


def read_path(path: Path) -> Document:
    with open_regular(path) as f:
        try:
            data = f.read(MAX_BYTES + 1)
            size = os.fstat(f.fileno()).st_size
        except OSError as e:
            raise UnreadableInput(f"{path}: cannot be read ({e.strerror})") from None
    return from_bytes(path.stem, data, size)


def json_lines(path: Path) -> Iterator[tuple[int, Any, str | None]]:
    """(line number, value, None) for each non-blank line of a JSON-lines file, or
    (line number, None, problem) for a line that is no JSON. Lines are read one
    at a time, none longer than MAX_BYTES. UnreadableInput if the file is not."""
    with open_regular(path) as f:
        n = 0
        while True:
            try:
                line = f.readline(MAX_BYTES + 1)
            except OSError as e:
                raise UnreadableInput(f"{path}: cannot be read after line {n} ({e.strerror})") from None
            if not line:
                return
            n += 1
            if len(line) > MAX_BYTES and not line.endswith(b"\n"):
                while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                    pass  # the rest of that line
                yield n, None, f"longer than {MAX_BYTES:,} bytes"
                continue
            if not line.strip():
                continue
            try:
                yield n, json.loads(line.decode("utf-8-sig" if n == 1 else "utf-8")), None
            except UnicodeDecodeError as e:
                yield n, None, f"not UTF-8 (bad byte at column {e.start + 1})"
            except json.JSONDecodeError as e:
                yield n, None, f"not a JSON object ({e.msg})"
            except RecursionError:
                yield n, None, "nested too deeply"
