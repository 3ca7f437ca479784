/* SPDX-License-Identifier: GPL-3.0-or-later */
/* csvscan: libcsv with empty callbacks, the speed baseline for `make bench`. */
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static size_t fields, records;

static void on_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	(void)data;
	fields++;
}

static void on_record(int c, void *data)
{
	(void)c;
	(void)data;
	records++;
}

int main(int argc, char **argv)
{
	struct csv_parser p;
	size_t block = 1 << 20;
	char *buf = malloc(block);
	ssize_t n;
	int fd;

	if (argc != 2 || !buf || (fd = open(argv[1], O_RDONLY)) < 0) {
		fprintf(stderr, "usage: csvscan FILE\n");
		return 2;
	}
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI);
	while ((n = read(fd, buf, block)) > 0)
		if (csv_parse(&p, buf, (size_t)n, on_field, on_record, NULL) != (size_t)n) {
			fprintf(stderr, "csvscan: %s\n", csv_strerror(csv_error(&p)));
			return 1;
		}
	csv_fini(&p, on_field, on_record, NULL);
	csv_free(&p);
	printf("%zu records, %zu fields\n", records, fields);
	free(buf);
	close(fd);
	return 0;
}
