//! `Multipart`: the frames of one message, in order.

use crate::message::Message;
use std::ops::{Deref, DerefMut};

/// The frames of one multipart message, in order.
///
/// Dereferences to `[Message]` (index, iterate, `len`, `first`, ...),
/// collects from any iterator of things that become a [`Message`], and
/// converts into `Vec<Message>` or `Vec<Vec<u8>>`.
///
/// ```
/// let parts: zmq::Multipart = ["routing", "", "body"].into_iter().collect();
/// assert_eq!(parts.len(), 3);
/// assert_eq!(parts[2], "body");
/// let bytes: Vec<Vec<u8>> = parts.into();
/// assert_eq!(bytes[0], b"routing");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Multipart(Vec<Message>);

impl Multipart {
    /// An empty multipart message.
    pub fn new() -> Multipart {
        Multipart(Vec::new())
    }

    /// An empty multipart message with room for `n` frames.
    pub fn with_capacity(n: usize) -> Multipart {
        Multipart(Vec::with_capacity(n))
    }

    /// Appends a frame.
    pub fn push(&mut self, frame: impl Into<Message>) {
        self.0.push(frame.into());
    }

    /// Inserts a frame at the front (an envelope, a routing id).
    pub fn push_front(&mut self, frame: impl Into<Message>) {
        self.0.insert(0, frame.into());
    }

    /// Removes and returns the last frame.
    pub fn pop(&mut self) -> Option<Message> {
        self.0.pop()
    }

    /// Removes and returns the first frame (e.g. a ROUTER's routing id).
    pub fn pop_front(&mut self) -> Option<Message> {
        if self.0.is_empty() {
            None
        } else {
            Some(self.0.remove(0))
        }
    }

    /// Inserts a frame at `index`; `false` (and nothing inserted) when
    /// `index > len`.
    pub fn insert(&mut self, index: usize, frame: impl Into<Message>) -> bool {
        if index > self.0.len() {
            return false;
        }
        self.0.insert(index, frame.into());
        true
    }

    /// Removes the frame at `index`, if there is one.
    pub fn remove(&mut self, index: usize) -> Option<Message> {
        (index < self.0.len()).then(|| self.0.remove(index))
    }

    /// The frames as a `Vec`.
    pub fn into_vec(self) -> Vec<Message> {
        self.0
    }

    /// Copies of the frames' bytes.
    pub fn to_vecs(&self) -> Vec<Vec<u8>> {
        self.0.iter().map(|m| m.to_vec()).collect()
    }
}

impl Deref for Multipart {
    type Target = [Message];
    fn deref(&self) -> &[Message] {
        &self.0
    }
}

impl DerefMut for Multipart {
    fn deref_mut(&mut self) -> &mut [Message] {
        &mut self.0
    }
}

impl<T: Into<Message>> FromIterator<T> for Multipart {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Multipart {
        Multipart(iter.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Message>> Extend<T> for Multipart {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.0.extend(iter.into_iter().map(Into::into))
    }
}

impl IntoIterator for Multipart {
    type Item = Message;
    type IntoIter = std::vec::IntoIter<Message>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Multipart {
    type Item = &'a Message;
    type IntoIter = std::slice::Iter<'a, Message>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl From<Vec<Message>> for Multipart {
    fn from(frames: Vec<Message>) -> Multipart {
        Multipart(frames)
    }
}

impl From<Message> for Multipart {
    fn from(frame: Message) -> Multipart {
        Multipart(vec![frame])
    }
}

impl From<Multipart> for Vec<Message> {
    fn from(m: Multipart) -> Vec<Message> {
        m.0
    }
}

impl From<Multipart> for Vec<Vec<u8>> {
    fn from(m: Multipart) -> Vec<Vec<u8>> {
        m.to_vecs()
    }
}

impl From<&Message> for Multipart {
    fn from(frame: &Message) -> Multipart {
        Multipart(vec![frame.clone()])
    }
}
