// What every model that forks needs: whole writes to a pipe (counted as the
// repetition's traffic), a readable wait status, and ChildSet, which reaps
// its children whatever happens.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/mechanism.hpp"

namespace concur {

inline bool write_all(int fd, const void* data, std::size_t size) {
  auto* bytes = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    mechanism::add_traffic(static_cast<std::uint64_t>(n));
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

inline std::string describe_status(int status) {
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    const char* abbrev = sigabbrev_np(sig);
    return fmt::format("killed by signal {} (SIG{}: {})", sig, abbrev ? abbrev : "?",
                       strsignal(sig));
  }
  if (WIFEXITED(status)) return fmt::format("exited with status {}", WEXITSTATUS(status));
  return fmt::format("ended with wait status {}", status);
}

// Owns the children of one run. The destructor kills and reaps whatever is
// still running, so an early return or exception cannot leave zombies.
class ChildSet {
 public:
  struct Child {
    pid_t pid;
    int fd;  // read end of its result pipe, -1 once at EOF
    std::vector<char> pending;  // bytes of a partially read record
    int status = 0;
    bool reaped = false;
  };

  ~ChildSet() {
    kill_all();
    reap_all();
  }

  std::vector<Child>& children() { return children_; }

  void kill_all() {
    for (auto& c : children_)
      if (!c.reaped) ::kill(c.pid, SIGKILL);
  }

  void reap_all() {
    for (auto& c : children_) {
      if (c.fd >= 0) ::close(c.fd), c.fd = -1;
      while (!c.reaped) {
        pid_t r = ::waitpid(c.pid, &c.status, 0);
        if (r == c.pid || (r < 0 && errno != EINTR)) c.reaped = true;
      }
    }
  }

 private:
  std::vector<Child> children_;
};

}  // namespace concur
