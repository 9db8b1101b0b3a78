# One line per rule: name, entity, languages, validator; then the content-warning categories.
cp "$ROOT/tests/fixtures/engine/basic.yaml" basic.yaml
"$VEIL" rules list basic.yaml
