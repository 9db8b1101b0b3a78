. "$CASE_DIR/../release/fixture.inc"
make_release
sed -i 's/^trusted comment: timestamp:1700000000/trusted comment: timestamp:1700000001/' testset.tar.zst.minisig
set +e
"$VEIL" verify testset.tar.zst --pub keys/veil.pub
