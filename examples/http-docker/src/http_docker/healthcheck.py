"""Container health check: exit 0 when ``/health`` answers 200, 1 otherwise.

Used by the Dockerfile's HEALTHCHECK and docker-compose.yml, because slim Python images have
no curl. Run it as ``python -m http_docker.healthcheck [URL]``.
"""

from __future__ import annotations

import os
import sys
import urllib.request


def check(url: str, timeout: float = 3.0) -> bool:
    """True when ``url`` answers HTTP 200 within ``timeout`` seconds."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return bool(response.status == 200)
    except OSError:
        return False


def main() -> None:
    """Check the URL given as the first argument, or the local server's ``/health``."""
    default = f"http://127.0.0.1:{os.environ.get('MCP_PORT', '8000')}/health"
    url = sys.argv[1] if len(sys.argv) > 1 else default
    if not url.startswith(("http://", "https://")):
        sys.exit(f"not an http(s) URL: {url}")
    sys.exit(0 if check(url) else 1)


if __name__ == "__main__":
    main()
