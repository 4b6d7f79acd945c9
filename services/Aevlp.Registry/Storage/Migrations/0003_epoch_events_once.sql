-- An epoch's EpochEnded event once per stage attempt, however often its message is delivered
-- (at-least-once delivery: a broker restart can hand a processed progress message over again).
DELETE FROM run_events later
USING run_events earlier
WHERE later.kind = 'EpochEnded' AND earlier.kind = 'EpochEnded'
  AND later.run_id = earlier.run_id AND later.stage = earlier.stage AND later.attempt = earlier.attempt
  AND later.detail ->> 'epoch' = earlier.detail ->> 'epoch' AND later.id > earlier.id;
CREATE UNIQUE INDEX run_events_epoch_once ON run_events (run_id, stage, attempt, (detail ->> 'epoch')) WHERE kind = 'EpochEnded';
