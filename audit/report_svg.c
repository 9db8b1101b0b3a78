/*
 * Per-type leak recall as a horizontal bar chart with Wilson-interval whiskers: a standalone SVG
 * that a browser shows as is and the data card embeds. Types without gold spans have no recall
 * and get no bar.
 */
#include "audit/audit.h"

#include "audit/audit_internal.h"
#include "common/buf.h"
#include "common/err.h"

#include "common/banned.h"

#define WIDTH   720
#define LABEL_W 150 /* type names */
#define BAR_W   330 /* recall 0..1 */
#define ROW_H   24
#define TOP     56

/* Gold type names are [A-Za-z0-9_.-], but predicted ones come from rule packs: escape anyway. */
static int
xml_text(struct buf *b, const char *s, struct err *err)
{
    for (; *s; s++) {
        int rc;
        switch (*s) {
        case '<':
            rc = buf_append_str(b, "&lt;", err);
            break;
        case '>':
            rc = buf_append_str(b, "&gt;", err);
            break;
        case '&':
            rc = buf_append_str(b, "&amp;", err);
            break;
        case '"':
            rc = buf_append_str(b, "&quot;", err);
            break;
        default:
            rc = buf_putc(b, (unsigned char)*s, err);
        }
        if (rc < 0) {
            return -1;
        }
    }
    return 0;
}

static double
x_of(double v)
{
    return LABEL_W + v * BAR_W;
}

static int
axis(struct buf *b, double height, struct err *err)
{
    for (int i = 0; i <= 4; i++) {
        double x = x_of(i / 4.0);
        if (buf_printf(b, err,
                       "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n"
                       "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">%.2f"
                       "</text>\n",
                       x, TOP - 6, x, height - 24, x, TOP - 10, i / 4.0) < 0) {
            return -1;
        }
    }
    return 0;
}

static int
bar(struct buf *b, double y, const char *name, bool bold, const struct audit_metrics *m,
    struct err *err)
{
    double lo = x_of(m->recall_ci[0]), hi = x_of(m->recall_ci[1]), mid = y + ROW_H / 2.0;
    const char *weight = bold ? " font-weight=\"bold\"" : "";

    if (buf_printf(b, err, "<g><title>") < 0 || xml_text(b, name, err) < 0 ||
        buf_printf(b, err,
                   ": leak recall %.3f, 95%% CI [%.3f, %.3f], %llu of %llu caught</title>\n",
                   m->recall, m->recall_ci[0], m->recall_ci[1], (unsigned long long)m->c.tp,
                   (unsigned long long)m->c.n) < 0 ||
        buf_printf(b, err, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\"%s>", LABEL_W - 8, mid + 4,
                   weight) < 0 ||
        xml_text(b, name, err) < 0) {
        return -1;
    }
    return buf_printf(b, err,
                      "</text>\n"
                      "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n"
                      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\"/>\n"
                      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\"/>\n"
                      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\"/>\n"
                      "<text x=\"%d\" y=\"%.1f\"%s>%.3f [%.3f, %.3f] n=%llu</text></g>\n",
                      LABEL_W, y + 4, m->recall * BAR_W, ROW_H - 8, bold ? "#3b6ea5" : "#7aa6d6",
                      lo, mid, hi, mid, lo, mid - 5, lo, mid + 5, hi, mid - 5, hi, mid + 5,
                      LABEL_W + BAR_W + 12, mid + 4, weight, m->recall, m->recall_ci[0],
                      m->recall_ci[1], (unsigned long long)m->c.n);
}

int
audit_report_write_svg(const struct audit_report *r, const char *path, struct err *err)
{
    size_t rows = 1;
    struct buf b;
    int rc = -1;

    for (size_t i = 0; i < r->n_types; i++) {
        rows += r->types[i].rule[AUDIT_RULE_LEAK].c.n > 0;
    }
    double height = TOP + (double)rows * ROW_H + 40;
    buf_init(&b, BUF_NO_MAX);
    if (buf_printf(&b, err,
                   "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%.0f\" "
                   "viewBox=\"0 0 %d %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n"
                   "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n"
                   "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Leak recall by "
                   "entity type (%llu records, Wilson 95%% intervals)</text>\n",
                   WIDTH, height, WIDTH, height, 8, (unsigned long long)r->records) < 0 ||
        axis(&b, height, err) < 0) {
        goto out;
    }
    double y = TOP;
    if (r->overall[AUDIT_RULE_LEAK].c.n > 0) {
        if (bar(&b, y, "all", true, &r->overall[AUDIT_RULE_LEAK], err) < 0) {
            goto out;
        }
    } else if (buf_printf(&b, err, "<text x=\"%d\" y=\"%d\">no gold spans</text>\n", LABEL_W,
                          TOP + 16) < 0) {
        goto out;
    }
    for (size_t i = 0; i < r->n_types; i++) {
        const struct audit_metrics *m = &r->types[i].rule[AUDIT_RULE_LEAK];
        if (m->c.n > 0) {
            y += ROW_H;
            if (bar(&b, y, r->types[i].type, false, m, err) < 0) {
                goto out;
            }
        }
    }
    if (buf_printf(&b, err,
                   "<text x=\"8\" y=\"%.0f\" fill=\"#555\">A value is caught only when none of "
                   "its letters or digits survive the scrub.</text>\n</svg>\n",
                   height - 8) < 0 ||
        audit_write_file(path, b.data, b.len, err) < 0) {
        goto out;
    }
    rc = 0;
out:
    buf_release(&b);
    return rc;
}
