# A pack that does not compile names file, line, rule, offset and reason, and exits 2.
printf 'recognizers:\n  - name: broken\n    supported_entity: X\n    patterns:\n      - {name: p, regex: "a[b", score: 0.5}\n' > broken.yaml
"$VEIL" rules test broken.yaml
