"""The crawl policy through the real engine, against the mirror: a new source is
backfilled whole without --full, later runs fetch only what is new, a source
added later is backfilled by the next run, and requests stay on each source's
own hosts."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from crawler import registry
from crawler.mirror import MirrorServer, build_sites, registry_toml
from crawler.run import crawl as run_crawl
from tests.crawler.test_crawl import crawl, rows


def _paths_fetched(mirror, before) -> dict[str, set[str]]:
    """Per host, the paths requested since `before` (a copy of mirror.hits)."""
    out: dict[str, set[str]] = {}
    for (host, path), n in mirror.hits.items():
        if n > before.get((host, path), 0):
            out.setdefault(host, set()).add(path)
    return out


def test_a_portal_with_a_feed_is_backfilled_then_crawled_incrementally(tmp_path):
    # 25 articles per site: more than a feed holds (20) and than two listing pages (10 each)
    sites = build_sites(125)
    late = next(s for s in sites if s.family == "nukeviet")  # added to the registry after the first run
    first = [s for s in sites if s is not late]
    with MirrorServer(sites) as mirror:
        (tmp_path / "mirror.toml").write_text(registry_toml(first, sitemaps=False), encoding="utf-8")
        result = crawl(tmp_path, "--no-throttle")
        assert result.returncode == 0, result.stderr[-2000:]
        stored = {u for (u,) in rows(tmp_path, "SELECT url FROM articles")}
        for s in first:  # every article of every listing, though the feed held fewer
            assert mirror.article_urls(s) <= stored, s.family
        assert dict(rows(tmp_path, "SELECT source_id, state FROM source_status")) == {s.id: "up_to_date" for s in first}

        before = dict(mirror.hits)
        (tmp_path / "mirror.toml").write_text(registry_toml(sites, sitemaps=False), encoding="utf-8")
        result = crawl(tmp_path, "--no-throttle")
        assert result.returncode == 0, result.stderr[-2000:]
        fetched = _paths_fetched(mirror, before)
        for s in first:  # only the first listing page (and the home page and feed), no article again
            assert fetched[s.host] <= {"/", s.listing_path(1), s.feed_path(), "/robots.txt"}, s.family
        assert mirror.hits[(sites[4].host, sites[4].listing_path(1))] - before[(sites[4].host, sites[4].listing_path(1))] == 1
        stored = {u for (u,) in rows(tmp_path, "SELECT url FROM articles")}
        assert mirror.article_urls(late) <= stored  # the source added later: backfilled with no flag
        assert rows(tmp_path, "SELECT count(*) FROM crawl_run_sources WHERE run_id = 2 AND new_articles > 0") == [(1,)]

        before = dict(mirror.hits)
        assert crawl(tmp_path, "--no-throttle").returncode == 0
        fetched = _paths_fetched(mirror, before)
        assert fetched[late.host] <= {"/", late.listing_path(1), late.feed_path(), "/robots.txt"}
        assert rows(tmp_path, "SELECT count(*), count(DISTINCT url) FROM articles") == [(126, 126)]
        status = rows(tmp_path, "SELECT state, articles FROM source_status WHERE source_id = 'nukeviet-mau'")
        assert status == [("up_to_date", 25)]


def test_a_backfill_cut_short_resumes_where_it_stopped(tmp_path):
    sites = build_sites(125)[:1]  # the police portal: 25 articles on three listing pages
    site = sites[0]
    with MirrorServer(sites) as mirror:
        (tmp_path / "mirror.toml").write_text(registry_toml(sites, sitemaps=False), encoding="utf-8")
        regs = registry.load(tmp_path / "mirror.toml")
        db, work = tmp_path / "w.duckdb", tmp_path / "work"
        # one listing page per chain and crawl: the backfill needs three crawls
        run_crawl(regs, db, workdir=work, throttle=False, max_pages=1)
        (state, note), = rows(tmp_path, "SELECT state, note FROM source_status")
        assert state == "backfilling" and "listing page" in note
        assert rows(tmp_path, "SELECT count(*) FROM articles") == [(10,)]
        run_crawl(regs, db, workdir=work, throttle=False, max_pages=1)
        assert rows(tmp_path, "SELECT count(*) FROM articles") == [(20,)]
        assert mirror.hits[(site.host, site.listing_path(2))] == 1  # resumed at page 2, not walked from page 1
        run_crawl(regs, db, workdir=work, throttle=False, max_pages=1)
        assert rows(tmp_path, "SELECT state FROM source_status") == [("up_to_date",)]
        assert {u for (u,) in rows(tmp_path, "SELECT url FROM articles")} == mirror.article_urls(site)


def test_a_backfill_goes_back_to_the_sources_since_date(tmp_path):
    sites = build_sites(125)[:1]  # the police portal: 25 articles, ten to a listing page, newest first
    site = sites[0]
    since = site.newest_first()[9].published  # the tenth newest: page 2 is older than this
    with MirrorServer(sites) as mirror:
        toml = registry_toml(sites, sitemaps=False).replace('family = "police_portal"\n',
                                                            f'family = "police_portal"\nsince = {since.isoformat()}\n')
        (tmp_path / "mirror.toml").write_text(toml, encoding="utf-8")
        run_crawl(registry.load(tmp_path / "mirror.toml"), tmp_path / "w.duckdb", workdir=tmp_path / "work",
                  throttle=False)
        assert mirror.hits[(site.host, site.listing_path(2))] == 1  # the page where it reached its since date
        assert mirror.hits[(site.host, site.listing_path(3))] == 0  # and no further
        (state, note), = rows(tmp_path, "SELECT state, note FROM source_status")
        assert state == "up_to_date" and since.isoformat() in note


def test_a_listing_trap_is_bounded_per_source(tmp_path):
    sites = build_sites(10)[:1]
    sites[0].trap = 30  # thirty endless listings linked from the home page
    with MirrorServer(sites) as mirror:
        (tmp_path / "mirror.toml").write_text(registry_toml(sites, sitemaps=False), encoding="utf-8")
        run_crawl(registry.load(tmp_path / "mirror.toml"), tmp_path / "w.duckdb", workdir=tmp_path / "work",
                  throttle=False, max_pages=5)
        trap_pages = sum(n for (_, p), n in mirror.hits.items() if p.startswith("/chuyen-muc-"))
        # at most three chains' worth of listing pages in all (15), not 30 chains of 5 (150)
        assert 0 < trap_pages <= 15
        assert rows(tmp_path, "SELECT state FROM source_status") == [("backfilling",)]


def test_requests_stay_on_the_sources_own_hosts(tmp_path):
    sites = build_sites(20)
    foreign = build_sites(10, hosts_from=20)[:1]  # another host (127.0.0.20), not in the registry
    with MirrorServer(foreign) as elsewhere, MirrorServer(sites) as mirror:
        away = [foreign[0].base + foreign[0].article_path(a) for a in foreign[0].articles]
        paper = next(s for s in sites if s.family == "newspaper")
        police = sites[0]
        paper.foreign_links = away[:1]  # in its feed, its sitemap and its first listing page
        mirror.redirects[police.article_path(police.articles[0])] = away[1]  # an article redirecting away
        (tmp_path / "mirror.toml").write_text(registry_toml(sites), encoding="utf-8")
        result = crawl(tmp_path, "--no-throttle")
        assert result.returncode == 0, result.stderr[-2000:]
        assert sum(elsewhere.hits.values()) == 0  # not even its robots.txt
        assert rows(tmp_path, f"SELECT count(*) FROM pages WHERE url LIKE '{foreign[0].base}%'") == [(0,)]
        offsite = dict(rows(tmp_path, "SELECT source_id, offsite FROM crawl_state"))
        assert offsite["congan-mau"] == 1 and offsite["bao-mau"] == 1  # the redirect; the feed item
        assert offsite["wp-mau"] == 0


class _Gone(BaseHTTPRequestHandler):
    """A portal taken offline: every path is 410 Gone. Paths asked for are kept."""
    asked: list[str] = []

    def do_GET(self):
        self.asked.append(self.path)
        self.send_response(410)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_source_that_never_answers_is_dead_and_only_probed(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.9", 0), _Gone)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.9:{server.server_address[1]}"
    (tmp_path / "gone.toml").write_text(
        f'[[source]]\nid = "gone"\nname = "Gone"\nkind = "government"\nhome = "{base}/"\n'
        f'start_urls = ["{base}/", "{base}/tin-tuc/"]\nfeeds = ["{base}/rss/home.rss"]\n', encoding="utf-8")
    regs = registry.load(tmp_path / "gone.toml")
    seen, asked = [], []
    try:
        for _ in range(5):
            _Gone.asked.clear()
            run_crawl(regs, tmp_path / "w.duckdb", workdir=tmp_path / "work", throttle=False)
            seen.append(rows(tmp_path, "SELECT state FROM source_status")[0][0])
            asked.append(set(_Gone.asked) - {"/robots.txt"})
    finally:
        server.shutdown()
        server.server_close()
    assert seen == ["failing", "failing", "failing", "dead", "dead"]
    assert asked[0] == {"/", "/tin-tuc/", "/rss/home.rss"} and asked[4] == {"/"}  # dead: its home page only
    (since, note), = rows(tmp_path, "SELECT since, note FROM source_status")
    assert since == rows(tmp_path, "SELECT finished_at FROM crawl_runs WHERE id = 1")[0][0]  # dead since its first failure
    assert "probed" in note
