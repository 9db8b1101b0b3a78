# In a TSV table, a pattern whose blanks took a tab no longer joins two cells into one value:
# each cell keeps its column's type. The redaction passes (stable.c) must still settle: the
# table's cell separators are the first pass's, not the redacted text's.
set -e
printf '%s\n' '{"text":"national_id\taccount_no\n691 779 714\t480-861948-927"}' \
  '{"text":"Summarize:\nwallet\tvin\ttax_id\tmrn\nbc1qn4hefjf6wuh4vwscwaajv35cx0yuqcmrlupy2y\tJTDH419T1W1027270\t4564892903\tMR091557\n0xCb7Eaca0deFEdac65B9CA7C7e93ddcdac9B7CcB7\tWVWWRJW91RA358694\t37 907 142 681\t45639163"}' > in.jsonl
"$VEIL" -q scrub --no-warnings -o out.jsonl in.jsonl
test "$(jq -r .text out.jsonl | sed -n 2p)" = '[NATIONAL_ID]	[BANK_ACCOUNT]'
jq -r .text out.jsonl | sed -n '5,$p' | grep -q '[0-9]\{4\}' && exit 1
test "$(jq -r .text out.jsonl | sed -n 5p | tr '\t' '\n' | grep -c '^\[[A-Z_]*\]$')" = 4
