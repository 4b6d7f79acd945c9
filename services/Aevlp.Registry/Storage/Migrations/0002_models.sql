-- The model registry: a model per dataset, a version per evaluated run, and the champion alias.
CREATE TABLE models (
    name             text PRIMARY KEY,
    champion_version int,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE model_versions (
    model_name       text NOT NULL REFERENCES models (name),
    version          int NOT NULL,
    run_id           uuid NOT NULL UNIQUE REFERENCES runs (id),
    test_map         double precision NOT NULL,
    metrics          jsonb NOT NULL,
    model_blob       text NOT NULL,
    tracking_version text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (model_name, version)
);
