#!/bin/sh
test_description='lib/json against jq: the same documents accepted and read alike'
. "$(dirname "$0")/test-lib.sh"

command -v jq >/dev/null || skip_all 'jq is not installed (Debian: jq)'
data=$TOP/t/data/json

for f in "$data"/y_*.json; do
	name=$(basename "$f")
	test_expect_success "$name: accepted, and jq reads our output as it reads the input" "
		json-check <'$f' >ours &&
		jq -c . '$f' >theirs &&
		test \"\$(jq -n --slurpfile a ours --slurpfile b theirs '\$a == \$b')\" = true
	"
done

for f in "$data"/n_*.json; do
	name=$(basename "$f")
	test_expect_success "$name: refused with an offset" "
		test_must_fail json-check <'$f' 2>err &&
		grep -E '^json-check: offset [0-9]+: ' err
	"
done

test_expect_success 'our output is a fixed point' '
	for f in "$data"/y_*.json; do
		json-check <"$f" >once &&
		json-check <once >twice &&
		test_cmp once twice || return 1
	done
'

test_expect_success 'duplicate keys: the last value wins, in the first place' '
	echo "{\"a\":3,\"b\":2}" >expect &&
	json-check <"$data/y_dup.json" >actual &&
	test_cmp expect actual
'

test_expect_success 'usage: an argument is a usage error (exit 2)' '
	test_expect_code 2 json-check extra 2>err &&
	grep "^usage: json-check" err
'

test_done
