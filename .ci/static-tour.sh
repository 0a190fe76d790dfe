#!/bin/sh
# Builds examples/tour.rs as one static executable (crt-static glibc, static
# libzmq, libsodium and libstdc++), checks that it has no dynamic dependency,
# and runs it in an empty root directory that holds only itself and
# /etc/hosts. Needs root for chroot. See "Static binaries" in README.md.
set -eu

target=x86_64-unknown-linux-gnu
cd "$(dirname "$0")/.."
target_dir=${CARGO_TARGET_DIR:-$PWD/target}

if [ "$(id -u)" != 0 ]; then
    echo "static-tour: chroot needs root" >&2
    exit 1
fi

# --target keeps RUSTFLAGS away from build scripts and proc macros.
RUSTFLAGS="-C target-feature=+crt-static" \
    cargo build --release --locked --target "$target" --example tour
bin="$target_dir/$target/release/examples/tour"

echo "static-tour: $(ls -l "$bin")"
if readelf -d "$bin" | grep -q '(NEEDED)'; then
    echo "static-tour: $bin has dynamic dependencies:" >&2
    readelf -d "$bin" | grep '(NEEDED)' >&2
    exit 1
fi
if readelf -l "$bin" | grep -q 'program interpreter'; then
    echo "static-tour: $bin asks for a dynamic loader" >&2
    exit 1
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir "$root/etc"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"
cp "$bin" "$root/tour"
echo "static-tour: the root holds: $(cd "$root" && find . -mindepth 1 | sort | tr '\n' ' ')"

out=$(chroot "$root" /tour)
echo "$out"
case "$out" in
    *'REQ received "World"'*) echo "static-tour: ok" ;;
    *) echo "static-tour: the tour did not complete its round trip" >&2; exit 1 ;;
esac
