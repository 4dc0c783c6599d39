-- What each table, view and analyst-facing column means. `antq export` writes
-- these into its README; analysts can read them with duckdb_columns().

COMMENT ON TABLE sources IS 'Sites antq collects from (crawler/sources.toml).';
COMMENT ON TABLE crawl_runs IS 'One row per crawl: when, and how it ended.';
COMMENT ON TABLE crawl_run_sources IS 'Per crawl and source: pages fetched, new and relevant articles, duplicates, errors.';
COMMENT ON TABLE pages IS 'Every fetched page with its raw HTML (gzip), so text and facts can be rebuilt without crawling.';
COMMENT ON TABLE articles IS 'One row per article: text and metadata; duplicate_of marks copies of an earlier article.';
COMMENT ON TABLE extraction_runs IS 'One row per load that changed derived rows, with the NLP version that made them.';
COMMENT ON TABLE figures IS 'Numbers that count or measure something, with indicator, period and character offsets.';
COMMENT ON TABLE models IS 'Named security models (mô hình) with family and count.';
COMMENT ON TABLE units IS 'Police units, committees, mass organisations and team kinds.';
COMMENT ON TABLE locality_mentions IS 'Administrative units named in articles, resolved to official codes; is_primary marks the article''s subject.';
COMMENT ON TABLE legal_refs IS 'Documents cited by number; key is the same for every wording of one document.';
COMMENT ON TABLE gaz_provinces IS 'The 63 provinces before 1 July 2025, with 2019 census population.';
COMMENT ON TABLE gaz_districts IS 'Districts before 1 July 2025 (abolished then), with 2019 census population where the unit existed in 2019.';
COMMENT ON TABLE gaz_communes IS 'Communes before 1 July 2025, with the 2025 commune and province each became.';
COMMENT ON TABLE gaz_provinces_2025 IS 'The 34 provinces from 1 July 2025; population_2019_census sums the merged provinces'' census counts.';
COMMENT ON TABLE gaz_communes_2025 IS 'Communes from 1 July 2025.';

COMMENT ON VIEW article_localities_live IS 'article_localities computed now; article_localities holds its result as of the last load.';
COMMENT ON TABLE article_localities_cache IS 'What article_localities shows; rebuilt by every load.';
COMMENT ON VIEW article_localities IS 'Each article''s primary locality, in the units of its day and the 2025 units.';
COMMENT ON VIEW figure_facts IS 'Every figure with its sentence, article, source, locality (old and new unit) and period.';
COMMENT ON VIEW locality_outcomes_live IS 'locality_outcomes computed now; locality_outcomes holds its result as of the last load.';
COMMENT ON TABLE locality_outcomes_cache IS 'What locality_outcomes shows; rebuilt by every load.';
COMMENT ON VIEW locality_outcomes IS 'Outcomes per locality, indicator and year: repeats counted once, cumulative figures not summed, per 10,000 inhabitants.';
COMMENT ON VIEW model_counts IS 'Security models per primary locality and family.';
COMMENT ON VIEW legal_ref_counts IS 'Cited documents by how many articles cite them.';

COMMENT ON COLUMN figure_facts.figure_text IS 'The figure as written, from the hedge word to the end of its counted noun phrase.';
COMMENT ON COLUMN figure_facts.value IS 'The number ("4.700" is 4700; "hàng trăm" is 100).';
COMMENT ON COLUMN figure_facts.total IS 'Denominator of a ratio ("13/13"), else NULL.';
COMMENT ON COLUMN figure_facts.unit IS 'The counted noun phrase as written; "%" for percentages.';
COMMENT ON COLUMN figure_facts.indicator IS 'One of the indicators of design/extraction.md (tips_received, safe_units, ...).';
COMMENT ON COLUMN figure_facts.period IS 'The time span its sentence gives, as written ("năm 2021", "từ đầu năm đến nay").';
COMMENT ON COLUMN figure_facts.period_kind IS 'year, part_of_year, to_date (cumulative), rate (per month ...), range.';
COMMENT ON COLUMN figure_facts.year IS 'Year of the period''s end, else of the article''s date.';
COMMENT ON COLUMN figure_facts.sentence IS 'The sentence the figure comes from.';
COMMENT ON COLUMN figure_facts.level IS 'Level of the article''s primary locality: province, district, commune (pre-2025) or province_2025, commune_2025.';
COMMENT ON COLUMN figure_facts.unit_code IS 'Official code of that locality in its gazetteer.';
COMMENT ON COLUMN figure_facts.province_2025_name IS 'The post-merger province the locality belongs to.';
COMMENT ON COLUMN figure_facts.duplicate_of IS 'Set when the article copies an earlier one; such figures are left out of locality_outcomes.';

COMMENT ON COLUMN locality_outcomes.level IS 'province, district, commune (pre-2025 units) or province_2025, commune_2025.';
COMMENT ON COLUMN locality_outcomes.unit_code IS 'Official code of the unit.';
COMMENT ON COLUMN locality_outcomes.unit_name IS 'Name of the unit, without its level word.';
COMMENT ON COLUMN locality_outcomes.province_name IS 'Pre-2025 province (NULL for province_2025 rows).';
COMMENT ON COLUMN locality_outcomes.province_2025_name IS 'Post-merger province.';
COMMENT ON COLUMN locality_outcomes.year IS 'Year the figures cover; NULL when undated.';
COMMENT ON COLUMN locality_outcomes.value IS 'Sum of the distinct figures, or the largest cumulative one if larger.';
COMMENT ON COLUMN locality_outcomes.max_value IS 'Largest single figure behind value.';
COMMENT ON COLUMN locality_outcomes.figures IS 'Distinct figures behind value.';
COMMENT ON COLUMN locality_outcomes.articles IS 'Articles that reported them.';
COMMENT ON COLUMN locality_outcomes.population IS 'Denominator: 2019 census (province, district) or the sum of the merged provinces'' 2019 counts (province_2025); NULL for communes.';
COMMENT ON COLUMN locality_outcomes.population_source IS 'Where the denominator comes from.';
COMMENT ON COLUMN locality_outcomes.per_10k IS 'value per 10,000 inhabitants.';
COMMENT ON COLUMN locality_outcomes.article_population IS 'The largest population an article states for this unit, for comparison.';

COMMENT ON COLUMN model_counts.models IS 'Distinct model names.';
COMMENT ON COLUMN model_counts.reported_count IS 'Sum of the counts articles give (how many of those models exist), NULL if none given.';
COMMENT ON COLUMN legal_ref_counts.key IS 'Canonical key: "chi-thi:9/ct/tw" for Chỉ thị số 09-CT/TW and 09/CT-TW alike.';
COMMENT ON COLUMN legal_ref_counts.first_wording IS 'How the earliest citing article wrote it.';
