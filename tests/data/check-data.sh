#!/bin/sh
# check-data.sh: the data suite's validators for the desktop file, metainfo,
# settings schema and translations (one check per meson test; 77 = skipped)
#
# Usage: check-data.sh CHECK [FILE...]; MESON_SOURCE_ROOT points at the tree.
set -eu

check=$1; shift
src=${MESON_SOURCE_ROOT:?MESON_SOURCE_ROOT is not set}
po="$src/po/zh_CN.po"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/iv-data.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || { echo "SKIP: $1 is not installed" >&2; exit 77; }; }

# The keywords and options update-po.sh gives xgettext
xgettext_args="--from-code=UTF-8 --add-comments=Translators --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --package-name=innovation-vouchers"

case "$check" in
desktop)
  need desktop-file-validate
  f=$1
  desktop-file-validate "$f" || fail "desktop-file-validate $f"
  # What a Chinese desktop shows and searches for
  grep -qx 'Name\[zh_CN\]=科技创新券' "$f" || fail "no Name[zh_CN]=科技创新券 in $f"
  kw=$(sed -n 's/^Keywords\[zh_CN\]=//p' "$f")
  for k in 创新券 科技 兑付; do
    case ";$kw" in *";$k;"*) ;; *) fail "Keywords[zh_CN] lacks $k: '$kw'" ;; esac
  done
  grep -q '^Comment\[zh_CN\]=' "$f" || fail "no Comment[zh_CN] in $f"
  grep -qx 'Exec=innovation-vouchers' "$f" || fail "Exec is not innovation-vouchers"
  echo "ok: $f"
  ;;
metainfo)
  need appstreamcli
  f=$1
  appstreamcli validate --no-net "$f" || fail "appstreamcli validate --no-net $f"
  # Flathub: zh_CN name, summary and description come through the po file
  grep -q '<name xml:lang="zh_CN">科技创新券</name>' "$f" || fail "no zh_CN name in $f"
  grep -q '<summary xml:lang="zh_CN">' "$f" || fail "no zh_CN summary in $f"
  grep -q '<p xml:lang="zh_CN">' "$f" || fail "no zh_CN description in $f"
  for tag in '<developer' '<launchable type="desktop-id">' '<content_rating type="oars-1.1"' \
             '<control>keyboard</control>' '<control>pointing</control>' '<internet>always</internet>' \
             '<translation type="gettext">innovation-vouchers</translation>' '<release ' '<caption>'; do
    grep -qF "$tag" "$f" || fail "metainfo lacks $tag"
  done
  echo "ok: $f"
  ;;
gschema)
  need glib-compile-schemas
  mkdir "$tmp/schemas"
  cp "$1" "$tmp/schemas/"
  glib-compile-schemas --strict --dry-run "$tmp/schemas" || fail "glib-compile-schemas --strict $1"
  echo "ok: $1"
  ;;
msgfmt)
  need msgfmt
  # --check: format strings, header, domain; accelerators: 首选项(_P) keeps its one mnemonic
  msgfmt --check --check-accelerators=_ --statistics -o "$tmp/zh_CN.mo" "$po" || fail "msgfmt --check $po"
  echo "ok: $po"
  ;;
po-complete)
  need msgattrib
  untranslated=$(msgattrib --untranslated --no-obsolete "$po" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$po" | grep -c '^msgid ' || true)
  # msgattrib prints the header entry too when it prints anything
  [ "$untranslated" -le 1 ] || { msgattrib --untranslated --no-obsolete "$po" >&2; fail "$((untranslated - 1)) untranslated messages in $po"; }
  [ "$fuzzy" -le 1 ] || { msgattrib --only-fuzzy --no-obsolete "$po" >&2; fail "$((fuzzy - 1)) fuzzy messages in $po"; }
  echo "ok: every message of $po is translated"
  ;;
po-parts-agree)
  need msgcat
  # The parts are merged first-wins: a message translated two ways in two
  # parts would silently lose one, so every part must agree (msgcat marks a
  # disagreement as a fuzzy entry listing both translations)
  msgcat "$src"/po/parts/*.po > "$tmp/all.po" || fail "msgcat po/parts"
  conflicts=$(msgattrib --only-fuzzy --no-obsolete "$tmp/all.po" | grep -c '^msgid "[^"]' || true)
  [ "$conflicts" = 0 ] || { msgattrib --only-fuzzy --no-obsolete "$tmp/all.po" | grep -v '^msgid ""' >&2
                            fail "$conflicts messages are translated differently in two po/parts files"; }
  echo "ok: the $(ls "$src"/po/parts/*.po | wc -l) po/parts files agree on every message"
  ;;
potfiles)
  need xgettext
  cd "$src"
  # The same candidates as build-aux/update-po.sh, but asking xgettext itself
  # whether a file has strings rather than trusting a pattern
  if [ -d .git ] && command -v git >/dev/null; then
    git ls-files --cached --others --exclude-standard -- 'src/*.c' 'src/*.ui' 'service/*.c' 'data/*.in'
  else
    find src service data \( -name '*.c' -o -name '*.ui' -o -name '*.in' \) -type f 2>/dev/null
  fi | sort -u > "$tmp/candidates"
  grep -vE '^[[:space:]]*(#|$)' po/POTFILES.in | sort -u > "$tmp/listed"
  status=0
  while read -r f; do
    [ -f "$f" ] || { echo "FAIL: POTFILES.in lists $f, which does not exist" >&2; status=1; }
  done < "$tmp/listed"
  while read -r f; do
    [ -f "$f" ] || continue
    # shellcheck disable=SC2086
    xgettext $xgettext_args -o "$tmp/one.pot" "$f" 2>"$tmp/err" || { cat "$tmp/err" >&2; status=1; continue; }
    # xgettext writes no file at all when there is no string
    if [ -s "$tmp/one.pot" ]; then
      if ! grep -qxF "$f" "$tmp/listed"; then
        echo "FAIL: $f has translatable strings but is not in po/POTFILES.in (run build-aux/update-po.sh)" >&2
        status=1
      fi
    fi
    rm -f "$tmp/one.pot"
  done < "$tmp/candidates"
  [ "$status" = 0 ] || exit 1
  echo "ok: po/POTFILES.in lists all $(wc -l < "$tmp/listed") files with strings"
  ;;
pot)
  need xgettext; need msgcmp
  cd "$src"
  grep -vE '^[[:space:]]*(#|$)' po/POTFILES.in > "$tmp/files"
  # shellcheck disable=SC2086
  xgettext $xgettext_args --files-from="$tmp/files" -o "$tmp/innovation-vouchers.pot" ||
    fail "xgettext on POTFILES.in"
  [ -s "$tmp/innovation-vouchers.pot" ] || fail "xgettext found no strings"
  # Every msgid of the sources must be in zh_CN.po, translated
  msgcmp -N "$po" "$tmp/innovation-vouchers.pot" || fail "po/zh_CN.po misses strings of the sources (run build-aux/update-po.sh)"
  echo "ok: $(grep -c '^msgid ' "$tmp/innovation-vouchers.pot") template entries all in $po"
  ;;
*)
  echo "unknown check: $check" >&2; exit 2 ;;
esac
