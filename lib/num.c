/*
 * num: numbers in and out (see num.h). Printing never depends on the
 * locale: no tool calls setlocale for LC_NUMERIC, and these are the only
 * functions that format numbers.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

int num_parse_ms(const char *s, size_t len, int64_t *ms, const char **why)
{
	size_t i = 0;
	int64_t whole = 0, frac = 0;
	int nd = 0, nf = 0;

	*why = "is not a number";
	if (len == 0)
		return -1;
	if (s[0] == '-') {
		for (i = 1; i < len; i++)
			if (!((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
				return -1;
		*why = "is negative";
		return -1;
	}
	if (s[0] == '+')
		i++;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (whole > (INT64_MAX / 1000 - 9) / 10) {
			*why = "is too large";
			return -1;
		}
		whole = whole * 10 + (s[i] - '0');
		nd++;
	}
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
			if (nf == 3) {
				if (s[i] != '0') {
					*why = "has more than 3 decimals";
					return -1;
				}
				continue;
			}
			frac = frac * 10 + (s[i] - '0');
			nf++;
		}
	}
	if (i != len || (nd == 0 && nf == 0))
		return -1;
	while (nf < 3) {
		frac *= 10;
		nf++;
	}
	*ms = whole * 1000 + frac;
	return 0;
}

int num_parse_i64(const char *s, size_t len, int64_t *v)
{
	size_t i = 0;
	int neg = 0;
	int64_t x = 0;

	/* what strtoll took: an optional sign and decimal digits */
	if (len >= 32)
		return -1;
	if (len > 0 && (s[0] == '-' || s[0] == '+'))
		neg = s[i++] == '-';
	if (i == len)
		return -1;
	for (; i < len; i++) {
		int d = s[i] - '0';
		if (d < 0 || d > 9 || __builtin_mul_overflow(x, 10, &x) ||
		    (neg ? __builtin_sub_overflow(x, d, &x)
			 : __builtin_add_overflow(x, d, &x)))
			return -1;
	}
	*v = x;
	return 0;
}

int num_parse_double(const char *s, size_t len, double *v)
{
	char buf[64], *end;
	double x;
	size_t i;

	if (len == 0 || len >= sizeof(buf))
		return -1;
	for (i = 0; i < len; i++)
		if (!strchr("0123456789+-.eE", s[i]))
			return -1; /* no "inf", "nan", hex or spaces */
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	x = strtod(buf, &end);
	if (*end || end == buf || !isfinite(x))
		return -1;
	*v = x;
	return 0;
}

int dur_parse(const char *s, int64_t *ms)
{
	size_t n = strlen(s);
	int64_t unit = 1000, v;
	const char *why;

	if (n == 0)
		return -1;
	switch (s[n - 1]) {
	case 's':
		unit = 1000;
		n--;
		break;
	case 'm':
		unit = 60000;
		n--;
		break;
	case 'h':
		unit = 3600000;
		n--;
		break;
	case 'd':
		unit = 86400000;
		n--;
		break;
	default:
		break;
	}
	if (num_parse_ms(s, n, &v, &why) < 0)
		return -1;
	if (v > INT64_MAX / unit)
		return -1;
	*ms = v * unit / 1000;
	return 0;
}

char *fmt_fixed(char *buf, double v, int prec)
{
	snprintf(buf, 64, "%.*f", prec, v);
	/* "-0.0000" -> "0.0000" */
	if (buf[0] == '-') {
		const char *p = buf + 1;
		while (*p == '0' || *p == '.')
			p++;
		if (*p == '\0')
			memmove(buf, buf + 1, strlen(buf));
	}
	return buf;
}

/* "00".."99" */
static const char two_digits[] = "0001020304050607080910111213141516171819"
				 "2021222324252627282930313233343536373839"
				 "4041424344454647484950515253545556575859"
				 "6061626364656667686970717273747576777879"
				 "8081828384858687888990919293949596979899";

/* The decimal digits of v at b, NUL-terminated; returns their count. */
static size_t put_u64(char *b, uint64_t v)
{
	char t[24];
	size_t n = 0, i;

	if (v < 100) { /* counts, flags, most seconds */
		if (v < 10) {
			b[0] = (char)('0' + v);
			b[1] = '\0';
			return 1;
		}
		memcpy(b, two_digits + 2 * v, 2);
		b[2] = '\0';
		return 2;
	}
	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		b[i] = t[n - 1 - i];
	b[n] = '\0';
	return n;
}

size_t num_put_i64(char *b, int64_t v)
{
	if (v < 0) {
		*b = '-';
		return 1 + put_u64(b + 1, (uint64_t)0 - (uint64_t)v);
	}
	return put_u64(b, (uint64_t)v);
}

size_t num_put_ms(char *b, int64_t ms)
{
	uint64_t u = ms < 0 ? (uint64_t)0 - (uint64_t)ms : (uint64_t)ms;
	unsigned f = (unsigned)(u % 1000);
	size_t n = 0;

	if (ms < 0)
		b[n++] = '-';
	n += put_u64(b + n, u / 1000);
	if (f) {
		b[n++] = '.';
		b[n++] = (char)('0' + f / 100);
		b[n++] = (char)('0' + f / 10 % 10);
		b[n++] = (char)('0' + f % 10);
		while (b[n - 1] == '0')
			n--;
		b[n] = '\0';
	}
	return n;
}

char *fmt_ms(char *buf, int64_t ms)
{
	num_put_ms(buf, ms);
	return buf;
}

char *fmt_i64(char *buf, int64_t v)
{
	num_put_i64(buf, v);
	return buf;
}
