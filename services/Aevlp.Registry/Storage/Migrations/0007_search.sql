-- Hyper-parameter search (docs/search.md). The parent run keeps its checked search (every default filled in). A trial
-- waits unadmitted (QUEUED, not started, not the watchdog's business) until one of the search's maxConcurrent slots
-- frees. A pruned trial records its rung and why; the parent names its best trial and that trial's metric.
ALTER TABLE runs
    ADD COLUMN search jsonb,
    ADD COLUMN admitted boolean NOT NULL DEFAULT true,
    ADD COLUMN pruned jsonb,
    ADD COLUMN best_trial_id uuid,
    ADD COLUMN best_metric double precision;
