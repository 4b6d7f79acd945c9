-- The imported assets a run uses, as the registry resolved them when it accepted the run: its teacher and its pretrained
-- weights, each by name and SHA-256 ({"teacher": {"name": …, "sha256": …}, "weights": {…}}); the tracker shows them.
ALTER TABLE runs ADD COLUMN assets jsonb NOT NULL DEFAULT '{}';
