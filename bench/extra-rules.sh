#!/bin/sh
# N extra literal-anchored rules (TICKET-0001-123456 ...), to measure what one more rule costs.
n=${1:-100}
echo "recognizers:"
i=1
while [ "$i" -le "$n" ]; do
    printf '  - name: bench_extra_%d\n    supported_entity: BENCH_%d\n    patterns:\n      - name: p\n        regex: '"'"'ZQ%04dX-\\d{6}'"'"'\n        score: 0.9\n' "$i" "$i" "$i"
    i=$((i + 1))
done
