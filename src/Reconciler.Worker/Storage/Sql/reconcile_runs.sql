-- One row per attempt to reconcile one repository: started when the job begins, finished when it
-- ends. A row left 'running' belongs to an attempt whose replica died; the recovered attempt is a
-- new row with recovering = true. 'reason' says why a repository was skipped.
CREATE TABLE IF NOT EXISTS reconcile_runs (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    repository       text        NOT NULL,
    instance_id      text        NOT NULL,
    fire_instance_id text        NULL,
    recovering       boolean     NOT NULL DEFAULT false,
    mode             text        NOT NULL,
    started_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz NULL,
    status           text        NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'drift', 'in-sync', 'error', 'skipped', 'cancelled')),
    changes          integer     NULL,
    error            text        NULL,
    reason           text        NULL
);

CREATE INDEX IF NOT EXISTS ix_reconcile_runs_repository ON reconcile_runs (repository, started_at DESC);
CREATE INDEX IF NOT EXISTS ix_reconcile_runs_started ON reconcile_runs (started_at DESC);
