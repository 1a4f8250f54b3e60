/* Doubles in replies exactly as Redis 7.0 prints them: snprintf with "%.17g" from the same C
 * library. Rust's own formatting gives other digits in places and, at 17 significant digits,
 * takes its slow exact path. */
#include <stdio.h>

int ferrokv_fmt_g17(double d, char *out, size_t len) {
    return snprintf(out, len, "%.17g", d);
}
