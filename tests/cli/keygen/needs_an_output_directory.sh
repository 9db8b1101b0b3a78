"$VEIL" keygen
