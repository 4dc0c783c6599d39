-- Researchers' corrections, layered over the extraction and never overwritten by it.
-- A correction is anchored to what it corrects: the article, the item's text and
-- its character offsets, and a hash of the sentence it stood in. The extraction's
-- own rows are kept as they were; views apply the corrections in force on top.
CREATE TABLE corrections (
    id            VARCHAR PRIMARY KEY,   -- hash of the correction's content: importing it twice adds it once
    created_at    TIMESTAMP NOT NULL,
    reviewer      VARCHAR NOT NULL,      -- $ANTQ_REVIEWER, else the OS user
    item          VARCHAR NOT NULL,      -- figure / model / unit
    article_id    BIGINT NOT NULL,
    start_offset  INTEGER NOT NULL,      -- the item's offsets in the article text, as in `figures`
    end_offset    INTEGER NOT NULL,
    text          VARCHAR NOT NULL,      -- the item's text at those offsets
    sentence_hash VARCHAR,               -- md5 of its sentence when corrected (NULL: not checked)
    action        VARCHAR NOT NULL,      -- accept / set / reject / add / undo
    field         VARCHAR,               -- set: value, total, indicator, period or locality (figures); name, count or kind
    old_value     JSON,                  -- what the extraction (or the correction before) said
    new_value     JSON,                  -- set: the new value; add: the whole new figure
    reason        VARCHAR,               -- reject: not_a_figure / duplicate / ...
    undoes        VARCHAR,               -- undo: the id of the correction it takes back
    note          VARCHAR
);

-- The corrections in force: not taken back by an undo, and for each item and field
-- the latest one.
CREATE VIEW corrections_in_force AS
SELECT c.* FROM corrections c
WHERE c.action IN ('accept', 'set', 'reject', 'add')
  AND NOT EXISTS (SELECT 1 FROM corrections u WHERE u.action = 'undo' AND u.undoes = c.id)
QUALIFY row_number() OVER (
    PARTITION BY c.item, c.article_id, c.start_offset, c.end_offset,
                 CASE WHEN c.action = 'set' THEN 'set:' || c.field WHEN c.action = 'accept' THEN 'accept' ELSE 'state' END
    ORDER BY c.created_at DESC, c.id DESC) = 1;

-- Each correction in force and whether its anchor still holds in the current
-- extraction: 'applied', 'sentence_changed' (the item is there but its sentence was
-- rewritten: review it again) or 'not_found' (no such item at those offsets now).
CREATE VIEW correction_status AS
WITH anchors AS (
    SELECT c.id, 'figure' AS item, f.article_id, f.start_offset, f.end_offset, f.text,
           md5(substring(a.text, f.sentence_start + 1, f.sentence_end - f.sentence_start)) AS sentence_hash
    FROM corrections_in_force c
    JOIN figures f ON c.item = 'figure' AND f.article_id = c.article_id
                  AND f.start_offset = c.start_offset AND f.end_offset = c.end_offset AND f.text = c.text
    JOIN articles a ON a.id = f.article_id
    UNION ALL
    SELECT c.id, 'model', m.article_id, m.start_offset, m.end_offset, m.name, NULL
    FROM corrections_in_force c
    JOIN models m ON c.item = 'model' AND m.article_id = c.article_id
                 AND m.start_offset = c.start_offset AND m.end_offset = c.end_offset
    UNION ALL
    SELECT c.id, 'unit', u.article_id, u.start_offset, u.end_offset, u.name, NULL
    FROM corrections_in_force c
    JOIN units u ON c.item = 'unit' AND u.article_id = c.article_id
                AND u.start_offset = c.start_offset AND u.end_offset = c.end_offset
), added AS (
    -- a figure a reviewer added holds while the article still reads the same there
    SELECT c.id FROM corrections_in_force c JOIN articles a ON a.id = c.article_id
    WHERE c.action = 'add' AND substring(a.text, c.start_offset + 1, c.end_offset - c.start_offset) = c.text
)
SELECT c.*,
       CASE WHEN c.action = 'add' THEN CASE WHEN ad.id IS NULL THEN 'not_found' ELSE 'applied' END
            WHEN an.id IS NULL THEN 'not_found'
            WHEN c.sentence_hash IS NOT NULL AND an.sentence_hash IS NOT NULL
                 AND c.sentence_hash <> an.sentence_hash THEN 'sentence_changed'
            ELSE 'applied' END AS status
FROM corrections_in_force c
LEFT JOIN anchors an ON an.id = c.id
LEFT JOIN added ad ON ad.id = c.id;

-- Figures as researchers read them: the extraction with the corrections that hold
-- applied (rejected ones left out, added ones in), and which values were corrected.
CREATE VIEW figures_effective AS
WITH applied AS (
    SELECT * FROM correction_status WHERE status = 'applied' AND item = 'figure'
), sets AS (
    SELECT article_id, start_offset, end_offset,
           bool_or(field = 'value') AS has_value,         any_value(new_value) FILTER (WHERE field = 'value') AS value,
           bool_or(field = 'total') AS has_total,         any_value(new_value) FILTER (WHERE field = 'total') AS total,
           bool_or(field = 'indicator') AS has_indicator, any_value(new_value) FILTER (WHERE field = 'indicator') AS indicator,
           bool_or(field = 'period') AS has_period,       any_value(new_value) FILTER (WHERE field = 'period') AS period,
           bool_or(field = 'locality') AS has_locality,   any_value(new_value) FILTER (WHERE field = 'locality') AS locality,
           list(field ORDER BY field) AS fields
    FROM applied WHERE action = 'set' GROUP BY ALL
), rejected AS (
    SELECT article_id, start_offset, end_offset FROM applied WHERE action = 'reject'
), accepted AS (
    SELECT article_id, start_offset, end_offset FROM applied WHERE action = 'accept'
)
SELECT f.article_id, f.run_id, f.seq, f.text,
       CASE WHEN s.has_value THEN s.value::DOUBLE ELSE f.value END AS value,
       CASE WHEN s.has_total THEN s.total::DOUBLE ELSE f.total END AS total,
       f.value_max, f.unit,
       CASE WHEN s.has_indicator THEN s.indicator ->> '$' ELSE f.indicator END AS indicator,
       f.approx,
       CASE WHEN s.has_period THEN s.period ->> '$' ELSE f.period END AS period,
       f.period_start, f.period_end, f.period_kind, f.start_offset, f.end_offset, f.sentence_start, f.sentence_end,
       f.confidence,
       CASE WHEN s.has_locality THEN s.locality ->> 'level' ELSE f.scope_level END AS scope_level,
       CASE WHEN s.has_locality THEN s.locality ->> 'name' ELSE f.scope_name END AS scope_name,
       CASE WHEN s.has_locality THEN coalesce(s.locality ->> 'gazetteer', 'legacy') ELSE f.scope_gazetteer END AS scope_gazetteer,
       CASE WHEN s.has_locality THEN s.locality ->> 'code' ELSE f.scope_code END AS scope_code,
       coalesce(s.fields, []) AS corrected_fields,
       ac.article_id IS NOT NULL AS reviewed
FROM figures f
LEFT JOIN sets s USING (article_id, start_offset, end_offset)
LEFT JOIN accepted ac USING (article_id, start_offset, end_offset)
WHERE NOT EXISTS (SELECT 1 FROM rejected r WHERE r.article_id = f.article_id
                  AND r.start_offset = f.start_offset AND r.end_offset = f.end_offset)
UNION ALL
SELECT c.article_id, NULL, NULL, c.text, (c.new_value ->> 'value')::DOUBLE, (c.new_value ->> 'total')::DOUBLE,
       NULL, c.new_value ->> 'unit', c.new_value ->> 'indicator', NULL, c.new_value ->> 'period',
       NULL, NULL, NULL, c.start_offset, c.end_offset, NULL, NULL, NULL,
       c.new_value -> 'locality' ->> 'level', c.new_value -> 'locality' ->> 'name',
       CASE WHEN (c.new_value -> 'locality') IS NOT NULL THEN coalesce(c.new_value -> 'locality' ->> 'gazetteer', 'legacy') END,
       c.new_value -> 'locality' ->> 'code', ['added'], true
FROM correction_status c WHERE c.status = 'applied' AND c.item = 'figure' AND c.action = 'add';

-- Models and units as researchers read them: rejected ones left out, renamed ones renamed.
CREATE VIEW models_effective AS
WITH applied AS (SELECT * FROM correction_status WHERE status = 'applied' AND item = 'model')
SELECT m.article_id, m.run_id, m.seq,
       coalesce((SELECT any_value(new_value ->> '$') FROM applied c WHERE c.action = 'set' AND c.field = 'name'
                 AND c.article_id = m.article_id AND c.start_offset = m.start_offset AND c.end_offset = m.end_offset),
                m.name) AS name,
       m.family,
       coalesce((SELECT any_value((new_value ->> '$')::INTEGER) FROM applied c WHERE c.action = 'set' AND c.field = 'count'
                 AND c.article_id = m.article_id AND c.start_offset = m.start_offset AND c.end_offset = m.end_offset),
                m.count) AS count,
       m.mentions, m.start_offset, m.end_offset
FROM models m
WHERE NOT EXISTS (SELECT 1 FROM applied c WHERE c.action = 'reject' AND c.article_id = m.article_id
                  AND c.start_offset = m.start_offset AND c.end_offset = m.end_offset);

CREATE VIEW units_effective AS
WITH applied AS (SELECT * FROM correction_status WHERE status = 'applied' AND item = 'unit')
SELECT u.article_id, u.run_id, u.seq,
       coalesce((SELECT any_value(new_value ->> '$') FROM applied c WHERE c.action = 'set' AND c.field = 'name'
                 AND c.article_id = u.article_id AND c.start_offset = u.start_offset AND c.end_offset = u.end_offset),
                u.name) AS name,
       coalesce((SELECT any_value(new_value ->> '$') FROM applied c WHERE c.action = 'set' AND c.field = 'kind'
                 AND c.article_id = u.article_id AND c.start_offset = u.start_offset AND c.end_offset = u.end_offset),
                u.kind) AS kind,
       coalesce((SELECT any_value((new_value ->> '$')::INTEGER) FROM applied c WHERE c.action = 'set' AND c.field = 'count'
                 AND c.article_id = u.article_id AND c.start_offset = u.start_offset AND c.end_offset = u.end_offset),
                u.count) AS count,
       u.start_offset, u.end_offset
FROM units u
WHERE NOT EXISTS (SELECT 1 FROM applied c WHERE c.action = 'reject' AND c.article_id = u.article_id
                  AND c.start_offset = u.start_offset AND c.end_offset = u.end_offset);

CREATE OR REPLACE VIEW model_counts AS
SELECT l.level, l.unit_code, l.unit_name, l.province_name, p25.name AS province_2025_name, m.family,
       count(DISTINCT lower(m.name)) AS models, sum(m.count) AS reported_count,
       count(DISTINCT m.article_id) AS articles, string_agg(DISTINCT m.name, '; ') AS names
FROM models_effective m
JOIN articles a ON a.id = m.article_id AND a.duplicate_of IS NULL
LEFT JOIN article_localities l ON l.article_id = m.article_id
LEFT JOIN gaz_provinces_2025 p25 ON p25.code = l.province_2025_code
GROUP BY ALL;

COMMENT ON TABLE corrections IS 'Researchers'' corrections over the extraction (antq review, antq corrections import); the extraction itself is never changed.';
COMMENT ON VIEW corrections_in_force IS 'The latest correction per item and field, not undone.';
COMMENT ON VIEW correction_status IS 'Each correction in force and whether its anchor still holds: applied, sentence_changed (review again) or not_found.';
COMMENT ON VIEW figures_effective IS 'figures with the corrections that hold applied: rejected ones out, added ones in, corrected_fields naming what changed.';
COMMENT ON VIEW models_effective IS 'models with corrections applied (rejected ones out, renamed ones renamed).';
COMMENT ON VIEW units_effective IS 'units with corrections applied (rejected ones out, renamed ones renamed).';
