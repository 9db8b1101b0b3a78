# A pattern naming a fragment no file of its pack defines fails to load with file, line, rule
# and offset; fragments of the pack's earlier files are visible.
mkdir pack
printf 'fragments:\n  plate: "[A-Z]{3}[0-9]{3}"\n' > pack/00-fragments.yaml
printf 'recognizers:\n  - name: plate\n    supported_entity: PLATE\n    patterns:\n      - {name: p, regex: "plate (?&&plate)", score: 0.9}\n    tests: {match: ["plate ABC123"]}\n' > pack/10-plate.yaml
"$VEIL" rules test pack || exit 9
printf 'recognizers:\n  - name: broken\n    supported_entity: X\n    patterns:\n      - {name: p, regex: "a(?&&plate)", score: 0.5}\n' > broken.yaml
"$VEIL" rules test broken.yaml
