#!/bin/sh
# Runs every test program given on the command line, each in its own process with a
# time limit, and prints one closing line: "N passed, N failed".
# A program counts as passed when it exits 0 (cmocka exits non-zero on any failure).
# Each program's output goes to $BUILD/test-logs/<name>.log and is shown on failure.
BUILD=${BUILD:-build}
logs="$BUILD/test-logs"
rm -rf "$logs"
mkdir -p "$logs"
pass=0
fail=0
failed=""
limit=${HOSO_TEST_TIMEOUT:-600}
for t in "$@"; do
	name=$(echo "$t" | sed "s|^$BUILD/tests/||; s|/|-|g")
	start=$(date +%s)
	if timeout -k 10 "$limit" "$t" > "$logs/$name.log" 2>&1; then
		pass=$((pass + 1))
		printf '  ok    %-40s %3ss\n' "$name" $(( $(date +%s) - start ))
	else
		fail=$((fail + 1))
		failed="$failed $name"
		printf '  FAIL  %-40s %3ss\n' "$name" $(( $(date +%s) - start ))
		tail -n 40 "$logs/$name.log" | sed 's/^/        /'
	fi
done
# The closing line counts test cases (cmocka's per-program totals); a program
# that failed without a cmocka summary (a crash, a time-out) counts as one failure.
cases_ok=0
cases_bad=0
for f in "$logs"/*.log; do
	ok=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$f" | tail -n 1)
	bad=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$f" | tail -n 1)
	cases_ok=$((cases_ok + ${ok:-0}))
	cases_bad=$((cases_bad + ${bad:-0}))
done
for name in $failed; do
	grep -q '^\[  FAILED  \] [0-9]* test' "$logs/$name.log" || cases_bad=$((cases_bad + 1))
done
echo "test programs: $pass passed, $fail failed"
[ -n "$failed" ] && echo "failed programs:$failed"
echo "$cases_ok passed, $cases_bad failed"
[ "$fail" -eq 0 ]
