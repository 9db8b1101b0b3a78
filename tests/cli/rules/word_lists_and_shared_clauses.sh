# A word list of the pack's first file is taken into later files' word keys as '(?&&name)'; a
# context_not_shared clause reaches every rule of its entity, each clause with its own window;
# an unknown list fails to load with file, line, rule and key.
mkdir pack
cat > pack/00-lists.yaml <<'YAML'
word_lists:
  samples: [e.g., for example, example]
  placeholders: [Jan Kowalski]
context_not_shared:
  - {entities: [PERSON], words: ['(?&&samples)'], window: [4, 0], gap: true}
YAML
cat > pack/10-name.yaml <<'YAML'
recognizers:
  - name: name
    supported_entity: PERSON
    patterns: [{name: p, regex: '\b[A-Z][a-z]+ [A-Z][a-z]+\b', score: 0.9, ungated: any two capitalised words}]
    context_not_more:
      - {words: ['(?&&samples)'], window: 40, names: ['(?&&placeholders)']}
    tests:
      match: ["my neighbour Jan Kowalski", "Anna Nowak gave an example"]
      no_match: ["e.g. Anna Nowak", "the example says Jan Kowalski"]
YAML
"$VEIL" rules test pack || exit 9
printf '{"t":"e.g. Anna Nowak; the example shows Jan Kowalski; I met Ola Lind"}\n' > in.jsonl
"$VEIL" scrub --rules pack --no-warnings -o - in.jsonl 2>/dev/null || exit 8
printf 'recognizers:\n  - name: broken\n    supported_entity: X\n    patterns: [{name: p, regex: "a", score: 0.5}]\n    context_not: ["(?&&samples)"]\n' > broken.yaml
"$VEIL" rules test broken.yaml
