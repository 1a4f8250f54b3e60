//! Compiles the small C helper for Redis's long double arithmetic: INCRBYFLOAT and the timeouts of
//! blocking commands (see csrc/longdouble.c).
fn main() {
    println!("cargo:rerun-if-changed=csrc/longdouble.c");
    cc::Build::new()
        .file("csrc/longdouble.c")
        .opt_level(2)
        .compile("ferrokv_longdouble");
}
