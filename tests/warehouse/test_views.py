"""The analyst views on the warehouse built from the gold seeds."""


def test_vinh_loc_communes_all_registered(query):
    rows = query("SELECT value, total, sentence FROM figure_facts "
                 "WHERE unit_name = 'Vĩnh Lộc' AND indicator = 'safe_units' AND figure_text LIKE '13/13 xã%'")
    assert rows[0][:2] == (13, 13)
    assert "đăng ký tiêu chuẩn" in rows[0][2]


def test_tram_tau_tips(query):
    rows = dict(query("SELECT indicator, value FROM locality_outcomes "
                      "WHERE unit_name = 'Trạm Tấu' AND indicator IN ('tips_received', 'tips_valuable')"))
    assert rows == {"tips_received": 101, "tips_valuable": 68}


def test_repeated_figures_count_once(query):
    # the Trạm Tấu article states its teams twice (lead and body)
    (value, figures), = query("SELECT value, figures FROM locality_outcomes "
                              "WHERE unit_name = 'Trạm Tấu' AND indicator = 'teams_active'")
    assert (value, figures) == (15 + 10 + 46 + 57, 4)


def test_cumulative_figures_are_not_summed(seeds_db, query):
    from warehouse import loader, store

    (code,), = query("SELECT code FROM gaz_districts WHERE name = 'Trạm Tấu'")
    rec = {"doc_id": "cumulative", "published": "2023-12", "nlp_version": "test",
           "primary_locality": {"level": "district", "name": "Trạm Tấu", "code": code, "gazetteer": "legacy"},
           "figures": [
               {"text": "40 nguồn tin", "value": 40, "indicator": "tips_received", "unit": "nguồn tin",
                "period_kind": "to_date", "period_end": "2023-06-30"},
               {"text": "90 nguồn tin", "value": 90, "indicator": "tips_received", "unit": "nguồn tin",
                "period_kind": "to_date", "period_end": "2023-11-30"},
           ]}
    copy = seeds_db.with_name("cumulative.duckdb")
    copy.write_bytes(seeds_db.read_bytes())
    with store.writer(copy) as con:
        loader.load(con, [rec])
    con = store.connect_reader(copy)
    assert con.execute("SELECT value FROM locality_outcomes WHERE unit_name = 'Trạm Tấu' "
                       "AND indicator = 'tips_received' AND year = 2023").fetchone() == (90,)


def test_per_capita_names_its_denominator(query):
    (pop, source, per_10k, value), = query(
        "SELECT population, population_source, per_10k, value FROM locality_outcomes "
        "WHERE unit_name = 'Trạm Tấu' AND indicator = 'tips_received'")
    assert pop == 33962 and "2019 census" in source
    assert per_10k == round(value * 10000 / pop, 3)


def test_old_and_new_provinces(query):
    rows = query("SELECT DISTINCT unit_name, province_name, province_2025_name FROM figure_facts "
                 "WHERE unit_name IN ('Trạm Tấu', 'Lương Phong', 'Đăk Tô', 'Đắk Tô') ORDER BY 1")
    assert rows == [("Lương Phong", "Bắc Giang", "Bắc Ninh"), ("Trạm Tấu", "Yên Bái", "Lào Cai"),
                    ("Đắk Tô", "Kon Tum", "Quảng Ngãi")]


def test_models_and_legal_refs(query):
    families = dict(query("SELECT family, models FROM model_counts WHERE unit_name = 'Sơn La' AND level = 'district'"))
    assert families["fire_safety"] == 3
    (key, articles), = query("SELECT key, articles FROM legal_ref_counts WHERE key = 'chi-thi:9/ct/tw'")
    assert articles == 2  # "Chỉ thị số 09-CT/TW" (Bắc Giang) and "Chỉ thị số 09/CT-TW" (Kon Tum)


def test_a_figure_scoped_elsewhere_leaves_the_article_locality(seeds_db, query):
    """A province-wide figure in a district article counts for the province; one whose
    scope the gazetteer does not know is left unplaced, not put at the district."""
    from warehouse import loader, store

    (code,), = query("SELECT code FROM gaz_districts WHERE name = 'Trạm Tấu'")
    (province,), = query("SELECT code FROM gaz_provinces WHERE name = 'Yên Bái'")
    rec = {"doc_id": "scoped", "published": "2024-03-01", "nlp_version": "test", "text": "...",
           "primary_locality": {"level": "district", "name": "Trạm Tấu", "code": code, "gazetteer": "legacy"},
           "figures": [
               {"text": "44 mô hình", "value": 44, "indicator": "models_active", "unit": "mô hình",
                "locality": {"level": "province", "name": "Yên Bái", "code": province, "gazetteer": "legacy"}},
               {"text": "9 mô hình", "value": 9, "indicator": "models_active", "unit": "mô hình",
                "locality": {"level": "commune", "name": "Không Có", "code": None, "gazetteer": "legacy"}},
               {"text": "3 mô hình", "value": 3, "indicator": "models_active", "unit": "mô hình"},
           ]}
    copy = seeds_db.with_name("scoped.duckdb")
    copy.write_bytes(seeds_db.read_bytes())
    with store.writer(copy) as con:
        loader.load(con, [rec])
    con = store.connect_reader(copy)
    placed = con.execute("SELECT figure_text, placed_by, level, unit_name FROM figure_facts f "
                         "JOIN articles a ON a.id = f.article_id WHERE a.doc_id = 'scoped' ORDER BY seq").fetchall()
    assert placed == [("44 mô hình", "figure", "province", "Yên Bái"), ("9 mô hình", "unresolved", None, None),
                      ("3 mô hình", "article", "district", "Trạm Tấu")]
    rows = dict(((level, name), value) for level, name, value in con.execute(
        "SELECT level, unit_name, value FROM locality_outcomes WHERE indicator = 'models_active' AND year = 2024").fetchall())
    assert rows[("district", "Trạm Tấu")] == 3
    assert rows[("province", "Yên Bái")] == 44  # its own report, not 44 + 3
