-- MLflow's run inputs (runs/log-inputs): the datasets a run read, each with its input tags. A dataset (name, digest) is
-- logged once per run: logging it again changes nothing, as in MLflow.
CREATE TABLE run_dataset_inputs (
    run_uuid       text      NOT NULL REFERENCES runs ON DELETE CASCADE,
    name           text      NOT NULL,
    digest         text      NOT NULL,
    source_type    text      NOT NULL,
    source         text      NOT NULL,
    dataset_schema text,
    profile        text,
    tags           jsonb     NOT NULL DEFAULT '[]',
    logged         bigserial NOT NULL,
    PRIMARY KEY (run_uuid, name, digest)
);
