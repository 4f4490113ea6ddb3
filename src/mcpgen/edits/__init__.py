"""Edits of files mcpgen does not own: the rules every write follows live in ``files``."""
