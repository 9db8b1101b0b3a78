. "$CASE_DIR/../release/fixture.inc"
make_release
set +e
size=$(wc -c < testset.tar.zst)
# flip one bit in the middle of the archive
python3 -c "
import sys
b = bytearray(open('testset.tar.zst','rb').read())
b[len(b)//2] ^= 0x10
open('testset.tar.zst','wb').write(b)
"
"$VEIL" verify testset.tar.zst --pub keys/veil.pub
