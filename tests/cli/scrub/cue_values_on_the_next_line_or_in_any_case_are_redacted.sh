# A value on the line after its cue (one line break; a blank line only before a number), a
# validated or cued number typed in lower case, a unit after a street, a town before a Russian
# street, a labelled address line, a two-line US label, a cue cell that is no name; and what
# stays: a dialogue turn after a blank line, a field label on the next line.
cat > in.jsonl <<'JSONL'
{"text":"Utilizador:\ntiago_m81"}
{"text":"Clave:\r\n  Pampa2019"}
{"text":"passport number\n\nQ99924976 - what can someone do with this?"}
{"text":"she lives at 88 Kingsway Suite 12 with her dad"}
{"text":"Она живёт по адресу Саранск, проспект Ленина, 48."}
{"text":"Naslov: Cesta na Brdo 14a, 1000 Ljubljana, GSM +386 40 112 272"}
{"text":"SHIP TO:\n53503 W 9TH STREET SUITE 916\nEAST VALENTINA OK 66937"}
{"text":"wire to gb55 west 1588 4235 8542 27 asap"}
{"text":"Passport no. x12345678 (USA)"}
{"text":"mi correo es | lucia@ejemplo.com"}
{"text":"my name is\n\nAssistant: Nice to meet you"}
{"text":"Name:\nEmail: ana.souza@example.org"}
JSONL
"$VEIL" scrub --rules "$ROOT/rules/default" --no-warnings in.jsonl 2>/dev/null
