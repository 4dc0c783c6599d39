-- Administrative units before and after 1 July 2025 (from vietnamadminunits),
-- the mapping between them, and census population (warehouse/reference/).

CREATE TABLE gaz_provinces (
    code            VARCHAR PRIMARY KEY, -- GSO code
    name            VARCHAR NOT NULL,
    kind            VARCHAR,             -- Tỉnh / Thành phố
    lat DOUBLE, lon DOUBLE,
    area_km2        DOUBLE,
    population_2019 BIGINT,              -- 2019 census
    population_source VARCHAR,
    province_2025_code VARCHAR           -- the merged province it belongs to since 1 July 2025
);

CREATE TABLE gaz_districts (
    code            VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,
    kind            VARCHAR,             -- Huyện / Quận / Thị xã / Thành phố
    province_code   VARCHAR NOT NULL,
    lat DOUBLE, lon DOUBLE,
    population_2019 BIGINT,
    population_source VARCHAR,
    province_2025_code VARCHAR
);

CREATE TABLE gaz_communes (
    code            VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,
    kind            VARCHAR,             -- Xã / Phường / Thị trấn
    district_code   VARCHAR NOT NULL,
    province_code   VARCHAR NOT NULL,
    lat DOUBLE, lon DOUBLE,
    commune_2025_code VARCHAR,           -- the post-2025 commune it became (the default one where it was split)
    province_2025_code VARCHAR
);

CREATE TABLE gaz_provinces_2025 (
    code            VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,
    kind            VARCHAR,
    lat DOUBLE, lon DOUBLE,
    area_km2        DOUBLE,
    merged_from     VARCHAR,             -- the pre-2025 provinces, ';'-separated
    population_2019_census BIGINT,       -- sum of the merged provinces' 2019 census counts (comparable)
    population_admin_2025 BIGINT,        -- NQ 202/2025/QH15 figure (administrative, not comparable)
    population_source VARCHAR
);

CREATE TABLE gaz_communes_2025 (
    code            VARCHAR PRIMARY KEY,
    name            VARCHAR NOT NULL,
    kind            VARCHAR,
    province_code   VARCHAR NOT NULL,
    lat DOUBLE, lon DOUBLE,
    area_km2        DOUBLE
);
