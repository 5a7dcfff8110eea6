#!/bin/sh
# Merges the messages now in the sources and forms/ into i18n/vi.po and i18n/en.po:
# new ones arrive untranslated in vi.po (translate them), en.po repeats the English
# message id unless it already says otherwise; messages no longer used are dropped.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$root"
sh i18n/extract.sh "$tmp/hoso.pot"
for lang in vi en; do
	po=i18n/$lang.po
	if [ ! -f "$po" ]; then
		msginit --no-translator --no-wrap --locale="$lang" --input="$tmp/hoso.pot" \
			-o "$po" 2>/dev/null
	fi
	msgmerge --quiet --no-fuzzy-matching --no-wrap --sort-output "$po" \
		"$tmp/hoso.pot" -o "$tmp/$lang.po"
	msgattrib --no-obsolete --no-wrap "$tmp/$lang.po" -o "$tmp/$lang.clean"
	if [ "$lang" = en ]; then
		msgen --no-wrap "$tmp/$lang.clean" -o "$tmp/$lang.clean"
	fi
	cp "$tmp/$lang.clean" "$po"
	n=$(msgattrib --untranslated "$po" | grep -c '^msgid ' || true)
	[ "$n" -gt 0 ] && n=$((n - 1))
	echo "i18n: $po: $n message(s) to translate"
done
