# Installs what evmhook's scripts need, on a Debian machine, as root (or through sudo).
# Sourced by scripts/test, scripts/bench and scripts/dev. Installs only what is missing.

# What building and running evmhook (`scripts/dev`) needs.
EVMHOOK_RUN_PACKAGES=(
  libcurl4-openssl-dev libwebsockets-dev libpq-dev libhiredis-dev libssl-dev   # the five C libraries
  redis-server postgresql                                                      # the servers `evmhook dev` starts
  gcc pkg-config
)
# What the tests and benchmarks need on top.
EVMHOOK_APT_PACKAGES=(
  "${EVMHOOK_RUN_PACKAGES[@]}"
  redis-tools                                                                  # redis-cli for the test servers
  nginx-light wrk                                                              # benchmark receiver and ceiling
  python3 python3-pip
  gdb                                                                          # backtraces of a hung test run
)
# Python packages the tests use as independent, real peers.
# `name=module` when the import name differs from the package's.
EVMHOOK_PIP_PACKAGES=(websockets web3 eth-abi standardwebhooks pyyaml=yaml prometheus-client openapi-spec-validator
  schemathesis)

evmhook_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages named in "$@" that are missing.
ensure_apt_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing Debian packages: ${missing[*]}" >&2
    evmhook_as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive evmhook_as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
}

# Everything the tests and benchmarks need.
ensure_deps() {
  ensure_apt_packages "${EVMHOOK_APT_PACKAGES[@]}"
  local p
  local pip_missing=()
  local name module
  for p in "${EVMHOOK_PIP_PACKAGES[@]}"; do
    name=${p%%=*}
    module=${p#*=}
    [ "$module" = "$p" ] && module=${name//-/_}
    python3 -c "import importlib.util,sys; sys.exit(importlib.util.find_spec('$module') is None)" 2>/dev/null \
      || pip_missing+=("$name")
  done
  if [ ${#pip_missing[@]} -gt 0 ]; then
    echo "installing Python packages: ${pip_missing[*]}" >&2
    python3 -m pip install -q --disable-pip-version-check --root-user-action=ignore "${pip_missing[@]}" >&2 \
      || python3 -m pip install -q --disable-pip-version-check --break-system-packages "${pip_missing[@]}" >&2
  fi
}
