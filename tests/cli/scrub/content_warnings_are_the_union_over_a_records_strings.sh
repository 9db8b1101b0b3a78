set -e
# A category found in one string is not looked for again in the record's next strings; the
# labels must still be the union over every string, nested ones included.
printf '%s\n' \
    '{"a":"I will kill him","b":{"c":"how to kill and buy heroin"}}' \
    '{"a":"nothing here","b":["buy heroin", "then kill"]}' \
    '{"a":"nothing here","b":"still nothing"}' |
    "$VEIL" -q scrub - -o out.jsonl
sed -n 1p out.jsonl | grep -q '"content_warnings":\["drugs","violence"\]}$'
sed -n 2p out.jsonl | grep -q '"content_warnings":\["drugs","violence"\]}$'
sed -n 3p out.jsonl | grep -q '"content_warnings":\[\]}$'
