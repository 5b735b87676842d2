#!/usr/bin/env bash
# System packages sharekit's tests need (Debian names). Installs them when run
# as root with apt-get; otherwise says what to install and carries on.
#   libfribidi0           right-to-left shaping in Pillow's raqm layout (Arabic, Hebrew cards)
#   fontconfig            fc-list, to find system fonts for characters the bundled ones lack
#   chromium              headless screenshots of the share block and the preview page
#   fonts-noto-cjk fonts-noto-color-emoji  Korean/Japanese/Chinese and emoji text in those screenshots
#   default-jre-headless  the Nu Html Checker (vnu.jar) for head tags and share blocks
#   nodejs npm            real link unfurlers and validators from npm, run by the tests
#   redis-server          the Celery broker for sharekit.contrib.django's publish task
#   nginx                 proxy_cache in front of `sharekit serve` (the test starts its own, on 127.0.0.1)
#   wrk                   the HTTP load generator of bench/serve.py
#   tesseract-ocr tesseract-ocr-LANG  reads back card headlines in every script of SPEC 7.3 (tests/card/test_card_scripts.py)
#   fonts-noto-core       a system font for a script the bundle leaves out (Cherokee), and tools/build_fonts.py's source
#   postgresql            a throwaway PostgreSQL cluster per test session (initdb, pg_ctl) for the shared store
#   jekyll                Jekyll itself (and Ruby) builds the sample sites, so the URLs sharekit makes are
#                         compared with Jekyll's own, and Ruby's Time.parse with sharekit's (SPEC 8.3)
set -euo pipefail
packages=(libfribidi0 fontconfig chromium fonts-noto-cjk fonts-noto-color-emoji default-jre-headless nodejs npm nginx wrk redis-server)
packages+=(tesseract-ocr fonts-noto-core)
packages+=(postgresql)
packages+=(jekyll)
for lang in hye kat hin ben pan guj ori tam tel kan mal sin tha lao khm mya amh; do packages+=("tesseract-ocr-$lang"); done
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# node may come from elsewhere than Debian (nvm, the image): then it is not missing
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<<"${missing[*]:-}"
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # wait for another apt run (a parallel job, unattended upgrades) instead of failing
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "sharekit tests want these system packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install ${missing[*]}  (tests that need them are skipped)" >&2
fi
