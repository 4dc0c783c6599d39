"""Full-text search over articles with DuckDB's fts extension, loaded from its
PyPI package (duckdb-extension-fts; nothing is downloaded at run time). The
writer builds the index; readers query it, and fall back to a plain title/text
match where the extension cannot load."""
from __future__ import annotations

from importlib import resources

import duckdb


def load_fts(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        con.execute("LOAD fts")
        return True
    except duckdb.Error:
        pass
    try:
        path = resources.files("duckdb_extension_fts").joinpath("extensions", f"v{duckdb.__version__}",
                                                                "fts.duckdb_extension")
        con.execute(f"INSTALL '{path}'")
        con.execute("LOAD fts")
        return True
    except (duckdb.Error, ModuleNotFoundError, FileNotFoundError):
        return False


def build_index(con: duckdb.DuckDBPyConnection) -> bool:
    """(Re)build the index over article titles and texts; the writer calls it before each swap."""
    if not load_fts(con):
        return False
    con.execute("PRAGMA create_fts_index('articles', 'id', 'title', 'text', stemmer = 'none', "
                "stopwords = 'none', strip_accents = 0, lower = 1, overwrite = 1)")
    return True


def search(con: duckdb.DuckDBPyConnection, query: str, *, limit: int = 50, where: str = "TRUE",
           params: list | None = None) -> list[tuple]:
    """(id, title, published, source_id, score) of the best matches; `where` filters on
    columns of articles (a), with its values in params."""
    params = params or []
    if load_fts(con):
        try:
            return con.execute(
                f"SELECT a.id, a.title, a.published, a.source_id, s.score FROM "
                f"(SELECT id, fts_main_articles.match_bm25(id, ?) AS score FROM articles) s "
                f"JOIN articles a USING (id) WHERE s.score IS NOT NULL AND {where} ORDER BY s.score DESC LIMIT ?",
                [query, *params, limit]).fetchall()
        except duckdb.CatalogException:
            pass  # no index yet (a file written before search existed)
    return con.execute(
        f"SELECT a.id, a.title, a.published, a.source_id, NULL FROM articles a "
        f"WHERE (a.title ILIKE '%' || ? || '%' OR a.text ILIKE '%' || ? || '%') AND {where} "
        f"ORDER BY a.published DESC NULLS LAST LIMIT ?", [query, query, *params, limit]).fetchall()
