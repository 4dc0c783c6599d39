-- Each figure placed at its own locality, and locality_outcomes aggregated by
-- rules a statistician can check (warehouse/README.md, "How values are made").
-- Names and columns of the views stay; columns are only added.

-- Every administrative unit in one list, keyed as figures' scopes and
-- locality_mentions are (gazetteer, level, code), with the columns of
-- article_localities.
CREATE VIEW gaz_units AS
SELECT 'legacy' AS gazetteer, 'province' AS mention_level, p.code AS unit_code,
       'province' AS level, p.name AS unit_name, NULL AS district_code, NULL AS district_name,
       p.code AS province_code, p.name AS province_name, p.province_2025_code, NULL AS commune_2025_code
FROM gaz_provinces p
UNION ALL
SELECT 'legacy', 'district', d.code, 'district', d.name, d.code, d.name, d.province_code, p.name,
       d.province_2025_code, NULL
FROM gaz_districts d LEFT JOIN gaz_provinces p ON p.code = d.province_code
UNION ALL
SELECT 'legacy', 'commune', c.code, 'commune', c.name, c.district_code, d.name, c.province_code, p.name,
       c.province_2025_code, c.commune_2025_code
FROM gaz_communes c LEFT JOIN gaz_districts d ON d.code = c.district_code
LEFT JOIN gaz_provinces p ON p.code = c.province_code
UNION ALL
SELECT '2025', 'province', code, 'province_2025', name, NULL, NULL, NULL, NULL, code, NULL
FROM gaz_provinces_2025
UNION ALL
SELECT '2025', 'commune', code, 'commune_2025', name, NULL, NULL, NULL, NULL, province_code, code
FROM gaz_communes_2025;

-- figure_facts: a figure with a scope of its own (figures.scope_*, migration 005)
-- is placed at that unit; without one, at its article's primary locality. A
-- scope the gazetteer does not know leaves the figure unplaced (unit_code NULL)
-- rather than at the article's locality, where it does not belong.
CREATE OR REPLACE VIEW figure_facts AS
WITH located AS (
    SELECT f.*, a.published_date,
           l.level AS a_level, l.unit_code AS a_unit_code, l.unit_name AS a_unit_name,
           l.district_name AS a_district_name, l.province_code AS a_province_code,
           l.province_name AS a_province_name, l.province_2025_code AS a_province_2025_code,
           l.commune_2025_code AS a_commune_2025_code,
           -- a scope without its gazetteer is read in the article's
           coalesce(f.scope_gazetteer, CASE WHEN l.level LIKE '%_2025' THEN '2025' ELSE 'legacy' END) AS scope_in
    FROM figures_effective f   -- the extraction with researchers' corrections applied (008)
    JOIN articles a ON a.id = f.article_id
    LEFT JOIN article_localities l ON l.article_id = f.article_id
), placed AS (           -- plain equality keys, so this stays a hash join
    SELECT f.*,
           CASE WHEN f.scope_level IS NULL THEN 'article' WHEN u.unit_code IS NOT NULL THEN 'figure'
                ELSE 'unresolved' END AS placed_by,
           u.level AS u_level, u.unit_code AS u_unit_code, u.unit_name AS u_unit_name,
           u.district_name AS u_district_name, u.province_code AS u_province_code,
           u.province_name AS u_province_name, u.province_2025_code AS u_province_2025_code,
           u.commune_2025_code AS u_commune_2025_code
    FROM located f
    LEFT JOIN gaz_units u ON u.unit_code = f.scope_code AND u.mention_level = f.scope_level AND u.gazetteer = f.scope_in
)
SELECT
    f.article_id, f.seq, f.text AS figure_text, f.value, f.total, f.value_max, f.unit, f.indicator, f.approx,
    f.period, f.period_kind, f.period_start, f.period_end,
    coalesce(year(f.period_end), year(f.published_date)) AS year,
    substring(a.text, f.sentence_start + 1, f.sentence_end - f.sentence_start) AS sentence,
    a.title, a.url, a.published, a.source_id, s.name AS source_name, s.kind AS source_kind, a.duplicate_of,
    CASE f.placed_by WHEN 'article' THEN f.a_level WHEN 'figure' THEN f.u_level END AS level,
    CASE f.placed_by WHEN 'article' THEN f.a_unit_code WHEN 'figure' THEN f.u_unit_code END AS unit_code,
    CASE f.placed_by WHEN 'article' THEN f.a_unit_name WHEN 'figure' THEN f.u_unit_name END AS unit_name,
    CASE f.placed_by WHEN 'article' THEN f.a_district_name WHEN 'figure' THEN f.u_district_name END AS district_name,
    CASE f.placed_by WHEN 'article' THEN f.a_province_code WHEN 'figure' THEN f.u_province_code END AS province_code,
    CASE f.placed_by WHEN 'article' THEN f.a_province_name WHEN 'figure' THEN f.u_province_name END AS province_name,
    CASE f.placed_by WHEN 'article' THEN f.a_province_2025_code WHEN 'figure' THEN f.u_province_2025_code END
        AS province_2025_code,
    p25.name AS province_2025_name,
    CASE f.placed_by WHEN 'article' THEN f.a_commune_2025_code WHEN 'figure' THEN f.u_commune_2025_code END
        AS commune_2025_code,
    f.confidence, f.run_id,
    f.placed_by, f.scope_level, f.scope_name, f.a_unit_code AS article_unit_code, f.a_unit_name AS article_unit_name,
    f.published_date, f.start_offset, f.end_offset, f.sentence_start, f.sentence_end,
    f.corrected_fields, f.reviewed
FROM placed f
JOIN articles a ON a.id = f.article_id
LEFT JOIN sources s ON s.id = a.source_id
LEFT JOIN gaz_provinces_2025 p25 ON p25.code =
    CASE f.placed_by WHEN 'article' THEN f.a_province_2025_code WHEN 'figure' THEN f.u_province_2025_code END;

-- locality_outcomes: one row per unit, indicator and year. The rules, in order:
-- 1. Eligible: not from a duplicate article, placed at a unit, not a percentage,
--    not a rate ("mỗi tháng"), a finite number, and a period within one year.
-- 2. A report is one article's figures for one period; a figure repeated inside
--    it counts once, its distinct figures add up (the kinds of team it lists).
--    An undated figure covers its year up to the article's date ("as of" then);
--    a period without a start ("Đến nay") starts with its year.
-- 3. Reports whose periods overlap are not added: a report is set aside when an
--    overlapping one ranks higher (longer period; then the larger value; then the
--    later article). Cumulative "to date" reports share the year's start, so the
--    latest is the longest. The reports left are disjoint and add up.
-- 4. A pre-2025 province's row shows its own reported value; where it reported
--    nothing, the sum of its reporting districts, marked (basis, units_*). A
--    2025 province likewise, from the pre-2025 provinces merged into it.
-- 5. per_10k divides each year's value by the population of the units behind it.
CREATE OR REPLACE VIEW locality_outcomes_live AS
WITH eligible AS (
    SELECT level, unit_code, indicator, year, coalesce(year, -1) AS yk, value, total, article_id, seq, period_kind,
           len(corrected_fields) > 0 AS corrected,
           published_date, coalesce(period_start, make_date(year, 1, 1), DATE '0001-01-01') AS p_start,
           coalesce(period_end, published_date, make_date(year, 12, 31), DATE '0001-01-01') AS p_end
    FROM figure_facts
    WHERE duplicate_of IS NULL AND unit_code IS NOT NULL AND value IS NOT NULL AND isfinite(value)
      AND coalesce(unit, '') <> '%' AND coalesce(period_kind, '') <> 'rate'
      AND (period_start IS NULL OR period_end IS NULL OR year(period_start) = year(period_end))
), reports AS (       -- rule 2: one article, one period; a figure repeated in it counts once
    SELECT level, unit_code, indicator, year, yk, article_id, p_start, greatest(p_start, p_end) AS p_end,
           list_sum(list_distinct(list(value))) AS value, max(value) AS max_value,
           len(list_distinct(list(value))) AS items, bool_or(period_kind = 'to_date') AS to_date,
           any_value(published_date) AS published_date,
           list({'seq': seq, 'corrected': corrected} ORDER BY seq) AS seqs,
           date_diff('day', p_start, greatest(p_start, p_end)) AS days
    FROM eligible GROUP BY level, unit_code, indicator, year, yk, article_id, p_start, greatest(p_start, p_end)
), ranked AS (        -- rule 3: a strict order, so of two overlapping reports exactly one is set aside
    SELECT *, row_number() OVER (PARTITION BY level, unit_code, indicator, yk
                                 ORDER BY days DESC, value DESC, published_date DESC NULLS LAST, article_id DESC) AS rank
    FROM reports
), judged AS (
    SELECT r.*, NOT EXISTS (
        SELECT 1 FROM ranked o
        WHERE o.level = r.level AND o.unit_code = r.unit_code AND o.indicator = r.indicator AND o.yk = r.yk
          AND o.rank < r.rank AND o.p_start <= r.p_end AND r.p_start <= o.p_end) AS kept
    FROM ranked r
), own AS MATERIALIZED (
    SELECT level, unit_code, indicator, year,
           sum(value) FILTER (WHERE kept) AS value,
           max(max_value) FILTER (WHERE kept) AS max_value,
           sum(items) FILTER (WHERE kept) AS figures,
           coalesce(sum(items) FILTER (WHERE NOT kept), 0) AS figures_set_aside,
           CASE WHEN count(*) FILTER (WHERE kept) > 1 THEN 'sum_disjoint'
                WHEN count(*) > 1 AND bool_or(to_date) FILTER (WHERE kept) THEN 'latest_to_date'
                WHEN count(*) > 1 THEN 'longest_period'
                WHEN sum(items) > 1 THEN 'sum_within_report'
                ELSE 'single' END AS rule,
           flatten(list(list_transform(seqs, s -> {'article_id': article_id, 'seq': s.seq, 'used': kept,
                                                    'corrected': s.corrected}))) AS behind
    FROM judged GROUP BY ALL
), populations AS (
    SELECT 'province' AS level, code, population_2019 AS population,
           population_source FROM gaz_provinces
    UNION ALL SELECT 'district', code, population_2019, population_source FROM gaz_districts
    UNION ALL SELECT 'province_2025', code, population_2019_census,
        'sum of the 2019 census counts of ' || replace(merged_from, ';', ', ') FROM gaz_provinces_2025
), district_sums AS (  -- rule 4: the districts that reported, per province
    SELECT d.province_code AS unit_code, o.indicator, o.year,
           sum(o.value) AS value, max(o.max_value) AS max_value, sum(o.figures) AS figures,
           sum(o.figures_set_aside) AS figures_set_aside, count(*) AS reporting,
           sum(d.population_2019) AS population, count(d.population_2019) = count(*) AS population_complete,
           flatten(list(o.behind)) AS behind
    FROM own o JOIN gaz_districts d ON o.level = 'district' AND d.code = o.unit_code
    GROUP BY ALL
), provinces AS MATERIALIZED (
    SELECT p.code AS unit_code, p.name AS unit_name, coalesce(o.indicator, s.indicator) AS indicator,
           CASE WHEN o.unit_code IS NOT NULL THEN o.year ELSE s.year END AS year,
           CASE WHEN o.unit_code IS NOT NULL THEN 'reported' ELSE 'sum_of_districts' END AS basis,
           o.value AS reported_value, s.value AS units_sum, coalesce(s.reporting, 0) AS units_reporting,
           coalesce(n.districts, 0) AS units_total,
           CASE WHEN o.unit_code IS NOT NULL THEN o.max_value ELSE s.max_value END AS max_value,
           CASE WHEN o.unit_code IS NOT NULL THEN o.figures ELSE s.figures END AS figures,
           CASE WHEN o.unit_code IS NOT NULL THEN o.figures_set_aside ELSE s.figures_set_aside END AS figures_set_aside,
           CASE WHEN o.unit_code IS NOT NULL THEN o.rule ELSE 'sum_of_units' END AS rule,
           CASE WHEN o.unit_code IS NOT NULL THEN o.behind ELSE s.behind END AS behind,
           CASE WHEN o.unit_code IS NOT NULL THEN p.population_2019
                WHEN s.population_complete THEN s.population END AS population,
           CASE WHEN o.unit_code IS NOT NULL THEN p.population_source
                WHEN s.population_complete THEN 'sum of the 2019 census counts of the ' || s.reporting
                                                || ' reporting districts' END AS population_source,
           p.province_2025_code
    FROM (SELECT * FROM own WHERE level = 'province') o
    FULL JOIN district_sums s ON s.unit_code = o.unit_code AND s.indicator = o.indicator
                             AND s.year IS NOT DISTINCT FROM o.year
    JOIN gaz_provinces p ON p.code = coalesce(o.unit_code, s.unit_code)
    LEFT JOIN (SELECT province_code, count(*) AS districts FROM gaz_districts GROUP BY ALL) n ON n.province_code = p.code
), province_sums AS (  -- rule 4 across the merger: the pre-2025 provinces that have a value
    SELECT province_2025_code AS unit_code, indicator, year,
           sum(coalesce(reported_value, units_sum)) AS value, max(max_value) AS max_value, sum(figures) AS figures,
           sum(figures_set_aside) AS figures_set_aside, count(*) AS reporting,
           count(*) FILTER (WHERE basis <> 'reported') AS from_districts,
           sum(population) AS population, count(population) = count(*) AS population_complete,
           flatten(list(behind)) AS behind
    FROM provinces WHERE province_2025_code IS NOT NULL GROUP BY ALL
), provinces_2025 AS (
    SELECT p.code AS unit_code, p.name AS unit_name, coalesce(o.indicator, s.indicator) AS indicator,
           CASE WHEN o.unit_code IS NOT NULL THEN o.year ELSE s.year END AS year,
           CASE WHEN o.unit_code IS NOT NULL THEN 'reported' ELSE 'sum_of_provinces' END AS basis,
           o.value AS reported_value, s.value AS units_sum, coalesce(s.reporting, 0) AS units_reporting,
           len(string_split(p.merged_from, ';')) AS units_total, coalesce(s.from_districts, 0) AS from_districts,
           CASE WHEN o.unit_code IS NOT NULL THEN o.max_value ELSE s.max_value END AS max_value,
           CASE WHEN o.unit_code IS NOT NULL THEN o.figures ELSE s.figures END AS figures,
           CASE WHEN o.unit_code IS NOT NULL THEN o.figures_set_aside ELSE s.figures_set_aside END AS figures_set_aside,
           CASE WHEN o.unit_code IS NOT NULL THEN o.rule ELSE 'sum_of_units' END AS rule,
           CASE WHEN o.unit_code IS NOT NULL THEN o.behind ELSE s.behind END AS behind,
           CASE WHEN o.unit_code IS NOT NULL THEN p.population_2019_census
                WHEN s.population_complete THEN s.population END AS population,
           CASE WHEN o.unit_code IS NOT NULL THEN 'sum of the 2019 census counts of ' || replace(p.merged_from, ';', ', ')
                WHEN s.population_complete THEN 'sum of the 2019 census counts of the ' || s.reporting
                                                || ' reporting pre-2025 provinces' END AS population_source
    FROM (SELECT * FROM own WHERE level = 'province_2025') o
    FULL JOIN province_sums s ON s.unit_code = o.unit_code AND s.indicator = o.indicator
                              AND s.year IS NOT DISTINCT FROM o.year
    JOIN gaz_provinces_2025 p ON p.code = coalesce(o.unit_code, s.unit_code)
), rows AS (
    SELECT o.level, o.unit_code, o.indicator, o.year, 'reported' AS basis, o.value AS reported_value,
           NULL::DOUBLE AS units_sum, 0::BIGINT AS units_reporting, NULL::BIGINT AS units_total, 0::BIGINT AS from_districts,
           o.max_value, o.figures, o.figures_set_aside, o.rule, o.behind, p.population, p.population_source
    FROM own o LEFT JOIN populations p ON p.level = o.level AND p.code = o.unit_code
    WHERE o.level NOT IN ('province', 'province_2025')
    UNION ALL
    SELECT 'province', unit_code, indicator, year, basis, reported_value, units_sum, units_reporting, units_total, 0,
           max_value, figures, figures_set_aside, rule, behind, population, population_source
    FROM provinces
    UNION ALL
    SELECT 'province_2025', unit_code, indicator, year, basis, reported_value, units_sum, units_reporting, units_total,
           from_districts, max_value, figures, figures_set_aside, rule, behind, population, population_source
    FROM provinces_2025
), named AS (
    SELECT level, unit_code, any_value(unit_name) AS unit_name, any_value(province_name) AS province_name,
           any_value(province_2025_code) AS province_2025_code
    FROM gaz_units GROUP BY ALL
), stated AS (
    SELECT level, unit_code, max(value) AS article_population
    FROM figure_facts WHERE indicator = 'population' GROUP BY ALL
)
SELECT r.level, r.unit_code, n.unit_name, CASE WHEN r.level <> 'province_2025' THEN n.province_name END AS province_name,
       p25.name AS province_2025_name, r.indicator, r.year,
       coalesce(r.reported_value, r.units_sum) AS value, r.max_value, r.figures::BIGINT AS figures,
       len(list_distinct(list_transform(r.behind, b -> b.article_id))) AS articles,
       r.population::BIGINT AS population, r.population_source,
       round(coalesce(r.reported_value, r.units_sum) * 10000.0 / nullif(r.population, 0), 3) AS per_10k,
       st.article_population,
       r.basis, r.rule, r.reported_value, r.units_sum, r.units_reporting, r.units_total,
       CASE r.basis
           WHEN 'sum_of_districts' THEN 'sum of ' || r.units_reporting || ' of ' || r.units_total || ' districts reporting'
           WHEN 'sum_of_provinces' THEN 'sum of ' || r.units_reporting || ' of ' || r.units_total
                || ' pre-2025 provinces reporting'
                || CASE WHEN r.from_districts > 0 THEN ' (' || r.from_districts || ' of them from their districts)' ELSE '' END
           ELSE CASE WHEN r.units_reporting > 0 THEN 'reported by the unit; its ' || r.units_reporting || ' of '
                     || r.units_total || CASE r.level WHEN 'province' THEN ' reporting districts' ELSE ' reporting pre-2025 provinces' END
                     || ' sum to ' || CASE WHEN r.units_sum = round(r.units_sum) THEN CAST(r.units_sum::BIGINT AS VARCHAR)
                                               ELSE CAST(r.units_sum AS VARCHAR) END END
       END AS note,
       r.figures_set_aside::BIGINT AS figures_set_aside, r.behind, r.from_districts::BIGINT AS units_from_their_districts,
       len(list_filter(r.behind, b -> b.used AND b.corrected)) AS corrected_figures
FROM rows r
LEFT JOIN named n ON n.level = r.level AND n.unit_code = r.unit_code
LEFT JOIN gaz_provinces_2025 p25 ON p25.code = n.province_2025_code
LEFT JOIN stated st ON st.level = r.level AND st.unit_code = r.unit_code;

-- The stored copy gets the new columns (refresh.sql fills it).
DROP VIEW locality_outcomes;
DROP TABLE locality_outcomes_cache;
CREATE TABLE locality_outcomes_cache AS SELECT * FROM locality_outcomes_live LIMIT 0;
CREATE VIEW locality_outcomes AS SELECT * FROM locality_outcomes_cache;

-- Comments of the redefined views, old columns and new.
COMMENT ON VIEW figure_facts IS 'Every figure with its sentence, article, source, period and locality: its own (scope) when the text gives one, else its article''s primary locality.';
COMMENT ON COLUMN figure_facts.figure_text IS 'The figure as written, from the hedge word to the end of its counted noun phrase.';
COMMENT ON COLUMN figure_facts.value IS 'The number ("4.700" is 4700; "hàng trăm" is 100).';
COMMENT ON COLUMN figure_facts.total IS 'Denominator of a ratio ("13/13"), else NULL.';
COMMENT ON COLUMN figure_facts.unit IS 'The counted noun phrase as written; "%" for percentages.';
COMMENT ON COLUMN figure_facts.indicator IS 'One of the indicators of design/extraction.md (tips_received, safe_units, ...).';
COMMENT ON COLUMN figure_facts.period IS 'The time span its sentence gives, as written ("năm 2021", "từ đầu năm đến nay").';
COMMENT ON COLUMN figure_facts.period_kind IS 'year, part_of_year, to_date (cumulative), rate (per month ...), range.';
COMMENT ON COLUMN figure_facts.year IS 'Year of the period''s end, else of the article''s date.';
COMMENT ON COLUMN figure_facts.sentence IS 'The sentence the figure comes from.';
COMMENT ON COLUMN figure_facts.level IS 'Level of the unit the figure counts for: province, district, commune (pre-2025) or province_2025, commune_2025.';
COMMENT ON COLUMN figure_facts.unit_code IS 'Official code of that unit in its gazetteer; NULL when the figure names a unit the gazetteer does not know.';
COMMENT ON COLUMN figure_facts.province_2025_name IS 'The post-merger province the unit belongs to.';
COMMENT ON COLUMN figure_facts.duplicate_of IS 'Set when the article copies an earlier one; such figures are left out of locality_outcomes.';
COMMENT ON COLUMN figure_facts.confidence IS 'The extractor''s confidence in the figure and its indicator (0 to 1).';
COMMENT ON COLUMN figure_facts.placed_by IS 'figure: placed at its own scope; article: at the article''s primary locality; unresolved: its scope names a unit the gazetteer does not know (not placed).';
COMMENT ON COLUMN figure_facts.scope_level IS 'Level of the figure''s own locality as extracted, NULL when it is the article''s.';
COMMENT ON COLUMN figure_facts.article_unit_code IS 'The article''s primary locality, whatever the figure''s own.';
COMMENT ON COLUMN figure_facts.published_date IS 'The article''s date (first day of what it names).';

COMMENT ON VIEW locality_outcomes_live IS 'locality_outcomes computed now; locality_outcomes holds its result as of the last load.';
COMMENT ON TABLE locality_outcomes_cache IS 'What locality_outcomes shows; rebuilt by every load.';
COMMENT ON VIEW locality_outcomes IS 'Outcomes per unit, indicator and year, by the rules of warehouse/README.md: overlapping periods not added, a unit''s own report apart from the sum of its reporting sub-units, per 10,000 inhabitants per year.';
COMMENT ON COLUMN locality_outcomes.level IS 'province, district, commune (pre-2025 units) or province_2025, commune_2025.';
COMMENT ON COLUMN locality_outcomes.unit_code IS 'Official code of the unit.';
COMMENT ON COLUMN locality_outcomes.unit_name IS 'Name of the unit, without its level word.';
COMMENT ON COLUMN locality_outcomes.province_name IS 'Pre-2025 province (NULL for province_2025 rows).';
COMMENT ON COLUMN locality_outcomes.province_2025_name IS 'Post-merger province.';
COMMENT ON COLUMN locality_outcomes.year IS 'Year the figures cover; NULL when undated.';
COMMENT ON COLUMN locality_outcomes.value IS 'reported_value when the unit reported, else units_sum (see basis).';
COMMENT ON COLUMN locality_outcomes.max_value IS 'Largest single figure behind value.';
COMMENT ON COLUMN locality_outcomes.figures IS 'Distinct figures counted in value.';
COMMENT ON COLUMN locality_outcomes.articles IS 'Articles behind value (used or set aside).';
COMMENT ON COLUMN locality_outcomes.population IS 'Denominator: 2019 census of the unit, or of the reporting units when value is their sum; NULL for communes.';
COMMENT ON COLUMN locality_outcomes.population_source IS 'Where the denominator comes from.';
COMMENT ON COLUMN locality_outcomes.per_10k IS 'value per 10,000 inhabitants, for this year only.';
COMMENT ON COLUMN locality_outcomes.article_population IS 'The largest population an article states for this unit, for comparison.';
COMMENT ON COLUMN locality_outcomes.basis IS 'reported (figures about the unit itself), sum_of_districts (a pre-2025 province with no report of its own) or sum_of_provinces (a 2025 province, from the pre-2025 provinces merged into it).';
COMMENT ON COLUMN locality_outcomes.rule IS 'How value was made: single, sum_within_report, longest_period, latest_to_date, sum_disjoint, sum_of_units.';
COMMENT ON COLUMN locality_outcomes.reported_value IS 'What the unit itself reported (NULL if nothing).';
COMMENT ON COLUMN locality_outcomes.units_sum IS 'Sum of the values of its reporting sub-units (districts of a province, pre-2025 provinces of a 2025 province).';
COMMENT ON COLUMN locality_outcomes.units_reporting IS 'How many sub-units are in units_sum.';
COMMENT ON COLUMN locality_outcomes.units_total IS 'How many sub-units the unit has.';
COMMENT ON COLUMN locality_outcomes.note IS 'The basis in words: "sum of 7 of 9 districts reporting".';
COMMENT ON COLUMN locality_outcomes.figures_set_aside IS 'Figures not added because a longer overlapping report covers them.';
COMMENT ON COLUMN locality_outcomes.units_from_their_districts IS 'Of the pre-2025 provinces in a 2025 province''s units_sum, how many are themselves sums of their reporting districts.';
COMMENT ON COLUMN locality_outcomes.behind IS 'Every figure behind the row: (article_id, seq) into figure_facts, and whether value uses it.';
COMMENT ON COLUMN locality_outcomes.corrected_figures IS 'How many of the figures used were corrected by a researcher (see corrections).';
COMMENT ON COLUMN figure_facts.start_offset IS 'Where the figure starts in the article text (characters); with end_offset, the anchor of corrections.';
COMMENT ON COLUMN figure_facts.end_offset IS 'Where the figure ends in the article text (characters).';
COMMENT ON COLUMN figure_facts.sentence_start IS 'Where its sentence starts in the article text.';
COMMENT ON COLUMN figure_facts.sentence_end IS 'Where its sentence ends in the article text.';
COMMENT ON COLUMN figure_facts.corrected_fields IS 'What a researcher corrected (value, total, indicator, period, locality; added for a figure a researcher added); empty when none.';
COMMENT ON COLUMN figure_facts.reviewed IS 'A researcher confirmed the figure as extracted.';
COMMENT ON VIEW gaz_units IS 'Every unit of both gazetteers in one list, keyed like figures'' scopes (gazetteer, mention_level, unit_code).';
