"""docker-compose.yml, Dockerfile and deploy/ checked against the code (no Docker here)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from schemas.topics import all_topic_names, compacted_topic_names
from sinks.ddl import statements
from tollgate.config import load_settings, setting_names

REPO = Path(__file__).resolve().parents[2]
SETTINGS = set(setting_names())


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text())


def _tollgate_vars(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(key, str) and key.startswith("TOLLGATE_"):
                found.add(key)
            found |= _tollgate_vars(value)
    elif isinstance(node, list):
        for item in node:
            found |= _tollgate_vars(item)
    return found


def test_compose_sets_only_existing_settings() -> None:
    compose = _yaml(REPO / "docker-compose.yml")
    used = _tollgate_vars(compose)
    assert used, "compose sets no TOLLGATE_* variables"
    assert used <= SETTINGS, used - SETTINGS


def test_compose_images_are_pinned_and_services_healthchecked() -> None:
    compose = _yaml(REPO / "docker-compose.yml")
    services = compose["services"]
    assert {"kafka", "clickhouse", "worker", "grafana", "init-topics"} <= set(services)
    for name, service in services.items():
        image = service.get("image", "")
        assert re.search(r":\d+(\.\d+)+", image), f"{name}: image {image!r} is not pinned"
        one_shot = service.get("restart") == "no"
        if not one_shot and "build" not in service:
            assert "healthcheck" in service, f"{name} has no healthcheck"
    assert services["worker"]["deploy"]["replicas"] == 2
    assert "KRaft" in (REPO / "docker-compose.yml").read_text()
    assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"


def test_dockerfile_is_pinned_non_root_with_healthcheck() -> None:
    text = (REPO / "Dockerfile").read_text()
    for line in re.findall(r"^FROM (\S+)", text, re.M):
        assert re.search(r":\d+\.\d+", line), line
    assert re.search(r"^USER (?!root)\S+", text, re.M)
    assert "HEALTHCHECK" in text
    assert "/health/ready" in text


def test_k8s_manifests_set_only_existing_settings() -> None:
    used: set[str] = set()
    kinds = set()
    for path in (REPO / "deploy" / "k8s").glob("*.yaml"):
        for doc in yaml.safe_load_all(path.read_text()):
            kinds.add(doc.get("kind"))
            used |= _tollgate_vars(doc)
    assert {
        "Deployment",
        "HorizontalPodAutoscaler",
        "PodDisruptionBudget",
        "ConfigMap",
        "Secret",
    } <= kinds
    assert used <= SETTINGS, used - SETTINGS


def test_topic_plan_matches_the_code() -> None:
    plan = _yaml(REPO / "deploy" / "topics.yaml")
    settings = load_settings()
    assert {t["name"] for t in plan["topics"]} == set(all_topic_names(settings))
    compacted = {t["name"] for t in plan["topics"] if t.get("cleanup_policy") == "compact"}
    assert compacted == compacted_topic_names(settings) == {"tollgate.sessions", "tollgate.replays"}


def test_clickhouse_migration_is_the_generated_ddl() -> None:
    sql = (REPO / "deploy" / "clickhouse" / "migrations" / "001_tollgate_schema.sql").read_text()
    body = sql.split("\n", 1)[1]
    assert body == ";\n\n".join(statements()) + ";\n"


def test_readme_documents_every_setting_and_starts_with_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text()
    missing = [name for name in SETTINGS if f"`{name}`" not in readme]
    assert not missing, missing
    first_block = readme.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block
