# Failing examples are listed with file, line and rule, and the exit status is 1.
cp "$ROOT/tests/fixtures/engine/failing.yaml" failing.yaml
"$VEIL" rules test failing.yaml
