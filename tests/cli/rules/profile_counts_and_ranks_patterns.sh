# rules profile counts each pattern's PCRE2 calls and matches and ranks the regexes by time: the
# email pattern runs on the texts with an '@' and matches 3 addresses, the digits pattern never
# passes its gate (no digits) and comes last with no calls; the JSON lists every regex, most
# time first. Times vary, so only the counts are compared.
cat >pack.yaml <<'YAML'
pack: profile-fixture
version: 1
recognizers:
  - name: email_address
    supported_entity: EMAIL
    patterns:
      - name: email
        regex: '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'
        score: 0.9
  - name: account_number
    supported_entity: ACCOUNT
    patterns:
      - name: nine digits
        regex: '\b\d{9}\b'
        score: 0.9
YAML
printf '%s\n' '{"text":"write to jane.doe@mail.org today"}' \
    '{"text":"or to bob@mail.org and ann@mail.org"}' '{"text":"nothing here"}' >in.jsonl
"$VEIL" rules profile --rules pack.yaml --top 5 --json profile.json in.jsonl >table.txt || exit 2
head -n 1 table.txt | sed 's/, wall .*//'
grep -E '^ +[0-9.]+ +[0-9.]+ +[0-9]+ +[0-9]+  email_address#0 email +pack.yaml:8$' table.txt |
    awk '{print $3, $4, $5, $6}'
jq -r '.texts, .bytes, ([.patterns[].ns] == ([.patterns[].ns] | sort | reverse))' profile.json
jq -r '.patterns[] | "\(.rule)#\(.index) \(.pattern) \(.calls) \(.matches)"' profile.json |
    grep -v placeholder
