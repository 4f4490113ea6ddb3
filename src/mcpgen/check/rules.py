"""The lint rules: what an AI client reads must be documented, within limits and not poisoned.

Pure functions over the catalog the probe dumps (plain JSON data), so every rule is testable
without a server. A finding is an error (the check fails) or a warning.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

# Every rule, by name (the names users write in per-tool-ignores).
RULES = (
    "missing-description",
    "undocumented-parameter",
    "vague-description",
    "too-many-tools",
    "name-too-long",
    "name-characters",
    "instruction-override",
    "sensitive-file",
    "secret-exfiltration",
    "html-comment",
    "hidden-unicode",
    "base64-blob",
    "runtime-input",
)
MAX_NAME_LENGTH = 64
MAX_TOOLS = 100
# FastMCP fills undocumented prompt arguments with this generated text.
_GENERATED_PROMPT_ARG = "Provide a value matching the following JSON schema"
_CLIENT_SAFE_NAME = re.compile(r"[A-Za-z0-9_-]+")
# A description shorter than this says too little; a first sentence shorter than three words
# ("Does stuff.") has a verb but no object; a short one must say what comes back.
MIN_DESCRIPTION_WORDS = 5
MIN_FIRST_SENTENCE_WORDS = 3
SHORT_DESCRIPTION_WORDS = 10
_WORD = re.compile(r"[^\W_][\w'-]*")
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n")
_RETURNS = re.compile(r"\breturn|\byields?\b|\bgives\b", re.IGNORECASE)

_OVERRIDE = re.compile(
    r"\b(ignore|disregard|forget|override)\b[^.\n]{0,40}?\b(previous|prior|above|earlier|all"
    r"|any|other|system)\b[^.\n]{0,20}?\b(instructions?|prompts?|rules?|directions?|guidelines?)"
    r"|\bdo\s+not\s+(tell|inform|mention|reveal|show)\b[^.\n]{0,30}?\b(the\s+)?(user|human)"
    r"|\byou\s+are\s+now\b|\bnew\s+instructions\b|\bsystem\s+prompt\b"
    r"|<\s*/?\s*(important|system|instructions?|secret)\s*>",
    re.IGNORECASE,
)
_SENSITIVE_FILE = re.compile(
    r"(~/|\$HOME/|%USERPROFILE%)\S*|/etc/(passwd|shadow)\b|\bid_(rsa|ed25519|ecdsa)\b"
    r"|\.ssh\b|\.aws/credentials|(?<![\w.])\.env\b|\bmcp\.json\b|\.npmrc\b|\.netrc\b"
    r"|\.git-credentials\b|\.kube/config\b",
    re.IGNORECASE,
)
_EXFILTRATE = re.compile(
    r"\b(read|send|upload|include|post|forward|exfiltrate|leak|share|transmit|append|attach"
    r"|copy|paste|email)\b[^.\n]{0,60}?\b(api[\s_-]?keys?|passwords?|secrets?|credentials?"
    r"|private\s+keys?|access\s+tokens?|ssh\s+keys?|env(ironment)?\s+variables?"
    r"|conversation|chat\s+history)\b",
    re.IGNORECASE,
)
_HTML_COMMENT = re.compile(r"<!--")
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{40,}={0,2}")
_MIN_ENV_VALUE = 12


@dataclass(frozen=True)
class Finding:
    """One problem: which rule, how bad, where, and what."""

    rule: str
    severity: str  # "error" or "warning"
    where: str
    message: str

    def as_dict(self) -> dict[str, str]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class Text:
    """A piece of text an AI client reads, and where it comes from."""

    where: str
    text: str


def lint(catalog: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> list[Finding]:
    """Every finding for a server catalog, in a stable order."""
    environ = os.environ if environ is None else environ
    findings = [*documentation(catalog), *vague_descriptions(catalog), *limits(catalog)]
    for text in texts(catalog):
        findings += poisoning(text, environ)
    return findings


def documentation(catalog: Mapping[str, Any]) -> Iterator[Finding]:
    """Missing descriptions on tools, resources, templates, prompts and their parameters."""
    for kind, key, items in (
        ("tool", "name", catalog.get("tools", [])),
        ("resource", "uri", catalog.get("resources", [])),
        ("resource template", "uri", catalog.get("templates", [])),
        ("prompt", "name", catalog.get("prompts", [])),
    ):
        for item in items:
            if not (item.get("description") or "").strip():
                yield Finding(
                    "missing-description",
                    "error",
                    f"{kind} {item[key]}",
                    f"The {kind} has no description, so a model cannot tell when to use it.",
                )
    for tool in catalog.get("tools", []):
        properties = (tool.get("input_schema") or {}).get("properties") or {}
        for name, schema in properties.items():
            if not _documented(schema):
                yield _undocumented(f"tool {tool['name']} > parameter {name}")
    for prompt in catalog.get("prompts", []):
        for argument in prompt.get("arguments") or []:
            description = (argument.get("description") or "").strip()
            if not description or description.startswith(_GENERATED_PROMPT_ARG):
                yield _undocumented(f"prompt {prompt['name']} > argument {argument['name']}")


def vague_descriptions(catalog: Mapping[str, Any]) -> Iterator[Finding]:
    """Tool descriptions too thin for a model to choose the tool: "Does stuff."."""
    for tool in catalog.get("tools", []):
        description = (tool.get("description") or "").strip()
        if not description:
            continue  # missing-description says so
        reasons = vague_reasons(description)
        if reasons:
            yield Finding(
                "vague-description",
                "warning",
                f"tool {tool['name']}",
                f"Too vague for a model to choose this tool: {'; '.join(reasons)}. Say what it "
                "does to what, when to use it, and what it returns.",
            )


def vague_reasons(description: str) -> list[str]:
    """What makes ``description`` vague: too short, no object, no word on what it returns."""
    words = _WORD.findall(description)
    first = _WORD.findall(_SENTENCE_END.split(description, maxsplit=1)[0])
    reasons = []
    if len(words) < MIN_DESCRIPTION_WORDS:
        reasons.append(f"only {len(words)} word{'' if len(words) == 1 else 's'}")
    if len(first) < MIN_FIRST_SENTENCE_WORDS:
        reasons.append("the first sentence names no object")
    if len(words) < SHORT_DESCRIPTION_WORDS and not _RETURNS.search(description):
        reasons.append("it does not say what it returns")
    return reasons


def _documented(schema: Any) -> bool:
    return isinstance(schema, dict) and bool(str(schema.get("description") or "").strip())


def _undocumented(where: str) -> Finding:
    return Finding(
        "undocumented-parameter",
        "error",
        where,
        "No description: say what the value means, its format and its limits.",
    )


def limits(catalog: Mapping[str, Any]) -> Iterator[Finding]:
    """Tool names and counts that clients reject or truncate."""
    tools = catalog.get("tools", [])
    if len(tools) > MAX_TOOLS:
        yield Finding(
            "too-many-tools",
            "error",
            "server",
            f"{len(tools)} tools; clients accept at most {MAX_TOOLS} (and choose worse with many).",
        )
    for tool in tools:
        name = str(tool["name"])
        if len(name) > MAX_NAME_LENGTH:
            yield Finding(
                "name-too-long",
                "error",
                f"tool {name}",
                f"The name has {len(name)} characters; clients accept at most {MAX_NAME_LENGTH}.",
            )
        if not _CLIENT_SAFE_NAME.fullmatch(name):
            yield Finding(
                "name-characters",
                "warning",
                f"tool {name}",
                "Some clients accept only letters, digits, '_' and '-' in tool names.",
            )


def texts(catalog: Mapping[str, Any]) -> Iterator[Text]:
    """Every piece of text a client shows the model."""
    server = catalog.get("server") or {}
    if server.get("instructions"):
        yield Text("server instructions", str(server["instructions"]))
    for tool in catalog.get("tools", []):
        where = f"tool {tool['name']}"
        for field in ("title", "description"):
            if tool.get(field):
                yield Text(where, str(tool[field]))
        yield from _schema_texts(where, tool.get("input_schema") or {})
    for kind, key, items in (
        ("resource", "uri", catalog.get("resources", [])),
        ("resource template", "uri", catalog.get("templates", [])),
    ):
        for item in items:
            if item.get("description"):
                yield Text(f"{kind} {item[key]}", str(item["description"]))
    for prompt in catalog.get("prompts", []):
        if prompt.get("description"):
            yield Text(f"prompt {prompt['name']}", str(prompt["description"]))
        for argument in prompt.get("arguments") or []:
            if argument.get("description"):
                where = f"prompt {prompt['name']} > argument {argument['name']}"
                yield Text(where, str(argument["description"]))


def _schema_texts(where: str, schema: Any) -> Iterator[Text]:
    """Descriptions, titles and defaults anywhere in a JSON schema."""
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key in ("description", "title") and isinstance(value, str):
                yield Text(where, value)
            elif key == "properties" and isinstance(value, dict):
                for name, sub in value.items():
                    yield from _schema_texts(f"{where} > parameter {name}", sub)
            else:
                yield from _schema_texts(where, value)
    elif isinstance(schema, list):
        for item in schema:
            yield from _schema_texts(where, item)


def poisoning(text: Text, environ: Mapping[str, str]) -> Iterator[Finding]:
    """Signs that a description carries instructions for the model rather than documentation."""
    checks = (
        ("instruction-override", _OVERRIDE, "Reads like instructions to the model"),
        ("sensitive-file", _SENSITIVE_FILE, "Mentions a file that holds secrets"),
        ("secret-exfiltration", _EXFILTRATE, "Asks to read or send secrets"),
        ("html-comment", _HTML_COMMENT, "Contains an HTML comment, hidden from people"),
    )
    for rule, pattern, message in checks:
        match = pattern.search(text.text)
        if match:
            yield Finding(rule, "error", text.where, f"{message}: {_quote(match.group(0))}")
    hidden = sorted({f"U+{ord(ch):04X}" for ch in text.text if _hidden(ch)})
    if hidden:
        yield Finding(
            "hidden-unicode",
            "error",
            text.where,
            f"Contains invisible characters a person cannot review: {', '.join(hidden[:5])}",
        )
    for blob in _BASE64.findall(text.text):
        if _decodes(blob):
            yield Finding(
                "base64-blob",
                "error",
                text.where,
                f"Contains an encoded blob that may hide instructions: {_quote(blob)}",
            )
            break
    for name, value in environ.items():
        if len(value) >= _MIN_ENV_VALUE and value in text.text:
            yield Finding(
                "runtime-input",
                "error",
                text.where,
                f"Contains the value of ${name}: descriptions must not be built from runtime "
                "input.",
            )
            break


def _hidden(char: str) -> bool:
    """Format, private-use and unassigned characters: zero-width, bidi controls, tags."""
    return unicodedata.category(char) in ("Cf", "Co", "Cn")


def _decodes(blob: str) -> bool:
    """True when ``blob`` looks like base64 rather than an identifier or a path."""
    if not (re.search(r"[A-Z]", blob) and re.search(r"[a-z]", blob) and re.search(r"\d", blob)):
        return False
    padded = blob + "=" * (-len(blob) % 4)
    try:
        base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
