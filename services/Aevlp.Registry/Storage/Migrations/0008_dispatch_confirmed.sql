-- When RabbitMQ confirmed the command of the run's current stage attempt (NULL until then, and again at every new attempt).
-- A confirmed command no worker has received yet waits in a durable queue: the watchdog leaves it there however long the
-- queue, and times out only what a worker received and went silent on, or what was never confirmed.
ALTER TABLE runs ADD COLUMN dispatched_at timestamptz;
