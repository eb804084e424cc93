"""What-if at national scale (the generated database: 3,321 communes and their villages, a round each). The engine runs once (official targets);
each scenario is then judged in memory. Target: a scenario recomputed for every round under 0.2 s.

Run: make bench (or .venv/bin/python bench/bench_whatif.py).
"""

from __future__ import annotations

import statistics
import time

from _common import national_db

from core.domain import whatif
from core.domain.criteria import criterion_results, latest_month, round_status
from core.storage.db import Database

SCENARIOS = [
    whatif.Scenario(targets={"C02": 75.0}),
    whatif.Scenario(targets={"C02": 50.0, "C10": 80.0}, comparisons={"C05": "<="}),
    whatif.Scenario(targets={"C04": 10.0}, required={"C06": False}, require_duration=False),
]


def timed(fn, repeat: int = 15) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main() -> None:
    with Database(national_db(), read_only=True) as db:
        month = latest_month(db)
        t0 = time.perf_counter()
        results = criterion_results(db, month)
        status = round_status(db, month, results=results)
        print(
            f"once per data version: criterion_results + round_status {time.perf_counter() - t0:.3f} s "
            f"({len(results):,} rows, {len(status):,} rounds)"
        )
        worst = 0.0
        for scenario in SCENARIOS:
            seconds, outcome = timed(lambda s=scenario: whatif.evaluate(results, status, s))
            assert isinstance(outcome, whatif.Outcome)
            worst = max(worst, seconds)
            print(
                f"scenario {whatif.format_param(scenario)!r}: judge + readiness + flips {seconds * 1000:.1f} ms "
                f"(median of 15); ready {whatif.ready_count(outcome.official)} -> "
                f"{whatif.ready_count(outcome.scenario)}, {len(outcome.flips)} flips"
            )
        judged = whatif.judge(results)
        grid = whatif.sweep_values("percent", 80.0)
        seconds, _ = timed(lambda: whatif.sweep(judged, status, "C02", grid))
        print(f"sweep C02 over {len(grid)} targets x {len(status):,} rounds: {seconds * 1000:.1f} ms")
        seconds_engine, _ = timed(lambda: criterion_results(db, month, SCENARIOS[0].overrides()), repeat=3)
        print(f"for comparison, the engine re-run with the scenario's targets: {seconds_engine:.3f} s")
        print(f"worst scenario {worst * 1000:.1f} ms: {'OK' if worst < 0.2 else 'TOO SLOW'} (target < 200 ms)")


if __name__ == "__main__":
    main()
