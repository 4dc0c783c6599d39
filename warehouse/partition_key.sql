-- A partition folder's value: the name in lower-case ASCII, words joined by '-'
-- ('Thanh Hóa' → thanh-hoa). Non-ASCII values would be percent-encoded as UTF-8
-- bytes, which Spark and Trino decode a byte at a time into other letters.
CREATE OR REPLACE TEMP MACRO folder_name(name) AS
    regexp_replace(lower(strip_accents(replace(replace(name, 'đ', 'd'), 'Đ', 'D'))), '[^a-z0-9]+', '-', 'g')
