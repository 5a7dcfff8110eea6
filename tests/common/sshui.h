/*
 * A few steps through the clerk's UI as a person would take them, for the SSH
 * tests and benchmarks: they only send keys and read the screen (term.h), in
 * English (the client sends LANG=en_US.UTF-8). Each returns false, after dumping
 * the screen, when what should appear did not within timeout_ms.
 */
#ifndef HOSO_TEST_SSHUI_H
#define HOSO_TEST_SSHUI_H
#include <stdbool.h>

struct term;

/* ssh options that ask for a terminal and English. */
extern const char *const sshui_ssh_opts[];

bool sshui_menu(struct term *t, int timeout_ms);
/* From the main menu: find the person by ID number and open the record. */
bool sshui_open_person(struct term *t, const char *id_number, int timeout_ms);
/* On an open record: Edit, move to the field labelled label, type text (added to
 * what is there). */
bool sshui_edit_field(struct term *t, const char *label, const char *text, int timeout_ms);
/* On the search screen: is the one person with this ID number listed (the ID in the
 * field and in the list, and "people 1-1")? Reads the screen once; no waiting. */
bool sshui_person_listed(struct term *t, const char *id);
/* Save the record being edited and wait for "Saved.". */
bool sshui_save(struct term *t, int timeout_ms);
#endif
