# Nested quantifiers, overlapping repeated alternations and .* at both ends are flagged: exit 1.
cp "$ROOT/tests/fixtures/engine/lint.yaml" lint.yaml
"$VEIL" rules lint lint.yaml
