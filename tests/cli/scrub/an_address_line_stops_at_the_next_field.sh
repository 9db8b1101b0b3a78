# A form's address line ends where the next field starts, so the phone or e-mail written after
# it on the same line keeps its own type (it was swallowed into the STREET_ADDRESS).
set -e
printf '%s\n' '{"text":"Anschrift: Gemeindeaugasse 27, 2944 Ellmau, Handy +43 664 2043262"}' \
  '{"text":"Adresa: Strada Lunga 12, 500035 Brasov, Email: ana.pop@example.ro"}' > in.jsonl
"$VEIL" -q scrub --no-warnings -o out.jsonl in.jsonl
jq -r .text out.jsonl | sed -n 1p | grep -q '^Anschrift: \[STREET_ADDRESS\].* \[PHONE\]$'
test "$(jq -r .text out.jsonl | sed -n 2p)" = 'Adresa: [STREET_ADDRESS], Email: [EMAIL]'
