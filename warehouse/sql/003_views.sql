-- Views for analysts. Their names and columns are stable: scripts depend on them.

-- Each article's primary locality, in the units of its day and in the 2025 units.
-- Computed here, stored by the writer (warehouse/refresh.sql) and read through
-- article_localities, like locality_outcomes below.
CREATE VIEW article_localities_live AS
SELECT
    m.article_id,
    CASE WHEN m.gazetteer = '2025' THEN m.level || '_2025' ELSE m.level END AS level,
    m.code AS unit_code,
    coalesce(c.name, d.name, p.name, c25.name, p25.name) AS unit_name,
    coalesce(c.district_code, d.code) AS district_code,
    coalesce(dc.name, d.name) AS district_name,
    coalesce(c.province_code, d.province_code, p.code) AS province_code,
    coalesce(pc.name, pd.name, p.name) AS province_name,
    coalesce(c.province_2025_code, d.province_2025_code, p.province_2025_code, c25.province_code, p25.code) AS province_2025_code,
    coalesce(c.commune_2025_code, c25.code) AS commune_2025_code
FROM locality_mentions m
LEFT JOIN gaz_communes c       ON m.gazetteer = 'legacy' AND m.level = 'commune'  AND c.code = m.code
LEFT JOIN gaz_districts dc     ON dc.code = c.district_code
LEFT JOIN gaz_provinces pc     ON pc.code = c.province_code
LEFT JOIN gaz_districts d      ON m.gazetteer = 'legacy' AND m.level = 'district' AND d.code = m.code
LEFT JOIN gaz_provinces pd     ON pd.code = d.province_code
LEFT JOIN gaz_provinces p      ON m.gazetteer = 'legacy' AND m.level = 'province' AND p.code = m.code
LEFT JOIN gaz_communes_2025 c25  ON m.gazetteer = '2025' AND m.level = 'commune'  AND c25.code = m.code
LEFT JOIN gaz_provinces_2025 p25 ON m.gazetteer = '2025' AND m.level = 'province' AND p25.code = m.code
WHERE m.is_primary;

CREATE TABLE article_localities_cache AS SELECT * FROM article_localities_live LIMIT 0;
CREATE VIEW article_localities AS SELECT * FROM article_localities_cache;

CREATE VIEW figure_facts AS
SELECT
    f.article_id, f.seq, f.text AS figure_text, f.value, f.total, f.value_max, f.unit, f.indicator, f.approx,
    f.period, f.period_kind, f.period_start, f.period_end,
    coalesce(year(f.period_end), year(a.published_date)) AS year,
    substring(a.text, f.sentence_start + 1, f.sentence_end - f.sentence_start) AS sentence,
    a.title, a.url, a.published, a.source_id, s.name AS source_name, s.kind AS source_kind, a.duplicate_of,
    l.level, l.unit_code, l.unit_name, l.district_name, l.province_code, l.province_name,
    l.province_2025_code, p25.name AS province_2025_name, l.commune_2025_code,
    f.confidence, f.run_id
FROM figures f
JOIN articles a ON a.id = f.article_id
LEFT JOIN sources s ON s.id = a.source_id
LEFT JOIN article_localities l ON l.article_id = f.article_id
LEFT JOIN gaz_provinces_2025 p25 ON p25.code = l.province_2025_code;

-- One row per locality, indicator and year (NULL when neither the figure nor its
-- article is dated). A figure repeated by several articles (syndication, lead
-- paragraphs) counts once; cumulative figures ("từ đầu năm đến nay") are not
-- summed with each other: the largest is taken, and `value` is the larger of
-- that and the sum of the other distinct figures. A sum may add different kinds
-- of unit (communes and residential areas for safe_units): `max_value` is the
-- largest single figure. Rates ("mỗi tháng") and percentages are left out.
-- Figures on a pre-2025 province also roll up into the merged 2025 province.
CREATE VIEW locality_outcomes_live AS
WITH eligible AS (
    SELECT * FROM figure_facts
    WHERE duplicate_of IS NULL AND unit_code IS NOT NULL
      AND unit <> '%' AND coalesce(period_kind, '') <> 'rate'
), placed AS (
    SELECT level, unit_code, unit_name, province_name, province_2025_name, indicator, year,
           value, total, period_kind = 'to_date' AS cumulative, article_id
    FROM eligible
    UNION ALL
    SELECT 'province_2025', province_2025_code, province_2025_name, NULL, province_2025_name, indicator, year,
           value, total, period_kind = 'to_date', article_id
    FROM eligible WHERE level = 'province' AND province_2025_code IS NOT NULL
), distinct_figures AS (
    SELECT level, unit_code, indicator, year, value, total, coalesce(cumulative, false) AS cumulative
    FROM placed GROUP BY ALL
), summed AS (
    SELECT level, unit_code, indicator, year,
           greatest(coalesce(sum(value) FILTER (WHERE NOT cumulative), 0),
                    coalesce(max(value) FILTER (WHERE cumulative), 0)) AS value,
           max(value) AS max_value, count(*) AS figures
    FROM distinct_figures GROUP BY ALL
), named AS (
    SELECT level, unit_code, indicator, year,
           any_value(unit_name) AS unit_name, any_value(province_name) AS province_name,
           any_value(province_2025_name) AS province_2025_name, count(DISTINCT article_id) AS articles
    FROM placed GROUP BY ALL
), populations AS (
    SELECT 'province' AS level, code, population_2019 AS population, population_source FROM gaz_provinces
    UNION ALL SELECT 'district', code, population_2019, population_source FROM gaz_districts
    UNION ALL SELECT 'province_2025', code, population_2019_census,
        'sum of the 2019 census counts of ' || replace(merged_from, ';', ', ') FROM gaz_provinces_2025
), stated AS (
    SELECT level, unit_code, max(value) AS article_population
    FROM figure_facts WHERE indicator = 'population' GROUP BY ALL
)
SELECT n.level, n.unit_code, n.unit_name, n.province_name, n.province_2025_name, n.indicator, n.year,
       s.value, s.max_value, s.figures, n.articles,
       p.population, p.population_source,
       round(s.value * 10000.0 / nullif(p.population, 0), 3) AS per_10k,
       st.article_population
FROM named n
JOIN summed s ON s.level = n.level AND s.unit_code = n.unit_code AND s.indicator = n.indicator
             AND s.year IS NOT DISTINCT FROM n.year
LEFT JOIN populations p ON p.level = n.level AND p.code = n.unit_code
LEFT JOIN stated st ON st.level = n.level AND st.unit_code = n.unit_code;

-- locality_outcomes is read far more often than it changes, and every change
-- goes through the one writer: the writer stores it (warehouse/refresh.sql)
-- before it swaps the file in, so readers never wait for the computation.
CREATE TABLE locality_outcomes_cache AS SELECT * FROM locality_outcomes_live LIMIT 0;
CREATE VIEW locality_outcomes AS SELECT * FROM locality_outcomes_cache;

CREATE VIEW model_counts AS
SELECT l.level, l.unit_code, l.unit_name, l.province_name, p25.name AS province_2025_name, m.family,
       count(DISTINCT lower(m.name)) AS models, sum(m.count) AS reported_count,
       count(DISTINCT m.article_id) AS articles, string_agg(DISTINCT m.name, '; ') AS names
FROM models m
JOIN articles a ON a.id = m.article_id AND a.duplicate_of IS NULL
LEFT JOIN article_localities l ON l.article_id = m.article_id
LEFT JOIN gaz_provinces_2025 p25 ON p25.code = l.province_2025_code
GROUP BY ALL;

CREATE VIEW legal_ref_counts AS
SELECT r.key, any_value(r.doc_type) AS doc_type, arg_min(r.text, coalesce(a.published_date, DATE '9999-12-31')) AS first_wording,
       count(DISTINCT r.article_id) AS articles, min(a.published) AS first_seen, max(a.published) AS last_seen
FROM legal_refs r
JOIN articles a ON a.id = r.article_id AND a.duplicate_of IS NULL
GROUP BY r.key;
