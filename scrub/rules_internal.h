#ifndef VEIL_RULES_INTERNAL_H
#define VEIL_RULES_INTERNAL_H

/*
 * The compiled rule set shared (read-only) by every engine, and the helpers that build it.
 * Loading is split in three: rules_load.c walks the YAML into these structs, rules_compile.c turns
 * regex sources into JIT-compiled PCRE2 code with a prefilter, and rules_free.c releases them.
 */

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <openssl/evp.h>
#include <pcre2.h>

#include "common/buf.h"
#include "common/err.h"
#include "scrub/literals_internal.h"
#include "scrub/scrub.h"

struct err;
struct validator;
struct lexicon;

enum rule_flag {
    RULE_CASE_INSENSITIVE = 1u << 0,
    RULE_NORMALIZED = 1u << 1,    /* match on the normalised view of non-ASCII text */
    RULE_WORD_BOUNDARY = 1u << 2, /* wrap every pattern in (?<!\w)(?:...)(?!\w) */
    RULE_CAPITALIZED = 1u << 3,   /* lexicon hits must start with an uppercase letter */
    RULE_SURNAME = 1u << 4,       /* lexicon hits grow over following capitalised words */
    RULE_RAW = 1u << 5,           /* patterns read the text as written, never the view */
};

/*
 * A necessary condition for a pattern to match, checked against the set of bytes present in the
 * text: every non-empty set must share at least one byte with it. Derived from PCRE2's own
 * start-of-match bitmap / first code unit and its required ("last") code unit, so it can never
 * reject a text the pattern would match.
 */
struct byte_set {
    uint64_t bits[4];
};

#define PREFILTER_MAX 4

struct prefilter {
    size_t n_need; /* first: a check reads it, then usually need[0] only */
    struct byte_set need[PREFILTER_MAX];
};

struct string_list {
    char **v;
    size_t n;
};

/*
 * Everything that lets a pattern be skipped without running it: byte prefilters for non-ASCII
 * (pre) and ASCII (pre_ascii) text, and literals one of which every match contains (case-folded,
 * see literals_internal.h), found for all patterns at once by the rule set's trigger index.
 */
#define GATE_ANCHOR_BYTES_MAX 16

/* What every match needs of the byte before it (regex_left.c), for ASCII bytes. */
enum left_context {
    LEFT_ANY,
    LEFT_NOT_LETTER, /* not an ASCII letter: "(?<![\p{L}])" */
    LEFT_NOT_WORD,   /* not [A-Za-z0-9_]: "(?<![\w])", or "\b" before a word byte */
};

struct gate {
    /* What gate_open reads for every text comes first: a closed gate costs a cache line. */
    struct literal_runs runs;                  /* characters of a kind in a row every match has */
    int32_t trigger, trigger2, trigger_anchor; /* ids in scrub_rules.triggers, or -1 */
    /* How a search finds the anchor's occurrences (rules_triggers.c). */
    enum anchor_kind {
        ANCHOR_NONE,    /* it cannot: the search is not windowed */
        ANCHOR_LISTED,  /* the trigger scan records where trigger_anchor's literals start */
        ANCHOR_BY_BYTE, /* it has one-byte literals: folded bytes in anchor_bytes, and the
                           longer ones (if any) listed for trigger_anchor */
    } anchor_kind;
    struct prefilter pre_ascii;
    struct prefilter pre;
    struct literal_set lits, lits2; /* both must occur (lits2 may be empty) */
    struct literal_set anchor;      /* must occur too, within anchor_lead of a match's start */
    struct literal_lead anchor_lead;
    unsigned char anchor_bytes[GATE_ANCHOR_BYTES_MAX]; /* ANCHOR_BY_BYTE: the one-byte literals */
    size_t n_anchor_bytes;
    /* The same for the search's 16-byte steps: every ASCII digit among them (looked for as one
     * range), and the bytes left to compare one by one. */
    bool anchor_digits;
    unsigned char anchor_others[GATE_ANCHOR_BYTES_MAX];
    size_t n_anchor_others;
    /* The byte before a match (regex_left_context): when it starts with a word byte, when not,
     * and for the anchor's literals (rules_triggers.c), which a window of lead 0 checks. */
    enum left_context left_word_first, left_other_first, left;
    /* No ASCII word byte is right before the anchor's literal in any match, however far into
     * the match it lies (literals_analyse_left): a window is opened only where none is. */
    bool anchor_after_non_word;
    /* Where the `pii` group starts (regex_right.c): at least right_least characters and at most
     * right_most into a match, on a byte of right_first (bit b % 64 of word b / 64). */
    bool right;
    size_t right_least;
    struct literal_lead right_most;
    uint64_t right_first[4];
};

/*
 * One regex of a rule. pii_group > 0 when the pattern names a group `pii`: that group is the
 * span. Each pattern is compiled twice: with PCRE2_UCP for text with non-ASCII bytes, and
 * without it, its Unicode properties read as ASCII classes (regex_ascii), for pure-ASCII text,
 * where both give the same matches but the ASCII code lets PCRE2 (and the prefilter) skip far
 * faster.
 */
/* The most characters a `prefilter_lead:` may declare. */
#define PREFILTER_LEAD_MAX 4096
/* rule_pattern.requires_shared of a prefilter no other pattern has */
#define REQUIRES_SHARED_NONE UINT32_MAX

struct rule_pattern {
    char *name;
    char *source;           /* the regex as written, for lint */
    pcre2_code *code;       /* UTF + UCP */
    pcre2_code *code_ascii; /* UTF only; for subjects with no byte >= 0x80 */
    /* `prefilter_regex:` the pattern runs only on subjects this finds a match in (or NULL) */
    pcre2_code *requires, *requires_ascii;
    char *requires_source; /* the prefilter_regex as written, or NULL */
    /* Its slot in the engine's memo of prefilter answers when another pattern has the same
     * prefilter_regex and options (rules_triggers.c), else REQUIRES_SHARED_NONE. */
    uint32_t requires_shared;
    struct gate gate;
    struct gate requires_gate; /* the prefilter regex's own gate: it is searched as patterns are */
    /* `prefilter_lead:` a match counts only if a prefilter match starts at most this many
     * characters after its start (detect_led.c) */
    bool led;
    size_t prefilter_lead;
    double score;
    uint32_t pii_group;
    /* `ungated:` why the pack runs this pattern, or its prefilter_regex, on every text (NULL:
     * it must not; `veil rules test` checks which is true, rules_pattern_reach) */
    char *ungated;
    bool is_deny;  /* built from deny_list: literal, skips the validator */
    bool use_view; /* runs on the normalised view of non-ASCII text (normalized or digit-led) */
    size_t line;   /* line in the pack file (1-based) */
};

/*
 * One context_not clause: words that drop a candidate when one starts within window[0] bytes
 * before it or window[1] after it (matched as context words are). With gap, the windows count
 * the bytes between a word and the candidate, and the words are whole words (an entry that
 * starts with punctuation may follow a letter). With names, the clause applies only to a
 * candidate whose text is one of them (ASCII case ignored).
 */
struct context_not_clause {
    pcre2_code *re;
    size_t window[2];
    bool gap;
    /* gap: the most a match of re consumes (rules_words_width), so a search before a candidate
     * starts no further back than a word ending in the window can */
    struct literal_lead width;
    struct string_list names; /* empty: every candidate */
    /* `failing:` the clause drops only a candidate this check rejects (NULL: any candidate) */
    const struct validator *failing;
    struct string_list entities; /* a pack's shared clause: the entities it applies to */
    /* `between:` a gap clause's word counts only when the text between it and the candidate is
     * all this regex matches (NULL: any text the window allows) */
    pcre2_code *between;
};

struct rule {
    char *name;
    char *entity;
    char *subtype; /* or NULL */
    struct string_list languages;
    struct rule_pattern *patterns;
    size_t n_patterns;
    struct string_list context;
    pcre2_code *context_re; /* context words as one case-insensitive word-start regex, or NULL */
    /* Its context_not clauses (the rule's own `context_not:`, then `context_not_more:`, then
     * the pack's `context_not_shared:` ones for its entity): the array is the rule's, the
     * clauses the rule set's (several rules may share one). */
    const struct context_not_clause **nots;
    size_t n_nots;
    struct string_list context_entities; /* entities whose findings nearby count as context */
    struct string_list allow;            /* sorted: see allow_list_sort */
    /* The lines of its allow_list_file, sorted the same way: the rule set's, shared by every rule
     * that names the file (NULL: none). */
    const struct string_list *allow_file;
    struct string_list deny;
    const struct validator *validator;
    size_t context_window;
    double context_boost;
    double min_score;
    enum scrub_operator op;
    unsigned flags;
    uint32_t re_options; /* extra PCRE2 options (Presidio global_regex_flags) */
    bool enabled;
    struct lexicon *lexicon;     /* or NULL */
    double lexicon_score;        /* base score of a lexicon hit (rule key `score`) */
    char *lexicon_path;          /* as resolved; for listing */
    struct string_list requires; /* `prefilter:` literals, ASCII-lower-cased; one must occur */
    int32_t requires_trigger;    /* their id in scrub_rules.triggers, or -1 */
    /* Table columns (detect_columns.c): a header cell equal to one of column_headers (compared
     * as column_key folds them) makes the cells under it candidates, scored lexicon_score; a
     * column_headers_weak one only beside a column another rule names (strong) or one of the
     * column_companions, and not beside one of its column_vetoes (a firm's table: "company"
     * beside "website"); a cell counts only if column_cell (anchored at both ends) matches. */
    struct string_list column_headers, column_headers_weak, column_companions, column_vetoes;
    pcre2_code *column_cell; /* or NULL: any cell that is not an empty marker */
    bool column_fields;      /* its column words also label "key: value" fields */
    struct string_list tests_match;
    struct string_list tests_finding; /* one per match example: the finding's text, or "" */
    struct string_list tests_no_match;
    const char *file; /* points into scrub_rules.files */
    size_t line;
};

/* The PCRE2 options a rule's regexes compile with: its own, and caseless when it says so. */
static inline uint32_t
rule_regex_options(const struct rule *r)
{
    return r->re_options | ((r->flags & RULE_CASE_INSENSITIVE) ? PCRE2_CASELESS : 0);
}

/*
 * What the rule loop reads of every pattern's gate for every text (gate_surely_closed), packed
 * for all patterns in order (rules_build_triggers): a pattern struct is most of a kilobyte, and
 * reading its gate in place cost a cache miss or two per pattern per text.
 */
struct gate_brief {
    uint16_t word, hex, digit; /* gate.runs, capped (a cap only lets more gates open) */
    bool use_view;             /* the pattern's */
    uint8_t requires;          /* the pattern's BRIEF_REQUIRES and BRIEF_LED, or 0 (a gate's) */
    int32_t trigger, trigger2; /* gate.trigger, gate.trigger2 */
    int32_t anchor;            /* gate.trigger_anchor when its hit closes the gate, else -1 */
    int32_t declared;          /* the rule's requires_trigger */
};

/* gate_brief.requires: the pattern has a prefilter_regex, and a prefilter_lead too. */
enum { BRIEF_REQUIRES = 1, BRIEF_LED = 2 };

static inline uint16_t
gate_brief_cap(size_t n)
{
    return n > UINT16_MAX ? UINT16_MAX : (uint16_t)n;
}

/* The brief of gate g, for a pattern that uses_view, under a rule declaring id declared. */
static inline struct gate_brief
gate_brief_of(const struct gate *g, bool use_view, int32_t declared)
{
    return (struct gate_brief){
        gate_brief_cap(g->runs.word),
        gate_brief_cap(g->runs.hex),
        gate_brief_cap(g->runs.digit),
        use_view,
        0,
        g->trigger,
        g->trigger2,
        g->anchor_kind == ANCHOR_BY_BYTE ? -1 : g->trigger_anchor,
        declared,
    };
}

/*
 * rules_triggers.c: whether a gate (of a rule set whose triggers are built) opens on a typical
 * text of dialogue that holds none of its literals: ASCII prose of letters, spaces, line breaks
 * and . , ? ' : (each in three texts in four of hh-rlhf or more, ':' in every turn's label),
 * runs of at most 10 word characters, 3 hex digits and no digit. Such a gate needs no indexed
 * literal (or only sets holding one of that punctuation and blanks alone, ": "), no anchor
 * other than those bytes, no rarer byte and no longer run: its pattern runs on almost every text.
 */
bool gate_opens_everywhere(const struct gate *g);

enum gate_reach {
    GATE_REACH_GATED,      /* the pattern runs only on texts its gate or prefilter lets through */
    GATE_REACH_EVERYWHERE, /* it runs on every text: no gate, no prefilter, no declared words */
    GATE_REACH_PREFILTER,  /* its prefilter_regex runs on every text (the pattern behind it not) */
};
/*
 * How far pattern p of rule r reaches (r enabled, p no deny list): a rule's declared `prefilter:`
 * words gate it, and so does keeping its candidates only beside another entity's finding.
 */
enum gate_reach rules_pattern_reach(const struct rule *r, const struct rule_pattern *p);

/* The header words of every rule's columns, folded by column_key (rules_columns.c). */
enum column_kind {
    COLUMN_STRONG,    /* column_headers */
    COLUMN_WEAK,      /* column_headers_weak */
    COLUMN_COMPANION, /* column_companions */
    COLUMN_VETO,      /* column_vetoes: the rule's weak words do not count beside it */
};

struct column_label {
    char *key; /* column_key of the word */
    uint32_t rule;
    enum column_kind kind;
};

struct column_index {
    struct column_label *v; /* sorted by key (bytes), then rule */
    size_t n;
    /* the same words as a scanned form's misread letters fold them (column_ocr_fold) */
    struct column_label *ocr;
    size_t n_ocr;
    bool fields; /* some rule has column_fields: texts are searched for fields */
};

struct warning_category {
    char *name;
    char *description;
    pcre2_code *terms_re;    /* all terms as one case-insensitive whole-word regex, or NULL */
    pcre2_code *terms_ascii; /* the same without UCP, for ASCII text (may be NULL) */
    struct gate terms_gate;  /* the terms' own words as trigger literals */
    struct string_list terms;
    bool terms_by_matcher; /* on ASCII text the term matcher answers for the terms */
    pcre2_code **patterns;
    pcre2_code **patterns_ascii; /* entries may be NULL */
    struct gate *gates;          /* one per pattern */
    struct gate_brief *briefs;   /* one per pattern: what is read of gates for every text */
    char **sources;              /* pattern sources, for lint */
    size_t n_patterns;
    size_t min_hits;
    struct string_list tests_match;
    struct string_list tests_no_match;
    const char *file;
    size_t line;
};

struct term_matcher;

/* What the rule loop reads of each rule for every text (the rule itself only when it runs). */
struct rule_brief {
    const struct rule_pattern *patterns; /* the rule's, so that a closed gate leaves it unread */
    uint32_t n_patterns;
    bool lexicon;
    /* Every candidate of the rule falls short of min_score unless a finding of one of its
     * context_entities is near (no context words, deny list or checksum): the rule runs after
     * the others, and not at all in a text where none of those entities was found. */
    bool after_entities;
};

/*
 * Which patterns a text's trigger hits can open (rules_triggers.c), so the rule loop visits
 * those and not all of them: a pattern whose gate needs a trigger id is listed under one such
 * id (it stays closed while that id is absent); any other is visited for every text.
 */
/*
 * The patterns a short run closes, for one kind of run (a gate_brief's word, hex or digit): the
 * distinct lengths patterns need, ascending, and for each, the patterns that need at least it.
 * A subject whose longest run is r closes those of the first length above r (plan_visits).
 */
struct run_levels {
    size_t n;
    uint16_t *least;  /* n lengths, each above 0 */
    uint64_t *closed; /* n bitmaps of the dispatch's words each */
};

enum { RUN_LEVEL_WORD, RUN_LEVEL_HEX, RUN_LEVEL_DIGIT, RUN_LEVEL_KINDS };

struct pattern_dispatch {
    size_t n_patterns; /* of every rule, in order: bit k of a bitmap is the k-th */
    size_t words;      /* 64-bit words of such a bitmap */
    uint64_t *always;  /* the patterns no trigger id keys */
    uint64_t *on_view; /* the patterns that read the view of a text that is not plain */
    size_t n_ids;
    uint32_t *first;   /* n_ids + 1 entries: id's patterns are listed[first[id], first[id+1]) */
    uint32_t *listed;  /* pattern numbers */
    uint32_t *rule_at; /* n_rules entries: the number of each rule's first pattern */
    uint32_t *rule_of; /* n_patterns entries: the rule of each pattern */
    size_t rule_words; /* 64-bit words of a bitmap over the rules */
    uint64_t *lexicon_rules; /* rules with a lexicon: run whatever their patterns */
    uint64_t *after_rules;   /* rules that run after the others (rule_brief.after_entities) */
    /* The rules of the patterns not in on_view: every text that is not plain visits them
     * (run_rules ORs them in, word by word). */
    uint64_t *text_rules;
    struct run_levels runs[RUN_LEVEL_KINDS];
};

struct scrub_rules {
    struct rule *rules;
    size_t n_rules, cap_rules;
    struct gate_brief *briefs;      /* one per pattern of every rule, in order */
    struct rule_brief *rule_briefs; /* one per rule */
    struct pattern_dispatch dispatch;
    struct warning_category *warnings;
    size_t n_warnings;
    char **files; /* every pack file loaded, in order */
    size_t n_files;
    EVP_MD_CTX *digest;         /* SHA-256 over pack (and lexicon) bytes in load order */
    pcre2_code *placeholder_re; /* matches veil's own placeholders, so re-scrubbing is a no-op */
    bool any_normalized;        /* some rule needs the normalised view */
    /* During one load: the allow_list_file last read (resolved path) and its lines, so the
     * rules that name the same file share one read, digest and parse. */
    char *allow_file_path;
    struct string_list *allow_file_lines;
    /* Every allow-list file's lines read, kept for the rules that point at them. */
    struct string_list **allow_files;
    size_t n_allow_files;
    /* Every context_not clause of every rule, owned here: a pack's shared clause is one for all
     * the rules it applies to (one regex compiled, one JIT). */
    struct context_not_clause **not_clauses;
    size_t n_not_clauses;
    /*
     * Beside triggers: the literals of the gates of the patterns that read a text as written (not
     * its view), and of their rules' declared prefilters, under the same ids. The original of a
     * text that is not plain ASCII is read by those patterns alone, and scanned with this
     * (subject.c).
     */
    struct trigger_index *triggers_orig;
    struct trigger_index *triggers;    /* literals of every gate, one Aho-Corasick pass */
    struct term_matcher *term_matcher; /* content-warning terms on ASCII text, or NULL */
    struct jit_table *jit;             /* every regex, JIT-compiled on first use (rules_jit.c) */
    size_t n_requires_shared;    /* prefilter regexes more than one pattern has (requires_shared) */
    struct column_index columns; /* header words of table columns (rules_columns.c) */
};

/* Defaults from rules/README.md. */
#define RULE_DEFAULT_CONTEXT_WINDOW 64
#define RULE_DEFAULT_CONTEXT_BOOST  0.35
#define RULE_DEFAULT_MIN_SCORE      0.5
#define RULE_DENY_SCORE             1.0
#define RULE_DEFAULT_LEXICON_SCORE  0.6

struct compile_queue;
struct pack_cache;

/* rules_compile.c */
/*
 * Compile src for a rule (PCRE2_UTF|PCRE2_UCP plus extra options; JIT: rules_jit.c), or read the
 * code an earlier run kept in cache c (NULL: no cache), which then keeps this one. On an error
 * err names file:line, the rule and pattern, the offset and PCRE2's message.
 */
int rules_compile_regex(struct pack_cache *c, const char *src, uint32_t options, const char *file,
                        size_t line, const char *rule, const char *what, pcre2_code **out,
                        struct err *err);
/*
 * The same, and into *ascii without PCRE2_UCP (for ASCII subjects; NULL when that does not
 * compile), the alternations factored once for both.
 */
int rules_compile_pair(const char *src, uint32_t options, const char *file, size_t line,
                       const char *rule, const char *what, pcre2_code **ucp, pcre2_code **ascii,
                       struct err *err);
/*
 * Compile a pattern of rule r (flags applied) and its prefilter_regex (or NULL): record its `pii`
 * group and gate. With a queue the work is queued (rules_queue.c) and errors come from
 * compile_queue_finish; p must stay where it is until the queue is drained.
 */
int rules_compile_pattern(const struct rule *r, struct rule_pattern *p, const char *src,
                          const char *prefilter, size_t prefilter_line, struct compile_queue *q,
                          struct err *err);
/* Build the deny-list pattern and the context regex of r (after its keys are read). */
int rules_compile_rule_extras(struct rule *r, struct compile_queue *q, struct err *err);
/* Compile the words of context_not clause k (whole words when k->gap). */
int rules_compile_not_clause(struct pack_cache *c, struct context_not_clause *k,
                             const struct string_list *words, const char *file, size_t line,
                             const char *rule, const char *key, struct err *err);
/* Compile a gap clause's `between:` regex into k->between, anchored at both ends of the gap. */
int rules_compile_between(struct pack_cache *c, struct context_not_clause *k, const char *between,
                          const char *file, size_t line, const char *rule, const char *key,
                          struct err *err);
/* A regex source matching any of words as whole words ('*' suffix = prefix); owned by caller. */
char *rules_words_regex(const struct string_list *words, bool prefix_ok);
/*
 * The most a match of rules_words_regex(words, prefix_ok) consumes, as literals_width would read
 * it, from the words themselves: a byte of a word one character, a space one run of white space,
 * a '*' ending one run of word characters (parsing the regex of a list of hundreds of words cost
 * more than the rest of the list's load).
 */
struct literal_lead rules_words_width(const struct string_list *words, bool prefix_ok);
/* (Re)build the placeholder regex from the entity names of every rule. */
int rules_compile_placeholders(struct pack_cache *c, struct scrub_rules *rs, struct err *err);
/* pack_cache.c */
struct pack_cache;
/*
 * The compiled-pattern cache for this executable ($VEIL_CACHE_DIR, else $XDG_CACHE_HOME/veil or
 * ~/.cache/veil), read whole; NULL when it is off or the executable cannot be read.
 */
struct pack_cache *pack_cache_open(void);
/* Write the cache file again when this load compiled anything, then free c (NULL is fine). */
void pack_cache_close(struct pack_cache *c);
/* The cache in the file at path (which need not exist), and how many entries it read. */
struct pack_cache *pack_cache_open_file(const char *path);
size_t pack_cache_entries(const struct pack_cache *c);
/* The bytes kept for (src, options), valid until pack_cache_close; false if none. Thread-safe. */
bool pack_cache_get(struct pack_cache *c, const char *src, uint32_t options,
                    const unsigned char **blob, size_t *len);
/* Keep blob (malloc'ed; the cache takes it) for (src, options). Thread-safe. */
void pack_cache_put(struct pack_cache *c, const char *src, uint32_t options, unsigned char *blob,
                    size_t len);
/* pattern_blob.c: codes and gate as bytes; false when PCRE2 cannot serialise them. */
struct buf;
bool pattern_blob_encode(struct buf *b, const pcre2_code *ucp, const pcre2_code *ascii,
                         const struct gate *g);
/* Codes and gate back; false, with nothing allocated, when blob does not read back whole. */
bool pattern_blob_decode(const unsigned char *blob, size_t len, pcre2_code **ucp,
                         pcre2_code **ascii, struct gate *g);
/* The 8-byte little-endian lengths of blobs and of the cache file's framing. */
uint64_t blob_get_u64(const unsigned char *p);
void blob_put_u64(unsigned char *p, uint64_t v);
/*
 * rules_compile_pair and gate_build of src, from the cache c when it has them (NULL: no cache),
 * else compiled and added to it. Safe to call from several compile jobs at once.
 */
int rules_compile_gated(struct pack_cache *c, const char *src, uint32_t options, const char *file,
                        size_t line, const char *rule, const char *what, pcre2_code **ucp,
                        pcre2_code **ascii, struct gate *g, struct err *err);
/* regex_factor.c */
/*
 * src with its alternations of literals factored into tries (same matches, same captures), for
 * PCRE2 to try one branch per first character; NULL when nothing changes or the pattern uses a
 * construct the rewrite leaves alone. Owned by the caller.
 */
char *regex_factor(const char *src, uint32_t options);
/* regex_ascii.c */
/* Whether the property escape text ("\\p{Han}") matches no ASCII character, as PCRE2 says (with
 * the caseless option on or off): a match of it holds a byte >= 0x80. */
bool regex_property_outside_ascii(const char *text, size_t len, bool caseless);
/*
 * src for subjects with no byte >= 0x80: its Unicode properties replaced by classes of the ASCII
 * characters they match (same matches and captures on such subjects); NULL when it has none or
 * uses a construct the rewrite leaves alone. Owned by the caller.
 */
char *regex_ascii(const char *src, uint32_t options);
/*
 * pcre2_compile of src (errors with offsets into src), factored when regex_factor changes it and
 * PCRE2 plans the same start-of-match shortcuts for both forms (rules_compile.c).
 */
pcre2_code *rules_compile_factored(const char *src, uint32_t options, int *code,
                                   PCRE2_SIZE *offset);
/* warnings_terms.c */
/*
 * A trie of the content-warning terms of the categories (the first 64) whose terms it can judge on
 * ASCII text exactly as their regex would; sets each category's terms_by_matcher. NULL if none.
 */
struct term_matcher *term_matcher_build(struct scrub_rules *rs);
void term_matcher_free(struct term_matcher *m);
/* Bit i set when a term of category i (terms_by_matcher) starting in [from, to) occurs in text,
 * which is ASCII (the bytes around are its context). */
uint64_t term_matcher_scan(const struct term_matcher *m, const unsigned char *text, size_t len,
                           size_t from, size_t to);
/* regex_syntax.c */
/*
 * The index just past the character class at s[i] ('['), read as PCRE2 reads it: a ']' first is
 * a member, escapes, "[:alpha:]" where PCRE2 sees one. 0 if it does not end within n or quotes
 * with \Q...\E.
 */
size_t regex_class_end(const char *s, size_t n, size_t i);
/* Past the escape at s[i] ('\\'): enough to step over it (\p{..}, \x{..}, \k<..>), not to read it.
 */
size_t regex_escape_end(const char *s, size_t i);
/*
 * From s[i], just inside a group (or at the pattern's start), to its closing ')' (or the end):
 * the index of that end, 0 if the pattern is malformed; *alternation when a '|' is at this level.
 */
size_t regex_group_end(const char *s, size_t i, bool *alternation);
/* regex_left.c */
/*
 * What every match of src requires of the byte before it, from the assertions it starts with;
 * word_first: every match starts with a word byte (then "\b" rules out a word byte before it).
 */
enum left_context regex_left_context(const char *src, uint32_t options, bool word_first);
/* regex_right.c */
/*
 * For a regex whose `(?<pii>` group is at its top level (and no '|' is): *before, the regex up
 * to the group as read (extended mode's white space dropped, calls of named groups written out;
 * the caller frees it); *least_before, the characters every match has before the group; first,
 * the bytes the group's match can start with (bit b % 64 of first[b / 64]). False, *before
 * NULL, when it cannot tell.
 */
bool regex_right_context(const char *src, uint32_t options, char **before, size_t *least_before,
                         uint64_t first[4]);
/* prefilter.c */
/* The prefilter PCRE2's own analysis of code gives. */
void prefilter_from_code(const pcre2_code *code, struct prefilter *pre);
/* Add atoms every match of src must contain; any_subject: valid for non-ASCII text too. */
void prefilter_add_source(struct prefilter *pre, const char *src, bool caseless, bool any_subject);
/* True when src may match caselessly (an option, or an inline (?i) anywhere). */
bool regex_mentions_caseless(const char *src, uint32_t options);
/* Build the gate of a compiled pattern (code_ascii may be NULL); release it. */
void gate_build(struct gate *g, const pcre2_code *code, const pcre2_code *code_ascii,
                const char *src, uint32_t options);
void gate_release(struct gate *g);
/*
 * rules_triggers.c: (re)build the trigger index over every gate and declared prefilter (with
 * threads > 1, part of it on a thread of its own: see trigger_index_build_on).
 */
int rules_build_triggers(struct scrub_rules *rs, unsigned threads, struct err *err);
/* rules_triggers.c: free what the dispatch holds; safe on a zeroed one. */
void pattern_dispatch_release(struct pattern_dispatch *d);

/*
 * rules_jit.c: JIT compilation of a set's regexes once the interpreter has spent enough time on
 * them. jit_table_build indexes every regex of the set (NULL when VEIL_NO_JIT turns JIT off).
 * jit_ready says whether to run code as JIT code: false while one of the set's regexes has had
 * little interpreted time (then *charge is where the caller adds the time of its interpreted
 * call) or JIT is off; true once it is compiled, which it does when the time is reached or at
 * once when now is set. Safe from any thread; a thread wanting a regex another one is compiling
 * waits for it.
 */
/*
 * rules_queue.c: compilations queued during a load and run on threads - 1 helpers (the loading
 * thread joins in when it drains). With threads < 2 the queue has no helper, and then
 * compile_queue_run runs a job at once and returns its result; with helpers it queues the job.
 * compile_queue_drain waits for every job queued; compile_queue_finish drains, stops the helpers
 * and reports the first failed job in queue order. Jobs are freed by the queue.
 */
struct compile_job {
    int (*run)(struct compile_job *job, struct err *err);
    void (*free)(struct compile_job *job);
    int rc;
    struct err err;
};
/* cache (may be NULL) is what jobs queued here compile through (compile_queue_cache). */
struct compile_queue *compile_queue_new(unsigned threads, struct pack_cache *cache);
struct pack_cache *compile_queue_cache(const struct compile_queue *q);
int compile_queue_run(struct compile_queue *q, struct compile_job *job, struct err *err);
void compile_queue_push(struct compile_queue *q, struct compile_job *job);
void compile_queue_drain(struct compile_queue *q);
int compile_queue_finish(struct compile_queue *q, struct err *err);
/*
 * The most time a regex runs in the interpreter before it is JIT-compiled (rules_jit.c); each
 * regex's own threshold is about what compiling it costs, judged from its compiled size
 * (jit_after_ns). That holds while each call has a subject of at most JIT_INTERPRET_SPAN_MAX
 * bytes from its start; a longer one compiles it at once.
 */
#define JIT_AFTER_INTERPRETED_NS UINT64_C(500000)
#define JIT_INTERPRET_SPAN_MAX   4096u
struct jit_table;
struct jit_table *jit_table_build(const struct scrub_rules *rs);
void jit_table_free(struct jit_table *t);
bool jit_ready(struct jit_table *t, const pcre2_code *code, bool now,
               atomic_uint_least64_t **charge);
/* The interpreted time after which jit_ready compiles code, one of t's regexes (0 when t is NULL
 * or code is not one of its regexes). */
uint64_t jit_after_ns(const struct jit_table *t, const pcre2_code *code);
/* The time code has spent in the interpreter so far (0 as for jit_after_ns). */
uint64_t jit_interpreted_ns(const struct jit_table *t, const pcre2_code *code);
/* True when the set holds no byte >= 0x80. */
bool byte_set_ascii(const struct byte_set *s);
/* True when the byte-presence set of a text satisfies pre. */
bool prefilter_pass(const struct prefilter *pre, const struct byte_set *present);
/* The set of the bytes marked non-zero in seen (indexed by byte). */
void byte_set_from_table(const unsigned char seen[256], struct byte_set *out);

/* rules_load.c: read a regular file (never a FIFO or device) into b, up to b->max bytes. */
int rules_read_file(const char *path, const char *what, struct buf *b, struct err *err);

/* rules_lexicon.c: load the rule's word list (path relative to dir) and digest its bytes. */
int rules_attach_lexicon(struct rule *r, const char *dir, const char *path, size_t line,
                         EVP_MD_CTX *digest, struct err *err);
/*
 * rules_lexicon.c: add the lines of an allow-list file (path relative to dir; blank lines and
 * lines starting with '#' skipped) to the rule's allow_list. The file is read and digested once
 * per load however many rules name it.
 */
int rules_attach_allow_file(struct scrub_rules *rs, struct rule *r, const char *dir,
                            const char *path, size_t line, struct err *err);
/*
 * rules_lexicon.c: add the lines of a word-list file (path relative to dir, named by rule `rule`
 * of pack file `file` at line; blank lines and '#' comments skipped) to words, and digest its
 * bytes: a context_not clause's `words_file`.
 */
int rules_read_words_file(struct scrub_rules *rs, const char *file, const char *rule,
                          const char *dir, const char *path, size_t line, struct string_list *words,
                          struct err *err);
/* Forget which allow-list file was read during a load (it may change before the next one); its
 * lines stay for the rules that use them. */
void rules_forget_allow_file(struct scrub_rules *rs);
/* Free every allow-list file's lines (when the rule set goes). */
void rules_free_allow_files(struct scrub_rules *rs);

/* rules_columns.c */
/*
 * The key a header cell s[0, n) is compared by: surrounding blanks, Markdown emphasis, quotes,
 * '#' and a trailing colon dropped, case folded, and ' ', '_', '-', '.' removed, so "First
 * Name", "first_name" and "**FIRSTNAME:**" agree. Into out (replacing its content; may be empty).
 */
int column_key(const unsigned char *s, size_t n, struct buf *out, struct err *err);
/*
 * Fold a column_key in place as OCR misreads a scanned label: a, c, e and 0 read as o; i, 1,
 * '!' and '|' as l; 5 and '$' as s; 8 as b; rn as m ("Potlent ID", "Blrthdate", "_DO8",
 * "5ocial", "Usernarne").
 * False when the key is not ASCII (no fold).
 */
bool column_ocr_fold(struct buf *key);
/* As column_lookup, in the OCR-folded words. */
size_t column_lookup_ocr(const struct column_index *ix, const unsigned char *key, size_t n);
/* (Re)build rs->columns from every rule's column words. */
int rules_build_columns(struct scrub_rules *rs, struct err *err);
/* The first label whose key is key[0, n), or ix->n when none is. */
size_t column_lookup(const struct column_index *ix, const unsigned char *key, size_t n);
void column_index_release(struct column_index *ix);

/* rules_free.c */
void rule_release(struct rule *r);
void warning_category_release(struct warning_category *w);
void string_list_release(struct string_list *l);
/* Sort an allow list by length, then bytes with ASCII case ignored, for candidate.c's lookup. */
void allow_list_sort(struct string_list *allow);
/* Append a copy of s[0, len): the only way a string_list grows (it keeps its own capacity). */
void string_list_push(struct string_list *l, const char *s, size_t len);

#endif
