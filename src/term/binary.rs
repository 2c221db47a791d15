//! Binaries that share their bytes: a slice (`binary_part/3`, the rest of a
//! `<<h, rest::binary>>` match) points into the same buffer, and appending
//! to a binary that nothing else holds grows its buffer in place, as the
//! BEAM's writable binaries do, so `acc <> piece` in a loop is not quadratic.

use std::ops::Deref;
use std::rc::Rc;

/// A binary: `len` bytes of `buf` starting at `start`.
#[derive(Clone)]
pub struct Bin {
    buf: Rc<Vec<u8>>,
    start: u32,
    len: u32,
}

/// The largest binary a program may build: 64 MiB (the BEAM allows far
/// more, but a browser tab does not, and a line doubling a string reaches
/// any limit in a few steps; the copies on the way cost three times it).
pub const MAX_BINARY: usize = 1 << 26;

impl Bin {
    /// A binary holding a copy of `bytes`.
    pub fn new(bytes: &[u8]) -> Bin {
        Bin::from_vec(bytes.to_vec())
    }

    /// A binary that takes over `bytes`.
    pub fn from_vec(bytes: Vec<u8>) -> Bin {
        let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
        Bin {
            buf: Rc::new(bytes),
            start: 0,
            len,
        }
    }

    /// True when both are the same bytes of the same buffer (not merely
    /// equal bytes): an identity check that reads neither.
    pub fn same(&self, other: &Bin) -> bool {
        Rc::ptr_eq(&self.buf, &other.buf) && self.start == other.start && self.len == other.len
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        let start = self.start as usize;
        self.buf
            .get(start..start + self.len as usize)
            .unwrap_or_default()
    }

    /// `binary_part(bin, start, len)` without copying; `None` when out of range.
    pub fn slice(&self, start: usize, len: usize) -> Option<Bin> {
        let end = start.checked_add(len)?;
        if end > self.len as usize {
            return None;
        }
        Some(Bin {
            buf: self.buf.clone(),
            start: self.start + start as u32,
            len: len as u32,
        })
    }

    /// `self <> more`: in place when this handle owns the buffer and ends it.
    pub fn append(mut self, more: &[u8]) -> Bin {
        let end = (self.start + self.len) as usize;
        if let Some(buf) = Rc::get_mut(&mut self.buf) {
            if buf.len() == end {
                buf.extend_from_slice(more);
                self.len = u32::try_from(buf.len() - self.start as usize).unwrap_or(u32::MAX);
                return self;
            }
        }
        let mut bytes = Vec::with_capacity((self.len as usize + more.len()) * 2);
        bytes.extend_from_slice(self.as_slice());
        bytes.extend_from_slice(more);
        Bin::from_vec(bytes)
    }
}

impl Deref for Bin {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.as_slice()
    }
}

impl std::fmt::Debug for Bin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bin({:?})", String::from_utf8_lossy(self.as_slice()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_share_and_appends_grow_in_place() {
        let a = Bin::new(b"hello");
        let part = a.slice(1, 3).unwrap();
        assert_eq!(&*part, b"ell");
        assert!(a.slice(3, 3).is_none());
        // `a` is shared with `part`: appending copies.
        let b = a.clone().append(b" world");
        assert_eq!(&*b, b"hello world");
        assert_eq!(&*a, b"hello");
        // `b` is alone: appending reuses its buffer.
        let ptr = b.buf.as_ptr();
        let c = b.append(b"!");
        assert_eq!(&*c, b"hello world!");
        assert_eq!(c.buf.as_ptr(), ptr);
    }

    #[test]
    fn appending_to_a_front_slice_copies() {
        let a = Bin::new(b"abcdef");
        let front = a.slice(0, 2).unwrap();
        drop(a);
        let grown = front.append(b"Z");
        assert_eq!(&*grown, b"abZ");
    }
}
