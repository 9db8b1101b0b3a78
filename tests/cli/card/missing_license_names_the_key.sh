# A card without the licence the Hub requires is refused, naming the key; nothing is written.
printf 'pretty_name: x\nlanguage: [en]\ntask_categories: [text-generation]\n' >card.yaml
printf '{"format": "veil-stats/1", "outputs": []}\n' >stats.json
"$VEIL" card --meta card.yaml --stats stats.json -o README.md
rc=$?
test ! -e README.md || echo "README.md written"
exit $rc
