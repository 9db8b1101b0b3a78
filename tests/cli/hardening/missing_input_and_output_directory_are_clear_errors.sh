"$VEIL" scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" -o out.jsonl no-such-file.jsonl 2> err1.txt
test $? -eq 2 && grep -q 'no-such-file.jsonl: cannot open' err1.txt || exit 1
"$VEIL" scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" -o no/such/dir/out.jsonl "$ROOT/examples/red_team_attempts.jsonl" 2> err2.txt
test $? -eq 2 && grep -q 'no/such/dir/out.jsonl: cannot create output file: No such file or directory' err2.txt || exit 1
mkdir adir
"$VEIL" scrub --rules "$ROOT/tests/fixtures/pipeline/pack.yaml" -o out.jsonl adir 2> err3.txt
test $? -eq 2 && grep -q 'adir' err3.txt
