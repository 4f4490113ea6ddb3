#!/usr/bin/env bash
# Set up a container engine for tests/e2e/test_container_e2e.py: podman with runc, and local
# stand-ins for the two base images the generated Dockerfile names (no registry is reachable
# from CI). Idempotent and cached: a second run on the same machine takes a second.
#
#   bash tests/e2e/containers/setup.sh        # as root (it installs Debian packages)
#
# The generated Dockerfile is built unchanged; the tests only pass
# --build-arg PYTHON_IMAGE=localhost/mcpgen-ci/python:3.11-slim and
# --build-arg UV_IMAGE=localhost/mcpgen-ci/uv. The stand-ins are test fixtures, never
# something users build against.
set -euo pipefail

cache=${MCPGEN_CI_CACHE:-/var/cache/mcpgen-ci}
python=${MCPGEN_CI_PYTHON:-python3}
recipe=1  # bump when the stand-in recipe below changes, so cached images are rebuilt
export CONTAINERS_CONF="$cache/containers.conf"

say() { echo "container setup: $*" >&2; }
fail() { say "$*"; exit 1; }

[ "$(uname -s)" = Linux ] || fail "needs Linux (podman with runc)"

missing=()
command -v podman >/dev/null || missing+=(podman)
[ -x /usr/sbin/runc ] || missing+=(runc)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v catatonit >/dev/null || missing+=(catatonit)  # the pause process of 'kube play'
# Service names in DNS on compose's networks (the scale profile's proxy finds replicas by name).
[ -x /usr/lib/cni/dnsname ] || missing+=(golang-github-containernetworking-plugin-dnsname)
if ((${#missing[@]})); then
  [ "$(id -u)" = 0 ] || fail "missing ${missing[*]}; run this script as root to install them"
  command -v apt-get >/dev/null || fail "missing ${missing[*]} and no apt-get to install them"
  say "installing ${missing[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}" containernetworking-plugins iptables uidmap slirp4netns >/dev/null
fi

mkdir -p "$cache"
# A private engine configuration (CONTAINERS_CONF), so the machine's own is left alone:
# crun refuses hybrid cgroup hosts, and the default ulimits cannot be set in a nested sandbox.
cat >"$cache/containers.conf.new" <<'EOF'
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
mv "$cache/containers.conf.new" "$cache/containers.conf"

stamp() { podman image inspect --format '{{index .Labels "mcpgen.ci.recipe"}}' "$1" 2>/dev/null || true; }

# --- python:3.11-slim stand-in: Debian bookworm minbase with python3 (3.11) ----------------------
python_image=localhost/mcpgen-ci/python:3.11-slim
if [ "$(stamp "$python_image")" != "$recipe" ]; then
  [ "$(id -u)" = 0 ] || fail "building the Python base image needs root (debootstrap)"
  rootfs="$cache/bookworm-rootfs"
  if [ ! -f "$cache/bookworm-rootfs.done" ]; then
    say "debootstrap bookworm (a few minutes, once per machine)"
    rm -rf "$rootfs"
    debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
      bookworm "$rootfs" http://deb.debian.org/debian >"$cache/debootstrap.log" 2>&1 ||
      fail "debootstrap failed, see $cache/debootstrap.log"
    touch "$cache/bookworm-rootfs.done"
  fi
  ln -sf python3 "$rootfs/usr/bin/python"
  # The machine's CA bundle (it may trust a proxy the build goes through).
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  rm -rf "$rootfs/var/cache/apt/archives"/*.deb "$rootfs/var/lib/apt/lists"/*
  say "importing $python_image"
  tar -C "$rootfs" -c . | podman import -q \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
    --change 'ENV UV_NATIVE_TLS=true' \
    --change "LABEL mcpgen.ci.recipe=$recipe" \
    --change 'CMD ["python3"]' \
    - "$python_image" >/dev/null
fi

# --- redis and haproxy stand-ins for the compose file's scale profile ----------------------------
# Debian's redis-server and haproxy on the same minbase; redis with protected mode off, as the
# official image ships it (compose's network, not redis, keeps strangers out).
services_recipe="$recipe-services-1"
for service in redis haproxy; do
  [ "$(stamp "localhost/mcpgen-ci/$service")" = "$services_recipe" ] && continue
  [ "$(id -u)" = 0 ] || fail "building the $service stand-in needs root (apt in a chroot)"
  rootfs="$cache/services-rootfs"
  if [ ! -f "$cache/services-rootfs.done" ]; then
    say "installing redis-server and haproxy into a copy of the bookworm rootfs"
    rm -rf "$rootfs"
    cp -a "$cache/bookworm-rootfs" "$rootfs"
    printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"  # no services started
    chmod +x "$rootfs/usr/sbin/policy-rc.d"
    cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
    chroot "$rootfs" sh -c 'apt-get update -q && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -q --no-install-recommends redis-server haproxy' \
      >"$cache/services-apt.log" 2>&1 || fail "apt in the services rootfs failed, see $cache/services-apt.log"
    rm -f "$rootfs/usr/sbin/policy-rc.d"
    rm -rf "$rootfs/var/cache/apt/archives"/*.deb "$rootfs/var/lib/apt/lists"/*
    mkdir -p "$rootfs/usr/local/bin" "$rootfs/usr/local/etc/haproxy"
    printf '#!/bin/sh\nexec /usr/bin/redis-server "$@" --protected-mode no\n' \
      >"$rootfs/usr/local/bin/redis-server"
    chmod +x "$rootfs/usr/local/bin/redis-server"
    touch "$cache/services-rootfs.done"
  fi
  case $service in
    redis) command='["redis-server"]' ;;
    haproxy) command='["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]' ;;
  esac
  say "importing localhost/mcpgen-ci/$service"
  tar -C "$rootfs" -c . | podman import -q \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "LABEL mcpgen.ci.recipe=$services_recipe" \
    --change "CMD $command" \
    - "localhost/mcpgen-ci/$service" >/dev/null
done

# --- ghcr.io/astral-sh/uv stand-in: FROM scratch with the uv and uvx of the uv wheel ----------
uv_image=localhost/mcpgen-ci/uv
uv_bin=$("$python" -c 'from uv import find_uv_bin; print(find_uv_bin())' 2>/dev/null) || {
  # No uv wheel in that Python (e.g. before mcpgen is installed): the wheel's binaries, cached.
  [ -x "$cache/uv-wheel/bin/uv" ] || "$python" -m pip install -q --target "$cache/uv-wheel" uv ||
    fail "cannot install the uv wheel with $python -m pip"
  uv_bin="$cache/uv-wheel/bin/uv"
}
uv_version=$("$uv_bin" --version | cut -d' ' -f2)
if [ "$(stamp "$uv_image")" != "$recipe-$uv_version" ]; then
  context=$(mktemp -d)
  trap 'rm -rf "$context"' EXIT
  cp "$uv_bin" "$(dirname "$uv_bin")/uvx" "$context/"
  printf 'FROM scratch\nCOPY uv uvx /\nLABEL mcpgen.ci.recipe=%s\n' "$recipe-$uv_version" \
    >"$context/Containerfile"
  say "building $uv_image (uv $uv_version)"
  podman build --pull=never -q -t "$uv_image" "$context" >/dev/null
fi

# --- Smoke test: the engine runs a container ----------------------------------------------------
podman run --rm --network none "$python_image" python -c 'print("ok")' >/dev/null ||
  fail "podman cannot run a container here"
say "ready: $python_image, $uv_image, redis, haproxy (CONTAINERS_CONF=$CONTAINERS_CONF)"
