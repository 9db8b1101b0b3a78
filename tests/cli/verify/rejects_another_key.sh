. "$CASE_DIR/../release/fixture.inc"
make_release
"$VEIL" -q keygen --out other >/dev/null
set +e
"$VEIL" verify testset.tar.zst --pub other/veil.pub 2> err.txt
code=$?
grep -q "testset.tar.zst.minisig: signed by key id [0-9A-F]\{16\}, but the public key has key id [0-9A-F]\{16\}" err.txt || exit 9
exit $code
