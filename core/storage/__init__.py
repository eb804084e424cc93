"""The one module that opens DuckDB, and its numbered migrations."""
