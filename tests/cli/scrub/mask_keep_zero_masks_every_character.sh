# --mask-keep 0 keeps no character of the value (it used to fall back to the default 4 and leave
# the last four digits of every masked phone number in the release).
set -e
printf '%s\n' '{"text":"call me at 415-823-2671 please"}' > in.jsonl
"$VEIL" -q scrub --no-warnings --operator PHONE=mask --mask-keep 0 -o zero.jsonl in.jsonl
test "$(jq -r .text zero.jsonl)" = 'call me at ************ please'
"$VEIL" -q scrub --no-warnings --operator PHONE=mask -o four.jsonl in.jsonl
test "$(jq -r .text four.jsonl)" = 'call me at ********2671 please'
"$VEIL" -q scrub --no-warnings --operator PHONE=mask --mask-keep 2 --mask-char '#' -o two.jsonl in.jsonl
test "$(jq -r .text two.jsonl)" = 'call me at ##########71 please'
