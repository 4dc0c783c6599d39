"""Downloader middleware: a redirect back to the same URL is an error of its
source. Scrapy's duplicate filter would otherwise drop it silently."""
from __future__ import annotations

from urllib.parse import urljoin

from scrapy.exceptions import IgnoreRequest


class RedirectLoopMiddleware:
    def process_response(self, request, response, spider=None):
        location = response.headers.get(b"Location")
        if 300 <= response.status < 400 and location:
            if urljoin(request.url, location.decode("latin-1")) == request.url:
                raise IgnoreRequest(f"redirect loop at {request.url}")
        return response
