// Reading a file the user named without trusting its size: /dev/zero, a FIFO
// or /proc files report 0 (or nothing) to stat, so the bound is enforced on
// the bytes actually read.
#pragma once

#include <cstddef>
#include <string>

namespace concur {

struct BoundedRead {
  std::string content;
  std::string error;  // empty: read; else "<path>: <what went wrong>"
};

// The whole content of `path` (a regular file, a character device, a FIFO,
// /dev/stdin...), opened once, at most `limit` bytes: an error naming the
// path when it cannot be opened or read, or holds more (the read stops
// there: nothing larger is ever held in memory). The caller picks the
// exception. Throws Interrupted if a signal stops a blocked read.
BoundedRead read_at_most(const std::string& path, std::size_t limit);

}  // namespace concur
