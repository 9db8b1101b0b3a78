/* common/fileset.h: a set of files that appears in a directory whole, or not at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/err.h"
#include "common/fileset.h"

#include "common/banned.h"

static const struct fileset_file set[] = {
    {"id.key", "0123\n", 5, 0600},
    {"veil.pub", "public\n", 7, 0644},
    {"veil.sec", "secret\n", 7, 0600},
};

#define N_SET (sizeof(set) / sizeof(set[0]))

struct fixture {
    char root[64]; /* a fresh temporary directory */
    char dir[128]; /* root/keys */
};

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));

    assert_non_null(f);
    (void)snprintf(f->root, sizeof(f->root), "/tmp/veil-fileset-XXXXXX");
    assert_non_null(mkdtemp(f->root));
    (void)snprintf(f->dir, sizeof(f->dir), "%s/keys", f->root);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[128];

    (void)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->root);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* The names in dir, sorted and space-separated, into out. */
static void
listing(const char *dir, char *out, size_t cap)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    size_t len = 0;

    out[0] = '\0';
    assert_true(n >= 0);
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0) {
            int w = snprintf(out + len, cap - len, "%s ", names[i]->d_name);
            assert_true(w > 0 && (size_t)w < cap - len);
            len += (size_t)w;
        }
        free(names[i]);
    }
    free(names);
}

static void
file_is(const char *dir, const char *name, const char *want, unsigned mode)
{
    char path[256], got[64] = "";
    struct stat st;
    FILE *fp;

    (void)snprintf(path, sizeof(path), "%s/%s", dir, name);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, mode);
    fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fread(got, 1, sizeof(got) - 1, fp), strlen(want));
    assert_int_equal(fclose(fp), 0);
    assert_string_equal(got, want);
}

static void
a_new_directory_is_private_and_holds_the_whole_set(void **state)
{
    struct fixture *f = *state;
    struct err err;
    struct stat st;
    char names[256];

    assert_int_equal(fileset_write(f->dir, set, N_SET, 0, &err), 0);
    assert_int_equal(stat(f->dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    listing(f->dir, names, sizeof(names));
    assert_string_equal(names, "id.key veil.pub veil.sec ");
    file_is(f->dir, "veil.sec", "secret\n", 0600);
    file_is(f->dir, "veil.pub", "public\n", 0644);
    listing(f->root, names, sizeof(names)); /* no temporary directory left beside it */
    assert_string_equal(names, "keys ");
}

static void
an_existing_file_is_refused_before_anything_is_written(void **state)
{
    struct fixture *f = *state;
    char path[256], names[256];
    struct err err;
    FILE *fp;

    assert_int_equal(mkdir(f->dir, 0700), 0);
    (void)snprintf(path, sizeof(path), "%s/veil.pub", f->dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(fileset_write(f->dir, set, N_SET, 0, &err), -1);
    assert_int_equal(err.kind, ERR_USAGE);
    assert_non_null(strstr(err.msg, "veil.pub: already exists"));
    listing(f->dir, names, sizeof(names));
    assert_string_equal(names, "veil.pub ");
}

static void
a_directory_in_use_keeps_its_other_files_and_force_replaces_the_set(void **state)
{
    struct fixture *f = *state;
    static const struct fileset_file newer[] = {
        {"id.key", "4567\n", 5, 0600},
        {"veil.pub", "public2\n", 8, 0644},
        {"veil.sec", "secret2\n", 8, 0600},
    };
    char path[256], names[256];
    struct err err;
    FILE *fp;

    assert_int_equal(mkdir(f->dir, 0755), 0);
    (void)snprintf(path, sizeof(path), "%s/README", f->dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(fileset_write(f->dir, set, N_SET, 0, &err), 0);
    assert_int_equal(fileset_write(f->dir, newer, N_SET, 0, &err), -1);
    assert_int_equal(fileset_write(f->dir, newer, N_SET, 1, &err), 0);
    listing(f->dir, names, sizeof(names));
    assert_string_equal(names, "README id.key veil.pub veil.sec ");
    file_is(f->dir, "id.key", "4567\n", 0600);
    file_is(f->dir, "veil.sec", "secret2\n", 0600);
}

static void
a_symlink_to_an_empty_directory_is_written_through(void **state)
{
    struct fixture *f = *state;
    char target[128], names[256];
    struct stat st;
    struct err err;

    (void)snprintf(target, sizeof(target), "%s/real", f->root);
    assert_int_equal(mkdir(target, 0700), 0);
    assert_int_equal(symlink("real", f->dir), 0);
    assert_int_equal(fileset_write(f->dir, set, N_SET, 0, &err), 0);
    assert_int_equal(lstat(f->dir, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    listing(target, names, sizeof(names));
    assert_string_equal(names, "id.key veil.pub veil.sec ");
}

static void
a_missing_parent_is_an_io_error_naming_the_directory(void **state)
{
    struct fixture *f = *state;
    char dir[256];
    struct err err;

    (void)snprintf(dir, sizeof(dir), "%s/no/keys", f->root);
    assert_int_equal(fileset_write(dir, set, N_SET, 0, &err), -1);
    assert_int_equal(err.kind, ERR_IO);
    assert_non_null(strstr(err.msg, "no/keys: cannot create directory"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_new_directory_is_private_and_holds_the_whole_set, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(an_existing_file_is_refused_before_anything_is_written,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            a_directory_in_use_keeps_its_other_files_and_force_replaces_the_set, setup, teardown),
        cmocka_unit_test_setup_teardown(a_symlink_to_an_empty_directory_is_written_through, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_missing_parent_is_an_io_error_naming_the_directory, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
