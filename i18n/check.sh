#!/bin/sh
# make i18n-check: fails, listing them, when a message of the sources or of forms/
# is missing, untranslated or fuzzy in i18n/vi.po or i18n/en.po.
set -e
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$root"
sh i18n/extract.sh "$tmp/hoso.pot"

# Message ids of a PO file on stdin, one a line, the header left out.
list_ids() {
	awk '/^msgid "/ { if ($0 == "msgid \"\"") { getline; if ($0 ~ /^"/) print; }
		else { sub(/^msgid /, ""); print } }'
}

status=0
total=$(list_ids < "$tmp/hoso.pot" | wc -l)
for lang in vi en; do
	po=i18n/$lang.po
	if [ ! -f "$po" ]; then
		echo "i18n: $po is missing; run sh i18n/update.sh" >&2
		status=1
		continue
	fi
	if ! msgfmt --check -o /dev/null "$po"; then
		status=1
		continue
	fi
	msgmerge --quiet --no-fuzzy-matching --no-wrap "$po" "$tmp/hoso.pot" -o "$tmp/$lang.po"
	msgattrib --no-obsolete --untranslated --no-wrap "$tmp/$lang.po" | list_ids > "$tmp/$lang.missing"
	msgattrib --no-obsolete --only-fuzzy --no-wrap "$tmp/$lang.po" | list_ids > "$tmp/$lang.fuzzy"
	if [ -s "$tmp/$lang.missing" ] || [ -s "$tmp/$lang.fuzzy" ]; then
		status=1
		if [ -s "$tmp/$lang.missing" ]; then
			echo "i18n: $po lacks $(wc -l < "$tmp/$lang.missing") translation(s):" >&2
			sed 's/^/  /' "$tmp/$lang.missing" >&2
		fi
		if [ -s "$tmp/$lang.fuzzy" ]; then
			echo "i18n: $po has $(wc -l < "$tmp/$lang.fuzzy") fuzzy translation(s):" >&2
			sed 's/^/  /' "$tmp/$lang.fuzzy" >&2
		fi
	fi
done
if [ $status -ne 0 ]; then
	echo "i18n: run sh i18n/update.sh, translate, and see i18n/README.md" >&2
	exit 1
fi
echo "i18n: all $total messages translated in vi and en"
