set -e
"$VEIL" keygen --out k > out.txt
test "$(stat -c %a k)" = 700
test "$(stat -c %a k/veil.sec)" = 600
test "$(stat -c %a k/id.key)" = 600
test "$(stat -c %a k/veil.pub)" = 644
test "$(wc -c < k/id.key)" -eq 65
grep -q "^key id: [0-9A-F]\{16\} " out.txt
# the public key file names the same id as keygen printed
grep -q "minisign public key $(sed -n 's/^key id: \([0-9A-F]*\).*/\1/p' out.txt)" k/veil.pub
echo data > f
minisign -S -s k/veil.sec -m f >/dev/null
minisign -Vq -p k/veil.pub -m f
