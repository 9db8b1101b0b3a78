/*
 * Compiling patterns on helper threads while the packs are still being read. Compiling a pattern
 * (PCRE2 twice, the factored form, the literal analysis of its gate) is most of the time a load
 * takes, and with -jN the other N - 1 cores would otherwise wait for it. A job writes only into
 * its own rule pattern or content-warning category, whose address stays put until the load ends
 * (pack_rule and pack_warning drain the queue before they free one they do not keep). Errors stay
 * with their job; compile_queue_finish reports the first one in the order the jobs were queued,
 * which is the error a load on one thread stops at.
 */
#include "scrub/rules_internal.h"

#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/xalloc.h"

#include "common/banned.h"

#define QUEUE_HELPERS_MAX 15

struct compile_queue {
    pthread_mutex_t mu;
    pthread_cond_t more; /* a job was queued, or stop */
    pthread_cond_t idle; /* a job finished */
    struct compile_job **jobs;
    size_t n, cap, next, done;
    bool stop;
    pthread_t helpers[QUEUE_HELPERS_MAX];
    size_t n_helpers;
    struct pack_cache *cache;
};

/* Run queued jobs until none is left to take (helpers: until stopped). */
static void
run_jobs(struct compile_queue *q, bool wait_for_more)
{
    pthread_mutex_lock(&q->mu);
    for (;;) {
        while (wait_for_more && !q->stop && q->next == q->n) {
            pthread_cond_wait(&q->more, &q->mu);
        }
        if (q->next == q->n) {
            break;
        }
        struct compile_job *job = q->jobs[q->next++];
        pthread_mutex_unlock(&q->mu);
        job->rc = job->run(job, &job->err);
        pthread_mutex_lock(&q->mu);
        q->done++;
        pthread_cond_broadcast(&q->idle);
    }
    pthread_mutex_unlock(&q->mu);
}

static void *
helper_main(void *arg)
{
    run_jobs(arg, true);
    return NULL;
}

struct compile_queue *
compile_queue_new(unsigned threads, struct pack_cache *cache)
{
    struct compile_queue *q = xcalloc(1, sizeof(*q));

    q->cache = cache;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->more, NULL);
    pthread_cond_init(&q->idle, NULL);
    for (unsigned t = 1; t < threads && q->n_helpers < QUEUE_HELPERS_MAX; t++) {
        if (pthread_create(&q->helpers[q->n_helpers], NULL, helper_main, q) != 0) {
            break; /* the loading thread runs what the missing helpers would have */
        }
        q->n_helpers++;
    }
    return q;
}

struct pack_cache *
compile_queue_cache(const struct compile_queue *q)
{
    return q ? q->cache : NULL;
}

int
compile_queue_run(struct compile_queue *q, struct compile_job *job, struct err *err)
{
    int rc;

    if (q && q->n_helpers) {
        compile_queue_push(q, job);
        return 0;
    }
    rc = job->run(job, err);
    job->free(job);
    return rc;
}

void
compile_queue_push(struct compile_queue *q, struct compile_job *job)
{
    pthread_mutex_lock(&q->mu);
    if (q->n == q->cap) {
        q->cap = q->cap ? 2 * q->cap : 256;
        q->jobs = xrealloc(q->jobs, size_mul(q->cap, sizeof(*q->jobs)));
    }
    q->jobs[q->n++] = job;
    pthread_cond_signal(&q->more);
    pthread_mutex_unlock(&q->mu);
}

void
compile_queue_drain(struct compile_queue *q)
{
    if (!q) {
        return;
    }
    run_jobs(q, false);
    pthread_mutex_lock(&q->mu);
    while (q->done < q->n) {
        pthread_cond_wait(&q->idle, &q->mu);
    }
    pthread_mutex_unlock(&q->mu);
}

int
compile_queue_finish(struct compile_queue *q, struct err *err)
{
    int rc = 0;

    if (!q) {
        return 0;
    }
    compile_queue_drain(q);
    pthread_mutex_lock(&q->mu);
    q->stop = true;
    pthread_cond_broadcast(&q->more);
    pthread_mutex_unlock(&q->mu);
    for (size_t t = 0; t < q->n_helpers; t++) {
        (void)pthread_join(q->helpers[t], NULL);
    }
    for (size_t i = 0; i < q->n; i++) {
        if (rc == 0 && q->jobs[i]->rc < 0) {
            *err = q->jobs[i]->err;
            rc = -1;
        }
        q->jobs[i]->free(q->jobs[i]);
    }
    free(q->jobs);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->more);
    pthread_cond_destroy(&q->idle);
    free(q);
    return rc;
}
