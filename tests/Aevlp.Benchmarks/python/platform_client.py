"""The running platform, as the benchmark scripts use it: start the AppHost in local mode (or use one already
running), read its API key, import a fashion-mosaic dataset with the CLI, and run configs through the registry's
HTTP API one at a time. Standard library only, so it runs with any python3."""

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from datetime import datetime

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
REGISTRY = os.environ.get("AEVLP_REGISTRY", "http://localhost:5100")
ENDED = ("FINISHED", "FAILED", "KILLED", "PRUNED")


class Platform:
    """Starts `dotnet run -c Release --project AEVLP.AppHost` on `data_dir` at the first request, unless a registry
    already answers; a script whose results are all saved never starts it."""

    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.process = None
        self.key = None
        self.imported = set()

    def __enter__(self):
        return self

    def _start(self):
        if not self._healthy():
            log_path = os.path.join(self.data_dir, "apphost.log")
            os.makedirs(self.data_dir, exist_ok=True)
            self.process = subprocess.Popen(
                ["dotnet", "run", "-c", "Release", "--project", os.path.join(REPO, "AEVLP.AppHost"), "--",
                 f"--Infrastructure:DataDir={self.data_dir}"],
                cwd=REPO, stdout=open(log_path, "ab"), stderr=subprocess.STDOUT, start_new_session=True)
            self._wait_healthy(log_path)
        self.key = os.environ.get("AEVLP_API_KEY") or _read_key(self.data_dir)

    def __exit__(self, *_):
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=120)

    def request(self, method, path, body=None):
        if self.key is None:
            self._start()
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(REGISTRY + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self.key}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            raise RuntimeError(f"{method} {path}: HTTP {error.code}: {error.read().decode(errors='replace')}") from None

    def ensure_mosaic_dataset(self, name, train, test, seed, **variant):
        """Imports the generated dataset once; `aevlp datasets synth` gives byte-identical files for the same options.
        `variant` holds the harder variant's options by their flag names (grid=3 for --grid 3, min_scale for --min-scale…)."""
        if name in self.imported:
            return
        self.imported.add(name)
        datasets = self.request("GET", "/api/datasets")
        if any(d["name"] == name and any(v["complete"] for v in d["versions"]) for d in datasets):
            return
        flags = [arg for key, value in variant.items() for arg in ("--" + key.replace("_", "-"), str(value))]
        subprocess.run(["dotnet", "run", "-c", "Release", "--project", os.path.join(REPO, "services", "Aevlp.Cli"), "--",
                        "datasets", "synth", "fashion-mosaic", "--train", str(train), "--test", str(test),
                        "--seed", str(seed), "--name", name, *flags, "--registry", REGISTRY, "--api-key", self.key],
                       cwd=REPO, check=True)

    def run_to_end(self, idempotency_key, dataset, name, config, search=None, timeout_s=3600):
        """Submits a run, or a search with `search` (the idempotency key makes a re-run of the script join the same
        one), and polls until it ends; a search, until it names its best trial too (just after it ends)."""
        request = {"idempotencyKey": idempotency_key, "dataset": dataset, "runName": name, "config": config,
                   "requestedBy": "benchmarks"}
        if search is not None:
            request["search"] = search
        created = self.request("POST", "/api/runs", request)
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            run = self.request("GET", f"/api/runs/{created['runId']}")
            ended = run["run"]["status"] in ENDED
            named = search is None or run["search"].get("bestTrialId") is not None
            if ended and (named or time.time() - _parse_time(run["run"]["finishedAt"]) > 30):
                return run
            time.sleep(2)
        raise TimeoutError(f"run {created['runId']} ({name}) did not end within {timeout_s} s")

    def _healthy(self):
        try:
            with urllib.request.urlopen(REGISTRY + "/health", timeout=5) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def _wait_healthy(self, log_path, timeout_s=900):
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the AppHost exited with {self.process.returncode}; see {log_path}")
            if self._healthy():
                return
            time.sleep(3)
        raise TimeoutError(f"the registry did not answer {REGISTRY}/health within {timeout_s} s; see {log_path}")


def _read_key(data_dir):
    path = os.path.join(data_dir, "credentials.json")
    with open(path) as file:
        return json.load(file)["ApiKey"]


def saved_run(path, name, submit):
    """The run saved at `path` (as GET /api/runs/{id} returned it), or `submit()`'s, saved there once it FINISHED; any
    other end fails the script, so nothing half is kept."""
    if os.path.exists(path):
        with open(path) as file:
            return json.load(file)
    run = submit()
    if run["run"]["status"] != "FINISHED":
        raise RuntimeError(f"{name}: run {run['run']['id']} ended {run['run']['status']}: {run.get('error')}")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as file:
        json.dump(run, file, indent=1)
    return run


def demo_config(**overrides):
    """configs/fashion-mosaic.json as a run config (its dataset keys come from the request), with overrides."""
    with open(os.path.join(REPO, "configs", "fashion-mosaic.json")) as file:
        config = json.load(file)
    for key in ("dataset", "num_classes"):
        config.pop(key, None)
    config.update(overrides)
    return config


def stage_seconds(run):
    """Per stage: (wall seconds from dispatch to recorded outcome, the worker's computeSeconds) of the last attempt."""
    stages = {}
    for stage in run["stages"]:
        started, ended = _parse_time(stage["startedAt"]), _parse_time(stage.get("endedAt"))
        stages[stage["stage"]] = ((ended - started) if ended else None, stage.get("computeSeconds"))
    return stages


def wall_seconds(run):
    """From the request (run created) to the run's end (the model registered)."""
    return _parse_time(run["run"]["finishedAt"]) - _parse_time(run["run"]["createdAt"])


def _parse_time(text):
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
