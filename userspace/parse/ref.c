// SPDX-License-Identifier: GPL-2.0
/*
 * Reference implementation of the crashkernel= rules.  Deliberately simple
 * and written from the rules below, not from kernel/crash_parse.c: it
 * works on (pointer, length) slices and does its arithmetic in 128 bits
 * so overflow is plain to see.  The rules read values as 6.1's parser
 * read them wherever 6.1 gave a size (scripts/test-diff checks that
 * against 6.1's own code), and say so in one warning line.
 *
 * The rules
 *  1. As 6.1: every "crashkernel=" in the command line starts a parameter,
 *     wherever it is (also inside "xcrashkernel=" or "foo=crashkernel=",
 *     and overlapping ones); its value runs to the next space (' ' only)
 *     or the end.  A value ending in ",high" is of kind high, one ending
 *     in ",low" of kind low, any other of kind plain.  Of each kind the
 *     last one wins.  One that does not start a space-separated word is
 *     used with a note (rule 9).
 *  2. A number is memparse()'s syntax: "0x"/"0X" and at least one hex
 *     digit is hex, else a leading 0 is octal, else decimal; at least one
 *     digit; then at most one K/M/G/T/P/E suffix (either case) scaling by
 *     2^10 .. 2^60.  A value that does not fit in 64 bits, at any point,
 *     is invalid.  Where rule 3 says "or bare", a suffix letter alone is
 *     the number 0 (as memparse() reads it), with a note.
 *  3. A plain value must not be empty.  If it contains ':' it is a ranges
 *     list "start-[end]:size[,start-[end]:size...][@offset]".  Range start
 *     and size are numbers or bare, end a number above start.  The RAM
 *     size rounded up to a multiple of 128M (exactly, without wrapping)
 *     selects the first range with start <= total < end (no end: no upper
 *     limit).  Up to the end of the matching range the list must be well
 *     formed, and when the RAM size is known (nonzero) no size up to it
 *     (up to the end of the list when none matches) may reach the
 *     rounded RAM size: 6.1 refused the list then.  If everything after it is well formed too (more ranges,
 *     then an optional "@number", then the end), that is it.  Otherwise,
 *     as 6.1: what follows the matching range up to the first '@' is
 *     ignored (a note); after that '@' there must be a number or bare,
 *     the offset, and what follows it is ignored (a note).
 *     If no range matches, or the match says 0, the value gives 0 bytes:
 *     success, size 0, no offset, one info line.  Otherwise the size must
 *     be below the rounded RAM size when the RAM size is known (nonzero).
 *  4. Else it is "size[@offset]": a number, nonzero.  After '@' a number
 *     is the offset and what follows it is ignored (a note); no number
 *     after '@' (anything, or nothing, follows) is offset 0 (a note:
 *     placed automatically).  Without '@' nothing may follow the size.
 *     An offset of 0 means automatic placement (fixed_base false).
 *     Sizes are not checked against RAM; offset + size may wrap.
 *  5. A high or low value is exactly a number before its suffix.  A high
 *     size must be nonzero; a low size may be 0.
 *  6. parse_crashkernel_request(): plain wins over high (and a valid plain
 *     with a high present prints one warning that the high one is
 *     ignored); high alone sets "high"; low alone is invalid; none gives
 *     -ENOENT.  After a valid main request with a nonzero size, a low value
 *     is parsed too: valid, it sets low_given and low_size; invalid, it is
 *     reported (one warning) and left out, the request stands.
 *  7. An invalid main value: -EINVAL, everything zero, exactly one warning.
 *  8. parse_crashkernel(), _high() and _low() look at their own kind only
 *     (no precedence warning, low needs no main size), give -ENOENT when
 *     it is absent, and report the size and, for plain, the offset.
 *  9. A value that is used (a plain or high one with a nonzero size, a
 *     valid low one) and had notes gets exactly one warning line.
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
	bool inside;		/* does not start a space-separated word */
};

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
	unsigned long len = strlen(cmd), k = strlen(name), i;

	memset(plain, 0, sizeof(*plain));
	memset(high, 0, sizeof(*high));
	memset(low, 0, sizeof(*low));
	for (i = 0; i + k <= len; i++) {
		struct slice v;

		if (memcmp(cmd + i, name, k))
			continue;
		v.s = cmd + i + k;
		v.n = 0;
		while (v.s[v.n] && v.s[v.n] != ' ')
			v.n++;
		v.present = true;
		v.inside = i > 0 && cmd[i - 1] != ' ';
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

enum num { NUM_OK, NUM_NONE, NUM_TOO_BIG };

/* Rule 2: parse a number at v.s[*pos] */
static enum num number(struct slice v, unsigned long *pos,
		       unsigned long long *out)
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
			return NUM_TOO_BIG;
		i++;
	}
	if (i == first)
		return NUM_NONE;
	if (i < v.n && (shift = suffix_shift(v.s[i])) != 0) {
		val <<= shift;
		if (val > U64_MAX_128)
			return NUM_TOO_BIG;
		i++;
	}
	*pos = i;
	*out = (unsigned long long)val;
	return NUM_OK;
}

/* Rule 2: a number, or a bare suffix letter (0, noted in *bare) */
static enum num number_or_bare(struct slice v, unsigned long *pos,
			       unsigned long long *out, bool *bare)
{
	enum num r = number(v, pos, out);

	if (r == NUM_NONE && *pos < v.n && suffix_shift(v.s[*pos])) {
		(*pos)++;
		*out = 0;
		*bare = true;
		return NUM_OK;
	}
	return r;
}

static bool at(struct slice v, unsigned long pos, char c)
{
	return pos < v.n && v.s[pos] == c;
}

/* A parsed value: the result and whether it had notes (rule 9) */
struct parsed {
	int ret;
	bool notes;
};

/*
 * Rule 3: parse ranges from pos; *matched_end is where the matching
 * range ended (0 if none yet).  Returns false where the list stops being
 * well formed (bare numbers allowed only up to the match).
 */
static bool ranges_list(struct slice v, u128 total, unsigned long *pos,
			struct ref_result *r, unsigned long *matched_end,
			bool *bare, bool *too_big)
{
	for (;;) {
		unsigned long long start, end = 0, size;
		bool open = true, allow_bare = !*matched_end;

		if ((allow_bare ? number_or_bare(v, pos, &start, bare) :
				  number(v, pos, &start)) != NUM_OK ||
		    !at(v, *pos, '-'))
			return false;
		(*pos)++;
		if (!at(v, *pos, ':')) {
			if (number(v, pos, &end) != NUM_OK || end <= start)
				return false;
			open = false;
		}
		if (!at(v, *pos, ':'))
			return false;
		(*pos)++;
		if ((allow_bare ? number_or_bare(v, pos, &size, bare) :
				  number(v, pos, &size)) != NUM_OK)
			return false;
		if (!*matched_end && total && size >= total) {
			*too_big = true;
			return false;
		}
		if (!*matched_end && total >= start && (open || total < end)) {
			r->size = size;
			*matched_end = *pos;
		}
		if (!at(v, *pos, ','))
			return true;
		(*pos)++;
	}
}

static struct parsed ranges(struct slice v, unsigned long long ram,
			    struct ref_result *r)
{
	u128 total = ((u128)ram + (128u << 20) - 1) / (128u << 20) * (128u << 20);
	struct parsed p = { 0 };
	unsigned long pos = 0, matched_end = 0;
	bool bare = false, too_big = false, ok;

	ok = ranges_list(v, total, &pos, r, &matched_end, &bare, &too_big);
	if (too_big)
		goto invalid;
	if (ok && at(v, pos, '@')) {
		pos++;
		ok = number(v, &pos, &r->base) == NUM_OK;
	}
	ok = ok && pos == v.n;
	if (!ok && !matched_end)
		goto invalid;
	if (!ok) {
		/* 6.1's reading after the matching range */
		const char *atp = memchr(v.s + matched_end, '@', v.n - matched_end);
		unsigned long q;

		r->base = 0;
		if (atp) {
			q = atp - v.s + 1;
			if (number_or_bare(v, &q, &r->base, &bare) != NUM_OK)
				goto invalid;
			if (q < v.n)
				p.notes = true;
		}
		if ((atp ? (unsigned long)(atp - v.s) : v.n) > matched_end)
			p.notes = true;
	}
	if (bare)
		p.notes = true;
	r->fixed_base = r->base != 0;
	if (r->size == 0) {
		r->base = 0;
		r->fixed_base = false;
		r->infos++;
		p.notes = false;
		return p;
	}
	if (ram && r->size >= total)
		goto invalid;
	return p;
invalid:
	p.ret = INVALID;
	return p;
}

/* Rules 3 and 4: a plain value */
static struct parsed plain_value(struct slice v, unsigned long long ram,
				 struct ref_result *r)
{
	struct parsed p = { 0 };
	unsigned long pos = 0;
	enum num n;

	if (v.n == 0) {
		p.ret = INVALID;
		return p;
	}
	if (memchr(v.s, ':', v.n)) {
		p = ranges(v, ram, r);
	} else {
		if (number(v, &pos, &r->size) != NUM_OK) {
			p.ret = INVALID;
			return p;
		}
		if (at(v, pos, '@')) {
			pos++;
			n = number(v, &pos, &r->base);
			if (n == NUM_TOO_BIG) {
				p.ret = INVALID;
				return p;
			}
			if (n == NUM_NONE) {
				r->base = 0;
				p.notes = true;
			} else if (pos < v.n) {
				p.notes = true;
			}
			r->fixed_base = r->base != 0;
		} else if (pos != v.n) {
			p.ret = INVALID;
			return p;
		}
		if (!r->size)
			p.ret = INVALID;
	}
	if (!p.ret && v.inside && r->size)
		p.notes = true;
	return p;
}

/* Rule 5: the part before ",high" or ",low" */
static struct parsed suffixed_value(struct slice v, bool low,
				    unsigned long long *size)
{
	struct parsed p = { 0 };
	unsigned long pos = 0;

	if (number(v, &pos, size) != NUM_OK || pos != v.n || (!low && !*size)) {
		*size = 0;
		p.ret = INVALID;
		return p;
	}
	p.notes = v.inside;
	return p;
}

/* Rules 7 and 9: the lines a parsed value prints */
static void lines(struct parsed p, bool used, struct ref_result *r)
{
	if (p.ret)
		r->warnings++;
	else if (used && p.notes)
		r->warnings++;
}

static void request(const char *cmd, unsigned long long ram,
		    struct ref_result *r)
{
	struct slice plain, high, low;
	struct parsed p;

	find_params(cmd, &plain, &high, &low);
	if (plain.present) {
		p = plain_value(plain, ram, r);
		lines(p, r->size, r);
		r->ret = p.ret;
		if (!r->ret && high.present)
			r->warnings++;
	} else if (high.present) {
		p = suffixed_value(high, false, &r->size);
		lines(p, true, r);
		r->ret = p.ret;
		r->high = true;
	} else if (low.present) {
		r->ret = INVALID;
	} else {
		r->ret = -ENOENT;
	}
	if (!r->ret && low.present && r->size) {
		p = suffixed_value(low, true, &r->low_size);
		lines(p, true, r);
		r->low_given = !p.ret;
	}
}

static void legacy(enum ref_api api, const char *cmd, unsigned long long ram,
		   struct ref_result *r)
{
	struct slice plain, high, low, *v;
	struct parsed p;

	find_params(cmd, &plain, &high, &low);
	v = api == REF_PLAIN ? &plain : api == REF_HIGH ? &high : &low;
	if (!v->present) {
		r->ret = -ENOENT;
		return;
	}
	if (api == REF_PLAIN) {
		p = plain_value(*v, ram, r);
		lines(p, r->size, r);
		r->fixed_base = false;
	} else {
		p = suffixed_value(*v, api == REF_LOW, &r->size);
		lines(p, true, r);
	}
	r->ret = p.ret;
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
