-- One row per attempt to reconcile one repository: started when the job begins, finished when it
-- ends. When a replica dies mid-run, the recovered attempt is a new row with recovering = true, and
-- it marks the dead replica's row 'abandoned'. 'reason' says why a repository was skipped or abandoned.
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
        CHECK (status IN ('running', 'drift', 'in-sync', 'error', 'skipped', 'cancelled', 'abandoned')),
    changes          integer     NULL,
    error            text        NULL,
    reason           text        NULL
);

CREATE INDEX IF NOT EXISTS ix_reconcile_runs_repository ON reconcile_runs (repository, started_at DESC);
CREATE INDEX IF NOT EXISTS ix_reconcile_runs_started ON reconcile_runs (started_at DESC);
