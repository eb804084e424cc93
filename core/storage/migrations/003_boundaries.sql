-- 003: commune (and village) boundaries from a GeoJSON file the province's GIS office supplies.
CREATE TABLE boundaries (
    area_code VARCHAR PRIMARY KEY,
    geometry  VARCHAR NOT NULL,        -- GeoJSON geometry, coordinates rounded to 5 decimals
    upload_id BIGINT
);
