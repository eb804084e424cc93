"""Read views the pages and the report show: overview, area, queries, chart figures."""
