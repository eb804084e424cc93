"""Recording exit decisions and relapses."""

from __future__ import annotations

from datetime import date

import pytest

from core.domain.criteria import round_status
from core.domain.rounds import DecisionRefused, record_exit, record_relapse
from core.storage.db import Database
from tests.helpers import GOOD_ROUND, load_round, load_values

MARCH = date(2024, 3, 1)


@pytest.fixture
def ready(db: Database) -> int:
    round_id = load_round(db, "03478", "2024-01", 3)
    load_values(db, "03478", GOOD_ROUND)
    return round_id


def test_recording_the_exit_moves_the_round_to_exited(db: Database, ready: int) -> None:
    version = db.data_version()
    record_exit(db, ready, " 15/QĐ-BCĐ ", date(2024, 3, 25), today=date(2024, 4, 1))
    row = db.query_rows("SELECT status, exit_decision_no, exit_decision_date FROM rounds WHERE id = ?", [ready])[0]
    assert row == ("exited", "15/QĐ-BCĐ", date(2024, 3, 25))
    assert db.data_version() == version + 1
    assert round_status(db, MARCH).iloc[0]["status"] == "exited"


@pytest.mark.parametrize(
    ("decision_no", "decision_date", "message"),
    [
        ("", date(2024, 3, 25), "Cần nhập số quyết định"),
        ("15/QĐ", date(2024, 5, 2), "không được sau ngày hôm nay"),
        ("15/QĐ", date(2023, 12, 31), "không được trước khi bắt đầu"),
    ],
)
def test_refused_decisions_write_nothing(
    db: Database, ready: int, decision_no: str, decision_date: date, message: str
) -> None:
    version = db.data_version()
    with pytest.raises(DecisionRefused, match=message):
        record_exit(db, ready, decision_no, decision_date, today=date(2024, 5, 1))
    assert db.query_value("SELECT status FROM rounds WHERE id = ?", [ready]) == "in_progress"
    assert db.data_version() == version


def test_an_exited_round_cannot_exit_twice_and_unknown_rounds_are_refused(db: Database, ready: int) -> None:
    record_exit(db, ready, "15/QĐ-BCĐ", date(2024, 3, 25), today=date(2024, 4, 1))
    with pytest.raises(DecisionRefused, match="không còn đang thực hiện"):
        record_exit(db, ready, "16/QĐ-BCĐ", date(2024, 3, 26), today=date(2024, 4, 1))
    with pytest.raises(DecisionRefused, match="Không có đợt"):
        record_exit(db, 999, "1/QĐ", date(2024, 3, 26))


def test_confirming_a_relapse(db: Database, ready: int) -> None:
    with pytest.raises(DecisionRefused, match="chỉ địa bàn đã ra khỏi diện"):
        record_relapse(db, ready, date(2024, 6, 1))
    record_exit(db, ready, "15/QĐ-BCĐ", date(2024, 3, 25), today=date(2024, 4, 1))
    with pytest.raises(DecisionRefused, match="không được trước"):
        record_relapse(db, ready, date(2024, 2, 1))
    record_relapse(db, ready, date(2024, 6, 15))
    assert db.query_rows("SELECT status, relapsed_month FROM rounds")[0] == ("relapsed", date(2024, 6, 1))
    load_values(db, "03478", "month crimes crimes_solved\n2024-05 1 1\n2024-06 1 1\n2024-07 1 1")
    # Looking back, decisions count from their month; at the latest month, every recorded decision counts.
    assert round_status(db, date(2024, 5, 1)).iloc[0]["status"] == "exited"
    assert round_status(db, date(2024, 6, 1)).iloc[0]["status"] == "relapsed"
    assert round_status(db, date(2024, 7, 1)).iloc[0]["status"] == "relapsed"


def test_a_decision_after_the_latest_figures_counts_at_the_latest_month(db: Database, ready: int) -> None:
    record_exit(db, ready, "15/QĐ-BCĐ", date(2024, 4, 20), today=date(2024, 4, 30))
    assert round_status(db, MARCH).iloc[0]["status"] == "exited"  # March is the latest month with figures
    assert round_status(db, date(2024, 2, 1)).iloc[0]["status"] == "in_progress"
