//! Compiles the small C helpers: Redis's long double arithmetic for INCRBYFLOAT and the timeouts
//! of blocking commands (csrc/longdouble.c), and "%.17g" for doubles in replies (csrc/fmtdouble.c).
fn main() {
    println!("cargo:rerun-if-changed=csrc/longdouble.c");
    println!("cargo:rerun-if-changed=csrc/fmtdouble.c");
    cc::Build::new()
        .file("csrc/longdouble.c")
        .file("csrc/fmtdouble.c")
        .opt_level(2)
        .compile("ferrokv_longdouble");
}
