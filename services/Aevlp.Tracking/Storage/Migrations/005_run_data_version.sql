-- A run's data_version changes, in the same transaction, with anything runs/get and runs/search return for it: its row,
-- params, tags, latest metrics, dataset inputs and model links. The tracker caches each run's answer under (run, version),
-- so the version read with a page says exactly which cached answer is current, whichever replica or path wrote. Triggers,
-- not the writers, bump it: a write path added later cannot forget to.
ALTER TABLE runs ADD COLUMN data_version bigint NOT NULL DEFAULT 0;

CREATE FUNCTION runs_next_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.data_version = OLD.data_version THEN
        NEW.data_version := OLD.data_version + 1;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER data_version BEFORE UPDATE ON runs FOR EACH ROW EXECUTE FUNCTION runs_next_data_version();

-- Once per statement, over the statement's rows (a log-batch writes up to 1,000 of them), not once per row.
CREATE FUNCTION runs_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE runs SET data_version = data_version + 1 WHERE run_uuid IN (SELECT run_uuid FROM changed);
    RETURN NULL;
END $$;

DO $$
DECLARE
    data_table text;
BEGIN
    FOREACH data_table IN ARRAY ARRAY['params', 'tags', 'latest_metrics', 'run_dataset_inputs', 'run_model_links'] LOOP
        EXECUTE format('CREATE TRIGGER data_inserted AFTER INSERT ON %I REFERENCING NEW TABLE AS changed
            FOR EACH STATEMENT EXECUTE FUNCTION runs_data_changed()', data_table);
        EXECUTE format('CREATE TRIGGER data_updated AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed
            FOR EACH STATEMENT EXECUTE FUNCTION runs_data_changed()', data_table);
        EXECUTE format('CREATE TRIGGER data_deleted AFTER DELETE ON %I REFERENCING OLD TABLE AS changed
            FOR EACH STATEMENT EXECUTE FUNCTION runs_data_changed()', data_table);
    END LOOP;
END $$;
