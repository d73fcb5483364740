/*
 * testutil.h — what every cmocka unit test includes.
 */
#ifndef DN_TESTUTIL_H
#define DN_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The data folder of this checkout (set by the Makefile). */
#ifndef DN_DATA_DIR
#define DN_DATA_DIR "data"
#endif

/* ../shared beside the checkout, or NULL when absent (tests then skip). */
static inline const char *dn_test_shared(void)
{
	static char path[4096];
	snprintf(path, sizeof path, "%s/../../shared", DN_DATA_DIR);
	FILE *f;
	char probe[4200];
	snprintf(probe, sizeof probe, "%s/spec/EVENTS.md", path);
	if ((f = fopen(probe, "r")) != NULL) {
		fclose(f);
		return path;
	}
	return NULL;
}

#endif
