-- Runs: one row per run (a sweep's parent included), holding where it is in the pipeline.
CREATE TABLE runs (
    id               uuid PRIMARY KEY,
    idempotency_key  text,
    parent_id        uuid REFERENCES runs (id),
    sweep_index      int,
    is_sweep         boolean NOT NULL DEFAULT false,
    name             text,
    requested_by     text,
    dataset          text NOT NULL,
    dataset_version  text NOT NULL,
    config           jsonb NOT NULL,
    notes            jsonb NOT NULL DEFAULT '[]',
    status           text NOT NULL,
    stage            text,
    attempt          int NOT NULL DEFAULT 0,
    worker           text,
    heartbeat_at     timestamptz NOT NULL DEFAULT now(),
    tracking_run_id  text,
    pseudo_label_key text,
    model_blob       text,
    model_card_blob  text,
    predictions_blob text,
    progress         jsonb,
    test_metrics     jsonb,
    failed_stage     text,
    error            text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz
);

-- Idempotency lives here, not in code: a duplicate request's INSERT ... ON CONFLICT DO NOTHING waits
-- for the first one's transaction and then inserts nothing.
CREATE UNIQUE INDEX runs_idempotency_key ON runs (idempotency_key);
CREATE UNIQUE INDEX runs_sweep_child ON runs (parent_id, sweep_index);
CREATE INDEX runs_newest ON runs (created_at DESC, id DESC);
CREATE INDEX runs_active ON runs (heartbeat_at) WHERE status IN ('QUEUED', 'RUNNING', 'CANCELLING');

-- Every attempt of every stage, with how it ended.
CREATE TABLE run_stages (
    run_id     uuid NOT NULL REFERENCES runs (id),
    stage      text NOT NULL,
    attempt    int NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    ended_at   timestamptz,
    outcome    text,
    PRIMARY KEY (run_id, stage, attempt)
);

-- What happened to a run, in order: accepted, stage changes, epochs, failures, cancellation.
CREATE TABLE run_events (
    id      bigserial PRIMARY KEY,
    run_id  uuid NOT NULL REFERENCES runs (id),
    at      timestamptz NOT NULL DEFAULT now(),
    kind    text NOT NULL,
    stage   text,
    attempt int,
    detail  jsonb
);
CREATE INDEX run_events_run ON run_events (run_id, id);
