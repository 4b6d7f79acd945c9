-- Which worker took a stage attempt's command, and when it first did (StageReceived): received_at - started_at is how long
-- the command waited in its queue, and the worker names the replica that ran the attempt. A command RabbitMQ redelivers
-- within the same attempt keeps its first receipt and names the worker that took it last.
ALTER TABLE run_stages ADD COLUMN received_at timestamptz, ADD COLUMN worker text;
