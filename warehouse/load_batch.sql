-- One batch of extraction records, as warehouse/loader.py runs it. `incoming`
-- is the batch (id, ord, rec) registered from Arrow; $1 is the extraction run.
-- The first two statements stage the batch; the rest run in one transaction.

-- 1. Stage the batch: the last record of an article wins; hash each extraction
--    (DuckDB's hash: a newer DuckDB may hash differently and reload each article once).
CREATE TEMP TABLE staged AS
SELECT i.id, i.rec, hash(i.rec)::VARCHAR AS h, a.extraction_hash AS old_h
FROM incoming i LEFT JOIN articles a ON a.id = i.id
QUALIFY row_number() OVER (PARTITION BY i.id ORDER BY i.ord DESC) = 1;

-- 2. An article whose extraction is unchanged is left alone.
DELETE FROM staged WHERE h = old_h;

-- 3. Replace everything derived from the changed articles that were loaded
--    before (the loader skips these deletes when every article is new).
DELETE FROM figures WHERE article_id IN (SELECT id FROM staged WHERE old_h IS NOT NULL);
DELETE FROM models WHERE article_id IN (SELECT id FROM staged WHERE old_h IS NOT NULL);
DELETE FROM units WHERE article_id IN (SELECT id FROM staged WHERE old_h IS NOT NULL);
DELETE FROM locality_mentions WHERE article_id IN (SELECT id FROM staged WHERE old_h IS NOT NULL);
DELETE FROM legal_refs WHERE article_id IN (SELECT id FROM staged WHERE old_h IS NOT NULL);
DELETE FROM articles WHERE id IN (SELECT id FROM staged WHERE old_h IS NOT NULL);

INSERT INTO articles (id, doc_id, url, source_id, title, published, published_date, author, text, content_hash,
                      relevance, duplicate_of, loaded_at, nlp_version, extraction_hash, warnings)
SELECT id, rec.doc_id, rec.url, rec.source_id, rec.title, rec.published,
       CASE length(rec.published)
           WHEN 4 THEN try_cast(rec.published || '-01-01' AS DATE)
           WHEN 7 THEN try_cast(rec.published || '-01' AS DATE)
           ELSE try_cast(left(rec.published, 10) AS DATE) END,
       rec.author, rec.text, md5(rec.text), rec.relevance, rec.duplicate_of, now(), rec.nlp_version, h,
       coalesce(rec.warnings, [])
FROM staged;

INSERT INTO figures
SELECT id, $1, i - 1, f.text, f.value, f.total, f.value_max, f.unit, f.indicator, f.approx, f.period,
       try_cast(f.period_start AS DATE), try_cast(f.period_end AS DATE), f.period_kind, f.start, f."end",
       f.sentence_start, f.sentence_end, f.confidence,
       f.locality.level, f.locality.name, f.locality.gazetteer, f.locality.code
FROM (SELECT id, unnest(rec.figures) AS f, generate_subscripts(rec.figures, 1) AS i FROM staged);

INSERT INTO models
SELECT id, $1, i - 1, m.name, m.family, m.count, m.mentions, m.start, m."end"
FROM (SELECT id, unnest(rec.models) AS m, generate_subscripts(rec.models, 1) AS i FROM staged);

INSERT INTO units
SELECT id, $1, i - 1, u.name, u.kind, u.count, u.start, u."end"
FROM (SELECT id, unnest(rec.units) AS u, generate_subscripts(rec.units, 1) AS i FROM staged);

INSERT INTO locality_mentions
SELECT id, $1, 0, true, p.level, p.name, p.gazetteer, p.code, p.district_code, p.province_code, p.mentions,
       p.start, p."end"
FROM (SELECT id, rec.primary_locality AS p FROM staged WHERE rec.primary_locality IS NOT NULL)
UNION ALL
SELECT id, $1, i - (NOT has_primary)::INT, false, l.level, l.name, l.gazetteer, l.code, l.district_code,
       l.province_code, l.mentions, l.start, l."end"
FROM (SELECT id, rec.primary_locality IS NOT NULL AS has_primary, unnest(rec.localities) AS l,
             generate_subscripts(rec.localities, 1) AS i FROM staged);

-- legal_ref_details carries keys and offsets; plain legal_refs (strings) are read where it is missing
INSERT INTO legal_refs
SELECT id, $1, i - 1, r.text, coalesce(r.key, r.text), r.doc_type, r.start, r."end"
FROM (SELECT id, unnest(rec.legal_ref_details) AS r, generate_subscripts(rec.legal_ref_details, 1) AS i
      FROM staged WHERE len(rec.legal_ref_details) > 0)
UNION ALL
SELECT id, $1, i - 1, t, t, NULL, NULL, NULL
FROM (SELECT id, unnest(rec.legal_refs) AS t, generate_subscripts(rec.legal_refs, 1) AS i
      FROM staged WHERE coalesce(len(rec.legal_ref_details), 0) = 0);
