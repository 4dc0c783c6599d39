-- A figure's own locality (its scope) when the text places it elsewhere than the
-- article's primary locality ("Toàn tỉnh có 44 mô hình" in a commune article).
-- NULL: the figure counts for the primary locality.
ALTER TABLE figures ADD COLUMN scope_level VARCHAR;      -- province / district / commune
ALTER TABLE figures ADD COLUMN scope_name VARCHAR;       -- as the gazetteer spells it
ALTER TABLE figures ADD COLUMN scope_gazetteer VARCHAR;  -- legacy or 2025
ALTER TABLE figures ADD COLUMN scope_code VARCHAR;       -- code in that gazetteer
