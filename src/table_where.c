/* SPDX-License-Identifier: GPL-3.0-or-later */
/* table_where: the --where expression language and its evaluation. */
#include "clusterbench/table.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clusterbench/load.h"
#include "clusterbench/numparse.h"

enum wop { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN, OP_NOT_IN };

static const char *const op_text[] = { "==", "!=", "<", "<=", ">", ">=", "in", "not in" };

struct wcond {
	char *col;
	enum wop op;
	char **vals;
	size_t nvals;
};

struct where {
	struct wcond *c;
	size_t n;
};

enum tok { T_END, T_WORD, T_STRING, T_OP, T_LPAREN, T_RPAREN, T_COMMA, T_BAD };

struct lexer {
	const char *s;
	size_t pos;        /* next byte */
	size_t tpos;       /* start of the current token */
	enum tok t;
	char *text;        /* word or string (owned) */
	enum wop op;
};

static int special(char c)
{
	return c == '(' || c == ')' || c == ',' || c == '=' || c == '!' || c == '<' ||
	       c == '>' || c == '"' || c == '\'' || c == ' ' || c == '\t' || c == '\n' ||
	       c == '\r';
}

/* Reads the next token into lx. */
static void next(struct lexer *lx)
{
	const char *s = lx->s;
	size_t i = lx->pos;

	g_free(lx->text);
	lx->text = NULL;
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
		i++;
	lx->tpos = i;
	switch (s[i]) {
	case '\0':
		lx->t = T_END;
		break;
	case '(':
		lx->t = T_LPAREN;
		i++;
		break;
	case ')':
		lx->t = T_RPAREN;
		i++;
		break;
	case ',':
		lx->t = T_COMMA;
		i++;
		break;
	case '=':
		lx->t = T_OP;
		lx->op = OP_EQ;
		i += s[i + 1] == '=' ? 2 : 1;
		break;
	case '!':
		if (s[i + 1] == '=') {
			lx->t = T_OP;
			lx->op = OP_NE;
			i += 2;
		} else {
			lx->t = T_BAD;
		}
		break;
	case '<':
		lx->t = T_OP;
		lx->op = s[i + 1] == '=' ? OP_LE : OP_LT;
		i += s[i + 1] == '=' ? 2 : 1;
		if (lx->op == OP_LT && s[i] == '>') { /* <> as != */
			lx->op = OP_NE;
			i++;
		}
		break;
	case '>':
		lx->t = T_OP;
		lx->op = s[i + 1] == '=' ? OP_GE : OP_GT;
		i += s[i + 1] == '=' ? 2 : 1;
		break;
	case '"':
	case '\'': {
		char q = s[i];
		size_t j = i + 1;

		while (s[j] && s[j] != q)
			j++;
		if (!s[j]) {
			lx->t = T_BAD;
			break;
		}
		lx->t = T_STRING;
		lx->text = g_strndup(s + i + 1, j - i - 1);
		i = j + 1;
		break;
	}
	default: {
		size_t j = i;

		while (s[j] && !special(s[j]))
			j++;
		lx->t = T_WORD;
		lx->text = g_strndup(s + i, j - i);
		i = j;
	}
	}
	lx->pos = i;
}

static int is_kw(const struct lexer *lx, const char *kw)
{
	return lx->t == T_WORD && g_ascii_strcasecmp(lx->text, kw) == 0;
}

static void cond_release(struct wcond *c)
{
	g_free(c->col);
	for (size_t i = 0; i < c->nvals; i++)
		g_free(c->vals[i]);
	g_free(c->vals);
}

void where_free(struct where *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n; i++)
		cond_release(&w->c[i]);
	g_free(w->c);
	g_free(w);
}

static int syntax(struct lexer *lx, size_t *errpos, struct diag *d, const char *what)
{
	*errpos = lx->tpos;
	if (lx->t == T_END)
		return diag_set(d, DIAG_USAGE, "%s at the end of the expression", what);
	if (lx->t == T_BAD)
		return diag_set(d, DIAG_USAGE, "%s at position %zu (unclosed quote or stray '!')",
				what, lx->tpos + 1);
	return diag_set(d, DIAG_USAGE, "%s at position %zu", what, lx->tpos + 1);
}

static void add_value(struct wcond *c, struct lexer *lx)
{
	c->vals = g_renew(char *, c->vals, c->nvals + 1);
	c->vals[c->nvals++] = lx->text;
	lx->text = NULL;
}

struct where *where_parse(const char *expr, size_t *errpos, struct diag *d)
{
	struct lexer lx = { .s = expr };
	struct where *w = g_new0(struct where, 1);
	size_t dummy;
	const gchar *bad;

	if (!errpos)
		errpos = &dummy;
	*errpos = 0;
	/* Values go through g_utf8_normalize, which needs valid UTF-8. */
	if (!g_utf8_validate(expr, -1, &bad)) {
		*errpos = (size_t)(bad - expr);
		diag_set(d, DIAG_USAGE, "invalid UTF-8 byte 0x%02X at position %zu",
			 (unsigned)(unsigned char)*bad, *errpos + 1);
		goto fail;
	}
	next(&lx);
	if (lx.t == T_END) {
		diag_set(d, DIAG_USAGE, "the expression is empty");
		goto fail;
	}
	for (;;) {
		struct wcond c = { 0 };

		if (lx.t != T_WORD && lx.t != T_STRING) {
			syntax(&lx, errpos, d, "expected a column name");
			goto fail;
		}
		c.col = lx.text;
		lx.text = NULL;
		next(&lx);
		if (lx.t == T_OP) {
			c.op = lx.op;
			next(&lx);
			if (lx.t != T_WORD && lx.t != T_STRING) {
				syntax(&lx, errpos, d, "expected a value");
				cond_release(&c);
				goto fail;
			}
			add_value(&c, &lx);
			next(&lx);
		} else if (is_kw(&lx, "in") || is_kw(&lx, "not")) {
			c.op = OP_IN;
			if (is_kw(&lx, "not")) {
				c.op = OP_NOT_IN;
				next(&lx);
				if (!is_kw(&lx, "in")) {
					syntax(&lx, errpos, d, "expected 'in' after 'not'");
					cond_release(&c);
					goto fail;
				}
			}
			next(&lx);
			if (lx.t != T_LPAREN) {
				syntax(&lx, errpos, d, "expected '(' to start the list of values");
				cond_release(&c);
				goto fail;
			}
			for (;;) {
				next(&lx);
				if (lx.t != T_WORD && lx.t != T_STRING) {
					syntax(&lx, errpos, d, "expected a value");
					cond_release(&c);
					goto fail;
				}
				add_value(&c, &lx);
				next(&lx);
				if (lx.t == T_RPAREN)
					break;
				if (lx.t != T_COMMA) {
					syntax(&lx, errpos, d, "expected ',' or ')' in the list of values");
					cond_release(&c);
					goto fail;
				}
			}
			next(&lx);
		} else {
			syntax(&lx, errpos, d,
			       "expected an operator (==, !=, <, <=, >, >=, in, not in)");
			cond_release(&c);
			goto fail;
		}
		w->c = g_renew(struct wcond, w->c, w->n + 1);
		w->c[w->n++] = c;
		if (lx.t == T_END)
			break;
		if (!is_kw(&lx, "and")) {
			syntax(&lx, errpos, d, is_kw(&lx, "or")
				? "'or' is not supported; conditions are joined with 'and' (use 'in' for alternatives)"
				: "expected 'and' between conditions");
			goto fail;
		}
		next(&lx);
	}
	g_free(lx.text);
	return w;
fail:
	g_free(lx.text);
	where_free(w);
	return NULL;
}

static int cmp_num(double v, enum wop op, double x)
{
	switch (op) {
	case OP_EQ:
		return v == x;
	case OP_NE:
		return v != x;
	case OP_LT:
		return v < x;
	case OP_LE:
		return v <= x;
	case OP_GT:
		return v > x;
	case OP_GE:
		return v >= x;
	default:
		return 0;
	}
}

/* A value as it occurs in a category column, or -1 with an error. */
static int32_t category_code(const struct column *col, const char *v, struct diag *d)
{
	char *norm = g_utf8_normalize(v, -1, G_NORMALIZE_NFC);
	int32_t code = norm ? dict_find(&col->dict, norm) : -1;

	if (code < 0) {
		char a[256], b[256];
		const char *near = NULL;

		text_fold(v, a, sizeof a);
		for (size_t i = 0; i < col->dict.n && !near; i++) {
			text_fold(col->dict.values[i], b, sizeof b);
			if (strcmp(a, b) == 0)
				near = col->dict.values[i];
		}
		diag_set(d, DIAG_USAGE, "value '%s' does not occur in column '%s'%s%s%s", v,
			 col->name, near ? "; did you mean '" : "", near ? near : "",
			 near ? "'?" : "");
	}
	g_free(norm);
	return code;
}

static int eval_cond(const struct wcond *c, const struct table *t, unsigned char *keep,
		     struct diag *d)
{
	long ci = table_find(t, c->col);
	const struct column *col;

	if (ci < 0) {
		char *list = table_column_list(t);

		diag_set(d, DIAG_USAGE, "unknown column '%s'; the columns are: %s", c->col, list);
		g_free(list);
		return -1;
	}
	col = &t->cols[ci];
	if (col_type_is_numeric(col->type)) {
		double *x = g_new(double, c->nvals);

		for (size_t k = 0; k < c->nvals; k++) {
			if (num_parse(c->vals[k], strlen(c->vals[k]), '.', 0, &x[k], NULL) != NUM_OK) {
				diag_set(d, DIAG_USAGE, "'%s' is not a number, but column '%s' is numeric",
					 c->vals[k], col->name);
				g_free(x);
				return -1;
			}
		}
		for (size_t r = 0; r < t->nrows; r++) {
			double v = column_value(col, r);
			int hit = 0;

			if (!keep[r])
				continue;
			if (isnan(v)) {
				keep[r] = 0;
				continue;
			}
			if (c->op == OP_IN || c->op == OP_NOT_IN) {
				for (size_t k = 0; k < c->nvals && !hit; k++)
					hit = v == x[k];
				if (c->op == OP_NOT_IN)
					hit = !hit;
			} else {
				hit = cmp_num(v, c->op, x[0]);
			}
			keep[r] = (unsigned char)hit;
		}
		g_free(x);
		return 0;
	}
	if (c->op == OP_LT || c->op == OP_LE || c->op == OP_GT || c->op == OP_GE) {
		diag_set(d, DIAG_USAGE, "'%s' compares the text column '%s'; use ==, != or in",
			 op_text[c->op], col->name);
		return -1;
	}
	{
		unsigned char *want = g_new0(unsigned char, col->dict.n + 1);

		for (size_t k = 0; k < c->nvals; k++) {
			int32_t code = category_code(col, c->vals[k], d);

			if (code < 0) {
				g_free(want);
				return -1;
			}
			want[code] = 1;
		}
		for (size_t r = 0; r < t->nrows; r++) {
			int32_t code = col->code[r];
			int hit;

			if (!keep[r])
				continue;
			if (code < 0) {
				keep[r] = 0;
				continue;
			}
			hit = want[code];
			if (c->op == OP_NE || c->op == OP_NOT_IN)
				hit = !hit;
			keep[r] = (unsigned char)hit;
		}
		g_free(want);
	}
	return 0;
}

long where_eval(const struct where *w, const struct table *t, unsigned char *keep,
		struct diag *d)
{
	long n = 0;

	memset(keep, 1, t->nrows);
	for (size_t i = 0; w && i < w->n; i++)
		if (eval_cond(&w->c[i], t, keep, d) < 0)
			return -1;
	for (size_t r = 0; r < t->nrows; r++)
		n += keep[r] != 0;
	return n;
}
