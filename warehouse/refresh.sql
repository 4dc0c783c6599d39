-- Run by every writer (warehouse/store.py) before its file is swapped in.
DELETE FROM locality_outcomes_cache;
INSERT INTO locality_outcomes_cache SELECT * FROM locality_outcomes_live;
