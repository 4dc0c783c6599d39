-- Where each source's crawling stands (crawler/state.py writes it after every crawl):
-- a new source is backfilled (its listings walked to the end or back to its
-- `since` date), then crawled incrementally; one that fails run after run is
-- failing, then dead, and then only its home page is probed.

CREATE TABLE crawl_state (
    source_id     VARCHAR PRIMARY KEY,
    state         VARCHAR NOT NULL,    -- backfilling / up_to_date / failing / dead
    since         TIMESTAMP,           -- when the source entered this state
    backfill_to   DATE,                -- the oldest publication date its backfill goes back to
    resume        JSON,                -- listing pages where an unfinished backfill goes on (a list of URLs)
    last_success  TIMESTAMP,           -- the last run where the source answered
    failures      INTEGER DEFAULT 0,   -- runs in a row where it did not answer
    backfilled    TIMESTAMP,           -- when its backfill was complete (NULL: not yet)
    offsite       INTEGER DEFAULT 0,   -- requests to other hosts dropped in its last run
    note          VARCHAR
);
COMMENT ON TABLE crawl_state IS 'Per source: backfilling, up to date, failing or dead, since when, and where an unfinished backfill resumes.';

CREATE VIEW source_status AS
SELECT s.id                                      AS source_id,
       s.name                                    AS source_name,
       coalesce(c.state, 'new')                  AS state,
       c.since                                   AS since,
       c.last_success                            AS last_success,
       coalesce(a.articles, 0)::BIGINT           AS articles,
       c.note                                    AS note
FROM sources s
LEFT JOIN crawl_state c ON c.source_id = s.id
LEFT JOIN (SELECT source_id, count(*) AS articles FROM articles GROUP BY source_id) a ON a.source_id = s.id;
COMMENT ON VIEW source_status IS 'Per source: new, backfilling, up_to_date, failing or dead, since when, its last good run, its articles and a note.';
