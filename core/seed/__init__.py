"""Data to start from: the official units and criteria, the demo, synthetic national data."""
