-- The model registry. Renaming a model cascades to its versions, tags and aliases.
CREATE TABLE registered_models (
    name                   text   PRIMARY KEY,
    creation_timestamp     bigint NOT NULL,
    last_updated_timestamp bigint NOT NULL,
    description            text,
    -- Versions are numbered 1, 2, … per model and never reused after a delete.
    next_version           int    NOT NULL DEFAULT 1
);

CREATE TABLE registered_model_tags (
    name  text NOT NULL REFERENCES registered_models ON UPDATE CASCADE ON DELETE CASCADE,
    key   text NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (name, key)
);

CREATE TABLE model_versions (
    name                   text   NOT NULL REFERENCES registered_models ON UPDATE CASCADE ON DELETE CASCADE,
    version                int    NOT NULL,
    creation_timestamp     bigint NOT NULL,
    last_updated_timestamp bigint NOT NULL,
    description            text,
    source                 text   NOT NULL,
    run_id                 text,
    status                 text   NOT NULL DEFAULT 'READY',
    current_stage          text   NOT NULL DEFAULT 'None',
    PRIMARY KEY (name, version)
);
CREATE INDEX model_versions_by_run ON model_versions (run_id);

CREATE TABLE model_version_tags (
    name    text NOT NULL,
    version int  NOT NULL,
    key     text NOT NULL,
    value   text NOT NULL,
    PRIMARY KEY (name, version, key),
    FOREIGN KEY (name, version) REFERENCES model_versions ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE TABLE registered_model_aliases (
    name    text NOT NULL,
    alias   text NOT NULL,
    version int  NOT NULL,
    PRIMARY KEY (name, alias),
    FOREIGN KEY (name, version) REFERENCES model_versions ON UPDATE CASCADE ON DELETE CASCADE
);
