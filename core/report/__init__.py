"""The committee's report: gathered once, written as DOCX, PDF and XLSX."""
