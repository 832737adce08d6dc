#!/bin/sh
# Installs Portico from a release: picks the archive for this computer, checks its SHA-256 against the
# release's SHA256SUMS, and puts `portico` into the folder you name. It refuses, and installs nothing,
# when the checksum does not match or there is no build for this computer. The checksum catches a damaged
# or changed download; that the release itself was built from Portico's repository is what
# `gh attestation verify ARCHIVE --repo OWNER/REPO` checks.
#
#   curl -fsSL https://github.com/OWNER/REPO/releases/latest/download/install.sh | sh -s -- --to ~/.local/bin
#
# Options:
#   --to DIR          where to put `portico` (default: ~/.local/bin); made if missing
#   --version vX.Y.Z  a release (default: the latest)
#   --base-url URL    the folder holding the release's files (a mirror, or a test server)
#
# The release workflow writes its repository into the copy of this script it publishes; a copy that
# did not come from a release needs --base-url.
set -eu

repository="__REPOSITORY__"
to=""
version=latest
base_url=""

fail() {
  echo "install.sh: $*" >&2
  exit 1
}

while [ $# -gt 0 ]; do
  case "$1" in
    --to) [ $# -ge 2 ] || fail "--to needs a folder"; to=$2; shift 2 ;;
    --version) [ $# -ge 2 ] || fail "--version needs a release, like v0.2.0"; version=$2; shift 2 ;;
    --base-url) [ $# -ge 2 ] || fail "--base-url needs an address"; base_url=$2; shift 2 ;;
    -h | --help) echo "usage: install.sh [--to DIR] [--version vX.Y.Z] [--base-url URL]"; exit 0 ;;
    *) fail "unknown option $1 (try --help)" ;;
  esac
done

if [ -z "$base_url" ]; then
  case "$repository" in
    __*) fail "this copy of install.sh did not come from a release: pass --base-url, or download install.sh from the release page" ;;
  esac
  if [ "$version" = latest ]; then
    base_url="https://github.com/$repository/releases/latest/download"
  else
    base_url="https://github.com/$repository/releases/download/$version"
  fi
fi
if [ -z "$to" ]; then
  [ -n "${HOME:-}" ] || fail "HOME is not set: pass --to DIR"
  to="$HOME/.local/bin"
fi
case "$repository" in
  __*) source_hint="cargo install --locked --git <Portico's repository>" ;;
  *) source_hint="cargo install --locked --git https://github.com/$repository portico" ;;
esac

# Which build: PORTICO_INSTALL_OS and PORTICO_INSTALL_ARCH stand in for uname in the tests.
os=${PORTICO_INSTALL_OS:-$(uname -s)}
arch=${PORTICO_INSTALL_ARCH:-$(uname -m)}
case "$os" in
  Linux) os=linux ;;
  Darwin) os=macos ;;
  *) fail "there is no Portico build for $os; on Windows download the .zip from the release page, elsewhere run: $source_hint" ;;
esac
case "$arch" in
  x86_64 | amd64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch64 ;;
  *) fail "there is no Portico build for $arch processors on $os; run: $source_hint" ;;
esac
archive="portico-$arch-$os.tar.gz"

# Only https, and no redirect to plain http, unless the base URL itself is http (a test server).
proto='=https'
case "$base_url" in http://*) proto='=http,https' ;; esac

download() {
  if command -v curl >/dev/null 2>&1; then
    curl --fail --silent --show-error --location --proto "$proto" --proto-redir "$proto" --output "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    # Short options, which busybox's wget also takes.
    wget -q -O "$2" "$1"
  else
    fail "neither curl nor wget is installed"
  fi
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  else
    fail "neither sha256sum nor shasum is installed, so the download cannot be checked"
  fi
}

work=$(mktemp -d)
trap 'rm -rf "$work"; rm -f "$to/portico.new"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

download "$base_url/SHA256SUMS" "$work/SHA256SUMS" || fail "could not download $base_url/SHA256SUMS"
download "$base_url/$archive" "$work/$archive" || fail "could not download $base_url/$archive"

expected=$(awk -v name="$archive" '$2 == name || $2 == "*" name { print $1; exit }' "$work/SHA256SUMS")
[ -n "$expected" ] || fail "SHA256SUMS lists no $archive; nothing was installed"
actual=$(sha256 "$work/$archive")
if [ "$actual" != "$expected" ]; then
  fail "the SHA-256 of $archive is $actual, but SHA256SUMS says $expected: the download is damaged or was changed; nothing was installed"
fi

# Only the program: nothing else in the archive is unpacked, and a link is not a program.
mkdir "$work/unpacked"
tar -xzf "$work/$archive" -C "$work/unpacked" portico 2>/dev/null || fail "$archive holds no portico program; nothing was installed"
program="$work/unpacked/portico"
{ [ -f "$program" ] && [ ! -h "$program" ]; } || fail "$archive holds no portico program; nothing was installed"
mkdir -p "$to"
rm -f "$to/portico.new"
cp "$program" "$to/portico.new"
chmod 755 "$to/portico.new"
mv -f "$to/portico.new" "$to/portico"
echo "Installed $("$to/portico" --version 2>/dev/null || echo portico) into $to"
case ":${PATH:-}:" in
  *":$to:"*) ;;
  *) echo "Add $to to your PATH to run portico by name." ;;
esac
