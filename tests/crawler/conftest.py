import pytest

from crawler.mirror import MirrorServer, build_sites, registry_toml


@pytest.fixture
def mirror(tmp_path):
    """The packaged mirror (60 generated articles over five CMS families) served on
    127.0.0.x, with its registry at tmp_path/mirror.toml."""
    sites = build_sites(60)
    with MirrorServer(sites) as m:
        (tmp_path / "mirror.toml").write_text(registry_toml(sites), encoding="utf-8")
        yield m
