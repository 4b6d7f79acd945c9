// Conformance check: drive the tracker with the npm `mlflow` client (2.0.7), written by someone else against
// MLflow's REST API. Usage: node conformance.js http://127.0.0.1:5000 — exits non-zero on the first failure.
'use strict';
const assert = require('node:assert/strict');
const MLflow = require('mlflow');

const endpoint = process.argv[2];
if (!endpoint) {
  console.error('usage: node conformance.js <tracking server URL>');
  process.exit(2);
}
// The client logs every request body; keep the output to what this script says.
console.log = () => {};
const say = (text) => process.stdout.write(`conformance: ${text}\n`);

async function main() {
  // The npm client has no MLFLOW_TRACKING_TOKEN support of its own; send it the way Python mlflow does.
  const token = process.env.MLFLOW_TRACKING_TOKEN;
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const mlflow = new MLflow({ endpoint: endpoint.replace(/\/$/, ''), headers });
  const name = `npm-conformance-${Date.now()}-${process.pid}`;

  const { experiment_id } = await mlflow.Experiments.create({ name });
  assert.match(experiment_id, /^\d+$/);
  const { experiments } = await mlflow.Experiments.list({});
  assert.ok(experiments.some((e) => e.experiment_id === experiment_id && e.name === name), 'experiments/list shows the new experiment');
  const { experiment } = await mlflow.Experiments.get({ experiment_id });
  assert.equal(experiment.name, name);
  say(`experiment ${experiment_id} created, listed and read`);

  const start = Date.now();
  const { run } = await mlflow.Runs.create({ experiment_id, start_time: start, tags: [{ key: 'team', value: 'aevlp' }] });
  const runId = run.info.run_id;
  assert.match(runId, /^[0-9a-f]{32}$/);
  assert.equal(run.info.run_uuid, runId);
  assert.equal(run.info.status, 'RUNNING');

  await mlflow.Runs.logParameter({ run_id: runId, key: 'lr', value: '0.001' });
  await mlflow.Runs.logParameter({ run_id: runId, key: 'lr', value: '0.001' });
  await assert.rejects(mlflow.Runs.logParameter({ run_id: runId, key: 'lr', value: '0.1' }),
    (e) => /"status":400/.test(e.message) && /INVALID_PARAMETER_VALUE/.test(e.message), 'changing a param is refused');
  await mlflow.Runs.setTag({ run_id: runId, key: 'stage', value: 'conformance' });
  for (let step = 0; step < 3; step++) {
    await mlflow.Runs.logMetric({ run_id: runId, key: 'loss', value: 1 / (step + 1), timestamp: start + step, step });
  }
  await mlflow.Runs.logBatch({
    run_id: runId,
    metrics: [{ key: 'map', value: 0.5, timestamp: start, step: 0 }, { key: 'map', value: 0.75, timestamp: start + 1, step: 1 }],
    params: [{ key: 'epochs', value: '2' }],
    tags: [{ key: 'dataset', value: 'fashion-mosaic' }],
  });
  say(`run ${runId}: params, tags, metrics and a batch logged`);

  const { runs } = await mlflow.Runs.search({
    experiment_ids: [experiment_id], filter: "metrics.loss < 0.5 and params.lr = '0.001'", max_results: 10, order_by: ['metrics.map DESC'],
  });
  assert.equal(runs.length, 1);
  const found = runs[0];
  assert.equal(found.info.run_id, runId);
  const latest = Object.fromEntries(found.data.metrics.map((m) => [m.key, Number(m.value)]));
  assert.equal(latest.loss, 1 / 3);
  assert.equal(latest.map, 0.75);
  const params = Object.fromEntries(found.data.params.map((p) => [p.key, p.value]));
  assert.deepEqual([params.lr, params.epochs], ['0.001', '2']);
  const tags = Object.fromEntries(found.data.tags.map((t) => [t.key, t.value]));
  assert.deepEqual([tags.team, tags.stage, tags.dataset], ['aevlp', 'conformance', 'fashion-mosaic']);
  say('runs/search found the run with its latest metrics, params and tags');

  const { metrics } = await mlflow.Metrics.getHistory({ run_id: runId, metric_key: 'loss' });
  assert.deepEqual(metrics.map((m) => [Number(m.step), Number(m.value)]), [[0, 1], [1, 0.5], [2, 1 / 3]]);
  say('metrics/get-history returned every step');

  const listing = await mlflow.Artifacts.list({ run_id: runId });
  assert.equal(listing.root_uri, run.info.artifact_uri);
  assert.deepEqual(listing.files || [], []);
  say('artifacts/list answered for an empty run');

  const end = Date.now();
  const { run_info } = await mlflow.Runs.update({ run_id: runId, status: 'FINISHED', end_time: end });
  assert.equal(run_info.status, 'FINISHED');
  const { run: finished } = await mlflow.Runs.get({ run_id: runId });
  assert.equal(Number(finished.info.end_time), end);

  await mlflow.Runs.delete({ run_id: runId });
  const { runs: afterDelete } = await mlflow.Runs.search({ experiment_ids: [experiment_id] });
  assert.equal((afterDelete || []).length, 0);
  await mlflow.Runs.restore({ run_id: runId });
  await assert.rejects(mlflow.Runs.get({ run_id: 'f'.repeat(32) }), /"status":404/);
  say('update, get, delete, restore and a missing run behave as MLflow');
}

main().then(
  () => say('all checks passed'),
  (error) => {
    process.stderr.write(`conformance: FAILED: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  });
