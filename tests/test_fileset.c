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

/* Create dir/name holding text, mode 0644. */
static void
file_in(const char *dir, const char *name, const char *text)
{
    char path[256];
    FILE *fp;

    (void)snprintf(path, sizeof(path), "%s/%s", dir, name);
    fp = fopen(path, "w");
    assert_non_null(fp);
    assert_true(fputs(text, fp) >= 0);
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(chmod(path, 0644), 0);
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

/* dir/name, made in an existing dir, is a symbolic link to target. */
static void
link_in_dir(const struct fixture *f, const char *name, const char *target)
{
    char path[256];

    (void)snprintf(path, sizeof(path), "%s/%s", f->dir, name);
    assert_int_equal(symlink(target, path), 0);
}

/* dir/name is still a symbolic link to target. */
static void
still_links_to(const struct fixture *f, const char *name, const char *target)
{
    char path[256], got[256];
    struct stat st;
    ssize_t n;

    (void)snprintf(path, sizeof(path), "%s/%s", f->dir, name);
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    n = readlink(path, got, sizeof(got) - 1);
    assert_true(n >= 0);
    got[n] = '\0';
    assert_string_equal(got, target);
}

/* force over the set refuses with ERR_USAGE naming dir/name and what it is. */
static void
force_is_refused(const struct fixture *f, const char *name, const char *what)
{
    char want[256];
    struct err err;

    (void)snprintf(want, sizeof(want),
                   "%s/%s: is %s, not a regular file: refusing to overwrite it, even with --force",
                   f->dir, name, what);
    assert_int_equal(fileset_write(f->dir, set, N_SET, 1, &err), -1);
    assert_int_equal(err.kind, ERR_USAGE);
    assert_string_equal(err.msg, want);
}

static void
force_refuses_a_symlink_to_a_file_and_leaves_the_link_and_its_target_untouched(void **state)
{
    struct fixture *f = *state;
    char names[256];

    assert_int_equal(mkdir(f->dir, 0700), 0);
    file_in(f->root, "target", "keep\n");
    link_in_dir(f, "veil.sec", "../target");
    force_is_refused(f, "veil.sec", "a symbolic link");
    still_links_to(f, "veil.sec", "../target");
    file_is(f->root, "target", "keep\n", 0644);
    listing(f->dir, names, sizeof(names)); /* nothing of the set, no temporary file */
    assert_string_equal(names, "veil.sec ");
}

static void
force_refuses_a_dangling_symlink_and_creates_nothing_where_it_points(void **state)
{
    struct fixture *f = *state;
    char names[256];

    assert_int_equal(mkdir(f->dir, 0700), 0);
    link_in_dir(f, "id.key", "../planted");
    force_is_refused(f, "id.key", "a symbolic link");
    still_links_to(f, "id.key", "../planted");
    listing(f->root, names, sizeof(names));
    assert_string_equal(names, "keys ");
    listing(f->dir, names, sizeof(names));
    assert_string_equal(names, "id.key ");
}

static void
force_refuses_a_symlink_to_a_directory_and_writes_nothing_into_it(void **state)
{
    struct fixture *f = *state;
    char elsewhere[128], names[256];

    (void)snprintf(elsewhere, sizeof(elsewhere), "%s/elsewhere", f->root);
    assert_int_equal(mkdir(elsewhere, 0700), 0);
    assert_int_equal(mkdir(f->dir, 0700), 0);
    link_in_dir(f, "veil.pub", "../elsewhere");
    force_is_refused(f, "veil.pub", "a symbolic link");
    still_links_to(f, "veil.pub", "../elsewhere");
    listing(elsewhere, names, sizeof(names));
    assert_string_equal(names, "");
}

static void
force_refuses_a_directory_at_a_file_name_before_publishing_any_of_the_set(void **state)
{
    struct fixture *f = *state;
    char path[256], names[256];

    assert_int_equal(mkdir(f->dir, 0700), 0);
    (void)snprintf(path, sizeof(path), "%s/veil.sec", f->dir);
    assert_int_equal(mkdir(path, 0700), 0);
    force_is_refused(f, "veil.sec", "a directory");
    listing(f->dir, names, sizeof(names));
    assert_string_equal(names, "veil.sec ");
}

static void
force_refuses_a_fifo_and_leaves_it_in_place(void **state)
{
    struct fixture *f = *state;
    char path[256];
    struct stat st;

    assert_int_equal(mkdir(f->dir, 0700), 0);
    (void)snprintf(path, sizeof(path), "%s/veil.pub", f->dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    force_is_refused(f, "veil.pub", "a device, FIFO or socket");
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
}

static void
without_force_a_symlink_is_refused_without_suggesting_force(void **state)
{
    struct fixture *f = *state;
    struct err err;

    assert_int_equal(mkdir(f->dir, 0700), 0);
    link_in_dir(f, "veil.sec", "../target");
    assert_int_equal(fileset_write(f->dir, set, N_SET, 0, &err), -1);
    assert_int_equal(err.kind, ERR_USAGE);
    assert_non_null(strstr(err.msg, "veil.sec: is a symbolic link, not a regular file"));
    assert_null(strstr(err.msg, "use --force"));
}

static void
refuse_existing_with_force_refuses_a_symlink_before_the_data_is_made(void **state)
{
    struct fixture *f = *state;
    struct err err;

    assert_int_equal(mkdir(f->dir, 0700), 0);
    link_in_dir(f, "veil.pub", "../target");
    assert_int_equal(fileset_refuse_existing(f->dir, set, N_SET, 1, &err), -1);
    assert_int_equal(err.kind, ERR_USAGE);
    assert_non_null(strstr(err.msg, "keys/veil.pub: is a symbolic link"));
}

static void
refuse_existing_with_force_allows_a_regular_file(void **state)
{
    struct fixture *f = *state;
    struct err err;

    assert_int_equal(mkdir(f->dir, 0700), 0);
    file_in(f->dir, "veil.pub", "old\n");
    assert_int_equal(fileset_refuse_existing(f->dir, set, N_SET, 1, &err), 0);
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
        cmocka_unit_test_setup_teardown(
            force_refuses_a_symlink_to_a_file_and_leaves_the_link_and_its_target_untouched, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            force_refuses_a_dangling_symlink_and_creates_nothing_where_it_points, setup, teardown),
        cmocka_unit_test_setup_teardown(
            force_refuses_a_symlink_to_a_directory_and_writes_nothing_into_it, setup, teardown),
        cmocka_unit_test_setup_teardown(
            force_refuses_a_directory_at_a_file_name_before_publishing_any_of_the_set, setup,
            teardown),
        cmocka_unit_test_setup_teardown(force_refuses_a_fifo_and_leaves_it_in_place, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(without_force_a_symlink_is_refused_without_suggesting_force,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            refuse_existing_with_force_refuses_a_symlink_before_the_data_is_made, setup, teardown),
        cmocka_unit_test_setup_teardown(refuse_existing_with_force_allows_a_regular_file, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
