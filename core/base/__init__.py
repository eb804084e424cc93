"""Foundations every other part uses: the translation table, text and number formats, safe exports."""
