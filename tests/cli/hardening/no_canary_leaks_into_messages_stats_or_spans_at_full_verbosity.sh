# Planted values must appear in no byte veil writes except the quarantine file (raw by design).
set -e
cat > in.jsonl <<'JSON'
{"id":"w-canary-7731","text":"write to zq.canary.one@mailhost.example or call (415) 823-2671"}
{"id":"w-canary-7731","text": "zq.canary.two@mailhost.example" broken
{"id":"w-canary-7731","text":"card 4929 3813 3266 4295 and canary3.zq@mailhost.example"}
JSON
mkdir k && "$VEIL" keygen --out k > /dev/null
"$VEIL" -v -v -v scrub --hash-field id --id-key k/id.key --on-error quarantine --quarantine q.jsonl \
    --stats stats.json --spans spans.jsonl -o out.jsonl in.jsonl > stdout.txt 2> stderr.txt
# Not inside a longer word: the hex of digests, key ids and pseudonyms is random and holds "2671"
# or "4929" in about one run in 300.
for canary in zq.canary.one canary.two canary3.zq w-canary-7731 4929 2671; do
    if grep -lE "(^|[^0-9A-Za-z])$canary([^0-9A-Za-z]|\$)" out.jsonl stats.json spans.jsonl \
        stdout.txt stderr.txt; then
        echo "canary $canary leaked" >&2
        exit 1
    fi
done
grep -q canary.two q.jsonl
