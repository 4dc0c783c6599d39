-- Every figure at the unit it counts for (the view figure_facts, corrections applied);
-- province_2025 names the 2025 province of that unit
-- in ASCII (thanh-hoa; province_2025_name as written), year the year it reports on.
SELECT *, folder_name(province_2025_name) AS province_2025
FROM figure_facts
