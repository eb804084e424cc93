-- 006: the meeting's conclusions and follow-up tasks (issue 8). 005 is taken by another change.
-- Each item is recorded at the meeting that reviews `meeting_month` (the month under review), for one
-- area or, with area_code NULL, for the whole committee. A conclusion records what the committee
-- decided; a task says what is to be done, who is responsible and by when, and stays open, carried
-- from one meeting to the next, until staff mark it done with a note.
CREATE SEQUENCE task_id_seq START 1;
CREATE TABLE tasks (
    id            BIGINT PRIMARY KEY DEFAULT nextval('task_id_seq'),
    meeting_month DATE NOT NULL,
    area_code     VARCHAR,                 -- NULL: for the whole committee
    kind          VARCHAR NOT NULL CHECK (kind IN ('conclusion', 'task')),
    text          VARCHAR NOT NULL,
    owner         VARCHAR,                 -- who is responsible (required for a task)
    due_date      DATE,                    -- required for a task
    status        VARCHAR NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
    done_at       TIMESTAMP,
    done_note     VARCHAR,
    done_by       VARCHAR,
    created_by    VARCHAR NOT NULL,
    created_at    TIMESTAMP NOT NULL DEFAULT current_timestamp
);
