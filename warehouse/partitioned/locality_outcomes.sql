-- One row per unit, indicator and year, aggregated by the rules of
-- warehouse/README.md; province_2025 names the 2025 province the unit lies
-- in, in ASCII (thanh-hoa; province_2025_name as written).
SELECT *, folder_name(province_2025_name) AS province_2025
FROM locality_outcomes
