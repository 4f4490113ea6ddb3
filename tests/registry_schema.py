"""The official registry's server.json schema (2025-12-11) as pydantic models.

Written from ``internal/validators/schemas/2025-12-11.json`` of modelcontextprotocol/registry
and its Go validators (OCI references, remote namespace), not copied: each constraint
mcpgen's output must meet is a field type or a validator. Shared by the unit and e2e tiers.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator, model_validator

SCHEMA_URL = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json"
_URL_TEMPLATE = r"^https?://[^\s]+$"
_GITHUB_RELEASE_ASSET = (
    r"^https://github\.com/[a-zA-Z0-9]([a-zA-Z0-9-]{0,37}[a-zA-Z0-9])?/[a-zA-Z0-9._-]+"
    r"/releases/download/[^/]+/[^/]+$"
)
_RANGE = re.compile(r"^[\^~><=]|\.x$|\.\*$|^latest$")


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")

    description: str | None = None
    isRequired: bool = False
    isSecret: bool = False
    format: Literal["string", "number", "boolean", "filepath"] = "string"
    value: str | None = None
    default: str | None = None
    placeholder: str | None = None
    choices: list[str] | None = None


class KeyValueInput(Input):
    name: str
    variables: dict[str, Input] | None = None


class StdioTransport(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["stdio"]


class HttpTransport(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["streamable-http", "sse"]
    url: Annotated[str, Field(pattern=_URL_TEMPLATE)]
    headers: list[KeyValueInput] | None = None


class Remote(HttpTransport):
    variables: dict[str, Input] | None = None


class Package(BaseModel):
    model_config = ConfigDict(extra="forbid")

    registryType: str
    identifier: str
    version: Annotated[str, Field(min_length=1)] | None = None
    registryBaseUrl: HttpUrl | None = None
    fileSha256: Annotated[str, Field(pattern=r"^[a-f0-9]{64}$")] | None = None
    runtimeHint: str | None = None
    transport: StdioTransport | HttpTransport
    environmentVariables: list[KeyValueInput] | None = None

    @field_validator("version")
    @classmethod
    def exact(cls, version: str | None) -> str | None:
        assert version is None or not _RANGE.search(version), "a range is not a version"
        return version

    @model_validator(mode="after")
    def per_registry(self) -> Package:
        assert " " not in self.identifier, "identifiers have no spaces"
        if self.registryType == "oci":
            # OCI: a canonical reference with its tag, nothing else (validators/registries/oci.go)
            assert self.version is None and self.registryBaseUrl is None
            assert re.match(
                r"^(docker\.io|ghcr\.io|[a-z0-9-]+\.pkg\.dev)/.+:[^:/]+$", self.identifier
            )
        if self.registryType == "mcpb":
            # validators/registries/mcpb.go: a GitHub/GitLab release asset, with its hash
            assert self.fileSha256 and self.version is None and self.registryBaseUrl is None
            assert re.match(_GITHUB_RELEASE_ASSET, self.identifier), self.identifier
            assert "mcp" in self.identifier.lower()
        if self.registryType == "pypi":
            assert self.version, "a PyPI package names its exact version"
        return self


class Repository(BaseModel):
    url: HttpUrl
    source: str
    id: str | None = None
    subfolder: str | None = None


class ServerJson(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_: Annotated[Literal[SCHEMA_URL], Field(alias="$schema")]  # type: ignore[valid-type]
    name: Annotated[
        str, Field(min_length=3, max_length=200, pattern=r"^[a-zA-Z0-9.-]+/[a-zA-Z0-9._-]+$")
    ]
    description: Annotated[str, Field(min_length=1, max_length=100)]
    version: Annotated[str, Field(max_length=255)]
    title: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    repository: Repository | None = None
    websiteUrl: HttpUrl | None = None
    packages: list[Package] | None = None
    remotes: list[Remote] | None = None

    @model_validator(mode="after")
    def remotes_on_the_namespace_domain(self) -> ServerJson:
        namespace = self.name.split("/", 1)[0]
        domain = ".".join(reversed(namespace.split(".")))
        for remote in self.remotes or []:
            host = re.sub(r"^https?://([^/:]+).*$", r"\1", remote.url)
            assert host == domain or host.endswith("." + domain), f"{host} is not on {domain}"
        return self
