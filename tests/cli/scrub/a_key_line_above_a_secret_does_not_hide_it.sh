# A key on a line of its own ("github_token", a TSV header "slack_bot_token<TAB>bank_iban") above
# a secret: the view once joined the two lines as one broken value, the secret patterns lost
# their boundary, and the token went out in clear.
set -e
printf '%s\n' '{"text":"github_token\nghp_R7kd2Vq9LmX4pT8nW3bZ6yH1cF5sJ0aE2uG7"}' \
  '{"text":"slack_bot_token\tbank_iban\nxoxb-13426355090-7110050201751-RLqtBTCQb2B0N9kZ8qa6i1Gd\tGB52 LOYD 9039 8345 3434 87"}' \
  '{"text":"aws_key\nAKIA454ML6LG4TJFCZ4K"}' > in.jsonl
"$VEIL" -q scrub --no-warnings -o out.jsonl in.jsonl
test "$(jq -r .text out.jsonl | sed -n 2p)" = '[API_KEY]'
test "$(jq -r .text out.jsonl | sed -n 4p)" = '[API_KEY]	[IBAN]'
test "$(jq -r .text out.jsonl | sed -n 6p)" = '[API_KEY]'
