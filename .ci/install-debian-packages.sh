#!/usr/bin/env bash
# Installs the Debian packages the tests use: Apache mod_dav and nginx dav-ext (real WebDAV servers,
# each test starts a private instance on 127.0.0.1), tmux (end-to-end test), oathtool and sqlcipher
# (interoperability tests), openssl (the TLS test's certificate), python3-venv (the README's
# commands make a virtual environment), xclip (a copy with a stale DISPLAY must fail honestly) and
# OpenSSH (the app driven through a real ssh -tt login on 127.0.0.1). The Python servers (wsgidav, moto, SeaweedFS) come with the
# test extras. The daemons' own service units are never started.
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
  apache2 apache2-utils nginx libnginx-mod-http-dav-ext \
  tmux oathtool sqlcipher openssl python3-venv xclip openssh-server openssh-client \
  keepassxc otpclient-cli gnupg pass pass-extension-otp zsh fish >/dev/null
