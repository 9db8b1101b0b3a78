# Every embedded example of the fixture pack passes: exit 0 and the summary line.
cp "$ROOT/tests/fixtures/engine/basic.yaml" basic.yaml
"$VEIL" rules test basic.yaml
