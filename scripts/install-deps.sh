#!/usr/bin/env bash
# Installs the system packages rnnlab uses (Debian). Safe to run again.
# - maven: the build (the machines have it; a bare one may not)
# - libopenblas0-pthread: the fast matrix products (rnnlab falls back to a bundled OpenBLAS,
#   then pure Java, without it; Debian's build is the fastest measured on these machines)
# - chromium: the report tests render each report headless and read what it drew
# - dataset-fashion-mnist: the four Fashion-MNIST IDX files (31 MB) under /usr/share/datasets/fashion-mnist,
#   for --task fmnist-* (the test on the real files is skipped without it)
set -euo pipefail
want=()
command -v mvn >/dev/null 2>&1 || want+=(maven)
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || want+=(libopenblas0-pthread)
command -v chromium >/dev/null 2>&1 || want+=(chromium)
dpkg -s dataset-fashion-mnist >/dev/null 2>&1 || want+=(dataset-fashion-mnist)
if [ ${#want[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    # Without them the build falls back (bundled OpenBLAS) and the browser tests are skipped.
    echo "install-deps: not root, so not installing: ${want[*]} (install them for the full test run)" >&2
    exit 0
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${want[@]}"
fi
