. "$CASE_DIR/../release/fixture.inc"
make_release
rm testset.tar.zst.minisig
set +e
"$VEIL" verify testset.tar.zst --pub keys/veil.pub
