"""DuckDB warehouse: schema as .sql files, migrations, idempotent loading, analyst views (issue 3)."""
