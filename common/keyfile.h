#ifndef VEIL_KEYFILE_H
#define VEIL_KEYFILE_H

#include <stddef.h>

struct err;

/*
 * The ID-hashing key file: one line of lowercase hex (64 digits for the 32 bytes keygen writes).
 * Refused when group- or world-readable, shorter than 16 bytes, longer than 64, or malformed.
 */
#define KEYFILE_MAX 64

/* Reads the key into key[KEYFILE_MAX]; *len is its length in bytes. */
int keyfile_read(const char *path, unsigned char *key, size_t *len, struct err *err);
/* The file's text (hex and a newline) into text; its length, or 0 when len > KEYFILE_MAX. */
size_t keyfile_format(const unsigned char *key, size_t len, char text[2 * KEYFILE_MAX + 1]);
/* Creates path with O_EXCL (unless force) and mode 0600, holding key as hex and a newline. */
int keyfile_write(const char *path, const unsigned char *key, size_t len, int force,
                  struct err *err);
/* The file's text (hex and a newline) into text; its length, or 0 when len > KEYFILE_MAX. */
size_t keyfile_format(const unsigned char *key, size_t len, char text[2 * KEYFILE_MAX + 1]);
/* Creates path with O_EXCL (unless force), mode 0600, holding exactly n bytes; fsynced. */
int secret_file_write(const char *path, const void *data, size_t n, int force, struct err *err);
/* Overwrites memory in a way the compiler cannot drop. */
void secure_wipe(void *p, size_t n);

#endif
