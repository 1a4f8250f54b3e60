/* INCRBYFLOAT and HINCRBYFLOAT arithmetic exactly as Redis does it: parse with strtold, add in
 * C's long double (80-bit on x86-64), print with "%.17Lf" and trim trailing zeros. Rust has no
 * long double, and doing the sum in f64 gives different digits (0.1 + 0.2), so this one
 * operation is done in C. Blocking commands' timeouts are read with strtold too (at the end). */
#include <ctype.h>
#include <limits.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LONG_DOUBLE_CHARS (5 * 1024)

/* Redis's string2ld. Returns 1 and sets *dp when s is a valid long double. */
static int string2ld(const char *s, size_t slen, long double *dp) {
    char buf[MAX_LONG_DOUBLE_CHARS];
    long double value;
    char *eptr;

    if (slen == 0 || slen >= sizeof(buf)) return 0;
    memcpy(buf, s, slen);
    buf[slen] = '\0';

    errno = 0;
    value = strtold(buf, &eptr);
    if (isspace((unsigned char)buf[0]) || eptr[0] != '\0' || (size_t)(eptr - buf) != slen ||
        ((errno == ERANGE) && (value == HUGE_VALL || value == -HUGE_VALL || fpclassify(value) == FP_ZERO)) ||
        errno == EINVAL || isnan(value))
        return 0;
    *dp = value;
    return 1;
}

/* cur + incr, printed into out (Redis's ld2string in LD_STR_HUMAN mode).
 * Returns the length written, or -1: cur invalid, -2: incr invalid, -3: NaN or infinity,
 * -4: the result does not fit in outlen bytes. A NULL cur counts as 0. */
long ferrokv_ld_incr(const char *cur, size_t curlen, const char *incr, size_t incrlen, char *out, size_t outlen) {
    long double value = 0, by;
    if (cur != NULL && !string2ld(cur, curlen, &value)) return -1;
    if (!string2ld(incr, incrlen, &by)) return -2;
    value += by;
    if (isnan(value) || isinf(value)) return -3;

    int l = snprintf(out, outlen, "%.17Lf", value);
    if (l < 0 || (size_t)l + 1 > outlen) return -4;
    if (strchr(out, '.') != NULL) {
        char *p = out + l - 1;
        while (*p == '0') {
            p--;
            l--;
        }
        if (*p == '.') l--;
    }
    if (l == 2 && out[0] == '-' && out[1] == '0') {
        out[0] = '0';
        l = 1;
    }
    return l;
}

/* A blocking command's timeout in seconds as Redis's getTimeoutFromObjectOrReply reads it:
 * string2ld, then (long long) ceill(value * 1000). Returns 0 when s is not a valid long double.
 * Redis's cast of a value outside long long's range (inf, 1e30) gives LLONG_MIN on x86-64, so
 * such timeouts are "negative"; that result is made explicit here rather than left undefined. */
int ferrokv_ld_timeout_ms(const char *s, size_t slen, long long *ms) {
    long double value;
    if (!string2ld(s, slen, &value)) return 0;
    long double scaled = ceill(value * 1000.0L);
    if (scaled >= -9223372036854775808.0L && scaled < 9223372036854775808.0L)
        *ms = (long long)scaled;
    else
        *ms = LLONG_MIN;
    return 1;
}
