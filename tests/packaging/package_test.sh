#!/bin/bash
# package_test (issue 11 item 7): `cpack -G DEB` from this build folder
# makes the thidua package; its contents, control files and systemd units
# are checked, the units with `systemd-analyze verify` where it exists, and
# the nightly backup script is run against a real central database.
# Reuses the build's thidua binary (cpack builds nothing).
# Usage: package_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
fail() { echo "package_test: $*" >&2; exit 1; }
for tool in cpack dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "package_test: bỏ qua, không có $tool"; exit 77; }
done
[ -x "$build/thidua" ] || fail "$build/thidua is not built (cmake --build $build --target thidua)"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# zstd: the same package, made faster than with the default compression.
if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$out/pkg" -D CPACK_DEBIAN_COMPRESSION_TYPE=zstd \
    >"$out/cpack.log" 2>&1; then
  cat "$out/cpack.log" >&2
  fail "cpack failed"
fi
shopt -s nullglob
debs=("$out"/pkg/thidua_*.deb)
[ ${#debs[@]} -eq 1 ] || fail "expected one thidua_*.deb, found ${#debs[@]}"
deb=${debs[0]}

# What is in it.
dpkg-deb -c "$deb" >"$out/list"
for path in ./usr/bin/thidua ./usr/lib/systemd/system/thidua-server.service \
    ./usr/lib/systemd/system/thidua-backup.service ./usr/lib/systemd/system/thidua-backup.timer \
    ./usr/lib/thidua/backup-nightly ./etc/default/thidua-server ./usr/share/doc/thidua/operations.md; do
  grep -q " $path\$" "$out/list" || fail "$path is not in the package"
done
grep -Eq '^-rwxr-xr-x .* \./usr/bin/thidua$' "$out/list" || fail "/usr/bin/thidua is not executable"
grep -Eq '^-rwxr-xr-x .* \./usr/lib/thidua/backup-nightly$' "$out/list" || fail "backup-nightly is not executable"
if grep -q ' \./usr/local/' "$out/list"; then fail "files under /usr/local"; fi

# Its control data.
[ "$(dpkg-deb -f "$deb" Package)" = thidua ] || fail "package name"
depends=$(dpkg-deb -f "$deb" Depends)
for dep in adduser libsqlite3-0 libssl3; do
  [[ $depends == *"$dep"* ]] || fail "Depends lacks $dep: $depends"
done
dpkg-deb -e "$deb" "$out/control"
for script in postinst prerm postrm; do
  [ -x "$out/control/$script" ] || fail "no executable $script"
  sh -n "$out/control/$script" || fail "$script does not parse"
done
grep -q 'adduser --system' "$out/control/postinst" || fail "postinst creates no system user"
grep -qx '/etc/default/thidua-server' "$out/control/conffiles" || fail "/etc/default/thidua-server is not a conffile"

# The files as installed; the binary is the build's.
dpkg-deb -x "$deb" "$out/root"
cmp -s "$build/thidua" "$out/root/usr/bin/thidua" || fail "the packaged thidua is not the build's"
units=$out/root/usr/lib/systemd/system
server=$units/thidua-server.service
for line in 'User=thidua' 'StateDirectory=thidua' 'ProtectSystem=strict' 'Restart=on-failure' \
    'ExecStart=/usr/bin/thidua server run --db /var/lib/thidua/central.db --listen ${THIDUA_LISTEN} $THIDUA_SERVER_ARGS'; do
  grep -qxF "$line" "$server" || fail "thidua-server.service lacks: $line"
done
grep -qxF 'ExecStart=/usr/lib/thidua/backup-nightly /var/lib/thidua/central.db' "$units/thidua-backup.service" ||
  fail "thidua-backup.service does not run backup-nightly"
grep -qxF 'ProtectSystem=strict' "$units/thidua-backup.service" || fail "thidua-backup.service is not ProtectSystem=strict"
grep -q '^OnCalendar=' "$units/thidua-backup.timer" || fail "thidua-backup.timer has no OnCalendar"

if command -v systemd-analyze >/dev/null; then
  # Verified inside the package's tree (ExecStart paths are checked there),
  # with this machine's own units beside them for the targets they name.
  cp -rn /lib/systemd/system/. "$units/" 2>/dev/null || true
  if ! systemd-analyze verify --root="$out/root" "$server" "$units/thidua-backup.service" \
      "$units/thidua-backup.timer" >"$out/verify.log" 2>&1 || [ -s "$out/verify.log" ]; then
    cat "$out/verify.log" >&2
    fail "systemd-analyze verify refuses the units"
  fi
  echo "package_test: systemd-analyze verify: ok"
else
  echo "package_test: systemd-analyze không có trên máy này: bỏ qua bước kiểm tra các unit systemd"
fi

# The nightly backup, run for real: a backup named for today, and an old
# one pruned.
"$build/thidua" server init --db "$out/central.db" --content "$src/content" >/dev/null
mkdir -p "$out/backups"
touch -d '20 days ago' "$out/backups/central-2000-01-01.db"
THIDUA_BIN=$build/thidua THIDUA_BACKUP_DIR=$out/backups THIDUA_BACKUP_KEEP_DAYS=14 \
  "$out/root/usr/lib/thidua/backup-nightly" "$out/central.db" >"$out/backup.log" 2>&1 ||
  { cat "$out/backup.log" >&2; fail "backup-nightly failed"; }
[ -s "$out/backups/central-$(date -u +%Y-%m-%d).db" ] || fail "no backup named for today"
[ ! -e "$out/backups/central-2000-01-01.db" ] || fail "the 20-day-old backup was kept"
if THIDUA_BIN=$build/thidua THIDUA_BACKUP_DIR=$out/backups THIDUA_BACKUP_KEEP_DAYS=abc \
    "$out/root/usr/lib/thidua/backup-nightly" "$out/central.db" 2>/dev/null; then
  fail "a keep count that is not a number was accepted"
fi
echo "package_test: $(basename "$deb"): ok"
