//! TEMPORARY placeholder until the real RDB codec lands (branch `rdb`).
use crate::db::Db;
use std::io::Write;

pub struct RdbError {
    pub offset: usize,
    pub msg: String,
}

impl std::fmt::Display for RdbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at offset {}", self.msg, self.offset)
    }
}

pub fn write(_dbs: &[Db], out: &mut impl Write) -> std::io::Result<()> {
    out.write_all(b"REDIS0010\xff\0\0\0\0\0\0\0\0")
}

pub fn load(bytes: &[u8], databases: usize, _now_ms: i64) -> Result<Vec<Db>, RdbError> {
    if !bytes.starts_with(b"REDIS") {
        return Err(RdbError {
            offset: 0,
            msg: "Wrong signature trying to load DB from file".into(),
        });
    }
    Ok((0..databases).map(|_| Db::default()).collect())
}
