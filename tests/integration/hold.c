// SPDX-License-Identifier: GPL-2.0-or-later
/* A static test helper for exec=host rules: holds on for <seconds>, in the
 * working directory it was given, then answers "held". */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned s = argc > 1 ? (unsigned)atoi(argv[1]) : 1;

	sleep(s);
	printf("held");
	return 0;
}
