/* SPDX-License-Identifier: GPL-3.0-or-later */
/* render_png: PNG files of RGB24 Cairo surfaces, written with zlib directly. */
#include "clusterbench/render.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "clusterbench/zrows.h"

/*
 * cairo_surface_write_to_png tries every PNG filter on every row and
 * compresses at zlib's default level: for a 1600 × 1000 chart that was
 * most of the time of drawing it. Charts are flat colours and thin lines:
 * the Sub filter on every row makes them mostly zeros, and zrows codes
 * those zeros, rows equal to the one above and stretches equal to the
 * bytes above (zlib at level 3 took 13 ms a chart on the bench machine).
 * 8-bit RGB, no alpha (the surfaces are opaque), a pHYs chunk for the dpi;
 * zlib for the chunks' CRCs.
 */

#define IDAT_BYTES (1u << 16)

struct png_out {
	int (*write)(void *closure, const unsigned char *p, size_t n);
	void *closure;
	int failed;
};

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* One chunk: length, type, data, CRC of type and data. */
static void chunk(struct png_out *o, const char *type, const unsigned char *data, size_t n)
{
	unsigned char head[8], tail[4];
	uLong crc = crc32(0L, Z_NULL, 0);

	if (o->failed)
		return;
	put32(head, (uint32_t)n);
	memcpy(head + 4, type, 4);
	crc = crc32(crc, head + 4, 4);
	if (n)
		crc = crc32(crc, data, (uInt)n);
	put32(tail, (uint32_t)crc);
	if (o->write(o->closure, head, 8) < 0 || (n && o->write(o->closure, data, n) < 0) ||
	    o->write(o->closure, tail, 4) < 0)
		o->failed = 1;
}

int render_png_write(cairo_surface_t *surf, double dpi,
		     int (*write)(void *closure, const unsigned char *p, size_t n), void *closure)
{
	static const unsigned char signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	struct png_out o = { write, closure, 0 };
	int w, h, stride;
	const unsigned char *px, *stream;
	unsigned char ihdr[13], phys[9];
	struct zrows *z;
	size_t len = 0;

	if (cairo_surface_status(surf) != CAIRO_STATUS_SUCCESS ||
	    cairo_image_surface_get_format(surf) != CAIRO_FORMAT_RGB24)
		return -1;
	cairo_surface_flush(surf);
	w = cairo_image_surface_get_width(surf);
	h = cairo_image_surface_get_height(surf);
	stride = cairo_image_surface_get_stride(surf);
	px = cairo_image_surface_get_data(surf);
	if (!px || w <= 0 || h <= 0 || !(z = zrows_new(1 + 3 * (size_t)w)))
		return -1;
	for (int y = 0; y < h; y++) {
		const unsigned char *line = px + (size_t)y * (size_t)stride;
		const uint32_t *src = (const uint32_t *)(const void *)line;
		unsigned char *d = zrows_next(z), prev[3] = { 0, 0, 0 };

		/* a row of the same pixels as the one above: the same bytes */
		if (y > 0 && memcmp(line, line - stride, 4 * (size_t)w) == 0) {
			if (zrows_repeat(z) < 0)
				goto fail;
			continue;
		}
		*d++ = 1; /* Sub: each byte minus the one a pixel to the left */
		for (int x = 0; x < w; x++) {
			uint32_t p = src[x];
			unsigned char r = (unsigned char)(p >> 16), g = (unsigned char)(p >> 8),
				      b = (unsigned char)p;

			d[0] = (unsigned char)(r - prev[0]);
			d[1] = (unsigned char)(g - prev[1]);
			d[2] = (unsigned char)(b - prev[2]);
			prev[0] = r;
			prev[1] = g;
			prev[2] = b;
			d += 3;
		}
		if (zrows_push(z) < 0)
			goto fail;
	}
	if (!(stream = zrows_finish(z, &len)))
		goto fail;
	if (write(closure, signature, sizeof signature) < 0)
		goto fail;
	put32(ihdr, (uint32_t)w);
	put32(ihdr + 4, (uint32_t)h);
	ihdr[8] = 8;  /* bits per sample */
	ihdr[9] = 2;  /* colour type: RGB */
	ihdr[10] = 0; /* deflate */
	ihdr[11] = 0; /* adaptive filtering, one filter byte per row */
	ihdr[12] = 0; /* no interlace */
	chunk(&o, "IHDR", ihdr, sizeof ihdr);
	{
		uint32_t ppm = (uint32_t)floor(dpi / 0.0254 + 0.5);

		put32(phys, ppm);
		put32(phys + 4, ppm);
		phys[8] = 1; /* unit: metre */
		chunk(&o, "pHYs", phys, sizeof phys);
	}
	for (size_t at = 0; at < len; at += IDAT_BYTES)
		chunk(&o, "IDAT", stream + at, len - at < IDAT_BYTES ? len - at : IDAT_BYTES);
	chunk(&o, "IEND", NULL, 0);
	zrows_free(z);
	return o.failed ? -1 : 0;
fail:
	zrows_free(z);
	return -1;
}
