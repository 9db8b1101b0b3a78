"$VEIL" scrub --help | grep -q -- '--on-error MODE' && "$VEIL" scrub --help | grep -q -- '--hash-field'
