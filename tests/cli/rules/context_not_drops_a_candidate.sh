# A context_not word just before a candidate drops it; the examples say so, and scrub agrees.
cat > born.yaml <<'YAML'
recognizers:
  - name: born
    supported_entity: DATE_OF_BIRTH
    patterns:
      - {name: p, regex: 'born on (?<pii>[0-9]{4}-[0-9]{2}-[0-9]{2})', score: 0.9}
    context_not: [startup, company]
    context_not_window: [24, 0]
    tests:
      match: ["I was born on 1990-05-12", "born on 1990-05-12, and the company too"]
      no_match: ["the startup was born on 2011-03-03"]
YAML
"$VEIL" rules test born.yaml || exit 9
printf '{"t":"the company was born on 2011-03-03; I was born on 1990-05-12"}\n' > in.jsonl
"$VEIL" scrub --rules born.yaml --no-warnings -o - in.jsonl 2>/dev/null
