#!/bin/sh
# Build the gateway-answer fuzzer with clang's libFuzzer and run it.
#   tests/gateway/fuzz/run.sh [SECONDS] [libFuzzer options...]
# New inputs go to build/fuzz/corpus-new (the committed corpus is only read);
# crashes go to build/fuzz/ as crash-*; copy a minimised one into
# tests/gateway/corpus/ so that `make check` replays it from then on.
set -e
top=$(cd "$(dirname "$0")/../../.." && pwd)
out=${BUILD:-$top/build}/fuzz
secs=${1:-60}
[ $# -gt 0 ] && shift
mkdir -p "$out/corpus-new"
cd "$top"
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-std=c11 -D_DEFAULT_SOURCE -Isrc $(pkg-config --cflags libcjson libutf8proc) \
	tests/gateway/fuzz/fuzz_gateway_json.c src/gateway/parse.c \
	src/core/text.c src/core/strbuf.c src/core/xalloc.c src/core/date.c \
	$(pkg-config --libs libcjson libutf8proc) -o "$out/fuzz_gateway_json"
exec "$out/fuzz_gateway_json" -max_total_time="$secs" -max_len=65536 \
	-dict=tests/gateway/fuzz/gateway.dict -artifact_prefix="$out/" "$@" \
	"$out/corpus-new" tests/gateway/corpus
