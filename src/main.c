/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main: the clusterbench program; everything else lives in the library. */
#include "clusterbench/cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
