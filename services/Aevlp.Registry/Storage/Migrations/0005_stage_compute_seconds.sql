-- The seconds a worker reports it computed for a stage attempt (PseudoLabelsReady/ModelTrained/ModelEvaluated.Seconds):
-- beside started_at/ended_at (dispatch to recorded outcome) it shows how much of a stage was queueing and messaging.
ALTER TABLE run_stages ADD COLUMN compute_seconds double precision;
