# A name or address typed one character at a time ("B o b") is read as the word it spells, by
# the patterns and the first-name list, and its redaction covers the spaces inside it. Single
# letters in ordinary text stay as written.
set -e
printf '%s\n' \
  '{"text":"my name is S v e n   J o h a n s s o n, ok"}' \
  '{"text":"email me at j o h n . d o e @ g m a i l . c o m thanks"}' \
  '{"text":"S v e n   J o h a n s s o n said hi"}' \
  '{"text":"pick a b or 1 2 3, then U S A"}' > in.jsonl
"$VEIL" -q scrub --no-warnings in.jsonl > out.jsonl
grep -q '"my name is \[PERSON\], ok"' out.jsonl
grep -q '"email me at \[EMAIL\] thanks"' out.jsonl
grep -q '"\[PERSON\] said hi"' out.jsonl
grep -q '"pick a b or 1 2 3, then U S A"' out.jsonl
