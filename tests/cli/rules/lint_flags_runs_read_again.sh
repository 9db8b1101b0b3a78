# An unbounded run every start position reads again (at the start, or at the start of a leading
# look-around) is flagged with file:line and offset; bounded or guarded, it is not. Exit 1.
cat > runs.yaml <<'YAML'
recognizers:
  - name: runs
    supported_entity: X
    flags: [normalized]
    patterns:
      - {name: start, regex: '\p{Arabic}{2,}[ ]+street', score: 0.9}
      - {name: ahead, regex: '(?!(?:[^\s]+[ \t]+){0,2}bank)\p{Lu}\p{Ll}{1,20}', score: 0.9}
      - {name: bounded, regex: '\p{Arabic}{2,30}[ ]+street', score: 0.9}
      - {name: guarded, regex: '(?<!\p{Arabic})\p{Arabic}{2,}[ ]+road', score: 0.9}
YAML
"$VEIL" rules lint runs.yaml
