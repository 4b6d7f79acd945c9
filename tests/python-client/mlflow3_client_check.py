"""What a Python user of MLflow 3 does, against our tracker: MLflow's own Python client (`mlflow`, not ours), from
start_run to log_input, onnx.log_model, register_model by models:/ and runs:/ URIs, aliases, and load_model by a
models:/ URI. Exits non-zero at the first call that fails or answers in a shape the client cannot use.

    MLFLOW_TRACKING_URI=http://localhost:5000 MLFLOW_TRACKING_TOKEN=$AEVLP_API_KEY python3 tests/python-client/mlflow3_client_check.py

Needs `mlflow` 3 (or mlflow-skinny), `onnx` and `numpy` importable. Not part of the test suite: a fresh CI machine has no
MLflow client (PyPI is not reachable from it); docs/mlflow-api.md records when it was last run and with which version.
Where MLflow's pyfunc flavor cannot be imported (pydantic 1), the model is logged and loaded through the MLflow client
calls that mlflow.onnx.log_model and load_model make (the same REST requests), and the script says so.
"""

import importlib
import json
import math
import os
import tempfile
import uuid

import mlflow
import numpy as np
import onnx
from mlflow import MlflowClient
from mlflow.entities import Metric, Param, RunTag
from onnx import TensorProto, helper


def tiny_onnx_model():
    """y = sigmoid(x @ W): 4 features in, 3 scores out."""
    weights = helper.make_tensor("W", TensorProto.FLOAT, [4, 3], np.linspace(-1, 1, 12).astype(np.float32).tolist())
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["z"]), helper.make_node("Sigmoid", ["z"], ["y"])], "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 4])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 3])], [weights])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def log_onnx_model(model):
    """mlflow.onnx.log_model; or, without the pyfunc flavor, what it does: create the logged model, write its MLmodel and
    model.onnx, upload them as the model's artifacts, finalize it READY and link it to the run as an output."""
    try:
        importlib.import_module("mlflow.pyfunc")  # log_model adds the pyfunc flavor
        return mlflow.onnx.log_model(model, name="model", params={"threshold": "0.5"}).model_id
    except ImportError as error:
        print(f"note: the pyfunc flavor does not import here ({error}); logging through the client calls log_model makes")
    run = mlflow.active_run()
    logged = mlflow.initialize_logged_model(name="model", source_run_id=run.info.run_id, params={"threshold": "0.5"},
                                            model_type="onnx")
    with tempfile.TemporaryDirectory() as folder:
        onnx.save_model(model, os.path.join(folder, "model.onnx"))
        description = mlflow.models.Model(artifact_path="model", run_id=run.info.run_id, model_id=logged.model_id)
        description.add_flavor("onnx", onnx_version=onnx.__version__, data="model.onnx")
        description.save(os.path.join(folder, "MLmodel"))
        MlflowClient().log_model_artifacts(logged.model_id, folder)
    mlflow.finalize_logged_model(logged.model_id, "READY")
    MlflowClient().log_outputs(run.info.run_id, [mlflow.entities.LoggedModelOutput(logged.model_id, 0)])
    return logged.model_id


def load_onnx_model(uri):
    """mlflow.onnx.load_model; or, without the pyfunc flavor, what it does: resolve the URI, download the model's
    artifacts, read the onnx flavor's data file from its MLmodel."""
    try:
        importlib.import_module("mlflow.pyfunc")
        return mlflow.onnx.load_model(uri)
    except ImportError:
        pass
    with tempfile.TemporaryDirectory() as folder:
        local = mlflow.artifacts.download_artifacts(artifact_uri=uri, dst_path=folder)
        flavor = mlflow.models.Model.load(os.path.join(local, "MLmodel")).flavors["onnx"]
        return onnx.load(os.path.join(local, flavor["data"]))


def check(condition, what):
    if not condition:
        raise SystemExit(f"FAILED: {what}")
    print(f"ok: {what}")


def main():
    print(f"mlflow {mlflow.__version__} against {mlflow.get_tracking_uri()}")
    client = MlflowClient()
    experiment = f"python-client-check-{uuid.uuid4().hex[:8]}"
    mlflow.set_experiment(experiment)
    with mlflow.start_run(run_name="check") as run:
        mlflow.log_params({"lr": 0.001, "loss": "gpr_loss"})
        mlflow.log_metric("val_map", 50.5, step=1)
        mlflow.log_metric("val_map", 61.25, step=2)
        mlflow.log_metric("nan_metric", float("nan"))
        mlflow.log_metrics({"inf_metric": float("inf"), "neg_inf_metric": float("-inf")})
        mlflow.set_tags({"team": "aevlp", "temporary": "yes"})
        client.delete_tag(run.info.run_id, "temporary")
        client.log_batch(run.info.run_id, metrics=[Metric("batch_metric", 1.0, 0, 0)], params=[Param("bsize", "16")],
                         tags=[RunTag("batch", "1")])
        dataset = mlflow.data.from_numpy(np.zeros((2, 4), dtype=np.float32), source="/data/mosaic", name="mosaic", digest="abc123")
        mlflow.log_input(dataset, context="train")
        model_id = log_onnx_model(tiny_onnx_model())
        run_id = run.info.run_id

    got = client.get_run(run_id)
    check(got.info.status == "FINISHED", "the run ended FINISHED")
    check(got.data.params == {"lr": "0.001", "loss": "gpr_loss", "bsize": "16"}, "params came back")
    check(got.data.metrics["val_map"] == 61.25, "the latest val_map is the last step's")
    check(math.isnan(got.data.metrics["nan_metric"]), "NaN round-trips")
    check(got.data.metrics["inf_metric"] == math.inf and got.data.metrics["neg_inf_metric"] == -math.inf, "±Infinity round-trip")
    check("temporary" not in got.data.tags and got.data.tags["team"] == "aevlp", "tags set and deleted")
    check([m.value for m in client.get_metric_history(run_id, "val_map")] == [50.5, 61.25], "metric history in step order")
    inputs = got.inputs.dataset_inputs
    check(len(inputs) == 1 and inputs[0].dataset.name == "mosaic" and inputs[0].dataset.digest == "abc123", "the dataset input is on the run")
    check(any(t.key == "mlflow.data.context" and t.value == "train" for t in inputs[0].tags), "the input's context tag")

    logged = mlflow.get_logged_model(model_id)
    check(logged.status.to_proto() == 2 or str(logged.status).endswith("READY"), "the logged model is READY")
    check(logged.source_run_id == run_id and logged.params.get("threshold") == "0.5", "the logged model's run and params")
    found = mlflow.search_logged_models(experiment_ids=[got.info.experiment_id], filter_string="name = 'model'", output_format="list")
    check([m.model_id for m in found] == [model_id], "search_logged_models finds it by name")
    check(any(o.model_id == model_id for o in got.outputs.model_outputs), "the run lists the model as its output")

    loaded = load_onnx_model(f"models:/{model_id}")
    check(isinstance(loaded, onnx.ModelProto) and loaded.graph.output[0].name == "y", "the ONNX model loads by its models:/ URI")

    name = f"check-{uuid.uuid4().hex[:8]}"
    by_model = mlflow.register_model(f"models:/{model_id}", name)
    by_run = mlflow.register_model(f"runs:/{run_id}/model", name)
    check((by_model.version, by_run.version) == ("1", "2"), "register_model by models:/ and runs:/ URIs")
    versions = json.loads(mlflow.get_logged_model(model_id).tags["mlflow.modelVersions"])
    # MLflow's server adds each version as a number, and MLflow's register_model adds it again as a string.
    check({str(v["version"]) for v in versions} == {"1", "2"}, "the logged model's mlflow.modelVersions tag lists both versions")
    client.set_registered_model_alias(name, "champion", "1")
    check(client.get_model_version_by_alias(name, "champion").version == "1", "aliases")
    check(isinstance(load_onnx_model(f"models:/{name}@champion"), onnx.ModelProto), "it loads by models:/name@alias")
    check(isinstance(load_onnx_model(f"models:/{name}/2"), onnx.ModelProto), "it loads by models:/name/version")
    check([m.name for m in client.search_registered_models(filter_string=f"name = '{name}'")] == [name], "search_registered_models")
    check(sorted(v.version for v in client.search_model_versions(f"name = '{name}'")) == ["1", "2"], "search_model_versions")
    client.set_registered_model_tag(name, "task", "spml")
    client.delete_registered_model_tag(name, "task")
    check("task" not in client.get_registered_model(name).tags, "registered model tags set and deleted")
    runs = mlflow.search_runs(experiment_names=[experiment], filter_string="metrics.val_map > 60", output_format="list")
    check([r.info.run_id for r in runs] == [run_id], "search_runs with MLflow's filter grammar")
    check_everyday_calls(client, experiment, name, model_id)
    print("all checks passed")


def check_everyday_calls(client, experiment, name, model_id):
    """Artifacts, nested runs, experiments and the rest of the registry, as a training script and a notebook use them."""
    with mlflow.start_run(run_name="parent") as parent:
        mlflow.log_dict({"classes": ["shirt", "bag"]}, "meta/classes.json")
        mlflow.log_text("hello", "notes.txt")
        with tempfile.TemporaryDirectory() as folder:
            with open(os.path.join(folder, "config.yaml"), "w") as file:
                file.write("lr: 0.001\n")
            mlflow.log_artifact(os.path.join(folder, "config.yaml"), artifact_path="configs")
        with mlflow.start_run(run_name="child", nested=True) as child:
            mlflow.log_metric("val_map", 70.0)
    check(sorted(a.path for a in client.list_artifacts(parent.info.run_id)) == ["configs", "meta", "notes.txt"], "list_artifacts")
    check(mlflow.artifacts.load_dict(f"runs:/{parent.info.run_id}/meta/classes.json") == {"classes": ["shirt", "bag"]}, "load_dict")
    check(mlflow.artifacts.load_text(f"runs:/{parent.info.run_id}/notes.txt") == "hello", "load_text")
    with tempfile.TemporaryDirectory() as folder:
        local = mlflow.artifacts.download_artifacts(run_id=parent.info.run_id, artifact_path="configs", dst_path=folder)
        check(open(os.path.join(local, "config.yaml")).read() == "lr: 0.001\n", "download_artifacts of a run folder")
    children = mlflow.search_runs(experiment_names=[experiment], output_format="list",
                                  filter_string=f"tags.mlflow.parentRunId = '{parent.info.run_id}'")
    check([r.info.run_id for r in children] == [child.info.run_id], "a nested run names its parent")
    ordered = client.search_runs([mlflow.get_experiment_by_name(experiment).experiment_id], order_by=["metrics.val_map DESC"])
    check(ordered[0].info.run_id == child.info.run_id, "search_runs ordered by a metric")
    check(experiment in [e.name for e in mlflow.search_experiments(filter_string=f"name = '{experiment}'")], "search_experiments")

    client.set_logged_model_tags(model_id, {"stage": "checked"})
    client.delete_logged_model_tag(model_id, "stage")
    check("stage" not in mlflow.get_logged_model(model_id).tags, "logged model tags set and deleted")
    check([v.version for v in client.get_latest_versions(name)] == ["2"], "get_latest_versions")
    client.delete_model_version(name, "2")
    check(sorted(v.version for v in client.search_model_versions(f"name = '{name}'")) == ["1"], "delete_model_version")
    client.rename_registered_model(name, name + "-renamed")
    check(client.get_registered_model(name + "-renamed").name == name + "-renamed", "rename_registered_model")
    client.delete_registered_model(name + "-renamed")
    experiment_id = mlflow.get_experiment_by_name(experiment).experiment_id
    client.delete_experiment(experiment_id)
    check(client.get_experiment(experiment_id).lifecycle_stage == "deleted", "delete_experiment")
    client.restore_experiment(experiment_id)
    check(client.get_experiment(experiment_id).lifecycle_stage == "active", "restore_experiment")


if __name__ == "__main__":
    main()
