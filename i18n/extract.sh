#!/bin/sh
# Writes to $1 the template of every message hoso shows: the _() and N_() strings of
# the C sources (src/, contrib/) and the titles, labels and help lines of forms/ and
# the titles of forms/codes/. Locations keep the file but not the line, so that the
# .po files change only when messages do. Used by check.sh and update.sh.
set -e
out=${1:?usage: extract.sh OUT.pot}
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$root"

find src contrib -name '*.[ch]' 2>/dev/null | LC_ALL=C sort > "$tmp/files"
xgettext --language=C --keyword=_ --keyword=N_ --from-code=UTF-8 --force-po \
	--package-name=hoso --no-wrap --add-comments=TRANSLATORS: \
	--files-from="$tmp/files" -o "$tmp/c.pot"
sed -i 's/charset=CHARSET/charset=UTF-8/' "$tmp/c.pot"

{
	printf 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
	for f in forms/*.json; do
		jq -r --arg f "$f" '[.title, (.sections // [])[].label,
		    ((.fields // [])[] | .label, .help), (.grids // [])[].label]
		    | .[] | select(type == "string" and . != "")
		    | "#: \($f)\nmsgid \(tojson)\nmsgstr \"\"\n"' "$f"
	done
	for f in forms/codes/*.json; do
		jq -r --arg f "$f" '.title | select(type == "string" and . != "")
		    | "#: \($f)\nmsgid \(tojson)\nmsgstr \"\"\n"' "$f"
	done
} > "$tmp/forms.po"
msguniq --no-wrap "$tmp/forms.po" -o "$tmp/forms.pot"

msgcat --use-first --no-wrap --sort-output "$tmp/c.pot" "$tmp/forms.pot" -o "$tmp/all.pot"
# File names only: a line number would change the .po files at every edit.
# No creation date either, for the same reason.
sed -e '/^#: /s/:[0-9][0-9]*//g' -e '/^"POT-Creation-Date:/d' "$tmp/all.pot" > "$out"
