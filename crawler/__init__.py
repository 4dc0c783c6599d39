"""Scrapy project that finds and fetches article pages from the registry in sources.toml (issue 4)."""
