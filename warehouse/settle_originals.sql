-- Which article of a group of copies is the original, once a load is done, as
-- warehouse/loader.py runs it. The crawl marks a copy against the first article
-- it happened to fetch, so the same pages fetched in another order would count
-- other articles' figures. Here every group whose original is new to the warehouse
-- gets the same original whatever the order: an article that was an original
-- before the load (in `originals_before`), else the earliest published, else the
-- smallest id. Stored originals stay, so researchers' corrections keep counting.
UPDATE articles SET duplicate_of = nullif(g.original, articles.id)
FROM (
    SELECT m.id, m.root,
           first(m.id ORDER BY (b.id IS NOT NULL) DESC, m.published_date ASC NULLS LAST, m.id ASC)
               OVER (PARTITION BY m.root) AS original
    FROM (SELECT id, coalesce(duplicate_of, id) AS root, published_date FROM articles) m
    LEFT JOIN originals_before b ON b.id = m.id
    WHERE m.root IN (SELECT id FROM articles WHERE duplicate_of IS NULL
                     AND id NOT IN (SELECT id FROM originals_before))
) g
WHERE articles.id = g.id AND g.original <> g.root;
