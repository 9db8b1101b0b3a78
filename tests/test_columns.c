/*
 * Table columns (scrub/detect_columns.c, rules_columns.c, label_cells.c): a header cell that a
 * rule's column_headers names makes the cells under it that rule's candidates; with
 * column_fields, the same words label "key: value" fields (detect_fields.c); a question names
 * its answer's value (detect_answer.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "scrub/scrub.h"
#include "tests/test_scrub_helpers.h"

#include "common/banned.h"

#define COLUMN_PACK                                                                                \
    "recognizers:\n"                                                                               \
    "  - name: user_column\n"                                                                      \
    "    supported_entity: USERNAME\n"                                                             \
    "    column_headers: [username, Benutzername, 用户名]\n"                                    \
    "    column_headers_weak: [handle]\n"                                                          \
    "    column_cell: '[A-Za-z0-9_.]{2,20}'\n"                                                     \
    "    score: 0.9\n"                                                                             \
    "  - name: person_column\n"                                                                    \
    "    supported_entity: PERSON\n"                                                               \
    "    column_headers: [full name, Имя пользователя]\n"                           \
    "    column_headers_weak: [name, patient]\n"                                                   \
    "    column_companions: [age]\n"                                                               \
    "    column_fields: true\n"                                                                    \
    "    column_cell: '\\p{Lu}\\p{Ll}+(?: \\p{Lu}\\p{Ll}+)*'\n"                                    \
    "    score: 0.9\n"                                                                             \
    "  - name: birth_column\n"                                                                     \
    "    supported_entity: DATE_OF_BIRTH\n"                                                        \
    "    column_headers: [date of birth, dob]\n"                                                   \
    "    column_fields: true\n"                                                                    \
    "    score: 0.9\n"                                                                             \
    "  - name: site_column\n"                                                                      \
    "    supported_entity: URL\n"                                                                  \
    "    column_headers_weak: [website]\n"                                                         \
    "    column_vetoes: [company]\n"                                                               \
    "    column_fields: true\n"                                                                    \
    "    column_cell: '[a-z0-9.]+\\.[a-z]{2,}'\n"                                                  \
    "    score: 0.9\n"                                                                             \
    "  - name: card_column\n"                                                                      \
    "    supported_entity: CREDIT_CARD\n"                                                          \
    "    column_headers: [card]\n"                                                                 \
    "    validator: luhn\n"                                                                        \
    "    score: 0.9\n"

struct fixture {
    struct scrub_rules *rs;
    struct scrub_engine *e;
};

static int
setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof(*fx));
    struct err err = {ERR_NONE, ""};

    assert_non_null(fx);
    fx->rs = load_yaml(COLUMN_PACK);
    fx->e = scrub_engine_new(fx->rs, NULL, &err);
    assert_non_null(fx->e);
    *state = fx;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *fx = *state;

    scrub_engine_free(fx->e);
    scrub_rules_free(fx->rs);
    free(fx);
    return 0;
}

static void
expect(void **state, const char *text, const char *want)
{
    struct fixture *fx = *state;
    char got[512];

    detect_str(fx->e, text, got, sizeof(got));
    assert_string_equal(got, want);
}

static void
header_names_the_cells_under_it_in_csv_tsv_semicolon_and_markdown(void **state)
{
    expect(state, "id,username\n1,ann_77\n2,bo.b", "USERNAME:14-20 USERNAME:23-27");
    expect(state, "username\tid\nann_77\t1", "USERNAME:12-18");
    expect(state, "id;Benutzername\n1;kaiser_w", "USERNAME:18-26");
    expect(state, "| id | username |\n|---|:---:|\n| 1 | ann_77 |", "USERNAME:36-42");
    /* a caseless script's header, and a Cyrillic one in another case */
    expect(state, "用户名,id\nwang_l,3", "USERNAME:13-19");
    expect(state, "ИМЯ ПОЛЬЗОВАТЕЛЯ,id\nИван Петров,3", "PERSON:35-56");
}

/* A table pasted right after a dialogue turn's speaker: the label is not the first column. */
static void
header_on_a_speakers_line_starts_after_the_speaker(void **state)
{
    expect(state, "Human: | id | username |\n|---|---|\n| 1 | ann_77 |", "USERNAME:41-47");
    expect(state, "User: id,username\n1,ann_77\n2,bo.b", "USERNAME:20-26 USERNAME:29-33");
    expect(state, "Assistant:\tid\tusername\n1\tann_77", "USERNAME:25-31");
    /* another label is a cell of its own, as before: three header cells over two */
    expect(state, "Note: | id | username |\n|---|---|\n| 1 | ann_77 |", "");
}

static void
header_words_match_without_case_blanks_underscores_colons_or_a_bracketed_note(void **state)
{
    expect(state, "Full_Name,id\nAda Byron,1", "PERSON:13-22");
    expect(state, "**FULL NAME:**,id\nAda Byron,1", "PERSON:18-27");
    expect(state, "DOB (dd/mm/yyyy),id\n02/04/1979,1", "DATE_OF_BIRTH:20-30");
    expect(state, "fullname,id\nAda Byron,1", "PERSON:12-21");
}

static void
header_in_disguise_names_its_column_as_the_view_reads_it(void **state)
{
    /* a Cyrillic e, full-width letters, a zero-width space inside the header word */
    expect(state,
           "id,us\xd0\xb5"
           "rname\n1,ann_77",
           "USERNAME:15-21");
    expect(state,
           "\xef\xbd\x95\xef\xbd\x93\xef\xbd\x85\xef\xbd\x92"
           "name,id\nann_77,1",
           "USERNAME:20-26");
    expect(state,
           "id\tuser\xe2\x80\x8b"
           "name\n1\tann_77",
           "USERNAME:17-23");
}

static void
summary_row_labels_are_not_values(void **state)
{
    expect(state, "full name,amount\nAda Byron,20\nTotal,20", "PERSON:17-26");
    expect(state, "full name;amount\nAda Byron;20\nSumme:;20", "PERSON:17-26");
}

static void
weak_header_counts_only_beside_a_strong_or_companion_column(void **state)
{
    /* "name" alone: a product table */
    expect(state, "name,price\nBlue Chair,20", "");
    /* beside a companion word or a column another rule names strongly */
    expect(state, "name,age\nBlue Chair,20", "PERSON:9-19");
    expect(state, "name,username\nAda Byron,ada_b", "PERSON:14-23 USERNAME:24-29");
}

/* A firm's table or record: its vetoes keep a rule's weak words from naming anything. */
static void
weak_header_names_nothing_beside_one_of_its_rules_vetoes(void **state)
{
    expect(state, "full name,website\nAda Byron,ada.io", "PERSON:18-27 URL:28-34");
    expect(state, "company,full name,website\nAcme,Ada Byron,acme.io", "PERSON:31-40");
    expect(state, "Full name: Ada Byron\nWebsite: ada.io", "PERSON:11-20 URL:30-36");
    expect(state, "Company: Acme\nFull name: Ada Byron\nWebsite: acme.io", "PERSON:25-34");
    expect(state, "INSERT INTO t (company, dob, website) VALUES ('Acme', '1979-04-02', 'acme.io');",
           "DATE_OF_BIRTH:55-65");
    /* a veto silences weak words only: "Company" beside a strong word changes nothing */
    expect(state, "company,username\nAcme,ann_77", "USERNAME:22-28");
}

/*
 * A pattern whose blanks take a tab or a '|' would run from one cell into the next: in a table
 * it stops being one value, and each cell is judged under its own column.
 */
static void
pattern_finding_does_not_run_over_a_tab_or_pipe_between_cells(void **state)
{
    struct scrub_rules *rs =
        load_yaml("recognizers:\n"
                  "  - name: national_column\n"
                  "    supported_entity: NATIONAL_ID\n"
                  "    column_headers: [national id]\n"
                  "    column_cell: '[0-9 ]{6,20}'\n"
                  "  - name: account_digits\n"
                  "    supported_entity: BANK_ACCOUNT\n"
                  "    column_headers: [account]\n"
                  "    patterns:\n"
                  "      - {name: groups, regex: '[0-9]{3}(?:\\s[0-9-]{3,16}){1,4}', "
                  "score: 0.6}\n");

    (void)state;
    assert_detect(rs, "national id\taccount\n691 779 714\t480-861948-927",
                  "NATIONAL_ID:20-31 BANK_ACCOUNT:32-46");
    assert_detect(rs, "| national id | account |\n| 691 779 714 | 480-861948-927 |",
                  "NATIONAL_ID:28-39 BANK_ACCOUNT:42-56");
    /* outside a table the same bytes are one pattern finding, as before */
    assert_detect(rs, "see 691 779 714\t480-861948-927", "BANK_ACCOUNT:4-30");
    /* a comma may be inside an unquoted value: a CSV row keeps its findings whole */
    assert_detect(rs, "national id,account\n691 779 714,480 861948",
                  "NATIONAL_ID:20-31 BANK_ACCOUNT:32-42");
    scrub_rules_free(rs);
}

static void
column_vetoes_without_weak_words_are_a_load_error(void **state)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};

    (void)state;
    assert_int_equal(load_yaml_into("recognizers:\n"
                                    "  - name: vetoing\n"
                                    "    supported_entity: X\n"
                                    "    column_headers: [x]\n"
                                    "    column_vetoes: [y]\n",
                                    &rs, &err),
                     -1);
    assert_non_null(strstr(err.msg, "rule 'vetoing': key 'column_vetoes': needs"));
    assert_null(rs);
}

static void
two_column_table_with_labels_in_its_first_column_is_read_row_by_row(void **state)
{
    expect(state, "| Field | Value |\n| username | ann_77 |\n| full name | Ada Byron |",
           "USERNAME:31-37 PERSON:54-63");
    /* one labelled first cell among three is a header row, not a form */
    expect(state, "username,note\nann_77,x\nbob_9,y", "USERNAME:14-20 USERNAME:23-28");
}

static void
cell_shape_empty_markers_and_validator_keep_non_values_out(void **state)
{
    expect(state, "username,id\nn/a,1\n---,2\nhas space,3\nok_1,4", "USERNAME:36-40");
    expect(state, "card,id\n4111 1111 1111 1111,1\n4111 1111 1111 1112,2", "CREDIT_CARD:8-27");
}

/*
 * A value before its label, one to a line (detect_trailing.c): '=', 'is', a dash or an arrow
 * between them, a possessive or article before the label.
 */
static void
value_before_its_label_on_its_line_is_named_by_the_label(void **state)
{
    expect(state, "ann_77 = my username", "USERNAME:0-6");
    expect(state, "- 02/04/1979 is her date of birth.", "DATE_OF_BIRTH:2-12");
    expect(state, "Human: ann_77 <- username", "USERNAME:7-13");
    /* the cell's shape still decides, and a weak word names nothing here */
    expect(state, "has space = my username", "");
    expect(state, "Ada Byron = name", "");
    /* a label that does not end its line is prose, not a label */
    expect(state, "ann_77 is my username on the forum", "");
    expect(state, "I think ann_77 is my username", "");
    /* a word that points at a value, a question, a qualified word: no value given */
    expect(state, "Here is the dob.", "");
    expect(state, "02/04/1979 is your dob?", "");
    expect(state, "ann_77 is the most common username", "");
}

/*
 * A scanned form (detect_scanned.c, label_cells.c): a label whose letters OCR misread names
 * its value, and a misread separator (';', '.', two blanks) or a scan's tail ('~') is no part
 * of it; a short everyday word does not fold onto a label.
 */
static void
scanned_form_lines_with_misread_labels_and_separators_name_their_values(void **state)
{
    expect(state, "Date 0f Blrth: 02/04/1979", "DATE_OF_BIRTH:15-25");
    expect(state, "D08: 02/04/1979 ~", "DATE_OF_BIRTH:5-15");
    expect(state, "_DOB; 02/04/1979 .", "DATE_OF_BIRTH:6-16");
    expect(state, "| dob.  02/04/1979 |", "DATE_OF_BIRTH:8-18");
    expect(state, "Usernarne  ann_77", "USERNAME:11-17");
    /* prose after a label word and a full stop, a short word, a ':' field of another shape */
    expect(state, "Username. I forgot it again", "");
    expect(state, "Dab: 02/04/1979", "");
}

static void
quoted_csv_cells_keep_their_separators(void **state)
{
    expect(state, "note,username\n\"a, b, c\",ann_77", "USERNAME:24-30");
}

static void
prose_with_commas_is_not_a_table(void **state)
{
    expect(state, "Well, username is what I asked, right?\nYes, it is, I think.", "");
    /* rows must split like the header: a different count ends the table */
    expect(state, "username,id\nann_77,1\nthen, later, bob_9, 2", "USERNAME:12-18");
}

static void
a_table_longer_than_the_row_buffer_is_read_to_its_end(void **state)
{
    struct fixture *fx = *state;
    char text[4096];
    size_t used = 0;
    struct scrub_findings f;
    struct err err = {ERR_NONE, ""};

    used += (size_t)snprintf(text, sizeof(text), "username,id\n");
    for (int i = 0; i < 150; i++) {
        used += (size_t)snprintf(text + used, sizeof(text) - used, "user_%03d,%d\n", i, i);
    }
    assert_true(used < sizeof(text));
    scrub_findings_init(&f);
    assert_int_equal(scrub_engine_detect(fx->e, (const unsigned char *)text, used, &f, &err), 0);
    assert_int_equal(f.n, 150);
    assert_memory_equal(text + f.v[149].start, "user_149", 8);
    scrub_findings_release(&f);
}

static void
fields_labelled_by_a_column_word_are_read_in_forms_queries_json_and_config(void **state)
{
    expect(state, "Date of birth: 02/04/1979", "DATE_OF_BIRTH:15-25");
    expect(state, "GET /a?x=1&dob=1979-04-02&y=2", "DATE_OF_BIRTH:15-25");
    expect(state, "{\"dob\": \"1979-04-02\", \"n\": 1}", "DATE_OF_BIRTH:9-19");
    expect(state, "  dob = 1979-04-02", "DATE_OF_BIRTH:8-18");
    expect(state, "- **DOB**：1979-04-02", "DATE_OF_BIRTH:12-22");
    /* a value ends where the next field on its line begins */
    expect(state, "Full name: Ada Byron, DOB: 02/04/1979", "PERSON:11-20 DATE_OF_BIRTH:27-37");
    /* a bracketed key, its value running to the next one */
    expect(state, "[DOB] 02/04/1979  [Full name] Ada Byron  [x] y",
           "DATE_OF_BIRTH:6-16 PERSON:30-39");
    expect(state, "Human: [dob]: 02/04/1979", "DATE_OF_BIRTH:14-24");
    /* a log line's pair with a quoted value, and the pairs after another pair's value */
    expect(state, "12:00Z INFO user.update dob=\"1979-04-02\"", "DATE_OF_BIRTH:29-39");
    expect(state, "full_name=Ada dob=1979-04-02", "PERSON:10-13 DATE_OF_BIRTH:18-28");
    /* a printed form's dot leaders; an ellipsis (three dots) is none */
    expect(state, "Date of birth ........ 02/04/1979", "DATE_OF_BIRTH:23-33");
    expect(state, "DOB....02/04/1979", "DATE_OF_BIRTH:7-17");
    expect(state, "my dob... 02/04/1979", "");
    /* JSON inside a JSON string: its quotes are escaped */
    expect(state, "{\"payload\":\"{\\\"dob\\\":\\\"1979-04-02\\\",\\\"n\\\":1}\"}",
           "DATE_OF_BIRTH:23-33");
    expect(state, "x: {\\\"dob\\\": \\\"1979-04-02\\\"}", "DATE_OF_BIRTH:15-25");
}

static void
fields_need_column_fields_a_whole_value_and_support_for_weak_words(void **state)
{
    /* user_column has no column_fields */
    expect(state, "username: ann_77", "");
    /* the whole value must have the cell's shape */
    expect(state, "Full name: Ada Byron is who I mean", "");
    /* "name" alone, then beside a companion field */
    expect(state, "Name: Ada Byron", "");
    expect(state, "Name: Ada Byron\nAge: 36", "PERSON:6-15");
    /* a dialogue speaker is no key, even beside support */
    expect(state, "Patient: Hello There\nAge: 36", "");
    /* words before the key in a sentence make another key */
    expect(state, "I asked for the dob: 1979-04-02", "");
    /* a Markdown link or an index is no bracketed key, nor is a word set in a sentence */
    expect(state, "[dob](https://x.org) 1979-04-02", "");
    expect(state, "a[dob] 1979-04-02", "");
    expect(state, "please set dob=1979-04-02 now", "");
}

static void
column_cell_without_a_header_list_is_a_load_error(void **state)
{
    struct scrub_rules *rs = NULL;
    struct err err = {ERR_NONE, ""};

    (void)state;
    assert_int_equal(load_yaml_into("recognizers:\n"
                                    "  - name: lonely\n"
                                    "    supported_entity: X\n"
                                    "    patterns: [{name: p, regex: 'x', score: 0.5}]\n"
                                    "    column_cell: 'x'\n",
                                    &rs, &err),
                     -1);
    assert_non_null(strstr(err.msg, "rule 'lonely': key 'column_cell': needs 'column_headers'"));
    assert_null(rs);
}

/* An SQL INSERT names its columns once: each row's values are read under them. */
static void
insert_values_are_read_under_their_columns(void **state)
{
    expect(state, "INSERT INTO users (id, username) VALUES (1, 'ann_77'), (2, 'bo.b');",
           "USERNAME:45-51 USERNAME:60-64");
    /* quoted names, any case, rows over lines, '' inside a value, NULL left */
    expect(state,
           "insert into `t` (`note`, `Benutzername`, \"dob\") values\n('it''s me', 'kaiser_w', "
           "'1979-04-02'),\n(NULL, NULL, NULL);",
           "USERNAME:69-77 DATE_OF_BIRTH:81-91");
    /* no column list, or a row of another length: nothing is guessed */
    expect(state, "INSERT INTO users VALUES (1, 'ann_77');", "");
    /* a keyword inside a longer name is none */
    expect(state, "bulk_insert into users (id, username) values (1, 'ann_77');", "");
    expect(state, "INSERT INTO users (id, username) VALUES (1);", "");
    /* no header word in the list */
    expect(state, "INSERT INTO items (id, title) VALUES (1, 'ann_77');", "");
}

/*
 * A bare number with thousands commas ("3,602,881") reads as one value when the row would
 * otherwise have more values than columns; small numbers that fit the column list stay apart.
 */
static void
insert_row_with_a_grouped_number_keeps_its_columns(void **state)
{
    expect(state,
           "INSERT INTO users (id, username, dob) VALUES (3,602,881, 'ann_77', '1979-04-02');",
           "USERNAME:58-64 DATE_OF_BIRTH:68-78");
    /* two groups in one row, one of them after the values it would shift */
    expect(state, "INSERT INTO t (id, username, n) VALUES (1,234, 'ann_77', 12,345,678);",
           "USERNAME:48-54");
    /* a row that fits its columns is read as written: "1" and "234" stay two values */
    expect(state, "INSERT INTO t (id, n, username) VALUES (1,234,'ann_77');", "USERNAME:47-53");
    /* a group of two or four digits is no thousands group: the row stays too long */
    expect(state, "INSERT INTO t (id, username) VALUES (3,60, 'ann_77');", "");
    expect(state, "INSERT INTO t (id, username) VALUES (3,6021, 'ann_77');", "");
}

/*
 * An HTML table's first <tr> names its columns: the <td> cells under them are read, to the first
 * tag inside a cell, blanks trimmed; a row of another cell count ends the table.
 */
static void
html_table_cells_are_read_under_their_columns(void **state)
{
    expect(
        state,
        "<table>\n  <tr><th>Name</th><th>DOB</th></tr>\n  <tr><td>x</td><td>1979-04-02</td></tr>\n "
        " <TR><TD class=\"c\">y</TD><TD> 1980-05-03 </TD></TR>\n</table>",
        "DATE_OF_BIRTH:65-75 DATE_OF_BIRTH:117-127");
    /* tags opening a cell are skipped, the next one ends its value */
    expect(state,
           "<tr><th>Username</th><th>Card</th></tr><tr><td><b>ann_77</b></td><td>n/a</td></tr>",
           "USERNAME:50-56");
    /* no header word, or a row of another length: nothing taken */
    expect(state, "<tr><th>id</th><th>title</th></tr><tr><td>1</td><td>ann_77</td></tr>", "");
    expect(state, "<tr><th>id</th><th>username</th></tr><tr><td>ann_77</td></tr>", "");
}

/* A header cell or a field's key that names a column is a label: no value lies inside it. */
static void
header_cells_and_keys_hold_no_values(void **state)
{
    struct err err = {ERR_NONE, ""};
    struct scrub_rules *rs = load_yaml("recognizers:\n"
                                       "  - name: user_column\n"
                                       "    supported_entity: USERNAME\n"
                                       "    column_headers: [user id]\n"
                                       "    column_fields: true\n"
                                       "    column_cell: '[a-z0-9_]{2,20}'\n"
                                       "  - name: two_capitals\n"
                                       "    supported_entity: PERSON\n"
                                       "    patterns: [{name: p, regex: '[A-Z][a-z]+ [A-Z][a-z]+', "
                                       "score: 0.9}]\n");
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    char got[256];

    (void)state;
    assert_non_null(e);
    detect_str(e, "| User Id | Note |\n|---|---|\n| ann_77 | x |", got, sizeof(got));
    assert_string_equal(got, "USERNAME:31-37");
    detect_str(e, "User Id: ann_77", got, sizeof(got));
    assert_string_equal(got, "USERNAME:9-15");
    /* a key's qualifying words stay text: a name there is still found */
    detect_str(e, "Ada Byron User Id: ann_77", got, sizeof(got));
    assert_string_equal(got, "PERSON:0-9 USERNAME:19-25");
    scrub_engine_free(e);
    scrub_rules_free(rs);
}

/* An XML element's name is the key of its text: "<dob>1979-04-02</dob>". */
static void
xml_element_text_is_read_under_its_name(void **state)
{
    expect(state, "<person>\n  <DOB>1979-04-02</DOB>\n</person>", "DATE_OF_BIRTH:16-26");
    expect(state, "<r id=\"7\"><date_of_birth when=\"x\">02/04/1979</date_of_birth></r>",
           "DATE_OF_BIRTH:34-44");
    /* not closed, closed by another element, or over a line break: no value */
    expect(state, "<dob>1979-04-02", "");
    expect(state, "<dob>1979-04-02</date>", "");
    expect(state, "<dob>1979-04-02\n</dob>", "");
}

/* "Patient DOB", "Illinois full name": one or two qualifying words before a rule's words. */
static void
header_with_a_qualifier_names_what_its_rest_names_strongly(void **state)
{
    expect(state, "Patient dob,id\n1979-04-02,1", "DATE_OF_BIRTH:15-25");
    expect(state, "Home State full name,id\nAda Byron,1", "PERSON:24-33");
    expect(state, "Illinois dob: 1979-04-02", "DATE_OF_BIRTH:14-24");
    expect(state, "id,home_state_dob\n1,1979-04-02", "DATE_OF_BIRTH:20-30");
    /* a weak word after a qualifier, a function word before the words: nothing */
    expect(state, "Product name,age\nBlue Chair,3", "");
    expect(state, "the dob: 1979-04-02", "");
}

/* A question ending a turn names the value its answer gives, as a form's label does. */
static void
answer_to_a_question_is_read_under_the_words_it_asks(void **state)
{
    expect(state, "Assistant: What is your date of birth?\n\nHuman: 1979-04-02\n\nAssistant: ok",
           "DATE_OF_BIRTH:47-57");
    /* a speaker, the words that open a reply, a remark after the value */
    expect(state, "What's your username? It's for the form.\nHuman: sure, it's ann_77 thanks",
           "USERNAME:59-65");
    expect(state, "Can I have your card?\n\nUser: 4111 1111 1111 1111 from my wallet",
           "CREDIT_CARD:29-48");
    expect(state, "¿Cuál es tu Benutzername?\nbo_99", "USERNAME:28-33");
    /* a weak word counts after a determiner only */
    expect(state, "What's your handle?\nann_77", "USERNAME:20-26");
    expect(state, "What's your zip handle?\nann_77", "");
    /* a question that asks for no one's own value, an answer without a digit up front */
    expect(state, "When was the dob of Lincoln?\n1809-02-12", "");
    expect(state, "What is your dob?\nask my mother, 1979-04-02", "");
    expect(state, "What is your dob?\nI believe he was born 1979-04-02", "");
    /* the value must have the column's shape, and only a line's last question counts */
    expect(state, "What is your card?\n1234 5678", "");
    expect(state, "What is your dob? Or not?\n1979-04-02", "");
}

/* A request that ends a line names its answer too: a verb that asks, then a determiner. */
static void
answer_to_a_request_is_read_under_the_words_it_asks(void **state)
{
    expect(state, "Assistant: Please provide your dob.\n\nHuman: 1979-04-02",
           "DATE_OF_BIRTH:44-54");
    expect(state, "Agent: I would need the username to continue.\nUser: sure: ann_77",
           "USERNAME:58-64");
    /* no verb that asks, no determiner before the words, a list's first item */
    expect(state, "Assistant: Here is the dob.\n\nHuman: 1979-04-02", "");
    expect(state, "I need a username checker.\n\nann_77", "");
    expect(state, "Please provide the dob:\n1) 1979-04-02 is wrong", "");
}

/*
 * A key in brackets after its value labels it ("7ABC123 (licence plate)"); OCR's digits in a
 * label and its O in a value are read as what they stand for; a key ending its line labels the
 * next line; after '=' a value
 * printed in groups is read whole ("plate=AB12 CDE;"); a reply opens with the words of other
 * languages ("Bien sûr, c'est", "Certo, è", "Klar, sie lautet") and a question's column word
 * may carry an elided article ("l'immatriculation"); a label may have its number word before or
 * after it ("no_immatriculation", "plate nº") and the vehicle it is of after it.
 */
static void
plate_fields_in_brackets_groups_replies_and_number_words_of_other_languages(void **state)
{
    struct err err = {ERR_NONE, ""};
    struct scrub_rules *rs =
        load_yaml("recognizers:\n"
                  "  - name: plate_column\n"
                  "    supported_entity: LICENSE_PLATE\n"
                  "    column_headers: [licence plate, plate, immatriculation]\n"
                  "    column_fields: true\n"
                  "    column_cell: '[A-Z0-9]{1,8}(?:[ -][A-Z0-9]{1,4}){0,3}'\n"
                  "  - name: account_column\n"
                  "    supported_entity: BANK_ACCOUNT\n"
                  "    column_headers: [account]\n"
                  "    column_fields: true\n"
                  "    column_cell: '[0-9]{6,12}'\n");
    struct scrub_engine *e = scrub_engine_new(rs, NULL, &err);
    char got[256];
    static const char *const cases[][2] = {
        {"Ann Lee\n7ABC123 (licence plate)", "LICENSE_PLATE:8-15"},
        {"- 7ABC123 (immatriculation).\nnext", "LICENSE_PLATE:2-9"},
        /* prose goes on after the brackets, or the line before them is more than the value */
        {"7ABC123 (licence plate) was seen", ""},
        {"I saw 7ABC123 (licence plate)", ""},
        {"plate=AB12 CDE; colour=red", "LICENSE_PLATE:6-14"},
        {"licence_plate=S-CF 185&x=1", "LICENSE_PLATE:14-22"},
        /* words in lower case are no more groups of the value */
        {"plate=AB12 cde", "LICENSE_PLATE:6-10"},
        {"Quelle est l'immatriculation de votre voiture ?\n\nBien s\xc3\xbbr, c'est AB-123-CD.",
         "LICENSE_PLATE:66-75"},
        {"Qual \xc3\xa8 la licence plate della tua auto?\nCerto, \xc3\xa8 AB 123 CD",
         "LICENSE_PLATE:51-60"},
        {"Wie lautet das licence plate Ihres Autos?\nKlar, sie lautet HH-CV 5049.",
         "LICENSE_PLATE:59-69"},
        /* a number word before or after the label, the vehicle it is of after it */
        {"id;plate n\xc2\xba\n1;AB12 CDE", "LICENSE_PLATE:15-23"},
        {"no_immatriculation: AB-123-CD", "LICENSE_PLATE:20-29"},
        {"Licence plate of the car: 7ABC123", "LICENSE_PLATE:26-33"},
        {"\"id\",\"Plate nr.\"\n\"1\",\"7ABC123\"", "LICENSE_PLATE:22-29"},
        /* another word after it is no number word: the label names something else */
        {"plate type: 7ABC123", ""},
        /* OCR's 0 for o and 1 for l in a label, its O for 0 in a value beside digits */
        {"P1ate: 7ABC123", "LICENSE_PLATE:7-14"},
        {"acc0unt: 96527920", "BANK_ACCOUNT:9-17"},
        {"account: 9652792O", "BANK_ACCOUNT:9-17"},
        {"account: 96S27920", ""},
        /* a key ending its line labels the next line, unless that is a field or blank */
        {"Owner: Ann\nplate:\nRR-660-K\nColour: blue", "LICENSE_PLATE:18-26"},
        {"plate:\nColour: 7ABC123", ""},
        {"plate:\n\nAB12 CDE", ""},
    };

    (void)state;
    assert_non_null(e);
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        detect_str(e, cases[i][0], got, sizeof(got));
        assert_string_equal(got, cases[i][1]);
    }
    scrub_engine_free(e);
    scrub_rules_free(rs);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            plate_fields_in_brackets_groups_replies_and_number_words_of_other_languages),
        cmocka_unit_test_setup_teardown(xml_element_text_is_read_under_its_name, setup, teardown),
        cmocka_unit_test(header_cells_and_keys_hold_no_values),
        cmocka_unit_test_setup_teardown(header_with_a_qualifier_names_what_its_rest_names_strongly,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(answer_to_a_request_is_read_under_the_words_it_asks, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(answer_to_a_question_is_read_under_the_words_it_asks, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(insert_values_are_read_under_their_columns, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            header_names_the_cells_under_it_in_csv_tsv_semicolon_and_markdown, setup, teardown),
        cmocka_unit_test_setup_teardown(header_on_a_speakers_line_starts_after_the_speaker, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            header_words_match_without_case_blanks_underscores_colons_or_a_bracketed_note, setup,
            teardown),
        cmocka_unit_test_setup_teardown(header_in_disguise_names_its_column_as_the_view_reads_it,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(summary_row_labels_are_not_values, setup, teardown),
        cmocka_unit_test_setup_teardown(weak_header_names_nothing_beside_one_of_its_rules_vetoes,
                                        setup, teardown),
        cmocka_unit_test(column_vetoes_without_weak_words_are_a_load_error),
        cmocka_unit_test(pattern_finding_does_not_run_over_a_tab_or_pipe_between_cells),
        cmocka_unit_test_setup_teardown(weak_header_counts_only_beside_a_strong_or_companion_column,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            two_column_table_with_labels_in_its_first_column_is_read_row_by_row, setup, teardown),
        cmocka_unit_test_setup_teardown(cell_shape_empty_markers_and_validator_keep_non_values_out,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(quoted_csv_cells_keep_their_separators, setup, teardown),
        cmocka_unit_test_setup_teardown(value_before_its_label_on_its_line_is_named_by_the_label,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            scanned_form_lines_with_misread_labels_and_separators_name_their_values, setup,
            teardown),
        cmocka_unit_test_setup_teardown(prose_with_commas_is_not_a_table, setup, teardown),
        cmocka_unit_test_setup_teardown(insert_row_with_a_grouped_number_keeps_its_columns, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(html_table_cells_are_read_under_their_columns, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_table_longer_than_the_row_buffer_is_read_to_its_end,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            fields_labelled_by_a_column_word_are_read_in_forms_queries_json_and_config, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            fields_need_column_fields_a_whole_value_and_support_for_weak_words, setup, teardown),
        cmocka_unit_test(column_cell_without_a_header_list_is_a_load_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
