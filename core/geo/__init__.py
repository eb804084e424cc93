"""Maps and boundaries."""
