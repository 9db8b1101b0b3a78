# The allow list of public figures is read as the normalised view reads a name, so a public
# figure's name typed in full-width or mathematical letters stays as written, like the plain
# name; a private name in the same disguise is still redacted.
set -e
printf '%s\n' \
  '{"text":"I saw Barack Obama on TV"}' \
  '{"text":"I saw Ｂａｒａｃｋ Ｏｂａｍａ on TV"}' \
  '{"text":"I saw 𝐁𝐚𝐫𝐚𝐜𝐤 𝐎𝐛𝐚𝐦𝐚 on TV"}' \
  '{"text":"I saw Ｍａｒｉａ Ｌｏｐｅｚ on TV"}' > in.jsonl
"$VEIL" -q scrub --no-warnings in.jsonl > out.jsonl
test "$(grep -c 'Obama\|Ｏｂａｍａ\|𝐎𝐛𝐚𝐦𝐚' out.jsonl)" = 3
grep -q '"I saw \[PERSON\] on TV"' out.jsonl
