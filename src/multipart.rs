//! `Multipart`: the frames of one message, in order.

use crate::message::Message;
use std::ops::{Deref, DerefMut};

/// The frames of one multipart message, in order.
///
/// Dereferences to `[Message]` (index, iterate, `len`, `first`, ...),
/// collects from any iterator of things that become a [`Message`], and
/// converts into `Vec<Message>` or `Vec<Vec<u8>>`.
///
/// Envelopes are cheap: [`push_front`](Self::push_front) and
/// [`pop_front`](Self::pop_front) take constant (amortised) time, as in
/// cppzmq's `multipart_t`, so a ROUTER can strip and restore routing ids
/// without moving the frames behind them.
///
/// ```
/// let mut parts: zmq::Multipart = ["routing", "", "body"].into_iter().collect();
/// assert_eq!(parts.len(), 3);
/// assert_eq!(parts[2], "body");
/// let id = parts.pop_front().unwrap();
/// parts.push_front(id);
/// let bytes: Vec<Vec<u8>> = parts.into();
/// assert_eq!(bytes[0], b"routing");
/// ```
#[derive(Default)]
pub struct Multipart {
    /// `frames[..start]` are empty messages kept as room for `push_front`;
    /// the message itself is `frames[start..]`.
    frames: Vec<Message>,
    start: usize,
}

impl Multipart {
    /// An empty multipart message.
    pub fn new() -> Multipart {
        Multipart::default()
    }

    /// An empty multipart message with room for `n` frames.
    pub fn with_capacity(n: usize) -> Multipart {
        Multipart::from(Vec::with_capacity(n))
    }

    /// Appends a frame.
    pub fn push(&mut self, frame: impl Into<Message>) {
        self.frames.push(frame.into());
    }

    /// Inserts a frame at the front (an envelope, a routing id), in
    /// amortised constant time.
    pub fn push_front(&mut self, frame: impl Into<Message>) {
        if self.start == 0 {
            // Make room in front proportional to the length, so that a run
            // of push_front calls moves each frame O(1) times.
            let room = self.frames.len().max(4);
            self.frames
                .splice(0..0, std::iter::repeat_with(Message::new).take(room));
            self.start = room;
        }
        self.start -= 1;
        self.frames[self.start] = frame.into();
    }

    /// Removes and returns the last frame.
    pub fn pop(&mut self) -> Option<Message> {
        if self.is_empty() {
            return None;
        }
        let last = self.frames.pop();
        self.reset_if_empty();
        last
    }

    /// Removes and returns the first frame (e.g. a ROUTER's routing id), in
    /// constant time.
    pub fn pop_front(&mut self) -> Option<Message> {
        let first = std::mem::take(self.frames.get_mut(self.start)?);
        self.start += 1;
        self.reset_if_empty();
        Some(first)
    }

    /// Inserts a frame at `index`, shifting the frames after it back, as
    /// `Vec::insert` does; at the front in amortised constant time. Unlike
    /// `Vec::insert` it never panics: an `index` past the end appends (as
    /// [`push`](Self::push)), so a frame count read from the wire cannot
    /// crash a program.
    ///
    /// ```
    /// let mut parts: zmq::Multipart = ["a", "c"].into_iter().collect();
    /// parts.insert(1, "b");
    /// parts.insert(9, "d"); // past the end: appended
    /// assert_eq!(parts.to_vecs(), [b"a", b"b", b"c", b"d"]);
    /// ```
    pub fn insert(&mut self, index: usize, frame: impl Into<Message>) {
        if index == 0 {
            self.push_front(frame);
        } else {
            let at = self.start + index.min(self.len());
            self.frames.insert(at, frame.into());
        }
    }

    /// Removes the frame at `index`, if there is one.
    pub fn remove(&mut self, index: usize) -> Option<Message> {
        if index == 0 {
            return self.pop_front();
        }
        (index < self.len()).then(|| self.frames.remove(self.start + index))
    }

    /// Removes every frame, keeping the allocated room.
    pub fn clear(&mut self) {
        self.frames.clear();
        self.start = 0;
    }

    /// The frames as a `Vec`.
    pub fn into_vec(mut self) -> Vec<Message> {
        self.frames.drain(..self.start);
        self.frames
    }

    /// Copies of the frames' bytes.
    pub fn to_vecs(&self) -> Vec<Vec<u8>> {
        self.iter().map(|m| m.to_vec()).collect()
    }

    /// Once the last frame is gone, the room in front is given back to the
    /// end, where `push` and receiving reuse it.
    fn reset_if_empty(&mut self) {
        if self.start == self.frames.len() {
            self.clear();
        }
    }

    /// Refills the message in place: `recv` receives into each slot in turn
    /// (reusing the frames already here, so a steady receive loop allocates
    /// nothing) and says whether more frames follow. On an error the
    /// message is left empty.
    pub(crate) fn refill(
        &mut self,
        mut recv: impl FnMut(&mut Message) -> crate::Result<bool>,
    ) -> crate::Result<()> {
        // Slots in front of the message are reused too.
        self.start = 0;
        let mut n = 0;
        loop {
            if n == self.frames.len() {
                self.frames.push(Message::new());
            }
            let more = match recv(&mut self.frames[n]) {
                Ok(more) => more,
                Err(e) => {
                    self.clear();
                    return Err(e);
                }
            };
            n += 1;
            if !more {
                break;
            }
        }
        self.frames.truncate(n);
        Ok(())
    }
}

impl Clone for Multipart {
    fn clone(&self) -> Multipart {
        Multipart::from(self.to_vec())
    }
}

impl std::fmt::Debug for Multipart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Multipart").field(&&**self).finish()
    }
}

impl PartialEq for Multipart {
    fn eq(&self, other: &Multipart) -> bool {
        **self == **other
    }
}

impl Eq for Multipart {}

impl std::hash::Hash for Multipart {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state)
    }
}

impl Deref for Multipart {
    type Target = [Message];
    fn deref(&self) -> &[Message] {
        &self.frames[self.start..]
    }
}

impl DerefMut for Multipart {
    fn deref_mut(&mut self) -> &mut [Message] {
        &mut self.frames[self.start..]
    }
}

impl<T: Into<Message>> FromIterator<T> for Multipart {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Multipart {
        Multipart::from(iter.into_iter().map(Into::into).collect::<Vec<_>>())
    }
}

impl<T: Into<Message>> Extend<T> for Multipart {
    fn extend<I: IntoIterator<Item = T>>(&mut self, iter: I) {
        self.frames.extend(iter.into_iter().map(Into::into))
    }
}

impl IntoIterator for Multipart {
    type Item = Message;
    type IntoIter = std::vec::IntoIter<Message>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<'a> IntoIterator for &'a Multipart {
    type Item = &'a Message;
    type IntoIter = std::slice::Iter<'a, Message>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl From<Vec<Message>> for Multipart {
    fn from(frames: Vec<Message>) -> Multipart {
        Multipart { frames, start: 0 }
    }
}

impl From<Message> for Multipart {
    fn from(frame: Message) -> Multipart {
        Multipart::from(vec![frame])
    }
}

impl From<Multipart> for Vec<Message> {
    fn from(m: Multipart) -> Vec<Message> {
        m.into_vec()
    }
}

impl From<Multipart> for Vec<Vec<u8>> {
    fn from(m: Multipart) -> Vec<Vec<u8>> {
        m.to_vecs()
    }
}

impl From<&Message> for Multipart {
    fn from(frame: &Message) -> Multipart {
        Multipart::from(vec![frame.clone()])
    }
}

/// Frames of different types for one [`send_multipart`](crate::Socket::send_multipart)
/// call: each argument (`&str`, `&[u8]`, `String`, `Vec<u8>`, `Message`,
/// `&Message`, ... anything `Into<Message>`) becomes a [`Message`], and the
/// result is an array `[Message; N]`, with no allocation besides what each
/// conversion does (a `Vec<u8>` or a `Message` moves in without copying).
///
/// ```
/// # let ctx = zmq::Context::new();
/// # let (push, pull) = (ctx.socket::<zmq::Push>()?, ctx.socket::<zmq::Pull>()?);
/// # pull.bind("inproc://doc-frames")?;
/// # push.connect("inproc://doc-frames")?;
/// let identity = zmq::Message::from("client-1");
/// let reply: Vec<u8> = b"result".to_vec();
/// push.send_multipart(zmq::frames![&identity, "", reply])?;
/// let parts = pull.recv_multipart()?;
/// assert_eq!(parts[0], "client-1");
/// assert_eq!(parts[2], "result");
/// # Ok::<(), zmq::Error>(())
/// ```
#[macro_export]
macro_rules! frames {
    ($($frame:expr),* $(,)?) => {
        [$(::core::convert::Into::<$crate::Message>::into($frame)),*]
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(m: &Multipart) -> Vec<String> {
        m.iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect()
    }

    #[test]
    fn front_and_back_operations_match_a_deque() {
        let mut m = Multipart::new();
        let mut model = std::collections::VecDeque::new();
        for i in 0..50 {
            let t = i.to_string();
            match i % 5 {
                0 | 3 => {
                    m.push_front(t.as_str());
                    model.push_front(t);
                }
                1 => {
                    m.push(t.as_str());
                    model.push_back(t);
                }
                2 => assert_eq!(
                    m.pop_front().map(|f| f.to_vec()),
                    model.pop_front().map(String::into_bytes)
                ),
                _ => assert_eq!(
                    m.pop().map(|f| f.to_vec()),
                    model.pop_back().map(String::into_bytes)
                ),
            }
            assert_eq!(texts(&m), Vec::from(model.clone()));
        }
        m.insert(1, "x");
        model.insert(1, "x".to_string());
        // Past the end appends instead of panicking.
        m.insert(m.len() + 5, "y");
        model.push_back("y".to_string());
        assert_eq!(texts(&m), Vec::from(model.clone()));
        assert_eq!(
            m.remove(0).map(|f| f.to_vec()),
            model.pop_front().map(String::into_bytes)
        );
        assert_eq!(texts(&m), Vec::from(model.clone()));
        assert_eq!(m.clone(), m);
        let v: Vec<Message> = m.into();
        assert_eq!(v.len(), model.len());
    }

    #[test]
    fn push_front_moves_each_frame_a_bounded_number_of_times() {
        // Amortised O(1): the room made in front grows with the length, so
        // n push_fronts leave at most ~2n slots, not n^2 moves.
        let mut m = Multipart::new();
        for i in 0..1000 {
            m.push_front(vec![i as u8]);
        }
        assert_eq!(m.len(), 1000);
        assert!(m.frames.len() < 2 * 1000 + 8, "{} slots", m.frames.len());
        assert_eq!(m[0], [231u8]); // 999 as u8
        assert_eq!(m[999], [0u8]);
    }

    #[test]
    fn emptied_messages_give_their_room_back() {
        let mut m: Multipart = ["a", "b"].into_iter().collect();
        m.push_front("id");
        while m.pop_front().is_some() {}
        assert!(m.is_empty());
        assert_eq!((m.start, m.frames.len()), (0, 0));
        assert_eq!(m.pop(), None);
        assert_eq!(m.pop_front(), None);
    }

    #[test]
    fn refill_reuses_slots_and_clears_on_error() {
        let mut m: Multipart = ["old1", "old2", "old3"].into_iter().collect();
        m.push_front("front");
        let mut next = ["n1", "n2"].into_iter();
        m.refill(|msg| {
            *msg = Message::from(next.next().unwrap_or("?"));
            Ok(next.len() > 0)
        })
        .unwrap();
        assert_eq!(texts(&m), ["n1", "n2"]);
        let err = m.refill(|_| Err(crate::Error::Again));
        assert_eq!(err, Err(crate::Error::Again));
        assert!(m.is_empty());
    }
}
