-- MLflow 3's logged models: a model with its own id, artifacts, params, tags and metrics, soft-deleted like runs.
-- status holds LoggedModelStatus' number (0 unspecified, 1 pending, 2 ready, 3 upload failed).
CREATE TABLE logged_models (
    model_id                  text   PRIMARY KEY,
    experiment_id             bigint NOT NULL REFERENCES experiments,
    name                      text   NOT NULL,
    artifact_location         text   NOT NULL,
    creation_timestamp_ms     bigint NOT NULL,
    last_updated_timestamp_ms bigint NOT NULL,
    status                    int    NOT NULL,
    lifecycle_stage           text   NOT NULL DEFAULT 'active',
    model_type                text,
    source_run_id             text
);
CREATE INDEX logged_models_by_experiment ON logged_models (experiment_id, creation_timestamp_ms DESC);

CREATE TABLE logged_model_tags (
    model_id text NOT NULL REFERENCES logged_models ON DELETE CASCADE,
    key      text NOT NULL,
    value    text NOT NULL,
    PRIMARY KEY (model_id, key)
);

CREATE TABLE logged_model_params (
    model_id text NOT NULL REFERENCES logged_models ON DELETE CASCADE,
    key      text NOT NULL,
    value    text NOT NULL,
    PRIMARY KEY (model_id, key)
);

-- Every value logged to a model (a log-metric or log-batch metric carrying model_id); the run keeps its own copy.
CREATE TABLE logged_model_metrics (
    model_id       text   NOT NULL REFERENCES logged_models ON DELETE CASCADE,
    key            text   NOT NULL,
    value          float8 NOT NULL,
    timestamp      bigint NOT NULL,
    step           bigint NOT NULL,
    run_uuid       text   NOT NULL,
    dataset_name   text,
    dataset_digest text,
    PRIMARY KEY (model_id, key, timestamp, step, run_uuid)
);

-- The models a run produced (runs/outputs, with the step) or read (runs/log-inputs' models, step NULL).
CREATE TABLE run_model_links (
    run_uuid  text      NOT NULL REFERENCES runs ON DELETE CASCADE,
    model_id  text      NOT NULL REFERENCES logged_models ON DELETE CASCADE,
    direction text      NOT NULL CHECK (direction IN ('input', 'output')),
    step      bigint,
    logged    bigserial NOT NULL,
    PRIMARY KEY (run_uuid, model_id, direction)
);

-- A version registered from models:/m-… keeps the model's id (MLflow's ModelVersion.model_id).
ALTER TABLE model_versions ADD COLUMN model_id text;
