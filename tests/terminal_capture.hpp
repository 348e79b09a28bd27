// For tests of what reaches a terminal: an environment variable set for a
// test's scope (TERM, NO_COLOR), and what a pseudo-terminal or a pipe received.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>

namespace concur::testing {

// Sets (or, with nullptr, unsets) `name` until the end of the scope, then
// puts back what was there: tests run with whatever TERM they inherit (the
// fresh-machine check gives TERM=dumb).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) saved_ = old;
    if (value) ::setenv(name, value, 1);
    else ::unsetenv(name);
  }
  ~ScopedEnv() {
    if (saved_) ::setenv(name_.c_str(), saved_->c_str(), 1);
    else ::unsetenv(name_.c_str());
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> saved_;
};

// Everything written so far to the other end of `fd` (a pseudo-terminal's
// master side, a pipe's read end), read without blocking.
inline std::string read_written(int fd) {
  ::fcntl(fd, F_SETFL, O_NONBLOCK);
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
  return text;
}

}  // namespace concur::testing
