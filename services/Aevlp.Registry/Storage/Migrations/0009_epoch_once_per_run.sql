-- An epoch once per run, not once per stage attempt. A trainer that dies after reporting an epoch and before storing its
-- checkpoint leaves that epoch to be trained again by the next attempt; the history keeps the later record, the one the
-- run's weights continue from (RunHistory.RecordProgressAsync replaces an earlier attempt's record of the epoch).
DELETE FROM run_events earlier
USING run_events later
WHERE earlier.kind = 'EpochEnded' AND later.kind = 'EpochEnded'
  AND earlier.run_id = later.run_id AND earlier.stage = later.stage
  AND earlier.detail ->> 'epoch' = later.detail ->> 'epoch' AND earlier.attempt < later.attempt;
DROP INDEX run_events_epoch_once;
CREATE UNIQUE INDEX run_events_epoch_once ON run_events (run_id, stage, (detail ->> 'epoch')) WHERE kind = 'EpochEnded';
