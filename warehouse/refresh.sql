-- Run by every writer (warehouse/store.py) before its file is swapped in.
-- article_localities first: locality_outcomes is computed from it.
DELETE FROM article_localities_cache;
INSERT INTO article_localities_cache SELECT * FROM article_localities_live;
DELETE FROM locality_outcomes_cache;
INSERT INTO locality_outcomes_cache SELECT * FROM locality_outcomes_live;
