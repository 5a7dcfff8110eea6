/*
 * What the terminal clients remote offices use send for F1-F12, Home, End, PgUp,
 * PgDn, Insert and Delete: the raw bytes, client by client, gathered from each
 * client's documentation and keyboard code (PuTTY's six function-key modes and
 * its rxvt Home/End setting, xterm in its normal and application cursor modes
 * and with modifiers, the Linux console, VT100 and VT220 keyboards, Windows
 * Terminal, and OpenSSH for Windows on a console without VT input).
 *
 * Each entry names the key pressed and the key hoso is meant to see, which
 * differ only where the client itself says otherwise: PuTTY's VT400 mode sends
 * the editing keys by their place on a VT220 keypad, PuTTY's SCO mode sends
 * Delete as DEL, which is everyone's Backspace, and a modified key (Ctrl-F1) is
 * the key itself.
 */
#ifndef HOSO_TEST_CLIENTKEYS_H
#define HOSO_TEST_CLIENTKEYS_H
#include <stddef.h>

struct client_key {
	const char *client;
	const char *pressed;	/* "F1".."F12", "Home", "End", "PgUp", "PgDn", "Ins", "Del", "Ctrl-F1" */
	const char *bytes;
	const char *means;	/* the key hoso sees: as pressed, or "BS" */
};

extern const struct client_key client_keys[];
extern const size_t client_keys_n;
#endif
