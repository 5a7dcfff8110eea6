#!/bin/sh
# make bench: national-scale figures, each next to a plain baseline measured in the
# same run on the same machine and files.
#
#   BUILD=build SCALE=2500000 sh tests/bench/run.sh
#
# 1. hoso-gen writes SCALE people with about 30 sub-records each (seed SEED, default
#    1) into a cache directory, reused by later runs of the same scale and seed.
# 2. Import: `hoso org import`, `hoso import` (people, all-or-nothing) and
#    `hoso import --items --skip-bad` (sub-records) into a fresh database, against
#    the sqlite3 shell's `.import --csv` of the same files into bare tables.
# 3. Search and ID look-up latency (median, p99) over QUERIES (default 1,000)
#    varied queries, through the data layer, against the same first page written
#    by hand in SQL, timed in-process and in the sqlite3 shell (.timer).
# 4. Database size per person, and peak memory (GNU time's maximum resident set),
#    for people and for their sub-records; `hoso check` of the whole database
#    against `PRAGMA integrity_check` alone.
# 5. An import of people, then one of sub-records, each killed with SIGKILL half
#    way, must leave a database that `hoso check` passes.
# 3b. The summary report for the nation and the largest province, and that
#    province's retirement alert, against one plain GROUP BY per breakdown in the
#    sqlite3 shell over the same database.
# 6. Every other program of $BUILD/bench (tests/bench/*.c: SSH serving, ...) runs
#    after, printing its own figures next to their own baselines
#    (HOSO_BENCH_OTHERS=0 leaves them out).
# Work files go to $BUILD/bench-run (removed at the end unless HOSO_BENCH_KEEP=1);
# the generated data to ${HOSO_BENCH_CACHE:-$BUILD/bench-cache}. The sub-records
# are imported unless HOSO_BENCH_ITEMS=0, or unless the disk lacks the room for them
# (about 2.5 times their CSV: hoso's database, 7.9 KiB a person at 200,000, and a
# second, killed import; the CSV alone is some 4.8 KiB a person, 12 GB for the
# nation), when the run says so and goes on without them.
set -eu

BUILD=${BUILD:-build}
SCALE=${SCALE:-2500000}
SEED=${SEED:-1}
QUERIES=${QUERIES:-1000}
ITEMS_ON=${HOSO_BENCH_ITEMS:-auto}
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
hoso=$BUILD/hoso
gen=$BUILD/hoso-gen
bsearch=$BUILD/bench/bench_search
cache=${HOSO_BENCH_CACHE:-$BUILD/bench-cache}/people-$SCALE-seed-$SEED
work=$BUILD/bench-run
log=$work/bench.log

die() {
	echo "bench: $*" >&2
	exit 1
}

for p in "$hoso" "$gen" "$bsearch" "$BUILD/bench/bench_report"; do
	[ -x "$p" ] || die "$p is missing (make BUILD=$BUILD bench builds it)"
done
command -v sqlite3 >/dev/null || die "the sqlite3 shell is missing (contrib/deps.sh check)"
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is missing (contrib/deps.sh check)"

now() {
	date +%s.%N
}

# Seconds between two now() readings.
since() {
	awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'
}

# ratio A B [decimals]: A / B
ratio() {
	awk -v a="$1" -v b="$2" -v d="${3:-0}" 'BEGIN { if (b > 0) printf "%.*f", d, a / b; else print "-" }'
}

# Thousands separators for a whole number.
num() {
	printf '%s' "$1" | awk '{ s = sprintf("%d", $1); o = ""
		while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
		print s o }'
}

# Run a command under GNU time: sets T_WALL (s), T_RSS (MiB), T_RC. Output to $log.
timed() {
	tv=$work/time.out
	t0=$(now)
	set +e
	/usr/bin/time -v -o "$tv" "$@" >> "$log" 2>&1
	T_RC=$?
	set -e
	T_WALL=$(since "$t0")
	T_RSS=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$tv")
}

size_of() {
	total=0
	for f in "$@"; do
		[ -f "$f" ] && total=$((total + $(stat -c %s "$f")))
	done
	echo $total
}

rm -rf "$work"
mkdir -p "$work"
: > "$log"
echo "hoso bench: SCALE=$SCALE seed=$SEED, $BUILD, $(nproc) CPU, $(date -u +%Y-%m-%dT%H:%MZ)"

# Free space, in MiB, where a path is (or would be) written.
free_mib() {
	d=$1
	while [ ! -d "$d" ]; do d=$(dirname "$d"); done
	df -Pm "$d" | awk 'NR == 2 { print $4 }'
}
# Warn (not fail) when a step may fill the disk: need_mib PATH MIB WHAT
need_mib() {
	have=$(free_mib "$1")
	[ "$have" -ge "$2" ] ||
		echo "bench: warning: $3 needs about $2 MiB, $have MiB free under $1" >&2
}

# 1. Data, generated once per scale, seed and version of the generator's sources.
gen_id=$(cat contrib/gen/*.[ch] | md5sum | cut -c1-12)
if [ -f "$cache/.complete" ] && [ "$(cat "$cache/.complete")" = "$gen_id" ]; then
	gen_note="cached in $cache"
else
	rm -rf "$cache"
	need_mib "$cache" $((SCALE * 53 / 10000)) "generating $SCALE people"	# ~5.3 KB a person
	mkdir -p "$cache"
	echo "  generating $SCALE people into $cache ..."
	t0=$(now)
	"$gen" --people "$SCALE" --seed "$SEED" --out "$cache" > "$cache/summary.txt"
	gen_note="generated in $(since "$t0") s"
	echo "$gen_id" > "$cache/.complete"
fi
ITEMS=$(sed -n 's/.*broken), \([0-9][0-9]*\) items.*/\1/p' "$cache/summary.txt")
if [ "$ITEMS_ON" = auto ]; then
	ITEMS_ON=1
	items_need=$(( $(size_of "$cache/people.csv" "$cache/items.csv") / 1048576 * 5 / 2 ))
	if [ "$(free_mib "$work")" -lt "$items_need" ]; then
		ITEMS_ON=0
		echo "  the sub-records are left out: they need about $items_need MiB," \
		    "$(free_mib "$work") MiB free under $work"
	fi
fi
AGENCIES=$(sed -n 's/^hoso-gen: \([0-9][0-9]*\) agencies.*/\1/p' "$cache/summary.txt")
if [ "$ITEMS_ON" = 1 ]; then
	csv_bytes=$(size_of "$cache/people.csv" "$cache/items.csv")
else
	csv_bytes=$(size_of "$cache/people.csv")
fi
echo "  data: $(num "$AGENCIES") agencies, $(num "$SCALE") people, $(num "$ITEMS") sub-records," \
    "$(ratio "$csv_bytes" 1048576) MiB of CSV ($gen_note)"

# hoso's database measures 1.5 times the CSV, and the killed one as much again; the
# shell's copy about the CSV's size.
need_mib "$work" $((csv_bytes / 1048576 * 3)) "importing"

# 2. Imports: the sqlite3 shell first, so that its copy is gone before hoso's grows.
base=$work/baseline.db
echo "  importing the same files with the sqlite3 shell ..."
timed sqlite3 "$base" ".import --csv $cache/people.csv people"
[ "$T_RC" = 0 ] || die "sqlite3 .import of people failed (see $log)"
base_rate=$(ratio "$SCALE" "$T_WALL")
base_wall=$T_WALL
base_rss=$T_RSS
base_people_bytes=$(size_of "$base")
base_items_rate=- base_items_wall=- base_items_rss=-
if [ "$ITEMS_ON" = 1 ]; then
	timed sqlite3 "$base" ".import --csv $cache/items.csv items"
	base_items_rate=$(ratio "$ITEMS" "$T_WALL")
	base_items_wall=$T_WALL
	base_items_rss=$T_RSS
fi
base_bytes=$(size_of "$base")
rm -f "$base"	# disk: at national scale the bare copy alone is some 12 GB

db=$work/hoso.db
"$hoso" org import "$cache/orgs.csv" --db "$db" --lang en >> "$log" 2>&1 ||
	die "hoso org import failed (see $log)"
echo "  importing people with hoso ..."
timed "$hoso" import "$cache/people.csv" --db "$db" --lang en
[ "$T_RC" = 0 ] || die "hoso import of people failed (see $log)"
imp_wall=$T_WALL
imp_rate=$(ratio "$SCALE" "$T_WALL")
imp_rss=$T_RSS
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE);' > /dev/null
db_people_bytes=$(size_of "$db" "$db-wal")
[ "$ITEMS_ON" = 1 ] && echo "  importing sub-records with hoso ..."
items_rate=- items_wall=- items_rss=- items_rejected=0
if [ "$ITEMS_ON" = 1 ]; then
	timed "$hoso" import "$cache/items.csv" --items --skip-bad --reject /dev/null --db "$db" \
	    --lang en
	items_line=$(grep 'items.csv: .* rows read' "$log" | tail -n 1)
	items_written=$(printf '%s' "$items_line" | sed -n 's/.* \([0-9][0-9]*\) written.*/\1/p')
	items_rejected=$(printf '%s' "$items_line" | sed -n 's/.* \([0-9][0-9]*\) rejected.*/\1/p')
	items_rate=$(ratio "${items_written:-0}" "$T_WALL")
	items_wall=$T_WALL
	items_rss=$T_RSS
fi

# 4. Sizes, with the write-ahead log folded in.
sqlite3 "$db" 'PRAGMA wal_checkpoint(TRUNCATE);' > /dev/null
db_bytes=$(size_of "$db" "$db-wal")

# hoso check (file, audit chain, every row against its audit, headcounts) against
# SQLite's own check of the file alone.
echo "  checking the database ..."
timed "$hoso" check --db "$db" --lang en
[ "$T_RC" = 0 ] || die "hoso check of the imported database failed (see $log)"
check_wall=$T_WALL
check_rss=$T_RSS
timed sqlite3 "$db" 'PRAGMA integrity_check;'
integ_wall=$T_WALL

# 3. Search and look-up.
echo "  timing $QUERIES searches and look-ups ..."
timed "$bsearch" "$db" "$QUERIES" "$work/queries.sql"
[ "$T_RC" = 0 ] || die "bench_search failed (see $log)"
search_rss=$T_RSS
field() {	# field WHAT WHO KEY
	grep "^$1 *$2 " "$log" | tail -n 1 | sed -n "s/.* $3=\([0-9.]*\).*/\1/p"
}
# The same SQL in the sqlite3 shell: name and ID queries alternate after .output.
{ echo ".timer on"; cat "$work/queries.sql"; } > "$work/queries-timed.sql"
t0=$(now)
sqlite3 "$db" < "$work/queries-timed.sql" > "$work/shell-times.txt" 2>> "$log" ||
	echo "bench: the sqlite3 shell stopped on an error (see $log)" >&2
shell_wall=$(since "$t0")
shell_stats() {	# shell_stats 0|1: name queries (0) or ID queries (1)
	# "Run Time: real 0.001 user 0.000412 sys 0.000031": real is in whole
	# milliseconds, so the CPU time (user + sys, microseconds) is used.
	awk -v want="$1" '/^Run Time:/ { if ((n++ % 2) == want) print ($6 + $8) * 1000 }' \
	    "$work/shell-times.txt" | sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) { print "- -"; exit }
		p = int(NR * 0.99); if (p < 1) p = 1
		printf "%.3f %.3f\n", v[int(NR / 2) + 1], v[p] }'
}
set -- $(shell_stats 0)
shell_name_med=$1 shell_name_p99=$2
set -- $(shell_stats 1)
shell_id_med=$1 shell_id_p99=$2

# 3b. Statistics: the summary of every breakdown for the nation and for the largest
# province, each against one plain GROUP BY per breakdown in the sqlite3 shell over
# the same database (what an analyst would type); the retirement alert of that
# province. Each hoso figure is a whole run of the program (start, open, audit row,
# report), the best of three; bench_report times the same in-process.
echo "  timing the summary and the retirement alert ..."
since_ms() {
	awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", (b - a) * 1000 }'
}
best_ms() {	# best_ms COMMAND...: the fastest of three runs, in ms
	best=
	for i in 1 2 3; do
		t0=$(now)
		"$@" >> "$log" 2>&1 || die "$* failed (see $log)"
		t=$(since_ms "$t0")
		best=$(awk -v a="$t" -v b="${best:-$t}" 'BEGIN { print (a < b) ? a : b }')
	done
	echo "$best"
}
province=$(sqlite3 "$db" "SELECT a.code FROM org a WHERE a.parent_id IS NULL ORDER BY
    (SELECT sum(s.n) FROM org c JOIN stat_count s ON s.org_id = c.id AND s.breakdown = 'sex'
     WHERE c.path >= a.path AND c.path < a.path || '~') DESC LIMIT 1;")
province_path=$(sqlite3 "$db" "SELECT path FROM org WHERE code = '$province';")
province_people=$(sqlite3 "$db" "SELECT count(*) FROM person WHERE org_id IN
    (SELECT id FROM org WHERE path >= '$province_path' AND path < '$province_path~');")
baseline_sql() {	# baseline_sql WHERE: one GROUP BY per breakdown of the summary
	for e in sex "sex || substr(date_of_birth, 1, 7)" staff_category ethnicity religion \
	    rank_code position "CASE WHEN sex = 'F' THEN position END" employment_status \
	    "json_extract(data, '\$.highest_degree')" "json_extract(data, '\$.political_theory')" \
	    "json_extract(data, '\$.state_management')" "json_extract(data, '\$.foreign_language')" \
	    "json_extract(data, '\$.it_level')" "json_extract(data, '\$.party_join_date') <> ''" \
	    "json_extract(data, '\$.salary_scale')"; do
		echo "SELECT $e, count(*) FROM person $1 GROUP BY 1;"
	done
}
baseline_sql "" > "$work/summary-nation.sql"
baseline_sql "WHERE org_id IN (SELECT id FROM org WHERE path >= '$province_path' AND
    path < '$province_path~')" > "$work/summary-province.sql"
sum_nation=$(best_ms "$hoso" report summary --format json -o /dev/null --db "$db")
sum_province=$(best_ms "$hoso" report summary --org "$province" --format json -o /dev/null \
    --db "$db")
retire_province=$(best_ms "$hoso" report retirement --org "$province" --months 12 \
    --format csv -o "$work/retire.csv" --db "$db")
retire_listed=$(($(wc -l < "$work/retire.csv") - 1))
# The same in-process, without the program's start (on a loaded machine the larger
# part of a run).
HOSO_FORMS="$top/forms" "$BUILD/bench/bench_report" "$db" "$province" 20 >> "$log" 2>&1 ||
	die "bench_report failed (see $log)"
# The raises by hand: the province's people scanned, each due date worked out.
t0=$(now)
sqlite3 "$db" "SELECT count(*) FROM person WHERE org_id IN (SELECT id FROM org WHERE
    path >= '$province_path' AND path < '$province_path~') AND coalesce(employment_status,
    '') IN ('', 'working', 'on_leave') AND coalesce(json_extract(data, '\$.next_step_date'),
    date(json_extract(data, '\$.salary_date'), CASE WHEN json_extract(data,
    '\$.salary_scale') LIKE 'B%' OR json_extract(data, '\$.salary_scale') LIKE 'C%'
    THEN '+24 months' ELSE '+36 months' END)) BETWEEN date('now', 'start of month') AND
    date('now', 'start of month', '+13 months', '-1 day');" > /dev/null
base_raises=$(since_ms "$t0")
t0=$(now)
sqlite3 "$db" < "$work/summary-nation.sql" > /dev/null
base_nation=$(since_ms "$t0")
t0=$(now)
sqlite3 "$db" < "$work/summary-province.sql" > /dev/null
base_province=$(since_ms "$t0")

# 5. An import killed half way.
echo "  killing an import half way ..."
kdb=$work/killed.db
"$hoso" org import "$cache/orgs.csv" --db "$kdb" --lang en >> "$log" 2>&1
"$hoso" import "$cache/people.csv" --skip-bad --reject /dev/null --db "$kdb" --lang en \
    >> "$log" 2>&1 &
kpid=$!
sleep "$(awk -v w="$imp_wall" 'BEGIN { s = w / 2; if (s < 0.2) s = 0.2; printf "%.2f", s }')"
kill -9 "$kpid" 2>/dev/null || true
wait "$kpid" 2>/dev/null || true
if "$hoso" check --db "$kdb" --lang en >> "$log" 2>&1; then
	kept=$(sqlite3 "$kdb" 'SELECT count(*) FROM person;')
	killed="check passed; $(num "$kept") of $(num "$SCALE") people kept"
	killed_ok=1
else
	killed="CHECK FAILED (see $log)"
	killed_ok=0
fi
# Then the people loaded whole (a first load killed keeps nothing) and their
# sub-records killed half way.
killed_items=
if [ "$ITEMS_ON" = 1 ]; then
	# (The people the killed import kept are rejected as already there: exit 1.)
	"$hoso" import "$cache/people.csv" --skip-bad --reject /dev/null --db "$kdb" --lang en \
	    >> "$log" 2>&1 || true
	"$hoso" import "$cache/items.csv" --items --skip-bad --reject /dev/null --db "$kdb" \
	    --lang en >> "$log" 2>&1 &
	kpid=$!
	sleep "$(awk -v w="$items_wall" 'BEGIN { s = w / 2; if (s < 0.2) s = 0.2; printf "%.2f", s }')"
	kill -9 "$kpid" 2>/dev/null || true
	wait "$kpid" 2>/dev/null || true
	if "$hoso" check --db "$kdb" --lang en >> "$log" 2>&1; then
		kept=$(sqlite3 "$kdb" 'SELECT count(*) FROM person_item;')
		killed_items="check passed; $(num "$kept") of $(num "$ITEMS") kept"
	else
		killed_items="CHECK FAILED (see $log)"
		killed_ok=0
	fi
fi

# The table.
row() {
	printf '  %-36s %-24s %s\n' "$1" "$2" "$3"
}
echo
row "" "hoso" "baseline"
row "import people (rows/s)" "$(num "$imp_rate")  ($imp_wall s, $(ratio "$imp_wall" "$base_wall" 1)x)" \
    "$(num "$base_rate")  ($base_wall s, sqlite3 .import --csv, bare table)"
if [ "$ITEMS_ON" = 1 ]; then
	row "import sub-records (rows/s)" \
	    "$(num "$items_rate")  ($items_wall s, $(ratio "$items_wall" "$base_items_wall" 1)x)" \
	    "$(num "$base_items_rate")  ($base_items_wall s, sqlite3 .import --csv)"
else
	row "import sub-records" "left out (HOSO_BENCH_ITEMS=0)" ""
fi
[ "${items_rejected:-0}" = 0 ] ||
	row "  sub-records rejected" "$(num "$items_rejected") of $(num "$ITEMS")" "(reasons in the log)"
row "name search, median / p99 (ms)" \
    "$(field name-search hoso median_ms) / $(field name-search hoso p99_ms)" \
    "$(field name-search sql median_ms) / $(field name-search sql p99_ms)  (same page by hand, in-process)"
row "" "" "$shell_name_med / $shell_name_p99  (same SQL in the sqlite3 shell, CPU)"
row "open by ID number, median / p99 (ms)" \
    "$(field id-open hoso median_ms) / $(field id-open hoso p99_ms)" \
    "$(field id-open sql median_ms) / $(field id-open sql p99_ms)  (SELECT * ... WHERE id_number = ?)"
row "" "" "$shell_id_med / $shell_id_p99  (same SQL in the sqlite3 shell, CPU)"
row "ID typed in search, median / p99" \
    "$(field id-search hoso median_ms) / $(field id-search hoso p99_ms)" ""
row "sqlite3 shell, whole query file" "" "$shell_wall s for $(grep -c '^SELECT' "$work/queries.sql") queries"
row "database size per person, people" "$(ratio "$db_people_bytes" "$((SCALE * 1024))" 1) KiB" \
    "$(ratio "$base_people_bytes" "$((SCALE * 1024))" 1) KiB  (bare table, no index)"
if [ "$ITEMS_ON" = 1 ]; then
	row "  their sub-records" \
	    "$(ratio "$((db_bytes - db_people_bytes))" "$((SCALE * 1024))" 1) KiB" \
	    "$(ratio "$((base_bytes - base_people_bytes))" "$((SCALE * 1024))" 1) KiB  (bare table, no index, no audit)"
	row "  all of it" "$(ratio "$db_bytes" "$((SCALE * 1024))" 1) KiB" \
	    "$(ratio "$base_bytes" "$((SCALE * 1024))" 1) KiB"
fi
row "database file" "$(ratio "$db_bytes" 1048576) MiB" "$(ratio "$base_bytes" 1048576) MiB"
row "peak memory, import people" "$imp_rss MiB" "$base_rss MiB"
[ "$ITEMS_ON" = 1 ] && row "peak memory, import sub-records" "$items_rss MiB" "$base_items_rss MiB"
row "peak memory, search bench" "$search_rss MiB" ""
row "hoso check, whole database (s)" "$check_wall  ($(ratio "$check_wall" "$integ_wall" 1)x, $check_rss MiB)" \
    "$integ_wall  (PRAGMA integrity_check alone, sqlite3 shell)"
row "summary, nation (ms)" "$sum_nation  ($(ratio "$base_nation" "$sum_nation" 1)x faster)" \
    "$base_nation  (16 GROUP BYs in the sqlite3 shell)"
row "  in-process, median" "$(field summary-nation hoso median_ms)" ""
row "summary, $province (ms)" "$sum_province  ($(ratio "$base_province" "$sum_province" 1)x faster)" \
    "$base_province  ($(num "$province_people") people, the same 16 GROUP BYs)"
row "  in-process, median" "$(field summary-org hoso median_ms)" ""
row "retirement alert, 12 months (ms)" "$retire_province  ($(num "$retire_listed") listed)" \
    "(the same province)"
row "  in-process, median" "$(field retirement-org hoso median_ms)" ""
row "raises due, 12 months, in-process (ms)" "$(field raises-org hoso median_ms)  ($(num "$(grep '^raises-org listed=' "$log" | tail -1 | cut -d= -f2)") listed)" \
    "$base_raises  (a scan of the province in the sqlite3 shell)"
row "probation / contract ends (ms)" "$(field probation-org hoso median_ms) / $(field contracts-org hoso median_ms)" \
    "(hoso-gen writes no such dates: the index seeks alone)"
row "main menu's alert line (ms)" "$(field menu-counts-org hoso median_ms)" \
    "(the province; the nation: $(field menu-counts-nation hoso median_ms))"
row "recount of the headcounts (ms)" "$(field recount hoso median_ms)" \
    "(hoso check; a first load's last pass)"
row "import killed with SIGKILL" "$killed" ""
[ -z "$killed_items" ] || row "  sub-records killed with SIGKILL" "$killed_items" ""
echo

# 6. The other bench programs, each with its own report (HOSO_BENCH_OTHERS=0: none,
# nor the SSH load test).
others_ok=1
[ "${HOSO_BENCH_OTHERS:-1}" = 1 ] || BENCH_SKIP=1
for b in "$BUILD"/bench/*; do
	[ -z "${BENCH_SKIP:-}" ] || break
	[ -x "$b" ] && [ "$b" != "$bsearch" ] && [ "$b" != "$BUILD/bench/bench_report" ] || continue
	echo "== $(basename "$b")"
	if ! BUILD=$BUILD timeout 1800 "$b"; then
		echo "bench: $(basename "$b") failed" >&2
		others_ok=0
	fi
	echo
done

# 7. The SSH load test: 100 sessions at once, each searching and saving (make check
# runs it too; here its time is reported).
if [ -z "${BENCH_SKIP:-}" ] && [ -x "$BUILD/tests/ssh/test_serve_load" ]; then
	echo "== 100 SSH sessions at once (tests/ssh/test_serve_load)"
	if HOSO_SSH_LOAD=100 timeout 600 "$BUILD/tests/ssh/test_serve_load" > "$work/load.log" 2>&1; then
		grep -E 'sessions|PASSED' "$work/load.log" | tail -n 5
	else
		echo "bench: the 100-session load test failed (see $log)" >&2
		cat "$work/load.log" >> "$log"
		others_ok=0
	fi
	echo
fi

if [ "${HOSO_BENCH_KEEP:-0}" = 1 ]; then
	echo "work files kept in $work"
else
	cp "$log" "$BUILD/bench-last.log"
	rm -rf "$work"
	echo "log: $BUILD/bench-last.log"
fi
[ "$killed_ok" = 1 ] && [ "$others_ok" = 1 ]
