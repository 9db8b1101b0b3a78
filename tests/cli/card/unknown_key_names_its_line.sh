# A misspelt key is an error with its line, not a silently missing section.
sed 's/^motivation:/motivaton:/' "$ROOT/examples/card.yaml" >card.yaml
printf '{"format": "veil-stats/1", "outputs": []}\n' >stats.json
line=$(grep -n '^motivaton:' card.yaml | cut -d: -f1)
"$VEIL" card --meta card.yaml --stats stats.json -o README.md 2>err.txt
rc=$?
grep -qF "card.yaml:$line: unknown key 'motivaton'" err.txt || cat err.txt
exit $rc
