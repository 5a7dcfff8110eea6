#!/bin/sh
# Checks that the Debian packages hoso builds and tests with are installed.
# ncurses-term brings the terminal types of PuTTY (TERM=putty, putty-256color).
# As root it installs what is missing; otherwise it prints the exact command.
# Usage: contrib/deps.sh build|check
set -e
build="gcc make pkg-config libncurses-dev ncurses-term libsqlite3-dev libssh-dev libcurl4-openssl-dev libcjson-dev libutf8proc-dev libsodium-dev libssl-dev libseccomp-dev libxlsxwriter-dev gettext jq"
check="$build libcmocka-dev libvterm-dev sqlite3 openssh-client time unzip"
case "${1:-build}" in
	build) want=$build ;;
	check) want=$check ;;
	*) echo "usage: $0 build|check" >&2; exit 2 ;;
esac
missing=""
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "hoso: installing Debian packages:$missing"
	export DEBIAN_FRONTEND=noninteractive
	# make -j runs the build and check lists at once: wait for the other's lock.
	apt-get -o DPkg::Lock::Timeout=600 update -qq
	apt-get -o DPkg::Lock::Timeout=600 install -y -qq $missing
else
	echo "hoso: missing Debian packages. Run:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	exit 1
fi
