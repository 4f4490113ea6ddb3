"""Lossless edits of files mcpgen does not own, and the rules every such write follows.

``files`` is the only way mcpgen reads and writes a user's file (no link followed, exclusive
temporary files and backups, atomic replace); ``transaction`` groups writes all-or-nothing.
The editors change text minimally and refuse what they cannot parse: ``pyproject`` (tomlkit),
``env`` (``.env.example``), ``compose`` (ruamel.yaml round trip), ``jsonc`` (JSON with
comments, via ``jsonc_parse``) and ``toml`` (Codex's config).
"""
