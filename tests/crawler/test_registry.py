"""The registry of real sources, and its validation."""
import csv
from urllib.parse import urlsplit

import pytest

from crawler import registry


def test_the_shipped_registry():
    sources = registry.load()
    assert len(sources) >= 100
    assert len({s.province for s in sources if s.province}) >= 40
    provinces = {s.province for s in sources}
    assert {"Thanh Hóa", "Bắc Giang", "Sơn La", "Kon Tum", "Yên Bái"} <= provinces
    assert {s.kind for s in sources} == {"police", "government", "newspaper"}
    assert len({s.family for s in sources}) >= 6


def test_every_url_stays_on_its_own_host():
    for s in registry.load():
        for url in (*s.start_urls, *s.feeds, *s.sitemaps):
            assert urlsplit(url).hostname == s.domain, (s.id, url)


def test_every_host_is_one_the_directory_evidences(shared):
    rows = csv.DictReader((shared / "sites" / "directory.csv").open(encoding="utf-8"))
    evidenced = {r["host"] for r in rows}
    assert {s.domain for s in registry.load()} <= evidenced


def write(tmp_path, text):
    p = tmp_path / "sources.toml"
    p.write_text(text, encoding="utf-8")
    return p


GOOD = '[[source]]\nid = "a"\nname = "A"\nkind = "police"\nhome = "http://127.0.0.1:1/"\n'


@pytest.mark.parametrize("text, message", [
    (GOOD + GOOD, r"sources.toml:2: duplicate source id 'a'"),
    (GOOD + 'colour = "red"\n', r"sources.toml:2: source 'a': unknown key 'colour' \(line 6\)"),
    (GOOD + "article = '([unclosed'\n", r"sources.toml:2: source 'a': article is not a valid regex"),
    (GOOD.replace("police", "radio"), r"kind 'radio' is not one of"),
    (GOOD + 'family = "joomla"\n', r"unknown family 'joomla'"),
    (GOOD + 'selectors = { headline = "h1" }\n', r"unknown selector 'headline'"),
    ("[[source]\nid=", r"not valid TOML"),
])
def test_bad_registries_name_the_line(tmp_path, text, message):
    with pytest.raises(registry.RegistryError, match=message):
        registry.load(write(tmp_path, text))


def test_a_site_is_a_few_lines_on_its_family(tmp_path):
    (s,) = registry.load(write(tmp_path, GOOD + 'family = "tandan"\n'))
    assert s.pagination == "postback" and s.selectors["title"] == ".tandan-title-view"
    assert s.article.search("/portal/Pages/2020-11-3/Tin-moi-cgc20c.aspx")
    assert s.start_urls == ("http://127.0.0.1:1/",)


def test_unknown_source_ids_are_an_error():
    with pytest.raises(registry.RegistryError, match="unknown source id"):
        registry.select(registry.load(), ["no-such-site"])


def test_the_directory_is_imported_whole_with_its_evidence(shared):
    rows = list(csv.DictReader((shared / "sites" / "directory.csv").open(encoding="utf-8")))
    sources = registry.load()
    assert {s.domain for s in sources} == {r["host"] for r in rows}
    assert {s.evidence for s in sources} == {"article", "listing", "home"}
    communes = [s for s in sources if s.family == "commune_portal"]
    # <xa>.<tinh>.gov.vn, beside the provincial portal whose CMS they share
    assert sum(s.domain.endswith(".gov.vn") and s.domain.count(".") == 3 for s in communes) >= 8


@pytest.mark.parametrize("family, path", [
    ("police_portal", "/vn/cong-an-xa-ra-mat-mo-hinh-12345.aspx"),
    ("police_portal", "/ch40/56789.prt"),
    ("police_portal", "/ch40/56789-Cong-An-Xa-Ra-Mat.mhtml"),
    ("police_portal", "/tin-tuc/an-ninh/202507/cong-an-xa-ra-mat-mo-hinh-4321/"),
    ("police_portal", "/?id=812&type=NEWS"),
    ("commune_portal", "/tin-tuc-su-kien/xa-ra-mat-to-an-ninh-co-so-123456"),
    ("commune_portal", "/tin-tuc-su-kien/an-ninh-trat-tu/xa-ra-mat-to-an-ninh-co-so/"),
])
def test_the_new_url_families_are_recognised(tmp_path, family, path):
    (s,) = registry.load(write(tmp_path, GOOD + f'family = "{family}"\n'))
    assert s.article.search(path)


def test_since_and_hosts_are_read_and_checked(tmp_path):
    (s,) = registry.load(write(tmp_path, '[crawl]\nsince = 2020-01-01\n' + GOOD + 'hosts = ["cdn.example.vn"]\n'))
    assert str(s.since) == "2020-01-01" and s.owns("http://cdn.example.vn/a") and s.owns("http://www.127.0.0.1:1/")
    assert not s.owns("http://127.0.0.2:1/")
    with pytest.raises(registry.RegistryError, match="since must be a date"):
        registry.load(write(tmp_path, GOOD + 'since = "last year"\n'))
