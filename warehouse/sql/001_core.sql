-- Core tables: where articles come from, what was fetched, what the NLP stage found.
-- Every derived row names the article and the extraction run that made it.
-- Derived tables have no key index: (article_id, seq) is unique because the
-- loader replaces an article's rows whole, and an index would triple load time.

CREATE TABLE sources (
    id            VARCHAR PRIMARY KEY,   -- registry id (crawler/sources.toml)
    name          VARCHAR NOT NULL,
    kind          VARCHAR,               -- police / government / newspaper
    province      VARCHAR,               -- pre-2025 province name
    province_2025 VARCHAR,               -- post-2025 province name
    home_url      VARCHAR,
    cms           VARCHAR
);

CREATE TABLE crawl_runs (
    id          BIGINT PRIMARY KEY,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      VARCHAR,                 -- running / ok / partial / failed
    errors      VARCHAR
);

CREATE TABLE crawl_run_sources (
    run_id       BIGINT NOT NULL,
    source_id    VARCHAR NOT NULL,
    pages        INTEGER DEFAULT 0,
    new_articles INTEGER DEFAULT 0,
    relevant     INTEGER DEFAULT 0,
    duplicates   INTEGER DEFAULT 0,
    errors       INTEGER DEFAULT 0,
    last_error   VARCHAR,
    PRIMARY KEY (run_id, source_id)
);

CREATE TABLE pages (
    url          VARCHAR PRIMARY KEY,
    source_id    VARCHAR,
    fetched_at   TIMESTAMP,
    status       INTEGER,
    headers      JSON,                   -- the headers that matter (content-type, last-modified, etag)
    html_gz      BLOB                    -- raw HTML, gzip-compressed, for re-extraction without crawling
);

CREATE TABLE articles (
    id              BIGINT PRIMARY KEY,  -- stable hash of the canonical URL (or document id)
    doc_id          VARCHAR NOT NULL,
    url             VARCHAR,
    source_id       VARCHAR,
    title           VARCHAR,
    published       VARCHAR,             -- as precise as known: 2022, 2022-08 or 2022-08-15
    published_date  DATE,                -- first day of what `published` names
    author          VARCHAR,
    text            VARCHAR,
    content_hash    VARCHAR,
    relevance       DOUBLE,
    duplicate_of    BIGINT,              -- the first article this one copies, if any
    loaded_at       TIMESTAMP,
    nlp_version     VARCHAR,
    extraction_hash VARCHAR              -- hash of the extraction, so an unchanged reload changes nothing
);

CREATE TABLE extraction_runs (
    id          BIGINT PRIMARY KEY,
    nlp_version VARCHAR NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    articles    INTEGER
);

CREATE TABLE figures (
    article_id     BIGINT NOT NULL,
    run_id         BIGINT NOT NULL,
    seq            INTEGER NOT NULL,     -- order in the article
    text           VARCHAR,
    value          DOUBLE,
    total          DOUBLE,
    value_max      DOUBLE,
    unit           VARCHAR,
    indicator      VARCHAR,
    approx         VARCHAR,
    period         VARCHAR,
    period_start   DATE,
    period_end     DATE,
    period_kind    VARCHAR,              -- year / part_of_year / to_date / rate / range
    start_offset   INTEGER,
    end_offset     INTEGER,
    sentence_start INTEGER,
    sentence_end   INTEGER,
    confidence     DOUBLE
);

CREATE TABLE models (
    article_id   BIGINT NOT NULL,
    run_id       BIGINT NOT NULL,
    seq          INTEGER NOT NULL,
    name         VARCHAR,
    family       VARCHAR,
    count        INTEGER,
    mentions     INTEGER,
    start_offset INTEGER,
    end_offset   INTEGER
);

CREATE TABLE units (
    article_id   BIGINT NOT NULL,
    run_id       BIGINT NOT NULL,
    seq          INTEGER NOT NULL,
    name         VARCHAR,
    kind         VARCHAR,                -- police / committee / organisation / team
    count        INTEGER,
    start_offset INTEGER,
    end_offset   INTEGER
);

CREATE TABLE locality_mentions (
    article_id    BIGINT NOT NULL,
    run_id        BIGINT NOT NULL,
    seq           INTEGER NOT NULL,
    is_primary    BOOLEAN NOT NULL,
    level         VARCHAR,               -- province / district / commune
    name          VARCHAR,               -- as the article spells it
    gazetteer     VARCHAR,               -- legacy (before 1 July 2025) or 2025
    code          VARCHAR,               -- code in that gazetteer
    district_code VARCHAR,
    province_code VARCHAR,
    mentions      INTEGER,
    start_offset  INTEGER,
    end_offset    INTEGER
);

CREATE TABLE legal_refs (
    article_id   BIGINT NOT NULL,
    run_id       BIGINT NOT NULL,
    seq          INTEGER NOT NULL,
    text         VARCHAR,                -- first wording in the article
    key          VARCHAR,                -- canonical key: one document, one key
    doc_type     VARCHAR,
    start_offset INTEGER,
    end_offset   INTEGER
);
