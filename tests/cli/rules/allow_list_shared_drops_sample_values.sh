# A pack's allow_list_shared puts its values on the allow list of every later rule of the named
# entities, a table column's included; a rule of another entity keeps them.
mkdir pack
cat > pack/00-lists.yaml <<'YAML'
word_lists:
  samples: ['123-45-6789', '123 45 6789']
allow_list_shared:
  - {entities: [US_SSN], values: ['(?&&samples)']}
YAML
cat > pack/10-ssn.yaml <<'YAML'
recognizers:
  - name: ssn
    supported_entity: US_SSN
    patterns: [{name: p, regex: 'SSN (?<pii>[0-9]{3}[ -][0-9]{2}[ -][0-9]{4})', score: 0.9}]
    tests:
      match: ["SSN 531-24-1001"]
      no_match: ["SSN 123-45-6789", "SSN 123 45 6789"]
  - name: ssn_column
    supported_entity: US_SSN
    column_headers: [ssn]
    column_cell: '[0-9 -]{9,11}'
    tests:
      match: ["name,ssn\nAna,531-24-1001"]
      no_match: ["name,ssn\nAna,123-45-6789"]
  - name: ticket
    supported_entity: TICKET
    patterns: [{name: p, regex: 'ticket (?<pii>[0-9-]{11})', score: 0.9}]
    tests:
      match: ["ticket 123-45-6789"]
YAML
"$VEIL" rules test pack || exit 9
printf '{"t":"SSN 123-45-6789, SSN 531-24-1001"}\n{"t":"ticket 123-45-6789"}\n' > in.jsonl
"$VEIL" scrub --rules pack --no-warnings -o - in.jsonl 2>/dev/null
