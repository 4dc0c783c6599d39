"""Writes crawler/sources.toml from ../shared/sites/directory.csv.

    .venv/bin/python tools/import_directory.py [CSV] [OUT]

A development tool, run when the directory changes; antq never needs the CSV.
Every URL it writes is one the directory's evidence shows: the host's root,
the listing paths seen (`category_path`), and feeds or sitemaps seen
(`feed_or_sitemap`, flagged when the directory says they are only claimed).
Each source keeps its evidence level: `article` (an article URL was seen),
`listing` (only a listing, tag or category page) or `home` (only the host:
its home page, an image, a feed or an API URL); a source seen only so starts
from its home page and lets its family's URL rules find the articles.
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KIND = {"police": "police", "government": "government", "party": "government",
        "newspaper": "newspaper", "tv": "newspaper", "national": "newspaper"}
# The families' tell-tales in the directory's cms_hint, tried in order.
FAMILIES = [("tandan", r"Tân Dân"), ("sharepoint", r"SharePoint"), ("liferay", r"Liferay"),
            ("wordpress", r"WordPress"), ("nukeviet", r"NukeViet|/vi/news/"), ("dnn", r"DNN|DotNetNuke|tabid"),
            # post-July-2025 commune and ward portals: <xa>.<tinh>.gov.vn on their province's CMS
            ("commune_portal", r"<xa>\.|<phuong>\."),
            # the police rows' other shapes (/vn/<slug>-<id>.aspx, /ch40/, ?type=NEWS) fall to it by kind
            ("police_portal", r"A- A A\+|-N<id>\.aspx|/bai-viet/"), ]


def evidence(row: dict) -> str:
    """What the directory saw of the host: an article, only a listing, or only the host."""
    note = re.search(r"\[NOTE:([^\]]*)\]", row["evidence"])
    if not note:
        return "article"
    note = note.group(1)
    if re.search(r"\b(article|notice), not\b", note):
        return "article"  # an article off the movement's topic: the URL shape is seen all the same
    if re.search(r"listing|tag page|category", note):
        return "listing"
    return "home"


def family(row: dict) -> str:
    for name, rx in FAMILIES:
        if re.search(rx, row["cms_hint"]):
            return name
    if row["kind"] == "police":
        return "police_portal"
    if row["kind"] in ("newspaper", "tv", "national"):
        return "newspaper"
    return "generic"


def ident(host: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", host.lower().removeprefix("www.")).strip("-")


def paths(category_path: str) -> list[str]:
    """Listing paths written plainly ("/quoc-phong-an-ninh/"), not templates ("/tag/<tag>")."""
    return [p for p in (x.strip().split(" ")[0] for x in category_path.split(";"))
            if p.startswith("/") and "<" not in p]


def q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "sites" / "directory.csv"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "crawler" / "sources.toml"
    rows = list(csv.DictReader(src.open(encoding="utf-8")))
    lines = ["# Sources antq crawls: one [[source]] per real host, written by tools/import_directory.py",
             "# from the shared directory of hosts seen publishing movement news (evidence there).",
             "# Family defaults: crawler/families.toml. Edit by hand freely; keep URLs to what a site shows.", ""]
    for r in sorted(rows, key=lambda r: (r["province_pre2025"], r["kind"], r["host"])):
        kind = "police" if re.search(r"bocongan|mps\.gov|cand\.com", r["host"]) else KIND[r["kind"]]
        home = f"https://{r['host']}/"
        starts = [home] + [home.rstrip("/") + p for p in paths(r["category_path"])]
        feed = r["feed_or_sitemap"].strip()
        feed_url = re.match(r"https?://\S+", feed)
        lines += ["[[source]]", f"id = {q(ident(r['host']))}", f"name = {q(r['name'])}", f"kind = {q(kind)}",
                  f"outlet = {q(r['kind'])}"]
        if r["province_pre2025"] != "national":
            lines += [f"province = {q(r['province_pre2025'])}", f"province_2025 = {q(r['province_2025'])}"]
        lines += [f"family = {q(family(r))}", f"evidence = {q(evidence(r))}", f"home = {q(home)}",
                  "start_urls = [" + ", ".join(q(s) for s in dict.fromkeys(starts)) + "]"]
        # a feed seen on another host (an old domain) cannot feed this source's links
        if feed_url and feed_url.group().split("/")[2] == r["host"]:
            key = "sitemaps" if "sitemap" in feed_url.group() else "feeds"
            lines.append(f"{key} = [{q(feed_url.group().rstrip(',;)'))}]")
            if "claimed" in feed:
                lines.append("feeds_claimed = true")
        lines.append("")
    out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {len(rows)} sources to {out}")


if __name__ == "__main__":
    main()
