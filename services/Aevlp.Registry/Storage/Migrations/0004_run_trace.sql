-- The W3C traceparent of the request that created the run: every stage dispatch starts under it, so one trace spans
-- the run from TrainRequested to ModelRegistered, whichever message or timer triggers the dispatch.
ALTER TABLE runs ADD COLUMN trace_parent text;
