-- Every article with its source and primary locality; province_2025 names the 2025
-- province of the locality it reports on (else its source's) in ASCII (thanh-hoa;
-- province_2025_name as written), year the year it
-- was published.
SELECT a.* EXCLUDE (content_hash, extraction_hash),
       s.name AS source_name, s.kind AS source_kind,
       l.level AS primary_level, l.unit_code AS primary_unit_code, l.unit_name AS primary_unit_name,
       coalesce(p25.name, s.province_2025) AS province_2025_name,
       folder_name(coalesce(p25.name, s.province_2025)) AS province_2025,
       year(a.published_date) AS year
FROM articles a
LEFT JOIN sources s ON s.id = a.source_id
LEFT JOIN article_localities l ON l.article_id = a.id
LEFT JOIN gaz_provinces_2025 p25 ON p25.code = l.province_2025_code
