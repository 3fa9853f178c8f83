// SPDX-License-Identifier: GPL-2.0
/*
 * Reference implementation of the crashkernel= rules.  Deliberately simple
 * and written from the rules below, not from kernel/crash_parse.c: it
 * splits the command line into words, works on (pointer, length) slices
 * and does its arithmetic in 128 bits so overflow is plain to see.
 *
 * The rules
 *  1. The command line is split into words at blanks (space, \t, \n, \v,
 *     \f, \r and 0xA0, the kernel's isspace()); a NUL ends it.  A word
 *     that starts with "crashkernel=" is a parameter, the rest of the word
 *     its value.  A value ending in ",high" is of kind high, one ending in
 *     ",low" of kind low, any other of kind plain.  Of each kind the last
 *     one wins.  "xcrashkernel=" or "crashkernel_foo=" are not parameters.
 *  2. A number is memparse()'s syntax: "0x"/"0X" and at least one hex
 *     digit is hex, else a leading 0 is octal, else decimal; at least one
 *     digit; then at most one K/M/G/T/P/E suffix (either case) scaling by
 *     2^10 .. 2^60.  A value that does not fit in 64 bits, at any point,
 *     is invalid.
 *  3. A plain value must not be empty.  If it contains ':' it is a ranges
 *     list "start-[end]:size[,start-[end]:size...][@offset]" and nothing
 *     may follow; every range is checked: end, when given, must be above
 *     start.  The RAM size rounded up to a multiple of 128M (exactly,
 *     without wrapping) selects the first range with start <= total < end
 *     (no end: no upper limit).  If none matches, or the match says 0, the
 *     request succeeds with size 0, no offset, and one info line.
 *     Otherwise it is "size[@offset]" and nothing may follow.  An offset
 *     of 0 ("@0") means no offset: automatic placement, as documented in
 *     Documentation/admin-guide/kernel-parameters.txt.
 *  4. A main size (plain, ranges or high) must be nonzero and, when the RAM
 *     size is known (nonzero), below it.  With @offset, offset + size must
 *     not pass 2^64 - 1.
 *  5. A high or low value is exactly a number before its suffix.  A low
 *     size may be 0; otherwise it follows the size rule of 4.
 *  6. parse_crashkernel_request(): plain wins over high (and a valid plain
 *     with a high present prints one warning that the high one is
 *     ignored); high alone sets "high"; low alone is invalid; none gives
 *     -ENOENT.  After a valid main request with a nonzero size, a low value
 *     is parsed too (low_given); if it is invalid the whole request is.
 *     A ranges list that gives 0 bytes reserves nothing, so a low value
 *     is not looked at then.
 *  7. Anything invalid: -EINVAL, everything zero, exactly one warning.
 *  8. parse_crashkernel(), _high() and _low() look at their own kind only
 *     (no precedence warning, low needs no main size), give -ENOENT when
 *     it is absent, and report the size and, for plain size@offset, the
 *     offset; zero otherwise.
 */
#include <errno.h>
#include <string.h>

#include "ref.h"

typedef unsigned __int128 u128;

#define U64_MAX_128	((u128)~0ULL)
#define INVALID		(-EINVAL)

struct slice {
	const char *s;
	unsigned long n;
	bool present;
};

static bool blank(char c)
{
	unsigned char u = (unsigned char)c;

	return u == ' ' || u == '\t' || u == '\n' || u == '\v' || u == '\f' ||
	       u == '\r' || u == 0xa0;
}

static bool has_prefix(const char *s, unsigned long n, const char *pfx)
{
	unsigned long k = strlen(pfx);

	return n >= k && memcmp(s, pfx, k) == 0;
}

static bool has_suffix(struct slice v, const char *sfx)
{
	unsigned long k = strlen(sfx);

	return v.n >= k && memcmp(v.s + v.n - k, sfx, k) == 0;
}

/* Rule 1 */
static void find_params(const char *cmd, struct slice *plain,
			struct slice *high, struct slice *low)
{
	const char *name = "crashkernel=";
	unsigned long i = 0;

	memset(plain, 0, sizeof(*plain));
	memset(high, 0, sizeof(*high));
	memset(low, 0, sizeof(*low));
	while (cmd[i]) {
		unsigned long start;
		struct slice v;

		if (blank(cmd[i])) {
			i++;
			continue;
		}
		start = i;
		while (cmd[i] && !blank(cmd[i]))
			i++;
		if (!has_prefix(cmd + start, i - start, name))
			continue;
		v.s = cmd + start + strlen(name);
		v.n = i - start - strlen(name);
		v.present = true;
		if (has_suffix(v, ",high")) {
			v.n -= strlen(",high");
			*high = v;
		} else if (has_suffix(v, ",low")) {
			v.n -= strlen(",low");
			*low = v;
		} else {
			*plain = v;
		}
	}
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* Rule 2: the power of two a size suffix scales by, 0 for none */
static unsigned int suffix_shift(char c)
{
	switch (c) {
	case 'K': case 'k': return 10;
	case 'M': case 'm': return 20;
	case 'G': case 'g': return 30;
	case 'T': case 't': return 40;
	case 'P': case 'p': return 50;
	case 'E': case 'e': return 60;
	default: return 0;
	}
}

/* Rule 2: parse a number at v.s[*pos]; false if there is none or too big */
static bool number(struct slice v, unsigned long *pos, unsigned long long *out)
{
	unsigned long i = *pos, first;
	unsigned int radix = 10, shift;
	u128 val = 0;

	if (v.n - i >= 3 && v.s[i] == '0' &&
	    (v.s[i + 1] == 'x' || v.s[i + 1] == 'X') &&
	    digit_value(v.s[i + 2]) < 16) {
		radix = 16;
		i += 2;
	} else if (i < v.n && v.s[i] == '0') {
		radix = 8;
	}
	first = i;
	while (i < v.n && digit_value(v.s[i]) < (int)radix) {
		val = val * radix + digit_value(v.s[i]);
		if (val > U64_MAX_128)
			return false;
		i++;
	}
	if (i == first)
		return false;
	if (i < v.n && (shift = suffix_shift(v.s[i])) != 0) {
		val <<= shift;
		if (val > U64_MAX_128)
			return false;
		i++;
	}
	*pos = i;
	*out = (unsigned long long)val;
	return true;
}

static bool at(struct slice v, unsigned long pos, char c)
{
	return pos < v.n && v.s[pos] == c;
}

/* Rule 4 */
static bool main_size_ok(unsigned long long size, unsigned long long ram)
{
	return size != 0 && (ram == 0 || size < ram);
}

/* Optional "@offset" at pos, then the end of the value (rules 3, 4) */
static bool offset_then_end(struct slice v, unsigned long pos,
			    struct ref_result *r)
{
	if (at(v, pos, '@')) {
		pos++;
		if (!number(v, &pos, &r->base))
			return false;
		r->fixed_base = r->base != 0;
	}
	return pos == v.n;
}

/* Rule 3, ranges list */
static int ranges(struct slice v, unsigned long long ram, struct ref_result *r)
{
	u128 total = ((u128)ram + (128u << 20) - 1) / (128u << 20) * (128u << 20);
	bool matched = false;
	unsigned long pos = 0;

	for (;;) {
		unsigned long long start, end = 0, size;
		bool open = true;

		if (!number(v, &pos, &start) || !at(v, pos, '-'))
			return INVALID;
		pos++;
		if (!at(v, pos, ':')) {
			if (!number(v, &pos, &end) || end <= start)
				return INVALID;
			open = false;
		}
		if (!at(v, pos, ':'))
			return INVALID;
		pos++;
		if (!number(v, &pos, &size))
			return INVALID;
		if (!matched && total >= start && (open || total < end)) {
			matched = true;
			r->size = size;
		}
		if (!at(v, pos, ','))
			break;
		pos++;
	}
	if (!offset_then_end(v, pos, r))
		return INVALID;
	if (r->size == 0) {
		r->base = 0;
		r->fixed_base = false;
		r->infos++;
		return 0;
	}
	if (!main_size_ok(r->size, ram))
		return INVALID;
	return 0;
}

/* Rules 3 and 4: a plain value */
static int plain_value(struct slice v, unsigned long long ram,
		       struct ref_result *r)
{
	unsigned long pos = 0;
	int ret;

	if (v.n == 0)
		return INVALID;
	if (memchr(v.s, ':', v.n)) {
		ret = ranges(v, ram, r);
	} else {
		if (!number(v, &pos, &r->size) || !offset_then_end(v, pos, r))
			return INVALID;
		ret = main_size_ok(r->size, ram) ? 0 : INVALID;
	}
	if (!ret && r->fixed_base &&
	    (u128)r->base + r->size > U64_MAX_128)
		return INVALID;
	return ret;
}

/* Rule 5: the part before ",high" or ",low" */
static int suffixed_value(struct slice v, bool low, unsigned long long ram,
			  unsigned long long *size)
{
	unsigned long pos = 0;

	if (!number(v, &pos, size) || pos != v.n)
		return INVALID;
	if (low && *size == 0)
		return 0;
	return main_size_ok(*size, ram) ? 0 : INVALID;
}

static void request(const char *cmd, unsigned long long ram,
		    struct ref_result *r)
{
	struct slice plain, high, low;

	find_params(cmd, &plain, &high, &low);
	if (plain.present) {
		r->ret = plain_value(plain, ram, r);
		if (!r->ret && high.present)
			r->warnings++;
	} else if (high.present) {
		r->ret = suffixed_value(high, false, ram, &r->size);
		r->high = true;
	} else if (low.present) {
		r->ret = INVALID;
	} else {
		r->ret = -ENOENT;
	}
	if (!r->ret && low.present && r->size) {
		r->low_given = true;
		r->ret = suffixed_value(low, true, ram, &r->low_size);
	}
}

static void legacy(enum ref_api api, const char *cmd, unsigned long long ram,
		   struct ref_result *r)
{
	struct slice plain, high, low, *v;

	find_params(cmd, &plain, &high, &low);
	v = api == REF_PLAIN ? &plain : api == REF_HIGH ? &high : &low;
	if (!v->present) {
		r->ret = -ENOENT;
		return;
	}
	if (api == REF_PLAIN) {
		r->ret = plain_value(*v, ram, r);
		if (!r->fixed_base)
			r->base = 0;
		r->fixed_base = false;
	} else {
		r->ret = suffixed_value(*v, api == REF_LOW, ram, &r->size);
	}
}

void ref_parse(enum ref_api api, const char *cmdline,
	       unsigned long long system_ram, struct ref_result *r)
{
	memset(r, 0, sizeof(*r));
	if (api == REF_REQUEST)
		request(cmdline, system_ram, r);
	else
		legacy(api, cmdline, system_ram, r);

	/* Rule 7 */
	if (r->ret == INVALID) {
		memset(r, 0, sizeof(*r));
		r->ret = INVALID;
		r->warnings = 1;
	} else if (r->ret == -ENOENT) {
		memset(r, 0, sizeof(*r));
		r->ret = -ENOENT;
	}
}
