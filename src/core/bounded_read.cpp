#include "core/bounded_read.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "concur/errors.hpp"
#include "concur/interrupt.hpp"

namespace concur {

BoundedRead read_at_most(const std::string& path, std::size_t limit) {
  BoundedRead result;
  // A FIFO's open waits for a writer; Ctrl-C there is an interrupt, not an error.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR && !interrupt_requested()) fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == EINTR) throw Interrupted();
  if (fd < 0) {
    result.error = fmt::format("{}: cannot open: {}", path, std::strerror(errno));
    return result;
  }
  char buffer[64 * 1024];
  while (true) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR && !interrupt_requested()) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      if (err == EINTR) throw Interrupted();
      result.error = fmt::format("{}: read error: {}", path, std::strerror(err));
      return result;
    }
    if (n == 0) break;
    if (result.content.size() + static_cast<std::size_t>(n) > limit) {
      ::close(fd);
      result.content.clear();
      result.error = fmt::format("{}: more than {} bytes: too large for this input (is it the right "
                                 "file?)", path, limit);
      return result;
    }
    result.content.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return result;
}

}  // namespace concur
