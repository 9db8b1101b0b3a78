# A match example may name its finding: a finding of another extent fails, naming what was found.
cat > plate.yaml <<'YAML'
recognizers:
  - name: plate
    supported_entity: LICENSE_PLATE
    patterns:
      - {name: p, regex: 'placa (?<pii>[A-Z]{3} [0-9]{3}(?: [a-z]{1,4})?)', score: 0.9}
    tests:
      match:
        - "placa CDZ 755"
        - {text: "placa CDZ 755 bateu", finding: "CDZ 755"}
YAML
"$VEIL" rules test plate.yaml
