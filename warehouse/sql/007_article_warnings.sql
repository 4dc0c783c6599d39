-- What reading and extraction noticed about an article (undecodable bytes
-- replaced, NUL bytes blanked, HTML reduced to its text, a cut at the size
-- limit, ...): the Extraction's `warnings`, which the loader used to drop.
ALTER TABLE articles ADD COLUMN warnings VARCHAR[] DEFAULT [];
COMMENT ON COLUMN articles.warnings IS 'What reading and extraction noticed about the article (bytes replaced, HTML reduced to text, a size cut ...); empty when nothing.';
