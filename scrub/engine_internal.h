#ifndef VEIL_ENGINE_INTERNAL_H
#define VEIL_ENGINE_INTERNAL_H

/*
 * Per-thread matching state. Everything the hot path needs is allocated once here and reused,
 * so scrub_engine_detect allocates only when a text is larger or richer than any before it.
 *
 *   detect.c     candidates from every rule (patterns, deny lists, lexicons)
 *   stable.c     repeat detection on the redacted text until it finds nothing new
 *   candidate.c  validator, allow list, fictional phones -> keep, drop or needs context
 *   context.c    context words near weak candidates
 *   resolve.c    placeholders excluded, overlaps resolved, adjacent pieces merged
 *   redact.c     operators
 *   warnings.c   content-warning categories
 */

#include "scrub/anchor_find_internal.h"
#include "scrub/lexicon_internal.h"
#include "scrub/normalize_internal.h"
#include "scrub/rules_internal.h"

struct candidate {
    size_t start, end; /* in the original text */
    double score;
    const struct rule *rule;
    bool needs_context; /* below min_score until a context word is found near it */
    /* Where the evidence that names its type starts: a field's key, a table cell's own start
     * (its header names it), the match of a pattern whose lead before its `pii` group holds a
     * letter ("DL# "); CUE_NONE for a value found by its shape alone. resolve.c lets the nearer
     * evidence decide a type conflict. */
    size_t lead;
    bool labelled; /* the evidence is a label (a header or a key), not a pattern's cue */
};

#define CUE_NONE ((size_t)-1)

/* A field's value and what its key names (detect_fields.c). */
struct label_field;
struct label_fields {
    struct label_field *v;
    size_t n, cap;
};

struct candidates {
    struct candidate *v;
    size_t n, cap;
};

/*
 * What drop_public_parts found for each distinct (rule, bytes) of a text's PERSON candidates: an
 * open-addressing table of cap slots (a power of two; rule NULL is an empty slot).
 */
struct public_verdict {
    const struct rule *rule;
    size_t start, n; /* the candidate's bytes in the text */
    bool part;       /* part of a public figure's name the text writes whole */
};
struct public_verdicts {
    struct public_verdict *v;
    size_t cap;
};

/* Byte spans [v[i][0], v[i][1]). */
struct spans {
    size_t (*v)[2];
    size_t n, cap;
};

void spans_push(struct spans *sp, size_t start, size_t end);

/* The trigger scan of a subject text, kept while the text stays the same (subject.c). */
struct scan_state {
    struct buf key;               /* the scanned bytes */
    struct buf folded;            /* their case-folded copy (of ASCII text: on demand) */
    bool folded_valid;            /* folded is filled */
    uint8_t *hit;                 /* hit[id]: trigger id found */
    struct trigger_positions pos; /* where the literals of anchors occur */
    bool valid;                   /* key, hit and pos describe one text */
    bool aligned;                 /* folded offsets are the text's offsets */
    size_t byte_count[256];       /* occurrences of each byte in folded, once counted */
    bool counted;
    /*
     * Its texts are originals, not views: one not plain ASCII is read only by the patterns that
     * read a text as written, and scanned for their literals alone (scrub_rules.triggers_orig).
     */
    bool original;
    struct anchor_finds finds; /* the anchors long texts find themselves (search_start) */
};

void scan_state_init(struct scan_state *st, size_t n_ids);
void scan_state_release(struct scan_state *st);

/* The text a pattern runs over: the original, or its normalised view. */
struct subject {
    const unsigned char *p;
    size_t len;
    struct byte_set present;
    bool ascii; /* no byte >= 0x80: the faster non-UCP code gives the same result */
    const struct norm_view *view; /* NULL for the original text */
    struct scan_state *scan;      /* its trigger scan, filled on first use */
    bool scanned;                 /* scan describes this subject */
    size_t blank_run;             /* the longest run of spaces and tabs */
    size_t word_run;              /* the longest run of [A-Za-z0-9_] and non-ASCII bytes */
    size_t space_run;             /* the longest run of bytes that may belong to white space */
    size_t hex_run, digit_run;    /* ... of [0-9A-Fa-f] or [0-9], and non-ASCII bytes */
    bool measured;                /* present and the runs are known (gate_open measures) */
};

/*
 * A search for one pattern in one subject that finds exactly the matches a plain left-to-right
 * search would, but, when its gate bounds where a match starts relative to its literal, tries
 * only the start positions in the windows before that literal's occurrences.
 */
struct search {
    const pcre2_code *code;
    const char *name; /* for messages */
    bool windowed;
    size_t anchors;    /* how many anchor occurrences the windows come from */
    size_t lead;       /* window of an anchor starting at S: [S - lead, S] */
    uint32_t next_hit; /* next position in the subject's list for the trigger */
    /* Or the positions the search found itself (a long text: scan_state.finds), next one at
     * found_next of found_n from found_off. */
    bool found;
    size_t found_off, found_n, found_next;
    bool by_byte;            /* anchors also start at the member bytes of the folded text */
    size_t next_byte;        /* where to look for the next of them */
    bool member[256];        /* by_byte as a table */
    int single;              /* its only byte, or -1 */
    const struct gate *gate; /* by_byte: its anchor_digits and anchor_others */
    size_t byte_hit;         /* the next byte occurrence found, if looked for */
    bool unfolded;           /* by_byte: they are found in the text itself (subject.c) */
    bool have_window;        /* [lo, hi] is the current (merged) window of start positions */
    size_t lo, hi;
    enum left_context left; /* with a lead of 0: what the byte before an anchor must not be */
    /* The gate's right context in this text: a window [lo, hi] can match only if a byte of
     * right_first lies in [lo + right_least, hi + right_most] (regex_right.c). */
    bool right;
    size_t right_least, right_most;
    const uint64_t *right_first;
};

/* A shared prefilter regex's answer for one subject of one text (detect.c requires_met). */
struct requires_answer {
    uint64_t text; /* the text's number (scrub_engine.text_serial) */
    const unsigned char *subject;
    bool met;
};

#define ENGINE_JIT_KNOWN 1024
struct scrub_engine {
    const struct scrub_rules *rules;
    struct scrub_engine_opts opts;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    /* Regexes jit_ready said yes to, which it always will again: a call looks here first
     * instead of in the shared table (a hash and a probe of cold memory per call). */
    const pcre2_code *jit_known[ENGINE_JIT_KNOWN];
    /* detect.c: the shared prefilters' answers (scrub_rules.n_requires_shared), each valid for
     * the text numbered text_serial only */
    struct requires_answer *requires_answers;
    size_t n_requires_answers;
    uint64_t text_serial;
    struct norm_view view;
    struct lexicon_scanner *lexicon;
    struct lexicon_hits hits;
    struct candidates cands;
    struct spans placeholders;
    /* The labels of this text: the header cells of a table that names a column, the first cells
     * of a form table's labelled rows, the keys of fields that name a rule (detect_columns.c,
     * detect_fields.c). A label is evidence of its value's type, never a value itself. */
    struct spans labels;
    /* The separators between the cells of this text's tables, with the blanks around them
     * (detect_columns.c), disjoint and in text order: no pattern's finding runs from one cell
     * into the next (resolve.c). */
    struct spans cell_gaps;
    /* The values an allow list dropped in this text (a documented sample IBAN or card, a public
     * hotline, a public figure), with the rule that dropped each: a shorter candidate of another
     * entity inside one is a piece of it, no value of its own (resolve.c): the "0417 1643 00" of
     * the registry's sample IBAN "NL91 ABNA 0417 1643 00" is no phone number. */
    struct candidates samples;
    /* The candidates a `failing` context_not clause dropped: values the text calls invalid and
     * whose own check fails (context.c). Such a number is no value of another entity either, so
     * a candidate of another entity inside one, or over the same bytes, goes too (resolve.c):
     * "My Number 5379 9075 1163 is not a valid number" has no phone number. */
    struct candidates decoys;
    struct spans masked; /* strong findings and placeholders: not counted in context windows */
    struct public_verdicts public_seen; /* context.c: verdicts of drop_public_parts, per text */
    struct buf scratch;
    struct buf column_key;       /* label_cells.c: a header cell's or a key's folded form */
    struct norm_view label_view; /* label_cells.c: a non-ASCII header cell or key as the view
                                    reads it ("pаssword" with a Cyrillic a, "ｐａｓｓ") */
    struct label_fields fields;  /* detect_fields.c: the fields of one text */
    struct scan_state scan_text, scan_view; /* subject.c: trigger scans of text and view */
    uint64_t *visit;                        /* detect.c: the patterns one text may open */
    uint64_t *visit_rules;                  /* detect.c: and the rules they belong to */
    uint16_t *listing;                      /* detect.c: bit j of [c]: id 16c + j lists a pattern */
    size_t n_listing;                       /* chunks of 16 ids */
    struct buf view_key;                    /* subject.c: the text e->view was built from */
    bool view_valid;
    struct subject view_sub; /* and the subject made of it */
    struct buf text_key;     /* subject.c: the last original text made a subject */
    bool text_valid;
    struct subject text_sub;
    struct buf plain_key; /* subject.c: the last text asked whether it is plain ASCII */
    bool plain_valid, plain;
    struct buf redacted;             /* stable.c: the text as replace would write it */
    struct scrub_findings again;     /* stable.c: findings in the redacted text */
    struct spans pieces;             /* stable.c: redacted offset -> original offset per piece */
    struct scrub_findings in_window; /* window.c: the findings of one window of a long text */
    EVP_MAC *mac;                    /* HMAC, fetched on first pseudonym */
    void *casemap; /* ICU UCaseMap for pseudonym case folding, created on first use */
};

/* Limits that keep a pathological pattern from running away (each hit is ERR_LIMIT). */
#define ENGINE_MATCH_LIMIT_BASE     2000000u
#define ENGINE_MATCH_LIMIT_PER_BYTE 64u
#define ENGINE_DEPTH_LIMIT          20000u
#define ENGINE_JIT_STACK_MAX        ((size_t)1 << 20)

/*
 * Run code over s from offset start (the whole subject stays visible to lookbehinds). Returns
 * 1 for a match (ovector in e->md), 0 for none, or -1 with err set (ERR_LIMIT for a resource
 * limit: the caller must fail, never treat it as no match).
 */
int engine_match(struct scrub_engine *e, const pcre2_code *code, const unsigned char *s, size_t len,
                 size_t start, const char *rule, struct err *err);
/* The same, trying no start position after limit (PCRE2's offset limit). */
int engine_match_upto(struct scrub_engine *e, const pcre2_code *code, const unsigned char *s,
                      size_t len, size_t start, size_t limit, const char *rule, struct err *err);

/* VERDICT_ALLOWED drops the candidate as VERDICT_DROP does, because its rule's allow list has it.
 */
enum verdict { VERDICT_DROP, VERDICT_KEEP, VERDICT_CONTEXT, VERDICT_ALLOWED };

/* candidate.c: score the matched bytes p[0, len) for rule r (validator, allow list...). */
enum verdict candidate_judge(const struct scrub_engine *e, const struct rule *r,
                             const unsigned char *p, size_t len, double base, bool bypass_validator,
                             double *score);
/*
 * Whether the original span [start, end), read as view v reads it, is on r's allow list: a
 * public figure's name in disguise ("Ｂａｒａｃｋ Ｏｂａｍａ") is the listed name.
 */
bool candidate_allowed_in_view(const struct rule *r, const struct norm_view *v, size_t start,
                               size_t end);
/*
 * Whether text[start, end) is, where the text writes it (there or elsewhere), part of a name on
 * r's allow list with up to two capitalised words before or after it: "rapper Post Malone",
 * where a first-name rule took only "Malone", or "Hillary" where the text names "Hillary
 * Clinton" too.
 */
bool candidate_part_of_allowed_name(const struct rule *r, const unsigned char *text, size_t len,
                                    size_t start, size_t end);
void candidates_push(struct candidates *c, size_t start, size_t end, double score,
                     const struct rule *r, bool needs_context, size_t lead, bool labelled);

/* label_cells.c: what a header cell or a field's key names (n == 0: nothing). */
#define LABEL_RULES_MAX 4
#define LABEL_VALUE_MAX 256 /* bytes of a value worth judging: a longer one is prose */
struct label_names {
    size_t n;
    uint32_t rule[LABEL_RULES_MAX];
    enum column_kind kind[LABEL_RULES_MAX];
    size_t from; /* where in the cell the naming words start, after any qualifier ("Illinois") */
};
int label_lookup(struct scrub_engine *e, const unsigned char *s, size_t n, struct label_names *out,
                 struct err *err);
/* Whether s[0, n) is one of words, ASCII letters compared without case. */
bool label_is_word(const unsigned char *s, size_t n, const char *const *words, size_t n_words);
/* Keep only the rules nm names strongly (column_headers). */
void label_keep_strong(struct label_names *nm);
/* Drop the weak names of nm whose rule other vetoes (column_vetoes: "company" beside "website"). */
void label_drop_vetoed(struct label_names *nm, const struct label_names *other);
/* label_drop_vetoed over every pair of the columns of one table, cols[0, n). */
void label_apply_vetoes(struct label_names *cols, size_t n);
/* Whether it names a rule strongly or is a companion word: what lets weak words count. */
bool label_supports(const struct label_names *nm);
/*
 * The value text[s, end) as a candidate of every rule nm names strongly (weakly too: weak_ok).
 * lead: where its label starts (a field's key, a form row's first cell); CUE_NONE: the cell's
 * own start (a header names every cell under it as if it stood there).
 */
int label_take(struct scrub_engine *e, const struct label_names *nm, bool weak_ok,
               const unsigned char *text, size_t s, size_t end, size_t lead, struct err *err);

struct label_field {
    size_t s, e;
    size_t key; /* where its key starts */
    struct label_names nm;
};

/*
 * detect_fields.c: candidates of the values of fields whose key a rule's column words name
 * ("Hasło: x", "dob=...", "\"birth_date\": \"...\"").
 */
int detect_fields(struct scrub_engine *e, const unsigned char *text, size_t len, struct err *err);

/*
 * detect_columns.c: candidates of the cells under table columns whose header a rule names
 * (column_headers); text is the original.
 */
int detect_columns(struct scrub_engine *e, const unsigned char *text, size_t len, struct err *err);

/*
 * detect_answer.c: candidates of the answers to questions whose words a rule's column words
 * name ("What is your passport number?\n\nHuman: 533201874").
 */
int detect_answers(struct scrub_engine *e, const unsigned char *text, size_t len, struct err *err);

/*
 * detect_trailing.c: candidates of values given before their label, one to a line
 * ("737-25-5199 = my ssn", "2329925038 (account number)").
 */
int detect_trailing_labels(struct scrub_engine *e, const unsigned char *text, size_t len,
                           struct err *err);

/*
 * detect_scanned.c: candidates of the values on lines of a scanned form whose separator was
 * misread ("_DOB; 01/16/2001 .", "Blrthdate. Dec 10 1981").
 */
int detect_scanned_lines(struct scrub_engine *e, const unsigned char *text, size_t len,
                         struct err *err);

/*
 * detect_columns.c: candidates of the cells of HTML tables (<tr> rows of <th>/<td> cells) under
 * columns whose first row's cell a rule names, as detect_columns() for text tables.
 */
int detect_html_tables(struct scrub_engine *e, const unsigned char *text, size_t len,
                       struct err *err);

/* detect_sql.c: candidates of the values of SQL INSERT rows under columns a rule names. */
int detect_sql(struct scrub_engine *e, const unsigned char *text, size_t len, struct err *err);

/* context.c: decide every candidate that needs context; drops those without it. */
int context_resolve(struct scrub_engine *e, const unsigned char *text, size_t len, struct err *err);
/*
 * Whether text has a candidate (weak ones too) or placeholder of one of r's context_entities:
 * without one, a rule that keeps candidates only beside such findings can keep nothing.
 */
bool context_entity_found(const struct scrub_engine *e, const struct rule *r,
                          const unsigned char *text);

/* resolve.c: veil's own placeholders in text, into e->placeholders. */
int find_placeholders(struct scrub_engine *e, const unsigned char *text, size_t len,
                      struct err *err);

/* resolve.c: turn e->cands into sorted, non-overlapping findings. */
int resolve_findings(struct scrub_engine *e, const unsigned char *text, size_t len,
                     struct scrub_findings *out, struct err *err);

/* subject.c: the original text as a subject. */
/* norm_is_plain_ascii(text, len), remembered for the last text asked about (the warnings, then
 * detection and context, ask about the same text). */
bool subject_plain_ascii(struct scrub_engine *e, const unsigned char *text, size_t len);
void subject_text(struct scrub_engine *e, const unsigned char *text, size_t len,
                  struct subject *sub);
/*
 * subject.c: the same, measured only if a gate asks: detection reads non-ASCII text through its
 * view, and the text itself only to map spans back.
 */
void subject_text_lazy(struct scrub_engine *e, const unsigned char *text, size_t len,
                       struct subject *sub);
/*
 * subject.c: the most bytes a match of width `width` (literals_width) spans in text[0, len),
 * from that stretch's own runs (SIZE_MAX when unbounded): a match inside a short stretch is
 * bounded by its runs, not the whole text's.
 */
size_t subject_width_bytes(struct literal_lead width, const unsigned char *text, size_t len);
/* subject.c: the normalised view of text as a subject (built once per distinct text). */
int subject_view(struct scrub_engine *e, const unsigned char *text, size_t len, struct subject *sub,
                 struct err *err);

/*
 * subject.c: may the pattern behind gate g match sub? Checks its byte prefilter and its trigger
 * literals, and the rule's declared literals (trigger id `declared`, or -1), unless everything.
 * *open false means skip it.
 */
int gate_open(const struct scrub_rules *rs, const struct gate *g, int32_t declared,
              struct subject *sub, bool everything, bool *open, struct err *err);

/*
 * Whether the gate summed up in b would close on sub, from what is already known (sub measured
 * and scanned), without a call: most gates close on their runs or on an absent literal.
 */
static inline bool
brief_surely_closed(const struct gate_brief *b, const struct subject *sub)
{
    if (!sub->measured) {
        return false;
    }
    if (b->word > sub->word_run || b->hex > sub->hex_run || b->digit > sub->digit_run) {
        return true;
    }
    if (!sub->scanned) {
        return false;
    }
    const uint8_t *hit = sub->scan->hit;
    return (b->declared >= 0 && !hit[b->declared]) || (b->trigger >= 0 && !hit[b->trigger]) ||
           (b->trigger2 >= 0 && !hit[b->trigger2]) || (b->anchor >= 0 && !hit[b->anchor]);
}

/* The same for gate g itself (the rule loop reads the packed briefs instead). False: ask
 * gate_open. */
static inline bool
gate_surely_closed(const struct gate *g, int32_t declared, const struct subject *sub)
{
    struct gate_brief b = gate_brief_of(g, false, declared);
    return brief_surely_closed(&b, sub);
}

/* subject.c: measure sub and run its trigger scan, if not done yet. */
int subject_scan(const struct scrub_rules *rs, struct subject *sub, struct err *err);

/* subject.c: start a search for code (behind the open gate g) in sub. */
void search_start(struct search *s, const struct gate *g, const pcre2_code *code, const char *name,
                  const struct subject *sub, bool everything);
/* subject.c: the first match at or after pos: 1 (ovector in e->md), 0 for none, -1 on error. */
int search_next(struct scrub_engine *e, struct search *s, const struct subject *sub, size_t pos,
                struct err *err);

/*
 * A search for a pattern with a declared prefilter_lead (detect_led.c): its matches are those a
 * plain search finds whose start has a prefilter match at most lead characters after it.
 */
struct led_search {
    const struct rule_pattern *p;
    const pcre2_code *code, *pre; /* the pattern and its prefilter, compiled for the subject */
    const char *name;
    bool closed;       /* no prefilter match can exist: nothing to find */
    bool windowed;     /* a long text: searched only in the windows before prefilter matches */
    struct search own; /* short text: the pattern's own search, each match then checked */
    struct search pre_search;
    size_t pre_pos; /* where to look for the next prefilter match */
    size_t next_q;  /* the next prefilter match start not yet in a window, if have_q */
    bool have_q, pre_done;
    bool have_window; /* [lo, hi] is the current (merged) window of start positions */
    size_t lo, hi;
};

/* Texts at least this long are searched in windows (a window costs a call of its own); a
 * shorter one is searched whole once its prefilter matched somewhere (run_rule). */
#define LED_WINDOWS_MIN 4096

/* detect_led.c: the offset n UTF-8 characters on from at in s[0..len) (len at most). */
size_t led_chars_on(const unsigned char *s, size_t len, size_t at, size_t n);
/* detect_led.c: start such a search (it may open the prefilter's gate: -1 on error). */
int led_start(struct scrub_engine *e, struct led_search *l, const struct rule *r,
              const struct rule_pattern *p, const pcre2_code *code, struct subject *sub,
              struct err *err);
/* detect_led.c: the first match at or after pos: 1 (ovector in e->md), 0 for none, -1 on error. */
int led_next(struct scrub_engine *e, struct led_search *l, const struct subject *sub, size_t pos,
             struct err *err);

/* detect.c: offset of the first invalid UTF-8 sequence in s, or len when it is valid. */
size_t utf8_invalid_at(const unsigned char *s, size_t len);
/* detect.c: take out of visit the patterns (of mask only, unless NULL) whose brief needs a
 * longer run of words, hex digits or digits than the measured sub has. */
void drop_short_runs(const struct pattern_dispatch *d, const struct subject *sub, uint64_t *visit,
                     const uint64_t *mask);
/* detect.c: one detection pass (stable.c repeats it until redaction adds nothing). */
int detect_once(struct scrub_engine *e, const unsigned char *text, size_t len,
                struct scrub_findings *out, struct err *err);
/* stable.c: detection of a whole text whose redaction is stable (window.c cuts long ones). */
int detect_stable(struct scrub_engine *e, const unsigned char *text, size_t len,
                  struct scrub_findings *out, struct err *err);

/*
 * window.c: a long text is read in windows [lo, hi), each around a core [core_lo, core_hi);
 * the cores tile the text. A text no longer than the window size is one window.
 */
struct text_window {
    size_t lo, hi, core_lo, core_hi;
    bool started;
};
/* The first window of text (w zeroed before the first call), or the next; false after the last.
 * Text that is not valid UTF-8 is still cut, but text_windows_check rejects it first. */
bool text_window_next(const struct scrub_engine *e, const unsigned char *text, size_t len,
                      struct text_window *w);

/* An ERR_PARSE error naming the whole text's offset when text needs windows and is not valid
 * UTF-8 (a window's own check would name an offset in the window); else 0. */
int text_windows_check(const struct scrub_engine *e, const unsigned char *text, size_t len,
                       struct err *err);

/* resolve.c: whether a finding of entity starting at start is another piece of prev ("John" +
 * " " + "Smith"), so the two are one finding. */
bool finding_continues(const struct scrub_finding *prev, const char *entity, size_t start,
                       const unsigned char *text);

/* The rule a finding came from (findings point at their rule's name). */
const struct rule *engine_rule_of(const struct scrub_engine *e, const struct scrub_finding *f);

#endif
