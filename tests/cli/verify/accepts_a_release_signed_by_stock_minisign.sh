. "$CASE_DIR/../release/fixture.inc"
minisign -G -W -f -p keys/veil.pub -s keys/veil.sec >/dev/null
make_release
minisign -S -s keys/veil.sec -m testset.tar.zst >/dev/null
"$VEIL" -q verify testset.tar.zst --pub keys/veil.pub > out.txt
grep -q 'trusted comment: timestamp:[0-9]*	file:testset.tar.zst	hashed' out.txt
