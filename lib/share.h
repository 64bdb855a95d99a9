/*
 * share: where the installed data files live (rulebooks, target
 * presets). Looked up in $TELAUDIT_SHARE, then next to the binary
 * (../share/telaudit, so an uninstalled build finds the tree's share/),
 * then the compiled-in $(PREFIX)/share/telaudit.
 */
#ifndef TA_SHARE_H
#define TA_SHARE_H

/* A fresh string naming an existing file, or NULL if none is found. */
char *share_path(const char *name);

#endif
