#!/usr/bin/env bash
# Installs the Debian packages the test suite drives as real peers, when they are missing:
# chromium (portal pages), dig from dnsutils (captive DNS), socat (a pty standing in for the TIC UART),
# mosquitto (the MQTT broker the bridge tests start on loopback; its service is not used),
# openssl (signs the throw-away test CA of the HTTPS client tests; Node cannot sign a certificate), gpiod (gpioset:
# the Linux box's GPIO tool, whose real command-line parser a test checks).
# Idempotent; does nothing when everything is present.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v dig >/dev/null 2>&1 || need+=(dnsutils)
command -v socat >/dev/null 2>&1 || need+=(socat)
command -v gpioset >/dev/null 2>&1 || need+=(gpiod)
[ -x /usr/sbin/mosquitto ] || command -v mosquitto >/dev/null 2>&1 || need+=(mosquitto)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ ${#need[@]} -eq 0 ] && exit 0
echo "system-deps: installing ${need[*]}"
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "system-deps: missing ${need[*]}; install them (Debian: apt-get install ${need[*]}) and run again" >&2
    exit 1
  fi
else SUDO=""; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
