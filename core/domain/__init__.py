"""The committee's concepts: indicator and criterion catalogue, criteria engine, units, rounds, tasks, settings, what-if."""
